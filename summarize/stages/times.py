"""Times stage: the date of every article and the time every sentence tells of.

An article's date (its document creation time, TimeML) comes from the first of
``times.article_dates`` that knows it: the record's metadata, a date line among the page's
opening lines, a wire dateline, the date of a copy of the same report (the sources stage's
groups), or the latest date the text itself writes out. Each sentence's relative times
("Monday", "last month", "earlier this week") are resolved against its article's date with
:mod:`summarize.text.timex`; a sentence whose article has no date keeps them unresolved, and
selection leaves it out rather than print a "yesterday" nobody can place.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from summarize.config import TimeSettings
from summarize.text import timex
from summarize.text.dates import YEAR
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

    def anchor(self, article: str) -> dt.date | None:
        found = self.articles.get(article)
        return found.date if found else None

    def year_of(self, article: str) -> int | None:
        """The year a month and day written without one takes: the article's, else the story's."""
        anchor = self.anchor(article)
        return anchor.year if anchor else self.year

    def resolve(self, text: str, article: str) -> tuple[timex.Mention, ...]:
        """The relative times of ``text`` (a sentence of ``article``, perhaps trimmed) resolved."""
        return timex.mentions(text, self.anchor(article), self.year_of(article))

    def told(self, sentence: Sentence) -> tuple[dt.date | None, str]:
        """The day a sentence tells of and where it came from: a date it writes ("sentence"), a
        relative day resolved ("resolved"), else its article's date ("article"); (None, "") when unknown."""
        written = timex.written_past(sentence.text, self.year_of(sentence.article))
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
        }


def _metadata(article: Article, lines: int, year: int | None) -> dt.date | None:
    if not article.date:
        return None
    span = timex.FULL_DATE.search(article.date)
    return timex.parse_date(span.group(0) if span else article.date)


def _header(article: Article, lines: int, year: int | None) -> dt.date | None:
    return timex.header_date(article.text, lines)


def _dateline(article: Article, lines: int, year: int | None) -> dt.date | None:
    return timex.dateline_date(article.text, lines, year)


def _text(article: Article, lines: int, year: int | None) -> dt.date | None:
    written = timex.written_past(article.text, year)
    return max(written) if written else None


# Each source of an article's date, in order of trust; "copy" is filled in between passes.
ARTICLE_DATE_SOURCES: tuple[str, ...] = ("metadata", "header", "dateline", "copy", "text")
_READERS: dict[str, Callable[[Article, int, int | None], dt.date | None]] = {
    "metadata": _metadata,
    "header": _header,
    "dateline": _dateline,
    "text": _text,
}


def story_year(articles: Sequence[Article], dates: Mapping[str, ArticleDate]) -> int | None:
    """The year of the story: the commonest year of the dates found, else of the years the texts write."""
    years = [d.date.year for d in dates.values()] or [int(y) for a in articles for y in YEAR.findall(a.text)]
    counted = Counter(years)
    return max(sorted(counted), key=counted.__getitem__) if counted else None


def article_dates(
    articles: Sequence[Article], groups: SourceGroups, settings: TimeSettings
) -> tuple[dict[str, ArticleDate], int | None]:
    """Each article's date from the first source that knows it, and the story's year.

    Args:
        articles: The drop's articles as loaded.
        groups: Copies of one report (a copy without a date takes its report's earliest date).
        settings: Which sources are used and how many opening lines hold a date line.
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
    if "text" in used:
        _read_text(articles, found, year)
    return found, story_year(articles, found)


def _read_text(articles: Sequence[Article], found: dict[str, ArticleDate], year: int | None) -> None:
    """Undated articles take the latest date their text writes as past, when it falls within the
    span of the articles dated otherwise (if two or more are): "from June 1 to Nov. 30" in a
    story dated Sept. 26 to Dec. 22 tells of the season, not of the day the page was written."""
    known = sorted(d.date for d in found.values())
    for article in articles:
        date = _text(article, 0, year) if article.id not in found else None
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
    articles: Sequence[Article], sentences: Sequence[Sentence], groups: SourceGroups, settings: TimeSettings
) -> Times:
    """Date the articles and resolve every sentence's relative times against its article's date."""
    dates, year = article_dates(articles, groups, settings)
    times = Times(dates, year, {})
    found = {s.key: times.resolve(s.text, s.article) for s in sentences}
    return Times(dates, year, {k: v for k, v in found.items() if v})
