"""Sources stage: which articles are independent, and how many back each sentence.

Syndicated and rewritten copies of one report must count once wherever support
is counted. MinHash (the dedup stage) catches verbatim copies paragraph by
paragraph; rewrites ("the same quotes and facts in other words") are caught at
the article level: two articles are one source when most sentences of the
shorter one have a paraphrase (embedding cosine above ``paraphrase``) in the
other. Groups are closed transitively (union-find).

Support of a sentence is then the number of independent sources that carry it
or a paraphrase of it, the multi-document salience signal of centroid and
"wisdom of the sources" summarizers (Radev et al., 2004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarize.types import Sentence


@dataclass(frozen=True, slots=True)
class SourceGroups:
    group: dict[str, str]  # article -> its group's representative (the smallest article id)

    def of(self, articles: Sequence[str]) -> frozenset[str]:
        return frozenset(self.group.get(a, a) for a in articles)

    def copies(self) -> dict[str, tuple[str, ...]]:
        """Representative -> all articles of groups with more than one article."""
        out: dict[str, list[str]] = {}
        for article, rep in sorted(self.group.items()):
            out.setdefault(rep, []).append(article)
        return {rep: tuple(members) for rep, members in out.items() if len(members) > 1}


def group_sources(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    paraphrase: float = 0.8,
    share: float = 0.5,
) -> SourceGroups:
    """Group articles that are copies or rewrites of one report.

    Args:
        sentences: All candidate sentences of the drop (with ``articles`` from dedup).
        vectors: Their normalised embeddings (rows follow ``sentences``).
        paraphrase: Cosine above which two sentences say the same thing.
        share: Two articles are one source when more than this share of the shorter one's
            sentences has a paraphrase in the other.
    Returns:
        The article -> group mapping (every article, copies or not).
    """
    by_article: dict[str, list[int]] = {}
    for i, sentence in enumerate(sentences):
        for article in sentence.articles or (sentence.article,):
            by_article.setdefault(article, []).append(i)
    names = sorted(by_article)
    parent = {a: a for a in names}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    if len(sentences):
        similarity = vectors @ vectors.T
        for x, a in enumerate(names):
            for b in names[x + 1 :]:
                rows_a, rows_b = by_article[a], by_article[b]
                if len(rows_a) > len(rows_b):
                    rows_a, rows_b = rows_b, rows_a
                matched = (similarity[np.ix_(rows_a, rows_b)] >= paraphrase).any(axis=1).mean()
                if matched > share:
                    ra, rb = find(a), find(b)
                    parent[max(ra, rb)] = min(ra, rb)
    return SourceGroups({a: find(a) for a in names})


def support_counts(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    groups: SourceGroups,
    paraphrase: float = 0.8,
) -> dict[tuple[str, int, int], int]:
    """Independent sources carrying each sentence or a paraphrase of it.

    Returns:
        Sentence key -> count (at least 1).
    """
    if not sentences:
        return {}
    similarity = vectors @ vectors.T
    sets = [groups.of(s.articles or (s.article,)) for s in sentences]
    out = {}
    for i, sentence in enumerate(sentences):
        carriers = set(sets[i])
        for j in np.nonzero(similarity[i] >= paraphrase)[0]:
            carriers |= sets[j]
        out[sentence.key] = max(1, len(carriers))
    return out
