"""Score storyline's analysis against labelled text: entities, times, quotes.

The labelled file is JSONL, one short article a line::

    {"id": "e01", "published": "2024-03-11", "title": "...", "text": "...",
     "entities": [["Hanna Berg", "hanna-berg"], ["Berg", "hanna-berg"], ...],
     "times": [["next Tuesday", "2024-03-19"], ...],
     "quotes": [["We cannot wait", "Hanna Berg|Berg"], ...]}

- **entities**: each (surface, key) names a mention (the first occurrence of the
  surface) and the real-world entity it refers to; keys are shared across the
  file, so the score is over the corpus-wide roster. Scored pairwise: of all
  pairs of labelled mentions the roster puts in one entity, the share that are
  one entity (precision), and of all pairs that are one entity, the share the
  roster merged (recall). Homonyms (two Sotos) and aliases (NEA) both count.
- **times**: the expression (by its surface) and its normalised value.
  Precision is over predicted expressions that overlap a labelled one; recall
  over labelled expressions.
- **quotes**: a quote (by the start of its words) and who said it (any of the
  ``|``-separated names). Precision over every predicted quote, recall over the
  labelled ones; a quote counts only with the right speaker.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Article, Document


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    tp_precision: int
    predicted: int
    tp_recall: int
    gold: int

    @classmethod
    def of(cls, tp_p: int, predicted: int, tp_r: int, gold: int) -> Score:
        """Build a score from counts (0/0 counts as 1.0)."""
        p = tp_p / predicted if predicted else 1.0
        r = tp_r / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4), tp_p, predicted, tp_r, gold)


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a labelled JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def analyse_labelled(records: list[dict[str, Any]]) -> tuple[list[Document], Any]:
    """Run analysis and the roster over labelled records; return documents and roster."""
    from .stages import analyze as analyze_stage
    from .stages._roster import build_roster
    from .stages.ingest import make_article

    articles: list[Article] = [
        make_article(ref=r["id"], title=r.get("title", ""), text=r["text"], origin=r["id"],
                     source=r.get("source", r["id"]), published=r.get("published"),
                     published_method="metadata" if r.get("published") else "none")
        for r in records]
    docs = list(analyze_stage.analyze(articles))
    return docs, build_roster(docs)


def _first(text: str, surface: str) -> tuple[int, int] | None:
    match = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)
    return (match.start(), match.end()) if match else None


def _speaker_ok(predicted: str, allowed: str) -> bool:
    name = re.sub(r"['’]s$", "", predicted.strip()).strip()
    names = {a.strip().casefold() for a in allowed.split("|")}
    return name.casefold() in names or re.sub(r"^the\s+", "", name, flags=re.I).casefold() in \
        {re.sub(r"^the\s+", "", n) for n in names}


def score_analysis(records: list[dict[str, Any]], docs: list[Document],
                   roster: Any) -> dict[str, Score]:
    """Score entities (pairwise), times and quotes of analysed labelled records."""
    by_ref = {d.article.ref: d for d in docs}
    # -- entities: which roster entity each labelled mention landed in
    gold_items: list[tuple[str, str]] = []
    predicted_items: list[str] = []
    for record in records:
        doc = by_ref[record["id"]]
        for surface, key in record.get("entities", []):
            span = _first(doc.article.text, surface)
            entity = None
            if span is not None:
                for m in doc.mentions:
                    if m.start < span[1] and span[0] < m.end:
                        entity = roster.mention_entity.get((doc.article.id, m.start))
                        if entity:
                            break
            gold_items.append((record["id"], key))
            predicted_items.append(entity or f"missing:{record['id']}:{surface}")
    same_gold = same_pred = both = 0
    for (i, gi), (j, gj) in itertools.combinations(enumerate(gold_items), 2):
        g = gi[1] == gj[1]
        p = predicted_items[i] == predicted_items[j]
        same_gold += g
        same_pred += p
        both += g and p
    entities = Score.of(both, same_pred, both, same_gold)
    # -- times
    t_pred = t_correct_p = t_correct_r = t_gold = 0
    for record in records:
        doc = by_ref[record["id"]]
        labelled = []
        for surface, value in record.get("times", []):
            span = _first(doc.article.text, surface)
            labelled.append((span, value))
            t_gold += 1
            hits = [t for t in doc.times if span and t.start < span[1] and span[0] < t.end]
            t_correct_r += any(t.value == value for t in hits)
        for t in doc.times:
            overlapping = [v for s, v in labelled if s and t.start < s[1] and s[0] < t.end]
            if overlapping:
                t_pred += 1
                t_correct_p += t.value in overlapping
    times = Score.of(t_correct_p, t_pred, t_correct_r, t_gold)
    # -- quotes
    q_pred = q_correct_p = q_correct_r = q_gold = 0
    for record in records:
        doc = by_ref[record["id"]]
        gold = record.get("quotes", [])
        q_gold += len(gold)
        q_pred += len(doc.quotes)
        for prefix, speakers in gold:
            q_correct_r += any(q.text.startswith(prefix) and _speaker_ok(q.speaker, speakers)
                               for q in doc.quotes)
        for q in doc.quotes:
            q_correct_p += any(q.text.startswith(prefix) and _speaker_ok(q.speaker, speakers)
                               for prefix, speakers in gold)
    quotes = Score.of(q_correct_p, q_pred, q_correct_r, q_gold)
    return {"entities": entities, "times": times, "quotes": quotes}


def explain_misses(records: list[dict[str, Any]], docs: list[Document],
                   roster: Any) -> list[str]:
    """Human-readable lines for every labelled time or quote the analysis got wrong."""
    by_ref = {d.article.ref: d for d in docs}
    lines = []
    for record in records:
        doc = by_ref[record["id"]]
        for surface, value in record.get("times", []):
            span = _first(doc.article.text, surface)
            hits = [t for t in doc.times if span and t.start < span[1] and span[0] < t.end]
            if not any(t.value == value for t in hits):
                got_times = [(t.text, t.value) for t in hits]
                lines.append(f"{record['id']} time {surface!r}: want {value}, got {got_times}")
        for prefix, speakers in record.get("quotes", []):
            found = [q for q in doc.quotes if q.text.startswith(prefix)]
            if not any(_speaker_ok(q.speaker, speakers) for q in found):
                speakers_got = [q.speaker for q in found] if found else "no quote"
                lines.append(f"{record['id']} quote {prefix!r}: want {speakers}, "
                             f"got {speakers_got}")
        for q in doc.quotes:
            if not any(q.text.startswith(p) for p, _ in record.get("quotes", [])):
                lines.append(f"{record['id']} extra quote {q.text[:40]!r} by {q.speaker!r}")
        for surface, key in record.get("entities", []):
            span = _first(doc.article.text, surface)
            ents = [roster.mention_entity.get((doc.article.id, m.start)) for m in doc.mentions
                    if span and m.start < span[1] and span[0] < m.end]
            lines.append(f"{record['id']} entity {surface!r} [{key}] -> {ents}")
    return lines


# -- clustering ------------------------------------------------------------------------------

def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> Score:
    """B-cubed precision/recall/F1 of a predicted grouping against gold labels.

    Per item: precision is the share of its predicted cluster that shares its gold
    label, recall the share of its gold cluster that shares its predicted cluster;
    both averaged over items (the counts in the Score are items).
    """
    from collections import Counter

    items = [i for i in gold if i in predicted]
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    p = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items)
    r = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items)
    n = len(items) or 1
    precision, recall = p / n, r / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 4), round(recall, 4), round(f1, 4), round(p), len(items),
                 round(r), len(items))


def pairwise(predicted: dict[str, str], gold: dict[str, str]) -> Score:
    """Pairwise precision/recall/F1: pairs put together vs. pairs that belong together."""
    from collections import Counter

    items = [i for i in gold if i in predicted]

    def pairs(counter: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    together = pairs(Counter(predicted[i] for i in items))
    belong = pairs(Counter(gold[i] for i in items))
    both = pairs(Counter((predicted[i], gold[i]) for i in items))
    return Score.of(both, together, both, belong)


def cluster_scores(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    """B-cubed and pairwise scores as plain dicts (for JSON)."""
    out: dict[str, Any] = {}
    for name, score in (("bcubed", bcubed(predicted, gold)), ("pairwise",
                                                               pairwise(predicted, gold))):
        out[name] = {"precision": score.precision, "recall": score.recall, "f1": score.f1}
    out["predicted_stories"] = len(set(predicted.values()))
    out["gold_stories"] = len(set(gold.values()))
    return out


def evaluate_clustering(data: Path, label_field: str, store_path: Path, config: Any,
                        shuffles: int = 5, seed: int = 0) -> dict[str, Any]:
    """Analyse a labelled JSONL file into a store, cluster it and score the grouping.

    With ``shuffles`` > 0 the articles are streamed in that many seeded random orders
    (dated articles still go in time order) and the mean is reported with each run;
    with 0 they go in the file's order. The store keeps the analysis, so a second
    evaluation of the same file skips it.
    """
    import random

    from .pipeline import BuildReport, _ingest_and_analyze, document_embeddings
    from .stages import cluster as cluster_stage
    from .stages._roster import build_roster
    from .stages.ingest import IngestOptions
    from .store.sqlite import open_store

    store = open_store(store_path)
    try:
        report = BuildReport()
        _ingest_and_analyze([data], store, config.replace(fetch=False), IngestOptions(),
                            report, None)
        docs = list(store.documents())
        gold = {d.article.id: str(d.article.extra[label_field]) for d in docs
                if d.article.extra.get(label_field) not in (None, "")}
        if not gold:
            raise ValueError(f"no article in {data} has a {label_field!r} field")
        docs = [d for d in docs if d.article.id in gold]
        embeddings = document_embeddings(store, docs) if config.cluster_embeddings else None
    finally:
        store.close()
    roster = build_roster(docs)
    runs = []
    for run in range(max(1, shuffles)):
        order = list(docs)
        if shuffles > 0:
            random.Random(seed + run).shuffle(order)
        _, assignment = cluster_stage.cluster(order, {}, docs, config, roster,
                                              embeddings=embeddings)
        scores = cluster_scores(assignment, gold)
        scores["seed"] = seed + run if shuffles > 0 else None
        runs.append(scores)
    mean = {kind: {k: round(sum(r[kind][k] for r in runs) / len(runs), 4)
                   for k in ("precision", "recall", "f1")} for kind in ("bcubed", "pairwise")}
    return {"data": str(data), "label_field": label_field, "articles": len(docs),
            "gold_stories": len(set(gold.values())), "method": cluster_stage.NAME,
            "cluster_threshold": config.cluster_threshold,
            "cluster_embeddings": config.cluster_embeddings, "runs": runs, "mean": mean,
            "skipped": {"duplicates": report.duplicates, "rejected": report.rejected}}


# -- summaries -------------------------------------------------------------------------------

def _summary_records(data: Path, articles_field: str, reference_field: str,
                     event_field: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Flatten events ({event_field, articles: [...], reference}) into article records."""
    records: list[dict[str, Any]] = []
    references: dict[str, str] = {}
    with open(data, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            event = json.loads(line)
            key = str(event.get(event_field) or f"line-{line_no}")
            reference = event.get(reference_field)
            articles = event.get(articles_field)
            if not reference or not isinstance(articles, list):
                raise ValueError(f"{data}:{line_no}: needs {reference_field!r} and a list "
                                 f"{articles_field!r}")
            references[key] = str(reference)
            for k, art in enumerate(articles):
                # Each article of an event stands for its own outlet when none is named.
                outlet = art.get("source") or art.get("stance") or f"outlet-{k + 1}"
                records.append({"id": art.get("id") or f"{key}-{k}", "title": art.get("title"),
                                "text": art.get("text") or "", "source": outlet,
                                "date": art.get("date"), "event": key})
    return records, references


def lead_summary(docs: Sequence[Document], budget_words: int) -> str:
    """The lead baseline: the first sentence of each outlet in turn, cut at the budget."""
    words: list[str] = []
    depth = 0
    while len(words) < budget_words and any(depth < len(d.sentences) for d in docs):
        for d in docs:
            if depth < len(d.sentences):
                words.extend(d.sentences[depth].text.split())
        depth += 1
    return " ".join(words[:budget_words])


def evaluate_summaries(data: Path, store_path: Path, config: Any, words: int = 66,
                       articles_field: str = "articles",
                       reference_field: str = "reference_summary",
                       event_field: str = "cluster_id") -> dict[str, Any]:
    """Summarise each event of a JSONL file and score it against its reference with ROUGE.

    Each line is one event: its articles (title, text, source) and a reference
    summary. The articles are analysed into ``store_path`` (reused on the next
    run), each event is fused as one story with a ``words`` budget, and ROUGE-1/2/L
    F1 (rouge-score, Porter stemming) of the summary against the reference is
    averaged over events. The lead baseline is scored on the same sentences.
    """
    import tempfile

    from rouge_score import rouge_scorer

    from .model import Story
    from .pipeline import BuildReport, _ingest_and_analyze
    from .stages import fuse as fuse_stage
    from .stages._roster import build_roster
    from .stages.ingest import IngestOptions
    from .store.sqlite import open_store

    records, references = _summary_records(data, articles_field, reference_field, event_field)
    store = open_store(store_path)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            flat = Path(tmp) / (data.stem + ".articles.jsonl")
            flat.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            report = BuildReport()
            _ingest_and_analyze([flat], store, config.replace(fetch=False), IngestOptions(),
                                report, None)
        docs = list(store.documents())
    finally:
        store.close()
    by_event: dict[str, list[Document]] = {}
    for d in docs:
        by_event.setdefault(str(d.article.extra.get("event")), []).append(d)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    config = config.replace(summary_words=words)
    totals = {name: {m: 0.0 for m in ("rouge1", "rouge2", "rougeL")}
              for name in ("storyline", "lead")}
    events = []
    for key, reference in references.items():
        members = sorted(by_event.get(key, []), key=lambda d: d.article.id)
        if not members:
            continue
        story = Story(key, tuple(d.article.id for d in members), members[0].article.title)
        account = fuse_stage.fuse(story, members, config, build_roster(members))
        ours = " ".join(s.text for s in account.summary)
        for name, text in (("storyline", ours), ("lead", lead_summary(members, words))):
            scores = scorer.score(reference, text)
            for m in totals[name]:
                totals[name][m] += scores[m].fmeasure
        events.append(key)
    n = len(events) or 1
    mean = {name: {m: round(v / n, 4) for m, v in ms.items()} for name, ms in totals.items()}
    return {"data": str(data), "events": len(events), "articles": len(docs), "words": words,
            "method": fuse_stage.NAME, "rouge": mean["storyline"],
            "baselines": {"lead": mean["lead"]},
            "skipped": {"duplicates": report.duplicates, "rejected": report.rejected,
                        "events_without_articles": len(references) - len(events)}}
