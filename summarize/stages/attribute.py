"""Attribute stage: cite the source sentences that support each summary sentence.

Support of a source sentence for a summary sentence is the mean of two views:
the cosine similarity of their embeddings (paraphrase) and the share of the
summary sentence's content words found in the source (lexical containment, as in
the ROUGE-recall heuristics of extractive attribution). A verbatim extract scores
1.0 against its origin. Each cited sentence also cites every article of its
paragraph's dedup cluster. A sentence whose best support is below the threshold
is flagged ``supported: false``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from summarize.config import AttributeSettings
from summarize.text.words import STOPWORDS, stems
from summarize.types import Citation, Cluster, Sentence, Summary


def content_stems(text: str) -> frozenset[str]:
    return frozenset(s for s in stems(text) if s not in STOPWORDS)


def containment(summary: frozenset[str], source: frozenset[str]) -> float:
    """Share of the summary sentence's content stems found in the source sentence."""
    return len(summary & source) / len(summary) if summary else 0.0


def _citations(source: Sentence, score: float, clusters: dict[tuple[str, int], Cluster]) -> list[Citation]:
    cluster = clusters.get((source.article, source.paragraph))
    members = cluster.members if cluster else ()
    out = [Citation(source.article, source.paragraph, source.index, score)]
    for member in members:
        if (member.article, member.paragraph) != (source.article, source.paragraph):
            # A near-identical paragraph: the sentence sits at the same index there.
            out.append(Citation(member.article, member.paragraph, source.index, score))
    return out


def attribute(
    summary: Summary,
    sources: Sequence[Sentence],
    vectors: Callable[[Sequence[str]], np.ndarray],
    clusters: dict[tuple[str, int], Cluster],
    settings: AttributeSettings,
) -> Summary:
    """Attach sources to every sentence of a summary.

    Args:
        summary: The generated or extractive summary.
        sources: Candidate source sentences (the theme's sentences).
        vectors: Normalised embeddings for texts.
        clusters: Dedup clusters by kept (article, paragraph).
        settings: ``attribute`` settings.
    Returns:
        The summary with ``sources`` and ``supported`` set on each sentence.
    """
    if not summary.sentences or not sources:
        return summary
    summary_vectors = vectors([s.text for s in summary.sentences]).astype(np.float64)
    source_vectors = vectors([s.text for s in sources]).astype(np.float64)
    cosine = summary_vectors @ source_vectors.T
    source_stems = [content_stems(s.text) for s in sources]
    updated = []
    for i, sentence in enumerate(summary.sentences):
        own = content_stems(sentence.text)
        scores = []
        for j, source in enumerate(sources):
            value = 0.5 * max(0.0, float(cosine[i, j])) + 0.5 * containment(own, source_stems[j])
            if sentence.origin == source.key:
                value = 1.0
            scores.append((round(min(1.0, value), 4), source.key, j))
        scores.sort(key=lambda x: (-x[0], x[1]))
        chosen = [s for s in scores if s[0] >= settings.threshold][: settings.max_sources] or scores[:1]
        citations: list[Citation] = []
        for score, _, j in chosen:
            citations.extend(_citations(sources[j], score, clusters))
        supported = chosen[0][0] >= settings.threshold
        updated.append(replace(sentence, sources=tuple(citations), supported=supported))
    return replace(summary, sentences=tuple(updated))
