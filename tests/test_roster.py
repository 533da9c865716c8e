"""The corpus-wide roster on invented texts: aliases merged, different things kept apart."""

from __future__ import annotations

from dataclasses import replace

from storyline.model import Article, Document, Mention, Sentence
from storyline.stages._roster import Roster, build_roster


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


def _rain(n: int, place: str) -> list[Document]:
    """``n`` articles on the weather in ``place``: a corpus large enough that a name two
    articles share is rare."""
    return [_doc(f"f{i}", f"Rain fell on {place} for the {i}th day.", (place, "GPE"))
            for i in range(n)]


HALVARD = "Coach Orrin Halvard praised the Marsh Hill side after the final whistle."
TOWN = "The storm reached Halvard on Monday and closed the ferry."
TOWN2 = "Repairs in Halvard will take a month, the council said."


def test_a_place_is_not_merged_into_a_person_named_elsewhere_with_the_same_word() -> None:
    docs = [_doc("a1", HALVARD, ("Orrin Halvard", "PERSON")),
            _doc("a2", TOWN, ("Halvard", "GPE")),
            _doc("a3", TOWN2, ("Halvard", "GPE"))]
    roster = build_roster(docs)
    assert _entity(roster, "a1", HALVARD, "Orrin Halvard") == "person:orrin-halvard"
    assert _entity(roster, "a2", TOWN, "Halvard") == "gpe:halvard"
    assert _entity(roster, "a3", TOWN2, "Halvard") == "gpe:halvard"


def test_a_team_or_town_is_not_a_first_name() -> None:
    """NER calls "Velmont Rangers" a person once; "Velmont" is still the town."""
    match = "The Velmont Rangers beat Corwen. Velmont fans cheered."
    town = "Floods hit Velmont overnight."
    team = "Velmont signed a new striker."
    docs = [_doc("a1", match, ("Velmont Rangers", "PERSON"), ("Velmont", "GPE")),
            _doc("a2", town, ("Velmont", "GPE")),
            _doc("a3", team, ("Velmont", "PERSON"))]
    roster = build_roster(docs)
    assert not _entity(roster, "a1", match, "Velmont fans").startswith("person:")
    assert _entity(roster, "a2", town, "Velmont") == "gpe:velmont"
    assert _entity(roster, "a3", team, "Velmont") == "gpe:velmont"  # mostly a place


def test_a_mistagged_surname_still_joins_the_person_the_article_names() -> None:
    """The evidence that is kept: the same article names the person in full."""
    full = "Tessa Marlowe won the vote. Marlowe thanked her staff."
    first = "Iselle Dunrow, 9, was hurt. Iselle was treated in Corwen."
    docs = [_doc("a1", full, ("Tessa Marlowe", "PERSON"), ("Marlowe", "ORG")),
            _doc("a2", first, ("Iselle Dunrow", "PERSON"), ("Iselle", "GPE"))]
    roster = build_roster(docs)
    assert _entity(roster, "a1", full, "Marlowe thanked") == "person:tessa-marlowe"
    assert _entity(roster, "a2", first, "Iselle was") == "person:iselle-dunrow"


def test_a_junior_is_found_by_his_surname_but_not_merged_with_his_father() -> None:
    text = "Arlo Penhale Jr. escaped on Monday. Penhale was caught in Corwen."
    father = "Arlo Penhale ran the mill for decades."
    docs = [_doc("a1", text, ("Arlo Penhale Jr.", "PERSON"), ("Penhale", "ORG"),
                 ("Corwen", "GPE")),
            _doc("a2", father, ("Arlo Penhale", "PERSON"))]
    roster = build_roster(docs)
    junior = _entity(roster, "a1", text, "Arlo Penhale Jr.")
    assert _entity(roster, "a1", text, "Penhale was") == junior
    assert _entity(roster, "a2", father, "Arlo Penhale") != junior


