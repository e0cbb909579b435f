"""Immutable document model passed between pipeline stages.

Every value here is a frozen dataclass holding tuples, so a stage can only hand
on a new value, never change what an earlier stage produced.
Provenance is kept as plain (article, paragraph, sentence) indices so that any
summary sentence can be traced back to the text it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Key = tuple[str, int, int]
"""A sentence's place: (article, paragraph index, sentence index in the paragraph)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article of a drop; ``id`` is the file name or the record id."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    date: str = ""

    @property
    def content_hash(self) -> str:
        """sha256 of the text with its whitespace collapsed: the same article under another name."""
        return hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of an article; ``index`` is 0-based within the article."""

    article: str
    index: int
    text: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.article, self.index)


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something a stage removed, with the reason, for the run's records."""

    article: str
    paragraph: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ClusterMember:
    article: str
    paragraph: int
    similarity: float


@dataclass(frozen=True, slots=True)
class Cluster:
    """Near-identical paragraphs; ``kept`` is the representative's (article, paragraph)."""

    kept: tuple[str, int]
    members: tuple[ClusterMember, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({m.article for m in self.members}))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a kept paragraph.

    ``index`` is 0-based within its paragraph; ``articles`` lists every article
    whose text carries this sentence (the paragraph's dedup cluster), so support
    counts and citations cover syndicated copies. ``position`` is the paragraph's
    relative position in its article (0.0 = lead), a salience prior.
    """

    article: str
    paragraph: int
    index: int
    text: str
    articles: tuple[str, ...] = ()
    position: float = 0.0

    @property
    def key(self) -> Key:
        return (self.article, self.paragraph, self.index)

    @property
    def support(self) -> int:
        return max(1, len(self.articles))

    @property
    def carriers(self) -> tuple[str, ...]:
        """Every article carrying the sentence: its own first, then the copies dedup merged into it."""
        return tuple(dict.fromkeys((self.article, *self.articles)))


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scored:
    """A sentence with a score (theme affinity or salience)."""

    sentence: Sentence
    score: float


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    paragraph: int
    sentence: int
    score: float


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of a summary; ``origin`` is the source sentence it was copied from, if extractive."""

    text: str
    sources: tuple[Citation, ...] = ()
    supported: bool = True
    origin: tuple[str, int, int] | None = None


@dataclass(frozen=True, slots=True)
class GuardReplacement:
    generated: str
    reason: str
    replacement: str


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str
    articles: tuple[str, ...]
    sources: int  # independent sources (copies count once)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources disagree on a figure; ``chosen`` is the value most independent sources give.

    ``settled`` when that majority is clear (at least two sources and twice the runner-up):
    only then are the sentences giving another value (``minority``) kept out of the summary.
    """

    fact: str
    values: tuple[ConflictValue, ...]
    chosen: str
    minority: frozenset[tuple[str, int, int]] = frozenset()  # sentences carrying another value
    carriers: frozenset[tuple[str, int, int]] = frozenset()  # every sentence carrying one of the values
    settled: bool = True


@dataclass(frozen=True, slots=True)
class TimelineValue:
    """One day's value of a fact that changes over time; ``carriers`` are the sentences giving it (any day)."""

    value: str
    time: str  # ISO date of the first day it is told of
    articles: tuple[str, ...]
    carriers: frozenset[Key] = frozenset()


@dataclass(frozen=True, slots=True)
class Timeline:
    """Successive reports of one fact (a toll, a count of people affected), ``values`` in time order."""

    fact: str
    values: tuple[TimelineValue, ...]

    @property
    def carriers(self) -> frozenset[Key]:
        return frozenset().union(*(v.carriers for v in self.values))


@dataclass(frozen=True, slots=True)
class Summary:
    theme: str
    status: str  # "ok" | "no_coverage"
    method: str  # "seq2seq" | "extractive" | "none"
    sentences: tuple[SummarySentence, ...] = ()
    guard_checked: int = 0
    guard_replaced: tuple[GuardReplacement, ...] = ()
    notes: tuple[str, ...] = field(default=())
    conflicts: tuple[Conflict, ...] = ()
    timelines: tuple[Timeline, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """What the generate stage needs about one theme.

    ``ranked`` holds the theme's sentences best first (salience): candidates for
    packing and for guard replacements. ``extractive`` is the extractive summary
    already chosen within the word budget, in reading order.
    """

    theme: Theme
    ranked: tuple[Scored, ...]
    extractive: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class SourceGroups:
    """Which articles are one source: copies and rewrites of one report count once (the sources stage)."""

    group: dict[str, str]  # article -> its group's representative (the smallest article id)

    def of(self, articles: Sequence[str]) -> frozenset[str]:
        return frozenset(self.group.get(a, a) for a in articles)

    def copies(self) -> dict[str, tuple[str, ...]]:
        """Representative -> all articles of groups with more than one article."""
        out: dict[str, list[str]] = {}
        for article, rep in sorted(self.group.items()):
            out.setdefault(rep, []).append(article)
        return {rep: tuple(members) for rep, members in out.items() if len(members) > 1}


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """What an update run (``--since``) knows of the previous run: its summaries and what it read.

    ``since`` is the latest article date it read (ISO), else its folder's name; ``themes``
    maps each theme name to its summary sentences; ``articles`` and ``hashes`` are the ids
    and :attr:`Article.content_hash` of the articles it read.
    """

    folder: str
    since: str
    themes: Mapping[str, tuple[str, ...]]
    articles: frozenset[str] = frozenset()
    hashes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class UpdateSentence:
    """A sentence of an update summary; ``revises`` is the previous summary's sentence whose figure it revises."""

    sentence: SummarySentence
    revises: str = ""


@dataclass(frozen=True, slots=True)
class Update:
    """One theme's update summary: what the new drop adds since ``since``."""

    theme: str
    since: str
    sentences: tuple[UpdateSentence, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(s.sentence.text for s in self.sentences)
