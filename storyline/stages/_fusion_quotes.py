"""Quote groups: one row per utterance and speaker, every outlet's wording.

1. Quotes of all outlets are grouped into utterances by their words: two
   printings of one utterance share most of the shorter one's content words even
   when an outlet trims a clause. Printings are taken shortest first, and one joins
   a group only when it is the same utterance as the group's longest printing (not
   any member: single links chained "Deep Throat." to three different sentences).
   A printing of several sentences that matches two groups (one outlet quoting in one
   piece what others quote apart) is cut at its sentence ends and each part joins its
   own group.
2. Each utterance is split by speaker (roster entity, else the stripped name). A
   quote whose speaker is unknown joins the utterance's only speaker, as that speaker's
   when its own article names that speaker near it, else marked as printed with no
   speaker named. Words several outlets quote and none gives a speaker are a row with
   no speaker. Speaker names are cleaned of a leading
   conjunction or job word ("But Professor Varoufakis" -> "Varoufakis") and merged
   story-wide: a surname alone, or one person's name printed two ways ("Stan Perlo",
   "Stanley Perlo"), is one speaker; relatives sharing a surname stay apart.
   One utterance given to two speakers by different outlets is an ``attribution``
   conflict.
3. Each variant carries a word diff against the row's first variant; spacing around
   apostrophes and punctuation ("I ’ m", "Band - Aid") is no difference.
4. An outlet that does not quote the utterance (under any speaker) but reports the
   speaker saying it is listed as paraphrasing it: a sentence holding a good share
   of its words whose speech verb ("said", "told", "vowed", "according to" ...) has
   the speaker (or a pronoun for the speaker named just before) as its subject, and
   that neither prints those words in quotation marks the extractor did not read nor
   repeats the quote word for word.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import Citation, Conflict, ConflictSide, Document, Paraphrase, QuoteGroup, QuoteVariant
from ._fusion_align import Unit, cite, stem
from ._quotes import JOB_WORDS, ROLES, sentence_at
from ._roster import _SUFFIXES, TITLES, Roster, _also_called, drop_titles, strip_name, strip_titles
from .cluster import terms

# Two quotes are one utterance when the shorter one's content stems are mostly
# (60%+) in the longer one, with at least 2 shared; a trimmed clause or a changed
# word keeps a printing in its utterance, another sentence of the same speech
# shares far less. Checked on the demo corpus and the reference pair (Sanders'
# "continuing to make progress" printed alone and inside a longer quote).
SAME_UTTERANCE = 0.6
SHORT_QUOTE_STEMS = 4
SHARED_RUN_WORDS = 4
# A quote of stop words only ("Would we have done it without him?") is one utterance
# with another printing of the same words, in order, when it has at least 3 words.
BARE_QUOTE_WORDS = 3
# A sentence paraphrases an utterance when its speech verb has the speaker as subject
# and it holds 30%+ of the utterance's content stems (at least 4): reported speech
# keeps the nouns and names and changes the rest.
PARAPHRASE_SHARE = 0.3
PARAPHRASE_MIN_SHARED = 4
# A sentence repeating 80%+ of a printing's words as one run prints the quote (marks the
# extractor did not read); reported speech reorders and changes words ("Dana Tamir
# said that the patch is a temporary workaround, like applying a Band-Aid": a run of 8
# of the quote's 12 words, a paraphrase). On the 49 ECB+ rows flagged before this rule,
# the printings with unread marks ran 76-100% (most are also caught by their marks) and
# the paraphrases judged right at most 67%.
PRINTING_RUN = 0.8
# Words that two or more outlets print in quotation marks, none of them naming who spoke
# them, are a row of their own when a printing has this many words: on the ECB+ build 28
# such utterances, 23 rows at 4 words; the shorter are labels ("mother vessel", "all
# necessary measures") or scraps of a table ("Tyler 2,291 +").
UNNAMED_QUOTE_WORDS = 4
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_WORD = re.compile(r"\S+")

# Speech and reporting verbs whose subject says something.
_SPEECH = (r"said|says|say|told|tells|added|adds|announced|announces|claimed|claims|warned|"
           r"warns|argued|argues|insisted|insists|stated|states|noted|notes|explained|"
           r"explains|confirmed|confirms|vowed|vows|promised|promises|pledged|pledges|"
           r"denied|denies|acknowledged|acknowledges|admitted|admits|suggested|suggests|"
           r"advised|apologi[sz]ed|apologi[sz]es|apologi[sz]e|lamented|testified|wrote|"
           r"writes|declared|declares|stressed|stresses|emphasi[sz]ed|asserted|asserts|"
           r"maintained|predicted|predicts|urged|urges|complained|conceded|concedes|"
           r"recalled|reiterated|revealed|disclosed|replied|responded|blamed|blames|"
           r"described|hoped|agreed|called\s+for|calls\s+for|according\s+to")
# Verbs that name their subject after them ("said Kempthorne", "according to Microsoft");
# not "told", whose object follows ("told the BBC").
_SPEECH_BEFORE = (r"said|says|added|adds|wrote|writes|noted|explained|stated|argued|"
                  r"insisted|warned|continued|according\s+to")
# Words between a subject and its verb: "Microsoft initially suggested", "Palin to apologize".
_LINK = (r"(?:\s+(?:also|later|initially|previously|earlier|again|then|repeatedly|publicly|"
         r"recently|once|firmly|flatly|has|have|had|will|would|could|did|does|not|never|to|"
         r"is|was|been))")
_TITLE_WORDS = "|".join(sorted(re.escape(t) for t in TITLES if t.isalpha()))

# Words before a capitalised name that are not part of it: a conjunction opening the
# sentence ("But Professor Varoufakis") or a job (``_quotes.JOB_WORDS``).
_CONJUNCTIONS = {"but", "and", "or", "so", "yet", "then", "also", "meanwhile", "however"}
# A first name printed short is the long one's start when 4+ letters ("Stan", "Stanley").
NAME_PREFIX = 4


@dataclass
class _Item:
    doc: Document
    index: int  # position in doc.quotes
    speaker_key: str
    speaker_name: str
    stems: frozenset[str]
    source: str
    # The span shown: the whole quote, or one part of a quote cut at sentence ends.
    start: int = -1
    end: int = -1
    order: int = 0  # position among all printings (documents, then quotes, in order)
    text: str = field(default="", init=False)
    sentence_index: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        quote = self.doc.quotes[self.index]
        if self.start < 0:
            self.start, self.end = quote.start, quote.end
        self.text = self.doc.article.text[self.start:self.end]
        sent = sentence_at(self.doc.sentences, self.start)
        self.sentence_index = sent.index if sent is not None else max(quote.sentence_index, 0)


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in terms(text))


def same_utterance(a: frozenset[str], b: frozenset[str], text_a: str = "",
                   text_b: str = "") -> bool:
    """Whether two quotes are printings of one utterance.

    A short quote (4 content stems or fewer) must have 2+ stems and its words must
    appear, in order, inside the other ("continuing to make progress" in "we're
    continuing to make progress"), or a run of 4+ of them cover half of it; one
    shared word ("dangerous", "Fix it") is not an utterance. A longer one must share
    60%+ of its stems, and at least 3. A quote with no content word ("Would we have
    done it without him?") is one utterance with the same 3+ words printed again.
    """
    if not a or not b:
        if a or b or not text_a or not text_b:
            return False
        x, y = _words(text_a), _words(text_b)
        return x == y and len(x.split()) >= BARE_QUOTE_WORDS
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
            run = _run(short.split(), long.split())
            return run >= SHARED_RUN_WORDS and 2 * run >= len(short.split())
        return True
    if shared < 3 or shared / shorter < SAME_UTTERANCE:
        return False
    if text_a and text_b:
        # Two quotes on one subject share words; two printings share a run of them.
        return _run(_words(text_a).split(), _words(text_b).split()) >= SHARED_RUN_WORDS
    return True


def _run(x: list[str], y: list[str]) -> int:
    """The longest run of words ``x`` and ``y`` print alike."""
    return difflib.SequenceMatcher(a=x, b=y, autojunk=False).find_longest_match(
        0, len(x), 0, len(y)).size


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", _spaced(text).lower()))


# An apostrophe a tokeniser set apart ("I ’ m", "Felt ' s", "don ’ t").
_APOSTROPHE = re.compile(r"(?<=\w) ?['’] ?(?=(?:s|t|m|re|ll|ve|d)\b)")


def _spaced(text: str) -> str:
    return _APOSTROPHE.sub("’", text)


# A word of a diff: letters and digits with an apostrophe inside ("I’m", "I ’ m"), and
# the punctuation right after it ("wound,"); a hyphen splits words ("Band-Aid").
_DIFF_WORD = re.compile(r"\w+(?: ?['’] ?(?:s|t|m|re|ll|ve|d)\b|['’]\w+)*[^\w\s]*")


def word_diff(base: str, other: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff of ``other`` against ``base`` (case and punctuation ignored, and
    the spacing around apostrophes and punctuation: "I ’ m" and "I'm" are one word).
    The text of each step is the printing's own, as printed."""
    a, b = list(_DIFF_WORD.finditer(base)), list(_DIFF_WORD.finditer(other))

    def norm(words: list[re.Match[str]]) -> list[str]:
        return [re.sub(r"\W+", "", w.group()).lower() for w in words]

    def shown(text: str, words: list[re.Match[str]], i: int, j: int) -> str:
        return " ".join(text[words[i].start():words[j - 1].end()].split())

    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=norm(a), b=norm(b), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "insert"):
            ops.append((op, shown(other, b, j1, j2)))
        elif op == "delete":
            ops.append(("delete", shown(base, a, i1, i2)))
        else:
            ops.append(("replace", f"{shown(base, a, i1, i2)} -> {shown(other, b, j1, j2)}"))
    return tuple(ops)


def clean_name(name: str) -> str:
    """A speaker's name without a leading conjunction or job word ("But Professor
    Varoufakis" -> "Varoufakis", "Lawyer Michael Marinaccio" -> "Michael Marinaccio");
    only before a capitalised word that is not a stop word ("Juror No" is kept)."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in _CONJUNCTIONS
                              or words[0].lower() in JOB_WORDS) \
            and words[1][:1].isupper() and words[1].lower() not in ENGLISH_STOP_WORDS:
        words = words[1:]
    return " ".join(words)


def _name_words(name: str) -> list[str]:
    """A name's words to compare: no nickname in brackets ("Kimani (Kiki) Gray"), no
    suffix ("Nick J. Rahall II")."""
    words = re.sub(r"\([^)]*\)", " ", name).replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words = words[:-1]
    return words


def _one_person(a: list[str], b: list[str]) -> bool:
    """Two full names of one person: ``_also_called`` (a nickname, a spelling one letter
    apart, a middle name left out), or a first name printed short ("Stan Perlo",
    "Stanley Perlo"). "Doug" and "Greg McDermott", "Tyler" and "Gene Hansbrough",
    "Jeremy" and "Jerry Ortiz" are relatives."""
    short, long = sorted((a, b), key=len)
    if [w.lower() for w in short] == [w.lower() for w in long]:
        return True
    if _also_called(short, long):
        return True
    x, y = short[0].lower(), long[0].lower()
    return len(short) == 2 and short[-1].lower() == long[-1].lower() and \
        len(min(x, y, key=len)) >= NAME_PREFIX and (x.startswith(y) or y.startswith(x))


def _speaker_aliases(names: dict[str, str], counts: Counter[str]) -> dict[str, str]:
    """Speaker key -> the key of the story's speaker it is: one person's names printed
    two ways, and a surname alone when exactly one speaker of the story has it. The
    speaker shown is the one quoted most, then the longest name ("Stanley Perlo")."""
    parent = {k: k for k in names}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    words = {k: _name_words(n) for k, n in names.items()}
    # Only people merge: an organisation or place the roster knows ("Ford" the company,
    # org:ford) is never the person who shares its name ("Mayor Ann Ford").
    people = {k for k in names if k.startswith(("name:", "person:"))}
    full = sorted(k for k in people if len(words[k]) >= 2)
    for i, a in enumerate(full):
        for b in full[i + 1:]:
            if root(a) != root(b) and _one_person(words[a], words[b]):
                parent[root(b)] = root(a)
    surnames: dict[str, set[str]] = defaultdict(set)
    for k in full:
        surnames[words[k][-1].lower()].add(root(k))
    for k in sorted(people):
        if len(words[k]) == 1 and len(roots := surnames.get(words[k][0].lower(), set())) == 1:
            parent[k] = next(iter(roots))
    members: dict[str, list[str]] = defaultdict(list)
    for k in names:
        members[root(k)].append(k)
    out = {}
    for group in members.values():
        best = max(sorted(group), key=lambda k: (counts[k], len(words[k]), len(names[k])))
        out.update({k: best for k in group})
    return out


def _items(docs: Sequence[Document], roster: Roster | None,
           sources: dict[str, str]) -> list[_Item]:
    items: list[_Item] = []
    for doc in docs:
        for qi, quote in enumerate(doc.quotes):
            # Shown as printed ("A.J. Green"); keyed with its initials joined ("AJ Green").
            name = clean_name(drop_titles(strip_name(quote.speaker))) if quote.speaker else ""
            if not name and re.fullmatch(r"(?:the|a|an)\s+[a-z][\w'’ -]+", quote.speaker):
                name = quote.speaker  # "the ministry" (no entity) speaks in its own row
            key = ""
            if roster is not None and quote.speaker:
                key = roster.speaker_entity.get((doc.article.id, quote.speaker), "")
            if not key and name and name.lower() not in _PRONOUNS:
                key = "name:" + strip_titles(name).lower()
            items.append(_Item(doc, qi, key, name, _stems(quote.text),
                               sources[doc.article.id], order=len(items)))
    return items


def _pieces(item: _Item) -> list[_Item]:
    """The printing cut at its article's sentence ends (parts with a word in them)."""
    out = []
    text = item.doc.article.text
    for sent in item.doc.sentences:
        lo, hi = max(item.start, sent.start), min(item.end, sent.end)
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi and re.search(r"\w", text[lo:hi]):
            out.append(replace(item, start=lo, end=hi, stems=_stems(text[lo:hi])))
    return out


def _utterances(items: list[_Item]) -> list[list[_Item]]:
    """Printings grouped into utterances, shortest first: a printing joins the group
    whose longest printing it is the same utterance as; one of several sentences that
    matches two groups is cut at its sentence ends and each part joins its match."""
    groups: list[list[_Item]] = []
    longest: list[_Item] = []

    def size(it: _Item) -> int:
        return len(_words(it.text).split())

    def matches(it: _Item) -> list[int]:
        return [g for g, rep in enumerate(longest)
                if same_utterance(it.stems, rep.stems, it.text, rep.text)]

    def add(it: _Item, g: int | None) -> None:
        if g is None:
            groups.append([it])
            longest.append(it)
            return
        groups[g].append(it)
        if size(it) > size(longest[g]):
            longest[g] = it

    def best(it: _Item, hits: list[int]) -> int:
        return max(hits, key=lambda g: len(it.stems & longest[g].stems)
                   / max(1, min(len(it.stems), len(longest[g].stems))))

    for item in sorted(items, key=lambda it: (size(it), it.order)):
        hits = matches(item)
        parts = _pieces(item) if len(hits) >= 2 else []
        if len(parts) < 2:
            add(item, best(item, hits) if hits else None)
            continue
        # Each part goes to the group it matches; a part matching none stays with the
        # part before it (or after, for the first), and neighbours going to one group
        # are shown as one span.
        targets: list[int | None] = []
        for part in parts:
            part_hits = matches(part)
            targets.append(best(part, part_hits) if part_hits else None)
        known = [t for t in targets if t is not None]
        fill = known[0] if known else None
        for i, t in enumerate(targets):
            fill = t if t is not None else fill
            targets[i] = fill
        runs: list[tuple[int | None, _Item]] = []
        for part, t in zip(parts, targets, strict=True):
            if runs and runs[-1][0] == t:
                first = runs[-1][1]
                text = item.doc.article.text[first.start:part.end]
                runs[-1] = (t, replace(first, end=part.end, stems=_stems(text)))
            else:
                runs.append((t, part))
        for t, part in runs:
            add(part, t)
    for g in groups:
        g.sort(key=lambda it: (it.order, it.start))
    groups.sort(key=lambda g: (g[0].order, g[0].start))
    return groups


# Quotation marks, read in the sentence's own text: the extractor does not read all
# (``Hansbrough said, '...' Craft said, ''...'' Inspector Gaskin said).
_MARK = re.compile(r"``|''|[`\"“”‘’']")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside quotation marks. Marks are paired in order, whichever
    way they are printed ("``I never dreamed ..., ``Hansbrough said"); an apostrophe
    ("didn't", "I ’ m", "Felt ' s") is no mark, nor a lone mark between spaces outside
    a quote ("the 76ers ' thinking"). A first mark closing a quote (after a word, before
    a space) closes one opened in an earlier sentence; a mark left open runs to the end."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    first = True
    for m in _MARK.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        if m.group() in ("'", "’"):
            if before.isalnum() and after.isalnum():
                continue
            if _APOSTROPHE.match(text, s - 1 if before == " " else s) and \
                    re.search(r"\w ?$", text[:s]):
                continue
        if open_at is not None:
            spans.append((open_at, s))
            open_at = None
        elif first and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
            spans.append((0, s))
        elif not (before.isspace() and after.isspace() and m.group() in ("'", "’", "`")):
            open_at = e
        first = False
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _quoted_stems(docs: Sequence[Document]) -> dict[tuple[str, int], frozenset[str]]:
    """The stems each sentence prints inside quotation marks: the quotes found, and the
    marks the sentence itself holds."""
    quoted: dict[tuple[str, int], frozenset[str]] = {}
    for doc in docs:
        for quote in doc.quotes:
            for sent in doc.sentences:
                lo, hi = max(quote.start, sent.start), min(quote.end, sent.end)
                if lo < hi:
                    key = (doc.article.id, sent.index)
                    quoted[key] = quoted.get(key, frozenset()) | _stems(doc.article.text[lo:hi])
        for sent in doc.sentences:
            spans = _quoted_spans(sent.text)
            if spans:
                key = (doc.article.id, sent.index)
                quoted[key] = quoted.get(key, frozenset()).union(
                    *(_stems(sent.text[lo:hi]) for lo, hi in spans))
    return quoted


def _name_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """The speaker as a sentence prints it: the full names and surnames given."""
    alts = sorted({f for f in forms if f and f.lower() not in _PRONOUNS}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w])")