def test_one_organisation_printed_several_ways_is_one_entity() -> None:
    texts = {
        "a1": "Patients at the Orla Venn Centre rested. Brisk Hollow Distribution Ltd. paid.",
        "a2": "The Orla Venn Center opened a wing. Brisk Hollow Distribution said so.",
        "a3": "The L. A. Harbour Court ruled. The L.A. Harbour Court sat again.",
        "a4": "A judge at the LA Harbour Court agreed.",
    }
    tags = {"a1": [("Orla Venn Centre", "ORG"), ("Brisk Hollow Distribution Ltd.", "ORG")],
            "a2": [("Orla Venn Center", "ORG"), ("Brisk Hollow Distribution", "ORG")],
            "a3": [("L. A. Harbour Court", "ORG"), ("L.A. Harbour Court", "ORG")],
            "a4": [("LA Harbour Court", "ORG")]}
    roster = build_roster([_doc(a, t, *tags[a]) for a, t in texts.items()])

    def ids(*pairs: tuple[str, str]) -> set[str]:
        return {_entity(roster, a, texts[a], s) for a, s in pairs}

    assert len(ids(("a1", "Orla Venn Centre"), ("a2", "Orla Venn Center"))) == 1
    assert len(ids(("a1", "Brisk Hollow Distribution Ltd."),
                   ("a2", "Brisk Hollow Distribution"))) == 1
    assert len(ids(("a3", "L. A. Harbour Court"), ("a3", "L.A. Harbour Court"),
                   ("a4", "LA Harbour Court"))) == 1
    assert len(ids(("a1", "Orla Venn Centre"), ("a1", "Brisk Hollow Distribution Ltd."),
                   ("a3", "L. A. Harbour Court"))) == 3


def test_a_police_rank_is_a_title_not_part_of_the_name() -> None:
    first = "Constable Reuben Tolley found the car. Tolley called for help."
    second = "Reuben Tolley said the road was closed."
    docs = [_doc("a1", first, ("Constable Reuben Tolley", "PERSON"), ("Tolley", "PERSON")),
            _doc("a2", second, ("Reuben Tolley", "PERSON"))]
    roster = build_roster(docs)
    assert _entity(roster, "a1", first, "Constable Reuben Tolley") == "person:reuben-tolley"
    assert _entity(roster, "a1", first, "Tolley called") == "person:reuben-tolley"
    assert _entity(roster, "a2", second, "Reuben Tolley") == "person:reuben-tolley"


def test_an_office_word_alone_is_not_a_persons_surname() -> None:
    """NER calls "Dalmont White House" a person; "House" is still the chamber."""
    text = "The Dalmont White House pushed the bill, but the House voted it down."
    doc = _doc("a1", text, ("Dalmont White House", "PERSON"))
    chamber = text.index("House voted")
    doc = Document(article=doc.article, sentences=doc.sentences, mentions=(
        *doc.mentions, Mention(chamber, chamber + 5, "House", "ORG", 0)))
    roster = build_roster([doc])
    assert roster.mention_entity[("a1", chamber)] == "org:house"


def test_who_after_a_name_makes_it_a_person_unless_it_is_mostly_a_place() -> None:
    """"Vasquez, who appointed Ferrer" is the Vasquez named in full in another article on
    Ferrer; "Halvard, who lost to Corwen" is the town's side, not Orrin Halvard; and
    "Vasquez, who scored twice" in a match report that shares no name with her articles is
    not Elena Vasquez."""
    appointed = "Vasquez, who appointed Ferrer last week, spoke on Monday."
    lost = "Halvard, who lost to Corwen on Sunday, sacked its coach."
    scored = "Vasquez, who scored twice, led Corwen to a win over Marsh Hill."
    named = "President Elena Vasquez named Ferrer to a new cabinet."
    docs = [_doc("a1", HALVARD, ("Orrin Halvard", "PERSON")),
            _doc("a2", TOWN, ("Halvard", "GPE")),
            _doc("a3", TOWN2, ("Halvard", "GPE")),
            _doc("a4", lost, ("Halvard", "GPE")),
            _doc("a5", named, ("Elena Vasquez", "PERSON"), ("Ferrer", "PERSON")),
            _doc("a6", appointed, ("Vasquez", "ORG"), ("Ferrer", "PERSON")),
            _doc("a7", scored, ("Vasquez", "ORG"), ("Corwen", "GPE"), ("Marsh Hill", "GPE"))]
    roster = build_roster(docs)
    assert _entity(roster, "a6", appointed, "Vasquez") == "person:elena-vasquez"
    assert _entity(roster, "a4", lost, "Halvard") == "gpe:halvard"
    assert _entity(roster, "a7", scored, "Vasquez") != "person:elena-vasquez"


