"""Fuse: turn one story's documents into a StoryAccount that cites every line.

- Facts: sentences of different articles that state the same claim are aligned
  (TF-IDF cosine over the story's sentences, entities counted through the
  roster); a group backed by 2+ outlets is ``agreed``, else ``single-source``.
- Conflicts: aligned sentences whose numbers (same kind, same counted noun) or
  absolute dates differ.
- Quote groups: quotes by speaker entity, one group per utterance, each
  outlet's wording.
- Timeline: sentences with absolute dates, grouped by date.
- Summary: extractive, redundancy-aware, favouring claims many outlets make;
  each summary sentence is a source sentence verbatim and cites its fact's
  sentences. Nothing in an account is text that no source contains.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..config import Config
from ..model import (
    Citation, Conflict, ConflictSide, Document, Fact, QuoteGroup, QuoteVariant, SourceArticle,
    Story, StoryAccount, StoryEntity, SummarySentence, TimelineEvent,
)
from ._roster import Roster, strip_name, strip_titles
from .cluster import terms

NAME = "fuse.extractive.v1"
MIN_SUMMARY_SENTENCE_WORDS = 6
MAX_SUMMARY_SENTENCE_WORDS = 70
# Two printings of one utterance share most of their words even when an outlet
# drops a clause: partial token-set similarity of 70+ (0-100) groups them.
QUOTE_SAME_UTTERANCE = 70
ENTITY_FEATURE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class _Unit:
    doc: Document
    index: int  # sentence index
    outlet: str
    vector: dict[str, float]

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc.article.id, self.index)


def cite(doc: Document, sentence_index: int) -> Citation:
    """Cite a whole sentence of a document."""
    sent = doc.sentences[sentence_index]
    return Citation(doc.article.id, sent.index, (sent.start, sent.end), sent.text)


def _units(docs: Sequence[Document], roster: Roster | None) -> list[_Unit]:
    raw: list[tuple[Document, int, Counter[str]]] = []
    for doc in docs:
        ents: dict[int, list[str]] = defaultdict(list)
        if roster is not None:
            for m in doc.mentions:
                eid = roster.mention_entity.get((doc.article.id, m.start))
                if eid:
                    ents[m.sentence_index].append("@" + eid)
        for sent in doc.sentences:
            feats = Counter(terms(sent.text))
            for eid in ents[sent.index]:
                feats[eid] += ENTITY_FEATURE_WEIGHT
            raw.append((doc, sent.index, feats))
    df: Counter[str] = Counter()
    for _, _, feats in raw:
        df.update(set(feats))
    n = len(raw) or 1
    units = []
    for doc, index, feats in raw:
        vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in
               feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        units.append(_Unit(doc, index, doc.article.outlet, {t: v / norm for t, v in vec.items()}))
    return units


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def align(units: list[_Unit], threshold: float) -> list[list[_Unit]]:
    """Group sentences of different articles that state the same claim.

    Pairs are joined best-first; a group never holds two sentences of one
    article, so a chain of loose matches cannot swallow a whole story.
    """
    pairs = []
    for i, a in enumerate(units):
        for b in units[i + 1:]:
            if a.doc.article.id == b.doc.article.id:
                continue
            sim = _cosine(a.vector, b.vector)
            if sim >= threshold:
                pairs.append((sim, a.key, b.key))
    pairs.sort(key=lambda p: -p[0])
    group_of: dict[tuple[str, int], int] = {u.key: i for i, u in enumerate(units)}
    members: dict[int, list[_Unit]] = {i: [u] for i, u in enumerate(units)}
    for _, ka, kb in pairs:
        ga, gb = group_of[ka], group_of[kb]
        if ga == gb:
            continue
        articles_a = {u.doc.article.id for u in members[ga]}
        if any(u.doc.article.id in articles_a for u in members[gb]):
            continue
        for u in members[gb]:
            group_of[u.key] = ga
        members[ga].extend(members.pop(gb))
    return [sorted(g, key=lambda u: (u.doc.article.id, u.index)) for g in members.values()]


def _representative(group: list[_Unit]) -> _Unit:
    if len(group) == 1:
        return group[0]
    return max(group, key=lambda u: (sum(_cosine(u.vector, o.vector) for o in group), -u.index))


def _fact_id(group: list[_Unit]) -> str:
    seed = "|".join(f"{u.doc.article.id}:{u.index}" for u in group)
    return "f" + hashlib.sha256(seed.encode()).hexdigest()[:10]


def _facts(groups: list[list[_Unit]]) -> list[tuple[Fact, list[_Unit]]]:
    out = []
    for group in groups:
        rep = _representative(group)
        outlets = tuple(sorted({u.outlet for u in group}))
        citations = tuple(cite(u.doc, u.index) for u in [rep] + [u for u in group if u is not rep])
        status = "agreed" if len(outlets) >= 2 else "single-source"
        fact = Fact(_fact_id(group), rep.doc.sentences[rep.index].text, status, outlets,
                    citations)
        out.append((fact, group))
    # Most-supported first, then in the order the first article tells them.
    out.sort(key=lambda fg: (-len(fg[0].sources), fg[1][0].doc.article.id, fg[1][0].index))
    return out


def _number_slots(unit: _Unit) -> dict[str, list[tuple[str, float]]]:
    """Numbers of a sentence keyed by what they count ("injured", "hectares")."""
    doc, sent = unit.doc, unit.doc.sentences[unit.index]
    slots: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for num in doc.numbers:
        if num.sentence_index != unit.index:
            continue
        after = terms(doc.article.text[num.end:sent.end])
        noun = after[0].rstrip("s") if after else num.label
        slots[noun].append((num.text, num.value))
    return slots


def _conflicts(facts: list[tuple[Fact, list[_Unit]]]) -> list[Conflict]:
    conflicts = []
    for fact, group in facts:
        if len(fact.sources) < 2:
            continue
        for slot_kind, values in (("number", _number_values(group)), ("date", _date_values(group))):
            for label, by_value in values.items():
                if len(by_value) < 2:
                    continue
                sides = tuple(
                    ConflictSide(value=surface, sources=tuple(sorted({u.outlet for u in units})),
                                 citations=tuple(cite(u.doc, u.index) for u in units))
                    for surface, units in by_value.values())
                if len({o for s in sides for o in s.sources}) < 2:
                    continue
                shown = " vs ".join(f"{s.value} ({', '.join(s.sources)})" for s in sides)
                conflicts.append(Conflict(slot_kind, fact.id,  # type: ignore[arg-type]
                                          f"{slot_kind} differs ({label}): {shown}", sides))
    return conflicts


def _number_values(group: list[_Unit]) -> dict[str, dict[float, tuple[str, list[_Unit]]]]:
    out: dict[str, dict[float, tuple[str, list[_Unit]]]] = defaultdict(dict)
    counted = [(_number_slots(u), u) for u in group]
    shared = set.intersection(*(set(s) for s, _ in counted)) if counted else set()
    for slots, unit in counted:
        for noun in shared:
            for surface, value in slots[noun][:1]:
                entry = out[noun].setdefault(value, (surface, []))
                entry[1].append(unit)
    return out


def _date_values(group: list[_Unit]) -> dict[str, dict[str, tuple[str, list[_Unit]]]]:
    out: dict[str, dict[str, tuple[str, list[_Unit]]]] = defaultdict(dict)
    per_unit = []
    for unit in group:
        days = [t for t in unit.doc.times if t.sentence_index == unit.index and t.value
                and t.granularity == "day" and "/" not in t.value]
        per_unit.append((unit, days))
    if sum(1 for _, days in per_unit if days) < 2:
        return out
    for unit, days in per_unit:
        for t in days[:1]:
            entry = out["day"].setdefault(t.value or "", (f"{t.text} ({t.value})", []))
            entry[1].append(unit)
    return out


def _quote_groups(docs: Sequence[Document], roster: Roster | None) -> list[QuoteGroup]:
    by_speaker: dict[str, list[tuple[Document, int]]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for qi, quote in enumerate(doc.quotes):
            if not quote.speaker:
                continue
            key = ""
            if roster is not None:
                key = roster.speaker_entity.get((doc.article.id, quote.speaker), "")
            key = key or "name:" + strip_titles(strip_name(quote.speaker)).lower()
            by_speaker[key].append((doc, qi))
            names[key][strip_titles(strip_name(quote.speaker))] += 1
    entity_names = {e.id: e.name for e in roster.entities} if roster is not None else {}
    groups: list[QuoteGroup] = []
    for key, items in by_speaker.items():
        speaker = entity_names.get(key) or names[key].most_common(1)[0][0]
        utterances: list[list[tuple[Document, int]]] = []
        for doc, qi in items:
            text = doc.quotes[qi].text
            for utt in utterances:
                if any(fuzz.partial_token_set_ratio(text, d.quotes[j].text) >= QUOTE_SAME_UTTERANCE
                       and len(set(terms(text)) & set(terms(d.quotes[j].text))) >= 2
                       for d, j in utt):
                    utt.append((doc, qi))
                    break
            else:
                utterances.append([(doc, qi)])
        for utt in utterances:
            variants = []
            for doc, qi in utt:
                quote = doc.quotes[qi]
                sent_index = quote.sentence_index if quote.sentence_index >= 0 else 0
                citation = Citation(doc.article.id, sent_index, (quote.start, quote.end),
                                    quote.text)
                variants.append(QuoteVariant(doc.article.outlet, doc.article.id, quote.text,
                                             quote.cue, citation))
            groups.append(QuoteGroup(speaker, "" if key.startswith("name:") else key,
                                     tuple(variants)))
    groups.sort(key=lambda g: (-len({v.source for v in g.variants}), g.speaker))
    return groups


def _timeline(docs: Sequence[Document]) -> list[TimelineEvent]:
    by_date: dict[tuple[str, str], list[tuple[Document, int]]] = defaultdict(list)
    for doc in docs:
        for t in doc.times:
            if t.value and t.granularity in ("day", "month", "week") and t.sentence_index >= 0:
                key = (t.value, t.granularity)
                if (doc, t.sentence_index) not in by_date[key]:
                    by_date[key].append((doc, t.sentence_index))
    events = []
    for (value, granularity), items in sorted(by_date.items()):
        first_doc, first_index = items[0]
        events.append(TimelineEvent(
            date=value, granularity=granularity,
            text=first_doc.sentences[first_index].text,
            sources=tuple(sorted({d.article.outlet for d, _ in items})),
            citations=tuple(cite(d, i) for d, i in items)))
    return events


def _summary(facts: list[tuple[Fact, list[_Unit]]], budget_words: int) -> list[SummarySentence]:
    scored = []
    for fact, group in facts:
        words = len(fact.text.split())
        if not MIN_SUMMARY_SENTENCE_WORDS <= words <= MAX_SUMMARY_SENTENCE_WORDS:
            continue
        rep = _representative(group)
        # Support from outlets matters most; among equals, what articles put first.
        position = min(u.index for u in group)
        score = len(fact.sources) + 1.0 / (1 + position)
        scored.append((score, fact, rep))
    scored.sort(key=lambda s: -s[0])
    chosen: list[tuple[Fact, _Unit]] = []
    used = 0
    for _, fact, rep in scored:
        words = len(fact.text.split())
        if used + words > budget_words:
            continue
        if any(_cosine(rep.vector, other.vector) > 0.5 for _, other in chosen):
            continue
        chosen.append((fact, rep))
        used += words
    return [SummarySentence(fact.text, fact.citations) for fact, _ in chosen]


def _entities(docs: Sequence[Document], roster: Roster | None) -> list[StoryEntity]:
    if roster is None:
        return []
    by_id = roster.by_id()
    counts: Counter[str] = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid:
                counts[eid] += 1
                aliases[eid].add(strip_name(m.text))
                sources[eid].add(doc.article.outlet)
    out = [StoryEntity(eid, by_id[eid].name, by_id[eid].type, tuple(sorted(aliases[eid])), n,
                       tuple(sorted(sources[eid])))
           for eid, n in counts.items() if eid in by_id]
    out.sort(key=lambda e: (-len(e.sources), -e.mention_count, e.name))
    return out


def fuse(story: Story, docs: Sequence[Document], config: Config,
         roster: Roster | None = None) -> StoryAccount:
    """Build the account of one story from its analysed documents."""
    docs = sorted(docs, key=lambda d: (d.article.published or "", d.article.id))
    units = _units(docs, roster)
    facts = _facts(align(units, config.fact_threshold))
    dates = sorted(d.article.published for d in docs if d.article.published)
    articles = tuple(SourceArticle(
        d.article.id, d.article.ref, d.article.title, d.article.source, d.article.url,
        d.article.published, d.article.published_method, d.article.origin, len(d.sentences),
        d.article.removed) for d in docs)
    outlets = tuple(sorted({d.article.outlet for d in docs}))
    return StoryAccount(
        story_id=story.id, title=story.title, articles=articles, outlets=outlets,
        independent_sources=len(outlets),
        first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
        summary=tuple(_summary(facts, config.summary_words)),
        facts=tuple(f for f, _ in facts), conflicts=tuple(_conflicts(facts)),
        quote_groups=tuple(_quote_groups(docs, roster)), timeline=tuple(_timeline(docs)),
        entities=tuple(_entities(docs, roster)), method=NAME,
    )
