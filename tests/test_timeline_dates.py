"""Which day an undated article was written, which way a weekday points, and how the
timeline lists dates. The texts are our own (invented places and people) except the
reference pair, read from /work/shared/examples when it is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.model import Document
from storyline.stages.analyze import analyze
from storyline.stages.ingest import make_article

POMPEO = Path("/work/shared/examples/pompeo-2018")


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


@pytest.mark.skipif(not POMPEO.is_dir(), reason="reference pair not available")
def test_the_reference_pair_dates_thursday_and_the_stay_until_saturday(tmp_path: Path) -> None:
    api.build(sorted(POMPEO.glob("*.txt")), tmp_path / "s.db", Config())
    (account,) = api.accounts(tmp_path / "s.db")
    assert {a.published for a in account.articles} == {"2018-07-02"}
    days = {e.text.split(" on Thursday")[0]: e.date for e in account.timeline}
    assert days["Secretary of State Mike Pompeo will travel to North Korea"] == "2018-07-05"
    (stay,) = [e for e in account.timeline if e.text.startswith("He will remain in North Korea")]
    assert stay.date == "2018-07-07"
