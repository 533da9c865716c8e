from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.model import Citation, StoryAccount

from .conftest import DEMO, HILL, XINHUA, documents, needs_pompeo


def _all_citations(account: StoryAccount) -> list[Citation]:
    cites = [c for s in account.summary for c in s.citations]
    cites += [c for f in account.facts for c in f.citations]
    cites += [c for conflict in account.conflicts for side in conflict.sides
              for c in side.citations]
    cites += [v.citation for g in account.quote_groups for v in g.variants]
    cites += [c for e in account.timeline for c in e.citations]
    return cites


def test_reference_pair_forms_one_story(pompeo_store: Path) -> None:
    (story,) = api.list_stories(pompeo_store)
    assert sorted(story["articles"]) == [HILL.stem, XINHUA.stem]
    assert story["article_count"] == 2
    # The Xinhua text has no headline (its first line is its lead sentence); the story
    # is titled with The Hill's headline, not with a paragraph.
    assert story["title"] == HILL.read_text(encoding="utf-8").splitlines()[0].strip()


def test_every_citation_resolves_to_the_sentence_text(pompeo_store: Path,
                                                      demo_store: Path) -> None:
    for store in (pompeo_store, demo_store):
        docs = {d.article.id: d for d in documents(store).values()}
        for account in api.accounts(store):
            cites = _all_citations(account)
            assert cites
            for cite in cites:
                text = docs[cite.article_id].article.text
                start, end = cite.char_span
                assert text[start:end] == cite.text
                assert docs[cite.article_id].sentences[cite.sentence_index].start <= start


def test_nothing_in_an_account_is_text_no_source_contains(pompeo_store: Path,
                                                          demo_store: Path) -> None:
    for store in (pompeo_store, demo_store):
        docs = documents(store)
        corpus = "\n".join(d.article.text for d in docs.values())
        for account in api.accounts(store):
            for sentence in account.summary:
                assert sentence.text in corpus and sentence.citations
            for fact in account.facts:
                assert fact.text in corpus
            for group in account.quote_groups:
                for variant in group.variants:
                    assert variant.text in corpus