def _speaker_forms(names: Iterable[str]) -> set[str]:
    forms = set()
    for name in names:
        words = _name_words(clean_name(name))
        if words:
            forms.add(" ".join(words))
            forms.add(words[-1])
    return forms


def _speaks(sentence: str, previous: str, name: re.Pattern[str]) -> bool:
    """Whether the speaker is the subject of a speech verb in ``sentence``: "Obama said",
    "Palin, who was ..., apologized", "said Undersheriff James Gage", "according to
    Microsoft", or "he said" after the speaker is named (in this or the previous
    sentence). Not "Salazar announced that the Obama administration ...", nor narration
    without a speech verb ("Obama overturned a regulation")."""
    n = name.pattern
    verb = r"(?i:" + _SPEECH + r")\b"
    if re.search(n + _LINK + r"{0,3}\s+" + verb, sentence):
        return True
    if re.search(n + r"\s*,[^,.;:!?\"“”]{1,80}?,?" + _LINK + r"{0,2}\s+" + verb, sentence):
        return True
    # "said Undersheriff James Gage", not "said Obama's spokesman Josh Earnest".
    if re.search(r"(?i:\b(?:" + _SPEECH_BEFORE + r"))\s+(?:(?:[A-Z][\w.'’-]*|the|"
                 + _TITLE_WORDS + r")\s+){0,5}?" + n + r"(?!['’]s\b)(?!\s+[a-z])", sentence):
        return True
    for m in re.finditer(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e)" + _LINK + r"{0,3}\s+" + verb,
                         sentence):
        if name.search(sentence[:m.start()]) or name.search(previous):
            return True
    return False