def test_initials_printed_with_or_without_dots_are_one_person() -> None:
    """"A.J. Corwell", "A. J. Corwell" and "AJ Corwell" are one person, named as most
    outlets print him; his surname alone joins him, and a different first name does not."""
    dots = "A.J. Corwell kicked three goals in Halden."
    short = "Corwell was named man of the match."
    spaced = "Coach A. J. Corwell rested on Sunday."
    plain = "AJ Corwell signed a new deal with the Harbor Hawks."
    again = "A.J. Corwell will start on Sunday."
    other = "Tomas Corwell, his brother, watched from the stand."
    docs = [_doc("a1", dots, ("A.J. Corwell", "PERSON")), _doc("a6", short, ("Corwell", "PERSON")),
            _doc("a2", spaced, ("A. J. Corwell", "PERSON")),
            _doc("a3", plain, ("AJ Corwell", "PERSON")),
            _doc("a4", again, ("A.J. Corwell", "PERSON")),
            _doc("a5", other, ("Tomas Corwell", "PERSON"))]
    roster = build_roster(docs)
    ids = {_entity(roster, "a1", dots, "A.J. Corwell"), _entity(roster, "a2", spaced, "A. J."),
           _entity(roster, "a3", plain, "AJ Corwell"), _entity(roster, "a4", again, "A.J."),
           _entity(roster, "a6", short, "Corwell")}
    assert len(ids) == 1
    (person,) = [e for e in roster.entities if e.id in ids]
    assert person.name == "A.J. Corwell"
    assert _entity(roster, "a5", other, "Tomas Corwell") not in ids


def test_a_nickname_or_a_middle_initial_is_the_same_person_when_the_articles_agree() -> None:
    """"Mike Danforth" (a nickname) and "Michael T. Danforth" are one person where their
    articles share a name that is not everywhere (the Varno Port Authority); a middle
    initial agrees with a middle name ("Frederick C. Osk" = "Frederick Cheney Osk"), and
    a leading initial may be left out ("W. Orrin Keel" = "Orrin Keel").
    "Jamie Danforth" is a nickname of James but not of Michael, and "James Danforth",
    whose articles share nothing with Jamie's, stays a person of his own."""
    long = "Michael T. Danforth, head of the Varno Port Authority, resigned on Monday."
    nick = "Mike Danforth left the Varno Port Authority after six years."
    jamie = "Jamie Danforth won the Corwen chess open."
    james = "James Danforth opened a bakery in Tallin Bay."
    fred = "Frederick C. Osk chaired the hearing in Marlow with W. Orrin Keel."
    full = "Frederick Cheney Osk ran the Marlow inquiry, Orrin Keel said."
    fillers = _rain(8, "Halden")
    docs = [_doc("a1", long, ("Michael T. Danforth", "PERSON"), ("Varno Port Authority", "ORG")),
            _doc("a2", nick, ("Mike Danforth", "PERSON"), ("Varno Port Authority", "ORG")),
            _doc("a3", jamie, ("Jamie Danforth", "PERSON"), ("Corwen", "GPE")),
            _doc("a4", james, ("James Danforth", "PERSON"), ("Tallin Bay", "GPE")),
            _doc("a5", fred, ("Frederick C. Osk", "PERSON"), ("Marlow", "GPE"),
                 ("W. Orrin Keel", "PERSON")),
            _doc("a6", full, ("Frederick Cheney Osk", "PERSON"), ("Marlow", "GPE"),
                 ("Orrin Keel", "PERSON")), *fillers]
    roster = build_roster(docs)
    michael = _entity(roster, "a1", long, "Michael T. Danforth")
    assert _entity(roster, "a2", nick, "Mike Danforth") == michael
    jamie_id, james_id = (_entity(roster, "a3", jamie, "Jamie Danforth"),
                          _entity(roster, "a4", james, "James Danforth"))
    assert len({michael, jamie_id, james_id}) == 3
    assert _entity(roster, "a5", fred, "Frederick C. Osk") == \
        _entity(roster, "a6", full, "Frederick Cheney Osk")
    assert _entity(roster, "a5", fred, "W. Orrin Keel") == \
        _entity(roster, "a6", full, "Orrin Keel")
    (person,) = [e for e in roster.entities if e.id == michael]
    assert {a.name for a in person.aliases} == {"Michael T. Danforth", "Mike Danforth"}