@needs_pompeo
def test_summary_respects_word_bound(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    api.build([HILL, XINHUA], store, Config(summary_words=40))
    (account,) = api.accounts(store)
    assert account.summary
    assert sum(len(s.text.split()) for s in account.summary) <= 40


def test_reference_pair_account_has_agreed_and_single_source_facts(pompeo_store: Path) -> None:
    (account,) = api.accounts(pompeo_store)
    agreed = [f for f in account.facts if f.status == "agreed"]
    single = [f for f in account.facts if f.status == "single-source"]
    assert agreed and single
    assert all(len({c.article_id for c in f.citations}) == 2 for f in agreed)
    speakers = {g.speaker for g in account.quote_groups}
    assert "Sarah Huckabee Sanders" in speakers
    assert any("State Department" in s for s in speakers)


def test_a_fact_one_outlet_quotes_and_another_tells_is_shown_as_told(pompeo_store: Path) -> None:
    """The Xinhua report quotes Sanders on the trip; The Hill tells it ("Pompeo will meet
    with North Korean leader Kim Jong Un ..."). Shown with both outlets as its sources, the
    fact is The Hill's sentence, not a quote The Hill never printed."""
    (account,) = api.accounts(pompeo_store)
    (fact,) = [f for f in account.facts if any("the ongoing and important work" in c.text
                                               for c in f.citations)]
    assert fact.status == "agreed"
    assert fact.text.startswith("Pompeo will meet with North Korean leader Kim Jong Un")


def test_rerun_changes_nothing_and_new_files_touch_only_their_story(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    files = sorted(DEMO.glob("ferry-*")) + sorted(DEMO.glob("museum-*"))
    first = api.build(files, store, Config())
    before = {s["id"]: s for s in api.list_stories(store)}
    again = api.build(files, store, Config())
    assert again.articles == 0 and again.unchanged == first.inputs
    assert again.accounts_built == 0
    assert {s["id"]: s for s in api.list_stories(store)} == before
    added = api.build(sorted(DEMO.glob("football-*")), store, Config())
    after = {s["id"]: s for s in api.list_stories(store)}
    assert added.accounts_built == 1
    assert set(after) - set(before) and all(after[k] == v for k, v in before.items())


@needs_pompeo
def test_duplicate_copy_is_rejected_and_linked(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(HILL, copy)
    store = tmp_path / "s.db"
    report = api.build([HILL, copy], store, Config())
    assert report.articles == 1 and report.duplicates == 1
    (rejection,) = api.rejections(store)
    assert rejection.reason == "duplicate" and HILL.name in rejection.detail


@pytest.mark.slow
def test_killed_build_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in DEMO.iterdir():
        if path.name not in ("MANIFEST.json", "README.md"):
            shutil.copy(path, corpus / path.name)
    store = tmp_path / "killed.db"
    env = {**os.environ, "STORYLINE_BATCH_SIZE": "2"}
    cmd = [sys.executable, "-m", "storyline", "build", str(corpus), "--store", str(store)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # Kill once some, but not all, articles are committed.
    import sqlite3
    while time.monotonic() < deadline and proc.poll() is None:
        if store.exists():
            try:
                with sqlite3.connect(store) as conn:
                    n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                n = 0
            if n >= 2:
                proc.send_signal(signal.SIGKILL)
                break
        time.sleep(0.05)
    proc.wait(timeout=60)
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    clean_store = tmp_path / "clean.db"
    api.build([corpus], clean_store, Config())
    killed = sorted(sorted(s["articles"]) for s in api.list_stories(store))
    fresh = sorted(sorted(s["articles"]) for s in api.list_stories(clean_store))
    assert killed == fresh
    assert sum(len(s) for s in killed) == 16


def test_a_page_timestamp_dates_the_article_and_its_weekdays(tmp_path: Path) -> None:
    """A scraped page's stamp line is not a sentence of the report: it is removed, and it
    gives the day the page was posted, from which "Thursday" is made absolute."""
    page = tmp_path / "ferry.txt"
    page.write_text("Ferry strike ends in Corvara\n\nPosted: March 6, 2015 at 9: 12 AM EDT\n\n"
                    "The ferry crews of Corvara ended their strike on Thursday after the harbour "
                    "board agreed to a new rota.\nThe first boat left the harbour at noon.\n",
                    encoding="utf-8")
    store = tmp_path / "s.db"
    api.build([page], store, Config())
    doc = documents(store)["ferry"]
    assert "Posted" not in doc.article.text
    assert (doc.article.published, doc.article.published_method) == ("2015-03-06", "page")
    assert "Posted: March 6, 2015" in doc.article.published_evidence
    (account,) = api.accounts(store)
    assert [e.date for e in account.timeline if "strike on Thursday" in e.text] == ["2015-03-05"]
    assert not any("Posted" in s.text for s in account.summary)


def test_a_guessed_year_gives_way_to_the_story_dates(tmp_path: Path) -> None:
    """An article whose year is only the calendar's last-resort reading is dated from its
    story when the story's other articles carry real dates."""
    import json

    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "story", "articles": [
        {"id": "dated", "title": "Corvara bridge opens", "published": "2008-12-12",
         "text": "The new Corvara harbour bridge opened to traffic on Thursday, the city "
                 "said.", "source": "a.example.com"},
        {"id": "undated", "title": "Bridge opens in Corvara",
         "text": "The Corvara harbour bridge opened on Thursday, Dec. 11, after four years "
                 "of work, the city said.", "source": "b.example.com"},
    ]}) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    api.build([path], store, Config(), grouped=True)
    undated = documents(store)["undated"].article
    assert undated.published_method == "calendar"
    assert not undated.published.startswith("2008")  # the calendar alone cannot know
    (account,) = api.accounts(store)
    assert {e.date for e in account.timeline} == {"2008-12-11"}
    assert any(c.article_id == undated.id for e in account.timeline for c in e.citations)
    assert not any(e.year_guessed for e in account.timeline)


def test_a_timeline_year_read_off_the_calendar_says_so(pompeo_store: Path) -> None:
    """Neither reference article names a year: its events carry the calendar's year (2018),
    and the account and its report say that year is guessed."""
    (account,) = api.accounts(pompeo_store)
    thursday = [e for e in account.timeline if e.date == "2018-07-05"]
    assert thursday and all(e.year_guessed for e in thursday)
    assert "**2018-07-05** (year guessed)" in api.render_story(pompeo_store, account.story_id,
                                                               "markdown")


@needs_pompeo
def test_articles_an_older_release_analysed_are_analysed_again(tmp_path: Path) -> None:
    """A store outlives releases: a document stored by another analysis method is read
    again from its clean text, keeping its id and place."""
    import json
    import sqlite3

    store = tmp_path / "s.db"
    api.build([HILL, XINHUA], store, Config())
    fresh = documents(store)
    conn = sqlite3.connect(store)
    with conn:
        for aid, blob in conn.execute("SELECT id, document FROM articles").fetchall():
            doc = json.loads(blob)
            doc["quotes"] = []  # what an older release without quotes would have stored
            if doc["article"]["published_method"] in ("calendar", "inferred"):
                doc["article"]["published"] = "2026-07-02"  # an old release's wrong reading
            conn.execute("UPDATE articles SET document=?, method='analyze.old' WHERE id=?",
                         (json.dumps(doc), aid))
    conn.close()
    assert all(not d.quotes for d in documents(store).values())
    report = api.build([HILL, XINHUA], store, Config())
    assert report.reanalysed == 2 and report.articles == 0
    assert "analysed again" in report.line()
    again = documents(store)
    assert again.keys() == fresh.keys()
    assert {k: d.quotes for k, d in again.items()} == {k: d.quotes for k, d in fresh.items()}
    assert {k: d.article.published for k, d in again.items()} == \
        {k: d.article.published for k, d in fresh.items()}
    assert api.build([HILL, XINHUA], store, Config()).reanalysed == 0


def test_an_account_follows_the_roster_when_another_story_names_its_person(
        tmp_path: Path) -> None:
    """Story one only ever says "Hartmann"; a later story names Governor Ilsa Hartmann in
    full. The roster now resolves story one's "Hartmann" to her, so its account is fused
    again though its own articles did not change."""
    import json

    def story(name: str, title: str, text: str) -> Path:
        path = tmp_path / f"{name}.jsonl"
        path.write_text(json.dumps({"id": name, "articles": [
            {"id": name, "title": title, "text": text, "source": f"{name}.example.com"}]})
            + "\n", encoding="utf-8")
        return path

    store = tmp_path / "s.db"
    config = Config().replace(fetch=False)
    api.build([story("flood", "River floods Portvale",
                     "The river Elden burst its banks in Portvale on Monday, flooding 200 "
                     "homes. Hartmann visited the flooded streets and promised new levees.")],
              store, config, grouped=True)
    (before,) = api.accounts(store)
    report = api.build([story("school", "Governor opens school",
                              "Governor Ilsa Hartmann opened a new primary school in Kellmouth "
                              "on Friday. The school has room for 400 pupils.")],
                       store, config, grouped=True)
    flood = next(a for a in api.accounts(store) if a.story_id == before.story_id)
    assert len(flood.articles) == 1
    assert "Ilsa Hartmann" in {e.name for e in flood.entities}
    assert "Ilsa Hartmann" not in {e.name for e in before.entities}
    assert report.accounts_built == 2


def test_markdown_reports_print_input_html_as_text(tmp_path: Path) -> None:
    """Titles, outlets, ids and sentences are the input's words: a Markdown viewer that
    renders raw HTML must show them, not run them. Nothing else of the text changes."""
    import json

    from click.testing import CliRunner

    from storyline.cli import cli

    lines = [
        {"id": "m<b>1</b>", "source": "Harbour <img src=x onerror=alert(1)> Gazette",
         "title": "Dockers strike at Port Velloria </script><script>alert(3)</script>",
         "date": "2024-03-04",
         "text": "Dockers at Port Velloria walked out on Monday over pay, the union said. "
                 "\"We will stay out <b>until</b> the offer improves,\" said union leader "
                 "Mara Quint. Shares in S&P 500 shippers fell, and an &lt;i&gt; was typed."},
        {"id": "m2", "source": "Velloria Evening Post",
         "title": "Port Velloria dockers strike over pay",
         "date": "2024-03-04",
         "text": "Dockers at Port Velloria walked out on Monday over pay, the union said. "
                 "\"We will stay out until the offer improves,\" said union leader Mara Quint. "
                 "Ships waited <script>alert(4)</script> outside the harbour. A notice "
                 "[read it](javascript:alert(5)) was posted [sic] at the gate."},
    ]
    data = tmp_path / "strike.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    store = tmp_path / "s.db"
    api.build([data], store, Config())
    index = api.export(store, "markdown", tmp_path / "md")
    (story,) = api.list_stories(store)
    shown = CliRunner().invoke(cli, ["show", story["id"], "--store", str(store)]).output
    for page in (index.read_text(encoding="utf-8"),
                 (tmp_path / "md" / f"{story['id']}.md").read_text(encoding="utf-8"), shown):
        assert "<" not in page and ">" not in page.replace("\n>", "\n")
        assert "Harbour &lt;img src=x onerror=alert(1)&gt; Gazette" in page
        assert "Port Velloria &lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page
    body = shown
    assert "`m&lt;b&gt;1&lt;/b&gt;`" in body and "[m&lt;b&gt;1&lt;/b&gt;:" in body
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in body
    assert "S&P 500 shippers" in body and "an &amp;lt;i&amp;gt; was typed" in body
    assert '"We will stay out &lt;b&gt;until&lt;/b&gt; the offer improves,"' in body
    assert "Dockers at Port Velloria walked out on Monday over pay, the union said." in body
    assert "&amp;amp;" not in body and "&amp;lt;b" not in body  # escaped once
    # Markdown link syntax in the text is no link; brackets otherwise stay as printed.
    assert "](javascript" not in body and "[read it]\\(javascript:alert(5))" in body
    assert "posted [sic] at the gate" in body
