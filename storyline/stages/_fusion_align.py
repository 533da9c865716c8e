"""Sentence units and their alignment: the shared ground of every fusion step.

A sentence is a TF-IDF vector of stemmed content words in which every entity
mention is replaced by its roster id ("DPRK" and "North Korea" are one feature),
absolute dates are features ("Thursday" = "July 5th"), and a sentence opening
with a pronoun carries the person of the sentence before it. Pairs of similar
sentences come from a sparse matrix product, so only sentences that share a
feature are ever compared; alignment joins pairs best-first into claims.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scipy import sparse

from ..model import (
    Citation,
    Document,
)
from ._places import city_country
from ._roster import Roster
from .cluster import sparse_rows, terms

# An entity mention is worth a little more than a word: it names who or what the
# claim is about. A pronoun-initial sentence gets the previous sentence's person
# at half that weight (it is a guess). Checked on the reference pair, where
# "He added that ... a plan ... within a year" must align with the other
# outlet's "John Bolton ... said Washington has a plan ...".
ENTITY_FEATURE_WEIGHT = 1.5
PRONOUN_FEATURE_WEIGHT = 0.75
# A city also stands, more weakly, for its country: "Washington has a plan" and
# "U.S. officials have a plan" share the United States.
CITY_COUNTRY_WEIGHT = 0.5
# Two groups of sentences join only when their sentences are this similar on average, not
# just through their closest pair: chains of one close pair each had grouped "Microsoft has
# released a temporary patch ..." with "But MS08-078 isn't wormable." (the next sentence
# of an article whose other sentence matched). On the ECB+ build, of the joins of groups
# (not of two sentences) whose mean similarity fell under 0.15, 0.15-0.25 and 0.25-0.34,
# a sample read by hand was almost all, about four in five, and about half wrong.
GROUP_MEAN_SIMILARITY = 0.25
# The first sentences of two reports of one story (their leads) usually tell the same
# news, in longer words than a later sentence: "President Donald Trump disbanded two
# high-profile business advisory councils on Wednesday after several chief executives
# quit ..." and "President Trump disbanded two of his economic advisory councils
# Wednesday, faced with the embarrassing resignations of numerous business leaders ..."
# score 0.27. Two leads are one claim from ``LEAD_FACT_THRESHOLD`` when they also share
# ``LEAD_SHARED_WORDS`` words other than names and dates (``shared_words``): a shared name or two
# says the leads are about one person, shared words that they say one thing of them. Cross-
# outlet pairs of NeuS val (three short excerpts per event) read by hand, same claim / read:
# leads under 0.15 4/16, 0.15-0.25 10/16, 0.25-0.34 13/16; other sentences 3/16, 7/16, 11/16;
# at 0.34 and over 19/20. Leads at 0.25-0.34 sharing 4+ such words 28/29 (fewer: 1/4), at
# 0.20-0.25 11/15; other sentences at 0.25-0.34 sharing 4+ words 8/14, so they keep
# ``fact_threshold``. A background IDF (over the whole store) ranked the pairs worse than the
# story's own (it lifts the story's topic words, shared by its every sentence). The agreed
# facts this added, read whole: NeuS val 55/63 one claim, ECB+ 18/21; the wrong ones are
# two claims of one event ("Romney said he was sickened by ... the Mueller report" and
# "Warren called on Congress to impeach ... in the wake of the Mueller report").
LEAD_FACT_THRESHOLD = 0.25
LEAD_SHARED_WORDS = 4
PRONOUN_START = re.compile(r"^\W*(?:He|She|They)\b")


@lru_cache(maxsize=1)
def _porter() -> object:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lower-case word ("programs" -> "program")."""
    return str(_porter().stem(word))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of one article, as fusion compares it."""

    doc: Document
    index: int
    outlet: str
    source: str  # the independent source: a reprint's original outlet
    vector: dict[str, float]
    entities: frozenset[str]

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc.article.id, self.index)

    @property
    def text(self) -> str:
        return self.doc.sentences[self.index].text


# The stems of words that attribute a statement, not state it ("said", "told"): left out
# where two sentences are compared for what they tell (timeline events, date leads). Not
# "announced": an announcement is often the event ("Obama announced his nominee").
SPEECH_STEMS = frozenset(stem(w) for w in ("said", "says", "told", "reported", "according",
                                           "added"))


def cite(doc: Document, sentence_index: int) -> Citation:
    """Cite a whole sentence of a document."""
    sent = doc.sentences[sentence_index]
    return Citation(doc.article.id, sent.index, (sent.start, sent.end), sent.text)


def source_keys(docs: Sequence[Document]) -> dict[str, str]:
    """Article id -> independent source: the outlet, or for a reprint its original's outlet."""
    by_id = {d.article.id: d.article for d in docs}
    out = {}
    for d in docs:
        article = d.article
        seen = {article.id}
        while article.duplicate_of in by_id and article.duplicate_of not in seen:
            article = by_id[article.duplicate_of]
            seen.add(article.id)
        out[d.article.id] = article.outlet.casefold()
    return out


