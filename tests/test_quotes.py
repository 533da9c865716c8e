"""Quotes by speaker: who said what, each outlet's wording, and who reported it unquoted.

The articles are our own invented texts with fictional names, built as one grouped
story each (or analysed alone), so that only the quote rules are under test.
"""

from __future__ import annotations

import json
from pathlib import Path

from storyline import api
from storyline.config import Config
from storyline.model import QuoteGroup, StoryAccount


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
