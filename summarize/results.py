"""What one run of the pipeline produced, as the report stage and the tools reading it see it.

Kept out of :mod:`summarize.pipeline` so that the stages writing and scoring a run
(report, evaluation) need not import the pipeline that runs them;
``summarize.pipeline.RunResult`` still names the same class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from summarize.config import Settings
from summarize.types import Article, Cluster, Dropped, Paragraph, Scored, Sentence, Summary, Theme, Update


@dataclass(frozen=True)
class RunResult:
    settings: Settings
    drop: str
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[Dropped, ...]
    clusters: tuple[Cluster, ...]
    sentences: tuple[Sentence, ...]
    theme_sentences: Mapping[str, tuple[Scored, ...]]
    summaries: tuple[Summary, ...]
    references: Mapping[str, tuple[str, ...]]
    rouge: Mapping[str, Mapping[str, float]]
    counts: Mapping[str, Mapping[str, int]]
    timings: Mapping[str, float]
    warnings: tuple[str, ...] = field(default=())
    themes: tuple[Theme, ...] = field(default=())  # the themes summarized (given or discovered)
    discovered: bool = False  # the themes were found in the drop (none were given)
    # The day each summary sentence tells of, by its source sentence: (ISO date, where it came from:
    # "sentence" | "resolved" | "article"); and each dated article's (ISO date, source of the date).
    told: Mapping[tuple[str, int, int], tuple[str, str]] = field(default_factory=dict)
    article_dates: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    updates: tuple[Update, ...] = field(default=())  # per theme, what is new since update.since (empty without it)