def sentence_features(doc: Document, roster: Roster | None) -> list[dict[str, float]]:
    """Feature counts of each sentence: stems, entity ids, absolute dates.

    A nationality also names its country (``Roster.ties``), at the weight a city does
    ("Chinese exports fell" and "China's exports fell").
    """
    text = doc.article.text
    ties = roster.ties() if roster is not None else {}
    spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    if roster is not None:
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid:
                spans[m.sentence_index].append((m.start, m.end, eid, m.label))
    days: dict[int, list[str]] = defaultdict(list)
    for t in doc.times:
        if t.value and t.sentence_index >= 0 and t.granularity in ("day", "week", "month"):
            days[t.sentence_index].append(t.value)
    out: list[dict[str, float]] = []
    previous_person = ""
    for sent in doc.sentences:
        feats: defaultdict[str, float] = defaultdict(float)
        masked = list(text[sent.start:sent.end])
        person = ""
        for start, end, eid, label in spans[sent.index]:
            for i in range(max(start, sent.start), min(end, sent.end)):
                masked[i - sent.start] = " "
            feats["@" + eid] += ENTITY_FEATURE_WEIGHT
            for tied in ties.get(eid, ()):
                feats["@" + tied] += CITY_COUNTRY_WEIGHT
            if label in ("GPE", "LOC") and not eid.startswith("place:"):
                country = city_country(text[start:end])
                if country:
                    feats[f"@place:{country.lower()}"] += CITY_COUNTRY_WEIGHT
            if label == "PERSON" and not person:
                person = eid
        for word in terms("".join(masked)):
            feats[stem(word)] += 1.0
        for value in days[sent.index]:
            feats["T:" + value] += 1.0
        if previous_person and PRONOUN_START.match(sent.text):
            feats["@" + previous_person] += PRONOUN_FEATURE_WEIGHT
            person = person or previous_person
        previous_person = person or previous_person
        out.append(feats)
    return out


def units_of(docs: Sequence[Document], roster: Roster | None) -> list[Unit]:
    """TF-IDF unit vectors of every sentence of the story (IDF over its sentences)."""
    raw: list[tuple[Document, int, dict[str, float]]] = []
    for doc in docs:
        for sent, feats in zip(doc.sentences, sentence_features(doc, roster), strict=True):
            raw.append((doc, sent.index, feats))
    df: Counter[str] = Counter()
    for _, _, feats in raw:
        df.update(set(feats))
    n = len(raw) or 1
    sources = source_keys(docs)
    units = []
    for doc, index, feats in raw:
        vec = {t: (1 + math.log(max(c, 1.0))) * (math.log((1 + n) / (1 + df[t])) + 1)
               for t, c in feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        entities = frozenset(t[1:] for t in feats if t.startswith("@"))
        units.append(Unit(doc, index, doc.article.outlet, sources[doc.article.id],
                          {t: v / norm for t, v in vec.items()}, entities))
    return units


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def shared_words(a: Unit, b: Unit) -> int:
    """How many word stems two sentences share outside entity mentions and date features.

    The words are those of the vectors (``terms``): a weekday, "said" or a number's digits
    count as words too. Leaving those out lost 8 NeuS val agreed facts, all 8 one claim
    (Biden and the ACA case, the TikTok reprieve, the 250,000 jobs of October, ...).
    """
    return sum(1 for t in a.vector if t in b.vector and not t.startswith(("@", "T:")))


def lead_pair(a: Unit, b: Unit) -> bool:
    """Both sentences open their articles and share ``LEAD_SHARED_WORDS`` content words."""
    return a.index == 0 and b.index == 0 and shared_words(a, b) >= LEAD_SHARED_WORDS


def similar_pairs(units: list[Unit], threshold: float,
                  lead_threshold: float | None = None) -> list[tuple[float, int, int]]:
    """(similarity, i, j) for sentences of different articles at or above ``threshold``.

    With ``lead_threshold``, two leads that share ``LEAD_SHARED_WORDS`` content words
    count from that lower similarity (``lead_pair``). The unit vectors form a sparse
    matrix X; X @ X.T only visits pairs that share a feature, which is what keeps a
    large story's alignment fast.
    """
    if len(units) < 2:
        return []
    x = sparse_rows([u.vector for u in units])
    sims = sparse.triu(x @ x.T, k=1).tocoo()
    article = [u.doc.article.id for u in units]
    floor = threshold if lead_threshold is None else min(threshold, lead_threshold)
    pairs = [(float(s), int(i), int(j)) for i, j, s in zip(sims.row, sims.col, sims.data,
                                                             strict=True)
             if s >= floor and article[i] != article[j]
             and (s >= threshold or lead_pair(units[i], units[j]))]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def align(units: list[Unit], pairs: list[tuple[float, int, int]],
          threshold: float) -> list[list[Unit]]:
    """Group sentences of different articles that state the same claim.

    Pairs are joined best-first. A group holds at most two sentences of one
    article, and only adjacent ones (an outlet may split into two sentences what
    another says in one), so a chain of loose matches cannot swallow a story.
    """
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}

    def fits(ids: list[int]) -> bool:
        per_article: dict[str, list[int]] = defaultdict(list)
        for k in ids:
            per_article[units[k].doc.article.id].append(units[k].index)
        return all(len(v) == 1 or (len(v) == 2 and abs(v[0] - v[1]) == 1)
                   for v in per_article.values())

    for sim, i, j in pairs:
        if sim < threshold:
            break
        ga, gb = group_of[i], group_of[j]
        if ga == gb or not fits(members[ga] + members[gb]):
            continue
        if len(members[ga]) + len(members[gb]) > 2:
            cross = [cosine(units[a].vector, units[b].vector)
                     for a in members[ga] for b in members[gb]]
            if sum(cross) / len(cross) < GROUP_MEAN_SIMILARITY:
                continue
        for k in members[gb]:
            group_of[k] = ga
        members[ga].extend(members.pop(gb))
    return [sorted((units[k] for k in g), key=lambda u: (u.doc.article.id, u.index))
            for g in members.values()]


