"""Faithfulness guard: a generated sentence may only state facts found in its sources.

Small seq2seq models invent numbers and names. Every number, money amount,
percentage and capitalised name of a generated sentence must appear in the
theme's source sentences; a sentence that fails is replaced by the source
sentence that best supports it (most shared content words, then salience).
This is a lexical check in the spirit of the entity-level factual consistency
measures of Nan et al. (2021), "Entity-level Factual Consistency of Abstractive
Text Summarization"; no NLI model is involved, so it is fast and deterministic,
and it cannot judge claims that use only supported words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from summarize.text.numbers import MONEY, NUMBER, PERCENT, number_value, scaled_value
from summarize.types import Scored, Sentence

_WORD = re.compile(r"[^\W\d_][\w'’&.-]*[\w]|[^\W\d_]")
_POSSESSIVE = re.compile(r"['’]s?$")
# Capitalised only because they open a sentence or are grammar, not names.
_FUNCTION_WORDS = frozenset(
    """a an the this that these those it its he she they we you i his her their our my your
    in on at by for from to of with without about after before during since until as into over
    under between among and or but nor so yet if when while where because although though
    there here then also however meanwhile still already both each every all some most many
    more other another such no not one only just even what which who whom whose how why
    is are was were be been has have had do does did will would can could may might should must
    according despite amid""".split()
)
_CONTENT_MIN_LENGTH = 3


@dataclass(frozen=True, slots=True)
class Facts:
    """The checkable facts of a text, normalised."""

    numbers: frozenset[Decimal]
    scaled: frozenset[Decimal]
    money: frozenset[Decimal]
    percents: frozenset[Decimal]
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The guard's judgement of one generated sentence; ``unsupported`` lists what failed."""

    supported: bool
    unsupported: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "not in sources: " + ", ".join(self.unsupported) if self.unsupported else ""


def _spans(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _overlaps(match: re.Match[str], taken: Iterable[tuple[int, int]]) -> bool:
    return any(match.start() < end and start < match.end() for start, end in taken)


def _words(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(text)]


def extract_facts(texts: Iterable[str]) -> Facts:
    """Collect numbers (raw and with their scale word), money, percentages and words.

    Args:
        texts: Source sentences.
    Returns:
        Their facts; words are lower-cased.
    """
    numbers: set[Decimal] = set()
    scaled: set[Decimal] = set()
    money: set[Decimal] = set()
    percents: set[Decimal] = set()
    words: set[str] = set()
    for text in texts:
        for match in MONEY.finditer(text):
            value = scaled_value(match["num"], match["scale"])
            if value is not None:
                money.add(value)
        for match in PERCENT.finditer(text):
            value = number_value(match["num"])
            if value is not None:
                percents.add(value)
        for match in NUMBER.finditer(text):
            raw = number_value(match["num"])
            if raw is not None:
                numbers.add(raw)
            value = scaled_value(match["num"], match["scale"])
            if value is not None:
                scaled.add(value)
        words.update(w.lower() for w in _words(text))
    return Facts(frozenset(numbers), frozenset(scaled), frozenset(money), frozenset(percents), frozenset(words))


def _names(sentence: str) -> list[str]:
    """Capitalised words: names, places, organisations, acronyms (function words excluded)."""
    found = []
    for word in _words(sentence):
        if not word[:1].isupper():
            continue
        if word.lower() in _FUNCTION_WORDS and not (word.isupper() and len(word) > 1):
            continue
        found.append(word)
    return found


def check(sentence: str, sources: Facts) -> Verdict:
    """Check one generated sentence against the facts of its theme's sources.

    Args:
        sentence: A generated sentence.
        sources: :func:`extract_facts` of the theme's source sentences.
    Returns:
        Supported, or the list of unsupported items (as written in the sentence).
    """
    missing: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _spans(MONEY, sentence):
        value = scaled_value(match["num"], match["scale"])
        if value not in sources.money and value not in sources.scaled:
            missing.append(match.group(0).strip())
        taken.append(match.span())
    for match in _spans(PERCENT, sentence):
        if _overlaps(match, taken):
            continue
        if number_value(match["num"]) not in sources.percents:
            missing.append(match.group(0).strip())
        taken.append(match.span())
    for match in _spans(NUMBER, sentence):
        if _overlaps(match, taken):
            continue
        if match["scale"]:
            supported = scaled_value(match["num"], match["scale"]) in sources.scaled | sources.money
        else:
            supported = number_value(match["num"]) in sources.numbers
        if not supported:
            missing.append(match.group(0).strip())
    for name in _names(sentence):
        if name.lower() not in sources.words and name not in missing:
            missing.append(name)
    return Verdict(not missing, tuple(missing))


def _content(text: str) -> set[str]:
    return {w.lower() for w in _words(text) if len(w) >= _CONTENT_MIN_LENGTH and w.lower() not in _FUNCTION_WORDS}


def best_replacement(
    generated: str, ranked: Sequence[Scored], used: set[tuple[str, int, int]], max_words: int | None = None
) -> Sentence | None:
    """The source sentence that best supports a rejected generated sentence.

    Args:
        generated: The rejected sentence.
        ranked: The theme's sentences, best first.
        used: Keys of sentences already in the summary (never repeated).
        max_words: Prefer sentences of at most this many words (the budget left).
    Returns:
        The unused sentence sharing the most content words with ``generated``
        (ties: higher rank), preferring ones within ``max_words``; None when
        every sentence is used.
    """
    wanted = _content(generated)
    candidates = [s.sentence for s in ranked if s.sentence.key not in used]
    if not candidates:
        return None
    if max_words is not None:
        fitting = [s for s in candidates if len(s.text.split()) <= max_words]
        candidates = fitting or candidates
    best, best_overlap = candidates[0], -1
    for sentence in candidates:
        overlap = len(wanted & _content(sentence.text))
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best
