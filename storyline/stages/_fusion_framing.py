"""How each outlet frames a story: the names it uses, its own words, what it leaves out.

- Names: for an entity that 2+ outlets mention, the names each outlet chooses, when
  they differ from the names the other outlets choose ("North Korea" vs "DPRK").
  Forms are compared as names, not as strings: case, punctuation, spacing, a
  person's titles and initials ("Gen. A. J. Green" = "AJ Green"), NER debris
  after a person's name ("Ross doesn"), one-letter misspellings and an acronym
  or AP abbreviation of a longer form of the story ("U.S." = "United States",
  "Calif." = "California") make no difference. A form whose words lie inside a
  longer form any outlet prints ("Obama", "President Obama" beside "Barack
  Obama"; "Sarah Sanders" beside "Sarah Huckabee Sanders") is a short reference,
  not a choice of name. An entity is listed for an outlet when the outlet and
  the others both choose a name and their choices differ; ``others_use`` is
  what all the others print.
- Distinctive words: log-odds ratio of a word in this outlet against the story's
  other outlets, with an informative Dirichlet prior from the whole story
  (Monroe, Colaresi & Quinn 2008), reported as a z-score. Each distinct sentence
  counts once per outlet (three versions of one report are not three uses).
  Left out: words of 1-2 letters, scikit-learn's and spaCy's stop words, light
  verbs and fillers ("going", "got"), calendar words ("friday", "nov"), letters
  glued to a number ("6th", "9mm") or a web address ("cnn.com"), and the words
  of entity names: every mention, every capitalised word of a name of the
  story's entities, mentioned or not ("Teixeira", "INS"), and every word the
  story never prints in lower case inside a sentence ("Waitrose"). Names are
  left to the names above.
- Omissions: facts that most of the other independent sources report (2 or
  more, and more than half of them) and this outlet does not: no sentence of
  it is close to one of the fact's (cosine of fusion's TF-IDF vectors) and
  holds most of its words ("says"), and the fact has 4+ content words ("She
  was 91." is no omission).
- Exclusive: facts only this outlet reports.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..model import DistinctiveWord, Document, Fact, NameChoice, OutletFraming
from ._fusion_align import Unit, cosine, units_of
from ._roster import Roster, _ap_states, _person_cut, drop_titles, strip_name
from .cluster import terms

# The prior is the story's own word counts scaled to a tenth of its size: enough
# to damp words used once or twice, weak enough that a word one outlet uses four
# or five times and the others never can show. A word is listed from z >= 1.0 with
# 2+ uses, its z shown: in a story of three or four short reports no word reaches
# 1.64 (one-sided 5%); on the demo corpus z >= 1.0 picks "fog", "weather" and
# "freighter" for the one outlet that reports the fog, and nothing for most others.
PRIOR_SCALE = 0.1
MIN_Z = 1.0
MIN_COUNT = 2
MAX_WORDS = 10


# -- names ---------------------------------------------------------------------------------

# Small words an acronym may skip ("Democratic People's Republic of Korea" = DPRK).
_SKIPPED = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "la", "du",
                      "des", "del", "y"})


def _form(name: str) -> str:
    """A dateline's capitals are typography, not a name choice ("VALENCIA" = "Valencia")."""
    return name.title() if name.isupper() and len(name) > 4 else name


def _printed(text: str, person: bool) -> str:
    """A mention as the outlet prints the name: without what NER glued to it ("Ross
    doesn", "Wladimir Klitschko 19") and, for a person, without titles ("President
    Trump" -> "Trump")."""
    name = _form(strip_name(text))
    if person:
        return drop_titles(_person_cut(name))
    return re.sub(r"(?:\s+\d[\d,.\-]*)+$", "", name)


def _key(name: str) -> str:
    """A name as compared: lower case, no punctuation, hyphens as spaces, single letters
    joined ("A. J. Green", "A.J. Green", "AJ Green" -> "aj green"; "Academy Awards®" =
    "Academy Awards"; "SAN Diego" = "San Diego")."""
    words = re.sub(r"[^\w\s]|_", "", re.sub(r"[-\u2010-\u2015/]", " ", name.lower())).split()
    out: list[str] = []
    joining = False
    for word in words:
        if len(word) == 1 and joining:
            out[-1] += word
        else:
            out.append(word)
            joining = len(word) == 1
    return " ".join(out)


