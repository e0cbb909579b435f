"""Times stage: the date of every article and the time every sentence tells of.

An article's date (its document creation time, TimeML) comes from the first of
``times.article_dates`` that knows it: the record's metadata, a date line among the page's
opening lines, a wire dateline, the date of a copy of the same report (the sources stage's
groups), the day of an event it shares with a dated article ("made landfall Thursday"
beside a dated "made landfall Thursday"; cross-document anchoring), or the latest date the
text itself writes out. Each sentence's relative times
("Monday", "last month", "earlier this week") are resolved against its article's date with
:mod:`summarize.text.timex`; a sentence whose article has no date keeps them unresolved, and
selection leaves it out rather than print a "yesterday" nobody can place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from summarize.config import TimeSettings
from summarize.text import lexicon, timex
from summarize.text.dates import YEAR
from summarize.text.names import name_of, name_words, subject
from summarize.types import Article, Key, Sentence, SourceGroups


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """An article's date and where it was read ("metadata", "header", "dateline", "copy", "text")."""

    date: dt.date
    how: str


@dataclass(frozen=True)
class Times:
    """What the stage found: article dates, the story's year, each sentence's relative times."""

    articles: Mapping[str, ArticleDate]
    year: int | None
    mentions: Mapping[Key, tuple[timex.Mention, ...]]
    background: frozenset[str] = frozenset()  # names of events told only as before the story

    def anchor(self, article: str) -> dt.date | None:
        found = self.articles.get(article)
        return found.date if found else None

    def year_of(self, article: str) -> int | None:
        """The year a month and day written without one takes: the article's, else the story's."""
        anchor = self.anchor(article)
        return anchor.year if anchor else self.year

    def resolve(self, text: str, article: str) -> tuple[timex.Mention, ...]:
        """The relative times of ``text`` (a sentence of ``article``, perhaps trimmed) resolved
        against its article's date, unless that date is only a lower bound read from the text
        (:data:`LOWER_BOUNDS`): "said Wednesday" in a page written weeks after the latest date
        it mentions would be printed as the wrong Wednesday."""
        found = self.articles.get(article)
        anchor = found.date if found and found.how not in LOWER_BOUNDS else None
        return timex.mentions(text, anchor, self.year_of(article))

    def told(self, sentence: Sentence) -> tuple[dt.date | None, str]:
        """The day a sentence tells of and where it came from: a date its main clause writes
        ("sentence"), a relative day resolved ("resolved"), else its article's date ("article");
        (None, "") when unknown. "A million remain without power a week after the landfall on
        Sept. 26" tells of its article's day, not of Sept. 26."""
        written = timex.written_past(timex.main_clause(sentence.text), self.year_of(sentence.article))
        if written:
            return written[0], "sentence"
        days = [m.date for m in self.mentions.get(sentence.key, ()) if m.unit == "day" and m.date]
        if days:
            return days[0], "resolved"
        anchor = self.anchor(sentence.article)
        return (anchor, "article") if anchor else (None, "")

    def counts(self) -> dict[str, int]:
        hows = Counter(d.how for d in self.articles.values())
        found = [m for ms in self.mentions.values() for m in ms]
        return {
            **{f"articles_{how}": hows.get(how, 0) for how in ARTICLE_DATE_SOURCES},
            "relative": len(found),
            "relative_resolved": sum(m.date is not None for m in found),
            "background_names": len(self.background),
        }

    def start(self) -> dt.date | None:
        """When the story starts: its earliest article date, else the first day of its year."""
        if self.articles:
            return min(d.date for d in self.articles.values())
        return dt.date(self.year, 1, 1) if self.year else None


def _metadata(article: Article, lines: int, year: int | None) -> dt.date | None:
    if not article.date:
        return None
    span = timex.FULL_DATE.search(article.date)
    return timex.parse_date(span.group(0) if span else article.date)


def _header(article: Article, lines: int, year: int | None) -> dt.date | None:
    return timex.header_date(article.text, lines)


def _dateline(article: Article, lines: int, year: int | None) -> dt.date | None:
    return timex.dateline_date(article.text, lines, year)


def _latest_written(article: Article, year: int | None) -> dt.date | None:
    written = timex.written_past(article.text, year)
    return max(written) if written else None


LOWER_BOUNDS = frozenset({"text"})
"""Date sources that give only the earliest day an article can be from: they order and place the
article's sentences, but no "Wednesday" is resolved against them."""

# Each source of an article's date, in order of trust; the article's own lines are read by
# _READERS, "copy", "anchored" and "text" from what the others found.
ARTICLE_DATE_SOURCES: tuple[str, ...] = ("metadata", "header", "dateline", "copy", "anchored", "text")
_READERS: dict[str, Callable[[Article, int, int | None], dt.date | None]] = {
    "metadata": _metadata,
    "header": _header,
    "dateline": _dateline,
}


def story_year(articles: Sequence[Article], dates: Mapping[str, ArticleDate]) -> int | None:
    """The year of the story: the commonest year of the dates found, else of the years the texts write."""
    years = [d.date.year for d in dates.values()] or [int(y) for a in articles for y in YEAR.findall(a.text)]
    counted = Counter(years)
    return max(sorted(counted), key=counted.__getitem__) if counted else None


