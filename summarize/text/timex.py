"""Time expressions in news text: the date a page carries, and the relative times its sentences use.

A small temporal tagger in the spirit of TimeML's TIMEX3 (Pustejovsky et al. 2003) and of
HeidelTime's news rules (Strötgen & Gertz 2010): an article's date is its *document creation
time*; "Monday", "yesterday", "last month", "earlier this week", "five days ago" are resolved
against it, the day names backwards in a clause that tells of the past and forwards in one
that tells of the future. :func:`place` writes the resolved date into the sentence
("Monday (Sept. 30)", "On Sept. 28, ...", "in June") so it reads the same out of its article.

Full dates on date lines are parsed with ``dateparser`` (fixed relative base, English only,
day, month and year required: offline and deterministic); the patterns that find the spans
and the resolution arithmetic are ours, because ``dateparser.search`` also takes words like
"may", "second" or "now" for dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from summarize.text import lexicon
from summarize.text.dates import MONTHS

_MONTH_WORD = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
FULL_DATE = re.compile(
    rf"(?<!\d)(?:{_YEAR}-[01]\d-[0-3]\d"
    rf"|\b{_MONTH_WORD}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\b[0-3]?\d\s+{_MONTH_WORD},?\s+{_YEAR})"
)
"""A date with day, month and year: "2024-10-01", "September 26, 2024", "Mar 01, 2024", "3 Oct 2024"."""

DAY_DATE = re.compile(rf"\b({_MONTH_WORD})\s+([0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+({_YEAR})\b)?")
"""A month and day, with the year if given: "Sept. 30", "Feb 29", "October 1, 2024"."""

_DATE_LINE = re.compile(rf"^\W*(?:{'|'.join(lexicon.DATE_LINE_WORDS)})\b", re.IGNORECASE)
_DATELINE = re.compile(rf"^(?:[A-Z][A-Z .,'-]{{2,40}},\s+)?({_MONTH_WORD}\s+[0-3]?\d)\b(?:,\s*({_YEAR}))?\s*[(\-—–]")

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_DAY_NAME = "|".join(lexicon.WEEKDAYS)
WEEKDAY_INDEX = {name: i for i, name in enumerate(lexicon.WEEKDAYS)}
"""Day name (lower case) -> ``datetime.date.weekday()``."""
_FUTURE = re.compile(rf"\b(?:{'|'.join(lexicon.FUTURE_MARKERS)})\b", re.IGNORECASE)
_ON_BEFORE = re.compile(r"\b(?:on|since|until|till|by|from|through|before|after|as\s+of)\s+$", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\b(?:in|during|within|over|through|since|until|by|from|for)\s+$", re.IGNORECASE)
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    """A relative time in a sentence: where it is, the date it means (None: no anchor) and its
    unit ("day", "week", "month", "year"); ``label`` is what :func:`place` writes for it."""

    start: int
    end: int
    text: str
    date: dt.date | None
    unit: str
    label: str


# ---------------------------------------------------------------- article dates


@lru_cache(maxsize=4096)
def parse_date(span: str) -> dt.date | None:
    """A full date ("September 26, 2024", "3 Oct 2024", "2024-10-01") as a date; None when it is not one."""
    import dateparser  # a second of import time: only runs that read dates pay it

    settings = {
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(span, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def header_date(text: str, lines: int) -> dt.date | None:
    """The date a page's opening lines carry: a date line ("Published On 3 Oct 2024",
    "Last updated: Tuesday, October 1, 2024") or a short line that is mostly a date.

    Args:
        text: The article as loaded.
        lines: How many non-empty opening lines to look at.
    Returns:
        The earliest full date such a line gives (a line may give updated and published), or None.
    """
    opening = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    for line in opening:
        spans = FULL_DATE.findall(line)
        if spans and (_DATE_LINE.search(line) or len(line.split()) <= 12):
            dates = [d for d in map(parse_date, spans) if d is not None]
            if dates:
                return min(dates)
    return None


def dateline_date(text: str, lines: int, year: int | None) -> dt.date | None:
    """The date of a wire dateline among the opening ``lines`` ("WASHINGTON, March 5 (Reuters) -",
    "April 22 (Reuters) -"), its year as given, else ``year``."""
    opening = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    match = next((m for m in map(_DATELINE.match, opening) if m), None)
    if not match:
        return None
    given = int(match.group(2)) if match.group(2) else year
    return parse_date(f"{match.group(1)} {given}") if given else None


def day_dates(text: str, year: int | None) -> list[tuple[int, int, dt.date]]:
    """Every month-and-day date in the text as (start, end, date); a date without a year takes ``year``."""
    found = []
    for match in DAY_DATE.finditer(text):
        given = int(match.group(3)) if match.group(3) else year
        month = MONTHS.get(_month_key(match.group(1)))
        if (
            given is None
            or month is None
            or (match.group(1) == "May" and not match.group(3) and _may_verb(text, match))
        ):
            continue
        try:
            found.append((match.start(), match.end(), dt.date(given, month, int(match.group(2)))))
        except ValueError:
            continue  # "Feb 30": not a date
    return found


def _month_key(word: str) -> str:
    key = word.rstrip(".").lower()
    return key if key in MONTHS else key[:3]


def _may_verb(text: str, match: re.Match[str]) -> bool:
    """ "May 8" is a date, "may 8" a verb before a figure; a capital "May" opening a sentence is ambiguous."""
    return match.start() == 0 or text[match.start() - 2 : match.start()].strip() in {".", "!", "?"}


_AHEAD = re.compile(r"\b(?:from|between|to|through|until|till|by|before|ahead\s+of|deadline\s+of)\s+$", re.IGNORECASE)


def written_past(text: str, year: int | None) -> list[dt.date]:
    """The month-and-day dates a text writes as past: not a deadline ("through Dec. 20") nor in a
    clause that tells of the future ("will vote on Oct. 9"); the latest bounds the article's date."""
    return [d for s, _, d in day_dates(text, year) if not _AHEAD.search(text[:s]) and not _future(text, s)]


