"""Quotes by speaker: who said what, each outlet's wording, and who reported it unquoted.

The articles are our own invented texts with fictional names, built as one grouped
story each (or analysed alone), so that only the quote rules are under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.model import QuoteGroup, StoryAccount

from .conftest import documents


def _account(tmp_path: Path, *articles: tuple[str, str, str]) -> StoryAccount:
    """One grouped story of (ref, title, text) articles."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "story.jsonl"
    record = {"id": "story", "articles": [
        {"id": ref, "title": title, "text": text, "source": f"{ref}.example.com"}
        for ref, title, text in articles]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    api.build([path], tmp_path / "s.db", Config(), grouped=True)
    (account,) = api.accounts(tmp_path / "s.db")
    return account


def _rows(account: StoryAccount, words: str) -> list[QuoteGroup]:
    return [g for g in account.quote_groups if any(words in v.text for v in g.variants)]


def test_an_outlet_that_quotes_the_words_is_not_reported_as_paraphrasing_them(
        tmp_path: Path) -> None:
    """Outlet b prints the mayor's words in quotation marks (giving them to the engineer
    who repeated them); only outlet c states them without quotes."""
    account = _account(
        tmp_path,
        ("a", "Harbour to be rebuilt",
         "Mayor Dario Kell spoke in Portvale on Monday. \u201cWe will rebuild the eastern "
         "harbour wall before the winter storms reach the town,\u201d Dario Kell said. "
         "Work starts in May."),
        ("b", "Portvale harbour plan",
         "Engineers met in Portvale on Monday. \u201cWe will rebuild the eastern harbour wall "
         "before the winter storms reach the town,\u201d said engineer Ilsa Marrow, repeating "
         "the words of Mayor Dario Kell. Work starts in May."),
        ("c", "Mayor promises harbour wall",
         "Mayor Dario Kell promised on Monday to rebuild the eastern harbour wall before "
         "winter storms reach the town. Work starts in May."))
    kell = [g for g in _rows(account, "eastern harbour wall") if "Kell" in g.speaker]
    assert kell, [(g.speaker, g.variants) for g in account.quote_groups]
    flagged = {p.citation.article_id for g in kell for p in g.paraphrases}
    ids = {a.ref: a.id for a in account.articles}
    assert ids["c"] in flagged
    assert ids["b"] not in flagged


def _quotes(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    """(quote, speaker) pairs analysis finds in one invented article."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "one.jsonl"
    data.write_text(json.dumps({"id": "one", "title": "Court hears witness", "text": text}) + "\n",
                    encoding="utf-8")
    api.build([data], tmp_path / "one.db", Config().replace(fetch=False))
    return [(q.text, q.speaker) for q in documents(tmp_path / "one.db")["one"].quotes]


def _speaker_of(pairs: list[tuple[str, str]], words: str) -> str:
    (speaker,) = [s for q, s in pairs if words in q]
    return speaker


def test_a_name_right_after_said_beats_the_first_name_after_it(tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "Harbour Labs found the flaw on Monday.\n"
        "``Everyone should install the patch before the weekend,'' said Harbour Labs senior "
        "researcher Odile Brandt.\n"
        "``That man is dangerous and must be found quickly,'' said Sgt. Piet Vorster of the "
        "Kessel County Police.\n"))
    assert _speaker_of(pairs, "install the patch") == "Odile Brandt"
    assert _speaker_of(pairs, "must be found") == "Piet Vorster"


def test_a_pronoun_speaker_is_the_one_still_speaking(tmp_path: Path) -> None:
    """Testimony told over several sentences ('he said', 'he testified') stays with the
    witness named first, not the defendant named last; a sentence without speech hands
    'he' to the person it opens with, not to the judge it ends with."""
    pairs = _quotes(tmp_path, (
        "Bram Ostrander, 22, told jurors he was at the park on the night of the shooting.\n"
        "The group had argued with rivals before, he said.\n"
        "After a scuffle near the fountain, he testified, Lorcan Veit drew the pistol.\n"
        "``Lorcan fired the shot at the car,'' he said.\n"
        "Prosecutor Hana Quell opened the case before Judge Arno Wyss.\n"
        "He said the boys rode to an area known as ``the Hollow by the river,'' where "
        "fights were common.\n"))
    assert _speaker_of(pairs, "Lorcan fired") == "Bram Ostrander"
    assert _speaker_of(pairs, "the Hollow") == "Hana Quell"


def test_a_place_speaks_only_next_to_its_cue(tmp_path: Path) -> None:
    """The street's town is no speaker; a country right before 'said' is."""
    pairs = _quotes(tmp_path, (
        "The mother of a boy shot on a Dover street last year said she heard her son cry "
        "out ``Mama, mama, I have been hit by something.''\n"
        "Portugal said it would ``send help to the flooded towns this week.''\n"))
    assert _speaker_of(pairs, "I have been hit") != "Dover"
    assert _speaker_of(pairs, "send help") == "Portugal"


def test_a_short_quoted_term_without_a_speech_cue_is_not_a_quote(tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "Veltrix said the attack used an unknown flaw, a so-called ``blue moon'' bug.\n"
        "The ``blue moon'' flaw let criminals take over computers.\n"
        "Veltrix engineer Mara Quist called the fix ``long overdue'' on Tuesday.\n"
        "``Patch now,'' Mara Quist said.\n"))
    assert not [q for q, _ in pairs if q == "blue moon"]
    assert _speaker_of(pairs, "long overdue") == "Mara Quist"
    assert _speaker_of(pairs, "Patch now") == "Mara Quist"


def test_a_quote_closed_on_a_later_line_is_one_quote(tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "The singer entered a clinic on Friday.\n"
        "``Lina Brook has checked herself into the Aster clinic.\n"
        "We ask you to respect her privacy,'' her agent Tobias Wren tells reporters.\n"))
    assert _speaker_of(pairs, "checked herself into") == "Tobias Wren"


