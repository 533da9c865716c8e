"""Fusion (issue 6): what the account of a story shows, checked on the reference pair,
the demo corpus and the development data in ../shared/data."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline import api
from storyline.config import Config
from storyline.model import Citation, Document, Story, StoryAccount
from storyline.stages import fuse as fuse_stage
from storyline.stages._fusion_conflicts import qualifiers
from storyline.stages._fusion_quotes import same_utterance, word_diff
from storyline.stages._places import city_country, contains
from storyline.stages._roster import build_roster
from storyline.store.sqlite import open_store

from .conftest import HILL, SHARED, XINHUA, documents

NEUS = SHARED / "data" / "neus_allsides" / "val.jsonl"
ECB = SHARED / "data" / "ecbplus" / "docs.jsonl"


def _pair(pompeo_store: Path) -> tuple[StoryAccount, str, str]:
    (account,) = api.accounts(pompeo_store)
    return account, HILL.stem, XINHUA.stem


def _facts_with(account: StoryAccount, *words: str) -> list:
    return [f for f in account.facts
            if all(any(w.lower() in c.text.lower() for c in f.citations) for w in words)]


# -- the reference pair ------------------------------------------------------------------------

def test_pair_agrees_on_the_trip_the_state_department_words_bolton_and_singapore(
        pompeo_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_store)
    both = (hill, xinhua)
    trip = [f for f in account.facts if f.status == "agreed"
            and any("Thursday" in c.text for c in f.citations)]
    assert trip and set(trip[0].sources) == set(both)
    words = _facts_with(account, "continue consultations and implement the forward progress")
    assert words and words[0].status == "agreed" and words[0].independent == 2
    bolton = _facts_with(account, "dismantle")
    assert bolton and bolton[0].status == "agreed"
    singapore = _facts_with(account, "Singapore")
    assert any(f.status == "agreed" for f in singapore)


def test_pair_qualifier_conflict_within_a_year_vs_the_majority_of(pompeo_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_store)
    (conflict,) = [c for c in account.conflicts if c.slot == "qualifier"]
    by_outlet = {side.sources[0]: side.value for side in conflict.sides}
    assert "within a year" in by_outlet[hill]
    assert "the majority of" in by_outlet[xinhua]
    # No false conflict: both outlets date the trip and the briefing alike.
    assert not [c for c in account.conflicts if c.slot in ("date", "number", "place")]


def test_pair_itinerary_counts_hanoi_as_the_vietnam_stop(pompeo_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_store)
    groups = {p.name: p for p in account.places}
    vietnam = groups["Vietnam"]
    assert set(vietnam.names) == {"Vietnam", "Hanoi"}
    assert dict(vietnam.by_source) == {hill: ("Vietnam",), xinhua: ("Hanoi",)}
    assert set(groups["Japan"].sources) == {hill, xinhua}  # Tokyo in both
    for only_hill in ("Abu Dhabi", "Brussels"):
        assert groups[only_hill].sources == (hill,)


def test_pair_single_source_facts_and_framing(pompeo_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_store)
    single = {f.id: f for f in account.facts if f.status == "single-source"}
    assert any("satellite images" in f.text and f.sources == (hill,) for f in single.values())
    assert any("misleading" in f.text and f.sources == (hill,) for f in single.values())
    assert any("Panmunjom" in f.text and f.sources == (xinhua,) for f in single.values())
    assert any("Tokyo" in f.text and "Japan" in f.text and f.sources == (xinhua,)
               for f in single.values())
    framing = {f.outlet: f for f in account.framing}
    (korea,) = [n for n in framing[xinhua].names if n.entity == "North Korea"]
    assert "DPRK" in korea.used and "North Korea" in framing[hill].names[
        [n.entity for n in framing[hill].names].index("North Korea")].used
    assert "DPRK" not in [n for c in framing[hill].names for n in c.used]
    assert set(framing[hill].exclusive) <= set(single)


def test_pair_sanders_quote_printed_by_both_with_a_word_diff(pompeo_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_store)
    progress = [g for g in account.quote_groups
                if any(v.text.startswith("continuing to make progress") for v in g.variants)]
    assert len(progress) == 1 and progress[0].speaker == "Sarah Huckabee Sanders"
    assert {v.article_id for v in progress[0].variants} == {
        a.id for a in account.articles}
    variants = progress[0].variants
    assert variants[0].diff == ()
    assert any(op == "insert" and "we're" in text for v in variants[1:] for op, text in v.diff)
    # Sanders' July 5 announcement is quoted by one outlet and reported by the other.
    leaving = [g for g in account.quote_groups
               if any("leaving for North Korea" in v.text for v in g.variants)]
    assert leaving and any(p.source == hill and "Sanders" in p.citation.text
                           for p in leaving[0].paraphrases)
    # One speaker's utterances are listed together, under one heading.
    speakers = [g.speaker for g in account.quote_groups]
    runs = [name for k, name in enumerate(speakers) if k == 0 or speakers[k - 1] != name]
    assert len(runs) == len(set(runs)) and speakers.count("Sarah Huckabee Sanders") >= 3


def test_pair_summary_tells_each_claim_once(pompeo_store: Path) -> None:
    account, _, _ = _pair(pompeo_store)
    own = [(s.citations[0].article_id, s.citations[0].sentence_index) for s in account.summary]
    for k, sentence in enumerate(account.summary):
        others = {(c.article_id, c.sentence_index) for c in sentence.citations[1:]}
        assert not others & (set(own) - {own[k]}), sentence.text


def test_pair_timeline_is_dated_and_ordered(pompeo_dated_store: Path) -> None:
    account, hill, xinhua = _pair(pompeo_dated_store)
    dates = [e.date for e in account.timeline]
    assert dates == sorted(dates)
    trip = [e for e in account.timeline if e.date == "2018-07-05"]
    # One event, told by both outlets in other words, is one row.
    assert len(trip) == 1 and set(trip[0].sources) == {hill, xinhua}
    assert any(e.date == "2018-06-12" for e in account.timeline)  # the Singapore summit


def test_one_official_saying_two_things_on_one_day_is_not_one_event() -> None:
    """Sentences of one day are one timeline event when they share what happened, not
    only a name and the day: two statements of one fire chief on a Tuesday stay two."""
    from storyline.model import Article, Document, Mention, Sentence, TimeExpr
    from storyline.stages.fuse import _content_stems, _one_event

    def sentence(text: str, *names: str) -> tuple[Document, int]:
        mentions = tuple(Mention(text.index(n), text.index(n) + len(n), n, "PERSON", 0)
                         for n in names)
        day = text.index("Tuesday")
        doc = Document(Article(id=text[:8], ref="r", title="t", text=text),
                       sentences=(Sentence(0, 0, len(text), text),), mentions=mentions,
                       times=(TimeExpr(day, day + 7, "Tuesday", "2024-05-07", "day", None,
                                       0),))
        return doc, 0

    bought = sentence("Fire chief Ilsa Hartmann said on Tuesday that the city had not yet "
                      "bought the old dairy.", "Ilsa Hartmann")
    call = sentence("Fire chief Ilsa Hartmann said on Tuesday that the first call came at "
                    "3:33 a.m.", "Ilsa Hartmann")
    fire = sentence("A fire on Tuesday destroyed the old dairy warehouse in Kellmouth.")
    blaze = sentence("A pre-dawn fire destroyed the historic dairy warehouse on Tuesday.")
    assert not _one_event(_content_stems(*bought), _content_stems(*call))
    assert _one_event(_content_stems(*fire), _content_stems(*blaze))


# -- the demo corpus -------------------------------------------------------------------------

def _demo_account(demo_store: Path, word: str) -> StoryAccount:
    return next(a for a in api.accounts(demo_store) if word in a.title.lower())


def test_demo_summary_does_not_lean_on_a_sentence_it_does_not_show(demo_store: Path) -> None:
    # The ferry story's articles end on "It was later moved to an anchorage ...", which
    # a summary of its first sentences leaves without its antecedent.
    account = _demo_account(demo_store, "ferry")
    assert account.summary
    assert not [s.text for s in account.summary
                if re.match(r"\W*(?:He|She|It|They|This|These)\b", s.text)]


def test_demo_planted_date_conflicts_and_no_false_dates(demo_store: Path) -> None:
    merger = _demo_account(demo_store, "tamarind")
    dates = [c for c in merger.conflicts if c.slot == "date"]
    assert len(dates) == 1
    values = {side.value.split(" (")[0]: set(side.sources) for side in dates[0].sides}
    assert values["July 24"] == {"The Ashford Courier"}
    assert {"Halden Business Daily", "Corvane Wire"} <= values["July 22"]
    # The day the breach was detected: "which Lirra said it detected on October 11" dates
    # the detection, not the saying (the manifest's planted conflict).
    breach = _demo_account(demo_store, "lirra")
    (detected,) = [c for c in breach.conflicts if c.slot == "date"]
    values = {side.value.split(" (")[0]: set(side.sources) for side in detected.sides}
    assert values["October 11"] == {"The Ashford Courier"}
    assert "Halden Business Daily" in values["October 9"]
    # Corvane Wire has no date but its dateline, "DUBLIN, Oct 15": the story dates the
    # dateline, and its "last Thursday" counts from that day.
    thursday = [e for e in breach.timeline if "last Thursday" in e.text]
    assert [(e.date, e.year_guessed) for e in thursday] == [("2025-10-09", False)]
    # Dateline dates and report dates ("said on Tuesday") are not event dates.
    for account in api.accounts(demo_store):
        if account.story_id not in (merger.story_id, breach.story_id):
            assert not [c for c in account.conflicts if c.slot == "date"], account.title


def test_demo_omissions_are_what_most_others_report(demo_store: Path) -> None:
    ferry = _demo_account(demo_store, "ferry")
    facts = {f.id: f for f in ferry.facts}
    outlets = set(ferry.outlets)
    assert any(f.omissions for f in ferry.framing)
    for framing in ferry.framing:
        for fact_id in framing.omissions:
            fact = facts[fact_id]
            assert framing.outlet not in fact.sources
            assert len(fact.sources) >= 2 and 2 * len(fact.sources) > len(outlets) - 1
        for fact_id in framing.exclusive:
            assert facts[fact_id].sources == (framing.outlet,)


def test_demo_attribution_minister_vs_ministry_statement(demo_store: Path) -> None:
    ferry = _demo_account(demo_store, "ferry")
    (attribution,) = [c for c in ferry.conflicts if c.slot == "attribution"]
    assert "Lucía Ferrer" in {side.value for side in attribution.sides}
    assert "Continental Ledger" in {s for side in attribution.sides for s in side.sources}


# -- building blocks ------------------------------------------------------------------------

def test_qualifier_phrases_by_kind() -> None:
    assert qualifiers("a plan to dismantle the majority of its programs") == {
        "scope": ("the majority of",)}
    assert qualifiers("would dismantle the program within a year") == {
        "time limit": ("within a year",)}
    assert qualifiers("a delegation reportedly met officials") == {"hedge": ("reportedly",)}
    assert qualifiers("Pompeo will travel to North Korea on Thursday") == {}


def test_quotes_are_one_utterance_only_when_their_words_say_so() -> None:
    def stems(text: str) -> frozenset[str]:
        from storyline.stages._fusion_align import stem
        from storyline.stages.cluster import terms
        return frozenset(stem(t) for t in terms(text))

    short = stems("continuing to make progress")
    assert same_utterance(short, stems("we're continuing to make progress."))
    assert not same_utterance(short, stems(
        "continue consultations and implement the forward progress made by President Trump"))
    diff = word_diff("we are cooperating fully", "We are cooperating fully with investigators")
    assert diff == (("equal", "We are cooperating fully"), ("insert", "with investigators"))


def test_city_country_tables_ship_with_the_package() -> None:
    assert city_country("Hanoi") == "VNM"
    assert contains("place:vnm", "Hanoi") and not contains("place:jpn", "Hanoi")
    assert city_country("Asia") is None  # a continent, though a town bears the name


# -- properties over the demo corpus and the dev data ----------------------------------------

def _texts(account: StoryAccount) -> list[tuple[str, str]]:
    """(kind, text) of every piece of an account that claims to be source text."""
    out = [("summary", s.text) for s in account.summary]
    out += [("fact", f.text) for f in account.facts]
    out += [("quote", v.text) for g in account.quote_groups for v in g.variants]
    out += [("timeline", e.text) for e in account.timeline]
    for c in account.conflicts:
        for side in c.sides:
            if c.slot in ("number", "date"):
                out.append((c.slot, side.value.split(" (")[0]))
            elif c.slot == "qualifier":
                out += [("qualifier", p) for p in side.value.split("; ") if p != "(none)"]
    return out


def _citations(account: StoryAccount) -> list[Citation]:
    cites = [c for s in account.summary for c in s.citations]
    cites += [c for f in account.facts for c in f.citations]
    cites += [c for x in account.conflicts for side in x.sides for c in side.citations]
    cites += [v.citation for g in account.quote_groups for v in g.variants]
    cites += [p.citation for g in account.quote_groups for p in g.paraphrases]
    cites += [c for e in account.timeline for c in e.citations]
    return cites


def assert_traceable(account: StoryAccount, docs: dict[str, Document]) -> None:
    """Every citation names an existing sentence; every shown text is in a source."""
    members = {a.id for a in account.articles}
    for cite in _citations(account):
        assert cite.article_id in members
        doc = docs[cite.article_id]
        sentence = doc.sentences[cite.sentence_index]
        start, end = cite.char_span
        assert doc.article.text[start:end] == cite.text
        assert sentence.start <= start < sentence.end or doc.quotes  # a quote may span two
    sources = "\n".join(docs[a].article.text for a in members)
    for kind, text in _texts(account):
        found = text in sources if kind != "qualifier" else text in sources.lower()
        assert found, f"{kind} text not in the story's sources: {text!r}"
    fact_ids = {f.id for f in account.facts}
    for framing in account.framing:
        assert set(framing.omissions) <= fact_ids and set(framing.exclusive) <= fact_ids


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 NeuS events and 4 ECB+ stories, each built as one grouped story."""
    if not NEUS.exists() or not ECB.exists():
        pytest.skip("../shared/data is not present")
    folder = tmp_path_factory.mktemp("dev")
    neus = folder / "neus.jsonl"
    with open(NEUS, encoding="utf-8") as f:
        neus.write_text("".join(line for _, line in zip(range(40), f, strict=False)),
                        encoding="utf-8")
    stories: dict[str, list[dict]] = {}
    with open(ECB, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["topic"] in (1, 3):
                stories.setdefault(rec["story"], []).append(rec)
    ecb = folder / "ecb.jsonl"
    ecb.write_text("".join(json.dumps({"id": story, "articles": [
        {"id": r["id"], "title": r["title"], "text": r["text"], "source": r["source"]
         or f"outlet-{r['id']}"} for r in recs]}) + "\n" for story, recs in stories.items()),
        encoding="utf-8")
    path = folder / "dev.db"
    api.build([neus, ecb], path, Config(), grouped=True)
    return path


def test_every_account_is_traceable(pompeo_store: Path, demo_store: Path,
                                    dev_store: Path) -> None:
    for store in (pompeo_store, demo_store, dev_store):
        docs = documents(store)
        accounts = api.accounts(store)
        assert accounts
        for account in accounts:
            assert_traceable(account, {d.article.id: d for d in docs.values()})


def test_scorer_of_traceability_catches_invented_text(pompeo_store: Path) -> None:
    from dataclasses import replace

    account, _, _ = _pair(pompeo_store)
    docs = {d.article.id: d for d in documents(pompeo_store).values()}
    bad = replace(account, summary=(replace(account.summary[0],
                                            text="Pompeo will travel to Mars."),))
    with pytest.raises(AssertionError):
        assert_traceable(bad, docs)


@pytest.fixture(scope="module")
def dev_stories(dev_store: Path) -> list[list[Document]]:
    store = open_store(dev_store)
    try:
        docs = {d.article.id: d for d in store.documents()}
        return [[docs[i] for i in ids] for ids in store.story_members().values()
                if len(ids) >= 2]
    finally:
        store.close()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_subset_in_any_order_fuses_to_a_traceable_account(
        dev_stories: list[list[Document]], data: st.DataObject) -> None:
    members = data.draw(st.sampled_from(dev_stories))
    k = data.draw(st.integers(min_value=1, max_value=len(members)))
    seed = data.draw(st.integers(min_value=0, max_value=10_000))
    chosen = random.Random(seed).sample(members, k)
    words = data.draw(st.sampled_from([20, 66, 150]))
    account = fuse_stage.fuse(Story("s", tuple(d.article.id for d in chosen), "t"), chosen,
                              Config(summary_words=words), build_roster(chosen))
    assert_traceable(account, {d.article.id: d for d in chosen})
    # Within the budget, and never longer than the longest article summarised.
    longest = max(len(d.article.text.split()) for d in chosen)
    assert sum(len(s.text.split()) for s in account.summary) <= min(words, longest)
    assert all(s.citations for s in account.summary)
    # Order does not change what the account says.
    again = fuse_stage.fuse(Story("s", tuple(d.article.id for d in chosen), "t"),
                            list(reversed(chosen)), Config(summary_words=words),
                            build_roster(chosen))
    assert again == account


def test_eval_summary_prints_rouge_json(tmp_path: Path) -> None:
    if not NEUS.exists():
        pytest.skip("../shared/data is not present")
    from click.testing import CliRunner

    from storyline.cli import cli

    sample = tmp_path / "neus.jsonl"
    with open(NEUS, encoding="utf-8") as f:
        sample.write_text("".join(line for _, line in zip(range(12), f, strict=False)),
                          encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "summary", str(sample), "--words", "66"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{"):])
    assert out["events"] == 12 and out["words"] == 66
    for scores in (out["rouge"], out["baselines"]["lead"]):
        assert 0.2 < scores["rouge1"] < 0.8 and 0.0 < scores["rouge2"] < scores["rouge1"]
    assert re.match(r"fuse\.", out["method"])


def test_demo_framing_distinctive_words_name_the_fog(demo_store: Path) -> None:
    ferry = _demo_account(demo_store, "ferry")
    framing = {f.outlet: f for f in ferry.framing}
    words = {w.word: w for w in framing["Brightwater Post"].distinctive}
    assert "fog" in words and words["fog"].z >= 1.0
    others = {w.word for o, f in framing.items() if o != "Brightwater Post"
              for w in f.distinctive}
    assert "fog" not in others


def test_headline_only_items_are_analysed_and_cited(tmp_path: Path) -> None:
    feed = tmp_path / "headlines.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "h1", "title": "Volcano on Iceland's Reykjanes peninsula erupts again",
         "source": "Northwind Daily"},
        {"id": "h2", "title": "Iceland volcano erupts again on Reykjanes peninsula",
         "source": "Harbour Times"}]), encoding="utf-8")
    store = tmp_path / "h.db"
    api.build([feed], store, Config())
    (account,) = api.accounts(store)
    docs = {d.article.id: d for d in documents(store).values()}
    for doc in docs.values():
        assert doc.article.text == doc.article.title and len(doc.sentences) == 1
        assert any(m.text == "Iceland" for m in doc.mentions)
    assert account.summary and all(s.citations for s in account.summary)
    assert any(f.status == "agreed" for f in account.facts)
    assert_traceable(account, docs)


