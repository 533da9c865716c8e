"""Benchmark clustering throughput and peak memory on 1k, 10k and 100k synthetic articles.

    python benchmarks/bench_cluster.py [--sizes 1000,10000,100000] [--store-dir DIR]
        [--per-day A] [--story-days D] [--swaps K] [--roster build|map] [--seed S]
        [--repeat R] [--profile N]

The real analysed articles are ECB+ (772 long articles, 66 gold stories) and the UCI
News Aggregator sample (3,170 headlines, 44 gold stories). Each is analysed once into a
SQLite store under ``--store-dir`` (with ``storyline.evaluate.evaluate_clustering``,
about a minute for ECB+ and ten seconds for UCI) and read back from there afterwards.

Synthesis of N articles: the 110 real gold stories are copied round after round (each
round in a new seeded order) until N articles exist; the last copy may be cut short.
Every synthetic article is a ``dataclasses.replace`` of a real one with
- a new unique id and ref ("b" + a counter);
- ``--swaps`` words of its body (the text, or the title of a headline) replaced by
  corpus words of the same length, chosen with a seeded RNG and never inside a
  mention, time, quote or number span, so every analysed offset still holds (the
  sentences are re-cut from the new text);
- a copy-specific made-up token ("zq" + the copy number in letters + "x": letters only,
  since the tokenizer splits digits off) appended to the title and, when there is
  one, to the text, after every analysed span; copies of one real story so share
  vocabulary with each other only through the real words;
- a published date (method "metadata": the clusterer ignores inferred dates): each
  copy starts where the running article count divided by ``--per-day`` falls (from
  2014-01-01), and its members are spread uniformly over ``--story-days`` from there,
  so any 7-day window holds about 7 x ``--per-day`` articles whatever N (by default
  1,400: 100k articles span about 500 days).
The roster is rebuilt with the real ``build_roster`` over the synthetic corpus
(``--roster build``, timed apart from clustering) or, with ``--roster map``, the
roster of the real articles has its (article id, offset) keys mapped to the new ids.

Each size runs in a fresh subprocess (the script calls itself with ``--one N``) so
that the peak resident memory (a process-wide high-water mark) is that size's own.
Timed: ``cluster(docs, {}, docs, Config(), roster)``, IDF tables included, ``--repeat``
times in the same process, the best wall time kept (shown with its CPU time). Prints a
table (articles/s, stories formed, B-cubed F1 against the synthetic copies as a sanity
check, peak RSS before and after clustering) and the ratios of clustering times between
consecutive sizes; time(100k) / time(10k) should be <= 12.
``--profile N`` instead prints a cProfile breakdown of clustering N synthetic articles.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import pstats
import random
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

DATASETS = {"ecbplus": "ecbplus", "uci": "uci_news_aggregator"}
DEFAULT_SIZES = "1000,10000,100000"
DEFAULT_STORE_DIR = Path("/tmp/storyline-bench-cluster")
START = datetime(2014, 1, 1)
TARGET = 12.0
WORD = re.compile(r"\b[a-z]{3,}\b")
RESULT = "RESULT "
TOP = 15


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_stores(store_dir: Path, data_dir: Path) -> dict[str, Path]:
    """Analyse each real dataset into its store unless the store is already there."""
    from storyline.config import Config
    from storyline.evaluate import evaluate_clustering

    store_dir.mkdir(parents=True, exist_ok=True)
    stores = {}
    for name, folder in DATASETS.items():
        path = store_dir / f"{name}.db"
        if not path.exists():
            data = data_dir / folder / "docs.jsonl"
            if not data.is_file():
                sys.exit(f"no data at {data}: pass --data-dir PATH (the folder of {folder})")
            print(f"analysing {data} into {path} (once) ...", file=sys.stderr)
            start = time.perf_counter()
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            evaluate_clustering(data, "story", partial, Config(), shuffles=1)
            partial.rename(path)
            print(f"  done in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        stores[name] = path
    return stores


def load_stories(stores: dict[str, Path]) -> list[list[Any]]:
    """The real documents grouped by gold story, in a deterministic order."""
    from storyline.store.sqlite import open_store

    groups: dict[str, list[Any]] = defaultdict(list)
    for name, path in stores.items():
        store = open_store(path)
        try:
            for doc in store.documents():
                label = doc.article.extra.get("story")
                if label not in (None, ""):
                    groups[f"{name}:{label}"].append(doc)
        finally:
            store.close()
    return [sorted(groups[k], key=lambda d: d.article.id) for k in sorted(groups)]


def _letters(n: int) -> str:
    """``n`` in base 26 with letters a-z ("a", "b", ..., "ba", ...)."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
        if n == 0:
            return out