def test_a_common_word_capitalised_to_open_a_sentence_is_no_name() -> None:
    """NER tags "Arson" (opening "Arson investigators ...") a person; the corpus prints
    "arson" in lower case, so it is a word. A surname the article gives in full is kept
    even where the corpus uses the word in lower case ("grey" the colour)."""
    arson = "Arson investigators searched the Corwen warehouse on Monday."
    later = "Police suspect arson, and the arson squad was called to a second arson case."
    grey = "Tomas Grey was hurt. Grey lived in Halden. A grey car, a grey van and a grey bus left."
    docs = [_doc("a1", arson, ("Arson", "PERSON"), ("Corwen", "GPE")),
            _doc("a2", later),
            _doc("a3", grey, ("Tomas Grey", "PERSON"))]
    at = grey.index("Grey lived")  # tagged here only, not inside "Tomas Grey"
    second = grey.index("A grey")
    docs[2] = replace(docs[2], mentions=(*docs[2].mentions,
                                         Mention(at, at + 4, "Grey", "PERSON", 1)),
                      sentences=(Sentence(0, 0, at - 1, grey[:at - 1]),
                                 Sentence(1, at, second - 1, grey[at:second - 1]),
                                 Sentence(2, second, len(grey), grey[second:])))
    roster = build_roster(docs)
    assert ("a1", arson.index("Arson")) not in roster.mention_entity
    assert _entity(roster, "a1", arson, "Corwen") == "gpe:corwen"
    assert not [e for e in roster.entities if e.name == "Arson"]
    assert roster.mention_entity[("a3", at)] == "person:tomas-grey"
    shell = "Shell said on Monday it would sell the field. The deal with Shell closes in May."
    shells = "A shell hit the school, and a second shell hit the market. No shell was found."
    roster = build_roster([_doc("b1", shell, ("Shell", "ORG")), _doc("b2", shells)])
    assert ("b1", 0) in roster.mention_entity  # the article capitalises it mid-sentence


def test_a_name_printed_only_in_a_title_case_headline_is_no_full_name() -> None:
    """NER reads a headline's capitals as a name ("... Picked Anna Sorel As Gala Host");
    "Gala Host" printed only there is no person for "Gala" elsewhere to join."""
    headline = "Five Thoughts on Why the Board Picked Anna Sorel As Gala Host\nThe board met."
    gala = "The Gala drew a crowd to Marlow, and Anna Sorel was praised."
    usual = ("The host picked a theme. Our thoughts: the host was picked well, and the "
             "board's thoughts were kind. A host was picked, thoughts were shared.")
    docs = [_doc("a1", headline, ("Anna Sorel", "PERSON"), ("Gala Host", "PERSON")),
            _doc("a2", gala, ("Gala", "PERSON"), ("Anna Sorel", "PERSON"), ("Marlow", "GPE")),
            _doc("a3", usual), _doc("a4", usual)]
    roster = build_roster(docs)
    assert _entity(roster, "a2", gala, "Gala") != _entity(roster, "a1", headline, "Gala Host")
    assert _entity(roster, "a2", gala, "Anna Sorel") == _entity(roster, "a1", headline,
                                                               "Anna Sorel")


def test_a_name_spelt_one_letter_apart_is_one_person_where_the_articles_agree() -> None:
    """"Qasem Soleimani" and "Qassem Soleimani" (and "[Qasem] Soleimani") in articles on
    one event are one man; "John Tarrow" and "Joan Tarrow", his wife in the same
    articles, are two: both are given names of their own."""
    one = "Qasem Soleimani met John Tarrow in Varno. Joan Tarrow said the talks went well."
    two = "Qassem Soleimani left Varno after talks with John Tarrow and Joan Tarrow."
    three = "[Qasem] Soleimani was in Varno."
    fillers = _rain(8, "Halden")
    docs = [_doc("a1", one, ("Qasem Soleimani", "PERSON"), ("John Tarrow", "PERSON"),
                 ("Joan Tarrow", "PERSON"), ("Varno", "GPE")),
            _doc("a2", two, ("Qassem Soleimani", "PERSON"), ("John Tarrow", "PERSON"),
                 ("Joan Tarrow", "PERSON"), ("Varno", "GPE")),
            _doc("a3", three, ("[Qasem] Soleimani", "PERSON"), ("Varno", "GPE")), *fillers]
    roster = build_roster(docs)
    soleimani = _entity(roster, "a1", one, "Qasem Soleimani")
    assert _entity(roster, "a2", two, "Qassem Soleimani") == soleimani
    assert _entity(roster, "a3", three, "[Qasem] Soleimani") == soleimani
    assert _entity(roster, "a1", one, "John Tarrow") != _entity(roster, "a1", one, "Joan Tarrow")