def test_a_short_quote_printed_with_a_word_changed_is_still_one_utterance() -> None:
    """'I felt we were not moving ...' trimmed and with 'had' added is the same words; a
    different sentence sharing the content words in another order is not."""
    from storyline.stages._fusion_quotes import _stems, same_utterance

    short = "I felt we were not moving the way we had hoped to move,"
    long = "I made the change because I felt we were not moving the way we hoped to move"
    assert same_utterance(_stems(short), _stems(long), short, long)
    other = "We hoped to move, but I felt the way was not right"
    assert not same_utterance(_stems(short), _stems(other), short, other)


def test_a_speaker_after_said_may_carry_a_title_an_office_or_an_apposition(
        tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "\"We will keep talking,\" said Secretary of State Maria Castell on Saturday.\n"
        "\"The bank is sound,\" said Bank of Corvara spokesman Tomas Reyes.\n"
        "\"Stay inside,\" said Capt. Emil Varga of the harbour police.\n"
        "\"We are ready,\" said the head of the delegation, Marta Soler.\n"))
    assert _speaker_of(pairs, "keep talking") == "Maria Castell"
    assert _speaker_of(pairs, "bank is sound") == "Tomas Reyes"
    assert _speaker_of(pairs, "Stay inside") == "Emil Varga"
    assert _speaker_of(pairs, "We are ready") == "Marta Soler"


def test_a_speaker_without_an_entity_is_shown_as_printed_and_keyed_without_dots() -> None:
    """"A.J. Corwell" and "AJ Corwell" quoted by two outlets are one speaker row when no
    roster joins them, shown as the outlets print the name (not "AJ Corwell" twice)."""
    from storyline.model import Article, Document, Quote, Sentence
    from storyline.stages._fusion_quotes import _items

    def doc(aid: str, speaker: str) -> Document:
        text = f"“We will be back next season,” {speaker} said."
        return Document(Article(id=aid, ref=aid, title="t", text=text),
                        sentences=(Sentence(0, 0, len(text), text),),
                        quotes=(Quote(1, 29, text[1:29], speaker, "said", 0),))

    items = _items([doc("a", "A.J. Corwell"), doc("b", "AJ Corwell")], None,
                   {"a": "a", "b": "b"})
    assert [it.speaker_key for it in items] == ["name:aj corwell", "name:aj corwell"]
    assert [it.speaker_name for it in items] == ["A.J. Corwell", "AJ Corwell"]


