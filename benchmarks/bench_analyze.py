"""Benchmark the analysis stage (and the roster) next to spaCy's NER alone on the same texts.

    python benchmarks/bench_analyze.py [--data PATH] [--limit N] [--repeat R]
        [--published YYYY-MM-DD|none] [--batch-size B]

Reads ECB+ articles (or any JSONL with title and text), builds storyline Articles and
times, on the same articles, the spaCy work storyline does (the same ``load_nlp()``
pipeline piped over every non-blank line of each text plus the title, in the same
chunks and batch size, touching every entity) against ``analyze`` and, separately,
the corpus-wide ``build_roster``. Rounds alternate spaCy alone then storyline; the
best of each is kept. Prints articles/s, words/s, the time ratios (target <= 1.25),
the peak resident memory, and a cProfile breakdown of storyline's own work on one
extra, untimed run. ECB+ has no dates, so every article gets the published date
2013-01-15 (``--published``) for time normalisation to have an anchor.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_PUBLISHED = "2013-01-15"
SPACY_BATCH = 256  # the nlp.pipe batch size inside storyline.stages.analyze._analyze_batch
TARGET = 1.25
PROFILE_ARTICLES = 200
TOP = 12


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_articles(path: Path, limit: int, published: str | None) -> list[Any]:
    """Articles from a JSONL file, each given ``published`` (or none) as its date."""
    from storyline.stages.ingest import make_article

    lines = path.read_text(encoding="utf-8").splitlines()
    if limit:
        lines = lines[:limit]
    articles = []
    for line in lines:
        record = json.loads(line)
        articles.append(make_article(
            ref=str(record.get("id", "")), title=record.get("title") or "",
            text=record.get("text") or "", origin=str(path), source=record.get("source") or "",
            published=published, published_method="metadata" if published else "none"))
    return articles


def _spacy_lines(articles: list[Any]) -> Iterator[str]:
    """The lines analyze hands spaCy: the title, then each non-blank line of the text."""
    for article in articles:
        if article.title:
            yield article.title
        for line in article.text.split("\n"):
            if line.strip():
                yield line


def time_spacy(nlp: Any, articles: list[Any], batch_size: int) -> tuple[float, int, int]:
    """Seconds for spaCy alone, in analyze's chunks of ``batch_size`` articles; docs, ents."""
    n_docs = n_ents = 0
    start = time.perf_counter()
    for i in range(0, len(articles), batch_size):
        for doc in nlp.pipe(_spacy_lines(articles[i:i + batch_size]), batch_size=SPACY_BATCH):
            n_docs += 1
            for ent in doc.ents:
                ent.label_  # noqa: B018 - touch the attributes so lazy work is counted
                ent.start_char  # noqa: B018
                n_ents += 1
    return time.perf_counter() - start, n_docs, n_ents


def time_analyze(articles: list[Any], batch_size: int) -> tuple[float, list[Any]]:
    from storyline.stages.analyze import analyze

    start = time.perf_counter()
    docs = list(analyze(articles, batch_size=batch_size))
    return time.perf_counter() - start, docs


def time_roster(docs: list[Any]) -> tuple[float, Any]:
    from storyline.stages._roster import build_roster

    start = time.perf_counter()
    roster = build_roster(docs)
    return time.perf_counter() - start, roster


def _ours(filename: str, funcname: str, package: str) -> bool:
    """A profile entry of storyline, dateparser, rapidfuzz or re (not spaCy or thinc)."""
    if "spacy" in filename or "thinc" in filename:
        return False
    if filename.startswith(package):
        return True
    if filename == "~":  # a built-in: keep regex and rapidfuzz C methods
        return any(key in funcname for key in ("re.Pattern", "re.Match", "_sre", "rapidfuzz"))
    parts = Path(filename).parts
    return "dateparser" in parts or "rapidfuzz" in parts or parts[-2:-1] == ("re",)