def test_a_plural_after_the_is_a_group_and_a_rank_alone_is_no_one() -> None:
    """NER tags a team a person ("the Harriers"); a plural the corpus prints after "the"
    is a group. "Sgt." tagged alone names no one; "Sgt. Ana Pell" is Ana Pell."""
    match = "The Harriers opened the scoring, and the Harriers held on to beat Corwen."
    again = "Coach Tomas Vell said the Harriers played well. Sgt. Ana Pell kept order."
    docs = [_doc("a1", match, ("Harriers", "PERSON"), ("Corwen", "GPE")),
            _doc("a2", again, ("Tomas Vell", "PERSON"), ("Harriers", "PERSON"),
                 ("Sgt.", "PERSON"), ("Ana Pell", "PERSON"))]
    roster = build_roster(docs)
    assert _entity(roster, "a1", match, "Harriers") == "org:harriers"
    assert _entity(roster, "a2", again, "Harriers") == "org:harriers"
    assert ("a2", again.index("Sgt.")) not in roster.mention_entity
    assert _entity(roster, "a2", again, "Ana Pell") == "person:ana-pell"


def test_a_name_without_its_first_word_is_the_same_person_named_as_most_print_it() -> None:
    """"Comedian Lena Marsh" (a descriptor NER kept) and "Lena Marsh" are one person, named
    and keyed as the two articles that print "Lena Marsh" do; "Lucia Ferro", known by her
    second name, is "Ana Lucia Ferro" where the articles agree."""
    one = "Comedian Lena Marsh will host the Halden gala with Ana Lucia Ferro."
    two = "Lena Marsh hosted the Halden gala before, Lucia Ferro said."
    three = "Lena Marsh and Ana Lucia Ferro met in Halden."
    fillers = _rain(8, "Corwen")
    docs = [_doc("a1", one, ("Comedian Lena Marsh", "PERSON"), ("Ana Lucia Ferro", "PERSON"),
                 ("Halden", "GPE")),
            _doc("a2", two, ("Lena Marsh", "PERSON"), ("Lucia Ferro", "PERSON"), ("Halden", "GPE")),
            _doc("a3", three, ("Lena Marsh", "PERSON"), ("Ana Lucia Ferro", "PERSON"),
                 ("Halden", "GPE")), *fillers]
    roster = build_roster(docs)
    marsh = _entity(roster, "a1", one, "Comedian Lena Marsh")
    assert marsh == _entity(roster, "a2", two, "Lena Marsh") == "person:lena-marsh"
    assert roster.by_id()[marsh].name == "Lena Marsh"
    assert _entity(roster, "a2", two, "Lucia Ferro") == _entity(roster, "a1", one,
                                                               "Ana Lucia Ferro")


def test_a_first_name_printed_bare_far_more_than_a_person_is_named_is_not_theirs() -> None:
    """"Tamsin" in five articles on the Tamsin prize (NER tags it a person) is not Tamsin
    Vell, named in full in one article on the prize; "Ida" printed bare in one article
    beside Ida Karr's is her."""
    vell = "Tamsin Vell of Marlow Arts judged the prize with Ida Karr at Tolland Hall."
    prize = [f"The Tamsin went to a Marlow Arts film, the {i}th of its kind."
             for i in range(5)]
    ida = "Ida thanked Tolland Hall for the prize."
    fillers = _rain(60, "Corwen")
    docs = [_doc("a1", vell, ("Tamsin Vell", "PERSON"), ("Marlow Arts", "ORG"),
                 ("Ida Karr", "PERSON"), ("Tolland Hall", "FAC")),
            *[_doc(f"p{i}", t, ("Tamsin", "PERSON"), ("Marlow Arts", "ORG"))
              for i, t in enumerate(prize)],
            _doc("a2", ida, ("Ida", "PERSON"), ("Tolland Hall", "FAC")), *fillers]
    roster = build_roster(docs)
    assert _entity(roster, "p0", prize[0], "Tamsin") == "person:tamsin"
    assert _entity(roster, "a2", ida, "Ida") == _entity(roster, "a1", vell, "Ida Karr")


