"""Numbers and sums of money as news text writes them.

One table of scale words (:data:`SCALES`), one reading of a written number
(:func:`number_value`, :func:`scaled_value`), and the patterns that find numbers,
percentages and sums of money in a sentence. Two readers use them for different ends:

* the faithfulness guard (:mod:`summarize.generation.guard`) checks that every sum a
  model writes is in the sources, so :data:`MONEY` takes any currency and any scale
  ("€2m", "USD 5", "$300") and :data:`NUMBER` any digits ("3,5" is a decimal comma);
* the conflicts stage (:mod:`summarize.stages.conflicts`) compares the figures sources
  give for one fact, so :func:`dollar_figures` keeps to US dollars with a scale word
  ("$12.3 billion", "5 million US dollars") and skips ranges ("$120-300 million"): a
  euro sum or a "$5" price is not the same kind of fact as a deal's value.

The two money scans are not merged into one pattern: a single scan would change what
each reader sees (the guard would quote "U.S.$5 million" and "7 million dollars" in
its reasons where it quotes "$5 million" and "7 million", and the conflicts stage
would compare euro sums with dollar sums or lose a figure a longer match swallowed).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Scale word -> (the word a figure is written with, power of ten).
SCALES: dict[str, tuple[str, int]] = {
    "thousand": ("thousand", 3),
    "k": ("thousand", 3),
    "million": ("million", 6),
    "mn": ("million", 6),
    "m": ("million", 6),
    "billion": ("billion", 9),
    "bn": ("billion", 9),
    "b": ("billion", 9),
    "trillion": ("trillion", 12),
    "tn": ("trillion", 12),
}

ANY_NUMBER = r"\d+(?:[.,]\d+)*"
"""Digits as any text may write them: "1,200", "1,200.5", "12.3", "3,5" (decimal comma)."""
FIGURE = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
"""A figure as news prints it, captured: "1,200", "12.3", "200" (no decimal comma)."""

_SCALE = r"(?:thousand|million|billion|trillion|mn|bn|tn|[kmb])\b"
_CURRENCY = r"(?:(?:US|C|A|NZ|HK|S)?[$€£¥₹]|\b(?:USD|EUR|GBP|JPY|CHF)\s?)"

MONEY = re.compile(rf"{_CURRENCY}\s?(?P<num>{ANY_NUMBER})(?:\s?(?P<scale>{_SCALE}))?", re.IGNORECASE)
"""A sum in any currency, scale optional: "$300", "€2m", "US$15 bn", "USD 5 million"."""
PERCENT = re.compile(rf"(?<![\w.,])(?P<num>{ANY_NUMBER})\s?(?:%|per\s?cent\b|pct\b)", re.IGNORECASE)
"""A percentage: "12%", "12 percent", "12 per cent", "12pct"."""
NUMBER = re.compile(rf"(?<![\w.,])(?P<num>{ANY_NUMBER})(?:\s?(?P<scale>{_SCALE}))?(?![\w])", re.IGNORECASE)
"""A free-standing number, scale optional: "200", "2.5 million", "2bn"."""

# "$12.3 billion", "US$15 bn", "5 million US dollars"; the empty group keeps the second
# alternative's groups at the same offsets as the first's.
_DOLLARS = re.compile(
    r"(?:US|U\.S\.)?\$\s?" + FIGURE + r"\s?(million|billion|trillion|bn|mn)\b(\s*(?:-|–|to)\s*\$?\d)?()"
    r"|" + FIGURE + r"\s(million|billion|trillion)\s((?:US\s|U\.S\.\s)?dollars)\b",
    re.IGNORECASE,
)


def number_value(written: str) -> Decimal | None:
    """The value of a number as written.

    Args:
        written: Digits matching :data:`ANY_NUMBER` or :data:`FIGURE`.
    Returns:
        The value, normalised ("1,200" -> 1.2E+3, "3,5" -> 3.5); None when it is no number.
    """
    # "1,200" and "1,200.5" use commas as thousands separators; "3,5" is a decimal comma.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", written):
        written = written.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", written):
        written = written.replace(",", ".")
    try:
        return Decimal(written).normalize()
    except InvalidOperation:
        return None


def scaled_value(number: str, scale: str | None) -> Decimal | None:
    """The value of a number and its scale word: ("12.3", "bn") -> 1.23E+10.

    Args:
        number: Digits as written.
        scale: A key of :data:`SCALES` in any case, or None.
    Returns:
        The scaled value, or None when ``number`` is no number.
    """
    value = number_value(number)
    if value is None or not scale:
        return value
    return (value * Decimal(10) ** SCALES[scale.lower()][1]).normalize()


def scale_factor(word: str) -> float:
    """What a figure's last word multiplies it by: 1e9 for "billion", 1.0 for a word not in :data:`SCALES`."""
    return 10.0 ** SCALES[word][1] if word in SCALES else 1.0


def dollar_figures(text: str) -> list[str]:
    """The sums in US dollars with a scale word in ``text``, written one way.

    Args:
        text: A sentence.
    Returns:
        Each sum as "$<figure> <million|billion|trillion>" in text order: "US$15 bn" ->
        "$15 billion", "5 million US dollars" -> "$5 million". Ranges ("$120-300
        million", "$120 million to $300 million") are no single figure and are skipped.
    """
    out = []
    for match in _DOLLARS.finditer(text):
        number, scale, dollars = match.group(1, 2, 4) if match.group(1) else match.group(5, 6, 7)
        if match.group(3) or (scale is None) or (not match.group(1) and not dollars):
            continue
        out.append(f"${number} {SCALES[scale.lower()][0]}")
    return out


_FIGURE_TOKEN = re.compile(r"\d[\d,.]*\d|\d")


def figures(text: str) -> frozenset[str]:
    """Every run of digits as written ("4,500", "10", "2.5"), closing punctuation aside: the
    figures two sentences are compared by (coverage concepts, an update's revisions)."""
    return frozenset(f.rstrip(".,") for f in _FIGURE_TOKEN.findall(text))


# A figure, its unit ("%", a scale word) and the words after it: "200 staff", "$2 billion in cash".
_FIGURE_FACT = re.compile(
    r"(\d[\d,.]*\d|\d)(?:\s*(%|percent\b|per cent\b|thousand\b|million\b|billion\b|trillion\b))?"
    r"((?:\W+[A-Za-z][\w'-]*){0,3})",
    re.IGNORECASE,
)


def figure_facts(text: str) -> frozenset[tuple[str, str, str]]:
    """(figure, unit, word) for each figure and each content word (stemmed) of the three after it:
    "laid off 200 staff on Monday" -> ("200", "", "staff"), ("200", "", "monday"); a figure with a
    unit and no word after it gives the word "". Two sentences
    giving different figures with the same unit and word give two figures for one fact."""
    from summarize.text.words import STOPWORDS, stems

    out = set()
    for match in _FIGURE_FACT.finditer(text):
        value, unit = match.group(1).rstrip(".,"), (match.group(2) or "").lower()
        words = [w for w in stems(match.group(3)) if w not in STOPWORDS and not w[0].isdigit()][:2]
        # "$500 million to $700 million": a sum with no word after it is known by its unit alone.
        out.update((value, unit, w) for w in words or ([""] if unit else []))
    return frozenset(out)