def profile_breakdown(articles: list[Any], batch_size: int) -> None:
    """cProfile one untimed analyze run; print storyline's top functions by cumulative time."""
    import storyline
    from storyline.stages.analyze import analyze

    package = str(Path(storyline.__file__).resolve().parent)
    profiler = cProfile.Profile()
    profiler.enable()
    list(analyze(articles, batch_size=batch_size))
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())
    spacy_pipe = max((ct for (fn, _, name), (_, _, _, ct, _) in stats.items()
                      if name == "pipe" and "spacy" in fn), default=0.0)
    rows = []
    for (filename, line, funcname), (_, calls, tt, ct, _) in stats.items():
        if _ours(filename, funcname, package):
            where = Path(filename).relative_to(Path(package).parent) \
                if filename.startswith(package) else Path(*Path(filename).parts[-2:])
            label = f"{where}:{line}({funcname})" if filename != "~" else funcname
            rows.append((ct, tt, calls, label))
    rows.sort(reverse=True)
    print(f"breakdown: cProfile of one untimed analyze run over {len(articles)} articles "
          f"({total:.2f} s profiled in all, of which spaCy's Language.pipe {spacy_pipe:.2f} s "
          "cumulative); top functions of storyline, dateparser, rapidfuzz and re by cumulative "
          "time (analyze and _analyze_batch include the spaCy work they drive):")
    print(f"  {'cumulative s':>12} {'own s':>7} {'calls':>8}  function")
    for ct, tt, calls, label in rows[:TOP]:
        print(f"  {ct:12.2f} {tt:7.2f} {calls:8d}  {label}")


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "docs.jsonl"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--repeat", type=int, default=2,
                        help="timing rounds (spaCy alone then storyline); best of each is kept")
    parser.add_argument("--published", default=DEFAULT_PUBLISHED,
                        help="published date given to every article (YYYY-MM-DD), or 'none' "
                        f"to leave dates empty and let analyze infer them (default "
                        f"{DEFAULT_PUBLISHED})")
    parser.add_argument("--batch-size", type=int, default=64,
                        help="articles per analyze batch (analyze's default: 64)")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"no data at {args.data}: pass --data PATH to an article JSONL file")
    if args.repeat < 1 or args.batch_size < 1 or args.limit < 0:
        sys.exit("--repeat and --batch-size must be at least 1, --limit at least 0")
    published: str | None = None
    if args.published.lower() != "none":
        try:
            published = date.fromisoformat(args.published).isoformat()
        except ValueError:
            sys.exit(f"--published {args.published}: expected YYYY-MM-DD or 'none'")

    from storyline.stages.analyze import load_nlp

    articles = load_articles(args.data, args.limit, published)
    if not articles:
        sys.exit(f"no articles in {args.data}")
    n = len(articles)
    words = sum(len(a.title.split()) + len(a.text.split()) for a in articles)
    nlp = load_nlp()  # loaded once for every measurement, not timed
    peak_loaded = _peak_mb()

    best_spacy = best_analyze = best_roster = float("inf")
    n_docs = n_ents = n_mentions = n_times = n_entities = 0
    for _ in range(args.repeat):
        spacy_s, n_docs, n_ents = time_spacy(nlp, articles, args.batch_size)
        best_spacy = min(best_spacy, spacy_s)
        analyze_s, docs = time_analyze(articles, args.batch_size)
        best_analyze = min(best_analyze, analyze_s)
        roster_s, roster = time_roster(docs)
        best_roster = min(best_roster, roster_s)
        n_mentions = sum(len(d.mentions) for d in docs)
        n_times = sum(len(d.times) for d in docs)
        n_entities = len(roster.entities)
        del docs, roster
    peak_timed = _peak_mb()
    both = best_analyze + best_roster

    anchor = f"every article published {published} (method 'metadata')" if published else \
        "no published dates (analyze infers them)"
    if published == DEFAULT_PUBLISHED:
        anchor += ": ECB+ has no dates, so this is the anchor for time normalisation"
    order = "spaCy alone first, then analyze, then build_roster on its documents" + \
        (f", alternating for {args.repeat} rounds; best of each" if args.repeat > 1 else "")
    print(f"articles: {n}, words: {words:,} (whitespace tokens of title + text); "
          f"spaCy docs: {n_docs:,} lines, {n_ents:,} entities")
    print(f"dates: {anchor}")
    print(f"batches: {args.batch_size} articles per analyze batch, nlp.pipe batch_size "
          f"{SPACY_BATCH} (spaCy alone piped in the same chunks)")
    print(f"order: {order}")
    print(f"spaCy NER alone:  {n / best_spacy:8.1f} articles/s {words / best_spacy:9,.0f} words/s "
          f"({best_spacy:.2f} s)")
    print(f"analyze:          {n / best_analyze:8.1f} articles/s "
          f"{words / best_analyze:9,.0f} words/s ({best_analyze:.2f} s; {n_mentions:,} mentions, "
          f"{n_times:,} time expressions)")
    print(f"analyze + roster: {n / both:8.1f} articles/s {words / both:9,.0f} words/s "
          f"({both:.2f} s; build_roster alone {best_roster:.2f} s, {n_entities:,} entities)")
    for name, seconds in (("analyze", best_analyze), ("analyze + roster", both)):
        ratio = seconds / best_spacy
        verdict = "meets" if ratio <= TARGET else "misses"
        print(f"{name} / spaCy time: {ratio:.2f}x (target <= {TARGET}: {verdict})")
    print(f"peak RSS of the process: {peak_timed:.0f} MB ({peak_loaded:.0f} MB after loading "
          "spaCy and the articles)")
    profile_breakdown(articles[:PROFILE_ARTICLES], args.batch_size)


if __name__ == "__main__":
    main()
