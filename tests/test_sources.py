"""Every kind of input a newsroom has: HTML pages, feeds, WARC archives, CSV, URLs."""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import api
from storyline.cli import cli
from storyline.config import Config
from storyline.model import Article, Rejection
from storyline.stages.clean import clean
from storyline.stages.ingest import IngestOptions, Skip, ingest

DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"
FEEDS = DATA / "feeds"
OFFLINE = Config().replace(fetch=False)


def _articles(paths: list[Path | str], config: Config = OFFLINE,
              options: IngestOptions | None = None) -> dict[str, Article]:
    out = {}
    for item in ingest(paths, config, options):
        assert isinstance(item.result, Article), item.result
        out[item.result.title] = clean(item.result)
    return out


# -- HTML pages ------------------------------------------------------------------------------

def test_html_page_metadata_comes_from_declarations_with_their_field() -> None:
    pages = _articles([PAGES])
    og = pages["Crane collapses at Port Elling container terminal"]
    assert og.source == "The Elling Observer"
    assert og.url == "https://observer.example/news/2025/03/crane-collapse"
    assert og.byline == "Priya Lindqvist"
    assert og.published == "2025-03-11T08:15:00+00:00"
    assert og.published_method == "metadata"
    assert 'article:published_time' in og.published_evidence
    assert og.updated == "2025-03-11T17:40:00+00:00"
    assert og.language == "en"
    assert _articles([PAGES / "bridge-undated.html"])["Riverton bridge reopens after repairs"
                                                       ].language == ""  # undeclared
    ld = pages["Storm topples giant crane in Port Elling"]
    assert (ld.source, ld.byline) == ("Coastline Daily", "Tomas Reyes")
    assert ld.published == "2025-03-11T10:02:00-05:00"
    assert ld.published_evidence == "HTML metadata JSON-LD datePublished"
    assert ld.updated == "2025-03-12T07:30:00-05:00"