def _one_edit(a: str, b: str) -> bool:
    """Whether two strings differ by one inserted, deleted or changed letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _inside(short: list[str], long: list[str]) -> bool:
    """Whether the words of ``short`` appear in ``long`` in order (and fewer of them)."""
    if len(short) >= len(long):
        return False
    it = iter(long)
    return all(word in it for word in short)


def _initials(words: list[str]) -> set[str]:
    return {"".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in _SKIPPED)}


# A one-letter misspelling is one name only in a longer name: 8+ letters, checked on the
# ECB+ sample ("Andrew Welzler"/"Andrew Wetzler", "Latoya Brown"/"Latonya Brown").
TYPO_MIN_LETTERS = 8


def _canonical(keys: Counter[str], printings: dict[str, Counter[str]],
               person: bool = True) -> dict[str, str]:
    """Each key of an entity's forms -> the choice of name it is (a key), or "" for a short
    reference inside a longer form. Computed over all outlets' forms at once. Only a
    person's name has misspellings and short references here ("Trump" inside "Donald
    Trump"): a place's or an organisation's shorter or differently spelt name can be the
    outlet's choice ("Macedonia" and "North Macedonia", "Al Qaida" and "Al Qaeda"), and is
    left to ``name_choices``, which drops it only where the same outlet prints the longer."""
    ranked = sorted(keys, key=lambda k: (-keys[k], k))
    canon = {k: k for k in ranked}
    for i, k in enumerate(ranked):  # a misspelling joins the more frequent spelling
        for other in ranked[:i] if person else ():
            if canon[other] == other and len(k) >= TYPO_MIN_LETTERS \
                    and len(k.split()) == len(other.split()) and _one_edit(k, other):
                canon[k] = other
                break
    long_keys = [k for k in ranked if " " in k]
    for k in ranked:
        if " " in k or canon[k] != k:
            continue
        printed = printings[k].most_common(1)[0][0]
        compact = printed.replace(".", "").replace(" ", "")
        state = _ap_states().get(compact) if compact[:1].isupper() else None
        if state and _key(state) in canon:
            canon[k] = canon[_key(state)]
            continue
        if sum(c.isupper() for c in printed) >= 2 and 2 <= len(k) <= 6:
            for other in long_keys:
                if k in _initials(other.split()):
                    canon[k] = canon[other]
                    break
    if not person:
        return canon
    choices = {canon[k] for k in ranked}
    for k in ranked:
        words = canon[k].split()
        if any(_inside(words, other.split()) for other in choices if other != canon[k]):
            canon[k] = ""
    return canon


def _names(docs: Sequence[Document], roster: Roster
           ) -> dict[str, dict[str, Counter[str]]]:
    """Entity id -> outlet -> printed forms and their counts."""
    by_id = roster.by_id()
    forms: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for doc in docs:
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid and eid in by_id:
                printed = _printed(m.text, by_id[eid].type == "PERSON")
                if _key(printed):
                    forms[eid][doc.article.outlet][printed] += 1
    return forms


def _shown(forms: Iterable[Counter[str]], canon: dict[str, str]) -> list[str]:
    """The names as printed, one printing per key (the most used), most used first;
    short references left out."""
    per_key: dict[str, Counter[str]] = defaultdict(Counter)
    for counts in forms:
        for printed, n in counts.items():
            if canon[_key(printed)]:
                per_key[_key(printed)][printed] += n
    ranked = sorted(per_key.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return [max(c, key=lambda p: (c[p], p)) for _, c in ranked]


def name_choices(docs: Sequence[Document], roster: Roster | None) -> dict[str, list[NameChoice]]:
    """Per outlet, the entities it names differently from the other outlets."""
    if roster is None:
        return {}
    by_id = roster.by_id()
    out: dict[str, list[NameChoice]] = defaultdict(list)
    for eid, per_outlet in _names(docs, roster).items():
        if len(per_outlet) < 2:
            continue
        keys: Counter[str] = Counter()
        printings: dict[str, Counter[str]] = defaultdict(Counter)
        for counts in per_outlet.values():
            for printed, n in counts.items():
                keys[_key(printed)] += n
                printings[_key(printed)][printed] += n
        person = by_id[eid].type == "PERSON"
        canon = _canonical(keys, printings, person)
        chosen = {outlet: {canon[_key(p)] for p in counts} - {""}
                  for outlet, counts in per_outlet.items()}
        if not person:  # "Macedonia" is a short reference where "North Macedonia" is printed
            chosen = {outlet: {k for k in names if not any(
                _inside(k.split(), o.split()) for o in names if o != k)}
                for outlet, names in chosen.items()}
        for outlet, names in chosen.items():
            others = set().union(*(n for o, n in chosen.items() if o != outlet))
            if names and others and names != others:
                out[outlet].append(NameChoice(
                    eid, by_id[eid].name, tuple(_shown([per_outlet[outlet]], canon)),
                    tuple(_shown([c for o, c in per_outlet.items() if o != outlet], canon))))
    return out


# -- words ---------------------------------------------------------------------------------

# A word: letters, not glued to a digit, a dot or a slash before it ("th" of "6th", "mm" of
# "9mm", "com" of "cnn.com").
_WORD = re.compile(r"(?<![\w.@/'’\-])[A-Za-z][A-Za-z'’\-]*[A-Za-z]")

# Words of reporting itself, not of the story: an outlet that writes "said" more often
# than another quotes more, which the quote groups show.
_REPORTING = frozenset({"said", "says", "say", "told", "tells", "did", "does", "according",
                        "reported", "reports", "added", "stated", "year", "years", "time"})
# The calendar: when an outlet wrote, not how it frames the story (the auditor's ECB+
# sample: a weekday or month word among the distinctive words in 27 of 34 stories).
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december jan feb mar apr jun jul aug sep "
    "sept oct nov dec today tonight yesterday tomorrow week weeks weekend month months day "
    "days morning afternoon evening night overnight noon midnight hour hours minute "
    "minutes".split())
# Light verbs, fillers, abbreviated titles and the words of a web address that neither stop
# list has ("going", "got", "like", "sgt", "www"): 21 of the 34 sampled stories listed one.
_FILLER = frozenset(
    "go goes going gone went get gets getting got gotten make makes making made take takes "
    "taking took taken give gives giving gave given come comes coming came know knows "
    "knowing knew known think thinks thinking thought want wants wanting wanted like likes "
    "liked look looks looking looked seem seems seemed need needs needed let lets put puts "
    "try tries tried trying way ways thing things lot lots bit sure really actually "
    "recently earlier later ago early late soon yes yeah okay maybe kind sort pretty mrs "
    "sgt capt gen det rep sen gov col www com org net http https html htm".split())


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | STOP_WORDS | _REPORTING | _CALENDAR | _FILLER)


def _name_words(docs: Sequence[Document], roster: Roster | None) -> frozenset[str]:
    """Every word of every name of the story's entities, lower case."""
    if roster is None:
        return frozenset()
    by_id = roster.by_id()
    eids = {roster.mention_entity.get((d.article.id, m.start)) for d in docs for m in d.mentions}
    names = [n for e in eids if e and e in by_id
             for n in (by_id[e].name, *(a.name for a in by_id[e].aliases))]
    return frozenset(w for n in names for w in re.findall(r"[a-z]+", n.lower()) if len(w) > 1)


