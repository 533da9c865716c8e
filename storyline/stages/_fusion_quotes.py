"""Quote groups: one row per utterance and speaker, every outlet's wording.

1. Quotes of all outlets are grouped into utterances by their words: two
   printings of one utterance share most of the shorter one's content words even
   when an outlet trims a clause.
2. Each utterance is split by speaker (roster entity, else the stripped name).
   One utterance given to two speakers by different outlets is an
   ``attribution`` conflict.
3. Each variant carries a word diff against the row's first variant.
4. An outlet that does not quote the utterance (under any speaker) but names the
   speaker in a sentence that carries most of its words, outside quotation marks,
   is listed as paraphrasing it: it states as paraphrase what others print as a quote.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Citation, Conflict, ConflictSide, Document, Paraphrase, QuoteGroup, QuoteVariant
from ._fusion_align import Unit, cite, stem
from ._roster import Roster, drop_titles, strip_name, strip_titles
from .cluster import terms

# Two quotes are one utterance when the shorter one's content stems are mostly
# (60%+) in the longer one, with at least 2 shared; a trimmed clause or a changed
# word keeps a printing in its utterance, another sentence of the same speech
# shares far less. Checked on the demo corpus and the reference pair (Sanders'
# "continuing to make progress" printed alone and inside a longer quote).
SAME_UTTERANCE = 0.6
SHORT_QUOTE_STEMS = 4
SHARED_RUN_WORDS = 4
# A sentence paraphrases an utterance when it names the speaker and holds 30%+ of
# the utterance's content stems (at least 4): reported speech keeps the nouns and
# names and changes the rest.
PARAPHRASE_SHARE = 0.3
PARAPHRASE_MIN_SHARED = 4
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_WORD = re.compile(r"\S+")


@dataclass
class _Item:
    doc: Document
    index: int  # position in doc.quotes
    speaker_key: str
    speaker_name: str
    stems: frozenset[str]
    source: str


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in terms(text))


def same_utterance(a: frozenset[str], b: frozenset[str], text_a: str = "",
                   text_b: str = "") -> bool:
    """Whether two quotes are printings of one utterance.

    A short quote (4 content stems or fewer) must have 2+ stems and its words must
    appear, in order, inside the other ("continuing to make progress" in "we're
    continuing to make progress"), or a run of 4+ of them cover half of it; one
    shared word ("dangerous", "Fix it") is not an utterance. A longer one must share
    60%+ of its stems, and at least 3.
    """
    if not a or not b:
        return False
    shared, shorter = len(a & b), min(len(a), len(b))
    if shorter <= SHORT_QUOTE_STEMS:
        if shared != shorter or shorter < 2:
            return False
        if text_a and text_b:
            short, long = sorted((_words(text_a), _words(text_b)), key=len)
            if f" {short} " in f" {long} ":
                return True
            # A word added or dropped inside ("we had wanted" / "we wanted"): still one
            # printing when a run of 4+ words covers half the short quote.
            x, y = short.split(), long.split()
            run = difflib.SequenceMatcher(a=x, b=y, autojunk=False).find_longest_match(
                0, len(x), 0, len(y)).size
            return run >= SHARED_RUN_WORDS and 2 * run >= len(x)
        return True
    if shared < 3 or shared / shorter < SAME_UTTERANCE:
        return False
    if text_a and text_b:
        # Two quotes on one subject share words; two printings share a run of them.
        x, y = _words(text_a).split(), _words(text_b).split()
        run = difflib.SequenceMatcher(a=x, b=y, autojunk=False).find_longest_match(
            0, len(x), 0, len(y)).size
        return run >= SHARED_RUN_WORDS
    return True


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def word_diff(base: str, other: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff of ``other`` against ``base`` (case and punctuation ignored)."""
    a, b = _WORD.findall(base), _WORD.findall(other)

    def norm(words: list[str]) -> list[str]:
        return [re.sub(r"\W+", "", w).lower() for w in words]

    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=norm(a), b=norm(b), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            ops.append(("equal", " ".join(b[j1:j2])))
        elif op == "insert":
            ops.append(("insert", " ".join(b[j1:j2])))
        elif op == "delete":
            ops.append(("delete", " ".join(a[i1:i2])))
        else:
            ops.append(("replace", f"{' '.join(a[i1:i2])} -> {' '.join(b[j1:j2])}"))
    return tuple(ops)


def _items(docs: Sequence[Document], roster: Roster | None,
           sources: dict[str, str]) -> list[_Item]:
    items = []
    for doc in docs:
        for qi, quote in enumerate(doc.quotes):
            # Shown as printed ("A.J. Green"); keyed with its initials joined ("AJ Green").
            name = drop_titles(strip_name(quote.speaker)) if quote.speaker else ""
            if not name and re.fullmatch(r"(?:the|a|an)\s+[a-z][\w'’ -]+", quote.speaker):
                name = quote.speaker  # "the ministry" (no entity) speaks in its own row
            key = ""
            if roster is not None and quote.speaker:
                key = roster.speaker_entity.get((doc.article.id, quote.speaker), "")
            if not key and name and name.lower() not in _PRONOUNS:
                key = "name:" + strip_titles(name).lower()
            items.append(_Item(doc, qi, key, name, _stems(quote.text),
                               sources[doc.article.id]))
    return items


def _quoted_stems(docs: Sequence[Document]) -> dict[tuple[str, int], frozenset[str]]:
    """The stems each sentence prints inside quotation marks."""
    quoted: dict[tuple[str, int], frozenset[str]] = {}
    for doc in docs:
        for quote in doc.quotes:
            for sent in doc.sentences:
                lo, hi = max(quote.start, sent.start), min(quote.end, sent.end)
                if lo < hi:
                    key = (doc.article.id, sent.index)
                    quoted[key] = quoted.get(key, frozenset()) | _stems(doc.article.text[lo:hi])
    return quoted


def _paraphrases(row: list[_Item], utterance: list[_Item], speaker_key: str, speaker_name: str,
                 unit_stems: list[tuple[Unit, frozenset[str]]],
                 quoted: dict[tuple[str, int], frozenset[str]]) -> tuple[Paraphrase, ...]:
    # Every outlet that quotes the utterance, whoever it gives it to, quotes it.
    quoted_by = {it.source for it in utterance}
    words = frozenset().union(*(it.stems for it in row))
    speaker_words = {stem(w) for w in terms(speaker_name)}
    best: dict[str, tuple[float, Unit]] = {}
    for u, stems in unit_stems:
        if u.source in quoted_by:
            continue
        names_speaker = (speaker_key in u.entities if not speaker_key.startswith("name:")
                         else bool(speaker_words) and speaker_words <= stems)
        if not names_speaker:
            continue
        common = words & stems
        # A sentence printing most of the shared words in quotation marks quotes them.
        if 2 * len(common & quoted.get(u.key, frozenset())) >= len(common):
            continue
        shared = len(common)
        share = shared / max(1, len(words))
        if shared >= PARAPHRASE_MIN_SHARED and share >= PARAPHRASE_SHARE and \
                share > best.get(u.outlet, (0.0, u))[0]:
            best[u.outlet] = (share, u)
    return tuple(Paraphrase(outlet, cite(u.doc, u.index), round(share, 3))
                 for outlet, (share, u) in sorted(best.items()))


def _tokens(name: str) -> list[str]:
    return re.findall(r"[a-z]+", name.lower())


def _merge_name_forms(rows: dict[str, list[_Item]],
                      entity_names: dict[str, str]) -> dict[str, list[_Item]]:
    """One row for "Salazar" and "Ken Salazar": a name inside another is one speaker."""
    def name(key: str) -> str:
        return entity_names.get(key) or key.removeprefix("name:")

    keys = sorted(rows, key=lambda k: -len(_tokens(name(k))))
    merged: dict[str, list[_Item]] = {}
    for key in keys:
        words = set(_tokens(name(key)))
        into = next((k for k in merged if words and words < set(_tokens(name(k)))), None)
        merged.setdefault(into or key, []).extend(rows[key])
    return merged


def _attributions_differ(rows: dict[str, list[_Item]], names: dict[str, str]) -> bool:
    """Whether the speakers are truly different people, as the outlets print them.

    Not when two speakers share a last name (one person's name in two spellings,
    "Alexis" and "Alexandros Grigoropoulos"), nor when an outlet's sentence names
    the other speaker too ("said Trend Micro researcher Paul Ferguson": the cue
    reading picked the company, the sentence names the person).
    """
    last = {key: (_tokens(names[key]) or [""])[-1] for key in rows}
    if len(set(last.values())) < len(last):
        return False
    for key, members in rows.items():
        others = [last[k] for k in rows if k != key]
        named = False
        for it in members:
            words = _tokens(it.doc.sentences[max(it.doc.quotes[it.index].sentence_index,
                                                     0)].text)
            if any(o and o in words for o in others):
                return False
            named = named or last[key] in words
        if not named:
            return False  # "she said": the speaker is our reading of the context
    return True


def quote_groups(docs: Sequence[Document], roster: Roster | None, units: list[Unit],
                 sources: dict[str, str],
                 fact_of: dict[tuple[str, int], str]) -> tuple[list[QuoteGroup], list[Conflict]]:
    """Quote rows (utterance x speaker) and the attribution conflicts between them."""
    items = _items(docs, roster, sources)
    utterances: list[list[_Item]] = []
    for item in items:
        for utt in utterances:
            text = item.doc.quotes[item.index].text
            if any(same_utterance(item.stems, other.stems, text,
                                  other.doc.quotes[other.index].text) for other in utt):
                utt.append(item)
                break
        else:
            utterances.append([item])
    by_id = roster.by_id() if roster is not None else {}
    entity_names = {it.speaker_key: by_id[it.speaker_key].name for it in items
                    if it.speaker_key in by_id}
    unit_stems = [(u, _stems(u.text)) for u in units]  # once per story, not per utterance
    quoted = _quoted_stems(docs)
    groups: list[QuoteGroup] = []
    conflicts: list[Conflict] = []
    for utt in utterances:
        speakers = [it.speaker_key for it in utt if it.speaker_key]
        if not speakers:
            continue
        rows: dict[str, list[_Item]] = defaultdict(list)
        for it in utt:
            # A quote whose speaker is unknown joins the utterance's only speaker.
            key = it.speaker_key or (speakers[0] if len(set(speakers)) == 1 else "")
            if key:
                rows[key].append(it)
        rows = _merge_name_forms(rows, entity_names)
        names: dict[str, str] = {}
        for key, members in rows.items():
            counts = Counter(it.speaker_name for it in members if it.speaker_name)
            name = entity_names.get(key) or (counts.most_common(1)[0][0] if counts else key)
            names[key] = name
            variants: list[QuoteVariant] = []
            base = ""
            for it in members:
                quote = it.doc.quotes[it.index]
                sent_index = max(quote.sentence_index, 0)
                citation = Citation(it.doc.article.id, sent_index, (quote.start, quote.end),
                                    quote.text)
                diff = word_diff(base, quote.text) if variants else ()
                base = base or quote.text
                variants.append(QuoteVariant(it.doc.article.outlet, it.doc.article.id,
                                             quote.text, quote.cue, citation, diff))
            groups.append(QuoteGroup(
                name, "" if key.startswith("name:") else key, tuple(variants),
                _paraphrases(members, utt, key, name, unit_stems, quoted)))
        by_source = {key: {it.source for it in members} for key, members in rows.items()}
        if len(rows) >= 2 and len(set().union(*by_source.values())) >= 2 and \
                _attributions_differ(rows, names):
            sides = tuple(ConflictSide(
                names[key], tuple(sorted({it.doc.article.outlet for it in members})),
                tuple(cite(it.doc, max(it.doc.quotes[it.index].sentence_index, 0))
                      for it in members)) for key, members in rows.items())
            first = utt[0]
            shown = " vs ".join(f"{s.value} ({', '.join(s.sources)})" for s in sides)
            text = first.doc.quotes[first.index].text
            conflicts.append(Conflict(
                "attribution",
                fact_of.get((first.doc.article.id,
                             max(first.doc.quotes[first.index].sentence_index, 0)), ""),
                f"attribution differs for \u201c{text[:60]}\u201d: {shown}", sides))
    # One speaker's utterances together (a reader looks up what someone said), speakers
    # quoted by the most sources first, and each speaker's most printed utterance first.
    def reach(g: QuoteGroup) -> int:
        return len({v.source for v in g.variants})

    widest: dict[str, int] = {}
    for g in groups:
        widest[g.speaker] = max(widest.get(g.speaker, 0), reach(g))
    groups.sort(key=lambda g: (-widest[g.speaker], g.speaker, -reach(g)))
    return groups, conflicts
