from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from storyline import api
from storyline.schema import load_account_schema


def _story_of(stories: list[dict], ref: str) -> dict:
    return next(s for s in stories if ref in s["articles"])


def test_demo_stories_come_out_as_written(demo_store: Path, manifest: dict) -> None:
    stories = api.list_stories(demo_store)
    predicted = sorted(sorted(s["articles"]) for s in stories)
    expected = sorted([sorted(s["articles"]) for s in manifest["stories"].values()]
                      + [[ref] for ref in manifest["singletons"]])
    assert predicted == expected


def test_demo_planted_number_conflicts_are_found(demo_store: Path) -> None:
    stories = api.list_stories(demo_store)
    accounts = {a.story_id: a for a in api.accounts(demo_store)}
    ferry = accounts[_story_of(stories, "ferry-saltmarsh-gazette")["id"]]
    values = [{side.value.lower() for side in c.sides} for c in ferry.conflicts
              if c.slot == "number"]
    assert any({"fourteen"} <= v and ("12" in v or "twelve" in v) for v in values)
    fire = accounts[_story_of(stories, "wildfire-ashford-courier")["id"]]
    values = [" ".join(side.value for side in c.sides) for c in fire.conflicts]
    assert any("3,200" in v and "2,800" in v for v in values)


def test_a_sentence_giving_another_value_disputes_the_fact_and_is_no_summary_support(
        demo_store: Path) -> None:
    """The Saltmarsh Gazette's "Fourteen people were injured" and the others' "injuring 12
    people" are one claim with a number conflict: the fact shown with 12 names the Gazette
    as giving another value, and no summary sentence cites a sentence on the other side
    of a conflict from the one it shows."""
    stories = api.list_stories(demo_store)
    account = next(a for a in api.accounts(demo_store)
                   if a.story_id == _story_of(stories, "ferry-saltmarsh-gazette")["id"])
    refs = {a.id: a.ref for a in account.articles}
    fact = next(f for f in account.facts if "injuring 12" in f.text)
    assert fact.status == "agreed" and fact.disputed_by == ("The Saltmarsh Gazette",)
    sides = {}
    for ci, c in enumerate(account.conflicts):
        for si, side in enumerate(c.sides):
            for cit in side.citations:
                sides.setdefault((cit.article_id, cit.sentence_index), set()).add((ci, si))
    fourteen = next(s for s in account.summary if s.text.startswith("Fourteen"))
    assert {refs[c.article_id] for c in fourteen.citations} <= \
        {"ferry-saltmarsh-gazette", "ferry-brightwater-post"}
    for sentence in account.summary:
        shown = sides.get((sentence.citations[0].article_id,
                           sentence.citations[0].sentence_index), set())
        for cit in sentence.citations[1:]:
            other = sides.get((cit.article_id, cit.sentence_index), set())
            assert not any(a == b and x != y for a, x in shown for b, y in other)


def test_demo_debris_is_listed_per_article(demo_store: Path) -> None:
    removed = {a.ref: a.removed for acc in api.accounts(demo_store) for a in acc.articles}
    kinds = {r.kind for rs in removed.values() for r in rs}
    assert {"hover-card", "repeated-title", "photo-credit"} <= kinds
    card = next(r for r in removed["ferry-brightwater-post"] if r.kind == "hover-card")
    assert card.text.endswith("MORE")


def test_json_export_follows_the_schema(demo_store: Path, tmp_path: Path) -> None:
    index = api.export(demo_store, "json", tmp_path)
    listing = json.loads(index.read_text())
    schema = load_account_schema()
    assert len(listing["stories"]) == 6
    for entry in listing["stories"]:
        data = json.loads((tmp_path / entry["file"]).read_text())
        jsonschema.validate(data, schema)
        assert data["schema_version"] == listing["schema_version"]


def test_html_and_markdown_exports_write_every_story(demo_store: Path, tmp_path: Path) -> None:
    for fmt, suffix in (("html", ".html"), ("markdown", ".md")):
        index = api.export(demo_store, fmt, tmp_path / fmt)
        files = sorted(p.name for p in (tmp_path / fmt).glob("s*" + suffix))
        assert len(files) == 6
        assert all(name in index.read_text() for name in files)
    page = next((tmp_path / "html").glob("s*.html")).read_text()
    assert "Content-Security-Policy" in page and 'class="sentence' in page
    # Markdown the template writes itself is not escaped: a quote diff's arrow, blockquotes.
    markdown = "".join(p.read_text() for p in (tmp_path / "markdown").glob("s*.md"))
    assert "and I am -> I'm\"; insert" in markdown
    assert "\n>\n> differs from the first" in markdown
    assert "&gt;" not in markdown and "&lt;" not in markdown and "&amp;" not in markdown


def test_story_listing_cuts_long_titles_at_a_word(demo_store: Path) -> None:
    """`storyline stories` shortens a title longer than its column at a word end, marked
    with an ellipsis, never inside a word ("... for club-record fe")."""
    from click.testing import CliRunner

    from storyline.cli import cli

    result = CliRunner().invoke(cli, ["stories", "--store", str(demo_store)],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Tomás Arrieta for club-record …" in result.output
    assert "club-record fe " not in result.output and "club-record fe│" not in result.output


def test_show_takes_json_as_the_other_commands_do(demo_store: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    story = api.list_stories(demo_store)[0]["id"]
    flag = CliRunner().invoke(cli, ["show", story, "--store", str(demo_store), "--json"])
    fmt = CliRunner().invoke(cli, ["show", story, "--store", str(demo_store), "--format", "json"])
    assert flag.exit_code == 0 and flag.output == fmt.output
    assert json.loads(flag.output)["story_id"] == story


def test_a_fact_is_shown_without_its_leads_dateline(demo_store: Path) -> None:
    """The merger's lead is printed "LONDON — Kestrel Minerals agreed ..."; its fact reads
    from "Kestrel", as the summary does, and still cites the whole sentence."""
    stories = api.list_stories(demo_store)
    account = next(a for a in api.accounts(demo_store)
                   if a.story_id == _story_of(stories, "merger-halden-business-daily")["id"])
    (fact,) = [f for f in account.facts if "agreed on Tuesday to buy" in f.text]
    assert fact.text.startswith("Kestrel Minerals agreed")
    assert any(c.text.startswith("LONDON") and c.text.endswith(fact.text)
               for c in fact.citations)