def test_summary_keeps_a_title_with_the_name_the_segmenter_split_it_from() -> None:
    # The join is made at analysis now, so every stage sees one sentence.
    from storyline.stages.analyze import _joined

    def joined(before: str) -> bool:
        text = before + " Bowe Reyes spoke."
        return _joined(text, (0, len(before)), (len(before) + 1, len(text)))

    for split in ("U.S. Army Sgt.", "New York Lt.", "including Sens.", "Rear."):
        assert joined(split)
    for ended in ("He met President Trump.", "It came from the rear.", "He was 68."):
        assert not joined(ended)


def test_summary_hears_from_several_outlets_and_cites_itself_first(demo_store: Path) -> None:
    for account in api.accounts(demo_store):
        own = {(s.citations[0].article_id, s.citations[0].text) for s in account.summary}
        assert all(s.citations[0].text == s.text for s in account.summary)
        if account.independent_sources >= 3:
            outlets = {a.id: a.source for a in account.articles}
            assert len({outlets[article] for article, _ in own}) >= 3, account.title


def test_a_story_with_one_voice_still_has_a_summary(pompeo_store: Path) -> None:
    from storyline.model import Article

    (doc,) = [d for d in documents(pompeo_store).values() if d.article.ref == HILL.stem]
    empty = Document(Article(id="empty", ref="empty", title="", text="", source="Elsewhere"), ())
    account = fuse_stage.fuse(Story("s", ("empty", doc.article.id), "t"), [empty, doc],
                              Config(summary_words=60), build_roster([doc]))
    assert account.summary
    assert_traceable(account, {"empty": empty, doc.article.id: doc})