def test_html_keeps_paragraphs_and_drops_page_furniture() -> None:
    og = _articles([PAGES / "crane-opengraph.html"])[
        "Crane collapses at Port Elling container terminal"]
    paragraphs = og.text.split("\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("A ship-to-shore crane collapsed")
    for debris in ("cookies", "Accept all", "Share on", "Related stories", "Port Elling "
                   "expansion plan", "All rights reserved", "Weather", "Privacy"):
        assert debris not in og.text, debris
    ld = _articles([PAGES / "crane-jsonld.html"])["Storm topples giant crane in Port Elling"]
    assert "newsletter" not in ld.text and "Subscribe" not in ld.text


def test_undated_page_gets_its_date_from_the_dateline(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    api.build([PAGES / "bridge-undated.html"], store, OFFLINE)
    (account,) = api.accounts(store)
    (article,) = account.articles
    assert article.source == "Corvane Wire"
    assert article.published == "2025-04-14"
    assert article.published_method == "inferred"
    assert "dateline" in article.published_evidence


# -- feeds -----------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A copy of tests/data/pages that a test may add files to."""
    folder = tmp_path / "site"
    shutil.copytree(PAGES, folder)
    return folder


@pytest.fixture()
def page_server(site: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve a copy of tests/data/pages on a free localhost port; yield (base URL, paths)."""
    seen: list[str] = []

    class Handler(_Quiet):
        def do_GET(self) -> None:
            seen.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _feed(tmp_path: Path, name: str, base: str) -> Path:
    path = tmp_path / name
    path.write_text((FEEDS / name).read_text(encoding="utf-8").replace("{BASE}", base),
                    encoding="utf-8")
    return path


def test_rss_entries_become_articles_and_teasers_stay_teasers_offline(tmp_path: Path) -> None:
    feed = _feed(tmp_path, "elling-observer.rss", "https://observer.example")
    items = list(ingest([feed], OFFLINE))
    assert [i.key.rsplit("#", 1)[1] for i in items] == [
        "observer-ferry-2031", "observer-crane-2040", "observer-festival-2044"]
    ferry, crane, festival = (i.result for i in items)
    assert isinstance(ferry, Article) and isinstance(crane, Article)
    assert isinstance(festival, Article)
    assert ferry.source == "The Elling Observer - News"
    assert ferry.byline == "Ola Brekke"
    assert ferry.published == "2025-03-10T16:20:00+00:00"
    assert ferry.published_evidence == "feed entry <published>"
    assert ferry.text.count("\n") == 2 and "1,400 signatures" in ferry.text
    assert crane.text.endswith("\u2026")
    assert "fetching is off" in crane.extra["teaser_only"]
    # A headline with no body is an article (a headline feed), not a rejection.
    assert festival.title == "Harbour festival moved to June" and festival.text == ""


def test_a_teaser_kept_says_so_in_the_account_and_the_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An entry kept as its teaser is marked in its account's sources (JSON and Markdown)
    with why its page was not read, and the build logs it."""
    from storyline.config import Config

    feed = _feed(tmp_path, "elling-observer.rss", "https://observer.example")
    with caplog.at_level("WARNING"):
        api.build([feed], tmp_path / "s.db", Config().replace(fetch=False))
    assert any("observer-crane-2040" in r.getMessage() and "teaser" in r.getMessage()
               for r in caplog.records)
    (crane,) = [a for acc in api.accounts(tmp_path / "s.db") for a in acc.articles
                if a.ref == "observer-crane-2040"]
    assert "fetching is off" in crane.teaser_only
    index = api.export(tmp_path / "s.db", "markdown", tmp_path / "md")
    texts = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "md").glob("s*.md"))
    assert index.exists() and "the feed's teaser only, its page not read: fetching is off" in texts


def test_feed_teasers_are_fetched_from_their_pages(
        tmp_path: Path, page_server: tuple[str, list[str]]) -> None:
    base, seen = page_server
    config = Config().replace(allow_private=True, fetch_delay=0.0)
    rss = _feed(tmp_path, "elling-observer.rss", base)
    atom = _feed(tmp_path, "coastline.atom", base)
    store = tmp_path / "s.db"
    report = api.build([rss, atom], store, config)
    assert report.articles == 5, report.line()
    docs = {a.title: a for acc in api.accounts(store) for a in acc.articles}
    crane = docs["Crane collapses at Port Elling container terminal"]
    assert crane.sentence_count >= 6  # the whole page, not the one-line teaser
    assert crane.published == "2025-03-11T08:15:00+00:00"
    assert crane.source == "The Elling Observer - News"
    storm = docs["Storm topples giant crane in Port Elling"]
    assert storm.sentence_count >= 5
    assert storm.published_evidence == "feed entry <published>"
    assert storm.updated == "2025-03-12T07:30:00-05:00"
    assert sorted(p for p in seen if p != "/robots.txt") == [
        "/crane-jsonld.html", "/crane-opengraph.html"]
    # The two crane reports are one story.
    crane_story = [acc for acc in api.accounts(store) if len(acc.articles) == 2]
    assert len(crane_story) == 1


def test_feed_url_is_read_anew_each_run(tmp_path: Path, site: Path,
                                       page_server: tuple[str, list[str]]) -> None:
    base, seen = page_server
    config = Config().replace(allow_private=True, fetch_delay=0.0)
    feed = site / "feed.atom"
    entries = (FEEDS / "coastline.atom").read_text(encoding="utf-8").replace("{BASE}", base)
    head, first, second = entries.split("<entry>")
    feed.write_text(head + "<entry>" + second, encoding="utf-8")
    store = tmp_path / "s.db"
    one = api.build([f"{base}/feed.atom"], store, config)
    assert one.articles == 1, one.line()
    feed.write_text(entries, encoding="utf-8")  # the teaser entry is published later
    two = api.build([f"{base}/feed.atom"], store, config)
    assert (two.articles, two.unchanged) == (1, 1), two.line()
    assert seen.count("/feed.atom") == 2 and seen.count("/crane-jsonld.html") == 1


def test_malformed_feed_is_rejected_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text("<?xml version='1.0'?><rss><channel><title>x</title><item><title>A",
                   encoding="utf-8")
    (item,) = list(ingest([bad], OFFLINE))
    assert isinstance(item.result, Rejection)
    assert item.result.reason in ("bad-feed", "empty")
    assert item.key.startswith(str(bad.resolve()))
    assert "not well-formed" in item.result.detail


# -- WARC ------------------------------------------------------------------------------------

def _page(title: str, body: str, lang: str | None = "en") -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<!DOCTYPE html><html{lang_attr}><head><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


FLOOD = ("Heavy rain flooded the lower town of Brennholm on Sunday, forcing about 300 "
         "residents from their homes.\nThe river rose two metres in six hours, the "
         "regional water agency said, and several roads were closed.\nVolunteers filled "
         "sandbags through the night outside the town hall.")
SCHOOL = ("The new school in Vantaby opened its doors on Monday to 420 pupils, a year later "
          "than planned.\nConstruction was delayed by a shortage of steel, the council said, "
          "and the final cost rose to 31 million.\nParents said they were relieved that the "
          "temporary classrooms could finally be removed.")
GERMAN = ("Der Stadtrat von Brennholm hat am Sonntag wegen des Hochwassers den Notstand "
          "ausgerufen.\nRund 300 Menschen mussten ihre Wohnungen verlassen.\nDie Feuerwehr "
          "war die ganze Nacht im Einsatz.")


def _warc(path: Path) -> dict[str, str]:
    """Write a small WARC like a CC-NEWS file; return the record ids of its pages by name."""
    ids: dict[str, str] = {}
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "t"}))

        def response(name: str, uri: str, body: bytes, when: str, status: str = "200 OK",
                     ctype: str = "text/html; charset=utf-8",
                     extra: list[tuple[str, str]] | None = None) -> None:
            http_headers = StatusAndHeaders(status, [("Content-Type", ctype)] + (extra or []),
                                            protocol="HTTP/1.1")
            get = b"GET / HTTP/1.1\r\n\r\n"
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(get),
                                                length=len(get))
            writer.write_record(request)
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http_headers, warc_headers_dict={"WARC-Date": when})
            writer.write_record(record)
            ids[name] = record.rec_headers.get_header("WARC-Record-ID")

        response("flood", "https://www.brennholm-news.example/flood", _page("Floods in Brennholm",
                 FLOOD), "2025-05-04T10:00:00Z")
        response("school", "https://vantaby.example/school", _page("Vantaby school opens",
                 SCHOOL, lang=None), "2025-05-12T09:00:00Z")
        response("german", "https://zeitung.example/hochwasser", _page(
            "Hochwasser in Brennholm", GERMAN, lang="de"), "2025-05-04T11:00:00Z")
        response("image", "https://vantaby.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 "2025-05-12T09:00:01Z", ctype="image/png")
        response("missing", "https://vantaby.example/gone", _page("Not found", "Gone."),
                 "2025-05-12T09:00:02Z", status="404 Not Found")
        response("empty", "https://vantaby.example/blank", b"<html><body></body></html>",
                 "2025-05-12T09:00:03Z")
    return ids


def test_warc_keeps_html_responses_and_names_each_record(tmp_path: Path) -> None:
    warc = tmp_path / "cc-news-sample.warc.gz"
    ids = _warc(warc)
    items = list(ingest([warc], OFFLINE))
    articles = {i.result.title: i for i in items if isinstance(i.result, Article)}
    assert set(articles) == {"Floods in Brennholm", "Vantaby school opens",
                             "Hochwasser in Brennholm"}
    flood = articles["Floods in Brennholm"]
    assert flood.key == f"{warc.resolve()}#{ids['flood']}"
    assert isinstance(flood.result, Article)
    assert flood.result.origin == flood.key
    assert flood.result.url == "https://www.brennholm-news.example/flood"
    assert flood.result.extra["warc_date"] == "2025-05-04T10:00:00Z"
    assert flood.result.source == "brennholm-news.example"
    rejected = [i for i in items if isinstance(i.result, Rejection)]
    assert [(i.key.endswith(ids["empty"]), i.result.reason) for i in rejected] == [
        (True, "not-article")]
    skips = sorted(i.result.reason for i in items if isinstance(i.result, Skip))
    assert skips == ["WARC request record"] * 6 + ["WARC response that is no HTML page"] * 2 + \
        ["WARC warcinfo record"]


@pytest.mark.parametrize(("options", "kept"), [
    (IngestOptions(domains=("brennholm-news.example",)), {"Floods in Brennholm"}),
    (IngestOptions(languages=("en",)), {"Floods in Brennholm", "Vantaby school opens"}),
    (IngestOptions(languages=("de",)), {"Hochwasser in Brennholm", "Vantaby school opens"}),
    (IngestOptions(since=__import__("datetime").date(2025, 5, 10)), {"Vantaby school opens"}),
    (IngestOptions(until=__import__("datetime").date(2025, 5, 4)),
     {"Floods in Brennholm", "Hochwasser in Brennholm"}),
])
def test_warc_filters_apply_before_extraction(tmp_path: Path, options: IngestOptions,
                                              kept: set[str], monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    warc = tmp_path / "f.warc.gz"
    _warc(warc)
    from storyline.stages import _html

    extracted: list[str] = []
    real = _html.extract

    def spy(data: bytes, key: str, ref: str, **kw: str) -> Article | Rejection:
        extracted.append(ref)
        return real(data, key, ref, **kw)

    monkeypatch.setattr(_html, "extract", spy)
    titles = {i.result.title for i in ingest([warc], OFFLINE, options)
              if isinstance(i.result, Article)}
    assert titles == kept
    # Filtered records never reach trafilatura (the blank page is in range for some filters).
    assert len(extracted) <= len(kept) + 1


def test_truncated_warc_keeps_what_came_before_and_says_where_it_broke(tmp_path: Path) -> None:
    warc = tmp_path / "cut.warc"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for i, text in enumerate((FLOOD, SCHOOL)):
            page = _page(f"T{i}", text)
            writer.write_record(writer.create_warc_record(
                f"https://x.example/{i}", "response", payload=io.BytesIO(page), length=len(page),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                              protocol="HTTP/1.1")))
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 200] + b"garbage\r\n")
    items = list(ingest([warc], OFFLINE))
    assert isinstance(items[0].result, Article)
    assert items[0].result.title == "T0"
    reasons = [i.result.reason for i in items[1:] if isinstance(i.result, Rejection)]
    assert reasons and reasons[0] == "bad-warc-record"
    assert "truncated" in items[1].result.detail  # type: ignore[union-attr]
    assert not any(isinstance(i.result, Article) for i in items[1:])


