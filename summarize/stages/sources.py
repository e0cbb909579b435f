"""Sources stage: which articles are independent, and how many back each sentence.

Syndicated and rewritten copies of one report must count once wherever support
is counted. MinHash (the dedup stage) catches verbatim copies paragraph by
paragraph; rewrites ("the same quotes and facts in other words") are caught at
the article level: two articles are one source when most sentences of the
shorter one have a paraphrase (embedding cosine above ``paraphrase``) in the
other. Groups grow by agglomeration: the closest pair merges first, and the
smaller of two groups is then measured by the union of its articles' sentences
against each article of the other. So an excerpt of one report (a syndicated
copy cut to the paragraphs that overlap a second report) joins its full version
and does not chain the two reports into one source, as pairwise union-find
would; nor do two reports together make a third one their copy.

Support of a sentence is then the number of independent sources that carry it
or a paraphrase of it, the multi-document salience signal of centroid and
"wisdom of the sources" summarizers (Radev et al., 2004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarize.types import Sentence, SourceGroups


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
        share: Two groups of articles are one source when more than this share of the smaller
            group's sentences has a paraphrase in one article of the other.
    Returns:
        The article -> group mapping (every article, copies or not).
    """
    by_article: dict[str, list[int]] = {}
    for i, sentence in enumerate(sentences):
        for article in sentence.carriers:
            by_article.setdefault(article, []).append(i)
    names = sorted(by_article)
    if not names:
        return SourceGroups({})
    state = _Agglomeration.of_articles([by_article[a] for a in names], len(sentences), vectors, paraphrase)
    state.merge_while(share)
    group = {names[m]: names[min(member)] for member in state.members.values() for m in member}
    return SourceGroups({a: group[a] for a in names})


@dataclass
class _Agglomeration:
    """The groups of articles as they merge, and what measuring them needs.

    rows[:, g]: the sentences of group g (the union of its articles'); hits[:, a]: the
    sentences with a paraphrase in article a; counts[g, a]: group g's sentences hit by a;
    sizes[g]: group g's sentence count; members[g]: the articles of live group g.
    """

    rows: np.ndarray
    hits: np.ndarray
    counts: np.ndarray
    sizes: np.ndarray
    members: dict[int, list[int]]

    @classmethod
    def of_articles(
        cls, rows_of: Sequence[list[int]], n_sentences: int, vectors: np.ndarray, paraphrase: float
    ) -> _Agglomeration:
        """One group per article (``rows_of[a]``: article a's sentence rows)."""
        n = len(rows_of)
        rows = np.zeros((n_sentences, n), dtype=bool)
        for a, sentence_rows in enumerate(rows_of):
            rows[sentence_rows, a] = True
        close = ((vectors @ vectors.T) >= paraphrase).astype(np.float32)
        hits = ((close @ rows.astype(np.float32)) > 0).astype(np.float32)
        counts = rows.T.astype(np.float32) @ hits
        sizes = rows.sum(axis=0).astype(np.float64)
        return cls(rows, hits, counts, sizes, {g: [g] for g in range(n)})

    def matched(self, g: int, h: int) -> float:
        """The share of the smaller group's sentences paraphrased in one article of the other:
        an excerpt is measured by its whole group, and no two reports add up to a third."""
        if self.sizes[g] > self.sizes[h] or (self.sizes[g] == self.sizes[h] and g > h):
            g, h = h, g
        return float(self.counts[g, self.members[h]].max() / self.sizes[g])

    def initial_shares(self) -> np.ndarray:
        """shares[g, h] for articles g < h, -1 elsewhere: :meth:`matched` for every pair of
        single articles at once."""
        n = len(self.members)
        of_row = self.counts / np.maximum(self.sizes, 1.0)[:, None]
        index = np.arange(n)
        row_smaller = (self.sizes[:, None] < self.sizes[None, :]) | (
            (self.sizes[:, None] == self.sizes[None, :]) & (index[:, None] < index[None, :])
        )
        shares = np.where(row_smaller, of_row, of_row.T)
        shares[np.tril_indices(n)] = -1.0
        return shares

    def merge_while(self, share: float) -> None:
        """Merge the closest pair of live groups while it matches above ``share`` (ties: the
        smallest ids, as argmax takes the first), group h into group g."""
        shares = self.initial_shares()
        n = len(shares)
        while n > 1:
            g, h = divmod(int(np.argmax(shares)), n)
            if shares[g, h] <= share:
                break
            self.rows[:, g] |= self.rows[:, h]
            self.sizes[g] = self.rows[:, g].sum()
            self.counts[g] = self.rows[:, g].astype(np.float32) @ self.hits
            self.members[g] += self.members.pop(h)
            shares[h, :] = shares[:, h] = -1.0
            for other in self.members:
                if other != g:
                    shares[min(g, other), max(g, other)] = self.matched(g, other)


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
    sets = [groups.of(s.carriers) for s in sentences]
    out = {}
    for i, sentence in enumerate(sentences):
        carriers = set(sets[i])
        for j in np.nonzero(similarity[i] >= paraphrase)[0]:
            carriers |= sets[j]
        out[sentence.key] = max(1, len(carriers))
    return out