def article_dates(
    articles: Sequence[Article], groups: SourceGroups, settings: TimeSettings, said: Said | None = None
) -> tuple[dict[str, ArticleDate], int | None]:
    """Each article's date from the first source that knows it, and the story's year.

    Args:
        articles: The drop's articles as loaded.
        groups: Copies of one report (a copy without a date takes its report's earliest date).
        settings: Which sources are used and how many opening lines hold a date line.
        said: The drop's sentences and their normalised embeddings, for the "anchored" source.
    Returns:
        (article id -> date and its source, the story's year).
    """
    found: dict[str, ArticleDate] = {}
    used = [s for s in ARTICLE_DATE_SOURCES if s in settings.article_dates]
    own = [s for s in used if s in ("metadata", "header", "dateline")]
    _read(articles, own, found, settings.header_lines, None)
    year = story_year(articles, found)
    for article in _outliers(found, year, settings.outlier_days):
        del found[article]
    _read(articles, [s for s in own if s == "dateline"], found, settings.header_lines, year)
    if "copy" in used:
        _from_copies(articles, groups, found)
    if "anchored" in used and said is not None:
        _anchored(said, found, settings.anchor_similarity)
    if "text" in used:
        _read_text(articles, found, year)
    return found, story_year(articles, found)


@dataclass(frozen=True)
class Said:
    """The drop's sentences and their normalised embeddings (rows follow the sentences)."""

    sentences: Sequence[Sentence]
    vectors: np.ndarray


def _anchored(said: Said, found: dict[str, ArticleDate], threshold: float) -> None:
    """Undated articles dated by the events they share with dated ones: a sentence that says
    "Thursday" and is at least ``threshold`` alike (cosine) to a dated article's sentence whose
    "Thursday" is Sept. 26, or that writes Sept. 26 (a Thursday), tells of that day, so its
    article was written on it or after: the latest such day is its date (a lower bound). Repeated
    while it dates more articles, so an article dated this way anchors others."""
    days = [_day_names(s.text) for s in said.sentences]
    known = _known_days(said, found, frozenset(found))
    while True:
        dated = {}
        for article, rows in _undated_rows(said, found, days).items():
            evidence = [d for i in rows for d in _anchor(i, days[i], known, said.vectors, threshold)]
            if evidence:
                dated[article] = ArticleDate(max(evidence), "anchored")
        if not dated:
            return
        found.update(dated)
        known.update(_known_days(said, found, frozenset(dated)))


def _day_names(text: str) -> frozenset[int]:
    """The weekdays a sentence names bare ("on Thursday", not "Thursday, Sept. 26")."""
    words = (w.lower() for m in timex.mentions(text, None, None) for w in m.text.split())
    return frozenset(timex.WEEKDAY_INDEX[w] for w in words if w in timex.WEEKDAY_INDEX)


def _known_days(
    said: Said, found: Mapping[str, ArticleDate], articles: frozenset[str]
) -> dict[int, dict[int, dt.date]]:
    """Row -> weekday -> the day it is, for the sentences of ``articles`` (dated in ``found``)."""
    out: dict[int, dict[int, dt.date]] = {}
    for i, s in enumerate(said.sentences):
        anchor = found.get(s.article) if s.article in articles else None
        if anchor is None:
            continue
        days = {
            m.date.weekday(): m.date
            for m in timex.mentions(s.text, anchor.date, anchor.date.year)
            if m.date and m.unit == "day"
        }
        days.update({d.weekday(): d for d in timex.written_past(s.text, anchor.date.year)})
        if days:
            out[i] = days
    return out


