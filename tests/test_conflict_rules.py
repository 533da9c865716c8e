"""Number, date and hedge conflicts: outlets that count, date or vouch for one thing differently.

The articles are our own, built as one grouped story each, so that what is compared
is fixed and only the conflict rules are under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.model import StoryAccount


def _account(tmp_path: Path, *articles: tuple[str, ...]) -> StoryAccount:
    """One grouped story of (ref, title, text[, publication date]) articles."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "story.jsonl"
    record = {"id": "story", "articles": [
        {"id": ref, "title": title, "text": text, "source": f"{ref}.example.com",
         **({"date": rest[0]} if rest else {})}
        for ref, title, text, *rest in articles]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    api.build([path], store, Config(), grouped=True)
    (account,) = api.accounts(store)
    return account


def _numbers(account: StoryAccount) -> list[set[str]]:
    return [{side.value for side in c.sides} for c in account.conflicts if c.slot == "number"]


def test_one_count_of_one_thing_differs(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Quake shakes island", "Police said 18 people were injured when the quake shook "
         "the island of Varna on Sunday morning."),
        ("b", "Island quake injures dozen", "Police said 12 people were injured when the quake "
         "shook the island of Varna on Sunday morning."))
    assert {"18", "12"} in _numbers(account)


LENGTH_CASES = [
    # A length of time is a count: "would last 48 hours" against "is due to last 72 hours"
    # (the verb "last" is no stretch, as "the last 10 games" is).
    ("Union leader Ivo Brandt said the Harlow bus strike would last 48 hours.",
     "The Harlow bus strike is due to last 72 hours, union leader Ivo Brandt said.",
     [{"48 hours", "72 hours"}]),
    # One year and two years count one unit.
    ("A Harlow court sentenced Tomas Varga to one year in prison for the fraud on Monday.",
     "A Harlow court sentenced Tomas Varga to two years in prison for the fraud on Monday.",
     [{"one year", "two years"}]),
    # Held 48 hours and closed 72 hours are two things.
    ("The Harlow port authority held the cargo ship for 48 hours after the storm.",
     "The Harlow port authority closed the harbour for 72 hours after the storm.", []),
]


@pytest.mark.parametrize(("first", "second", "expected"), LENGTH_CASES)
def test_lengths_of_time_of_one_thing_differ_and_of_two_do_not(
        tmp_path: Path, first: str, second: str, expected: list[set[str]]) -> None:
    account = _account(tmp_path, ("a", "Harlow news", first), ("b", "Harlow report", second))
    found = _numbers(account)
    assert all(e in found for e in expected) and (expected or found == [])


def test_numbers_said_of_different_things_do_not_conflict(tmp_path: Path) -> None:
    # Same counted noun, similar sentences, but one counts people inside, the other
    # people rescued from a balcony.
    account = _account(
        tmp_path,
        ("a", "Fire at the bank", "Firefighters said as many as 20 people were inside the "
         "bank on Harbour Street when the fire started."),
        ("b", "Bank fire", "Firefighters rescued five people from a balcony of the bank on "
         "Harbour Street when the fire started."))
    assert _numbers(account) == []


def test_numbers_of_different_people_do_not_conflict_but_one_persons_do(
        tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Harriers lose final", "Tom Belcourt scored 14 points and Ivan Moreau scored "
         "11 points for the Harriers in the final."),
        ("b", "Final ends in defeat", "The Harriers were led by 11 points from Ivan Moreau, "
         "while Tom Belcourt had 12 points in the final."))
    values = _numbers(account)
    assert len(values) == 1
    assert values[0] == {"14", "12"}  # Belcourt's; Moreau's 11 is printed by both


def test_an_outlet_that_prints_both_values_counts_two_things(tmp_path: Path) -> None:
    # Outlet a gives both the stretch and the season figures; b gives the season one.
    account = _account(
        tmp_path,
        ("a", "Ortega traded", "Ortega hit 13 homers with the Hawks after the trade. "
         "Ortega hit 33 homers this season for the Hawks and the Owls."),
        ("b", "Ortega moves on", "Ortega hit 33 homers this season for the Hawks and the "
         "Owls."))
    assert _numbers(account) == []


