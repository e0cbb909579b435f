"""Rank stage: salience of each theme sentence, and MMR selection within a word budget.

Salience is a weighted sum of normalised signals:

* centrality: LexRank (Erkan & Radev, 2004) — PageRank over the graph of
  sentences whose embedding cosine exceeds a threshold;
* theme affinity from the themes stage;
* cross-source support: how many articles carry the sentence (dedup clusters);
* position: lead paragraphs carry the news (the lead baseline's insight).

Centrality runs over at most ``max_candidates`` sentences per theme (the most
theme-like), so cost stays linear in drop size. Scores are rounded before
sorting and ties broken by provenance, so the order never depends on how a
batch was composed. Selection uses Maximal Marginal Relevance (Carbonell &
Goldstein, 1998) to avoid repeating the most central fact.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from summarize.config import RankSettings
from summarize.types import Scored, Sentence


def lexrank(similarity: np.ndarray, threshold: float, damping: float, iterations: int = 100) -> np.ndarray:
    """LexRank centrality scores (sum to 1) from a cosine similarity matrix.

    Args:
        similarity: Square, symmetric matrix of cosine similarities.
        threshold: Edges exist where similarity exceeds this.
        damping: PageRank damping factor.
        iterations: Upper bound on power iterations.
    Returns:
        One centrality value per row; uniform for an edgeless graph.
    """
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    adjacency = (similarity > threshold).astype(np.float64)
    np.fill_diagonal(adjacency, 0.0)
    degree = adjacency.sum(axis=1, keepdims=True)
    # Dangling nodes link everywhere, the usual PageRank convention.
    transition = np.where(degree > 0, adjacency / np.where(degree == 0, 1, degree), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-10:
            scores = updated
            break
        scores = updated
    return scores / scores.sum()


def _unit(values: np.ndarray) -> np.ndarray:
    top = values.max() if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def rank(
    scored: Sequence[Scored],
    vectors: Callable[[Sequence[Sentence]], np.ndarray],
    settings: RankSettings,
) -> tuple[Scored, ...]:
    """Order a theme's sentences by salience.

    Args:
        scored: The theme's sentences with their theme affinity.
        vectors: Returns normalised embeddings for sentences (rows follow input).
        settings: ``rank`` settings.
    Returns:
        At most ``max_candidates`` sentences with salience, best first; ties by provenance.
    """
    if not scored:
        return ()
    candidates = sorted(scored, key=lambda s: (-round(s.score, settings.round_digits), s.sentence.key))
    candidates = candidates[: settings.max_candidates]
    matrix = vectors([c.sentence for c in candidates]).astype(np.float64)
    centrality = _unit(lexrank(matrix @ matrix.T, settings.edge_threshold, settings.damping))
    affinity = _unit(np.array([max(0.0, c.score) for c in candidates]))
    support = np.array([math.log1p(c.sentence.support) for c in candidates])
    support = _unit(support - math.log1p(1)) if support.max() > math.log1p(1) else np.zeros(len(candidates))
    position = np.array([1.0 - c.sentence.position for c in candidates])
    salience = (
        settings.centrality_weight * centrality
        + settings.theme_weight * affinity
        + settings.support_weight * support
        + settings.position_weight * position
    )
    total = settings.centrality_weight + settings.theme_weight + settings.support_weight + settings.position_weight
    salience = salience / total if total > 0 else salience
    ranked = [Scored(c.sentence, round(float(v), settings.round_digits)) for c, v in zip(candidates, salience)]
    return tuple(sorted(ranked, key=lambda s: (-s.score, s.sentence.key)))


def word_count(text: str) -> int:
    return len(text.split())


def select(
    ranked: Sequence[Scored],
    vectors: Callable[[Sequence[Sentence]], np.ndarray],
    budget: int,
    mmr_lambda: float,
    round_digits: int = 6,
) -> tuple[Sentence, ...]:
    """Choose sentences by MMR until the word budget is spent.

    Args:
        ranked: Sentences with salience, best first.
        vectors: Normalised embeddings for sentences.
        budget: Maximum total words.
        mmr_lambda: 1.0 picks by salience only; lower values favour novelty.
        round_digits: Rounding of MMR scores before comparing (batch-independent ties).
    Returns:
        Selected sentences in selection order; a sentence that would overrun the
        budget is skipped in favour of a shorter one that fits.
    """
    if not ranked or budget <= 0:
        return ()
    pool = list(ranked)
    matrix = vectors([s.sentence for s in pool]).astype(np.float64)
    similarity = matrix @ matrix.T
    top = max(s.score for s in pool) or 1.0
    chosen: list[int] = []
    used = 0
    remaining = set(range(len(pool)))
    while remaining:
        best, best_value = None, -math.inf
        for i in sorted(remaining):
            if used + word_count(pool[i].sentence.text) > budget:
                continue
            redundancy = max((similarity[i, j] for j in chosen), default=0.0)
            value = round(mmr_lambda * pool[i].score / top - (1 - mmr_lambda) * redundancy, round_digits)
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        chosen.append(best)
        used += word_count(pool[best].sentence.text)
        remaining.discard(best)
        # Near-copies of a chosen sentence can never add content.
        remaining -= {i for i in remaining if similarity[best, i] > 0.92}
    return tuple(pool[i].sentence for i in chosen)
