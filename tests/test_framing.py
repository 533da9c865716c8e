"""Framing (``_fusion_framing``): name choices, distinctive words and omissions, on
hand-written articles of fictional places and people, and on the reference pair."""

from __future__ import annotations

import re
from pathlib import Path

from storyline import api
from storyline.model import Alias, Article, Citation, Document, Entity, Fact, Mention, Sentence
from storyline.stages._fusion_framing import distinctive_words, framing, name_choices
from storyline.stages._roster import Roster

from .conftest import HILL, XINHUA


def _doc(aid: str, outlet: str, text: str, names: dict[str, tuple[str, str]]) -> Document:
    """An article split at ". ", its every occurrence of a name in ``names`` (surface ->
    (entity id, label)) a mention."""
    sentences, start = [], 0
    for part in re.split(r"(?<=\.) ", text):
        sentences.append(Sentence(len(sentences), start, start + len(part), part))
        start += len(part) + 1
    mentions = []
    for surface in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(surface), text):
            if any(x.start <= m.start() < x.end for x in mentions):
                continue
            index = next(s.index for s in sentences if s.start <= m.start() < s.end)
            mentions.append(Mention(m.start(), m.end(), surface, names[surface][1], index))
    mentions.sort(key=lambda m: m.start)
    return Document(Article(id=aid, ref=aid, title="", text=text, source=outlet),
                    tuple(sentences), tuple(mentions))


def _roster(docs: list[Document], names: dict[str, tuple[str, str]],
            extra_aliases: dict[str, tuple[str, ...]] | None = None) -> Roster:
    ids = sorted({eid for eid, _ in names.values()})
    entities = tuple(
        Entity(eid, eid.split(":")[1].replace("-", " ").title(),
               next(label for e, label in names.values() if e == eid),
               tuple(Alias(a, ()) for a in (*[s for s, (e, _) in names.items() if e == eid],
                                            *(extra_aliases or {}).get(eid, ()))),
               tuple(d.article.id for d in docs))
        for eid in ids)
    mention_entity = {(d.article.id, m.start): names[m.text][0] for d in docs for m in d.mentions}
    return Roster(entities, mention_entity, {})


# -- names ---------------------------------------------------------------------------------

NAMES = {
    "Governor Dana Florin": ("person:dana-florin", "PERSON"),
    "Dana Florin": ("person:dana-florin", "PERSON"),
    "Florin doesn": ("person:dana-florin", "PERSON"),
    "Florin": ("person:dana-florin", "PERSON"),
    "Marovia": ("place:marovia", "GPE"),
    "Republic of Kessland": ("place:marovia", "GPE"),
    "RK": ("place:marovia", "GPE"),
    "U.S.": ("place:united-states", "GPE"),
    "United States": ("place:united-states", "GPE"),
    "Harbour Board": ("org:harbour-board", "ORG"),
    "HARBOUR Board": ("org:harbour-board", "ORG"),
    "P. J. Ostrander": ("person:pj-ostrander", "PERSON"),
    "P.J. Ostrander": ("person:pj-ostrander", "PERSON"),
}


def _name_docs() -> list[Document]:
    return [
        _doc("a1", "Lantern Daily", "Dana Florin met officials of Marovia on Tuesday. Florin "
             "said the United States would help. The Harbour Board agreed. P. J. Ostrander "
             "spoke.", NAMES),
        _doc("b1", "Coastal Wire", "Governor Florin met officials of the Republic of "
             "Kessland (RK) on Tuesday. Florin doesn want delays, the U.S. envoy said. The RK "
             "side agreed, and so did the HARBOUR Board. P.J. Ostrander spoke.", NAMES),
    ]


def test_names_differ_only_by_a_real_choice_not_by_short_forms_titles_or_typography() -> None:
    docs = _name_docs()
    choices = name_choices(docs, _roster(docs, NAMES))
    listed = {(outlet, c.entity_id) for outlet, cs in choices.items() for c in cs}
    # Before: "Florin" (with "Governor", or NER's "Florin doesn") against "Dana Florin",
    # "U.S." against "United States", "HARBOUR Board" and "P. J." were all listed.
    assert listed == {("Lantern Daily", "place:marovia"), ("Coastal Wire", "place:marovia")}
    (kessland,) = choices["Coastal Wire"]
    assert set(kessland.used) == {"RK", "Republic of Kessland"}
    assert kessland.others_use == ("Marovia",)
    (marovia,) = choices["Lantern Daily"]
    assert marovia.used == ("Marovia",) and set(marovia.others_use) == set(kessland.used)


def test_no_name_choice_without_a_name_the_others_choose() -> None:
    names = {"Dana Florin": NAMES["Dana Florin"], "Florin": NAMES["Florin"]}
    docs = [_doc("a1", "Lantern Daily", "Dana Florin spoke. Florin left.", names),
            _doc("b1", "Coastal Wire", "Florin spoke.", names)]
    assert name_choices(docs, _roster(docs, names)) == {}


# -- distinctive words ---------------------------------------------------------------------

WORD_NAMES = {"Okafor Teixeira": ("person:okafor-teixeira", "PERSON"),
              "Brannock": ("place:brannock", "GPE")}


