"""Temporal checks for developing stories (issue 26): what ``dev_eval.py --temporal`` prints.

Per run, five checks on the run's ``summaries.json`` document (:func:`~summarize.stages.report.summaries_json`):

1. **Unresolved relative times**: summary sentences holding a relative time ("on Monday",
   "yesterday", "earlier this week", "53 days ago") with no explicit date next to it
   (:data:`RELATIVE_TIMES`, :func:`unresolved_times`).
2. **Conflicts against the drop's NOTES.md**: its bullets under "Figure conflicts a detector
   should report" (same-time disagreements) and "Look-alikes a detector should NOT report"
   (figures from different times or of different things) are parsed into sets of figures
   (:func:`parse_notes`); each reported conflict is *true*, *false* or *unlisted*
   (:func:`classify_conflict`).
3. **Timelines**: the ``timelines`` the pipeline lists per theme, their values in time order
   (:func:`timeline_lines`).
4. **Latest figures**: a theme summary's figures beside those of the theme's latest-dated
   articles (``index.tsv``), for a reader to judge whether the summary states the latest one.
5. **Forecasts**: summary sentences with a forecast marker (:data:`FORECAST`), for a reader to
   judge whether the drop reports the outcome.

The checkers are written here on purpose and import none of the pipeline's date or number
code (``summarize.text``): a check that shares the pipeline's patterns shares its misses.
Nothing in the pipeline imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Print = Callable[[str], None]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d\d"
DAY_ANCHOR = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}\s+{_MONTH}\b|\b{_YEAR}-\d\d-\d\d\b")
"""An explicit day: "Sept. 30", "September 30th", "30 September", "2024-09-30"."""
MONTH_ANCHOR = re.compile(rf"{DAY_ANCHOR.pattern}|\b{_MONTH}\.?,?\s+{_YEAR}\b|\b{_YEAR}-\d\d\b")
"""An explicit month: a day, or "August 2023", "2024-09"."""
YEAR_ANCHOR = re.compile(rf"{MONTH_ANCHOR.pattern}|\b{_YEAR}\b")
"""An explicit year: a month, or "2024"."""
ANCHORS: dict[str, re.Pattern[str]] = {"day": DAY_ANCHOR, "month": MONTH_ANCHOR, "year": YEAR_ANCHOR}

ANCHOR_WORDS = 5
"""How many words before or after a relative time an explicit date may sit to resolve it:
"Monday (Sept. 30, 2024)", "on Thursday, Feb. 29", "Sept. 26 (Thursday)"."""

_NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|few|several|some)"


@dataclass(frozen=True, slots=True)
class RelativeTime:
    """One kind of relative time: its pattern and the explicit date that resolves it."""

    name: str
    pattern: re.Pattern[str]
    anchor: str  # a key of ANCHORS: what must sit within ANCHOR_WORDS words
    example: str


RELATIVE_TIMES: tuple[RelativeTime, ...] = (
    RelativeTime(
        "weekday", re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"), "day", "on Monday"
    ),
    RelativeTime(
        "day word", re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.IGNORECASE), "day", "said yesterday"
    ),
    RelativeTime(
        "part of day",
        re.compile(r"\b(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)\b|\blast\s+night\b", re.I),
        "day",
        "this morning",
    ),
    RelativeTime(
        "this/last/next week",
        re.compile(r"\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:past\s+)?(?:week|weekend)\b", re.I),
        "day",
        "earlier this week",
    ),
    RelativeTime(
        "this/last/next month",
        re.compile(r"\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+month\b", re.I),
        "month",
        "later this month",
    ),
    RelativeTime(
        "this/last/next year or season",
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:year|spring|summer|fall|autumn|winter)\b",
            re.I,
        ),
        "year",
        "last year",
    ),
    RelativeTime(
        "N days/weeks ago",
        re.compile(rf"\b{_NUMBER_WORD}\s+(?:hours?|days?|weeks?)\s+ago\b", re.IGNORECASE),
        "day",
        "53 days ago",
    ),
    RelativeTime(
        "N months ago", re.compile(rf"\b{_NUMBER_WORD}\s+months?\s+ago\b", re.IGNORECASE), "month", "two months ago"
    ),
    RelativeTime(
        "N years ago", re.compile(rf"\b{_NUMBER_WORD}\s+years?\s+ago\b", re.IGNORECASE), "year", "three years ago"
    ),
)
"""Relative times a summary sentence must not carry bare, each with the explicit date that
resolves it. Left out as relative to the story, not to the day of writing: "days later",
"the next day", "a week after the landfall"."""


def _near(text: str, start: int, end: int, words: int = ANCHOR_WORDS) -> str:
    """The ``words`` words before ``text[start:end]`` and the ``words`` after it."""
    before = text[:start].split()[-words:] if words else []
    after = text[end:].split()[:words] if words else []
    return " ".join([*before, "|", *after])


def unresolved_times(sentence: str) -> list[str]:
    """The relative times in a sentence that no explicit date next to them resolves.

    Args:
        sentence: A summary sentence.
    Returns:
        The expressions as written, in reading order; one per stretch of text (the
        longest pattern's match wins where two overlap).
    """
    found: list[tuple[int, int, str]] = []
    for kind in RELATIVE_TIMES:
        for match in kind.pattern.finditer(sentence):
            if ANCHORS[kind.anchor].search(_near(sentence, match.start(), match.end())):
                continue
            found.append((match.start(), match.end(), match.group(0)))
    kept: list[tuple[int, int, str]] = []
    for start, end, text in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, text))
    return [text for _, _, text in kept]


FORECAST = re.compile(
    r"\b(?:(?:is|are|was|were)\s+)?expected\s+to\b|\b(?:is|are|was|were)\s+likely\s+to\b|\bcould\b|\bmay\b"
    r"|\bmight\b|\bwill\b|\bforecast(?:s|ed|ers?)?\b|\bthreaten(?:s|ed|ing)?\b|\bwarn(?:s|ed|ing)?\b|\bon\s+track\s+to\b",
)
"""Forecast and expectation markers ("is expected to", "could", "may", "will", "threatens",
"warned ... could"); lower case only, so the month "May" is not one."""


def forecast_markers(sentence: str) -> list[str]:
    """The forecast markers in a sentence, as written, in reading order (empty when none)."""
    return [m.group(0) for m in FORECAST.finditer(sentence)]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a number and its unit ("$", "%", "mph" or "" for a count)."""

    value: float
    unit: str
    written: str

    def matches(self, other: Figure) -> bool:
        """Same number, and the same unit unless one of them has none ("57" names "57%")."""
        same_unit = self.unit == other.unit or not self.unit or not other.unit
        return same_unit and abs(self.value - other.value) <= 1e-9 * max(abs(self.value), 1.0)


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FIGURE = re.compile(
    r"(?P<dollar>\$\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:a|one)(?=\s+(?:million|billion|trillion)))"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per\s+cent\b|mph\b))?",
    re.IGNORECASE,
)
_NOT_FIGURES = re.compile(
    rf"(?-i:\b{_MONTH}\.?\s+\d{{1,2}}(?:,\s*{_YEAR})?\b)"  # dates: "Oct. 1", "Sept. 26, 2024"
    rf"|(?-i:\b\d{{1,2}}\s+{_MONTH}\b)"  # "3 Oct"
    rf"|\b{_YEAR}-\d\d-\d\d\b"  # "2025-04-12"
    r"|\b\d{1,2}:\d\d\b"  # times: "11:10 p.m."
    r"|(?<![\d,.])\b0\d\d(?:\s*[-/–]\s*0\d\d)*\b"  # article files: "012", "002–007", "016/017/018"
    r"|\b[A-Za-z]+-[\d-]+\b|\b\d+-[A-Za-z]\w*"  # identifiers: "CVE-2024-1709", "8-K"
    rf"|(?<![$\d.,]){_YEAR}(?![\d%]|\s?(?:million|billion|percent))",  # years
    re.IGNORECASE,
)
"""Numbers that are no figure: dates, clock times, the notes' article numbers, identifiers, years."""