def _response_bytes(uri: str, page: bytes, gzip: bool = False) -> bytes:
    """One WARC response record as a file holds it (a gzip member when ``gzip``)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warc_record(
        uri, "response", payload=io.BytesIO(page), length=len(page),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                      protocol="HTTP/1.1")))
    return out.getvalue()


def _cut_member(record: bytes, upto: int) -> bytes:
    """A gzip member holding the first ``upto`` bytes of ``record`` and never ending: a
    ``.warc.gz`` download cut inside its last record."""
    compressor = zlib.compressobj(wbits=31)
    return compressor.compress(record[:upto]) + compressor.flush(zlib.Z_SYNC_FLUSH)


@pytest.mark.parametrize(("gzip", "before"), [
    (False, b"WARC-Target-URI"),  # warcio fails on a header without its target
    (True, b"WARC-Target-URI"),
    (True, b"Content-Length"),  # warcio takes it for the end of the file
])
def test_a_warc_cut_inside_a_record_header_keeps_the_records_before_and_names_where(
        tmp_path: Path, gzip: bool, before: bytes) -> None:
    first = _response_bytes("https://x.example/flood", _page("Floods in Brennholm", FLOOD), gzip)
    second = _response_bytes("https://x.example/school", _page("Vantaby school opens", SCHOOL))
    cut = second.index(before) + 3
    warc = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    warc.write_bytes(first + (_cut_member(second, cut) if gzip else second[:cut]))
    items = [i for i in ingest([warc], OFFLINE) if not isinstance(i.result, Skip)]
    assert [type(i.result) for i in items] == [Article, Rejection]
    assert isinstance(items[0].result, Article)
    assert items[0].result.title == "Floods in Brennholm"
    rejection = items[1].result
    assert isinstance(rejection, Rejection) and rejection.reason == "bad-warc-record"
    assert items[1].key == rejection.input == f"{warc.resolve()}#offset-{len(first)}"
    assert rejection.detail.startswith(f"{warc.name}: ")
    assert f"byte offset {len(first):,}" in rejection.detail
    assert "cut off" in rejection.detail


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # warcio's buffer
def test_an_archive_ending_in_empty_gzip_members_or_blank_lines_is_whole(
        tmp_path: Path) -> None:
    """`cat a.warc.gz empty.gz` leaves a gzip member of nothing after the last record; a
    plain WARC may end in blank lines. Neither is a cut archive."""
    import gzip as gz

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    written = io.BytesIO()
    writer = WARCWriter(written, gzip=True)
    for n, (title, body) in enumerate((("Floods in Brennholm", FLOOD),
                                       ("Vantaby school opens", SCHOOL))):
        writer.write_record(writer.create_warc_record(
            f"https://x.example/{n}", "response", payload=io.BytesIO(_page(title, body)),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))
    first = written.getvalue()
    for name, data in (("cat.warc.gz", first + gz.compress(b"")),
                       ("plain.warc", _response_bytes("https://x.example/flood",
                                                      _page("Floods in Brennholm", FLOOD))
                        + b"\r\n\r\n\r\n")):
        warc = tmp_path / name
        warc.write_bytes(data)
        items = [i for i in ingest([warc], OFFLINE) if not isinstance(i.result, Skip)]
        assert all(isinstance(i.result, Article) for i in items), [i.result for i in items]


def test_a_record_shorter_than_its_length_and_without_a_digest_is_rejected(
        tmp_path: Path) -> None:
    """A record with no digest to check (older crawlers write none) that the file ends
    inside is rejected as truncated, not read as a shorter article."""
    page = _page("Floods in Brennholm", FLOOD)
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:flood>\r\n"
              b"WARC-Target-URI: https://x.example/flood\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: " + str(len(block)).encode() + b"\r\n\r\n" + block)
    for name, data in (("short.warc", record[:-120]),
                       ("short.warc.gz", _cut_member(record, len(record) - 120))):
        warc = tmp_path / name
        warc.write_bytes(data)
        (item,) = [i for i in ingest([warc], OFFLINE) if not isinstance(i.result, Skip)]
        assert isinstance(item.result, Rejection), item.result
        assert item.result.reason == "bad-warc-record"
        assert "truncated" in item.result.detail and "120 of" in item.result.detail


# -- CSV, JSONL field mapping, URL lists -----------------------------------------------------

def test_csv_with_a_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "story_key,hed,copy,pub_ts,desk\n"
        f'k1,Floods in Brennholm,"{FLOOD}",2025-05-04T10:00:00Z,regional\n'
        "k2,,,2025-05-05,regional\n"
        "k3,Too,many,fields,here,now\n", encoding="utf-8")
    options = IngestOptions(field_map={"id": "story_key", "title": "hed", "text": "copy",
                                       "date": "pub_ts"})
    items = list(ingest([path], OFFLINE, options))
    first = items[0].result
    assert isinstance(first, Article)
    assert (first.ref, first.title, first.published) == (
        "k1", "Floods in Brennholm", "2025-05-04T10:00:00+00:00")
    assert first.published_evidence == "input field 'pub_ts'"
    assert first.extra == {"desk": "regional"}
    assert first.text.count("\n") == 2
    assert [(i.result.reason if isinstance(i.result, Rejection) else "ok") for i in items] == [
        "ok", "not-article", "bad-csv"]
    assert "--field text=NAME" in items[1].result.detail  # type: ignore[union-attr]


def test_cli_field_option_maps_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "tool-export.jsonl"
    path.write_text(json.dumps({"guid": "g1", "hed": "Vantaby school opens", "copy": SCHOOL,
                                "when": "2025-05-12"}) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["build", str(path), "--store", str(store), "--no-fetch",
                                      "--field", "id=guid", "--field", "title=hed",
                                      "--field", "text=copy", "--field", "date=when"])
    assert result.exit_code == 0, result.output
    (account,) = api.accounts(store)
    assert account.articles[0].ref == "g1"
    assert account.articles[0].published == "2025-05-12"
    bad = CliRunner().invoke(cli, ["build", str(path), "--store", str(store),
                                   "--field", "body"])
    assert bad.exit_code == 2 and "NAME=FIELD" in bad.output


def test_url_list_and_url_inputs_are_fetched_once_and_cached(
        tmp_path: Path, page_server: tuple[str, list[str]]) -> None:
    base, seen = page_server
    config = Config().replace(allow_private=True, fetch_delay=0.0)
    urls = tmp_path / "reading-list.urls"
    urls.write_text(f"# crane coverage\n{base}/crane-opengraph.html\n\nnot a url\n",
                    encoding="utf-8")
    store = tmp_path / "s.db"
    report = api.build([urls, f"{base}/crane-jsonld.html"], store, config)
    assert report.articles == 2 and report.rejected == {"bad-url": 1}, report.line()
    fetched = [p for p in seen if p != "/robots.txt"]
    assert sorted(fetched) == ["/crane-jsonld.html", "/crane-opengraph.html"]
    refs = {a.ref for acc in api.accounts(store) for a in acc.articles}
    assert refs == {f"{base}/crane-opengraph.html", f"{base}/crane-jsonld.html"}
    # Re-run: nothing is fetched again (the store caches pages; inputs are known).
    again = api.build([urls, f"{base}/crane-jsonld.html"], store, config)
    assert [p for p in seen if p != "/robots.txt"] == fetched
    assert again.articles == 0 and again.unchanged == 3


def test_private_addresses_are_refused_unless_allowed(
        tmp_path: Path, page_server: tuple[str, list[str]]) -> None:
    base, seen = page_server
    store = tmp_path / "s.db"
    report = api.build([f"{base}/crane-opengraph.html"], store, Config())
    assert report.rejected == {"fetch-refused": 1}
    (rejection,) = api.rejections(store)
    assert "--allow-private" in rejection.detail
    assert seen == []
    offline = api.build([f"{base}/crane-jsonld.html"], tmp_path / "o.db", OFFLINE)
    assert offline.rejected == {"fetch-disabled": 1}


# -- duplicates, dates, the summary line -----------------------------------------------------

WIRE = [
    "OSTRAVIK, June 3 (Corvane Wire) -- Firefighters in Ostravik were still battling a blaze "
    "at the Nordfelt paper mill on Tuesday evening, more than twelve hours after a boiler "
    "exploded in the pulp hall and set fire to the roof.",
    "Two workers were taken to hospital with burns, and about 140 others were evacuated "
    "before the flames spread to a warehouse stacked with finished paper rolls, the regional "
    "fire service said in a statement.",
    "Residents of the nearby Kvarn district were told to keep windows and doors closed because "
    "of thick smoke, and two primary schools in the district will stay shut on Wednesday.",
    "The mill employs about 600 people and is the largest private employer in the town. Its "
    "owner, Nordfelt Group, said it was too early to say when production could restart.",
    "An investigation into the cause of the explosion has been opened by the labour "
    "inspectorate, which said it had last inspected the boiler hall in the autumn.",
]
OWN_REPORT = (
    "A boiler explosion at the Nordfelt paper mill in Ostravik started a fire that crews had "
    "not put out by Tuesday night.\nThe fire service said two employees suffered burns. The "
    "company said production would stop for now, and smoke from the roof could be seen from "
    "the motorway.\nParents in Kvarn were told that the district's schools would close on "
    "Wednesday.")


def _duplicate_set(folder: Path) -> None:
    original = "\n".join(WIRE)
    (folder / "1-wire.json").write_text(json.dumps({
        "id": "wire", "title": "Blaze at Ostravik paper mill", "text": original,
        "source": "Corvane Wire", "date": "2025-06-03"}), encoding="utf-8")
    (folder / "2-reprint-new-headline-trimmed.json").write_text(json.dumps({
        "id": "reprint-a", "title": "Paper mill fire rages for twelve hours",
        "text": "\n".join(WIRE[:4]), "source": "Halden Evening Post", "date": "2025-06-03"}),
        encoding="utf-8")
    (folder / "3-reprint-with-note.json").write_text(json.dumps({
        "id": "reprint-b", "title": "Ostravik mill fire",
        "text": original + "\nThis story was updated with the number of people evacuated.",
        "source": "Fjord Times", "date": "2025-06-04"}), encoding="utf-8")
    (folder / "4-exact-copy.json").write_text(json.dumps({
        "id": "copy", "title": "Blaze at Ostravik paper mill", "text": original,
        "source": "Aggregator", "date": "2025-06-03"}), encoding="utf-8")
    (folder / "5-own-report.json").write_text(json.dumps({
        "id": "own", "title": "Explosion sets Ostravik paper mill on fire", "text": OWN_REPORT,
        "source": "Ostravik Herald", "date": "2025-06-03"}), encoding="utf-8")


def test_wire_reprints_are_linked_and_count_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _duplicate_set(folder)
    store = tmp_path / "s.db"
    report = api.build([folder], store, OFFLINE)
    assert (report.inputs, report.articles, report.duplicates, report.near_duplicates) == (
        5, 4, 1, 2)
    assert report.line().startswith("read 5 inputs: 4 articles (2 near-duplicates linked to "
                                    "an original), 1 duplicates, 0 rejected")
    (row,) = api.list_stories(store)
    assert row["article_count"] == 4
    assert row["independent_sources"] == 2
    (account,) = api.accounts(store)
    by_ref = {a.ref: a for a in account.articles}
    assert by_ref["reprint-a"].duplicate_of == by_ref["wire"].id
    assert by_ref["reprint-b"].duplicate_of == by_ref["wire"].id
    assert by_ref["reprint-a"].duplicate_score is not None
    assert by_ref["reprint-a"].duplicate_score >= 0.75
    assert by_ref["own"].duplicate_of is None and by_ref["wire"].duplicate_of is None
    # A claim the wire and its reprints share is one source's claim, not an agreement.
    only_wire = [f for f in account.facts
                 if {c.article_id for c in f.citations} <= {by_ref[r].id for r in
                                                            ("wire", "reprint-a", "reprint-b")}]
    assert any(len(f.sources) >= 2 for f in only_wire)
    assert all(f.independent == 1 and f.status == "single-source" for f in only_wire)
    (dup,) = api.rejections(store)
    assert dup.reason == "duplicate" and dup.input.endswith("4-exact-copy.json")
    # The links survive a later run: a new reprint is linked to the stored original.
    (folder / "6-late-reprint.json").write_text(json.dumps({
        "id": "late", "title": "Fire at the Nordfelt mill", "text": "\n".join(WIRE[1:]),
        "source": "Coast Weekly", "date": "2025-06-05"}), encoding="utf-8")
    later = api.build([folder], store, OFFLINE)
    assert (later.articles, later.near_duplicates, later.unchanged) == (1, 1, 5)
    (row,) = api.list_stories(store)
    assert (row["article_count"], row["independent_sources"]) == (5, 2)


def test_stories_json_reports_both_counts(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _duplicate_set(folder)
    store = tmp_path / "s.db"
    api.build([folder], store, OFFLINE)
    result = CliRunner().invoke(cli, ["stories", "--store", str(store), "--json"])
    (row,) = json.loads(result.output)
    assert (row["article_count"], row["independent_sources"]) == (4, 2)


def test_published_override_wins_over_metadata(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["build", str(PAGES / "crane-opengraph.html"), "--store",
                                      str(store), "--published", "2025-03-10", "--no-fetch"])
    assert result.exit_code == 0, result.output
    (account,) = api.accounts(store)
    article = account.articles[0]
    assert (article.published, article.published_method) == ("2025-03-10", "override")
    bad = CliRunner().invoke(cli, ["build", str(PAGES), "--store", str(store),
                                   "--published", "last week"])
    assert bad.exit_code == 2 and "ISO date" in bad.output


def test_yearless_dateline_takes_the_year_of_the_crawl(tmp_path: Path) -> None:
    warc = tmp_path / "c.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        body = _page("Ostravik mill fire", "\n".join(WIRE))
        writer.write_record(writer.create_warc_record(
            "https://ostravik.example/fire", "response", payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2025-06-04T02:00:00Z"}))
    store = tmp_path / "s.db"
    api.build([warc], store, OFFLINE)
    (account,) = api.accounts(store)
    article = account.articles[0]
    assert article.published == "2025-06-03"
    assert article.published_method == "inferred"
    assert "dateline" in article.published_evidence and "crawl" in article.published_evidence


def test_rejects_are_grouped_with_counts_and_the_run_line_lists_skips(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.html").write_bytes(b"<html><body><div></div></body></html>")
    _warc(folder / "d.warc.gz")
    store = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store),
                                      "--no-fetch", "--language", "en"])
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("read 6 inputs: 2 articles, 0 duplicates, 4 rejected "
                           "(2 empty, 2 not-article)"), line
    assert "skipped 10 (6 WARC request record, 2 WARC response that is no HTML page, " \
           "1 WARC warcinfo record, 1 filtered: language)" in line
    rejects = CliRunner().invoke(cli, ["rejects", "--store", str(store)])
    assert rejects.output.splitlines()[0] == "empty (2)"
    assert "not-article (2)" in rejects.output


def test_a_rerun_extracts_and_fetches_nothing_it_read_before(
        tmp_path: Path, page_server: tuple[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, seen = page_server
    warc = tmp_path / "w.warc.gz"
    _warc(warc)
    feed = _feed(tmp_path, "coastline.atom", base)
    store = tmp_path / "s.db"
    config = Config().replace(allow_private=True, fetch_delay=0.0)
    first = api.build([warc, feed, PAGES / "bridge-undated.html"], store, config)
    assert first.articles == 6, first.line()
    fetched = len(seen)
    from storyline.stages import _html

    calls: list[str] = []
    real = _html.extract
    monkeypatch.setattr(_html, "extract", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    again = api.build([warc, feed, PAGES / "bridge-undated.html"], store, config)
    assert calls == []  # no page extracted again
    assert len(seen) == fetched  # no teaser page fetched again
    assert (again.articles, again.unchanged) == (0, first.inputs)


def test_a_warc_without_its_suffix_is_still_read_as_one(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    with plain.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        page = _page("Floods in Brennholm", FLOOD)
        writer.write_record(writer.create_warc_record(
            "https://x.example/f", "response", payload=io.BytesIO(page), length=len(page),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))
    renamed = tmp_path / "CC-NEWS-0001"
    plain.rename(renamed)
    (item,) = [i for i in ingest([renamed], OFFLINE) if not isinstance(i.result, Skip)]
    assert isinstance(item.result, Article) and item.result.title == "Floods in Brennholm"


def test_an_id_another_article_has_is_given_the_next_free_ref(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Two JSONL lines with id "k7" (and a later file with it): every article is kept, and
    each gets a ref of its own, so a citation [k7:...] or `why k7` names one article."""
    lines = [{"id": "k7", "title": "Ferry service to Isle Brannock resumes",
              "text": "The ferry to Isle Brannock sailed again on Tuesday after the storm."},
             {"id": "k7", "title": "Orchard town votes on new library",
              "text": "Voters in Pellwick backed a new library by 312 votes on Sunday."},
             {"id": "k8", "title": "Glassworks closes after ninety years",
              "text": "The Rennoch glassworks shut its furnace for the last time on Friday."}]
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "k7", "title": "Cyclists reopen the coast path",
                                 "text": "The coast path at Dunmere reopened to cyclists on "
                                         "Monday."}) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    with caplog.at_level("WARNING", logger="storyline.pipeline"):
        report = api.build([first], store, OFFLINE)
    assert report.articles == 3 and report.renamed == [("k7", "k7#2")]
    assert "1 with an id another article has, given a new one (k7 -> k7#2)" in report.line()
    assert f"{first.resolve()}:2: id 'k7' is taken (by the article from " \
           f"{first.resolve()}:1); this article is stored as 'k7#2'" in caplog.text
    assert api.build([first, later], store, OFFLINE).renamed == [("k7", "k7#3")]
    titles = {a.ref: a.title for account in api.accounts(store) for a in account.articles}
    assert titles == {"k7": "Ferry service to Isle Brannock resumes",
                      "k7#2": "Orchard town votes on new library",
                      "k8": "Glassworks closes after ninety years",
                      "k7#3": "Cyclists reopen the coast path"}
    shown = CliRunner().invoke(cli, ["why", "k7#2", "--store", str(store)])
    assert "Orchard town votes on new library" in shown.output.splitlines()[0]