_CLAUSE_END = re.compile(r"\s(?:as|while|but|after|when|because|since|although|though|that|which|who)\s|;|\s[—–]\s")


def main_clause(text: str) -> str:
    """The sentence up to its first subordinate clause: what it tells, not the background it gives
    ("more than a million remain without power | a week after the hurricane made landfall on Sept. 26")."""
    end = _CLAUSE_END.search(text)
    return text[: end.start()] if end else text


# ---------------------------------------------------------------- relative times


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def day_label(day: dt.date, anchor: dt.date) -> str:
    """AP style: "Sept. 30"; the year is added when it is not the anchor's ("Dec. 30, 2023")."""
    label = f"{_AP_MONTHS[day.month - 1]} {day.day}"
    return label if day.year == anchor.year else f"{label}, {day.year}"


def month_label(day: dt.date, anchor: dt.date) -> str:
    """ "June", or "December 2024" when the year is not the anchor's."""
    name = _MONTH_NAMES[day.month - 1]
    return name if day.year == anchor.year else f"{name} {day.year}"


def _weekday_date(name: str, qualifier: str, future: bool, anchor: dt.date) -> dt.date:
    target = lexicon.WEEKDAYS.index(name.lower())
    back = (anchor.weekday() - target) % 7
    if qualifier == "next" or (future and qualifier != "last"):
        ahead = (target - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=ahead or (7 if qualifier == "next" else 0))
    if qualifier == "last":
        return anchor - dt.timedelta(days=back or 7)
    return anchor - dt.timedelta(days=back)


Resolver = Callable[[re.Match[str], dt.date, bool], tuple[dt.date, str, str]]