def figures_in(text: str) -> list[Figure]:
    """The figures of a text: counts, money, shares and speeds, in reading order.

    Dates, clock times, three-digit article numbers with a leading zero ("012", the notes'
    way of naming files), identifiers and years are not figures (:data:`_NOT_FIGURES`).
    "more than a million" is 1,000,000.

    Args:
        text: Any text (a NOTES.md bullet, a conflict's value, a summary sentence).
    Returns:
        The figures, repeats kept.
    """
    text = _NOT_FIGURES.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for match in _FIGURE.finditer(text):
        number = match.group("num")
        value = 1.0 if number.lower() in ("a", "one") else float(number.replace(",", ""))
        value *= _SCALES.get((match.group("scale") or "").lower(), 1.0)
        unit = "$" if match.group("dollar") else (match.group("unit") or "").lower()
        unit = "%" if unit.startswith("per") else unit
        out.append(Figure(value, unit, match.group(0).strip()))
    return out


REPORT_HEADING = "figure conflicts a detector should report"
NOT_REPORT_HEADING = "look-alikes a detector should not report"
DEMOTED = re.compile(r"should not be reported|not a conflict|is a time difference", re.IGNORECASE)
"""A bullet under the should-report heading that says this is a look-alike after all
(hurricane-helene's recovery bullet: "That is a time difference and should not be reported")."""