def vocabulary(stories: list[list[Any]]) -> dict[int, list[str]]:
    """The lower-case words of the real titles and texts, by length."""
    words: set[str] = set()
    for members in stories:
        for doc in members:
            words.update(WORD.findall(doc.article.title))
            words.update(WORD.findall(doc.article.text))
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(words):
        by_length[len(word)].append(word)
    return by_length


def _protected(doc: Any) -> list[tuple[int, int]]:
    return [(s.start, s.end) for spans in (doc.mentions, doc.times, doc.quotes, doc.numbers)
            for s in spans]


def swap_words(text: str, swaps: int, protected: list[tuple[int, int]],
               vocab: dict[int, list[str]], rng: random.Random) -> str:
    """Replace up to ``swaps`` words outside ``protected`` spans by same-length words."""
    free = [m for m in WORD.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in protected)]
    if not free or swaps <= 0:
        return text
    chars = list(text)
    for m in rng.sample(free, min(swaps, len(free))):
        chars[m.start():m.end()] = rng.choice(vocab[len(m.group())])
    return "".join(chars)


def variant(doc: Any, new_id: str, copy: int, when: datetime, swaps: int,
            vocab: dict[int, list[str]], rng: random.Random) -> Any:
    """A synthetic copy of ``doc``: new id, a few words swapped, a copy token, a date."""
    article = doc.article
    token = f" zq{_letters(copy)}x"
    title, text, sentences = article.title, article.text, doc.sentences
    if text.strip():
        text = swap_words(text, swaps, _protected(doc), vocab, rng)
        sentences = tuple(dataclasses.replace(s, text=text[s.start:s.end]) for s in sentences)
        text += token
    else:  # a headline: the title is the body
        title = swap_words(title, swaps, [], vocab, rng)
    new = dataclasses.replace(
        article, id=new_id, ref=new_id, title=title + token, text=text,
        published=when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), published_method="metadata",
        published_evidence="synthetic", duplicate_of=None, duplicate_score=None, group=None)
    return dataclasses.replace(doc, article=new, sentences=sentences)


def synthesise(stories: list[list[Any]], n: int, per_day: float, story_days: float,
               swaps: int, seed: int) -> tuple[list[Any], dict[str, str], dict[str, str]]:
    """``n`` synthetic articles; with each id's original article id and copy label."""
    rng = random.Random(seed)
    vocab = vocabulary(stories)
    docs: list[Any] = []
    origin: dict[str, str] = {}
    copy_of: dict[str, str] = {}
    copy = 0
    while len(docs) < n:
        order = list(range(len(stories)))
        rng.shuffle(order)
        for index in order:
            if len(docs) >= n:
                break
            base = START + timedelta(days=len(docs) / per_day)
            for doc in stories[index][:n - len(docs)]:
                new_id = f"b{len(docs)}"
                when = base + timedelta(seconds=int(rng.uniform(0, story_days * 86400)))
                docs.append(variant(doc, new_id, copy, when, swaps, vocab, rng))
                origin[new_id] = doc.article.id
                copy_of[new_id] = f"c{copy}"
            copy += 1
    return docs, origin, copy_of