def _weekday(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    qualifier = (match.group("q") or "").lower().split()[-1] if match.group("q") else ""
    day = _weekday_date(match.group("day"), qualifier, future, anchor)
    return day, "day", f"{match.group('day')}{match.group('part') or ''} ({day_label(day, anchor)})"


def _day_word(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    word = match.group(0).lower()
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    day = anchor + dt.timedelta(days=offset)
    label = day_label(day, anchor)
    return day, "day", f"the night of {label}" if word == "tonight" else label


def _part_of_day(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    return anchor, "day", f"the {match.group(1).lower()} of {day_label(anchor, anchor)}"


def _period(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    edge, which, unit = ((match.group(1) or "").lower(), match.group(2).lower(), match.group(3).lower())
    step = {"this": 0, "last": -1, "next": 1}[which]
    prefix = f"{edge} in " if edge else ""
    if unit in ("week", "weekend"):
        start = _monday(anchor) + dt.timedelta(weeks=step, days=5 if unit == "weekend" else 0)
        return start, "week", f"{prefix}the {unit} of {day_label(start, anchor)}"
    if unit == "month":
        start = _shift_month(anchor, step)
        return start, "month", f"{prefix}{month_label(start, anchor)}"
    start = dt.date(anchor.year + step, 1, 1)
    return start, "year", f"{prefix}{start.year}"


def _season(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    which, season = match.group(1).lower(), match.group(2).lower()
    year = anchor.year + {"this": 0, "last": -1, "next": 1}[which]
    start = dt.date(year, _SEASON_MONTH[season], 1)
    return start, "season", f"the {season} of {year}"


_SEASON_MONTH = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _ago(match: re.Match[str], anchor: dt.date, future: bool) -> tuple[dt.date, str, str]:
    count = match.group(1).lower()
    n = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    unit = match.group(2).lower()
    if unit == "day":
        day = anchor - dt.timedelta(days=n)
        return day, "day", day_label(day, anchor)
    if unit == "week":
        start = _monday(anchor - dt.timedelta(weeks=n))
        return start, "week", f"the week of {day_label(start, anchor)}"
    if unit == "month":
        start = _shift_month(anchor, -n)
        return start, "month", month_label(start, anchor)
    start = dt.date(anchor.year - n, 1, 1)
    return start, "year", str(start.year)


_NUMBER = rf"\d+|{'|'.join(_NUMBER_WORDS)}"
RELATIVE: tuple[tuple[str, re.Pattern[str], Resolver], ...] = (
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<q>last|next|this(?:\s+past|\s+coming)?)\s+)?(?P<day>{_DAY_NAME})\b"
            r"(?P<part>\s+(?:morning|afternoon|evening|night))?",
            re.IGNORECASE,
        ),
        _weekday,
    ),
    ("day_word", re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.IGNORECASE), _day_word),
    ("part_of_day", re.compile(r"\bthis\s+(morning|afternoon|evening)\b", re.IGNORECASE), _part_of_day),
    (
        "period",
        re.compile(r"\b(?:(earlier|later)\s+)?(this|last|next)\s+(week(?:end)?|month|year)\b", re.IGNORECASE),
        _period,
    ),
    ("season", re.compile(r"\b(this|last|next)\s+(spring|summer|fall|autumn|winter)\b", re.IGNORECASE), _season),
    ("ago", re.compile(rf"\b({_NUMBER})\s+(day|week|month|year)s?\s+ago\b", re.IGNORECASE), _ago),
)
"""Each kind of relative time: its pattern and how it resolves against the article's date."""


def _named_day(text: str, start: int) -> bool:
    """ "Cyber Monday", "Super Tuesday": a day name that is a named day, not a date."""
    before = text[:start].split()
    return bool(before) and before[-1].strip("\"“'‘(").lower() in lexicon.NOT_WEEKDAY_BEFORE


def _dated_nearby(text: str, start: int, end: int, dated: list[tuple[int, int, dt.date]]) -> bool:
    """ "Thursday (Feb 29)", "Tuesday, October 1": the day name already stands beside its date."""
    return any(0 <= s - end <= 3 or 0 <= start - e <= 3 for s, e, _ in dated)


def mentions(text: str, anchor: dt.date | None, year: int | None) -> tuple[Mention, ...]:
    """The relative times of a sentence, resolved against ``anchor`` (None: left unresolved).

    Args:
        text: A sentence.
        anchor: The date of its article.
        year: The year of a month and day written without one (the article's, else the story's).
    Returns:
        The mentions in text order; a day name beside its own date, a day the sentence also writes
        out ("April 22 - X said on Monday"), or a named day is none.
    """
    dated = day_dates(text, year)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, resolve in RELATIVE:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken) or (kind == "weekday" and _skip_day(text, match, dated)):
                continue
            taken.append((start, end))
            date, unit, label = resolve(match, anchor, _future(text, start)) if anchor else (None, "", "")
            if date is None or unit != "day" or date not in {d for _, _, d in dated}:
                found.append(Mention(start, end, match.group(0), date, unit, label))
    return tuple(sorted(found, key=lambda m: m.start))