def _undated_rows(said: Said, found: Mapping[str, ArticleDate], days: Sequence[frozenset[int]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, s in enumerate(said.sentences):
        if s.article not in found and days[i]:
            out.setdefault(s.article, []).append(i)
    return dict(sorted(out.items()))


def _anchor(
    row: int, names: frozenset[int], known: Mapping[int, Mapping[int, dt.date]], vectors: np.ndarray, threshold: float
) -> list[dt.date]:
    """The days the weekdays of sentence ``row`` are, by the most alike dated sentence naming each."""
    out = []
    for weekday in sorted(names):
        rows = [j for j, days in known.items() if weekday in days]
        if not rows:
            continue
        best = max(rows, key=lambda j: (float(vectors[row] @ vectors[j]), -j))
        if float(vectors[row] @ vectors[best]) >= threshold:
            out.append(known[best][weekday])
    return out


def _read_text(articles: Sequence[Article], found: dict[str, ArticleDate], year: int | None) -> None:
    """Undated articles take the latest date their text writes as past, when it falls within the
    span of the articles dated otherwise (if two or more are): "from June 1 to Nov. 30" in a
    story dated Sept. 26 to Dec. 22 tells of the season, not of the day the page was written."""
    known = sorted(d.date for d in found.values())
    for article in articles:
        date = _latest_written(article, year) if article.id not in found else None
        if date is not None and (len(known) < 2 or known[0] <= date <= known[-1]):
            found[article.id] = ArticleDate(date, "text")


def _read(
    articles: Sequence[Article], sources: Sequence[str], found: dict[str, ArticleDate], lines: int, year: int | None
) -> None:
    for article in articles:
        if article.id in found:
            continue
        for source in sources:
            date = _READERS[source](article, lines, year)
            if date is not None:
                found[article.id] = ArticleDate(date, source)
                break


def _outliers(found: Mapping[str, ArticleDate], year: int | None, days: int) -> list[str]:
    """Articles whose date is in another year than the story's and more than ``days`` after every
    other article's: a scraper's date line ("Date:2025-04-12" on a 2024 story), not the report's."""
    if not days:
        return []
    out = []
    for article, found_date in found.items():
        others = [d.date for a, d in found.items() if a != article]
        if others and found_date.date.year != year and found_date.date > max(others) + dt.timedelta(days=days):
            out.append(article)
    return out


def _from_copies(articles: Sequence[Article], groups: SourceGroups, found: dict[str, ArticleDate]) -> None:
    by_group: dict[str, list[dt.date]] = {}
    for article in articles:
        if article.id in found:
            by_group.setdefault(groups.group.get(article.id, article.id), []).append(found[article.id].date)
    for article in articles:
        dates = by_group.get(groups.group.get(article.id, article.id))
        if article.id not in found and dates:
            found[article.id] = ArticleDate(min(dates), "copy")


def tag_times(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    groups: SourceGroups,
    settings: TimeSettings,
) -> Times:
    """Date the articles and resolve every sentence's relative times against its article's date.

    Args:
        articles: The drop's articles as loaded.
        sentences: Its sentences.
        vectors: Their normalised embeddings (rows follow ``sentences``), for the "anchored" dates.
        groups: Copies of one report.
        settings: The times settings.
    Returns:
        The article dates, the story's year and each sentence's relative times resolved.
    """
    dates, year = article_dates(articles, groups, settings, Said(sentences, vectors))
    undated = Times(dates, year, {})
    found = {s.key: undated.resolve(s.text, s.article) for s in sentences}
    times = Times(dates, year, {k: v for k, v in found.items() if v})
    return replace(times, background=background_names(sentences, times, settings))


def background_names(sentences: Sequence[Sentence], times: Times, settings: TimeSettings) -> frozenset[str]:
    """Names of events the drop tells only as before the story: every sentence naming one that
    says when tells of a time before the story starts ("Hurricane Idalia came ashore last year",
    "Idalia struck in August 2023" in a drop that starts on Sept. 26, 2024): at least
    ``background_mentions`` such sentences, each time more than ``background_days`` before the
    drop's first article (a story begins before its first report: February's attack in a drop from
    March 1 is the story). A sentence about such an event is background, not this story's news."""
    first, names = times.start(), name_words(s.text for s in sentences)
    if first is None or not settings.background_days:
        return frozenset()
    start = first - dt.timedelta(days=settings.background_days)
    timed: dict[str, list[bool]] = {}
    for sentence in sentences:
        spans = _time_spans(sentence, times)
        for token in re.finditer(r"\S+", sentence.text) if spans else ():
            name = name_of(token.group(0))
            if name in names:
                nearest = min(spans, key=lambda t: (abs(t[0] - token.start()), t[0]))
                timed.setdefault(name, []).append(nearest[1] < start)
    current = _current_subjects(sentences, names)
    return frozenset(
        n
        for n, before in timed.items()
        if all(before) and len(before) >= settings.background_mentions and n not in current
    )


_PRESENT = re.compile(rf"\b(?:{'|'.join(lexicon.PRESENT_MARKERS)})\b", re.IGNORECASE)


def _current_subjects(sentences: Sequence[Sentence], names: frozenset[str]) -> frozenset[str]:
    """Names a sentence opens with whose main clause tells of the present ("Optum has been
    providing updates"): parties of the story now, never an earlier event."""
    out: set[str] = set()
    for sentence in sentences:
        if _PRESENT.search(timex.main_clause(sentence.text)):
            out |= subject(sentence.text, names)
    return frozenset(out)


def _time_spans(sentence: Sentence, times: Times) -> list[tuple[int, dt.date]]:
    """Where a sentence writes or resolves a time, and the latest day it can mean (a year: its
    Dec. 31): a name takes the time nearest it ("Idalia struck in August 2023 ... where Helene
    came ashore Thursday")."""
    year = times.year_of(sentence.article)
    spans = [(start, d) for start, _, d in timex.day_dates(sentence.text, year)]
    spans += [(m.start(), dt.date(int(m.group(1)), 12, 31)) for m in YEAR.finditer(sentence.text)]
    spans += [(m.start, _period_end(m)) for m in times.mentions.get(sentence.key, ()) if m.date is not None]
    return spans


def _period_end(m: timex.Mention) -> dt.date:
    if m.unit == "year":
        return dt.date(m.date.year, 12, 31)
    if m.unit in ("month", "season"):
        return m.date + dt.timedelta(days=92 if m.unit == "season" else 30)
    return m.date + dt.timedelta(days=6 if m.unit == "week" else 0)
