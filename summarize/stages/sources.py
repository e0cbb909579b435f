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
    # rows[:, g]: the sentences of group g (the union of its articles'); hits[:, a]: the
    # sentences with a paraphrase in article a; counts[g, a]: group g's sentences hit by a.
    n = len(names)
    rows = np.zeros((len(sentences), n), dtype=bool)
    for a, article in enumerate(names):
        rows[by_article[article], a] = True
    close = ((vectors @ vectors.T) >= paraphrase).astype(np.float32)
    hits = ((close @ rows.astype(np.float32)) > 0).astype(np.float32)
    counts = rows.T.astype(np.float32) @ hits
    sizes = rows.sum(axis=0).astype(np.float64)
    members = {g: [g] for g in range(n)}

    def matched(g: int, h: int) -> float:
        # The share of the smaller group's sentences paraphrased in one article of the other:
        # an excerpt is measured by its whole group, and no two reports add up to a third.
        if sizes[g] > sizes[h] or (sizes[g] == sizes[h] and g > h):
            g, h = h, g
        return float(counts[g, members[h]].max() / sizes[g])

    # shares[g, h] for live groups g < h, -1 elsewhere; the closest pair merges first (ties:
    # the smallest ids, as argmax takes the first). For single articles, matched() at once.
    of_row = counts / np.maximum(sizes, 1.0)[:, None]
    index = np.arange(n)
    row_smaller = (sizes[:, None] < sizes[None, :]) | (
        (sizes[:, None] == sizes[None, :]) & (index[:, None] < index[None, :])
    )
    shares = np.where(row_smaller, of_row, of_row.T)
    shares[np.tril_indices(n)] = -1.0
    while n > 1:
        g, h = divmod(int(np.argmax(shares)), n)
        if shares[g, h] <= share:
            break
        rows[:, g] |= rows[:, h]
        sizes[g] = rows[:, g].sum()
        counts[g] = rows[:, g].astype(np.float32) @ hits
        members[g] += members.pop(h)
        shares[h, :] = shares[:, h] = -1.0
        for other in members:
            if other != g:
                shares[min(g, other), max(g, other)] = matched(g, other)
    group = {names[m]: names[min(member)] for member in members.values() for m in member}
    return SourceGroups({a: group[a] for a in names})


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
