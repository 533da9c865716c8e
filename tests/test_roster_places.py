"""The roster's places and organisations on invented texts: a country's pattern does not
swallow another place, and one place or organisation printed several ways is one entity."""

from __future__ import annotations

import pytest

from storyline.model import Article, Document, Mention, Sentence
from storyline.stages._roster import Roster, build_roster, country_of


def _doc(aid: str, text: str, *tags: tuple[str, str]) -> Document:
    """An article whose NER tagged each (surface, label) at its every occurrence."""
    mentions = []
    for surface, label in tags:
        start = text.find(surface)
        while start >= 0:
            mentions.append(Mention(start, start + len(surface), surface, label, 0))
            start = text.find(surface, start + len(surface))
    mentions.sort(key=lambda m: m.start)
    return Document(article=Article(id=aid, ref=aid, title="t", text=text),
                    sentences=(Sentence(0, 0, len(text), text),), mentions=tuple(mentions))


def _entity(roster: Roster, aid: str, text: str, surface: str) -> str:
    return roster.mention_entity[(aid, text.index(surface))]


@pytest.mark.parametrize(("name", "iso3"), [
    ("DPRK", "PRK"), ("North Korea", "PRK"), ("Democratic People's Republic of Korea", "PRK"),
    ("Democratic People’s Republic of Korea", "PRK"), ("the U.S.", "USA"), ("U.S.", "USA"),
    ("United States of America", "USA"), ("United States", "USA"), ("USA", "USA"),
    ("Republic of Korea", "KOR"), ("South Korea", "KOR"), ("Britain", "GBR"),
    ("Great Britain", "GBR"), ("UK", "GBR"), ("U.K.", "GBR"), ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"), ("Mexico", "MEX"), ("Czech Republic", "CZE"),
    ("Democratic Republic of the Congo", "COD"), ("Bosnia and Herzegovina", "BIH"),
    ("Kingdom of Saudi Arabia", "SAU"), ("United Arab Emirates", "ARE"),
    ("People's Republic of China", "CHN"), ("Islamic Republic of Iran", "IRN"),
    ("Papua New Guinea", "PNG"), ("New Zealand", "NZL"), ("the Bahamas", "BHS"),
])
def test_a_countrys_names_still_map_to_it(name: str, iso3: str) -> None:
    found = country_of(name)
    assert found is not None and found[0] == iso3, (name, found)


@pytest.mark.parametrize("name", [
    "Persian Gulf", "Mount Cook", "Mt Cook", "New England", "Indian Naval Ship Sukanya",
    "United States-Mexico-Canada Agreement", "Gulf of Mexico", "GBS", "Korean Peninsula",
    "Mount Cook Village", "Etisalat Egypt", "South African Open",
])
def test_a_countrys_pattern_does_not_swallow_another_place(name: str) -> None:
    assert country_of(name) is None, (name, country_of(name))


def test_a_sea_or_a_mountain_named_after_a_country_is_its_own_place() -> None:
    gulf = "Tankers crossed the Persian Gulf near Iran on Friday."
    peak = "Two climbers died on Mount Cook, far from the Cook Islands."
    roster = build_roster([
        _doc("a1", gulf, ("Persian Gulf", "LOC"), ("Iran", "GPE")),
        _doc("a2", peak, ("Mount Cook", "LOC"), ("Cook Islands", "GPE"))])
    assert _entity(roster, "a1", gulf, "Iran") == "place:irn"
    assert _entity(roster, "a1", gulf, "Persian Gulf") == "gpe:persian-gulf"
    assert _entity(roster, "a2", peak, "Cook Islands") == "place:cok"
    assert _entity(roster, "a2", peak, "Mount Cook") == "gpe:mount-cook"
