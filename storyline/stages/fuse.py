"""Fuse: turn one story's documents into a StoryAccount that cites every line.

- Facts: sentences of different articles that state the same claim, aligned
  (``_fusion_align``: stems, roster ids, absolute dates, sparse index). A claim
  backed by 2+ independent sources (wire reprints count once) is ``agreed``.
- Conflicts (``_fusion_conflicts``): number, date, place and qualifier; and
  attribution from the quote groups (``_fusion_quotes``), which also give each
  outlet's wording of an utterance, a word diff and who paraphrased it.
- Timeline: dated sentences grouped by date and claim; date conflicts marked.
- Framing (``_fusion_framing``): per outlet, its names, words and omissions.
- Places: the places named, a city counted with its country (``_places``).
- Summary (``_fusion_summary``): source sentences that cover what most outlets
  report, within the word budget.
Every text in an account is a source sentence or a span of one, with citations.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ..config import Config
from ..model import (
    Citation,
    Conflict,
    Document,
    Fact,
    FactStatus,
    PlaceGroup,
    SourceArticle,
    Story,
    StoryAccount,
    StoryEntity,
    TimeExpr,
    TimelineEvent,
)
from . import _dates
from ._fusion_align import (
    LEAD_FACT_THRESHOLD,
    SPEECH_STEMS,
    Unit,
    align,
    cite,
    cosine,
    similar_pairs,
    source_keys,
    stem,
    units_of,
)
from ._fusion_conflicts import conflicts
from ._fusion_framing import framing
from ._fusion_quotes import quote_groups
from ._fusion_summary import summarize, trim
from ._places import contains
from ._roster import Roster, strip_name
from .cluster import terms

NAME = "fuse.aligned.v20"


def _story_days(docs: Sequence[Document]) -> list[date]:
    """The publication days of the story's articles whose date is known, in order."""
    return sorted(d for doc in docs
                  if doc.article.published_method in ("metadata", "page", "override")
                  and (d := _dates.parse_anchor(doc.article.published)) is not None)


# A bare weekday ("on Thursday") in an article with no date of its own is dated from
# its story only when the story's dated articles were all published within this many
# days: then the nearest such weekday to their median day is the one they all mean
# (a weekday names one day of a week, and a story this tight sits inside one). A
# weekday with "next", "last" or "this" counts from the unknown day of writing and is
# left undated.
WEEKDAY_STORY_SPAN_DAYS = 3
_SHIFTED_WEEKDAY = re.compile(r"\b(?:next|last|this|coming|past)\b", re.I)


def _calendar_year(doc: Document, t: TimeExpr) -> bool:
    """Whether a time's year is only the calendar's reading (its article is ``calendar``
    dated, the time prints no year and the story did not re-date it)."""
    return doc.article.published_method == "calendar" and t.anchor != "story" and \
        not _dates.YEAR.search(t.text)


