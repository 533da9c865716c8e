"""Dates an undated article leaves open are dated from its story's other articles."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import api
from storyline.config import Config
from storyline.stages.fuse import anchor_calendar_dates
from storyline.store.sqlite import open_store

# No calendar date next to the weekday: with one, analysis infers the article's own
# date from the pair, and nothing is left for the story to date.
UNDATED = ("The council will vote on the harbour plan on Thursday. A second hearing is set "
           "for next Tuesday.")


def _docs(tmp_path: Path, dates: list[str]) -> list:
    articles = [{"id": f"dated{i}", "title": "Harbour plan vote set", "date": d,
                 "text": f"Report {i}: the council of Lanford will vote on the harbour plan, "
                         f"{['officials said', 'a spokesman confirmed'][i % 2]}."}
                for i, d in enumerate(dates)]
    articles.append({"id": "undated", "title": "Harbour plan goes to a vote", "text": UNDATED})
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "harbour", "articles": articles}) + "\n", "utf-8")
    api.build([path], tmp_path / "s.db", Config(), grouped=True)
    store = open_store(tmp_path / "s.db")
    try:
        return list(store.documents())
    finally:
        store.close()


def _undated_times(docs: list) -> dict[str, str | None]:
    assert len(docs) == 3  # none taken for a duplicate of another
    (doc,) = [d for d in anchor_calendar_dates(docs) if d.article.ref == "undated"]
    assert doc.article.published is None
    return {t.text: t.value for t in doc.times}


def test_a_bare_weekday_takes_a_tight_storys_dates(tmp_path: Path) -> None:
    # Dated articles on Tuesday 3 and Wednesday 4 July 2018: "Thursday" is the 5th.
    times = _undated_times(_docs(tmp_path, ["2018-07-03T09:00:00Z", "2018-07-04T10:00:00Z"]))
    assert times["Thursday"] == "2018-07-05"
    assert times["next Tuesday"] is None  # counts from the unknown day of writing


def test_a_weekday_stays_undated_when_the_story_spans_weeks(tmp_path: Path) -> None:
    times = _undated_times(_docs(tmp_path, ["2018-07-01T09:00:00Z", "2018-07-12T10:00:00Z"]))
    assert times["Thursday"] is None
