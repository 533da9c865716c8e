"""How each outlet frames a story: the names it uses, its own words, what it leaves out.

- Names: for an entity that 2+ outlets mention, the forms each outlet prints,
  when they differ from the forms the others print ("North Korea" vs "DPRK").
  A form inside a longer form the same outlet uses ("Pompeo" beside "Mike
  Pompeo") is left out: it is a short reference, not a choice of name.
- Distinctive words: log-odds ratio of a word in this outlet against the story's
  other outlets, with an informative Dirichlet prior from the whole story
  (Monroe, Colaresi & Quinn 2008), reported as a z-score. Words of entity
  mentions are left to the names above.
- Omissions: facts that most of the other independent sources report (2 or
  more, and more than half of them) and this outlet does not.
- Exclusive: facts only this outlet reports.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import DistinctiveWord, Document, Fact, NameChoice, OutletFraming
from ._roster import Roster, strip_name
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


def _form(name: str) -> str:
    """A dateline's capitals are typography, not a name choice ("VALENCIA" = "Valencia")."""
    return name.title() if name.isupper() and len(name) > 4 else name


def _names(docs: Sequence[Document], roster: Roster) -> dict[str, dict[str, Counter[str]]]:
    forms: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for doc in docs:
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid:
                forms[eid][doc.article.outlet][_form(strip_name(m.text))] += 1
    return forms


def _choices(forms: Counter[str]) -> set[str]:
    names = set(forms)
    return {n for n in names
            if not any(len(other) > len(n) and f" {n.lower()} " in f" {other.lower()} "
                       for other in names)}


def name_choices(docs: Sequence[Document], roster: Roster | None) -> dict[str, list[NameChoice]]:
    """Per outlet, the entities it names differently from the other outlets."""
    if roster is None:
        return {}
    by_id = roster.by_id()
    out: dict[str, list[NameChoice]] = defaultdict(list)
    for eid, per_outlet in _names(docs, roster).items():
        if len(per_outlet) < 2 or eid not in by_id:
            continue
        chosen = {outlet: _choices(forms) for outlet, forms in per_outlet.items()}
        for outlet, names in chosen.items():
            others = set().union(*(n for o, n in chosen.items() if o != outlet))
            if names != others:
                used = sorted(names, key=lambda n: (-per_outlet[outlet][n], n))
                out[outlet].append(NameChoice(eid, by_id[eid].name, tuple(used),
                                              tuple(sorted(others - names))))
    return out


def _words(doc: Document, roster: Roster | None) -> Counter[str]:
    text = list(doc.article.text)
    for m in doc.mentions:
        if roster is None or roster.mention_entity.get((doc.article.id, m.start)):
            text[m.start:m.end] = " " * (m.end - m.start)
    return Counter(w for w in terms("".join(text)) if w.isalpha() and w not in _REPORTING)


# Words of reporting itself, not of the story: an outlet that writes "said" more often
# than another quotes more, which the quote groups show.
_REPORTING = frozenset({"said", "says", "say", "told", "tells", "did", "does", "according",
                        "reported", "reports", "added", "stated", "year", "years", "time"})


def distinctive_words(docs: Sequence[Document],
                      roster: Roster | None) -> dict[str, list[DistinctiveWord]]:
    """Per outlet, words it uses markedly more than the story's other outlets."""
    per_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        per_outlet[doc.article.outlet].update(_words(doc, roster))
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


def omits(reporting: int, others: int) -> bool:
    """Whether an outlet silent on a fact omits it: 2+ and more than half of the others
    report it."""
    return reporting >= 2 and 2 * reporting > others


def framing(docs: Sequence[Document], roster: Roster | None, facts: Sequence[Fact],
            outlet_source: dict[str, str]) -> list[OutletFraming]:
    """One framing record per outlet of the story."""
    names = name_choices(docs, roster)
    words = distinctive_words(docs, roster)
    all_sources = set(outlet_source.values())
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
            if omits(len(fact_sources), others):
                omitted.append(fact.id)
        out.append(OutletFraming(outlet, tuple(names.get(outlet, ())),
                                 tuple(words.get(outlet, ())), tuple(omitted),
                                 tuple(exclusive)))
    return out