def test_summary_drops_a_dateline_but_not_the_words_of_a_lead() -> None:
    from storyline.stages._fusion_summary import trim

    for text, kept in (("WASHINGTON (AP) — The House passed it.", "The House passed it."),
                       ("SEOUL, South Korea — There was one event.", "There was one event."),
                       ("WEST PALM BEACH, Fla.—President Trump called.", "President Trump called."),
                       ("(CNN) - Patience is short.", "Patience is short."),
                       ("Washington (CNN)The Court ruled.", "The Court ruled.")):
        start, end = trim(text)
        assert text[start:end] == kept
    for text in ("In Las Vegas — a city known for fights — they fought.",
                 "US-China trade talks - resumed.",
                 "AHEAD OF THE August 2015 debate, Murdoch acted.",
                 "The economy grew—increasing 7.4%."):
        assert trim(text) == (0, len(text))
    assert trim("WASHINGTON — The House passed it.", first=False) == (0, 33)


def test_summary_keeps_a_closing_attribution() -> None:
    # Shown without it, an outlet's report of what others say reads as a plain fact.
    from storyline.stages._fusion_summary import clause_cuts, trim

    for text, who in (("Kim Jong Un recently had heart surgery, NBC News reported Tuesday, "
                       "citing American officials.", "NBC News reported"),
                      ("Masks on planes should remain mandatory for now, according to the CDC.",
                       "according to the CDC")):
        assert trim(text, first=False) == (0, len(text))
        assert all(who in text[:cut] for cut in clause_cuts(text, 0, len(text)))


