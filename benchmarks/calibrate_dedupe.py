"""Calibrate the near-duplicate threshold on ECB+: real reprints vs. distinct reports.

    python benchmarks/calibrate_dedupe.py [--data ../shared/data/ecbplus/docs.jsonl]

Prints the distribution of estimated containment (``stages.dedupe``) over every pair of
articles in the same ECB+ topic (same kind of event, often the same story, written by
different outlets or reprinted from one wire), how many pairs in each band belong to the
same gold story, and the containment of synthetic reprints: an article's first 60% of
paragraphs plus a correction line (a trimmed ending and an editor's note).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from pathlib import Path

import numpy as np

from storyline.stages import dedupe


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "docs.jsonl"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    docs = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    sketches = {d["id"]: dedupe.sketch(d["text"]) for d in docs}
    story = {d["id"]: d["story"] for d in docs}
    by_topic: dict[object, list[str]] = {}
    for d in docs:
        if sketches[d["id"]] is not None:
            by_topic.setdefault(d["topic"], []).append(d["id"])
    pairs = []
    for ids in by_topic.values():
        for a, b in itertools.combinations(ids, 2):
            sa, sb = sketches[a], sketches[b]
            assert sa is not None and sb is not None
            pairs.append((dedupe.containment(sa, sb), a, b))
    values = np.array([p[0] for p in pairs])
    print(f"{len(docs)} articles, {sum(s is not None for s in sketches.values())} long enough "
          f"to sketch; {len(pairs):,} same-topic pairs")
    print("containment quantiles 50/90/99/99.9%: " +
          " / ".join(f"{q:.3f}" for q in np.quantile(values, [0.5, 0.9, 0.99, 0.999])))
    for lo, hi in ((0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.6, 0.7), (0.5, 0.6), (0.4, 0.5),
                   (0.3, 0.4)):
        band = [p for p in pairs if lo <= p[0] < hi]
        same = sum(story[a] == story[b] for _, a, b in band)
        print(f"  [{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}: {len(band):4d} pairs, "
              f"{same:4d} in the same gold story")
    rng = random.Random(args.seed)
    synthetic = []
    for d in rng.sample(docs, min(200, len(docs))):
        paragraphs = d["text"].split("\n")
        original = sketches[d["id"]]
        if len(paragraphs) < 4 or original is None:
            continue
        kept = paragraphs[:max(2, int(len(paragraphs) * 0.6))]
        copy = dedupe.sketch("\n".join(kept) + "\nThis story has been corrected.")
        if copy is not None:
            synthetic.append(dedupe.containment(original, copy))
    arr = np.array(synthetic)
    print(f"synthetic reprints: {len(arr)}; containment min {arr.min():.3f}, quantiles 1/5/50%: "
          + " / ".join(f"{q:.3f}" for q in np.quantile(arr, [0.01, 0.05, 0.5])))
    for threshold in (0.7, 0.75, 0.8, 0.9):
        print(f"  at {threshold}: {np.mean(arr >= threshold):.1%} of synthetic reprints linked, "
              f"{np.sum(values >= threshold)} same-topic pairs linked "
              f"({sum(story[a] == story[b] for v, a, b in pairs if v >= threshold)} same story)")


if __name__ == "__main__":
    main()
