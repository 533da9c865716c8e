"""Views derived from a story account's JSON, shared by the web app and the HTML export.

Nothing here reads the store or imports the web framework: each function takes the
account as plain JSON (``report.account_json``) and returns plain JSON. The account is
read defensively, because fields are added to it over time (``framing``, quote ``diff``
and ``paraphrases``): a field that is present is used as it is, one that is absent is
derived here when it can be, and the view's ``derived`` list says which parts were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..stages._fusion_framing import omits
from ..stages._fusion_quotes import word_diff as _fusion_word_diff

JSON = dict[str, Any]
SentenceKey = tuple[str, int]

STATUS_RANK = {"conflict": 3, "agreed": 2, "single-source": 1}


def _cites(item: Mapping[str, Any], key: str = "citations") -> list[JSON]:
    value = item.get(key)
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def _keys(citations: Iterable[Mapping[str, Any]]) -> set[SentenceKey]:
    return {(str(c.get("article_id", "")), int(c.get("sentence_index", -1))) for c in citations}


def sentence_status(account: Mapping[str, Any]) -> dict[SentenceKey, str]:
    """Map each cited sentence to ``conflict``, ``agreed`` or ``single-source``.

    A sentence cited both by an agreed fact and by a conflict shows as a conflict:
    the disagreement is what a reader must not miss.
    """
    status: dict[SentenceKey, str] = {}

    def mark(keys: Iterable[SentenceKey], value: str) -> None:
        for key in keys:
            if STATUS_RANK[value] > STATUS_RANK.get(status.get(key, ""), 0):
                status[key] = value

    for fact in account.get("facts") or []:
        value = fact.get("status")
        if value in STATUS_RANK:
            mark(_keys(_cites(fact)), str(value))
    for conflict in account.get("conflicts") or []:
        for side in conflict.get("sides") or []:
            mark(_keys(_cites(side)), "conflict")
    return status


def _linked_conflicts(fact: Mapping[str, Any],
                      conflicts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    own = _keys(_cites(fact))
    return [c for c in conflicts if c.get("fact_id") == fact.get("id")
            or any(own & _keys(_cites(side)) for side in c.get("sides") or [])]


def fact_matrix(account: Mapping[str, Any]) -> JSON:
    """Tabulate every fact against every outlet: ``supported``, ``conflicting`` or ``silent``.

    An outlet supports a fact it is a source of. It conflicts with the fact when it is
    on a side of a conflict about that fact (the conflict names the fact, or one of its
    sides cites the fact's sentences) other than the fact's own side: the side citing
    the fact's shown sentence (its first citation) or, when no side does, any side
    citing the fact's sentences. Sentences that state one claim with different values
    are aligned into one fact, so "its sentences" alone cannot tell the sides apart.
    """
    outlets = [str(o) for o in account.get("outlets") or []]
    conflicts = list(account.get("conflicts") or [])
    rows = []
    for fact in account.get("facts") or []:
        own = _keys(_cites(fact))
        sources = set(fact.get("sources") or [])
        against: set[str] = set()
        shown = _keys(_cites(fact)[:1])
        for conflict in _linked_conflicts(fact, conflicts):
            sides = list(conflict.get("sides") or [])
            mine = shown if any(shown & _keys(_cites(side)) for side in sides) else own
            for side in sides:
                if not mine & _keys(_cites(side)) or not sources:
                    against.update(s for s in side.get("sources") or [])
        cells = []
        for outlet in outlets:
            state = "conflicting" if outlet in against else \
                "supported" if outlet in sources else "silent"
            cells.append({"outlet": outlet, "state": state})
        rows.append({"fact_id": str(fact.get("id", "")), "text": str(fact.get("text", "")),
                     "status": str(fact.get("status", "")), "cells": cells})
    return {"outlets": outlets, "rows": rows}


def omissions(account: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per outlet, the facts most other outlets report and it says nothing of."""
    outlets = [str(o) for o in account.get("outlets") or []]
    matrix = fact_matrix(account)
    out: dict[str, list[str]] = {o: [] for o in outlets}
    for row in matrix["rows"]:
        reporting = {c["outlet"] for c in row["cells"] if c["state"] != "silent"}
        for outlet in outlets:
            others = len(outlets) - 1
            if outlet not in reporting and omits(len(reporting), others):
                out[outlet].append(row["fact_id"])
    return out


def framing(account: Mapping[str, Any]) -> tuple[list[JSON], bool]:
    """Per-outlet framing: the account's own when it has one, else derived omissions only.

    Returns the list and whether it was derived.
    """
    given = account.get("framing")
    if isinstance(given, list) and given:
        return [_framing_entry(f) for f in given if isinstance(f, dict)], False
    derived = omissions(account)
    return [{"outlet": o, "names": [], "distinctive": [], "omissions": facts}
            for o, facts in derived.items()], True


def _framing_entry(entry: Mapping[str, Any]) -> JSON:
    names = [n for n in entry.get("names") or [] if isinstance(n, dict)]
    return {"outlet": str(entry.get("outlet", "")),
            "names": [{"entity_id": str(n.get("entity_id", "")), "entity": str(n.get("entity", "")),
                       "used": [str(u) for u in n.get("used") or []],
                       "others_use": [str(u) for u in n.get("others_use") or []]}
                      for n in names],
            "distinctive": [{"word": str(d.get("word", "")), "count": int(d.get("count", 0)),
                             "z": float(d.get("z", 0.0))}
                            for d in entry.get("distinctive") or [] if isinstance(d, dict)],
            "omissions": [str(o) for o in entry.get("omissions") or []],
            "exclusive": [str(o) for o in entry.get("exclusive") or []]}


def word_diff(base: str, other: str) -> list[list[str]]:
    """Diff ``other`` against ``base`` word by word, as fusion does, as ``[op, text]`` lists."""
    return [list(op) for op in _fusion_word_diff(base, other)]


def quote_groups(account: Mapping[str, Any]) -> tuple[list[JSON], bool]:
    """The account's quote groups with a word diff on every variant after the first.

    Returns the groups and whether any diff had to be derived here.
    """
    groups: list[JSON] = []
    derived = False
    for group in account.get("quote_groups") or []:
        variants = [dict(v) for v in group.get("variants") or [] if isinstance(v, dict)]
        base = str(variants[0].get("text", "")) if variants else ""
        for i, variant in enumerate(variants):
            if not isinstance(variant.get("diff"), list):
                variant["diff"] = [] if i == 0 else word_diff(base, str(variant.get("text", "")))
                derived = derived or i > 0
        groups.append({**group, "variants": variants,
                       "paraphrases": [p for p in group.get("paraphrases") or []
                                       if isinstance(p, dict)
                                       and isinstance(p.get("citation"), dict)]})
    return groups, derived


def story_view(account: Mapping[str, Any],
               sentences: Mapping[str, Sequence[tuple[int, str]]]) -> JSON:
    """Everything a story page shows, as JSON: the account plus what is derived from it.

    ``sentences`` maps article ids to their (index, text) sentences, shown as the
    targets that citations jump to.
    """
    status = sentence_status(account)
    groups, diffs_derived = quote_groups(account)
    framing_list, framing_derived = framing(account)
    articles = []
    for article in account.get("articles") or []:
        article_id = str(article.get("id", ""))
        articles.append({
            "id": article_id,
            "sentences": [{"index": i, "text": text, "status": status.get((article_id, i), "")}
                          for i, text in sentences.get(article_id, ())]})
    derived = (["quote diffs"] if diffs_derived else []) + \
        (["framing (omissions only)"] if framing_derived else [])
    return {"account": {**account, "quote_groups": groups}, "matrix": fact_matrix(account),
            "framing": framing_list, "sources": articles, "derived": derived}