def test_summary_cuts_a_sentence_only_before_a_trailing_clause() -> None:
    from storyline.stages._fusion_summary import clause_cuts

    def kept(text: str) -> list[str]:
        return [text[:cut] for cut in clause_cuts(text, 0, len(text))]

    assert kept("The Justice Department backed the ruling, signaling a shift in its "
                "position.") == ["The Justice Department backed the ruling"]
    assert kept("Missouri voters rejected the law — a victory for labor.") == [
        "Missouri voters rejected the law"]
    # The main clause may be what a cut drops; a parenthesis goes on after its end.
    assert kept("After Jones won the race in 2017 — the first win in 25 years — it "
                "seemed over, as Moore said.") == []
    assert kept("The plan, which would end private insurance, would cost a lot.") == []
    assert kept("Anna Ruch — a former aide — says he touched her, which upset her.") == [
        "Anna Ruch — a former aide — says he touched her"]


def test_summary_passes_over_the_tail_of_a_split_sentence() -> None:
    from storyline.stages._fusion_summary import fragment

    for tail in ("We affirm the history,” Biden added.", "exclaimed Sanders.",
                 'I spent a lot of time in this state," adding he worked there.'):
        assert fragment(tail)
    for whole in ("“We affirm the history,” Biden added.",
                  'House Democrats will make their case “like a violent crime prosecution" now.',
                  "Biden said he would sign it."):
        assert not fragment(whole)