def test_review_cases_names_ranks_and_scripts() -> None:
    """Cases a review found: a shorter printing still joins a person whose key moved to a
    nickname ("Charles Schumer" with "Chuck Schumer" and "Charles E. Schumer"); one shared
    place does not make "Christina Evans" the "Chris" of "Chris Evans" (Chris stands for many
    names); a rank alone names no one; a state's name that is a person's stays a person;
    "the Harris campaign" votes for Kamala Harris, not an organisation; names in other
    scripts or with accents get ids of their own."""
    a = "Chuck Schumer spoke in Albany. Gen. Dale Oran said so. President said nothing."
    b = "Charles E. Schumer of Albany voted."
    c = "Charles Schumer voted in Albany. Christina Evans was in Atlanta."
    d = "Chuck Schumer left Albany. Georgia Lee won; Georgia said she was glad."
    e = "The Harris campaign grew. Kamala Harris spoke. Harris said she would go to Iowa."
    g = "Chris Evans was in Atlanta."
    f = "Владимир Путин met Си Цзиньпин. Thomas Müller and Thomas Möller played."
    fillers = _rain(40, "Corwen")
    roster = build_roster([
        _doc("a", a, ("Chuck Schumer", "PERSON"), ("Albany", "GPE"), ("Gen.", "PERSON"),
             ("Dale Oran", "PERSON"), ("President", "PERSON")),
        _doc("b", b, ("Charles E. Schumer", "PERSON"), ("Albany", "GPE")),
        _doc("g", g, ("Chris Evans", "PERSON"), ("Atlanta", "GPE")),
        _doc("c", c, ("Charles Schumer", "PERSON"), ("Albany", "GPE"),
             ("Christina Evans", "PERSON"), ("Atlanta", "GPE")),
        _doc("d", d, ("Chuck Schumer", "PERSON"), ("Albany", "GPE"), ("Georgia Lee", "PERSON"),
             ("Georgia", "PERSON")),
        _doc("e", e, ("Harris", "PERSON"), ("Kamala Harris", "PERSON"), ("Iowa", "GPE")),
        _doc("f", f, ("Владимир Путин", "PERSON"), ("Си Цзиньпин", "PERSON"),
             ("Thomas Müller", "PERSON"), ("Thomas Möller", "PERSON")), *fillers])
    schumer = _entity(roster, "a", a, "Chuck Schumer")
    assert _entity(roster, "b", b, "Charles E. Schumer") == schumer
    assert _entity(roster, "c", c, "Charles Schumer") == schumer
    assert _entity(roster, "g", g, "Chris Evans") != _entity(roster, "c", c, "Christina Evans")
    assert ("a", a.index("Gen.")) not in roster.mention_entity
    assert ("a", a.index("President")) not in roster.mention_entity
    assert _entity(roster, "d", d, "Georgia said").startswith("person:")
    assert {_entity(roster, "e", e, "Harris campaign"),
            _entity(roster, "e", e, "Harris said")} == {"person:kamala-harris"}
    ids = {_entity(roster, "f", f, n) for n in
           ("Владимир Путин", "Си Цзиньпин", "Thomas Müller", "Thomas Möller")}
    assert len(ids) == 4 and "person:thomas-muller" in ids


def test_a_ship_is_a_ship() -> None:
    """NER tags "INS Tolland" a person; a ship prefix names a ship, with or without a
    leading "Warship"."""
    a = "Warship INS Tolland chased the pirates."
    b = "INS Tolland fired back."
    roster = build_roster([_doc("a", a, ("Warship INS Tolland", "PERSON")),
                           _doc("b", b, ("INS Tolland", "PERSON"))])
    assert _entity(roster, "a", a, "Warship INS Tolland") == "product:ins-tolland"
    assert _entity(roster, "b", b, "INS Tolland") == "product:ins-tolland"
    assert roster.by_id()["product:ins-tolland"].type == "PRODUCT"


def test_one_word_persons_that_are_no_name_of_the_corpus() -> None:
    """NER calls "Schenectady", "Greeks" and "Manager" persons; no name of the corpus
    uses them: a big city is the place, a people is the people, a word the corpus prints
    in lower case names no one. "Hudson", a small town's name and a surname, stays."""
    texts = [
        ("b1", "Police in Schenectady arrested a man on Monday.", ("Schenectady", "PERSON")),
        ("b2", "Thousands of Greeks marched in Athens.", ("Greeks", "PERSON")),
        ("b3", "Manager of the plant said the line would restart.", ("Manager", "PERSON")),
        ("b4", "The manager of the store and the manager of the bank met.",),
        ("b5", "A new manager was named for the team.",),
        ("b6", "Hudson scored twice in the second half.", ("Hudson", "PERSON")),
    ]
    docs = [_doc(aid, text, *tags) for aid, text, *tags in texts]  # type: ignore[arg-type]
    roster = build_roster(docs)
    assert _entity(roster, "b1", texts[0][1], "Schenectady") == "gpe:schenectady"
    assert _entity(roster, "b2", texts[1][1], "Greeks").startswith("norp:")
    assert (("b3", 0)) not in roster.mention_entity
    assert _entity(roster, "b6", texts[5][1], "Hudson") == "person:hudson"
