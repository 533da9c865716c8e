"""Benchmark `build` on the ECB+ articles next to spaCy's own NER on the same texts.

    python benchmarks/bench_build.py [--data ../shared/data/ecbplus/docs.jsonl] [--limit N]

Prints articles/s and words/s for the whole build (ingest, clean, analyze, roster,
cluster, fuse, SQLite writes) and for spaCy's pipeline alone (the stage that
bounds us), plus the peak resident memory of each.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "docs.jsonl"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"no data at {args.data}: pass --data PATH to an article JSONL file")

    from storyline import api
    from storyline.config import Config
    from storyline.stages.analyze import load_nlp

    lines = args.data.read_text(encoding="utf-8").splitlines()
    if args.limit:
        lines = lines[: args.limit]
    records = [json.loads(line) for line in lines]
    words = sum(len(r["text"].split()) for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.jsonl"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        nlp = load_nlp()  # loaded once for both measurements, not timed
        start = time.perf_counter()
        report = api.build([data], Path(tmp) / "bench.db", Config())
        build_s = time.perf_counter() - start
        build_peak = _peak_mb()

        texts = [line for r in records for line in r["text"].split("\n") if line.strip()]
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=256):
            pass
        spacy_s = time.perf_counter() - start

    n = len(records)
    print(f"articles: {n}, words: {words:,}")
    print(f"build:          {n / build_s:8.1f} articles/s {words / build_s:9,.0f} words/s "
          f"({build_s:.1f} s; {report.line()})")
    print(f"spaCy NER only: {n / spacy_s:8.1f} articles/s {words / spacy_s:9,.0f} words/s "
          f"({spacy_s:.1f} s)")
    print(f"build / spaCy time: {build_s / spacy_s:.2f}x")
    print(f"peak RSS of the process: {build_peak:.0f} MB")


if __name__ == "__main__":
    main()
