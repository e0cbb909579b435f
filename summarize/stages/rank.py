"""Rank stage: salience of each theme sentence.

Salience is a weighted sum of normalised signals:

* centrality: LexRank (Erkan & Radev, 2004) — PageRank over the graph of
  sentences whose embedding cosine exceeds a threshold;
* theme affinity from the themes stage;
* cross-source support: how many independent sources carry the sentence or a
  paraphrase of it (sources stage);
* position: lead paragraphs carry the news (the lead baseline's insight).

Centrality runs over at most ``max_candidates`` sentences per theme (the most
theme-like), so cost stays linear in drop size. Scores are rounded before
sorting and ties broken by provenance, so the order never depends on how a
batch was composed. Choosing sentences within the budget is the select stage's job.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

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
    support: Mapping[tuple[str, int, int], int] | None = None,
) -> tuple[Scored, ...]:
    """Order a theme's sentences by salience.

    Args:
        scored: The theme's sentences with their theme affinity.
        vectors: Returns normalised embeddings for sentences (rows follow input).
        settings: ``rank`` settings.
        support: Independent sources per sentence key (sources stage); default the
            number of articles of the sentence's dedup cluster.
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
    counts = support or {}
    backing = np.array([math.log1p(counts.get(c.sentence.key, c.sentence.support)) for c in candidates])
    backing = _unit(backing - math.log1p(1)) if backing.max() > math.log1p(1) else np.zeros(len(candidates))
    position = np.array([1.0 - c.sentence.position for c in candidates])
    salience = (
        settings.centrality_weight * centrality
        + settings.theme_weight * affinity
        + settings.support_weight * backing
        + settings.position_weight * position
    )
    total = settings.centrality_weight + settings.theme_weight + settings.support_weight + settings.position_weight
    salience = salience / total if total > 0 else salience
    ranked = [Scored(c.sentence, round(float(v), settings.round_digits)) for c, v in zip(candidates, salience)]
    return tuple(sorted(ranked, key=lambda s: (-s.score, s.sentence.key)))
