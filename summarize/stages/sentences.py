"""Sentences stage: split kept paragraphs into sentences with ``syntok``.

syntok (Leitner) segments news text offline, with no model data to download
(nltk's punkt would need one). Every sentence keeps its article, paragraph and
sentence index, plus the articles of its paragraph's dedup cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.config import SentenceSettings
from summarize.text.sentences import SENTENCE_END
from summarize.types import Cluster, Paragraph, Sentence


@dataclass(frozen=True, slots=True)
class SentenceResult:
    sentences: tuple[Sentence, ...]
    skipped: dict[str, int]


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, as syntok segments them: exact substrings of ``text``."""
    from syntok import segmenter

    out = []
    # analyze, not process: process rewrites "n't" as "not" and joins words hyphenated
    # across a line break, so its sentences ("didnot") would not be the source's text.
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            joined = "".join(token.spacing + token.value for token in sentence).strip()
            if joined:
                out.append(joined)
    return out


def paragraph_positions(paragraphs: Sequence[Paragraph]) -> dict[tuple[str, int], float]:
    """Each paragraph's relative place among its article's paragraphs (0.0 = lead).

    Pass the paragraphs left after cleaning: a wire story's lead under a headline,
    a byline and three bullet lines is still its first paragraph.

    Args:
        paragraphs: Paragraphs in reading order.
    Returns:
        Paragraph key -> ordinal / paragraph count of its article.
    """
    counts: dict[str, int] = {}
    ordinals: dict[tuple[str, int], int] = {}
    for paragraph in paragraphs:
        ordinals[paragraph.key] = counts.get(paragraph.article, 0)
        counts[paragraph.article] = ordinals[paragraph.key] + 1
    return {key: ordinal / counts[key[0]] for key, ordinal in ordinals.items()}


def sentences(
    paragraphs: Sequence[Paragraph],
    clusters: Sequence[Cluster],
    settings: SentenceSettings,
    positions: Mapping[tuple[str, int], float] | None = None,
) -> SentenceResult:
    """Split paragraphs into candidate sentences.

    Args:
        paragraphs: The kept (deduplicated) paragraphs.
        clusters: Their dedup clusters (for the articles that carry each paragraph).
        settings: ``sentences`` settings (word limits).
        positions: Each paragraph's place in its article, for the position prior
            (:func:`paragraph_positions`); default computed from ``paragraphs``.
    Returns:
        Sentences in input order, and counts of what was skipped and why.
    """
    by_key = {c.kept: c for c in clusters}
    if positions is None:
        positions = paragraph_positions(paragraphs)
    out: list[Sentence] = []
    skipped = {"too_short": 0, "too_long": 0, "fragment": 0}
    for paragraph in paragraphs:
        cluster = by_key.get(paragraph.key)
        articles = cluster.articles if cluster else (paragraph.article,)
        position = positions.get(paragraph.key, 0.0)
        for index, text in enumerate(split_sentences(paragraph.text)):
            words = len(text.split())
            if words < settings.min_words:
                skipped["too_short"] += 1
            elif words > settings.max_words:
                skipped["too_long"] += 1
            elif not SENTENCE_END.search(text):
                # A scraped excerpt often stops mid-sentence ("... where t"): not a sentence.
                skipped["fragment"] += 1
            else:
                out.append(Sentence(paragraph.article, paragraph.index, index, text, articles, round(position, 4)))
    return SentenceResult(tuple(out), skipped)