def test_different_units_and_clock_times_are_not_compared(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Office evacuated", "The office building, about 15 miles north of Lanford, "
         "was evacuated. Updated 18:50 GMT."),
        ("b", "Offices cleared", "The office building, about 24km north of Lanford, was "
         "evacuated. Updated 19:04 GMT."))
    assert _numbers(account) == []


def _dates(account: StoryAccount) -> list[set[str]]:
    return [{side.value for side in c.sides} for c in account.conflicts if c.slot == "date"]


def test_outlets_dating_one_event_differently_conflict(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Cable cut", "Engineers restored the Kestrel cable link on 8 October 2011 after "
         "the outage.", "2011-10-10T09:00:00Z"),
        ("b", "Cable repaired", "Engineers restored the Kestrel cable link on 12 October 2011 "
         "after the outage.", "2011-10-13T09:00:00Z"))
    assert len(_dates(account)) == 1
    # The conflict says what was dated in the words printed, not their stems.
    (conflict,) = [c for c in account.conflicts if c.slot == "date"]
    assert conflict.description.startswith("date differs (restored cable link):")


def test_a_weekday_and_the_date_it_names_do_not_conflict(tmp_path: Path) -> None:
    # 8 October 2011 was a Saturday; b's article is dated a week later, so its bare
    # "Saturday" is read as the 15th: our anchor is off, the outlets agree.
    account = _account(
        tmp_path,
        ("a", "Cable cut", "Engineers restored the Kestrel cable link on 8 October 2011 after "
         "the outage.", "2011-10-10T09:00:00Z"),
        ("b", "Cable repaired", "Engineers restored the Kestrel cable link on Saturday after "
         "the outage.", "2011-10-17T09:00:00Z"))
    assert _dates(account) == []


def test_relative_dates_from_guessed_anchors_do_not_conflict(tmp_path: Path) -> None:
    # Neither article has a date of its own; each is dated from a weekday named with
    # a calendar day in its text (its year the one the text names, 2018), and
    # "Thursday" and "yesterday" count from those guesses of the writing day, so they
    # are no ground for a conflict.
    account = _account(
        tmp_path,
        ("a", "Singer dies", "The singer Mara Quill died on Thursday at a hospital in "
         "Lanford, her agent said. She toured in 2018. Her funeral will be held on "
         "Monday, July 9."),
        ("b", "Mara Quill dies", "The singer Mara Quill died late yesterday at a hospital in "
         "Lanford, her agent said. She toured in 2018. A memorial concert is planned for "
         "Tuesday, July 10."))
    docs = {a.ref: a for a in account.articles}
    assert docs["a"].published_method == docs["b"].published_method == "inferred"
    assert _dates(account) == []


def _hedges(account: StoryAccount) -> list[tuple[tuple[str, ...], ...]]:
    """Per hedge conflict: each side's value, outlets and first sentence."""
    return [tuple((side.value, *side.sources, side.citations[0].text) for side in c.sides)
            for c in account.conflicts if c.slot == "qualifier" and "hedge" in c.description]


def test_a_hedge_conflicts_with_the_flat_restatement_only(tmp_path: Path) -> None:
    """"reportedly" and "according to reports" both decline to vouch: one side. The flat
    side is the outlet that states the hedged sentence flatly, cited by that sentence."""
    hedged_a = "The mayor of Corvara reportedly resigned on Monday after the budget vote."
    hedged_b = ("The mayor of Corvara resigned on Monday after the budget vote, according to "
                "reports.")
    flat = "The mayor of Corvara resigned on Monday after the budget vote."
    account = _account(
        tmp_path,
        ("a", "Corvara mayor quits", f"{hedged_a} The council meets again in May."),
        ("b", "Mayor of Corvara resigns", f"{hedged_b} Her deputy takes over."),
        ("c", "Corvara mayor resigns", f"The council of Corvara met on Monday. {flat} "
         "Her deputy takes over until an election is held."))
    (conflict,) = _hedges(account)
    hedged_side, flat_side = conflict
    assert hedged_side[:3] == ("reportedly; according to reports", "a.example.com",
                               "b.example.com")
    assert hedged_side[3] in (hedged_a, hedged_b)
    assert flat_side == ("(none)", "c.example.com", flat)