@dataclass(frozen=True, slots=True)
class NotesBullet:
    """One bullet of a NOTES.md list: its text and the figures it names."""

    text: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class NotesLists:
    """A drop's listed same-time disagreements (``report``) and look-alikes (``not_report``)."""

    report: tuple[NotesBullet, ...]
    not_report: tuple[NotesBullet, ...]


def _section_bullets(lines: Sequence[str]) -> list[str]:
    """The top-level bullets of a section's lines, continuation and nested lines joined on."""
    bullets: list[str] = []
    for line in lines:
        if line.startswith(("- ", "* ")):
            bullets.append(line[2:].strip())
        elif bullets and line.strip() and line[:1].isspace():
            bullets[-1] += " " + line.strip().lstrip("-* ")
    return bullets


def _sections(text: str) -> dict[str, list[str]]:
    """A markdown text's ``##`` sections: lower-cased heading -> its lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip().lower(), [])
        elif current is not None:
            current.append(line)
    return sections


def parse_notes(text: str) -> NotesLists:
    """Read a drop's NOTES.md lists of conflicts to report and look-alikes not to report.

    Each top-level bullet under "## Figure conflicts a detector should report" is one
    same-time disagreement, under "## Look-alikes a detector should NOT report" one set of
    figures that must not be reported as a conflict with each other; bold theme lines
    between bullets are skipped. A should-report bullet that says it should not be reported
    (:data:`DEMOTED`) counts as a look-alike.

    Args:
        text: The NOTES.md text.
    Returns:
        The two lists; empty when a heading is missing.
    """
    sections = _sections(text)
    report, not_report = [], []
    for bullet in _section_bullets(sections.get(REPORT_HEADING, [])):
        (not_report if DEMOTED.search(bullet) else report).append(NotesBullet(bullet, tuple(figures_in(bullet))))
    for bullet in _section_bullets(sections.get(NOT_REPORT_HEADING, [])):
        not_report.append(NotesBullet(bullet, tuple(figures_in(bullet))))
    return NotesLists(tuple(report), tuple(not_report))


def _names_two(bullet: NotesBullet, values: Sequence[Figure]) -> bool:
    """Whether two of ``values`` match two different figures the bullet names."""
    hits = [{i for i, f in enumerate(bullet.figures) if f.matches(v)} for v in values]
    return any(a and b and len(a | b) >= 2 for n, a in enumerate(hits) for b in hits[n + 1 :])


def classify_conflict(values: Sequence[str], notes: NotesLists) -> tuple[str, int | None]:
    """Whether a reported conflict is a listed same-time disagreement, a look-alike, or neither.

    A should-report bullet wins over a look-alike that names the same two figures: the
    look-alike lists give series over time that include the same-day pairs ("139/155
    (Oct. 1), 160 (Oct. 2)").

    Args:
        values: The conflict's values as written ("780,000", "$8 billion").
        notes: The drop's lists (:func:`parse_notes`).
    Returns:
        ("true", index into ``notes.report``), ("false", index into ``notes.not_report``)
        or ("unlisted", None).
    """
    figures = [f for value in values for f in figures_in(value)[:1]]
    for kind, bullets in (("true", notes.report), ("false", notes.not_report)):
        for index, bullet in enumerate(bullets):
            if _names_two(bullet, figures):
                return kind, index
    return "unlisted", None


def reported_conflicts(doc: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The distinct conflicts a run reports: facts are the drop's, so one listed by several
    themes counts once.

    Args:
        doc: The run's ``summaries.json`` document.
    Returns:
        (fact, values as written) per conflict, in first-listed order.
    """
    seen: dict[tuple[str, tuple[str, ...]], None] = {}
    for theme in doc.get("themes", []):
        for conflict in theme.get("conflicts", []):
            values = tuple(str(v["value"]) for v in conflict.get("values", []))
            seen.setdefault((str(conflict.get("fact", "")), values))
    return list(seen)


@dataclass(frozen=True, slots=True)
class ConflictCheck:
    """A run's conflicts against its drop's lists; ``notes`` None when the drop has none."""

    notes: NotesLists | None
    true: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # (fact, values, should-report bullet)
    false: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # (fact, values, look-alike bullet)
    unlisted: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def found(self) -> int:
        """How many listed same-time disagreements some reported conflict hits."""
        return len({index for _, _, index in self.true})


def check_conflicts(doc: Mapping[str, Any], notes: NotesLists | None) -> ConflictCheck:
    """Sort a run's distinct conflicts into true, false and unlisted (:func:`classify_conflict`).

    Args:
        doc: The run's ``summaries.json`` document.
        notes: The drop's lists, or None (every conflict is then unlisted).
    Returns:
        The check.
    """
    true, false, unlisted = [], [], []
    for fact, values in reported_conflicts(doc):
        kind, index = classify_conflict(values, notes) if notes else ("unlisted", None)
        if kind == "true":
            true.append((fact, values, index))
        elif kind == "false":
            false.append((fact, values, index))
        else:
            unlisted.append((fact, values))
    return ConflictCheck(notes, tuple(true), tuple(false), tuple(unlisted))


def time_key(time: str) -> tuple[int, int, int] | None:
    """A timeline value's time as (year, month, day) for ordering: ISO ("2024-10-01", "2024-10")
    or written ("Oct. 1, 2024", "October 2024"); None when it is neither."""
    iso = re.search(rf"\b({_YEAR})-(\d\d)(?:-(\d\d))?\b", time)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 0)
    written = re.search(rf"\b({_MONTH})\.?(?:\s+(\d{{1,2}}))?,?\s+({_YEAR})\b", time)
    if not written:
        return None
    month = [m[:3] for m in _MONTH_ORDER].index(written.group(1)[:3]) + 1
    return int(written.group(3)), month, int(written.group(2) or 0)