def test_summary_joins_a_sentence_split_before_lower_case_words() -> None:
    # "... Sen. Bernie Sanders (I-Vt.)" + "reportedly told her ..." is one sentence.
    from types import SimpleNamespace

    from storyline.stages._fusion_summary import _runs

    texts = ["A moderator asked Sen. Elizabeth Warren what she thought when Sen. Bernie Sanders "
             "(I-Vt.)", "reportedly told her that a woman could not win.", "The debate ended."]
    doc = SimpleNamespace(article=SimpleNamespace(id="a"),
                          sentences=[SimpleNamespace(text=t) for t in texts])
    units = [SimpleNamespace(doc=doc, index=i, key=("a", i), text=t) for i, t in enumerate(texts)]
    assert [[u.index for u in run] for run in _runs(units)] == [[0, 1], [2]]


def test_summary_shows_a_quotation_of_several_sentences_whole_or_not_at_all() -> None:
    # Its middle alone would state as fact what the speaker claimed.
    from types import SimpleNamespace

    from storyline.stages._fusion_summary import _quote_depth, _runs

    texts = ["Rudy Giuliani wrote on Twitter: “The video tape doesn’t lie.",
             "Fulton County Democrats stole the election.", "It’s now beyond doubt.”",
             "Trump amplified the claim."]
    doc = SimpleNamespace(article=SimpleNamespace(id="a"),
                          sentences=[SimpleNamespace(text=t) for t in texts])
    units = [SimpleNamespace(doc=doc, index=i, key=("a", i), text=t) for i, t in enumerate(texts)]
    assert [[u.index for u in run] for run in _runs(units)] == [[0, 1, 2], [3]]
    assert _quote_depth(texts[0]) == 1 and _quote_depth(" ".join(texts[:3])) == 0
    assert _quote_depth('He said "no" twice.') == 0