def test_a_hedge_with_no_flat_restatement_is_no_conflict(tmp_path: Path) -> None:
    """A sentence close to the hedged one only through the hedge's own words ("believe")
    does not restate it."""
    account = _account(
        tmp_path,
        ("a", "Corvara deal", "The deal is believed to be done. The council meets again "
         "in May."),
        ("b", "Corvara council", "Can you believe it? The council meets again in May."))
    assert _hedges(account) == []


def test_one_persons_values_that_meet_do_not_conflict(tmp_path: Path) -> None:
    """An outlet that gives the person both the other's count and another count of
    something else agrees with it."""
    account = _account(
        tmp_path,
        ("a", "Varga charged", "Prosecutors said Emil Varga was charged with one count of "
         "attempted murder after the shooting in Corvara."),
        ("b", "Varga in court", "Prosecutors said Emil Varga was charged with one count of "
         "attempted murder and two counts of arson after the shooting in Corvara."))
    assert _numbers(account) == []


def test_a_value_the_other_side_prints_too_is_not_disputed(tmp_path: Path) -> None:
    """"32 million ... compared with 55.3 million a decade ago" prints both; "12 were
    arrested" counts something else than "12 people were injured"."""
    both = _account(
        tmp_path / "both",
        ("a", "Festival crowds", "Organisers said 55,000 people came to the Corvara harbour "
         "festival this summer."),
        ("b", "Festival shrinks", "Organisers said about 32,000 people came to the Corvara "
         "harbour festival this summer, compared with 55,000 a decade ago."))
    assert _numbers(both) == []
    other = _account(
        tmp_path / "other",
        ("a", "Riot in Corvara", "Police said 18 people were injured in the riot on Harbour "
         "Street and 12 were arrested."),
        ("b", "Corvara riot", "Police said 12 people were injured in the riot on Harbour "
         "Street."))
    assert {"18", "12"} in _numbers(other)


def test_scopes_of_one_meaning_do_not_conflict(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Coach steps in", "Assistant coach Tomas Reyes will lead the Harbor Hawks for "
         "the rest of the season, the club said on Monday."),
        ("b", "Hawks name coach", "Assistant coach Tomas Reyes will lead the Harbor Hawks for "
         "the remainder of the season, the club said on Monday."))
    assert [c for c in account.conflicts if c.slot == "qualifier"] == []


def test_a_stretch_is_not_set_against_a_total(tmp_path: Path) -> None:
    """"his first 17 passes" counts a stretch of the game, not all of it; so does "the
    first eight points"."""
    account = _account(
        tmp_path,
        ("a", "Hawks win", "Quarterback Emil Varga completed his first 17 passes as the Harbor "
         "Hawks beat Corvara on Sunday."),
        ("b", "Varga leads Hawks", "Quarterback Emil Varga completed 29 of 34 passes as the "
         "Harbor Hawks beat Corvara on Sunday."))
    assert _numbers(account) == []
    points = _account(
        tmp_path / "points",
        ("a", "Hawks win", "Centre Tomas Reyes scored 11 points in the second half as the Harbor "
         "Hawks beat Corvara on Sunday."),
        ("b", "Reyes leads Hawks", "Centre Tomas Reyes scored five of the first eight points in "
         "the second half as the Harbor Hawks beat Corvara on Sunday."))
    assert _numbers(points) == []


def test_dates_of_posting_are_not_event_dates(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Crash on Harbour Street", "A driver hit a cyclist on Harbour Street in Corvara. "
         "This was posted in Road Accidents and Local News on Friday, September 20, 2013."),
        ("b", "Corvara crash", "A driver hit a cyclist on Harbour Street in Corvara. This was "
         "posted in Road Accidents and Local News on Wednesday, September 18, 2013."))
    assert [c for c in account.conflicts if c.slot == "date"] == []


def test_a_flat_sentence_must_state_what_the_hedge_qualifies(tmp_path: Path) -> None:
    """"was reportedly found near Gray" is not restated by a sentence that says what the
    revolver held, however alike the two are otherwise."""
    account = _account(
        tmp_path,
        ("a", "Shooting in Corvara", "Police say the revolver loaded with four bullets was "
         "reportedly found near Gray."),
        ("b", "Corvara shooting", "Police say the revolver was loaded with four bullets."))
    assert _hedges(account) == []


