"""Dedup stage: cluster near-identical paragraphs across articles.

Word-shingle MinHash (Broder, 1997) with locality-sensitive hashing from
``datasketch``: candidates come from LSH and are confirmed by the MinHash Jaccard
estimate. Paragraphs are taken longest first (ties: earliest in the input); each
joins the most similar representative at or above the threshold, or becomes a
representative itself. So every member is a near-copy of the paragraph kept for it
(union-find would chain A~B~C and drop A for a C that does not carry its text).
A paragraph is a copy only if every figure it gives is in the paragraph kept for it:
a copy with "380 employees" for "320" (or a truncated copy missing a figure) keeps
its own place, and its figure stays visible to the conflicts stage.
Every member is remembered, since how many sources carry a paragraph is a salience
signal and a sentence of a kept paragraph cites every article of its cluster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.config import DedupSettings
from summarize.types import Cluster, ClusterMember, Paragraph

# Letters and digits of any script: with [a-z0-9] a Russian or Greek paragraph had no
# words, so every such paragraph looked like a copy of every other.
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True, slots=True)
class DedupResult:
    paragraphs: tuple[Paragraph, ...]  # the representatives, in input order
    clusters: tuple[Cluster, ...]  # one per kept paragraph (singletons included), in input order

    def cluster_of(self) -> dict[tuple[str, int], Cluster]:
        return {c.kept: c for c in self.clusters}


def shingles(text: str, size: int) -> set[str]:
    """Word ``size``-grams of lower-cased text (all words when the text is shorter).

    Text without a letter or digit ("* * *") is one shingle, itself whitespace-normalised,
    so that only its exact copies match it.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return {" ".join(text.split())} if text.strip() else set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def dedup(paragraphs: Sequence[Paragraph], settings: DedupSettings, seed: int = 13) -> DedupResult:
    """Cluster near-duplicate paragraphs and keep one per cluster.

    Args:
        paragraphs: Cleaned paragraphs of the drop.
        settings: ``dedup`` settings (threshold, num_perm, shingle_words).
        seed: Seeds the MinHash permutations, so runs are reproducible.
    Returns:
        The kept paragraphs and a cluster for each (members with their estimated similarity).
    """
    if not settings.enabled or not paragraphs:
        clusters = tuple(Cluster(p.key, (ClusterMember(p.article, p.index, 1.0),)) for p in paragraphs)
        return DedupResult(tuple(paragraphs), clusters)
    from datasketch import MinHash, MinHashLSH

    hashes = []
    for paragraph in paragraphs:
        mh = MinHash(num_perm=settings.num_perm, seed=seed)
        for gram in sorted(shingles(paragraph.text, settings.shingle_words)):
            mh.update(gram.encode("utf-8"))
        hashes.append(mh)
    try:
        lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    except ValueError:
        # Near 1.0 datasketch's optimal banding has fewer than two bands, which it refuses.
        # Two bands still propose every exact copy, and the estimate below applies the threshold.
        lsh = MinHashLSH(num_perm=settings.num_perm, params=(2, settings.num_perm // 2))
    for i, mh in enumerate(hashes):
        lsh.insert(i, mh)

    numbers = [frozenset(m.rstrip(".,") for m in _NUMBER.findall(p.text)) for p in paragraphs]

    def length(i: int) -> int:
        return len(paragraphs[i].text.split())

    groups: dict[int, list[int]] = {}  # representative -> its members, itself included
    for i in sorted(range(len(paragraphs)), key=lambda i: (-length(i), i)):
        candidates = sorted(j for j in lsh.query(hashes[i]) if j in groups)
        # A copy that gives a figure its representative does not ("380 employees" for
        # "320") is another report of the fact, and the conflicts stage must see it.
        scored = [(float(hashes[i].jaccard(hashes[j])), j) for j in candidates if numbers[i] <= numbers[j]]
        # The most similar representative; ties go to the earliest (max keeps the first).
        nearest = max((s for s in scored if s[0] >= settings.threshold), key=lambda s: s[0], default=None)
        groups.setdefault(nearest[1] if nearest else i, []).append(i)

    kept_index: dict[int, Cluster] = {}
    for best, members in groups.items():
        cluster_members = tuple(
            ClusterMember(
                paragraphs[i].article,
                paragraphs[i].index,
                1.0 if i == best else round(float(hashes[best].jaccard(hashes[i])), 4),
            )
            for i in sorted(members)
        )
        kept_index[best] = Cluster(paragraphs[best].key, cluster_members)
    order = sorted(kept_index)
    return DedupResult(tuple(paragraphs[i] for i in order), tuple(kept_index[i] for i in order))
