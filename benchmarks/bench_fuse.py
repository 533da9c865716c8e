"""Benchmark fusion: time per story as a function of the story's size.

    python benchmarks/bench_fuse.py [--data PATH] [--sizes 3,10,30,100] [--repeat R]

Analyses real ECB+ articles once (the topics with the most articles, until there are
enough for the largest size), then fuses stories of 3, 10, 30 and 100 of them
(``fuse`` with the story's roster, as a build does). Prints, per size, the sentences in
the story, the median seconds per story, the sentence pairs the sparse index scored
against all pairs, and the growth exponent of time against sentences between
successive sizes. Target: no faster than about quadratic (exponent <= ~2).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"


def _articles(path: Path, needed: int) -> list:
    from storyline.model import Article

    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    by_topic = Counter(r["topic"] for r in records)
    topics = []
    total = 0
    for topic, n in by_topic.most_common():
        topics.append(topic)
        total += n
        if total >= needed:
            break
    chosen = [r for r in records if r["topic"] in topics][:needed]
    # Every article its own outlet, dated the same day: one story per size.
    return [Article(id=r["id"], ref=r["id"], title=r["title"], text=r["text"],
                    source=f"outlet-{i % 40}", published="2013-01-15",
                    published_method="metadata") for i, r in enumerate(chosen)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="3,10,30,100")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.data.exists():
        sys.exit(f"no data at {args.data}")

    from storyline.config import Config
    from storyline.model import Story
    from storyline.stages import analyze, clean
    from storyline.stages import fuse as fuse_stage
    from storyline.stages._fusion_align import similar_pairs, units_of
    from storyline.stages._roster import build_roster

    t0 = time.perf_counter()
    docs = list(analyze.analyze(clean.clean(a) for a in _articles(args.data, max(sizes))))
    print(f"analysed {len(docs)} ECB+ articles in {time.perf_counter() - t0:.1f} s "
          f"(not part of the figures below)")
    config = Config()
    rows = []
    for n in sizes:
        members = docs[:n]
        roster = build_roster(members)
        story = Story("bench", tuple(d.article.id for d in members), "bench")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fuse_stage.fuse(story, members, config, roster)
            times.append(time.perf_counter() - start)
        units = units_of(members, roster)
        scored = len(similar_pairs(units, 0.0))
        sentences = len(units)
        all_pairs = sentences * (sentences - 1) // 2
        rows.append((n, sentences, statistics.median(times), scored, all_pairs))
    print(f"{'articles':>8} {'sentences':>9} {'s/story':>9} {'pairs scored':>13} "
          f"{'all pairs':>10} {'exponent':>9}")
    previous = None
    for n, sentences, seconds, scored, all_pairs in rows:
        exponent = ""
        if previous is not None:
            exponent = f"{math.log(seconds / previous[1]) / math.log(sentences / previous[0]):.2f}"
        print(f"{n:>8} {sentences:>9} {seconds:>9.3f} {scored:>13,} {all_pairs:>10,} "
              f"{exponent:>9}")
        previous = (sentences, seconds)
    first, last = rows[0], rows[-1]
    overall = math.log(last[2] / first[2]) / math.log(last[1] / first[1])
    print(f"growth of time with sentences, {first[0]} -> {last[0]} articles: "
          f"exponent {overall:.2f} (target <= ~2)")


if __name__ == "__main__":
    main()