def make_roster(mode: str, docs: list[Any], origin: dict[str, str],
                stories: list[list[Any]]) -> Any:
    """The roster of the synthetic corpus: rebuilt, or the real one with its keys mapped."""
    from storyline.stages._roster import Roster, build_roster

    if mode == "build":
        return build_roster(docs)
    real = build_roster(d for members in stories for d in members)
    mention_entity = {}
    for doc in docs:
        source = origin[doc.article.id]
        for m in doc.mentions:
            eid = real.mention_entity.get((source, m.start))
            if eid:
                mention_entity[(doc.article.id, m.start)] = eid
    return Roster(real.entities, mention_entity, {})


def prepare(args: argparse.Namespace, n: int) -> tuple[list[Any], Any, dict[str, str],
                                                       float, float]:
    """Synthetic documents, their roster and copy labels; synthesis and roster seconds."""
    stories = load_stories(ensure_stores(args.store_dir, args.data_dir))
    start = time.perf_counter()
    docs, origin, copy_of = synthesise(stories, n, args.per_day, args.story_days,
                                       args.swaps, args.seed)
    synth_s = time.perf_counter() - start
    start = time.perf_counter()
    roster = make_roster(args.roster, docs, origin, stories)
    roster_s = time.perf_counter() - start
    del stories, origin
    return docs, roster, copy_of, synth_s, roster_s


def run_one(args: argparse.Namespace, n: int) -> dict[str, Any]:
    """Synthesise ``n`` articles and time clustering them (in this process)."""
    from storyline.config import Config
    from storyline.evaluate import bcubed
    from storyline.stages.cluster import cluster

    docs, roster, copy_of, synth_s, roster_s = prepare(args, n)
    peak_before = _peak_mb()
    cluster_s = cpu_s = float("inf")
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        stories, assignment = cluster(docs, {}, docs, Config(), roster)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if wall < cluster_s:
            cluster_s, cpu_s = wall, cpu
    dates = sorted(d.article.published for d in docs)
    return {"n": len(docs), "cluster_s": cluster_s, "cpu_s": cpu_s, "stories": len(stories),
            "copies": len(set(copy_of.values())), "f1": bcubed(assignment, copy_of).f1,
            "synth_s": synth_s, "roster_s": roster_s, "peak_before": peak_before,
            "peak_after": _peak_mb(), "days": (datetime.fromisoformat(dates[-1]) -
                                               datetime.fromisoformat(dates[0])).days,
            "mentions": sum(len(d.mentions) for d in docs)}


def profile(args: argparse.Namespace, n: int) -> None:
    """cProfile clustering ``n`` synthetic articles; print the top functions."""
    import storyline
    from storyline.config import Config
    from storyline.stages.cluster import cluster

    docs, roster, _, _, _ = prepare(args, n)
    profiler = cProfile.Profile()
    profiler.enable()
    cluster(docs, {}, docs, Config(), roster)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())
    package = str(Path(storyline.__file__).resolve().parent.parent)
    rows = []
    for (filename, line, funcname), (_, calls, tt, ct, _) in stats.items():
        where = filename[len(package) + 1:] if filename.startswith(package) else \
            str(Path(*Path(filename).parts[-2:])) if filename != "~" else ""
        rows.append((tt, ct, calls, f"{where}:{line}({funcname})" if where else funcname))
    print(f"cProfile of clustering {len(docs):,} synthetic articles ({total:.2f} s profiled)")
    for title, key in (("own", 0), ("cumulative", 1)):
        print(f"top functions by {title} time:")
        print(f"  {'own s':>8} {'cumul. s':>9} {'calls':>10}  function")
        for tt, ct, calls, label in sorted(rows, key=lambda r: -r[key])[:TOP]:
            print(f"  {tt:8.2f} {ct:9.2f} {calls:10d}  {label}")