_MONTH_ORDER = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def timelines(doc: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The distinct timelines of a run (a drop fact listed by several themes counts once).

    Args:
        doc: The run's ``summaries.json`` document.
    Returns:
        ``[{"fact", "values": [{"value", "time", "articles"}]}]`` in first-listed order, or None
        when no theme has a ``timelines`` key (the pipeline does not write them yet).
    """
    themes = doc.get("themes", [])
    if not any("timelines" in theme for theme in themes):
        return None
    seen: dict[str, dict[str, Any]] = {}
    for theme in themes:
        for line in theme.get("timelines", []):
            key = repr((line.get("fact"), [(v.get("value"), v.get("time")) for v in line.get("values", [])]))
            seen.setdefault(key, line)
    return list(seen.values())


def in_time_order(values: Sequence[Mapping[str, Any]]) -> bool | None:
    """Whether a timeline's values are in non-decreasing time order.

    Args:
        values: The timeline's values, as listed (``time`` each).
    Returns:
        True or False; None when a time cannot be read (:func:`time_key`).
    """
    keys = [time_key(str(v.get("time", ""))) for v in values]
    if any(k is None for k in keys):
        return None
    return all(a <= b for a, b in zip(keys, keys[1:], strict=False))  # type: ignore[operator]


def parse_index(text: str) -> dict[str, tuple[str, str]]:
    """Read a drop's ``index.tsv``: article file -> (date, theme).

    Args:
        text: The tab-separated file, a header line with ``file``, ``date`` and ``theme``.
    Returns:
        The first ISO date in the date column ("2024-10-03 (inferred)" -> "2024-10-03",
        "c. 2024-02-21/22" -> "2024-02-21", "" when there is none) and the theme, per file.
    """
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    if not rows:
        return {}
    head = rows[0]
    if not {"file", "date", "theme"} <= set(head):
        return {}
    at = {name: head.index(name) for name in ("file", "date", "theme")}
    out = {}
    for row in rows[1:]:
        cells = row + [""] * (len(head) - len(row))
        date = re.search(rf"{_YEAR}-\d\d(?:-\d\d)?", cells[at["date"]])
        out[cells[at["file"]]] = (date.group(0) if date else "", cells[at["theme"]])
    return out


def latest_articles(index: Mapping[str, tuple[str, str]], theme: str) -> tuple[str, list[str]]:
    """A theme's latest-dated articles by the index.

    Args:
        index: :func:`parse_index`'s result.
        theme: The theme name.
    Returns:
        (the latest date, the files of that date); ("", []) when no file of the theme has a date.
    """
    dated = {file: date for file, (date, name) in index.items() if name == theme and date}
    if not dated:
        return "", []
    latest = max(dated.values())
    return latest, sorted(f for f, d in dated.items() if d == latest)


def distinct_written(figures: Iterable[Figure]) -> list[str]:
    """The figures as written, repeats dropped, in order."""
    return list(dict.fromkeys(f.written for f in figures))


@dataclass(frozen=True, slots=True)
class ThemeFigures:
    """A theme summary's figures beside those of the theme's latest-dated articles."""

    theme: str
    summary: tuple[str, ...]
    latest_date: str
    latest_files: tuple[str, ...]
    latest: tuple[str, ...]


def theme_figures(
    doc: Mapping[str, Any], index: Mapping[str, tuple[str, str]], articles: Mapping[str, str]
) -> list[ThemeFigures]:
    """Per theme, the summary's figures and its latest-dated articles' figures (check 4).

    No pass or fail: which figure is "the latest" of a fact needs the fact, and a figure the
    latest article repeats from earlier days is no revision. A reader compares the two lists.

    Args:
        doc: The run's ``summaries.json`` document.
        index: The drop's ``index.tsv`` (:func:`parse_index`).
        articles: Article file -> its text (the run's loaded articles).
    Returns:
        One entry per theme with a summary, in the document's order.
    """
    out = []
    for theme in doc.get("themes", []):
        summary = [f for s in theme.get("sentences", []) for f in figures_in(s["text"])]
        date, files = latest_articles(index, theme["name"])
        latest = [f for file in files for f in figures_in(articles.get(file, ""))]
        out.append(
            ThemeFigures(
                theme["name"], tuple(distinct_written(summary)), date, tuple(files), tuple(distinct_written(latest))
            )
        )
    return out


SentenceFlag = tuple[str, str, tuple[str, ...]]
"""(theme, summary sentence, what was found in it)."""


def flagged_sentences(doc: Mapping[str, Any], find: Callable[[str], list[str]]) -> list[SentenceFlag]:
    """The summary sentences in which ``find`` finds something.

    Args:
        doc: The run's ``summaries.json`` document.
        find: :func:`unresolved_times` or :func:`forecast_markers`.
    Returns:
        (theme, sentence, findings) per flagged sentence, in the document's order.
    """
    out = []
    for theme in doc.get("themes", []):
        for sentence in theme.get("sentences", []):
            found = find(sentence["text"])
            if found:
                out.append((theme["name"], sentence["text"], tuple(found)))
    return out


@dataclass(frozen=True, slots=True)
class RunChecks:
    """The five temporal checks of one run; ``latest`` None without an index.tsv and NOTES.md."""

    drop: str
    variant: str
    sentences: int
    unresolved: tuple[SentenceFlag, ...]
    conflicts: ConflictCheck
    timelines: tuple[dict[str, Any], ...] | None
    latest: tuple[ThemeFigures, ...] | None
    forecasts: tuple[SentenceFlag, ...]


@dataclass(frozen=True, slots=True)
class DropFiles:
    """What the checks read of a drop folder besides the run: its notes and index texts, or None."""

    notes: str | None = None
    index: str | None = None


def check_run(doc: Mapping[str, Any], key: tuple[str, str], drop: DropFiles, articles: Mapping[str, str]) -> RunChecks:
    """Run the five checks on one run's output.

    Args:
        doc: The run's ``summaries.json`` document.
        key: (drop name, theme variant).
        drop: The drop's NOTES.md and index.tsv texts.
        articles: Article file -> text (for the latest-dated articles' figures).
    Returns:
        The run's checks.
    """
    notes = parse_notes(drop.notes) if drop.notes is not None else None
    both = drop.notes is not None and drop.index is not None
    found = timelines(doc)
    return RunChecks(
        drop=key[0],
        variant=key[1],
        sentences=sum(len(t.get("sentences", [])) for t in doc.get("themes", [])),
        unresolved=tuple(flagged_sentences(doc, unresolved_times)),
        conflicts=check_conflicts(doc, notes),
        timelines=None if found is None else tuple(found),
        latest=tuple(theme_figures(doc, parse_index(drop.index or ""), articles)) if both else None,
        forecasts=tuple(flagged_sentences(doc, forecast_markers)),
    )


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _flag_lines(title: str, flags: Sequence[SentenceFlag], total: int) -> list[str]:
    """A count line, then one line per flagged sentence with what was found in it."""
    lines = [f"{title}: {len(flags)} of {total} summary sentences"]
    lines += [f"  [{theme}] {', '.join(repr(f) for f in found)}: {sentence}" for theme, sentence, found in flags]
    return lines


def _shown(fact: str, values: Sequence[str]) -> str:
    return f"{fact}: {' | '.join(values)}"


def conflict_lines(check: ConflictCheck) -> list[str]:
    """Check 2 as printed lines: the counts, then every reported conflict with its verdict."""
    listed = len(check.notes.report) if check.notes else 0
    if check.notes is None:
        lines = [f"conflicts vs NOTES.md: no list ({len(check.unlisted)} reported)"]
    else:
        figured = sum(len(b.figures) >= 2 for b in check.notes.report)
        lines = [
            f"conflicts vs NOTES.md: listed same-time disagreements found {check.found}/{listed} "
            f"({figured} name two figures or more); look-alikes reported {len(check.false)} "
            f"(of {len(check.notes.not_report)} listed); unlisted {len(check.unlisted)}"
        ]
    for fact, values, index in check.true:
        lines.append(f"  true: {_shown(fact, values)}  <- {_short(check.notes.report[index].text)}")  # type: ignore[union-attr]
    for fact, values, index in check.false:
        lines.append(f"  FALSE: {_shown(fact, values)}  <- {_short(check.notes.not_report[index].text)}")  # type: ignore[union-attr]
    lines += [f"  unlisted: {_shown(fact, values)}" for fact, values in check.unlisted]
    return lines


def timeline_lines(found: Sequence[Mapping[str, Any]] | None) -> list[str]:
    """Check 3 as printed lines: each timeline's fact and values in time order, and whether
    the pipeline listed them in that order."""
    if found is None:
        return ["timelines: not in output"]
    lines = [f"timelines: {len(found)}"]
    for line in found:
        values = list(line.get("values", []))
        order = in_time_order(values)
        verdict = {True: "in time order", False: "NOT in time order", None: "times not all readable"}[order]
        keyed = sorted(values, key=lambda v: time_key(str(v.get("time", ""))) or (9999, 0, 0))
        shown = "; ".join(f"{v.get('value')} ({v.get('time')}: {', '.join(v.get('articles', []))})" for v in keyed)
        lines.append(f"  {line.get('fact')} [{verdict}]: {shown}")
    return lines


def latest_lines(latest: Sequence[ThemeFigures] | None) -> list[str]:
    """Check 4 as printed lines; a summary figure the latest articles also give is starred."""
    if latest is None:
        return ["latest figures: no index.tsv and NOTES.md"]
    lines = ["latest figures (summary | the theme's latest-dated articles by index.tsv; * = also in them):"]
    for item in latest:
        ours = ", ".join(f + ("*" if f in item.latest else "") for f in item.summary) or "-"
        files = ", ".join(f.split("_")[0] for f in item.latest_files)
        theirs = ", ".join(item.latest) or "-"
        lines.append(f"  [{item.theme}] summary: {ours}")
        lines.append(f"  [{item.theme}] {item.latest_date or 'no date'} ({files or '-'}): {theirs}")
    return lines


def run_lines(checks: RunChecks) -> list[str]:
    """One run's table: the five checks in order."""
    lines = [f"### {checks.drop} {checks.variant}"]
    lines += _flag_lines("unresolved relative times", checks.unresolved, checks.sentences)
    lines += conflict_lines(checks.conflicts)
    lines += timeline_lines(checks.timelines)
    lines += latest_lines(checks.latest)
    lines += _flag_lines("forecasts (for a reader to judge)", checks.forecasts, checks.sentences)
    return lines


def goal_lines(checks: Sequence[RunChecks]) -> list[str]:
    """The issue's done-criteria the checks can decide, per drop over its runs.

    No unresolved relative time in any summary; no look-alike reported; at least half of the
    listed same-time disagreements reported (in each run of a drop with a list).
    """
    lines = []
    for drop in dict.fromkeys(c.drop for c in checks):
        runs = [c for c in checks if c.drop == drop]
        unresolved = sum(len(c.unresolved) for c in runs)
        parts = [f"unresolved relative times {unresolved} ({'ok' if not unresolved else 'goal 0'})"]
        if runs[0].conflicts.notes is None:
            parts.append("conflicts: no list")
        else:
            notes = runs[0].conflicts.notes
            listed, figured = len(notes.report), sum(len(b.figures) >= 2 for b in notes.report)
            found = "/".join(f"{c.conflicts.found}" for c in runs)
            half = all(2 * c.conflicts.found >= listed for c in runs)
            false = sum(len(c.conflicts.false) for c in runs)
            parts.append(
                f"listed disagreements found {found} of {listed} ({figured} name two figures) "
                f"({'ok' if half else 'goal half'})"
            )
            parts.append(f"look-alikes reported {false} ({'ok' if not false else 'goal 0'})")
        lines.append(f"{drop} ({'/'.join(c.variant for c in runs)}): " + "; ".join(parts))
    return lines


def checks_to_dict(checks: RunChecks) -> dict[str, Any]:
    """One run's checks for ``--json``."""
    conflicts = checks.conflicts
    return {
        "drop": checks.drop,
        "variant": checks.variant,
        "sentences": checks.sentences,
        "unresolved": [{"theme": t, "sentence": s, "found": list(f)} for t, s, f in checks.unresolved],
        "conflicts": {
            "list": conflicts.notes is not None,
            "listed": len(conflicts.notes.report) if conflicts.notes else None,
            "found": conflicts.found,
            "true": [{"fact": f, "values": list(v), "bullet": i} for f, v, i in conflicts.true],
            "false": [{"fact": f, "values": list(v), "bullet": i} for f, v, i in conflicts.false],
            "unlisted": [{"fact": f, "values": list(v)} for f, v in conflicts.unlisted],
        },
        "timelines": None if checks.timelines is None else list(checks.timelines),
        "latest": None
        if checks.latest is None
        else [
            {"theme": x.theme, "summary": list(x.summary), "date": x.latest_date, "latest": list(x.latest)}
            for x in checks.latest
        ],
        "forecasts": [{"theme": t, "sentence": s, "found": list(f)} for t, s, f in checks.forecasts],
    }


def read_drop_files(folder: str | Path) -> DropFiles:
    """A drop folder's ``NOTES.md`` and ``index.tsv`` texts, None for a file it does not have."""
    path = Path(folder)
    notes, index = path / "NOTES.md", path / "index.tsv"
    return DropFiles(
        notes.read_text(encoding="utf-8") if notes.is_file() else None,
        index.read_text(encoding="utf-8") if index.is_file() else None,
    )


def temporal_report(
    results: Mapping[tuple[str, str], Any], folders: Mapping[str, str | Path], out: Print = print
) -> dict[str, Any]:
    """Print the temporal checks of every run, then the issue's goals per drop.

    Args:
        results: (drop name, theme variant) -> the pipeline's result for that run.
        folders: Drop name -> its folder (for NOTES.md and index.tsv).
        out: Where the lines go.
    Returns:
        ``{"runs": [checks_to_dict per run], "goals": [line per drop]}`` for ``--json``.
    """
    from summarize.stages.report import summaries_json

    out(f"\n##### temporal checks (developing stories), {len(results)} runs")
    checks = []
    for key, result in results.items():
        articles = {a.id: a.text for a in result.articles}
        checks.append(check_run(summaries_json(result), key, read_drop_files(folders[key[0]]), articles))
        for line in run_lines(checks[-1]):
            out(line)
    goals = goal_lines(checks)
    out("\ntemporal goals per drop (issue 26):")
    for line in goals:
        out("  " + line)
    return {"runs": [checks_to_dict(c) for c in checks], "goals": goals}