def _word_docs() -> list[Document]:
    lantern = ("The massacre at Brannock left the town silent on Friday. Okafor Teixeira "
               "said the massacre was going to be remembered. Teixeira was going to speak "
               "on the 6th of June. Teixeira said it just got worse on Friday. The 9mm "
               "rounds were found on Friday. Survivors mourned the massacre.")
    coastal = ("Soldiers clashed with residents at Brannock. Okafor Teixeira said the "
               "clash ended at dawn. Officials counted the dead after the clash.")
    copies = [_doc(f"c{i}", "Harbour Echo", "A ferry reroute was announced near Brannock. "
                   f"Officials met in version {'one two three'.split()[i]}.", WORD_NAMES)
              for i in range(3)]
    return [_doc("a1", "Lantern Daily", lantern, WORD_NAMES),
            _doc("b1", "Coastal Wire", coastal, WORD_NAMES), *copies]


def test_distinctive_words_leave_out_calendar_fillers_fragments_and_name_parts() -> None:
    docs = _word_docs()
    words = distinctive_words(docs, _roster(docs, WORD_NAMES))
    lantern = {w.word for w in words["Lantern Daily"]}
    assert "massacre" in lantern  # a loaded word stays
    # Before: "friday", "going", "teixeira" (NER marked only the full name) and "th" of
    # "6th" were among them.
    assert not lantern & {"friday", "june", "going", "just", "got", "th", "mm", "teixeira"}
    # Three versions of one report say "ferry" and "reroute" once each, not three times.
    assert not {w.word for w in words.get("Harbour Echo", ())} & {"ferry", "reroute"}


# -- omissions -----------------------------------------------------------------------------

def _fact(fid: str, docs: list[Document], *cited: tuple[int, int]) -> Fact:
    cites = tuple(Citation(docs[d].article.id, s, (docs[d].sentences[s].start,
                                                   docs[d].sentences[s].end),
                           docs[d].sentences[s].text) for d, s in cited)
    return Fact(fid, cites[0].text, "agreed",
                tuple(sorted({docs[d].article.source for d, _ in cited})), cites, 2)


def test_no_omission_for_a_fact_the_outlet_states_in_other_words_nor_for_trivia() -> None:
    names = {"Brannock": ("place:brannock", "GPE")}
    docs = [
        _doc("a1", "Lantern Daily", "Fire crews said the blaze at the Brannock grain "
             "depot is being treated as suspicious. The mayor said the depot would be "
             "rebuilt within a year. She was 91.", names),
        _doc("b1", "Coastal Wire", "The blaze at the Brannock grain depot is being treated "
             "as suspicious, fire crews said. The mayor promised the depot would be rebuilt "
             "within a year. She was 91.", names),
        _doc("c1", "Harbour Echo", "Investigators are treating the grain depot blaze in "
             "Brannock as suspicious, crews said. Smoke was seen for miles.", names),
    ]
    facts = [_fact("f1", docs, (0, 0), (1, 0)),   # the blaze is suspicious
             _fact("f2", docs, (0, 1), (1, 1)),   # rebuilt within a year
             _fact("f3", docs, (0, 2), (1, 2))]   # "She was 91."
    outlet_source = {d.article.source: d.article.source.casefold() for d in docs}
    echo = {f.outlet: f for f in framing(docs, _roster(docs, names), facts,
                                         outlet_source)}["Harbour Echo"]
    # Before: all three were listed as left out by the Harbour Echo.
    assert echo.omissions == ("f2",)


# -- the reference pair --------------------------------------------------------------------

def test_pair_framing_keeps_dprk_and_drops_trump_and_us_forms(pompeo_store: Path) -> None:
    (account,) = api.accounts(pompeo_store)
    framing_of = {f.outlet: f for f in account.framing}
    hill, xinhua = framing_of[HILL.stem], framing_of[XINHUA.stem]
    assert {c.entity for c in xinhua.names} == {c.entity for c in hill.names} == {"North Korea"}
    (korea,) = xinhua.names
    assert {"DPRK", "North Korea"} <= set(korea.used) and korea.others_use == ("North Korea",)
    # Before: "going", "recently" and "earlier" were the outlets' own words.
    own = {w.word for f in (hill, xinhua) for w in f.distinctive}
    assert "nuclear" in own and not own & {"going", "recently", "earlier"}


def test_a_place_named_shorter_by_one_outlet_is_its_choice() -> None:
    """"North Kessland" and "Kessland" for one country, each outlet printing one: a choice
    of name (a person's surname alone would be a short reference); an outlet printing both
    has no choice of its own."""
    names = {"North Kessland": ("place:nks", "GPE"), "Kessland": ("place:nks", "GPE")}
    docs = [_doc("a1", "Lantern Daily", "Talks with North Kessland resumed on Tuesday.", names),
            _doc("b1", "Coastal Wire", "Talks with Kessland resumed on Tuesday.", names),
            _doc("c1", "Harbour Post", "North Kessland, or Kessland as locals say, talked.",
                 names)]
    choices = name_choices(docs, _roster(docs, names))
    assert [c.used for c in choices["Lantern Daily"]] == [("North Kessland",)]
    assert [c.used for c in choices["Coastal Wire"]] == [("Kessland",)]