def _proper_words(docs: Sequence[Document]) -> set[str]:
    """Words the story prints capitalised inside a sentence and never in lower case: names
    NER did not mark ("Waitrose", "Crips", "English")."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for doc in docs:
        for sent in doc.sentences:
            for m in list(_WORD.finditer(sent.text))[1:]:
                (upper if m.group()[0].isupper() else lower)[m.group().lower()] += 1
    return {w for w in upper if not lower[w]}


def _sentence_words(text: str, names: frozenset[str]) -> list[str]:
    stop = _stop_words()
    out = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group()).lower()
        if len(word) < 3 or word in stop or not word.replace("-", "").isalpha():
            continue
        if word in names and m.group()[0].isupper():  # a name NER did not mark
            continue
        out.append(word)
    return out


def _outlet_words(docs: Sequence[Document], roster: Roster | None) -> dict[str, Counter[str]]:
    """Per outlet, its words, each distinct sentence counted once."""
    names = _name_words(docs, roster) | _proper_words(docs)
    seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        text = list(doc.article.text)
        for m in doc.mentions:
            text[m.start:m.end] = " " * (m.end - m.start)
        masked = "".join(text)
        for sent in doc.sentences:
            words = _sentence_words(masked[sent.start:sent.end], names)
            key = tuple(words)
            if words and key not in seen[doc.article.outlet]:
                seen[doc.article.outlet].add(key)
                out[doc.article.outlet].update(words)
    return out


def distinctive_words(docs: Sequence[Document],
                      roster: Roster | None) -> dict[str, list[DistinctiveWord]]:
    """Per outlet, words it uses markedly more than the story's other outlets."""
    per_outlet = _outlet_words(docs, roster)
    if len(per_outlet) < 2:
        return {}
    story: Counter[str] = Counter()
    for counts in per_outlet.values():
        story.update(counts)
    prior_total = PRIOR_SCALE * sum(story.values())
    out: dict[str, list[DistinctiveWord]] = {}
    for outlet, counts in per_outlet.items():
        rest = story - counts
        n_i, n_j = sum(counts.values()), sum(rest.values())
        scored = []
        for word, y_i in counts.items():
            if y_i < MIN_COUNT:
                continue
            y_j, a_w = rest.get(word, 0), PRIOR_SCALE * story[word]
            delta = (math.log((y_i + a_w) / (n_i + prior_total - y_i - a_w))
                     - math.log((y_j + a_w) / (n_j + prior_total - y_j - a_w)))
            z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
            if z >= MIN_Z:
                scored.append(DistinctiveWord(word, y_i, round(z, 2)))
        scored.sort(key=lambda w: (-w.z, w.word))
        out[outlet] = scored[:MAX_WORDS]
    return out