def _paraphrases(row: list[_Item], utterance: list[_Item], speaker_keys: set[str],
                 name: re.Pattern[str] | None,
                 unit_stems: list[tuple[Unit, frozenset[str]]],
                 quoted: dict[tuple[str, int], frozenset[str]]) -> tuple[Paraphrase, ...]:
    if name is None:
        return ()
    # Every outlet that quotes the utterance, whoever it gives it to, quotes it.
    quoted_by = {it.source for it in utterance}
    words = frozenset().union(*(it.stems for it in row))
    printed = [_words(it.text).split() for it in row]
    best: dict[str, tuple[float, Unit]] = {}
    for u, stems in unit_stems:
        if u.source in quoted_by:
            continue
        common = words & stems
        shared = len(common)
        share = shared / max(1, len(words))
        if shared < PARAPHRASE_MIN_SHARED or share < PARAPHRASE_SHARE or \
                share <= best.get(u.outlet, (0.0, u))[0]:
            continue
        named = bool(speaker_keys & u.entities) or bool(name.search(u.text))
        previous = u.doc.sentences[u.index - 1].text if u.index > 0 else ""
        if not named and not name.search(previous):
            continue
        # A sentence printing most of the shared words in quotation marks quotes them.
        if 2 * len(common & quoted.get(u.key, frozenset())) >= len(common):
            continue
        # So does one repeating a printing word for word without marks.
        sent_words = _words(u.text).split()
        if any(len(p) >= SHARED_RUN_WORDS and _run(p, sent_words) >= PRINTING_RUN * len(p)
               for p in printed):
            continue
        if not _speaks(u.text, previous, name):
            continue
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
    # A role printed in place of a name ("according to the church's minister") may be the
    # person another outlet names (the Rev. Larry Kroon); an institution ("the ministry")
    # is not a person.
    if any(names[key][:1].islower() and last[key] in ROLES for key in rows):
        return False
    for key, members in rows.items():
        others = [last[k] for k in rows if k != key]
        named = False
        for it in members:
            words = _tokens(it.doc.sentences[it.sentence_index].text)
            if any(o and o in words for o in others):
                return False
            named = named or last[key] in words
        if not named:
            return False  # "she said": the speaker is our reading of the context
    return True