def test_what_a_hedge_governs_ends_with_its_clause(tmp_path: Path) -> None:
    """"apparently intended to fire a Taser[, not a handgun, as the man struggled with
    police]": the shared words after the comma do not make the other sentence a
    restatement."""
    account = _account(
        tmp_path,
        ("a", "Shooting in Corvara", "The officer who shot a man during a traffic stop in "
         "Corvara apparently intended to fire a Taser, not a handgun, as the man struggled "
         "with police."),
        ("b", "Corvara shooting", "A man died after a police officer shot him during a "
         "traffic stop in Corvara, as the man struggled with police."))
    assert _hedges(account) == []


def test_counts_limited_to_a_stretch_meet_only_counts_limited_alike(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Reyes out for season", "Harbor Hawks back Tomas Reyes has 189 rushing yards in "
         "his last two games before the injury."),
        ("b", "Hawks lose Reyes", "Harbor Hawks back Tomas Reyes has 498 rushing yards this "
         "season before the injury."))
    assert _numbers(account) == []
    alike = _account(
        tmp_path / "alike",
        ("a", "Reyes out for season", "Harbor Hawks back Tomas Reyes has 189 rushing yards in "
         "his last two games before the injury."),
        ("b", "Hawks lose Reyes", "Harbor Hawks back Tomas Reyes has 198 rushing yards in "
         "his last two games before the injury."))
    assert {"189", "198"} in _numbers(alike)


def test_scopes_of_different_things_do_not_conflict(tmp_path: Path) -> None:
    """"much of the season" and "some of the younger players" quantify different things;
    "more than half of the 40 candidates" and "almost all of the 40 candidates" one."""
    account = _account(
        tmp_path,
        ("a", "Hawks fire coach", "The Harbor Hawks fired coach Tomas Reyes, who kept centre "
         "Emil Varga on the bench for much of the season."),
        ("b", "Reyes fired", "The Harbor Hawks fired coach Tomas Reyes after some of the "
         "younger players said they had not developed on the bench."))
    assert [c for c in account.conflicts if c.slot == "qualifier"] == []
    same = _account(
        tmp_path / "same",
        ("a", "Corvara votes", "More than half of the 40 candidates running for the council in "
         "Corvara on Sunday are from the Harbour Party."),
        ("b", "Corvara election", "Almost all of the 40 candidates running for the council in "
         "Corvara on Sunday are from the Harbour Party."))
    (conflict,) = [c for c in same.conflicts if c.slot == "qualifier"]
    assert {side.value for side in conflict.sides} == {"half of", "almost all"}


def test_counts_since_a_month_or_combined_are_not_set_against_totals(tmp_path: Path) -> None:
    since = _account(
        tmp_path,
        ("a", "Teen shot in Corvara", "Police said Tomas Reyes had been arrested four times "
         "on charges of theft before the shooting in Corvara."),
        ("b", "Corvara shooting", "Police said Tomas Reyes had been arrested three times since "
         "October on charges of theft before the shooting in Corvara."))
    assert _numbers(since) == []
    combined = _account(
        tmp_path / "combined",
        ("a", "Hawks sign Varga", "Emil Varga hit 13 homers in 54 games with the Harbor Hawks "
         "last season before the trade to Corvara."),
        ("b", "Varga signs", "Emil Varga hit 33 homers in a combined 157 games with the Harbor "
         "Hawks and Corvara last season before the trade."))
    assert not [s for s in _numbers(combined) if s == {"54", "157"}]


def test_a_scoring_run_is_a_stretch_even_with_its_score_inside(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Hawks win", "During the game ’ s deciding 15 - 2 run, Emil Varga scored twice "
         "and blocked two shots for the Harbor Hawks against Corvara."),
        ("b", "Varga leads Hawks", "Emil Varga scored 11 points and blocked six shots for the "
         "Harbor Hawks against Corvara."))
    assert _numbers(account) == []