# -- omissions -----------------------------------------------------------------------------

# An outlet says a fact in its own words when one of its sentences is close to one of the
# fact's sentences (cosine of fusion's TF-IDF unit vectors >= 0.25) and holds 60%+ of that
# sentence's word stems, 3 or more (entities and dates aside). Checked by reading, on the
# auditor's 34-story ECB+ sample: of the 341 omissions of 4+ words, this drops 56; of 22
# read, 18 are said (the Oscars quote, "treated as potentially suspicious", "set fire to
# the vehicle") and 4 not (another player's arrest, other rifle counts). The cosine alone
# drops too much: at 0.25, 203 of 341 (of 14 read, about half said), at 0.4, 92 (10 of 24
# read not said: same story, other claim).
SAID_SIMILARITY = 0.25
SAID_COVERAGE = 0.6
SAID_WORDS = 3
# A fact of fewer content words is a fragment or trivia, never an omission ("A loaded."
# of a sentence cut at ". 38-caliber", "She was 91."): 12 of the sample's 353 omissions.
MIN_FACT_WORDS = 4


def _words_of(vector: dict[str, float]) -> set[str]:
    return {t for t in vector if not t.startswith(("@", "T:"))}


def says(fact_vector: dict[str, float], sentence_vector: dict[str, float]) -> bool:
    """Whether a sentence states what a fact's sentence states, in the same or other words."""
    words = _words_of(fact_vector)
    shared = len(words & _words_of(sentence_vector))
    return shared >= SAID_WORDS and shared >= SAID_COVERAGE * len(words) \
        and cosine(fact_vector, sentence_vector) >= SAID_SIMILARITY


def omits(reporting: int, others: int) -> bool:
    """Whether an outlet silent on a fact omits it: 2+ and more than half of the others
    report it."""
    return reporting >= 2 and 2 * reporting > others


def framing(docs: Sequence[Document], roster: Roster | None, facts: Sequence[Fact],
            outlet_source: dict[str, str], units: list[Unit] | None = None
            ) -> list[OutletFraming]:
    """One framing record per outlet of the story (``units``: the story's sentence units,
    when the caller has them)."""
    names = name_choices(docs, roster)
    words = distinctive_words(docs, roster)
    all_sources = set(outlet_source.values())
    units = units if units is not None else units_of(docs, roster)
    vectors = {u.key: u.vector for u in units}
    by_outlet: dict[str, list[dict[str, float]]] = defaultdict(list)
    for u in units:
        by_outlet[u.outlet].append(u.vector)

    def said(outlet: str, fact: Fact) -> bool:
        cited = [vectors[k] for c in fact.citations
                 if (k := (c.article_id, c.sentence_index)) in vectors]
        return any(says(a, b) for a in cited for b in by_outlet[outlet])

    out = []
    for outlet in sorted({d.article.outlet for d in docs}):
        own = outlet_source[outlet]
        others = len(all_sources - {own})
        omitted = []
        exclusive = []
        for fact in facts:
            fact_sources = {outlet_source[o] for o in fact.sources}
            if own in fact_sources:
                if fact_sources == {own}:
                    exclusive.append(fact.id)
                continue
            if omits(len(fact_sources), others) and len(terms(fact.text)) >= MIN_FACT_WORDS \
                    and not said(outlet, fact):
                omitted.append(fact.id)
        out.append(OutletFraming(outlet, tuple(names.get(outlet, ())),
                                 tuple(words.get(outlet, ())), tuple(omitted),
                                 tuple(exclusive)))
    return out