def _child(args: argparse.Namespace, n: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(n),
               "--store-dir", str(args.store_dir), "--data-dir", str(args.data_dir),
               "--per-day", str(args.per_day), "--story-days", str(args.story_days),
               "--swaps", str(args.swaps), "--roster", args.roster, "--seed", str(args.seed),
               "--repeat", str(args.repeat)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        sys.exit(f"the run at {n} articles failed (exit status {done.returncode})")
    return json.loads(lines[-1][len(RESULT):])


def main() -> None:
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated article counts (default {DEFAULT_SIZES})")
    parser.add_argument("--store-dir", type=Path, default=DEFAULT_STORE_DIR,
                        help="where the analysed real articles are cached "
                        f"(default {DEFAULT_STORE_DIR})")
    parser.add_argument("--data-dir", type=Path, default=default_data,
                        help="the folder holding ecbplus/ and uci_news_aggregator/")
    parser.add_argument("--per-day", type=float, default=200.0,
                        help="synthetic articles per day on average (default 200)")
    parser.add_argument("--story-days", type=float, default=3.0,
                        help="days over which a story copy's members are spread (default 3)")
    parser.add_argument("--swaps", type=int, default=2,
                        help="body words replaced per synthetic article (default 2)")
    parser.add_argument("--roster", choices=("build", "map"), default="build",
                        help="rebuild the roster over the synthetic corpus (default) or map "
                        "the real roster's keys to the new ids")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2,
                        help="clustering runs per size; the fastest is kept (default 2)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead of timing, cProfile clustering N synthetic articles")
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.per_day <= 0 or args.story_days < 0 or args.swaps < 0 or args.repeat < 1:
        sys.exit("--per-day must be positive, --repeat at least 1, --story-days and --swaps "
                 "at least 0")
    if args.one:
        print(RESULT + json.dumps(run_one(args, args.one)))
        return
    if args.profile:
        profile(args, args.profile)
        return
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        sys.exit(f"--sizes {args.sizes}: expected comma-separated integers")
    if not sizes or min(sizes) < 1:
        sys.exit("--sizes needs at least one positive article count")

    ensure_stores(args.store_dir, args.data_dir)  # once, before the subprocesses
    print(f"synthesis: {args.per_day:g} articles/day on average ({7 * args.per_day:,.0f} in a "
          f"7-day window), story copies spread over {args.story_days:g} days, "
          f"{args.swaps} words swapped per article, roster: {args.roster}, seed {args.seed}")
    print("timed: cluster(docs, {}, docs, Config(), roster), IDF tables included; each size "
          f"in a fresh process, best wall time of {args.repeat} run(s)")
    print(f"{'articles':>9} {'days':>5} {'cluster s':>10} {'CPU s':>7} {'articles/s':>11} "
          f"{'stories':>8} {'copies':>7} {'B3 F1':>6} {'roster s':>9} {'peak MB':>8} "
          f"{'before':>7}")
    results = []
    for n in sizes:
        r = _child(args, n)
        results.append(r)
        print(f"{r['n']:9,} {r['days']:5d} {r['cluster_s']:10.2f} {r['cpu_s']:7.2f} "
              f"{r['n'] / r['cluster_s']:11,.0f} {r['stories']:8,} {r['copies']:7,} "
              f"{r['f1']:6.3f} {r['roster_s']:9.2f} {r['peak_after']:8.0f} "
              f"{r['peak_before']:7.0f}", flush=True)
    print("(days: span of the published dates; copies: synthetic story copies, the gold of "
          "B3 F1; roster s: build_roster, not timed as clustering; peak MB: peak RSS of the "
          "process, before: the same just before clustering)")
    for small, large in zip(results, results[1:], strict=False):
        ratio = large["cluster_s"] / small["cluster_s"]
        cpu_ratio = large["cpu_s"] / small["cpu_s"]
        size_ratio = large["n"] / small["n"]
        line = (f"time({large['n']:,}) / time({small['n']:,}): {ratio:.2f} "
                f"(CPU time {cpu_ratio:.2f}; sizes x{size_ratio:g})")
        if small["n"] == 10_000 and large["n"] == 100_000:
            line += f", target <= {TARGET:g}: {'meets' if ratio <= TARGET else 'misses'}"
        print(line)


if __name__ == "__main__":
    main()