def test_a_report_citing_sources_hedges_like_according_to_sources(tmp_path: Path) -> None:
    """Both decline to vouch (unnamed sources): one side, not a conflict. Against a flat
    restatement, "citing sources" hedges what comes before the reporting outlet."""
    both = _account(
        tmp_path,
        ("a", "Watchdog faults Reyes", "The city's inspector general has concluded that police "
         "chief Tomas Reyes defied the council at times during his tenure in Corvara, "
         "according to sources."),
        ("b", "Reyes faulted", "The inspector general of Corvara has concluded that police chief "
         "Tomas Reyes defied the council at times during his tenure, the Harbour Gazette "
         "reported Wednesday, citing sources familiar with a draft report."))
    assert _hedges(both) == []
    flat = _account(
        tmp_path / "flat",
        ("a", "Watchdog faults Reyes", "The city's inspector general has concluded that police "
         "chief Tomas Reyes defied the council at times during his tenure in Corvara."),
        ("b", "Reyes faulted", "The inspector general of Corvara has concluded that police chief "
         "Tomas Reyes defied the council at times during his tenure, the Harbour Gazette "
         "reported Wednesday, citing sources familiar with a draft report."))
    assert [{side[0] for side in c} for c in _hedges(flat)] == [{"citing sources", "(none)"}]


def test_a_sentence_that_names_its_source_is_no_flat_side(tmp_path: Path) -> None:
    """"shot and killed a man, according to police" vouches no more than "allegedly shot
    and killed a man" does; "shot and killed a man" alone does."""
    hedged = ("A former employee walked into the staff party at a Corvara bakery on Friday and "
              "allegedly shot and killed a man.")
    attributed = _account(
        tmp_path,
        ("a", "Shooting at Corvara party", hedged),
        ("b", "Corvara party shooting", "A former employee walked into the staff party at a "
         "Corvara bakery on Friday and shot and killed a man, according to police."))
    assert _hedges(attributed) == []
    flat = _account(
        tmp_path / "flat",
        ("a", "Shooting at Corvara party", hedged),
        ("b", "Corvara party shooting", "A former employee walked into the staff party at a "
         "Corvara bakery on Friday and shot and killed a man."))
    assert [{side[0] for side in c} for c in _hedges(flat)] == [{"allegedly", "(none)"}]


def test_a_sentence_that_also_names_the_other_day_does_not_conflict(tmp_path: Path) -> None:
    account = _account(
        tmp_path,
        ("a", "Quake jolts Varna", "An earthquake measuring 5.6 jolted the island of Varna off "
         "the southern coast on Sunday, followed by several aftershocks on Monday.",
         "2011-10-10T09:00:00Z"),
        ("b", "Varna quake", "A 5.6 magnitude earthquake hit the island of Varna off the "
         "southern coast on Sunday, injuring five people.", "2011-10-10T09:00:00Z"))
    assert _dates(account) == []
    other = _account(
        tmp_path / "other",
        ("a", "Quake jolts Varna", "An earthquake measuring 5.6 jolted the island of Varna off "
         "the southern coast on Monday, followed by several aftershocks.",
         "2011-10-10T09:00:00Z"),
        ("b", "Varna quake", "A 5.6 magnitude earthquake hit the island of Varna off the "
         "southern coast on Sunday, injuring five people.", "2011-10-10T09:00:00Z"))
    assert len(_dates(other)) == 1


def test_claimed_lives_is_no_attribution(tmp_path: Path) -> None:
    """"claimed three lives" names no source: the sentence is a flat side."""
    account = _account(
        tmp_path,
        ("a", "Corvara fire", "The warehouse fire in Corvara on Sunday reportedly claimed three "
         "lives."),
        ("b", "Fire in Corvara", "The warehouse fire in Corvara on Sunday claimed three lives."))
    assert [{side[0] for side in c} for c in _hedges(account)] == [{"reportedly", "(none)"}]


