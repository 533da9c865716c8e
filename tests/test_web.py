"""The web app through Starlette's TestClient: twins, errors, headers, the write endpoint."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from storyline import api
from storyline.config import Config
from storyline.web import create_app
from storyline.web.derive import fact_matrix, omissions, story_view, word_diff

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


@pytest.fixture(scope="module")
def client(demo_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store)) as c:
        yield c


def _ids(page: str) -> list[str]:
    return re.findall(r'<li class="story" data-id="([^"]+)"', page)


@pytest.mark.parametrize("params", [
    {}, {"q": "ferry"}, {"sort": "recent"}, {"page_size": "2", "page": "2"},
    {"outlet": "Corvane Wire"}, {"since": "2025-03-04", "until": "2025-03-05"},
])
def test_story_list_page_shows_what_its_json_twin_returns(client: TestClient,
                                                           params: dict[str, str]) -> None:
    twin = client.get("/api/stories", params=params).json()
    page = client.get("/stories", params=params).text
    assert _ids(page) == [s["id"] for s in twin["items"]]
    assert f'{twin["total"]} {"story" if twin["total"] == 1 else "stories"}' in page


def test_the_front_page_has_a_json_twin_too(client: TestClient) -> None:
    """Every page at PATH has its JSON at /api/PATH, the front page "/" included."""
    front = client.get("/api/")
    assert front.status_code == 200
    assert front.json() == client.get("/api/stories").json()


def test_story_list_filters_narrow_the_list(client: TestClient, demo_store: Path) -> None:
    every = api.list_stories(demo_store)
    corvane = client.get("/api/stories", params={"outlet": "corvane wire"}).json()["items"]
    assert {s["id"] for s in corvane} == {s["id"] for s in every if "Corvane Wire" in s["outlets"]}
    recent = client.get("/api/stories", params={"sort": "recent", "page_size": 200}).json()
    dates = [s["last_published"] or "" for s in recent["items"]]
    assert dates == sorted(dates, reverse=True)
    late = client.get("/api/stories", params={"since": "2025-03-05"}).json()["items"]
    assert all(s["last_published"] >= "2025-03-05" for s in late)
    assert len(late) < len(every)


def test_entity_search_finds_the_stories_naming_it(client: TestClient, demo_store: Path) -> None:
    entity = client.get("/api/entities", params={"q": "Ferrer"}).json()["items"][0]
    by_alias = client.get("/api/stories", params={"entity": entity["aliases"][0]}).json()
    page = client.get(f"/api/entities/{entity['id']}").json()
    assert [s["id"] for s in by_alias["items"]] == [s["id"] for s in page["stories"]]
    held = [a.story_id for a in api.accounts(demo_store)
            if any(e.id == entity["id"] for e in a.entities)]
    assert sorted(held) == sorted(s["id"] for s in page["stories"]) and held
    shown = client.get(f"/entities/{entity['id']}").text
    assert all(str(escape(alias)) in shown for alias in page["alias_articles"])


def test_story_page_shows_what_its_json_twin_returns(client: TestClient,
                                                     demo_store: Path) -> None:
    for row in api.list_stories(demo_store):
        twin = client.get(f"/api/stories/{row['id']}").json()
        page = client.get(f"/stories/{row['id']}").text
        for fact in twin["account"]["facts"]:
            assert str(escape(fact["text"])) in page
        for state in ("supported", "conflicting", "silent"):
            cells = [c for r in twin["matrix"]["rows"] for c in r["cells"] if c["state"] == state]
            assert page.count(f'class="cell {state}"') == len(cells)
        sentences = [(a["id"], s["index"], s["status"]) for a in twin["sources"]
                     for s in a["sentences"]]
        shown = re.findall(r'<span class="sentence ?([a-z-]*)" id="s-([0-9a-f]+)-(\d+)">', page)
        assert sorted((a, int(i), st) for st, a, i in shown) == sorted(sentences)
        targets = set(re.findall(r'class="cite" href="#([^"]+)"', page))
        assert targets <= {f"s-{a}-{i}" for a, i, _ in sentences}


def test_story_page_marks_the_planted_conflict(client: TestClient, demo_store: Path) -> None:
    ferry = next(s for s in api.list_stories(demo_store)
                 if "ferry-saltmarsh-gazette" in s["articles"])
    twin = client.get(f"/api/stories/{ferry['id']}").json()
    states = {c["outlet"]: c["state"] for r in twin["matrix"]["rows"]
              for c in r["cells"] if c["state"] == "conflicting"}
    assert states.get("The Saltmarsh Gazette") == "conflicting"
    assert any(s["status"] == "conflict" for a in twin["sources"] for s in a["sentences"])


@pytest.mark.parametrize("url", ["/api/stories/nope", "/api/stories/s000000000000",
                                 "/api/entities/person:nobody-at-all"])
def test_unknown_ids_get_404_with_a_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "no " in response.json()["detail"] and "lists them" in response.json()["detail"]
    page = client.get(url.removeprefix("/api"))
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "lists them" in page.text


@pytest.mark.parametrize("params", [
    {"page_size": "201"}, {"page_size": "0"}, {"page": "0"}, {"page": "x"},
    {"since": "2025-13-01"}, {"since": "03/04/2025"}, {"until": "1741046400"},
    {"since": "2025-03-04T10:00:00"}, {"sort": "best"}, {"q": "x" * 201},
])
def test_bad_parameters_get_422_with_the_parameter_named(client: TestClient,
                                                         params: dict[str, str]) -> None:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]
    page = client.get("/stories", params=params)
    assert page.status_code == 422 and next(iter(params)) in page.text


@pytest.mark.parametrize("url", ["/", "/stories", "/api/stories", "/entities", "/rejects",
                                 "/static/style.css", "/openapi.json", "/stories/nope"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_served_pages_hold_no_inline_script_or_style(client: TestClient,
                                                      demo_store: Path) -> None:
    story_id = api.list_stories(demo_store)[0]["id"]
    for url in ["/", f"/stories/{story_id}", "/entities", "/rejects"]:
        page = client.get(url).text
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']
        assert "<style" not in page and " style=" not in page and " on" not in \
            re.sub(r">[^<]*<", "><", page)


def test_openapi_describes_every_json_route_and_no_html_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {"/api/stories", "/api/stories/{story_id}", "/api/entities",
                     "/api/entities/{entity_id}", "/api/rejects"}


def test_write_endpoint_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"title": "t", "text": "x"})
    assert response.status_code in (404, 405)


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("writable") / "w.db"
    api.build([HOSTILE], store, Config())
    with TestClient(create_app(store, write_token="s3cret-token")) as c:
        yield c


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Basic czNjcmV0LXRva2Vu"}])
def test_write_endpoint_refuses_a_missing_or_wrong_token(writable: TestClient,
                                                         headers: dict[str, str]) -> None:
    before = writable.get("/api/stories").json()["total"]
    response = writable.post("/api/articles", headers=headers,
                             json={"title": "A title", "text": "Some text."})
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]
    assert writable.get("/api/stories").json()["total"] == before


def test_write_endpoint_builds_an_article_into_the_store(writable: TestClient) -> None:
    before = writable.get("/api/stories").json()["total"]
    text = ("The Glenmoor rail tunnel reopened on Wednesday after eleven weeks of repairs to "
            "its drainage, the regional transport authority said. Trains will run every "
            "twenty minutes until the timetable returns to normal in June.")
    response = writable.post("/api/articles", headers={"Authorization": "Bearer s3cret-token"},
                             json={"id": "glenmoor-tunnel", "title": "Glenmoor tunnel reopens",
                                   "text": text, "source": "Fell Times",
                                   "published": "2025-05-07T09:00:00+00:00"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["article_ids"]) == 1 and len(body["story_ids"]) == 1
    assert writable.get("/api/stories").json()["total"] == before + 1
    story = writable.get(f"/api/stories/{body['story_ids'][0]}").json()
    assert story["account"]["articles"][0]["source"] == "Fell Times"


def test_write_endpoint_takes_date_as_the_file_inputs_do(writable: TestClient) -> None:
    text = ("The Harwick ferry pier reopened on Tuesday after storm repairs, the harbour "
            "board said. Sailings to the islands resume on the summer timetable.")
    response = writable.post("/api/articles", headers={"Authorization": "Bearer s3cret-token"},
                             json={"id": "harwick-pier", "title": "Harwick pier reopens",
                                   "text": text, "date": "2025-05-06T09:00:00+00:00"})
    assert response.status_code == 201, response.text
    story = writable.get(f"/api/stories/{response.json()['story_ids'][0]}").json()
    assert story["account"]["articles"][0]["published"] == "2025-05-06T09:00:00+00:00"


def test_write_endpoint_never_lets_an_id_choose_a_file_path(
        writable: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The id is the client's text: "../.." in it once wrote the upload outside the
    temporary folder; it now only travels inside the JSON. Control characters are refused."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))  # a regression writes in tmp_path
    headers = {"Authorization": "Bearer s3cret-token"}
    article = {"title": "Harbour bridge closes",
               "text": "The Corvara harbour bridge closed on Monday."}
    response = writable.post("/api/articles", headers=headers,
                             json={"id": "../../storyline-outside", **article})
    assert response.status_code == 201, response.text
    assert len(response.json()["article_ids"]) == 1
    assert not (tmp_path / "storyline-outside.json").exists()
    response = writable.post("/api/articles", headers=headers, json={"id": "nul\u0000", **article})
    assert response.status_code == 422


def test_write_endpoint_rejects_unknown_fields(writable: TestClient) -> None:
    response = writable.post("/api/articles", headers={"Authorization": "Bearer s3cret-token"},
                             json={"title": "t", "text": "x", "admin": True})
    assert response.status_code == 422


def test_app_refuses_a_missing_store(tmp_path: Path) -> None:
    from storyline.errors import NotFound

    with pytest.raises(NotFound, match="storyline build"):
        create_app(tmp_path / "none.db")


def test_app_reads_the_store_without_writing_to_it(demo_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(demo_store) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    copy.chmod(0o444)
    shutil.copystat(copy, copy)
    with TestClient(create_app(copy)) as c:
        assert c.get("/api/stories").status_code == 200


# -- derived views, on hand-made accounts

def _cite(article: str, index: int) -> dict:
    return {"article_id": article, "sentence_index": index, "char_span": [0, 1], "text": "x"}


ACCOUNT = {
    "outlets": ["A", "B", "C", "D"],
    "articles": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
    "facts": [
        {"id": "f1", "text": "Twelve hurt.", "status": "agreed", "sources": ["A", "B"],
         "citations": [_cite("a", 0), _cite("b", 0)]},
        {"id": "f2", "text": "Ferry late.", "status": "agreed", "sources": ["A", "B", "C"],
         "citations": [_cite("a", 1), _cite("b", 1), _cite("c", 1)]},
    ],
    "conflicts": [{"slot": "number", "fact_id": "f1", "description": "",
                   "sides": [{"value": "12", "sources": ["A", "B"],
                              "citations": [_cite("a", 0), _cite("b", 0)]},
                             {"value": "14", "sources": ["C"], "citations": [_cite("c", 0)]}]}],
    "quote_groups": [{"speaker": "X", "variants": [{"text": "we will find out what went wrong"},
                                                   {"text": "we will find out what happened"}]}],
}


def test_matrix_marks_supported_conflicting_and_silent() -> None:
    rows = {r["fact_id"]: {c["outlet"]: c["state"] for c in r["cells"]}
            for r in fact_matrix(ACCOUNT)["rows"]}
    assert rows["f1"] == {"A": "supported", "B": "supported", "C": "conflicting", "D": "silent"}
    assert rows["f2"] == {"A": "supported", "B": "supported", "C": "supported", "D": "silent"}


def test_omissions_are_facts_most_others_report() -> None:
    assert omissions(ACCOUNT) == {"A": [], "B": [], "C": [], "D": ["f1", "f2"]}


def test_account_framing_is_used_when_present() -> None:
    given = [{"outlet": "A", "names": [], "distinctive": ["blaze"], "omissions": ["f9"]}]
    view = story_view({**ACCOUNT, "framing": given}, {})
    assert view["framing"][0]["omissions"] == ["f9"] and "framing (omissions only)" \
        not in view["derived"]


def test_word_diff_marks_changed_words_against_the_first_variant() -> None:
    assert word_diff("we will find out what went wrong", "we will find out what happened") == [
        ["equal", "we will find out what"], ["replace", "went wrong -> happened"]]
    view = story_view(ACCOUNT, {})
    variants = view["account"]["quote_groups"][0]["variants"]
    assert variants[0]["diff"] == []
    assert variants[1]["diff"][-1] == ["replace", "went wrong -> happened"]


def test_html_export_uses_the_served_story_body(demo_store: Path, tmp_path: Path,
                                                client: TestClient) -> None:
    api.export(demo_store, "html", tmp_path)
    story_id = api.list_stories(demo_store)[0]["id"]
    exported = (tmp_path / f"{story_id}.html").read_text()
    served = client.get(f"/stories/{story_id}").text
    body = re.compile(r'<h2 id="matrix">.*?<h2 id="sources">', re.S)
    exported_part = body.search(exported)
    served_part = body.search(served)
    assert exported_part and served_part
    # The same macro renders both; only entity links differ (the export has no entity pages).
    assert re.sub(r"<a href=\"/entities/[^\"]+\">([^<]*)</a>", r"\1", served_part.group()) == \
        exported_part.group()


def test_reference_pair_page_shows_places_paraphrases_and_the_qualifier_conflict(
        pompeo_store: Path) -> None:
    (story,) = api.list_stories(pompeo_store)
    with TestClient(create_app(pompeo_store)) as c:
        page = c.get(f"/stories/{story['id']}").text
        twin = c.get(f"/api/stories/{story['id']}").json()
    places = page[page.index('id="places"'):page.index('id="entities"')]
    assert "Vietnam" in places and "Hanoi" in places
    assert "Reported without quotes by" in page
    assert "within a year" in page and "the majority of" in page
    assert any(p["paraphrases"] for p in twin["account"]["quote_groups"])
    framing = {f["outlet"]: f for f in twin["framing"]}
    names = [n for f in framing.values() for n in f["names"] if n["entity"] == "North Korea"]
    assert any("DPRK" in n["used"] for n in names)


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get = client.get("/stories")
    head = client.head("/stories")
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-security-policy"]
    assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/api/stories/nope").status_code == 404