def test_summary_tells_the_writers_own_voice_from_the_story() -> None:
    from storyline.stages._fusion_summary import commentary

    for own in ("I've got news for the Democratic establishment.",
                "We don’t know where the virus came from.",
                "How will Donald Trump pick his new Supreme Court nominee?",
                "But we can tell you now that he made four false claims."):
        assert commentary(own)
    for story in ("“Our nation has lost a jurist of historic stature,” Roberts said.",
                  "Sen. Bernie Sanders (I-Vt.) told US troops of World War I history.",
                  "Phase I trials began.",
                  "“Will he run?” the reporter asked.",
                  'Trump said "we will win" and left.'):
        assert not commentary(story)


def test_summary_leaves_a_dangling_bracket_to_the_next_sentence() -> None:
    from storyline.stages._fusion_summary import _DANGLING

    text = "Here is a range of op-eds for and against Joe Biden. ("
    m = _DANGLING.search(text)
    assert m and text[:m.start()] == "Here is a range of op-eds for and against Joe Biden."
    assert not _DANGLING.search("Sen. Bernie Sanders (I-Vt.)")


def test_summary_never_shows_a_line_addressed_to_the_reader() -> None:
    from storyline.stages._fusion_summary import _PROMO

    assert _PROMO.match("Watch the full 60 Minutes interview with Andrew McCabe (video).")
    assert _PROMO.match("Read more: the ruling in full.")
    assert not _PROMO.match("Watchdog groups sued the agency on Monday.")
    assert not _PROMO.match("Readers of the report found no evidence.")


def test_trimmed_summary_sentences_are_flagged_and_marked(dev_store: Path) -> None:
    store = open_store(dev_store)
    try:
        docs = {d.article.id: d for d in store.documents()}
    finally:
        store.close()
    marked = 0
    for account in api.accounts(dev_store):
        page = api.render_story(dev_store, account.story_id, "markdown")
        for s in account.summary:
            own = s.citations[0]
            sentence = docs[own.article_id].sentences[own.sentence_index]
            assert s.trimmed == ((sentence.start, sentence.end) != own.char_span)
            if s.trimmed and s.text.rstrip()[-1] not in ".!?\"”’'":
                assert f"{s.text} […]" in page
                marked += 1
    assert marked  # NeuS excerpts give some sentences cut before a trailing clause