def test_a_compound_modifier_is_not_what_is_counted(tmp_path: Path) -> None:
    """"one rocket propelled grenade launcher" counts a launcher: it does not dispute "two
    rockets"; a count of the same head noun still does."""
    account = _account(
        tmp_path,
        ("a", "Navy seizes pirate arms", "The arms seized from the pirate boat off Corvara "
         "included five rifles, eight loaded magazines, a rocket-propelled grenade launcher "
         "with two rockets and a box of grenades."),
        ("b", "Pirates disarmed", "The arms on the pirate boat off Corvara included five "
         "rifles, one rocket propelled grenade launcher, grenades and eight magazines."))
    assert _numbers(account) == []
    heads = _account(
        tmp_path / "heads",
        ("a", "Navy seizes pirate arms", "The navy said the arms seized from the pirates off "
         "Corvara included two rocket propelled grenade launchers, grenades and rifles."),
        ("b", "Pirates disarmed", "The navy said the arms seized from the pirates off Corvara "
         "included one rocket-propelled grenade launcher, grenades and rifles."))
    assert {"two", "one"} in _numbers(heads)
    final = _account(  # the head ends the sentence on one side, a comma on the other
        tmp_path / "final",
        ("a", "Navy seizes pirate arms", "The navy said the arms seized from the pirates off "
         "Corvara included two rocket-propelled grenade launchers."),
        ("b", "Pirates disarmed", "The navy said the arms seized from the pirates off Corvara "
         "included one rocket-propelled grenade launcher, a spokesman said."))
    assert {"two", "one"} in _numbers(final)
    verb = _account(  # "killed last week" is the verb: people are counted
        tmp_path / "verb",
        ("a", "Varna attack", "The attack on the Varna market left eight people killed last "
         "week, police said."),
        ("b", "Varna market attack", "The attack on the Varna market left five people killed, "
         "police said."))
    assert {"eight", "five"} in _numbers(verb)


def test_a_figure_the_other_outlet_prints_elsewhere_is_not_disputed(tmp_path: Path) -> None:
    """Two seasons: one outlet gives last season's 793 yards, then this season's 269 in
    another sentence; the other gives this season's 269. Without the second sentence the
    two figures do conflict."""
    first = ("a", "Varga placed on injured reserve", "The Harbor Hawks placed running back "
             "Emil Varga on injured reserve on Tuesday. He finished with 269 yards and two "
             "touchdowns rushing.")
    both = _account(
        tmp_path / "both", first,
        ("b", "Hawks lose Varga", "The Harbor Hawks placed running back Emil Varga on injured "
         "reserve on Tuesday. He finished with 793 yards and six touchdowns rushing. This "
         "season he missed ten games and had only 269 yards and two touchdowns on 83 carries."))
    assert _numbers(both) == []
    one = _account(
        tmp_path / "one", first,
        ("b", "Hawks lose Varga", "The Harbor Hawks placed running back Emil Varga on injured "
         "reserve on Tuesday. He finished with 793 yards and six touchdowns rushing."))
    assert {"269 yards", "793 yards"} in _numbers(one)
    teammate = _account(
        tmp_path / "teammate", first,
        ("b", "Hawks lose Varga", "The Harbor Hawks placed running back Emil Varga on injured "
         "reserve on Tuesday. He finished with 793 yards and six touchdowns rushing. His "
         "teammate Tomas Reyes had 269 yards."))
    assert {"269 yards", "793 yards"} in _numbers(teammate)  # another person's figure
    injured = _account(
        tmp_path / "injured",
        ("a", "Blast in Varna", "Police said eight people were killed in the Varna market "
         "blast on Sunday."),
        ("b", "Varna blast", "Police said five people were killed in the Varna market blast "
         "on Sunday. Another eight people were injured, the hospital said."))
    assert {"eight", "five"} in _numbers(injured)  # eight said of something else


def test_a_report_date_is_the_date_of_the_saying_not_of_what_was_said() -> None:
    from storyline.stages._fusion_conflicts import _reports, _same_lead

    def reports(sentence: str, date: str) -> bool:
        start = sentence.index(date)
        return _reports(sentence, 0, len(sentence), start, start + len(date))

    assert reports("The company said on Monday that the line would reopen.", "Monday")
    assert reports("The mayor told reporters late Monday that the line would reopen.", "Monday")
    assert reports("During Monday's press briefing the mayor spoke of the line.", "Monday")
    assert reports("On Monday, the company said the line would reopen.", "Monday")
    assert not reports("The regulator opened an inquiry into the breach, which the company "
                       "said it detected on October 11.", "October 11")
    assert not reports("The breach was detected on October 9, the company said.", "October 9")
    # Dates of one event, in other words, against an aftershock's and a quake's days.
    assert _same_lead("breach compani detect said", "breach detect inquiri said")
    assert not _same_lead("aftershock iranian island shook sixth southern",
                          "coast earthquak hit island magnitud southern")