def test_why_says_an_input_was_rejected_and_show_that_a_story_does_not_exist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tide.txt").write_text("High tide floods the Marlow quay\n\nThe quay at Marlow "
                                     "flooded at high tide on Sunday night.\n", encoding="utf-8")
    (folder / "accented.txt").write_bytes("Caf\u00e9 reopens\n\nThe caf\u00e9 on Mill Lane "
                                          "reopened.\n".encode("latin-1"))
    (folder / "wire.jsonl").write_text('{"id": "w1", "title": "Mill Lane", "text": "ok"}\n'
                                       'not a json line\n', encoding="utf-8")
    store = tmp_path / "s.db"
    assert CliRunner().invoke(cli, ["build", str(folder), "--store", str(store)]).exit_code == 0
    monkeypatch.chdir(folder)
    for name in (str(folder / "accented.txt"), "accented.txt", "accented"):
        why = CliRunner().invoke(cli, ["why", name, "--store", str(store)])
        assert why.exit_code == 1
        assert f"{folder / 'accented.txt'} was rejected (bad-encoding: not valid utf-8" \
            in why.output and "so it is in no story" in why.output, why.output
        assert "no article" not in why.output
    line = CliRunner().invoke(cli, ["why", "wire.jsonl:2", "--store", str(store)])
    assert f"{folder / 'wire.jsonl'}:2 was rejected (bad-json:" in line.output
    read = CliRunner().invoke(cli, ["why", "tide.txt", "--store", str(store)])
    assert read.exit_code == 0 and "(tide): High tide floods the Marlow quay" in read.output
    unknown = CliRunner().invoke(cli, ["why", "ebb", "--store", str(store)])
    assert unknown.exit_code == 1 and "no article 'ebb'" in unknown.output

    nosuch = CliRunner().invoke(cli, ["show", "nosuch", "--store", str(store)])
    assert nosuch.exit_code == 1
    assert "no story 'nosuch'" in nosuch.output and "storyline stories" in nosuch.output
    assert "no account" not in nosuch.output and "to finish it" not in nosuch.output
    import sqlite3

    (story,) = api.list_stories(store)[:1]
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM accounts WHERE story_id=?", (story["id"],))
    conn.close()
    unfinished = CliRunner().invoke(cli, ["show", story["id"], "--store", str(store)])
    assert f"no account for story {story['id']!r}" in unfinished.output
    assert "run `storyline build` to finish it" in unfinished.output


def test_a_missing_input_path_creates_no_store(tmp_path: Path) -> None:
    """A mistyped path stops the build before anything is read, and leaves no empty store
    (a later `storyline stories` would otherwise find a store with nothing in it)."""
    real = tmp_path / "harbour.txt"
    real.write_text("Harbour wall repaired\n\nThe harbour wall at Kesting was repaired.\n",
                    encoding="utf-8")
    store = tmp_path / "x.db"
    for inputs in ([str(tmp_path / "nonexistent.txt")],
                   [str(real), str(tmp_path / "nonexistent.txt")]):
        result = CliRunner().invoke(cli, ["build", *inputs, "--store", str(store)])
        assert result.exit_code == 1
        assert f"input {tmp_path / 'nonexistent.txt'} does not exist" in result.output
        assert not store.exists() and not list(tmp_path.glob("x.db*"))
    from storyline.errors import SourceError

    with pytest.raises(SourceError):
        api.build([tmp_path / "nonexistent.txt"], store, OFFLINE)
    assert not store.exists()