# Each case: an invented article, words of one of its quotes, and a name its speaker must
# hold ("+") or must not hold ("-"), with the rule it checks.
SPEAKER_CASES = [
    # A cue after the quote's sentence has ended is the next sentence's.
    ("Governor Ilsa Marrow called the flood \u201cthe worst in a century\u201d. The river "
     "agency said the water would fall by Friday.", "worst in a century", "+Marrow"),
    ("The report found \u201cno sign of tampering with the pumps.\u201d There was no evidence "
     "of that. Engineer Odile Brandt said the pumps were simply old.", "no sign of tampering",
     "-Brandt"),
    # A quote that opens the next paragraph goes on with the same speaker.
    ("The storm reached Portvale before dawn on Monday.\n\u201cWe heard a loud crash and the "
     "windows shook,\u201d said Ana Lopez, who lives on the seafront.\n\u201cPeople ran out "
     "into the street in their night clothes.\u201d\nThe harbour stayed closed all day.",
     "People ran out", "+Ana Lopez"),
    # British outlets quote in single marks; the apostrophe of "can’t" does not end one.
    ("Fire crews were called to the warehouse at 4am.\n\u2018We can\u2019t rule anything out "
     "at this stage of the inquiry,\u2019 said Inspector Tom Gaskin.\n",
     "rule anything out at this stage of the inquiry", "+Tom Gaskin"),
    # The one "called" something is not who called it.
    ("The radio station apologised to Mayor Tomas Reed on Tuesday after a caller on its "
     "morning show called him \u201ca disgrace to the whole town\u201d.",
     "a disgrace to the whole town", "-Reed"),
    # "from Storm Ciara, Mayor Tomas Reed": the preposition governs the storm, not him.
    ("Hours after the harbour wall gave way to the waves from Storm Ciara, Mayor Tomas Reed "
     "visited the flooded streets on Monday night. \u201cToday we begin to rebuild the "
     "town,\u201d he said in a short speech.", "begin to rebuild", "+Tomas Reed"),
    # A place that modifies a job is not the speaker.
    ("The dairy closed in July after years of losses.\n\u201cIn July alone, they lost "
     "$300,000,\u201d said Portland businessman and blogger Andrew Halcrow, a critic of the "
     "board.", "they lost", "+Halcrow"),
    # "he" is not a woman the article calls Mrs.
    ("Fire chief James Steele reached the chapel at noon on Saturday.\nNobody knew whether "
     "Mrs Hartley\u2019s dispute with the chapel had anything to do with the fire.\n"
     "\u201cIt is too early to say what started it,\u201d he said.", "too early to say",
     "+Steele"),
    # "he" after a sentence opened by a role and a name (the tagger may take "Marcus Obi"
    # after "Union leader" for an organisation) is that person, not the previous speaker.
    ("Bus drivers in Harlow walked out on Monday.\n\u201cThis strike is reckless,\u201d "
     "Mayor Janet Holt told reporters. Union leader Marcus Obi rejected that. \u201cWe "
     "have been offered a pay cut for three years running,\u201d he said.",
     "offered a pay cut", "+Obi"),
]


@pytest.mark.parametrize(("text", "words", "expect"), SPEAKER_CASES)
def test_the_speaker_of_a_quote(tmp_path: Path, text: str, words: str, expect: str) -> None:
    speaker = _speaker_of(_quotes(tmp_path, text), words)
    assert (expect[1:] in speaker) == (expect[0] == "+"), speaker


def test_a_title_in_quotation_marks_is_not_a_quote(tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "Mayor Ana Lopez told the radio programme \u201cMorning Edition on the Coast\u201d that "
        "the harbour would reopen. \u201cWe will open the harbour on Friday,\u201d Lopez "
        "said."))
    assert not [q for q, _ in pairs if "Morning Edition" in q]
    assert "Lopez" in _speaker_of(pairs, "open the harbour on Friday")


def test_according_to_a_statement_from_a_body_gives_the_body(tmp_path: Path) -> None:
    pairs = _quotes(tmp_path, (
        "Transport Minister Lucia Marrow visited the port on Monday. According to a statement "
        "from the ministry, \u201cOur first concern is the families of the crew.\u201d"))
    assert _speaker_of(pairs, "families of the crew") == "the ministry"


def test_review_cases_of_continued_quotes_and_marks(tmp_path: Path) -> None:
    """A quote with a cue of its own, one after another sentence, and an interview's
    answer do not go on with the previous speaker; a plural possessive does not close a
    single-marked quote; "according to" names a speaker only as a whole phrase; "a.m."
    does not end a sentence; a question is said, not a title."""
    ford = "\u201cWe did nothing wrong,\u201d said Mayor Ann Ford.\n"
    police = _quotes(tmp_path / "1", ford + "\u201cThe suspect fled on foot,\u201d police said.")
    assert "Ford" not in _speaker_of(police, "fled on foot")
    rival = _quotes(tmp_path / "2", ford + "Her rival disagrees. \u201cThis is a cover-up and "
                    "a disgrace to the town.\u201d")
    assert "Ford" not in _speaker_of(rival, "cover-up")
    interview = _quotes(tmp_path / "3", ford + "\u201cDid you break the law?\u201d\n"
                        "\u201cAbsolutely not, we followed every rule.\u201d")
    assert "Ford" not in _speaker_of(interview, "Absolutely not")
    union = _quotes(tmp_path / "4", "\u2018I cannot say anything about the players\u2019 union "
                    "yet,\u2019 said Senator Ilsa Hartmann.")
    assert "Hartmann" in _speaker_of(union, "players\u2019 union yet")
    plan = _quotes(tmp_path / "5", "According to the ministry the drills \u201cwill continue "
                   "through the winter months.\u201d")
    assert _speaker_of(plan, "winter months") != "the ministry the drills"
    morning = _quotes(tmp_path / "6", "\u201cWe will not back down on this,\u201d Mayor Ilsa "
                      "Hartmann, who spoke at 10 a.m. Tuesday, said.")
    assert "Hartmann" in _speaker_of(morning, "back down")
    fbi = _quotes(tmp_path / "7", "The tape ran on.\n\u201cSomebody in the FBI?\u201d Nixon asked.")
    assert [q for q, _ in fbi if "FBI" in q]
