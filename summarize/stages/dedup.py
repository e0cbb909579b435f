"""Dedup stage: cluster near-identical paragraphs across articles.

Word-shingle MinHash (Broder, 1997) with locality-sensitive hashing from
``datasketch``: candidate pairs come from LSH, are confirmed by the MinHash
Jaccard estimate, and joined with union-find. One representative per cluster is
kept (the longest; ties go to the earliest article and paragraph); every member
is remembered, since how many sources carry a paragraph is a salience signal and
a sentence of a kept paragraph cites every article of its cluster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.config import DedupSettings
from summarize.types import Cluster, ClusterMember, Paragraph

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class DedupResult:
    paragraphs: tuple[Paragraph, ...]  # the representatives, in input order
    clusters: tuple[Cluster, ...]  # one per kept paragraph (singletons included), in input order

    def cluster_of(self) -> dict[tuple[str, int], Cluster]:
        return {c.kept: c for c in self.clusters}


def shingles(text: str, size: int) -> set[str]:
    """Word ``size``-grams of lower-cased text (all words when the text is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
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
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    for i, mh in enumerate(hashes):
        lsh.insert(i, mh)

    parent = list(range(len(paragraphs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, mh in enumerate(hashes):
        for j in sorted(lsh.query(mh)):
            if j > i and mh.jaccard(hashes[j]) >= settings.threshold:
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)

    groups: dict[int, list[int]] = {}
    for i in range(len(paragraphs)):
        groups.setdefault(find(i), []).append(i)

    def length(i: int) -> int:
        return len(paragraphs[i].text.split())

    kept_index: dict[int, Cluster] = {}
    for members in groups.values():
        best = min(members, key=lambda i: (-length(i), i))
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
