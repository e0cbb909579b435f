"""Sentences as a reader meets them: where one ends, and which one comes before another.

:data:`SENTENCE_END` tells a whole sentence from a scraped excerpt cut off mid-word
(the sentences stage skips those, the compress stage keeps a trimmed sentence whole).
:func:`readings` and :func:`previous_sentences` give each article's sentences in its
reader's order, where "These recalls ..." finds what "these" refers to (the themes stage
reads a sentence after its predecessor, the select stage keeps a pronoun with it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.types import Cluster, Key, Sentence

SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$|[\"”’]$")
"""The end of a whole sentence: a full stop, "!" or "?" (then closing quotes or brackets), or a closing quote."""


def readings(sentences: Sequence[Sentence], clusters: Sequence[Cluster] = ()) -> dict[str, list[Sentence]]:
    """Each article's sentences as its reader reads them.

    With the dedup ``clusters``, a paragraph dedup kept from another article (the original's,
    or a syndicated copy's longer version) stands in its place, so an article's text is
    whole even where its own paragraphs were merged away.

    Args:
        sentences: The drop's sentences in reading order (article, paragraph, index).
        clusters: The dedup clusters of the kept paragraphs; none = each article's own sentences.
    Returns:
        Article -> its sentences in order (a sentence may be read in several articles).
    """
    by_paragraph: dict[tuple[str, int], list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault((sentence.article, sentence.paragraph), []).append(sentence)
    places: dict[str, set[tuple[int, tuple[str, int]]]] = {}
    for cluster in clusters:
        for member in cluster.members:
            places.setdefault(member.article, set()).add((member.paragraph, cluster.kept))
    # A kept paragraph is a member of its own cluster; one without a cluster stands for itself.
    clustered = {cluster.kept for cluster in clusters}
    for article, paragraph in by_paragraph:
        if (article, paragraph) not in clustered:
            places.setdefault(article, set()).add((paragraph, (article, paragraph)))
    return {
        article: [s for _, kept in sorted(paragraphs) for s in by_paragraph.get(kept, ())]
        for article, paragraphs in places.items()
    }


def previous_sentences(sentences: Sequence[Sentence], clusters: Sequence[Cluster] = ()) -> dict[Key, Key]:
    """Each sentence's predecessor in its article: the previous sentence of its paragraph,
    or the last sentence of the paragraph before it (where "These recalls ..." finds its referent),
    in the article's :func:`readings` (with ``clusters``, a syndicated copy's paragraph dedup
    kept reads after the paragraph its copy stands after).

    Args:
        sentences: The drop's sentences in reading order (article, paragraph, index).
        clusters: The dedup clusters of the kept paragraphs; none = each article's own sentences.
    Returns:
        Sentence key -> the key of the sentence read just before it; first sentences are absent.
    """
    previous: dict[Key, Key] = {}
    for article, read in readings(sentences, clusters).items():
        for before, sentence in zip(read, read[1:]):
            # A sentence takes its predecessor from the article it is filed under.
            if sentence.article == article and sentence.key not in previous:
                previous[sentence.key] = before.key
    return previous
