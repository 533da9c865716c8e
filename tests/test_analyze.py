from __future__ import annotations

from pathlib import Path

import pytest

from storyline import api
from storyline.stages._dates import infer_published, normalise, parse_anchor

from .conftest import HILL, XINHUA, documents


def _times(store: Path, ref: str) -> dict[str, set]:
    out: dict[str, set] = {}
    for t in documents(store)[ref].times:
        out.setdefault(t.text, set()).add(t.value)
    return out


def test_undated_reference_articles_get_an_inferred_date_with_evidence(pompeo_store: Path) -> None:
    # "Thursday" and "July 5" name one day; neither text names a year, so the evidence says
    # the year is a reading of the calendar (the latest in which July 5 was a Thursday).
    for ref in (HILL.stem, XINHUA.stem):
        article = documents(pompeo_store)[ref].article
        assert article.published == "2018-07-02"
        assert article.published_method == "calendar"
        assert "Thursday" in article.published_evidence
        assert "no year is given" in article.published_evidence


@pytest.mark.parametrize("store", ["pompeo_store", "pompeo_dated_store"])
def test_relative_dates_are_made_absolute(store: str, request: pytest.FixtureRequest) -> None:
    pompeo_dated_store = request.getfixturevalue(store)
    hill = _times(pompeo_dated_store, HILL.stem)
    assert hill["Thursday"] == {"2018-07-05"}
    assert hill["Saturday"] == {"2018-07-07"}
    assert hill["last month"] == {"2018-06"}
    xinhua = _times(pompeo_dated_store, XINHUA.stem)
    assert xinhua["June 12"] == {"2018-06-12"}
    assert "2018-07-05" in xinhua["Thursday"]


@pytest.mark.parametrize(("text", "tense", "expected"), [
    ("Thursday", "future", "2018-07-05"),
    ("Thursday", "past", "2018-06-28"),
    ("Thursday through Saturday", "future", "2018-07-05/2018-07-07"),
    ("last month", "past", "2018-06"),
    ("yesterday", "past", "2018-07-01"),
    ("within a year", "future", None),
    ("10 Jun 18", "past", "2018-06-10"),  # day, month, short year: not June 18
])
def test_normalise_against_a_monday(text: str, tense: str, expected: str | None) -> None:
    assert normalise(text, parse_anchor("2018-07-02"), tense).value == expected


def test_quotes_have_speakers_in_both_articles(pompeo_store: Path) -> None:
    docs = documents(pompeo_store)
    for ref in (HILL.stem, XINHUA.stem):
        speakers = {q.speaker for q in docs[ref].quotes if "progress" in q.text}
        assert any("Sanders" in s for s in speakers)
        assert any("State Department" in q.speaker for q in docs[ref].quotes)


def test_roster_merges_aliases_and_keeps_sung_kim_apart(pompeo_store: Path) -> None:
    roster = {e.name: e for e in api.list_entities(pompeo_store)}
    aliases = {a.name for a in roster["North Korea"].aliases}
    assert {"North Korea", "DPRK", "Democratic People's Republic of Korea"} <= aliases
    assert {"Sarah Sanders", "Sarah Huckabee Sanders"} <= {
        a.name for a in roster["Sarah Huckabee Sanders"].aliases}
    assert "Trump" in {a.name for a in roster["Donald Trump"].aliases}
    assert "Sung Kim" in roster and "Kim Jong Un" in roster
    assert "Sung Kim" not in {a.name for a in roster["Kim Jong Un"].aliases}


def test_roster_handles_names_unknown_to_the_person_index() -> None:
    from storyline.model import Article, Document, Mention, Sentence
    from storyline.stages._roster import build_roster

    text = "Acme Corp hired John Smith. Smith said Acme would grow."
    doc = Document(
        article=Article(id="a1", ref="a1", title="t", text=text),
        sentences=(Sentence(0, 0, 27, text[:27]), Sentence(1, 28, len(text), text[28:])),
        mentions=(Mention(0, 9, "Acme Corp", "ORG", 0), Mention(16, 26, "John Smith", "PERSON", 0),
                  Mention(28, 33, "Smith", "ORG", 1), Mention(39, 43, "Acme", "ORG", 1)))
    roster = build_roster([doc])
    assert roster.mention_entity[("a1", 28)] == "person:john-smith"
    assert roster.mention_entity[("a1", 0)].startswith("org:")


def test_inferred_date_is_the_latest_full_date_reported_not_the_first() -> None:
    text = ("The actress Della Marsh, who was born on April 22, 1923, in Lanford, died on "
            "December 11, 2008, her agent said. A memorial will be held on January 9, 2009.")
    tenses = {"april 22, 1923": "past", "december 11, 2008": "past",
              "january 9, 2009": "future"}
    inference = infer_published("Della Marsh dies", text, [], tenses)
    assert inference is not None
    assert inference.value == "2008-12-11"
    # A date of history, in a text that names a later year, is not when it was written.
    assert infer_published("Source dies", "When Nixon left office on Aug. 9, 1974, the two "
                           "reporters had not met him; they did so in 2008.", [], {}) is None
    # A birth date alone dates nothing.
    assert infer_published("Della Marsh dies", "Della Marsh, who was born on April 22, "
                           "1923, in Lanford, has died, her agent said.", [], {}) is None