def test_a_summary_sentence_where_the_source_text_stops_is_flagged_and_marked(
        dev_store: Path) -> None:
    """An excerpt cut mid-sentence ("... taken out of the") is shown as printed, marked […]."""
    store = open_store(dev_store)
    try:
        docs = {d.article.id: d for d in store.documents()}
    finally:
        store.close()
    for account in api.accounts(dev_store):
        page = api.render_story(dev_store, account.story_id, "markdown")
        for s in account.summary:
            own = s.citations[0]
            doc = docs[own.article_id]
            last = own.sentence_index == len(doc.sentences) - 1
            ends = doc.sentences[own.sentence_index].end == own.char_span[1]
            finished = re.search(r"[.!?…:;][\"”’')\]]*\s*$", s.text)
            assert s.unfinished == (last and ends and not finished)
            if s.unfinished:
                assert f"{s.text} […]" in page
    # A feed description cut at a word count, inside its second sentence.
    from click.testing import CliRunner

    from storyline.cli import cli

    feed = dev_store.parent / "cut-excerpt.jsonl"
    feed.write_text(json.dumps({
        "id": "cut", "title": "Skyline Air pilots strike", "date": "2024-05-08",
        "text": "Pilots at Skyline Air walked out on Wednesday over pay. The strike grounded "
                "240 flights at Hollis airport and left thousands of travellers waiting for"}
    ) + "\n", encoding="utf-8")
    store_path = dev_store.parent / "cut-excerpt.db"
    built = CliRunner().invoke(cli, ["build", str(feed), "--store", str(store_path)])
    assert built.exit_code == 0, built.output
    (account,) = api.accounts(store_path)
    page = api.render_story(store_path, account.story_id, "markdown")
    cut = [s for s in account.summary if "waiting for" in s.text]
    assert cut and cut[0].unfinished and f"{cut[0].text} […]" in page
    assert all(not s.unfinished for s in account.summary if s is not cut[0])


def test_a_claim_is_not_chained_onto_another_through_one_close_pair() -> None:
    """A sentence that states the claim of one group and more ("... released a patch; the
    flaw cannot spread") and the sentence of another outlet that states only the more do not
    pull two claims into one group through their one close pair."""
    from types import SimpleNamespace

    from storyline.stages._fusion_align import Unit, align, similar_pairs

    def unit(article: str, index: int, **vector: float) -> Unit:
        norm = sum(v * v for v in vector.values()) ** 0.5
        doc = SimpleNamespace(article=SimpleNamespace(id=article))
        return Unit(doc, index, article, article,  # type: ignore[arg-type]
                    {t: v / norm for t, v in vector.items()}, frozenset())

    units = [unit("a", 0, patch=1, browser=1, released=1),
             unit("b", 0, patch=1, browser=1, released=1, emergency=0.3),
             unit("c", 0, patch=1, browser=0.5, worm=1, spread=1),
             unit("d", 0, worm=1, spread=1, computers=0.5)]
    groups = {tuple((u.doc.article.id, u.index) for u in g)
              for g in align(units, similar_pairs(units, 0.34), 0.34)}
    assert groups == {(("a", 0), ("b", 0)), (("c", 0), ("d", 0))}


def test_the_summary_does_not_tell_one_claim_twice_in_other_words(tmp_path: Path) -> None:
    article_a = ("The Harbor Hawks fired coach Tomas Reyes on Saturday after a seventh straight "
                 "defeat at the harbour stadium. The club named assistant Emil Varga as interim "
                 "coach for the rest of the season. Reyes was fired by the Harbor Hawks on "
                 "Saturday after the seventh straight defeat, the club confirmed. Varga played "
                 "for the club for ten years before joining the coaching staff.")
    article_b = ("Emil Varga will coach the Harbor Hawks for the rest of the season, the club "
                 "said on Saturday. Fans at the harbour stadium had called for a change for "
                 "weeks. The Hawks fired Tomas Reyes after the seventh straight defeat.")
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "story", "articles": [
        {"id": "a", "title": "Hawks fire Reyes", "text": article_a, "source": "a.example.com"},
        {"id": "b", "title": "Varga takes over", "text": article_b, "source": "b.example.com"},
    ]}) + "\n", encoding="utf-8")
    api.build([path], tmp_path / "s.db", Config().replace(summary_words=200), grouped=True)
    (account,) = api.accounts(tmp_path / "s.db")
    assert len([s.text for s in account.summary if "fired" in s.text]) == 1


def _lead_story(tmp_path: Path, opening_a: str = "", opening_b: str = "") -> StoryAccount:
    article_a = (opening_a + "Mayor Ines Calloway dissolved two city advisory boards on Wednesday "
                 "after several members resigned in protest over her remarks about the dock "
                 "strike. The boards had met monthly since 2019. Her office said the work of the "
                 "boards would pass to the council staff.")
    article_b = (opening_b + "Calloway dissolved two of her economic advisory boards Wednesday, "
                 "faced with the resignations of numerous business leaders amid growing "
                 "criticism of her response to the strike. Critics said the mayor had ignored "
                 "the panels for months. The dock strike entered its third week.")
    tmp_path.mkdir()
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "story", "articles": [
        {"id": "a", "title": "Mayor ends boards", "text": article_a, "source": "a.example.com"},
        {"id": "b", "title": "Boards dissolved", "text": article_b, "source": "b.example.com"},
    ]}) + "\n", encoding="utf-8")
    api.build([path], tmp_path / "s.db", Config(), grouped=True)
    (account,) = api.accounts(tmp_path / "s.db")
    return account


