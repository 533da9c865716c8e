"""When an undated article was written, and which of its dates are events.

Every text here is our own; the places and people are invented.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from storyline import api
from storyline.config import Config
from storyline.stages._dates import WeekdayMention, infer_published
from storyline.stages.analyze import analyze
from storyline.stages.ingest import make_article

TODAY = date(2026, 11, 26)


def _mentions(full: str, tenses: dict[str, str]) -> list[WeekdayMention]:
    """The weekdays of ``full`` (title, newline, text) with the tense given for each."""
    out = []
    for name, tense in tenses.items():
        at = full.lower().find(name)
        out.append(WeekdayMention(name, tense, at, full))
    return out


def _infer(title: str, text: str, weekdays: dict[str, str],
           dates: dict[str, str] | None = None) -> str | None:
    full = title + "\n" + text
    found = infer_published(title, text, _mentions(full, weekdays), dates or {}, today=TODAY)
    return found.value if found else None


def test_without_a_year_the_calendar_reading_is_the_last_resort_and_says_so() -> None:
    # July 5 fell on a Thursday in 2012 and 2018 alike: the text does not say which, so the
    # latest is taken and the evidence says the year was not given.
    title = "Reyes to open Corvara bridge"
    text = "Tomas Reyes will open the Corvara bridge on Thursday, July 5, his office said Monday."
    found = infer_published(title, text, _mentions(title + "\n" + text, {
        "thursday": "future", "monday": "past"}), {"july 5": "future"}, today=TODAY)
    assert found is not None and found.value == "2018-07-02"
    assert "no year is given" in found.evidence and found.method == "calendar"
    # A crawl date bounds the year instead (the crawl's year or the one before), and a
    # text that names a later year than any that fits leaves the day unknown.
    crawled = infer_published(title, text, _mentions(title + "\n" + text, {
        "thursday": "future", "monday": "past"}), {"july 5": "future"}, today=TODAY,
        crawled=date(2018, 9, 1))
    assert crawled is not None and crawled.value == "2018-07-02"
    assert "crawl" in crawled.evidence
    assert _infer(title, text + " Work on the bridge began in 2019.",
                  {"thursday": "future", "monday": "past"}, {"july 5": "future"}) is None
    # Two days told in different tenses are not one day.
    assert _infer("Reyes asks for delay", "Tomas Reyes asked on Wednesday to delay the vote "
                  "set for July 5.", {"wednesday": "past"}, {"july 5": "future"}) is None


def test_the_year_comes_from_the_text() -> None:
    text = ("Tomas Reyes will open the Corvara bridge on Thursday, July 5, his office said "
            "Monday. Work on the bridge began in 2012.")
    assert _infer("Reyes to open Corvara bridge", text, {"thursday": "future", "monday": "past"},
                  {"july 5": "future"}) == "2012-07-02"


def test_a_year_that_does_not_fit_the_weekday_is_not_taken() -> None:
    # July 5, 2013 was a Friday: the text's only year cannot be the bridge's; the latest
    # year after it in which July 5 was a Thursday is 2018 (a calendar reading, said so).
    text = ("Tomas Reyes will open the Corvara bridge on Thursday, July 5. Work on the bridge "
            "began in 2013.")
    title = "Reyes to open Corvara bridge"
    found = infer_published(title, text, _mentions(title + "\n" + text, {"thursday": "future"}),
                            {"july 5": "future"}, today=TODAY)
    assert found is not None and found.value.startswith("2018-07")
    assert "no year is given" in found.evidence


def test_a_date_written_with_its_year_keeps_it_and_a_birth_date_dates_nothing() -> None:
    text = ("Ana Lind was sworn in as mayor of Corvara on Tuesday, Jan. 20, 2015, before a "
            "crowd of 4,000.")
    assert _infer("Lind sworn in", text, {"tuesday": "past"}) == "2015-01-20"
    text = ("Tomas Reyes, who was born on Sunday, Aug. 17, 1913, in Corvara, has died, his "
            "family said.")
    assert _infer("Reyes dies", text, {"sunday": "past"}) is None


def test_a_weekday_and_another_day_in_one_sentence_are_not_one_day() -> None:
    # Jan. 29, 2014 was a Wednesday, but the request was made on another day.
    text = ("The mayor of Corvara asked the council on Wednesday to delay the harbour vote "
            "set for Jan. 29. The council was elected in 2014.")
    assert _infer("Vote delay sought", text, {"wednesday": "past"}) is None


def test_a_day_reported_in_the_past_is_not_after_the_writing() -> None:
    # Dec. 9, 2014 was a Tuesday; the report was written then or after, not the
    # Wednesday before.
    text = ("The Corvara health office released its water report on Tuesday, Dec. 9, and "
            "officials said Wednesday the wells were safe. The wells were dug in 2014.")
    assert _infer("Water report out", text, {"tuesday": "past", "wednesday": "past"},
                  {"dec. 9": "past"}) == "2014-12-09"


def test_a_background_date_is_not_the_day_of_the_news() -> None:
    # March 11, 2005 was a Friday; the news is the sentencing on a Saturday since.
    text = ("Tomas Reyes was sentenced Saturday to life in prison for the shooting at the "
            "Corvara courthouse. Reyes opened fire in the courthouse on March 11, 2005, "
            "killing two guards.")
    assert _infer("Reyes sentenced", text, {"saturday": "past"},
                  {"march 11, 2005": "past"}) is None


def test_a_year_to_come_does_not_discard_the_date_reported() -> None:
    text = ("The Corvara council approved the new library on Dec. 19, 2005. The building is "
            "due to be finished in June 2010.")
    assert _infer("Library approved", text, {}, {"dec. 19, 2005": "past",
                                                  "june 2010": "future"}) == "2005-12-19"


def test_day_month_dates_and_date_stamps_are_read() -> None:
    assert _infer("Harbour plan passed", "The Corvara council passed the harbour plan on "
                  "14 June 2013.", {}) == "2013-06-14"
    # A date on a line of its own under the headline is the page's stamp, whatever
    # days the story then reports.
    assert _infer("Harbour plan passed", "Published: 17 June 2013, 09:40\nThe Corvara council "
                  "passed the harbour plan on Friday, after the vote of 3 May 2011 failed.",
                  {"friday": "past"}) == "2013-06-17"


def test_no_date_is_after_today() -> None:
    # Dec. 6, 2026 is a Sunday still to come.
    text = "The 2026 Corvara festival closes on Sunday, Dec. 6, the organisers said."
    assert _infer("Festival dates set", text, {"sunday": "future"},
                  {"dec. 6": "future"}) is None


def test_times_that_name_no_event_are_not_dated() -> None:
    text = ("Tomas Reyes drove his 2008 Bentley to the Corvara council on Monday. The council "
            "meets on the second Tuesday of every month. Its software is updated on Patch "
            "Tuesday. The hall was built in the 1930's and restored in 2019.")
    article = make_article(ref="hall", title="Reyes at the council", text=text, origin="test",
                           published="2021-03-03", published_method="metadata")
    (doc,) = list(analyze([article]))
    values = {t.text: t.value for t in doc.times}
    assert values.get("Monday") == "2021-03-01"
    assert values.get("2019") == "2019"
    assert not [(t.text, t.value) for t in doc.times if t.value and (
        "2008" in t.text or "1930" in t.text or "every" in t.text or
        text[t.start - 6:t.start] == "Patch ")]


def test_a_sentence_is_listed_once_in_the_timeline(tmp_path: Path) -> None:
    articles = [
        {"id": "a", "title": "Corvara harbour plan passes", "date": "2021-03-03T09:00:00Z",
         "source": "Corvara Post",
         "text": "The Corvara council passed the harbour plan on Monday, ahead of the budget "
                 "vote on Thursday. Tomas Reyes, the mayor, welcomed the vote."},
        {"id": "b", "title": "Harbour plan approved", "date": "2021-03-03T11:00:00Z",
         "source": "Lanford Times",
         "text": "Councillors in Corvara approved the harbour plan after a long debate. Ana "
                 "Lind called it a mistake."}]
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "harbour", "articles": articles}) + "\n", "utf-8")
    api.build([path], tmp_path / "s.db", Config(), grouped=True)
    (account,) = api.accounts(tmp_path / "s.db")
    listed = [c.sentence_index for e in account.timeline for c in e.citations
              if c.article_id == next(a.id for a in account.articles if a.ref == "a")]
    assert listed.count(0) == 1
    (event,) = [e for e in account.timeline if e.text.startswith("The Corvara council passed")]
    assert event.date == "2021-03-01"  # its first day named, Monday


def test_a_date_followed_by_a_preposition_or_after_will_the_name_still_dates() -> None:
    """'during', 'amid' after a date do not make it the name of an event; 'Will' the name
    and 'due to' the cause do not put a date in the future."""
    assert _infer("Vote", "The council of Corvara voted on May 2, 2013 during a late "
                  "session.", {}) == "2013-05-02"
    assert _infer("Wedding", "Will Reyes married Ana Lind on Dec. 31, 1997 in Corvara.",
                  {}) == "1997-12-31"
    assert _infer("Final", "Due to heavy rain, the final was played on May 2, 2013 in "
                  "Corvara.", {}) == "2013-05-02"
    assert _infer("Attack", "Two of the September 11, 2001 attackers trained in Corvara, "
                  "officials said.", {}) is None
