"""Dates as news text writes them: months, years, and the time a sentence tells of.

:data:`MONTH_DATE` finds "May 8, 2025", "Oct. 9", "July 2024"; :func:`event_time`
reads the earliest of them as (year, month). Two year patterns answer two questions:
:data:`YEAR` is a year standing as a word ("in 2025"; not "the 1990s" or "FY2025"),
the time a sentence dates itself by; :data:`YEAR_DIGITS` is any year not inside a
longer number ("FY2025" and "the 1990s" too), the years a figure is set beside.
"""

from __future__ import annotations

import re

from summarize.types import Article

_YEAR = r"(?:19|20)\d\d"

MONTHS: dict[str, int] = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
"""Month name or abbreviation, lower-cased and without its full stop -> month number."""

MONTH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    rf"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+\d{{1,2}}(?!\d))?(?:,?\s+({_YEAR}))?"
)
"""A month, with its day and year if given: group 1 the month as written, group 2 the year."""
YEAR = re.compile(rf"\b({_YEAR})\b")
"""A year written as a word of its own: "2025", not "FY2025" or "1990s"."""
YEAR_DIGITS = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
"""A year not inside a longer number: "2025", "FY2025", "1990s"."""


def event_time(text: str, default_year: int | None = None) -> tuple[int, int] | None:
    """(year, month) of the earliest month named in the text, or of a bare year; None when absent.

    A month without a year takes ``default_year``, or the year before it after "last".

    Args:
        text: A sentence.
        default_year: The year of a month named without one.
    Returns:
        (year, month), month 0 for a bare year; None when the text names no time.
    """
    found = []
    for match in MONTH_DATE.finditer(text):
        month = MONTHS[match.group(1).rstrip(".").lower()]
        if match.group(1) == "May" and match.start() > 0 and text[match.start() - 1 : match.start()] != " ":
            continue
        year = int(match.group(2)) if match.group(2) else default_year
        if year is not None and not match.group(2) and text[: match.start()].lower().endswith("last "):
            year -= 1  # "as of last March", told in 2025: March 2024
        if year is not None:
            found.append((year, month))
    if not found:
        years = [int(y) for y in YEAR.findall(text)]
        found = [(y, 0) for y in years]
    return min(found) if found else None


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def article_date(article: Article) -> str:
    """The article's date as ISO ``YYYY-MM-DD``, or "" when it has none: the one place an
    update (``--since``) and ``articles.json`` read article dates (``Article.date`` for now)."""
    match = _ISO_DATE.match(article.date.strip())
    return match.group(0) if match else ""
