"""Near-duplicates: wire copies reprinted with a new headline or a trimmed ending.

Each article's text becomes a set of word 5-shingles, sketched with MinHash
(datasketch, 128 permutations). A MinHash LSH index with a low Jaccard
threshold proposes candidates among every earlier article; each candidate is
then checked by *containment*: the share of the shorter text's shingles that
the longer one holds, estimated from the two sketches and the two set sizes
(|A∩B| = J·(|A|+|B|)/(1+J)). Containment, unlike Jaccard, stays high when a
reprint trims the ending or adds an editor's note, and stays low between two
outlets' own reports of one event, which share names but not 5-word runs.

An article whose containment in an earlier one reaches
``near_duplicate_threshold`` is linked to that article's *root* (the first
article of its copy chain), so a story can count independent sources. Exact
copies never get here: they share the content hash and are rejected earlier.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

NAME = "dedupe.minhash-containment.v2"
NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2 default; sketches stored as uint32
SHINGLE_WORDS = 5
# Candidate Jaccard for the LSH bands. A reprint cut to 40% of the original still has
# Jaccard 0.4 with it; 0.3 leaves a margin and the containment check removes the rest.
LSH_THRESHOLD = 0.3
# Texts with fewer shingles (headlines, one-line briefs) are not compared: two short
# briefs of one event legitimately share most of their words.
MIN_SHINGLES = 25
WORD = re.compile(r"\w+")
SHINGLE_PRIME = 1_000_003


@dataclass(frozen=True, slots=True)
class Sketch:
    """A MinHash sketch of one text and the size of its shingle set."""

    size: int
    values: np.ndarray

    def to_bytes(self) -> bytes:
        """The sketch's hash values as bytes (uint32, little-endian)."""
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, size: int, blob: bytes) -> Sketch:
        """Rebuild a sketch stored with ``to_bytes``."""
        return cls(size, np.frombuffer(blob, dtype="<u4").copy())


def shingles(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of a text's word 5-shingles (lower-cased, no punctuation).

    Each word is hashed once (CRC-32, stable across processes and machines) and the
    five hashes of a shingle are combined with a polynomial over 64-bit integers,
    vectorised: hashing every shingle with SHA-1 in Python cost as much as a third
    of trafilatura's extraction time on 11 KB pages.
    """
    words = WORD.findall(text.lower())
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    codes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64,
                        count=len(words))
    mixed = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        mixed = mixed * np.uint64(SHINGLE_PRIME) + codes[k:k + n]
    # Fold the 64-bit mix to 32 bits (the hash width of datasketch's affine32 scheme).
    folded = (mixed ^ (mixed >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
    return np.unique(folded >> np.uint64(32))


@functools.cache
def _permutations() -> Any:
    """The (seeded, fixed) permutations, drawn once: MinHash() draws them per instance."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def sketch(text: str) -> Sketch | None:
    """Sketch a text, or None when it is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=int,
                 permutations=_permutations())
    mh.update_batch(grams.tolist())
    return Sketch(len(grams), mh.hashvalues.copy())


def containment(a: Sketch, b: Sketch) -> float:
    """Estimated share of the smaller shingle set that the other one holds."""
    jaccard = float(np.mean(a.values == b.values))
    if jaccard <= 0.0:
        return 0.0
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, shared / min(a.size, b.size))


class NearDuplicates:
    """An index of every article's sketch that finds the original a new text copies."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.sketches: dict[str, Sketch] = {}
        self.roots: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.sketches)

    def add(self, article_id: str, item: Sketch, root: str | None = None) -> None:
        """Index an article (``root``: the original it copies, if any)."""
        if article_id in self.sketches:
            return
        self.sketches[article_id] = item
        self.roots[article_id] = root or article_id
        mh = MinHash(num_perm=NUM_PERM, hashvalues=item.values, scheme=SCHEME)
        self.lsh.insert(article_id, mh)

    def remove(self, article_id: str) -> None:
        """Forget an article (one that was not stored after all); articles that copy it
        become originals of their own."""
        if self.sketches.pop(article_id, None) is None:
            return
        self.roots.pop(article_id, None)
        self.lsh.remove(article_id)
        for other, root in list(self.roots.items()):
            if root == article_id:
                self.roots[other] = other

    def load(self, rows: Iterable[tuple[str, int, bytes, str | None]]) -> None:
        """Index stored sketches: (article id, shingle count, sketch bytes, root)."""
        for article_id, size, blob, root in rows:
            self.add(article_id, Sketch.from_bytes(size, blob), root)

    def match(self, item: Sketch) -> tuple[str, float] | None:
        """The root of the earlier article ``item`` copies, with the containment, or None."""
        mh = MinHash(num_perm=NUM_PERM, hashvalues=item.values, scheme=SCHEME)
        best: tuple[float, str] | None = None
        for candidate in self.lsh.query(mh):
            score = containment(item, self.sketches[candidate])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, candidate)
        if best is None:
            return None
        return self.roots[best[1]], round(best[0], 3)