def _named_near(it: _Item, name: re.Pattern[str] | None) -> bool:
    """Whether the printing's own article names the speaker near it: in its sentences,
    the two before or the one after ('"...," said Hugh Hefner.'), or as the last person
    named before it ('Page ... "God approves of nudity," she said').
    Checked on ECB+: Obama's "we should be looking at ways to strengthen [ESA]", printed
    without a speaker, is no longer Gary Locke's (named three sentences after it)."""
    if name is None:
        return False
    sents = it.doc.sentences
    last = max((s.index for s in sents if s.start < it.end), default=it.sentence_index)
    if any(name.search(sents[i].text) for i in range(max(0, it.sentence_index - 2),
                                                     min(len(sents), last + 2))):
        return True
    before = [m for m in it.doc.mentions if m.label == "PERSON" and m.end <= it.start]
    return bool(before) and bool(name.search(max(before, key=lambda m: m.start).text))


def quote_groups(docs: Sequence[Document], roster: Roster | None, units: list[Unit],
                 sources: dict[str, str],
                 fact_of: dict[tuple[str, int], str]) -> tuple[list[QuoteGroup], list[Conflict]]:
    """Quote rows (utterance x speaker) and the attribution conflicts between them."""
    items = _items(docs, roster, sources)
    by_id = roster.by_id() if roster is not None else {}
    entity_names = {it.speaker_key: clean_name(by_id[it.speaker_key].name) for it in items
                    if it.speaker_key in by_id}
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.speaker_key and it.speaker_name:
            printed[it.speaker_key][it.speaker_name] += 1
    shown = {k: entity_names.get(k) or (printed[k].most_common(1)[0][0] if printed[k]
                                         else k.removeprefix("name:")) for k in printed}
    counts = Counter(it.speaker_key for it in items if it.speaker_key)
    alias = _speaker_aliases(shown, counts)
    # Every name a speaker is printed under, to find it in a sentence.
    forms: dict[str, set[str]] = defaultdict(set)
    for k, into in alias.items():
        forms[into] |= _speaker_forms([shown[k], *printed[k]])
    patterns = {k: _name_pattern(f) for k, f in forms.items()}
    keys_of: dict[str, set[str]] = defaultdict(set)
    for k, into in alias.items():
        keys_of[into].add(k)
    for it in items:
        it.speaker_key = alias.get(it.speaker_key, it.speaker_key)
    utterances = _utterances(items)
    unit_stems = [(u, _stems(u.text)) for u in units]  # once per story, not per utterance
    quoted = _quoted_stems(docs)
    groups: list[QuoteGroup] = []
    conflicts: list[Conflict] = []
    for utt in utterances:
        speakers = {it.speaker_key for it in utt if it.speaker_key}
        if not speakers:
            if len({it.source for it in utt}) >= 2 and \
                    max(len(_words(it.text).split()) for it in utt) >= UNNAMED_QUOTE_WORDS:
                groups.append(QuoteGroup("", "", _variants(utt, {it.order for it in utt})))
            continue
        only = next(iter(speakers)) if len(speakers) == 1 else ""
        rows: dict[str, list[_Item]] = defaultdict(list)
        unnamed: set[int] = set()
        for it in utt:
            # A quote whose speaker is unknown joins the utterance's only speaker: named
            # when its own article names that speaker near it, else shown as printed
            # without a speaker (the words are the same utterance; who spoke them is what
            # the other printings say).
            key = it.speaker_key or only
            if key and not it.speaker_key and not _named_near(it, patterns.get(only)):
                unnamed.add(it.order)
            if key:
                rows[key].append(it)
        rows = _merge_name_forms(rows, {k: shown[k] for k in rows})
        names: dict[str, str] = {}
        for key, members in rows.items():
            name = shown.get(key, key)
            names[key] = name
            groups.append(QuoteGroup(
                name, "" if key.startswith("name:") else key, _variants(members, unnamed),
                _paraphrases(members, utt, keys_of.get(key, {key}), patterns.get(key),
                             unit_stems, quoted)))
        by_source = {key: {it.source for it in members} for key, members in rows.items()}
        if len(rows) >= 2 and len(set().union(*by_source.values())) >= 2 and \
                _attributions_differ(rows, names):
            sides = tuple(ConflictSide(
                names[key], tuple(sorted({it.doc.article.outlet for it in members})),
                tuple(cite(it.doc, it.sentence_index) for it in members))
                for key, members in rows.items())
            first = utt[0]
            shown_sides = " vs ".join(f"{s.value} ({', '.join(s.sources)})" for s in sides)
            conflicts.append(Conflict(
                "attribution", fact_of.get((first.doc.article.id, first.sentence_index), ""),
                f"attribution differs for \u201c{first.text[:60]}\u201d: {shown_sides}", sides))
    # One speaker's utterances together (a reader looks up what someone said), speakers
    # quoted by the most sources first, and each speaker's most printed utterance first.
    def reach(g: QuoteGroup) -> int:
        return len({v.source for v in g.variants})

    widest: dict[str, int] = {}
    for g in groups:
        widest[g.speaker] = max(widest.get(g.speaker, 0), reach(g))
    # Words no outlet gives a speaker come last.
    groups.sort(key=lambda g: (not g.speaker, -widest[g.speaker], g.speaker, -reach(g)))
    return groups, conflicts


def _variants(members: list[_Item], unnamed: set[int]) -> tuple[QuoteVariant, ...]:
    """Each printing of a row, with its word diff against the row's first printing;
    ``unnamed`` holds the printings (by ``order``) whose article names no speaker."""
    variants: list[QuoteVariant] = []
    base = ""
    for it in members:
        quote = it.doc.quotes[it.index]
        citation = Citation(it.doc.article.id, it.sentence_index, (it.start, it.end), it.text)
        diff = word_diff(base, it.text) if variants else ()
        base = base or it.text
        variants.append(QuoteVariant(it.doc.article.outlet, it.doc.article.id, it.text,
                                     quote.cue, citation, diff,
                                     speaker_named=it.order not in unnamed))
    return tuple(variants)