def anchor_calendar_dates(docs: Sequence[Document]) -> list[Document]:
    """Date what an undated article leaves undated from its story's other articles.

    An article with no date of its own leaves "July 24" and "Thursday" unresolved
    at analysis. Calendar dates without a year take the year of the story's median
    publication day; a bare weekday takes the nearest such day to it, when the
    story's dated articles span at most ``WEEKDAY_STORY_SPAN_DAYS``. Either is
    marked ``anchor="story"``. An article whose year was only a reading of the calendar
    (``calendar``) counts as undated here: the dates it gave without a year of their own
    are dated from the story instead (on the ECB+ build, articles of 2008 stories had been
    put in 2021-2026).
    """
    days = _story_days(docs)
    if not days:
        return list(docs)
    anchor = days[len(days) // 2]
    weekdays_ok = (days[-1] - days[0]).days <= WEEKDAY_STORY_SPAN_DAYS
    out = []
    for doc in docs:
        times = []
        for t in doc.times:
            if _calendar_year(doc, t):
                t = replace(t, value=None)
            if t.value is None and t.granularity == "day":
                calendar = _dates.names_day(t.text)
                weekday = bool(_dates.WEEKDAY.search(t.text))
                if (calendar and not weekday) or (
                        weekday and not calendar and weekdays_ok
                        and not _SHIFTED_WEEKDAY.search(t.text)):
                    norm = _dates.normalise(t.text, anchor, "unknown")
                    t = replace(t, value=norm.value, granularity=norm.granularity,
                                anchor="story") if norm.value else t
            times.append(t)
        times = _from_dateline(doc, times)
        out.append(replace(doc, times=tuple(times)) if times != list(doc.times) else doc)
    return out


def _from_dateline(doc: Document, times: list[TimeExpr]) -> list[TimeExpr]:
    """An undated article whose yearless dateline the story dated ("DUBLIN, Oct 15 (Corvane
    Wire) --" in a story of October 2025) was written that day: what it counts from the
    day of writing ("said on Tuesday", "last Thursday", "yesterday") counts from it."""
    if doc.article.published_method in ("metadata", "override"):
        return times
    written = next((t.value for t in times if t.sentence_index < 0 and t.anchor == "story"
                    and t.value and t.granularity == "day" and "/" not in t.value), None)
    if written is None:
        return times
    out = []
    for t in times:
        if t.value is None and t.sentence_index >= 0 and not _dates.names_day(t.text):
            norm = _dates.normalise(t.text, date.fromisoformat(written), "unknown")
            if norm.value and norm.granularity in _PRECISION:
                t = replace(t, value=norm.value, granularity=norm.granularity, anchor="story")
        out.append(t)
    return out


def _representative(group: list[Unit]) -> Unit:
    """The sentence a fact is shown as: the one most like the others, and where some
    outlets quote someone and others report the claim in their own voice, one of the
    latter (shown with all its sources, a quote would be put in the mouths of outlets that
    never printed it: the reference pair's Sanders quote of the trip, which The Hill tells
    as "Pompeo will meet with North Korean leader Kim Jong Un ..., Sanders said")."""
    if len(group) == 1:
        return group[0]
    quoted = {u.key for u in group if _quotes_in(u)}
    mixed = 0 < len(quoted) < len(group)
    return max(group, key=lambda u: (not (mixed and u.key in quoted),
                                     sum(cosine(u.vector, o.vector) for o in group), -u.index))


# A quotation mark, double or single: the extractor reads no quote in straight single
# marks ("'This issue could allow remote code execution ...,' Microsoft said"), which
# British outlets print; with the extractor's double marks alone, 22 more ECB+ facts
# were shown as such printings.
_QUOTE_MARK = re.compile(r"[“”‘\"]|``|''|(?:^|\s)'\w")


def _quotes_in(u: Unit) -> bool:
    """Whether a sentence is quoted speech, in part: it prints a quotation mark, or lies in
    a quote the analysis read (the middle sentence of a quote of three has no mark)."""
    sent = u.doc.sentences[u.index]
    return bool(_QUOTE_MARK.search(u.text)) or any(
        q.start < sent.end and sent.start < q.end for q in u.doc.quotes)


def _fact_id(group: list[Unit]) -> str:
    seed = "|".join(f"{u.doc.article.id}:{u.index}" for u in group)
    return "f" + hashlib.sha256(seed.encode()).hexdigest()[:10]


def _key(c: Citation) -> tuple[str, int]:
    return (c.article_id, c.sentence_index)


def _disputes(found: Sequence[Conflict]) -> dict[tuple[str, int], set[tuple[int, int]]]:
    """The conflict sides each sentence is on: (conflict, side) pairs."""
    out: dict[tuple[str, int], set[tuple[int, int]]] = defaultdict(set)
    for ci, conflict in enumerate(found):
        for si, side in enumerate(conflict.sides):
            for c in side.citations:
                out[_key(c)].add((ci, si))
    return out


def _against(disputes: dict[tuple[str, int], set[tuple[int, int]]],
             a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Whether two sentences are on different sides of one conflict."""
    sides_a, sides_b = disputes.get(a, set()), disputes.get(b, set())
    return any(ca == cb and sa != sb for ca, sa in sides_a for cb, sb in sides_b)


def _supported(fact: Fact, group: list[Unit],
               disputes: dict[tuple[str, int], set[tuple[int, int]]]) -> Fact:
    """The fact with ``disputed_by``: the outlets whose sentence of it is on another side
    of a conflict than its shown sentence (its first citation)."""
    shown = _key(fact.citations[0])
    against = {u.outlet for u in group if _against(disputes, shown, u.key)}
    return replace(fact, disputed_by=tuple(sorted(against))) if against else fact


def _facts(groups: list[list[Unit]]) -> list[tuple[Fact, list[Unit]]]:
    out = []
    for group in groups:
        rep = _representative(group)
        outlets = tuple(sorted({u.outlet for u in group}))
        independent = len({u.source for u in group})
        citations = tuple(cite(u.doc, u.index) for u in [rep] + [u for u in group if u is not rep])
        status: FactStatus = "agreed" if independent >= 2 else "single-source"
        # An article's first sentence is shown without its dateline ("LONDON — "), as in
        # the summary: where it was filed, not what happened.
        text = rep.text[trim(rep.text, rep.index == 0)[0]:]
        out.append((Fact(_fact_id(group), text, status, outlets, citations, independent),
                    group))
    # Most-supported first, then in the order the first article tells them.
    out.sort(key=lambda fg: (-fg[0].independent, -len(fg[0].sources), fg[1][0].doc.article.id,
                             fg[1][0].index))
    return out


_PRECISION = ("day", "week", "month", "year")
_SINCE = re.compile(r"\bsince\b", re.I)
_POSSESSIVE = re.compile(r"\s?['’]s\b")
SINCE_WINDOW = 60  # characters before a time


def _start(value: str) -> date:
    """The first day of a timeline date ("2009-W09", "2009-05", "2018-07-05/2018-07-07")."""
    value = value.split("/")[0]
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value)
    except ValueError:
        return date.max


def _timeline(docs: Sequence[Document], fact_of: dict[tuple[str, int], str],
              date_conflicts: list[Conflict]) -> list[TimelineEvent]:
    """Dated sentences, one event per date and claim, in date order.

    Each sentence is listed once, at its most precise date, one that names its day
    ("Saturday, 8 October 2011", "July 5") before one reckoned from a weekday or
    "yesterday"; events are ordered by the day each starts on (a week by its Monday:
    "2009-W09" before "2009-05-09"). Two sentences dated
    the same day are one event only when they state one claim (or, when neither
    was aligned to a claim, have the same words); a sentence dated differently
    from the same claim elsewhere carries the date conflict's description.
    """
    conflict_of: dict[tuple[str, int], str] = {}
    for c in date_conflicts:
        for side in c.sides:
            for cit in side.citations:
                conflict_of[(cit.article_id, cit.sentence_index)] = c.description
    by_key: dict[tuple[str, str, str], list[tuple[Document, int]]] = defaultdict(list)
    evidenced: set[tuple[str, str, str]] = set()  # events a sentence dates with a known year
    for doc in docs:
        # A sentence is one event, dated by its most precise time, one that names its day
        # before one reckoned from the day of writing ("started on Saturday, 8 October
        # 2011" is the 8th, whatever "Saturday" resolved to), then the first of those it
        # names ("said Monday that he will go on Thursday" is Monday's).
        chosen: dict[int, tuple[int, int, int, int, str, str, bool]] = {}
        for t in doc.times:
            if not t.value or t.sentence_index < 0 or t.granularity not in _PRECISION:
                continue
            # A point "since" which something is counted is no event of the sentence:
            # "sinking to a three year low ... since President Donald Trump was inaugurated
            # on Jan. 20, 2017" (NeuS val) is not news of 2017, "the worst day since 2008"
            # not of 2008.
            sent = doc.sentences[t.sentence_index]
            if _SINCE.search(doc.article.text, max(sent.start, t.start - SINCE_WINDOW),
                             t.start):
                continue
            guessed = _calendar_year(doc, t)
            # A day in the possessive names an earlier event the news is about ("the death
            # toll from Tuesday's earthquake rose to five on Wednesday" is Wednesday's).
            possessive = bool(_POSSESSIVE.match(doc.article.text, t.end))
            rank = (_PRECISION.index(t.granularity), int(possessive),
                    int(not _dates.names_day(t.text)), t.start, t.value, t.granularity, guessed)
            if t.sentence_index not in chosen or rank < chosen[t.sentence_index]:
                chosen[t.sentence_index] = rank
        for index, (_, _, _, _, value, granularity, guessed) in chosen.items():
            # The same claim, or where no claim was aligned the same words, on the same
            # day is one event (a reprint's sentence is not listed twice).
            fact = fact_of.get((doc.article.id, index), "")
            same = fact or " ".join(doc.sentences[index].text.lower().split())
            by_key[(value, granularity, same)].append((doc, index))
            if not guessed:
                evidenced.add((value, granularity, same))
    events = []
    for key, items, known in _same_events(by_key, evidenced):
        value, granularity, _ = key
        first_doc, first_index = items[0]
        fact = next((f for d, i in items if (f := fact_of.get((d.article.id, i), ""))), "")
        events.append(TimelineEvent(
            date=value, granularity=granularity, text=first_doc.sentences[first_index].text,
            sources=tuple(sorted({d.article.outlet for d, _ in items})),
            citations=tuple(cite(d, i) for d, i in items), fact_id=fact,
            conflict=next((conflict_of[(d.article.id, i)] for d, i in items
                           if (d.article.id, i) in conflict_of), ""),
            year_guessed=not known))
    return events


# Two sentences of different articles dated the same day tell one event when most (this
# share, and at least SAME_EVENT_WORDS) of the shorter one's content stems, attribution
# words aside, are in the other: the shared day already ties them, so the bar is below an
# aligned claim's. Only days: a shared year or month says little ("served a heroin rap in
# 1959" and "convicted in 1997" are not one event, nor two 1987s of one career). The
# reference pair's two rows of the trip on 2018-07-05 become one.
SAME_EVENT_SHARE = 0.5
SAME_EVENT_WORDS = 4
SAME_EVENT_ACTION_WORDS = 2


def _same_events(by_key: dict[tuple[str, str, str], list[tuple[Document, int]]],
                 evidenced: set[tuple[str, str, str]]
                 ) -> list[tuple[tuple[str, str, str], list[tuple[Document, int]], bool]]:
    """The timeline's events in date order: the groups of one date and claim, a group
    joining the first earlier one of its day whose first sentence tells its event
    (``_one_event``; not through a chain of partial overlaps); each with whether a
    sentence dates it with a known year."""
    by_date: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in by_key:
        by_date[key[:2]].append(key)
    out = []
    for date_key in sorted(by_date, key=lambda k: (_start(k[0]), k)):
        events: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
        first: dict[tuple[str, str, str], tuple[str, tuple[frozenset[str], frozenset[str]]]] = {}
        for k in sorted(by_date[date_key]):
            home = None
            if date_key[1] == "day":  # a shared year or month says little
                mine = [(d.article.id, _content_stems(d, i)) for d, i in by_key[k]]
                home = next((rep for rep, (aid, words) in first.items() if any(
                    aid != other and _one_event(words, w) for other, w in mine)), None)
                if home is None:
                    first[k] = mine[0]
            events.setdefault(home or k, []).append(k)
        for rep, members in events.items():
            items = [item for k in members for item in by_key[k]]
            out.append((rep, items, any(k in evidenced for k in members)))
    return out


def _content_stems(doc: Document, index: int) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's content stems without the words of attribution ("said", "told"), and
    those of them outside its names and times (what it says happened)."""
    words = frozenset(stem(t) for t in terms(doc.sentences[index].text)) - SPEECH_STEMS
    named = {stem(t) for m in doc.mentions if m.sentence_index == index for t in terms(m.text)}
    named |= {stem(w) for t in doc.times if t.sentence_index == index for w in terms(t.text)}
    return words, words - named


def _one_event(a: tuple[frozenset[str], frozenset[str]],
               b: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Most of the shorter sentence's words are the other's, and two of the shared words
    are no name or time: two statements of one official on one day ("Owen said Tuesday
    the city had not bought the property", "a total loss, Owen said Tuesday") share his
    name and the day, not an event."""
    shared = len(a[0] & b[0])
    return shared >= SAME_EVENT_WORDS and shared >= SAME_EVENT_SHARE * min(len(a[0]), len(b[0])) \
        and len(a[1] & b[1]) >= SAME_EVENT_ACTION_WORDS


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


def _places(entities: list[StoryEntity]) -> list[PlaceGroup]:
    """Places of the story; a city goes with its country when the country is named too."""
    places = [e for e in entities if e.type in ("GPE", "LOC", "FAC")]
    parent: dict[str, str] = {}
    for city in places:
        for country in places:
            if country.id != city.id and contains(country.id, city.name):
                parent[city.id] = country.id
                break
    members: dict[str, list[StoryEntity]] = defaultdict(list)
    for e in places:
        members[parent.get(e.id, e.id)].append(e)
    by_id = {e.id: e for e in places}
    out = []
    for root, group in members.items():
        group.sort(key=lambda e: e.id != root)
        by_source: dict[str, set[str]] = defaultdict(set)
        for e in group:
            for s in e.sources:
                by_source[s].add(e.name)
        out.append(PlaceGroup(
            by_id[root].name, tuple(e.id for e in group), tuple(e.name for e in group),
            tuple(sorted(by_source)),
            tuple((s, tuple(sorted(n))) for s, n in sorted(by_source.items()))))
    out.sort(key=lambda p: (-len(p.sources), p.name))
    return out


def fuse(story: Story, docs: Sequence[Document], config: Config,
         roster: Roster | None = None) -> StoryAccount:
    """Build the account of one story from its analysed documents."""
    docs = anchor_calendar_dates(sorted(docs, key=lambda d: (d.article.published or "",
                                                             d.article.id)))
    sources = source_keys(docs)
    units = units_of(docs, roster)
    pairs = similar_pairs(units, config.fact_threshold, LEAD_FACT_THRESHOLD)
    groups = align(units, pairs, min(config.fact_threshold, LEAD_FACT_THRESHOLD))
    facts = _facts(groups)
    fact_of = {u.key: fact.id for fact, group in facts for u in group}
    citations_of = {u.key: fact.citations for fact, group in facts for u in group}
    # The summary tells a claim once and prefers agreed claims on the alignment at
    # ``fact_threshold`` alone: two leads aligned from the lower lead threshold are one
    # fact, but each outlet's lead is still there to be picked, with its own detail (NeuS
    # val ROUGE-1/2/L with the lead pairs in the summary's alignment too 41.71/20.03/29.50
    # -> 41.52/19.87/29.49: the second lead was passed over as told).
    strict = [p for p in pairs if p[0] >= config.fact_threshold]
    summary_citations = citations_of if len(strict) == len(pairs) else {
        u.key: fact.citations
        for fact, group in _facts(align(units, strict, config.fact_threshold))
        for u in group}
    quotes, attribution = quote_groups(docs, roster, units, sources, fact_of)
    found = conflicts(units, pairs, [g for _, g in facts if len(g) > 1], config.fact_threshold,
                      roster, fact_of) + attribution
    # A sentence that gives another value than the one shown (another side of a conflict)
    # reports the claim but does not support it as shown: the fact names its outlet as
    # disputing, and a summary sentence is not cited to it ("Fourteen people were
    # injured" is not cited to an outlet that says 12). The summary still tells the
    # claim once: the other value is in the conflicts, not a second summary sentence.
    disputes = _disputes(found)
    facts = [(_supported(fact, group, disputes), group) for fact, group in facts]
    summary = [replace(s, citations=s.citations[:1] + tuple(
        c for c in s.citations[1:] if not _against(disputes, _key(s.citations[0]), _key(c))))
        for s in summarize(units, docs, summary_citations, sources, config.summary_words)]
    entities = _entities(docs, roster)
    outlet_source = {d.article.outlet: sources[d.article.id] for d in docs}
    dates = sorted(d.article.published for d in docs if d.article.published)
    articles = tuple(SourceArticle(
        d.article.id, d.article.ref, d.article.title, d.article.source, d.article.url,
        d.article.published, d.article.published_method, d.article.origin, len(d.sentences),
        d.article.removed, published_evidence=d.article.published_evidence,
        updated=d.article.updated, byline=d.article.byline, language=d.article.language,
        duplicate_of=d.article.duplicate_of, duplicate_score=d.article.duplicate_score,
        teaser_only=str(d.article.extra.get("teaser_only") or ""))
        for d in docs)
    fact_list = [f for f, _ in facts]
    return StoryAccount(
        story_id=story.id, title=story.title, articles=articles,
        outlets=tuple(sorted({d.article.outlet for d in docs})),
        independent_sources=len(set(sources.values())),
        first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
        summary=tuple(summary),
        facts=tuple(fact_list), conflicts=tuple(found), quote_groups=tuple(quotes),
        timeline=tuple(_timeline(docs, fact_of, [c for c in found if c.slot == "date"])),
        entities=tuple(entities), method=NAME,
        framing=tuple(framing(docs, roster, fact_list, outlet_source, units)),
        places=tuple(_places(entities)),
    )