def test_a_full_date_past_the_lead_does_not_date_the_article() -> None:
    """The day of a rampage told in the sixth paragraph is history, not when a report of
    the sentencing was written: the article stays undated. The same date in the lead
    dates it."""
    lead = ("A judge in Corvara handed Tomas Varga four life sentences today for the "
            "courthouse shooting. ")
    filler = "The families of the victims sat in the front row and listened in silence. " * 6
    history = "Varga was on trial for theft when on March 11, 2005 he seized a guard's gun."
    tenses = {"march 11, 2005": "past"}
    assert infer_published("Varga sentenced", lead + filler + history, [], tenses) is None
    dated = infer_published("Varga sentenced", history + " " + lead + filler, [], tenses)
    assert dated is not None and dated.value == "2005-03-11"


def test_a_length_of_time_is_a_number_and_a_point_in_time_is_not() -> None:
    from storyline.model import Article
    from storyline.stages.analyze import analyze

    text = ("The strike in Corvara would last 48 hours. Tomas Varga was sentenced to 25 "
            "years in prison. The bridge opened two years ago. Varga, 52 years old, served "
            "4 1/2 months in 2019. The 10-year Corvara bond fell and the seven-day average "
            "rose. A vote is due two weeks from now.")
    (doc,) = analyze([Article(id="x", ref="x", title="Corvara", text=text,
                              published="2024-06-03", published_method="metadata")])
    durations = {n.text: n.value for n in doc.numbers if n.label == "DURATION"}
    assert durations == {"48 hours": 48.0, "25 years": 25.0}


def test_sentences_are_not_split_after_titles_initials_or_decimal_points() -> None:
    from storyline.model import Article
    from storyline.stages.analyze import analyze

    text = ("The suspect shot Deputy Sgt. Hoyt Reyes, who had followed him outside.\n"
            "W. Tomas Varga Sr., the former harbour master, died on Sunday.\n"
            "Varga averaged 14. 4 points and 6. 9 assists in Corvara.\n"
            "The old warehouse at 325 E. Dahlia Ave. was known across the city. It burned.\n"
            "Sales rose in 2012. 2013 was worse.")
    (doc,) = analyze([Article(id="x", ref="x", title="Corvara", text=text)])
    assert [s.text for s in doc.sentences] == [
        "The suspect shot Deputy Sgt. Hoyt Reyes, who had followed him outside.",
        "W. Tomas Varga Sr., the former harbour master, died on Sunday.",
        "Varga averaged 14. 4 points and 6. 9 assists in Corvara.",
        "The old warehouse at 325 E. Dahlia Ave. was known across the city.", "It burned.",
        "Sales rose in 2012.", "2013 was worse."]
    # An initial before a word that opens sentences ends one ("Plan B. Nobody objected").
    from storyline.stages.analyze import _joined

    text = "They chose Plan B. Nobody objected. George W. Bush spoke."
    assert not _joined(text, (0, 18), (19, 35))
    assert _joined(text, (36, 45), (46, 58))


def test_a_line_longer_than_spacy_takes_is_analysed_in_pieces_with_exact_offsets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A text with no line breaks that is longer than spaCy's ``max_length`` (a million
    characters: too slow for a test, so both limits are made small here) is analysed in
    pieces cut at sentence ends; every span is still an offset into the whole text."""
    from storyline.model import Article
    from storyline.stages import analyze as analyze_stage

    nlp = analyze_stage.load_nlp()
    monkeypatch.setattr(nlp, "max_length", 3_000)
    monkeypatch.setattr(analyze_stage, "MAX_PIECE", 1_000, raising=False)
    monkeypatch.setattr(analyze_stage, "PIPE_CHARS", 2_500, raising=False)
    sentence = "Mayor Ana Lopez opened the new bridge in Brennholm on Friday. "
    text = "A short first line.\n" + sentence * 120 + "\nThe end."
    (doc,) = analyze_stage.analyze([Article(id="x", ref="x", title="Bridge", text=text)])
    assert [s.text for s in doc.sentences] == ["A short first line."] + \
        [sentence.strip()] * 120 + ["The end."]
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
    places = [m for m in doc.mentions if m.text == "Brennholm"]
    assert len(places) == 120
    assert all(text[m.start:m.end] == "Brennholm" and
               doc.sentences[m.sentence_index].start <= m.start for m in places)
    assert all(text[t.start:t.end] == t.text for t in doc.times)


def test_pieces_of_a_long_line_join_to_the_line_and_keep_their_offsets() -> None:
    from storyline.stages.analyze import _pieces

    line = "One two three. Four five six seven. " * 40
    pieces = _pieces(line, 500, 100)
    assert "".join(p for _, p in pieces) == line
    assert all(len(p) <= 100 and p.endswith(". ") for _, p in pieces)
    assert all(line[off - 500:off - 500 + len(p)] == p for off, p in pieces)
    # No sentence end in reach: cut after a space; no space either: cut at the limit.
    words = _pieces("word " * 100, 0, 64)
    assert all(p.endswith(" ") and len(p) <= 64 for _, p in words)
    assert "".join(p for _, p in words) == "word " * 100
    assert [len(p) for _, p in _pieces("x" * 250, 0, 100)] == [100, 100, 50]
