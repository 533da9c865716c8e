"""Load benchmark of `storyline serve`: requests/s and p50/p99 latency on loopback.

    python benchmarks/bench_serve.py                       # builds a 10,000-article store
    python benchmarks/bench_serve.py --store big.db        # reuses (or builds) that store

The store is synthesised cheaply: the demo corpus is built once (ingest, clean, analyse),
then its analysed documents are copied with new ids, outlets and dates (each copy a
month after the last, so copies form their own stories) until there are --articles of
them; clustering and fusion then run on all of them as in `storyline build`. Analysis is
not re-run per copy, so the build time printed is not the time to build 10,000 real
articles. The server runs in its own process (`storyline serve`); a client process sends
one request at a time per thread to the list and story pages, bounded by --requests per
endpoint and by --seconds per endpoint.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from storyline import api
from storyline.config import Config
from storyline.pipeline import build
from storyline.store.sqlite import open_store

BASE_DATE = datetime.fromisoformat("2025-03-03T12:00:00+00:00")
COPY_GAP_DAYS = 30  # > the clustering window, so each copy of the corpus makes its own stories


def synthesise(store_path: Path, articles: int) -> None:
    """Fill ``store_path`` with ``articles`` analysed documents and build their stories."""
    with tempfile.TemporaryDirectory() as tmp:
        seed_path = Path(tmp) / "demo.db"
        api.build(api.demo_files(), seed_path, Config())
        seed_store = open_store(seed_path)
        seeds = list(seed_store.documents())
        seed_store.close()
    store = open_store(store_path)
    batch = []
    for n in range(articles):
        copy, index = divmod(n, len(seeds))
        doc = seeds[index]
        article = doc.article
        shift = timedelta(days=COPY_GAP_DAYS * copy)
        published = datetime.fromisoformat(article.published) if article.published \
            else BASE_DATE
        new_id = "a" + hashlib.sha256(f"{article.id}/{copy}".encode()).hexdigest()[:15]
        article = replace(article, id=new_id, ref=f"{article.ref}-{copy}",
                          source=f"{article.outlet} {copy % 40}",
                          published=(published + shift).isoformat(),
                          origin=f"synthetic/{copy}/{article.ref}", duplicate_of=None)
        batch.append((f"synthetic:{new_id}", new_id, replace(doc, article=article)))
        if len(batch) == 1000:
            store.add_documents(batch, method="bench.synthetic")
            batch.clear()
    store.add_documents(batch, method="bench.synthetic")
    build([], store, Config())
    store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client(base: str, paths: list[str], requests: int, seconds: float, threads: int,
           out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Hit ``paths`` in turn until ``requests`` are done or ``seconds`` pass; report latencies."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    counter = iter(range(requests))

    def worker() -> tuple[list[float], int]:
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in counter:
                if time.perf_counter() > deadline:
                    break
                start = time.perf_counter()
                response = http.get(paths[i % len(paths)])
                mine.append(time.perf_counter() - start)
                bad += response.status_code != 200
        return mine, bad

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for mine, bad in pool.map(lambda _: worker(), range(threads)):
            latencies.extend(mine)
            errors += bad
    out.put((latencies, errors, time.perf_counter() - started))


def measure(base: str, name: str, paths: list[str], args: argparse.Namespace) -> None:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    proc = multiprocessing.Process(target=client, args=(base, paths, args.requests,
                                                        args.seconds, args.threads, queue))
    proc.start()
    latencies, errors, elapsed = queue.get()
    proc.join()
    cuts = statistics.quantiles(latencies, n=100)
    rate = len(latencies) / elapsed
    print(f"{name:<28} {len(latencies):>6} req in {elapsed:6.1f} s  {rate:7.1f} req/s"
          f"  p50 {cuts[49] * 1000:7.1f} ms  p99 {cuts[98] * 1000:7.1f} ms  "
          f"errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=None,
                        help="store to serve; built (synthesised) when missing")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint, at most")
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint, at most")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    store_path = args.store or Path(tmp.name) / "bench.db"
    if not store_path.exists():
        started = time.perf_counter()
        synthesise(store_path, args.articles)
        print(f"synthesised {args.articles:,} articles (analysis copied, clustering and fusion "
              f"run) in {time.perf_counter() - started:.1f} s")
    open_store(store_path).close()  # a writable open migrates a store made by older code
    store = open_store(store_path, read_only=True)
    stories = [s.id for s in store.stories()]
    print(f"store: {store.article_count():,} articles, {len(stories):,} stories ({store_path})")
    store.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--store",
                               str(store_path), "--port", str(port)],
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        started = time.perf_counter()
        while True:
            try:
                httpx.get(base + "/api/stories?page_size=1", timeout=60).raise_for_status()
                break
            except httpx.TransportError:
                if server.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        print(f"server answered its first list request {time.perf_counter() - started:.1f} s "
              f"after start (includes indexing the stories)")
        sample = random.Random(0).sample(stories, min(200, len(stories)))
        print(f"client: {args.threads} threads, one process; at most {args.requests} requests "
              f"or {args.seconds:g} s per endpoint")
        measure(base, "GET /stories (HTML list)", ["/stories"], args)
        measure(base, "GET /api/stories?q=ferry", ["/api/stories?q=ferry"], args)
        measure(base, "GET /stories/{id} (HTML)", [f"/stories/{s}" for s in sample], args)
        measure(base, "GET /api/stories/{id}", [f"/api/stories/{s}" for s in sample], args)
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