def test_two_leads_that_tell_one_news_in_longer_words_are_one_agreed_fact(
        tmp_path: Path) -> None:
    """Two outlets' first sentences of one story, similar only 0.28 (each adds its own
    detail) but sharing six content words ("dissolved two ... advisory boards Wednesday"),
    are one agreed claim; the same two sentences further down the articles are not."""
    account = _lead_story(tmp_path / "lead")
    agreed = [f for f in account.facts if f.status == "agreed"]
    assert len(agreed) == 1 and "dissolved" in agreed[0].text
    assert {c.sentence_index for c in agreed[0].citations} == {0}
    later = _lead_story(tmp_path / "later", "The harbour was quiet on Thursday. ",
                        "Shops near the docks stayed shut. ")
    assert not [f for f in later.facts if f.status == "agreed"]


def test_two_leads_that_share_only_names_are_not_one_claim() -> None:
    """Leads about one person that share her name and fewer than ``LEAD_SHARED_WORDS``
    other words are two claims, however close their vectors; non-leads need
    ``fact_threshold`` as before."""
    from types import SimpleNamespace

    from storyline.stages._fusion_align import Unit, align, similar_pairs

    def unit(article: str, index: int, **vector: float) -> Unit:
        norm = sum(v * v for v in vector.values()) ** 0.5
        doc = SimpleNamespace(article=SimpleNamespace(id=article))
        return Unit(doc, index, article, article,  # type: ignore[arg-type]
                    {t.replace("AT_", "@"): v / norm for t, v in vector.items()}, frozenset())

    words = dict(dissolv=1, two=1, advisori=1, board=1)
    names_only = [unit("a", 0, AT_person_calloway=2, AT_org_council=2, sued=1, bank=1),
                  unit("b", 0, AT_person_calloway=1, AT_org_council=1, resign=2, fled=2,
                       week=2, harbour=1, strike=1)]
    shared = [unit("a", 0, AT_person_calloway=1, **words, protest=2, remark=2, member=2),
              unit("b", 0, AT_person_calloway=1, **words, leader=2, critic=2, econom=2)]
    later = [unit("a", 1, **shared[0].vector), unit("b", 1, **shared[1].vector)]
    for units, expected in ((names_only, 0), (shared, 1), (later, 0)):
        sim = sum(v * units[1].vector.get(t, 0.0) for t, v in units[0].vector.items())
        assert 0.25 <= sim < 0.34, sim
        groups = align(units, similar_pairs(units, 0.34, 0.25), 0.25)
        assert sum(len(g) == 2 for g in groups) == expected


def test_a_nationality_names_its_country_in_sentence_features() -> None:
    """"Chinese exports" and "China's exports" share China in alignment, as a city shares
    its country: the roster's weak tie (``Entity.related``) adds the country's feature."""
    from storyline.model import Article, Document, Entity, Mention, Sentence
    from storyline.stages._fusion_align import cosine, units_of
    from storyline.stages._roster import Roster

    def doc(aid: str, text: str, surface: str, label: str) -> Document:
        at = text.index(surface)
        return Document(Article(id=aid, ref=aid, title="t", text=text),
                        sentences=(Sentence(0, 0, len(text), text),),
                        mentions=(Mention(at, at + len(surface), surface, label, 0),))

    docs = [doc("a", "Chinese exports fell sharply in February, customs data showed.",
                "Chinese", "NORP"),
            doc("b", "China said its exports fell sharply in February.", "China", "GPE")]
    entities = (Entity("norp:chinese", "Chinese", "NORP", (), ("a",), ("place:chn",)),
                Entity("place:chn", "China", "GPE", (), ("b",)))
    mentions = {("a", 0): "norp:chinese", ("b", 0): "place:chn"}
    tied = units_of(docs, Roster(entities, mentions, {}))
    untied = units_of(docs, Roster((replace(entities[0], related=()), entities[1]), mentions, {}))
    assert "@place:chn" in tied[0].vector
    assert cosine(tied[0].vector, tied[1].vector) > cosine(untied[0].vector, untied[1].vector)


def test_a_point_since_which_something_is_counted_is_no_timeline_event() -> None:
    from storyline.model import Article, Document, Sentence, TimeExpr
    from storyline.stages.fuse import _timeline

    text = ("Shares sank to a three-year low on Wednesday, wiping out the gains made since the "
            "mayor took office on Jan. 20, 2017. The port reopened on March 3, 2020.")
    first = text.index(" The port") + 1
    sentences = (Sentence(0, 0, first - 1, text[:first - 1]),
                 Sentence(1, first, len(text), text[first:]))

    def time(words: str, value: str, index: int) -> TimeExpr:
        start = text.index(words)
        return TimeExpr(start, start + len(words), words, value, "day", None, index)

    doc = Document(Article(id="a", ref="a", title="t", text=text), sentences=sentences,
                   times=(time("Jan. 20, 2017", "2017-01-20", 0),
                          time("March 3, 2020", "2020-03-03", 1)))
    assert [e.date for e in _timeline([doc], {}, [])] == ["2020-03-03"]