def _future(text: str, start: int) -> bool:
    """The clause before a time tells of the future ("will vote on Thursday"): a marker in the eight words before it."""
    return bool(_FUTURE.search(" ".join(text[:start].split()[-8:])))


def _skip_day(text: str, match: re.Match[str], dated: list[tuple[int, int, dt.date]]) -> bool:
    return _named_day(text, match.start()) or _dated_nearby(text, match.start(), match.end(), dated)


def place(text: str, found: tuple[Mention, ...]) -> str:
    """The sentence with each resolved relative time written as the date it means.

    "told reporters Wednesday" -> "told reporters Wednesday (Oct. 2)"; "Yesterday, X approved"
    -> "On Sept. 28, X approved"; "last month" -> "in June". Unresolved mentions stay as they are.
    """
    out, last = [], 0
    for m in found:
        if m.date is None:
            continue
        out.append(text[last : m.start])
        out.append(_worded(text, m))
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _worded(text: str, m: Mention) -> str:
    before = text[: m.start]
    label = m.label
    if m.unit == "day" and m.label.split()[0].lower() not in lexicon.WEEKDAYS:
        label = label if _ON_BEFORE.search(before) else f"on {label}"
    elif m.unit != "day" and not _IN_BEFORE.search(before) and (label.startswith("the ") or not label[0].islower()):
        label = f"in {label}"
    if text[m.end :].startswith(("'s", "’s")):
        label = label.removeprefix("on ").removeprefix("in ")
    opens = not before.strip() or before.rstrip()[-1:] in '"“‘('
    return label[0].upper() + label[1:] if opens else label


_STRIP_BEFORE = re.compile(r"(?:\b(?:on|late|early|earlier|later)\s+)+$", re.IGNORECASE)
_BOUND_BEFORE = re.compile(r"\b(?:since|until|till|by|before|after|from|through|as\s+of|than)\s+$", re.IGNORECASE)
_OPENING = re.compile(r"[\"“‘(]?(?:(?:even|just|only|well|shortly|long)\s+)?", re.IGNORECASE)
_STRIP_AFTER = re.compile(r"^(?:\s+(?:morning|afternoon|evening|night))?", re.IGNORECASE)


def strip(text: str, found: tuple[Mention, ...]) -> str | None:
    """The sentence without its unresolved relative times, or None when one cannot go.

    "Last month, Scale AI cut 12 jobs" -> "Scale AI cut 12 jobs"; "told reporters on Wednesday
    that" -> "told reporters that". A possessive ("Monday's vote") stays part of the sentence's
    sense and cannot go.
    """
    out = text
    for m in sorted((m for m in found if m.date is None), key=lambda m: -m.start):
        bound = _BOUND_BEFORE.search(out[: m.start])
        opening = bound and _OPENING.fullmatch(out[: bound.start()]) and out[m.end :].lstrip().startswith(",")
        if text[m.end :].startswith(("'s", "’s")) or (bound and not opening):
            return None  # "Monday's vote", "closed since Monday": the time is part of what the sentence says
        before = _OPENING.match(out) if opening else _STRIP_BEFORE.search(out[: m.start])
        after = _STRIP_AFTER.match(out[m.end :])
        start = before.start() if before else m.start
        end = m.end + (after.end() if after else 0)
        head, tail = out[:start].rstrip(), out[end:].lstrip()
        if tail.startswith(",") and (not head.strip('"“‘(') or head.endswith(",")):
            # "Last month, X cut" / "X, on Monday, cut": the commas went with the time
            head, tail = head.rstrip(","), tail[1:].lstrip()
        if not head.strip('"“‘('):
            tail = tail[:1].upper() + tail[1:]
        out = f"{head} {tail}".strip() if head and tail and tail[0] not in ",.;:!?" else f"{head}{tail}".strip()
    return out.replace(" ,", ",")
