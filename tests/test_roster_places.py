"""The roster's places and organisations on invented texts: a country's pattern does not
swallow another place, and one place or organisation printed several ways is one entity."""

from __future__ import annotations

import pytest

from storyline.stages._roster import build_roster, country_of

from .test_roster import _doc, _entity


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


def test_an_ap_state_abbreviation_is_the_state() -> None:
    """"Rancho Mirage, Calif." and "Calif" tagged a place are California; "N. J." is New
    Jersey even where NER calls it a person; "Wash." is Washington State, not the capital's
    "Washington"; "MD" after a doctor's name and a bare "Miss" are not states."""
    a = "The singer was treated in Rancho Mirage, Calif., on Monday. California law applies."
    b = "Her clinic in Palm Springs, Calif is closed. She lived in Old Tappan, N. J., then."
    c = "Officers came from Seattle, Wash., and from Washington, where Congress sat."
    d = "Dr. Rena Voss, MD, told Miss Hale about New Jersey."
    roster = build_roster([
        _doc("a1", a, ("Calif.", "GPE"), ("California", "GPE")),
        _doc("a2", b, ("Calif", "GPE"), ("N. J.", "PERSON")),
        _doc("a3", c, ("Wash.", "GPE"), ("Washington", "GPE")),
        _doc("a4", d, ("MD", "GPE"), ("Miss", "PERSON"), ("New Jersey", "GPE"))])
    assert _entity(roster, "a1", a, "Calif.") == _entity(roster, "a1", a, "California") \
        == _entity(roster, "a2", b, "Calif") == "gpe:california"
    assert _entity(roster, "a2", b, "N. J.") == _entity(roster, "a4", d, "New Jersey")
    assert _entity(roster, "a3", c, "Wash.") == "gpe:washington-state"
    assert _entity(roster, "a3", c, "Washington") == "gpe:washington"
    assert _entity(roster, "a4", d, "MD") == "gpe:md"
    assert _entity(roster, "a4", d, "Miss") != "gpe:mississippi"
    assert roster.by_id()["gpe:california"].name == "California"


def test_a_us_organisation_is_one_however_us_is_written_and_either_way_round() -> None:
    """"U.S. Senate", "US Senate" and "United States Senate" are one; "U.S." is not dropped
    ("Senate" alone may be a state's), unless the rest is what an acronym of the corpus
    stands for ("U.S. Customs and Border Protection" and "Customs and Border Protection
    (CBP)"); "Department of Justice" is the Justice Department."""
    a = "The U.S. Senate and the US Senate met. The Senate adjourned. United States Senate."
    b = "The Department of Justice sued. The Justice Department said the State Department agreed."
    c = "The Department of State and U.S. Customs and Border Protection spoke."
    d = "Customs and Border Protection (CBP) said so. U.S. Steel fell; steel prices rose."
    roster = build_roster([
        _doc("a1", a, ("U.S. Senate", "ORG"), ("US Senate", "ORG"), ("Senate", "ORG"),
             ("United States Senate", "ORG")),
        _doc("a2", b, ("Department of Justice", "ORG"), ("Justice Department", "ORG"),
             ("State Department", "ORG")),
        _doc("a3", c, ("Department of State", "ORG"),
             ("U.S. Customs and Border Protection", "ORG")),
        _doc("a4", d, ("CBP", "ORG"), ("U.S. Steel", "ORG"))])
    senate = {_entity(roster, "a1", a, "U.S. Senate"), _entity(roster, "a1", a, "US Senate"),
              _entity(roster, "a1", a, "United States Senate")}
    assert senate == {"org:us-senate"}
    assert _entity(roster, "a1", a, "Senate adj") == "org:senate"
    assert _entity(roster, "a2", b, "Department of Justice") \
        == _entity(roster, "a2", b, "Justice Department said") == "org:justice-department"
    assert _entity(roster, "a3", c, "Department of State") \
        == _entity(roster, "a2", b, "State Department")
    assert _entity(roster, "a3", c, "U.S. Customs and Border Protection") \
        == _entity(roster, "a4", d, "CBP")
    assert _entity(roster, "a4", d, "U.S. Steel") == "org:us-steel"


def test_georgia_is_the_state_unless_the_article_speaks_of_the_country() -> None:
    """"Georgia" is the US state in English news (29 of 29 mentions in the dev data); the
    country where the article names its capital or its people."""
    state = "Georgia prosecutors say the state's death penalty rules should change."
    country = "Georgia said Russian troops crossed its border; Georgians fled Tbilisi."
    docs = [_doc("a1", state, ("Georgia", "GPE")), _doc("a2", country, ("Georgia", "GPE"))]
    roster = build_roster(docs)
    assert _entity(roster, "a1", state, "Georgia") == "gpe:georgia"
    assert _entity(roster, "a2", country, "Georgia") == "place:geo"
