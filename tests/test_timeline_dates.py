"""Which day an undated article was written, which way a weekday points, and how the
timeline lists dates. The texts are our own (invented places and people) except the
reference pair, read from ../shared/examples when it is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.model import Document
from storyline.stages.analyze import analyze
from storyline.stages.ingest import make_article

from .conftest import POMPEO, needs_pompeo


def _doc(text: str, title: str = "Harwick news", published: str | None = None) -> Document:
    article = make_article(ref="t", title=title, text=text, origin="test", published=published,
                           published_method="metadata" if published else "none")
    (doc,) = list(analyze([article]))
    return doc


# -- 1. an undated article: a weekday and a month-day only of one event -----------------------

def test_a_weekday_and_a_month_day_of_two_events_do_not_date_an_article() -> None:
    # Both past, in different sentences: the trial began on Monday, the shooting was on May 29.
    # The old last resort paired them and dated the article to a May 29 that was a Monday.
    doc = _doc("Jury selection began Monday in the trial of Dorian Vale in Harwick. Vale is "
               "accused of the shooting of a girl who was shot on the night of May 29 while "
               "she played outside her home.", title="Vale trial opens")
    assert doc.article.published is None
    assert {t.text: t.value for t in doc.times}.get("Monday") is None


def test_a_yearless_dateline_is_never_paired_with_its_leads_weekday(tmp_path: Path) -> None:
    # The dateline names the day of writing, the lead's weekday the collision; the old
    # last resort paired them anyway (the demo's ferry article: 2024-03-04, a year off).
    doc = _doc("HARWICK, March 4 (Saltmarsh Wire) -- Thick fog lay over Harwick harbour when "
               "two ferries collided on Monday, injuring nine passengers, the port said.",
               title="Ferries collide off Harwick")
    assert doc.article.published is None
    demo = Path(__file__).parents[1] / "storyline" / "demo" / "corpus"
    api.build([demo / "ferry-brightwater-post.txt"], tmp_path / "s.db", Config())
    (account,) = api.accounts(tmp_path / "s.db")
    assert [a.published for a in account.articles] == [None]


def test_a_weekday_and_a_month_day_told_of_one_event_date_the_article() -> None:
    # The same place follows the verb before each day: one trip, on Thursday, July 5.
    doc = _doc("Mayor Ilse Varga will fly to Port Anselm on Thursday for talks on the harbour. "
               "Her office said on Monday that she would leave for Port Anselm on July 5 and "
               "stay two days.", title="Varga to visit Port Anselm")
    assert doc.article.published_method == "calendar"
    assert doc.article.published == "2018-07-02"  # the Monday before Thursday, July 5, 2018
    assert {t.text: t.value for t in doc.times}.get("Thursday") == "2018-07-05"


@needs_pompeo
def test_the_reference_pair_dates_thursday_and_the_stay_until_saturday(tmp_path: Path) -> None:
    api.build(sorted(POMPEO.glob("*.txt")), tmp_path / "s.db", Config())
    (account,) = api.accounts(tmp_path / "s.db")
    assert {a.published for a in account.articles} == {"2018-07-02"}
    days = {e.text.split(" on Thursday")[0]: e.date for e in account.timeline}
    assert days["Secretary of State Mike Pompeo will travel to North Korea"] == "2018-07-05"
    (stay,) = [e for e in account.timeline if e.text.startswith("He will remain in North Korea")]
    assert stay.date == "2018-07-07"


# -- 2. which way a weekday or a month-day points --------------------------------------------

def _values(text: str, published: str) -> dict[str, str | None]:
    return {t.text: t.value for t in _doc(text, published=published).times}


def test_an_infinitive_after_a_past_verb_is_told_in_the_past() -> None:
    # Written on Wednesday 3 March 2021: both Saturdays and the Friday are behind it.
    assert _values("Dorian Vale stopped Tomas Reyes in the sixth round to keep his Harwick "
                   "title Saturday night.", "2021-03-03")["Saturday night"] == "2021-02-27"
    assert _values("Ana Lind was killed as she was on her way to attend services in Harwick "
                   "on Friday.", "2021-03-03")["Friday"] == "2021-02-26"
    assert list(_values("The Harwick cable operator was able to restore some services by "
                        "Saturday afternoon.", "2021-03-03").values())[0] == "2021-02-27"
    # A verb that looks ahead keeps its infinitive ahead.
    assert _values("Mayor Ilse Varga plans to visit Harwick on Saturday.",
                   "2021-03-03")["Saturday"] == "2021-03-06"


def test_a_preposition_before_a_days_possessive_does_not_set_its_tense() -> None:
    # Written on Monday 7 January 2019: "through" governs the vote, and "went" is past.
    assert _values("Harwick voters went through Tuesday's vote calmly.",
                   "2019-01-07")["Tuesday"] == "2019-01-01"
    # "Until" before the day itself still looks ahead, and before its possessive too.
    assert _values("The Harwick bridge was closed until Tuesday.",
                   "2019-01-07")["Tuesday"] == "2019-01-08"
    assert _values("Harwick talks were suspended until Friday's deadline.",
                   "2019-01-07")["Friday"] == "2019-01-11"


def test_a_sentence_is_listed_at_its_news_not_at_a_day_in_the_possessive(
        tmp_path: Path) -> None:
    """ "The death toll from Tuesday's earthquake rose to five on Wednesday" is Wednesday's
    news (and "from" before the possessive does not point Tuesday to next week)."""
    account = _account(tmp_path, "The death toll from Tuesday's earthquake in Harwick rose "
                       "to five on Wednesday, officials said.", "2024-05-15")
    assert [(e.date, e.text[:13]) for e in account.timeline] == [("2024-05-15", "The death tol")]


def test_a_quote_opening_after_a_day_is_no_possessive(tmp_path: Path) -> None:
    account = _account(tmp_path, "The Harwick mayor told reporters on Monday 'the talks will "
                       "resume on Thursday' at the town hall.", "2024-05-15")
    assert [e.date for e in account.timeline] == ["2024-05-13"]


def test_a_month_day_told_in_the_past_is_not_after_the_writing() -> None:
    values = _values("Ana Lind was killed on June 24 in Harwick. The trial is scheduled for "
                     "June 30.", "2007-04-12")
    assert values["June 24"] == "2006-06-24"
    assert values["June 30"] == "2007-06-30"


def _account(tmp_path: Path, text: str, published: str):  # type: ignore[no-untyped-def]
    import json

    article = {"id": "a", "title": "Harwick news", "date": published, "source": "Harwick Post",
               "text": text}
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "s", "articles": [article]}) + "\n", "utf-8")
    api.build([path], tmp_path / "s.db", Config(), grouped=True)
    (account,) = api.accounts(tmp_path / "s.db")
    return account


def test_a_sentence_is_dated_by_the_day_it_names_not_by_its_weekday(tmp_path: Path) -> None:
    # Written on Thursday 20 October 2011: "Saturday" alone would be the 15th.
    account = _account(tmp_path, "The outage, first reported on Saturday, 8 October 2011, cut "
                       "Harwick off from the mainland.", "2011-10-20T09:00:00Z")
    assert [e.date for e in account.timeline] == ["2011-10-08"]


# -- 3. the timeline's form ----------------------------------------------------------------------

def test_weeks_are_ordered_by_their_first_day(tmp_path: Path) -> None:
    # Written on Tuesday 12 May 2009: last week is 2009-W19 (May 4-10), before Saturday May 9.
    account = _account(tmp_path, "The Harwick bank settled with the regulator on Saturday. The "
                       "regulator had opened its inquiry into the bank last week.",
                       "2009-05-12T09:00:00Z")
    assert [e.date for e in account.timeline] == ["2009-W19", "2009-05-09"]


def test_a_datelines_date_is_not_a_date_of_the_lead(tmp_path: Path) -> None:
    account = _account(tmp_path, "HARWICK, March 4 (Saltmarsh Wire) -- Two ferries collided in "
                       "thick fog off Harwick on Monday, the port authority said.",
                       "2025-03-04T09:00:00Z")
    assert [e.date for e in account.timeline] == ["2025-03-03"]


def test_a_range_of_weekdays_is_one_range() -> None:
    values = _values("Mayor Ilse Varga will visit Harwick Thursday through Saturday.",
                     "2018-07-02")
    assert values["Thursday through Saturday"] == "2018-07-05/2018-07-07"


def test_a_range_of_years_keeps_its_years() -> None:
    """Only days make a range: "from 1995 through 1998" stays two years (joined, it had
    no value and its years none either)."""
    doc = _doc("Dr. Ilsa Hartmann served on the clinic's board from 1995 through 1998 and "
               "led it from 2001 until 2005.", published="2009-07-14")
    values = {t.text: t.value for t in doc.times}
    assert values.get("1995") == "1995" and values.get("1998") == "1998", values
    assert values.get("2005") == "2005", values



@pytest.mark.parametrize(("text", "published", "weekday", "expected"), [
    ("Police tried to stop the car on Sunday.", "2018-07-04", "Sunday", "2018-07-01"),
    ("Police were called after hearing an argument at the home at 8:39am on Saturday.",
     "2013-06-18", "Saturday", "2013-06-15"),
    ("The president was struggling to communicate with top aides, according to multiple "
     "reports on Wednesday.", "2021-07-01", "Wednesday", "2021-06-30"),
    ("Now there's just four teams left fighting for the automatic bid on Saturday.",
     "2013-03-08", "Saturday", "2013-03-09"),
    ("The mayor refused to comment on Monday.", "2018-07-04", "Monday", "2018-07-02"),
    ("The minister planned to travel to Kellmouth on Thursday.", "2018-07-02", "Thursday",
     "2018-07-05"),
    ("He was accused of spraying the crowd on Friday.", "2018-07-04", "Friday", "2018-06-29"),
])
def test_an_infinitive_or_gerund_takes_its_tense_only_from_a_verb_that_governs_it(
        text: str, published: str, weekday: str, expected: str) -> None:
    """After a past verb only intention looks ahead ("planned to travel"; not "tried to
    stop", "refused to comment"); a gerund is governed through a preposition of its verb
    ("accused of spraying"), not "after hearing", "left fighting" or "according to"."""
    doc = _doc(text, published=published)
    assert [t.value for t in doc.times if weekday in t.text] == [expected]


def test_a_dateline_without_a_city_dates_the_article_not_its_lead() -> None:
    """"March 4 (Reuters) -": the agency says it is a dateline; its date is no time of
    the lead sentence, which tells of Monday."""
    doc = _doc("March 4 (Reuters) - A ferry collided with a freighter off Valencia on Monday, "
               "injuring 14 people.", published="2025-03-04")
    lead = {t.text: t.value for t in doc.times if t.sentence_index == 0}
    assert lead == {"Monday": "2025-03-03"}, [(t.text, t.sentence_index) for t in doc.times]
    assert doc.sentences[0].text.startswith("A ferry")
