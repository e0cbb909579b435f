"""Split generated text into clean sentences (syntok) and fit them to a word budget."""

from __future__ import annotations

import re
from collections.abc import Sequence

_TERMINAL = tuple('.!?"”’)')
_HAS_WORD = re.compile(r"[^\W_]{2,}")
# Models emit stray runs of end marks ("jobs. . !"); keep the first.
_PUNCT_RUN = re.compile(r"([.!?])(?:\s*[.!?])+$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a generated text, tidied.

    Uses syntok's segmenter (abbreviations such as "U.S." do not end a
    sentence). Exact repeats (models loop) and fragments without a word are
    dropped, and so is a final sentence without terminal punctuation when it
    follows complete ones: it was cut by the token limit.

    Args:
        text: The decoded model output.
    Returns:
        The sentences, in order.
    """
    from syntok import segmenter

    sentences: list[str] = []
    seen: set[str] = set()
    for paragraph in segmenter.analyze(text):
        for tokens in paragraph:
            sentence = _PUNCT_RUN.sub(r"\1", " ".join("".join(str(t) for t in tokens).split()))
            key = " ".join(_HAS_WORD.findall(sentence.lower()))
            if not _HAS_WORD.search(sentence) or key in seen:
                continue
            seen.add(key)
            sentences.append(sentence)
    if len(sentences) > 1 and not sentences[-1].endswith(_TERMINAL):
        sentences.pop()
    return sentences


def words(text: str) -> int:
    """Words of a text, as the word budget counts them (whitespace-separated)."""
    return len(text.split())


def within_budget(texts: Sequence[str], budget: int) -> int:
    """How many leading texts fit in ``budget`` words (cut at sentence boundaries)."""
    used = 0
    for count, text in enumerate(texts):
        used += words(text)
        if used > budget:
            return count
    return len(texts)
