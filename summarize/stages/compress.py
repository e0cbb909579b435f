"""Compress stage: trim attribution and filler from extracted sentences.

Rule-based sentence compression in the spirit of the trimming rules of Zajic et
al. (2007, "Multi-candidate reduction"): remove attribution clauses ("according
to a report by ...", "..., the company said in a statement"), leading discourse
connectives ("However,", "Meanwhile,"), wire datelines ("HELSINKI, March 9
(Nordwire) -"), stock-ticker and acronym parentheticals, bracketed asides without
figures and conversions into another currency ("$5 million (roughly Rs. 42
crore)"). A rule never removes a number, an amount or a capitalised name other than
the one doing the saying (a conversion restates an amount the sentence keeps), and
a result that would be too short to stand alone is discarded in favour of the original.

Each rule has a name (:data:`RULES`): ``select.compress_off`` switches rules off by name,
and :func:`trim` reports which rules changed a sentence.
"""

from __future__ import annotations

import re

from summarize.config import SelectSettings
from summarize.text.sentences import SENTENCE_END

_SAY = r"(?:said|says|stated|noted|added|wrote|told\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*|reported|confirmed|announced)"
_WHO = r"(?:the\s+(?:company|firm|startup|exchange|group|agency|report|spokesperson|spokeswoman|spokesman)|(?:he|she|they|it)|(?:officials|analysts|sources|researchers|experts|people\s+familiar\s+with\s+the\s+matter)|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|(?:a|an)\s+[\w\s]{0,30}?(?:spokesperson|spokeswoman|spokesman|official|source)s?)"
_WHEN = r"(?:\s+(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?"
_HOW = r"(?:\s+(?:in|on)\s+(?:a|an|its|the)\s+(?:statement|filing|blog\s+post|email|e-mail|memo|post|interview|release|regulatory\s+filing|note)(?:\s+(?:to|with|on)\s+[\w\s]{1,30}?)?)?"

_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # "..., according to a report by the Gazette." -> "..."
    ("according_to_end", re.compile(r",?\s+according\s+to\s+[^,.;]{1,80}(?=[.;]\s*$)", re.IGNORECASE), ""),
    # "According to people familiar with the matter, X ..." -> "X ..."
    ("according_to_start", re.compile(r"^According\s+to\s+(?:\S+\s+){0,4}\S+,\s+(?!an?\s)"), ""),
    # "..., the company said in a statement." -> "..."
    ("said_by_end", re.compile(rf",\s+{_WHO}\s+{_SAY}(?:{_WHEN}{_HOW}|{_HOW}{_WHEN})(?=[.;]\s*$)"), ""),
    # "..., said Jane Doe, chief executive." -> "..."
    ("said_name_end", re.compile(rf",\s+{_SAY}\s+[A-Z][^,.;]{{1,60}}(?:,\s+[^,.;]{{1,60}})?(?=[.;]\s*$)"), ""),
    # Leading connectives that only link to a sentence we did not keep.
    (
        "connective_start",
        re.compile(
            r"^(?:However|Meanwhile|Moreover|Additionally|In\s+addition|Furthermore|Still|Also|Separately|"
            r"Notably|Importantly|Indeed|Nonetheless|Nevertheless|In\s+the\s+meantime|As\s+a\s+result|"
            r"At\s+the\s+same\s+time|On\s+top\s+of\s+that|In\s+parallel|Instead|Also|Then|Thus|Therefore|First|Second|Third|Finally|Lastly),\s+"
        ),
        "",
    ),
    # A leading conjunction that links to a sentence we did not keep: "But as orders ..." -> "As orders ...".
    ("conjunction_start", re.compile(r"^(?:But|And|Yet)\s+(?=[\w“\"‘'])(?!(?:also|then|so)\b)"), ""),
    # A label glued to the sentence: "Product Recall: On March 3, Acme ..." -> "On March 3, ...",
    # "Acme estimates the company's loss: Acme estimates ..." -> "Acme estimates ...".
    ("label_start", re.compile(r"^[A-Z][\w'’“”&-]*(?:\s+[\w'’“”&-]+){0,5}\s?:\s+(?=[A-Z])"), ""),
    # A concessive or framing opener without a figure: "While no fallout was reported, X ..." -> "X ..."
    (
        "concessive_start",
        re.compile(r"^(?:While|Although|Though|Despite|In\s+a\s+move)\b[^,\d]{3,80},\s+(?=[A-Z]|(?:the|its|their)\s)"),
        "",
    ),
    # A trailing commentary clause: "..., signaling ongoing recalibration." -> "..."
    (
        "commentary_end",
        re.compile(
            r",\s+(?:signaling|signalling|underscoring|highlighting|reflecting|marking|suggesting)\b[^.;]*(?=[.;]\s*$)"
        ),
        "",
    ),
    # Bracketed asides without figures, ticker and acronym parentheticals among them ("(NASDAQ: ACME)",
    # "(INTX.O)", "(FAA)", "(now Nimbus)"): an aside stays only if it holds a digit.
    ("aside", re.compile(r"\s+\((?![^)]*\d)[^()]{1,40}\)"), ""),
)

# Figures that restate what the sentence says, so removing them drops no fact.
_RESTATEMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A numeric ticker: "Nintendo (7974.T)".
    ("numeric_ticker", re.compile(r"\s+\(\d{4}\.[A-Z]{1,2}\)")),
    # A conversion into another currency: "$5 million (roughly Rs. 42 crore)" -> "$5 million".
    (
        "currency_conversion",
        re.compile(
            r"\s+\((?:roughly|about|around|approximately|approx\.|nearly|some|or|~)?\s*"
            r"(?:Rs\.?|INR|₹|€|EUR|£|GBP|¥|JPY|CNY|RMB|C\$|A\$|S\$|HK\$)\s?\d[\d,.]*"
            r"(?:\s*(?:crore|lakh|million|billion|trillion|bn|m|mn|cr))?\)"
        ),
    ),
)

_FIGURE = re.compile(r"\d")

# A wire dateline: "HELSINKI, March 9 (Nordwire) - ", "SPRINGFIELD (GP) — ", "OSLO -- ".
# Its date is the article's, not a fact of the sentence, so it may go with its figures.
_DAY = r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # the place, in capitals
    r"(?:,\s+(?:[A-Z][a-z]{1,9}\.?|(?:[A-Z]\.){2,3}))?"  # a state or country: ", Calif.", ", N.C."
    rf"(?:,?\s+{_DAY})?"  # the day
    rf"|{_DAY}(?:,\s+\d{{4}})?)?"  # or the day alone: "April 22 (Reuters) -"
    r"(?:\s*(?:-{1,2}|–|—)?\s*\([A-Z][\w .&-]{1,30}\))?"  # the agency: " (AP)", " — (AP)"
    r"\s*(?:-{1,2}|–|—)\s+(?=[A-Z\"“])"  # the dash (alone, when the splitter cut the place off)
)


def _finish(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text


def _opens(text: str, i: int) -> bool:
    """A straight double quote opens when it starts a word: after a space or "(" and before a non-space."""
    before = text[i - 1] if i else " "
    return not before.isalnum() and before not in ".,!?;" and i + 1 < len(text) and not text[i + 1].isspace()


def close_quotes(text: str) -> str:
    """Balance a quotation the sentence splitter cut: a sentence that opens a quote
    running on into the next sentence gets its closing mark, one that ends a quote
    begun in the sentence before gets its opening mark.

    "... the two firms said: “Acme and Globex have signed a memorandum." is the
    first sentence of a longer quote; standing alone in a summary it must still show
    where the quote ends. Curly and straight marks may be mixed, as scraped text has them.
    """
    depth, opener, missing = 0, "“", ""
    for i, char in enumerate(text):
        if char == '"' and i and text[i - 1].isdigit():
            continue  # inches: a 12" screen
        if char == "“" or (char == '"' and _opens(text, i)):
            depth, opener = depth + 1, char
        elif char in '”"':
            if depth:
                depth -= 1
            elif not missing:
                missing = "“" if char == "”" else '"'
    if depth:
        text += "”" if opener == "“" else '"'
    return missing + text


def trim(text: str, settings: SelectSettings) -> tuple[str, tuple[str, ...]]:
    """Remove attribution and filler from one sentence, saying which rules did.

    Args:
        text: The sentence.
        settings: ``compress_min_words`` and the rules switched off (``compress_off``).
    Returns:
        The compressed sentence and the names of the rules that changed it (:data:`RULES`);
        the original and no names when compression would drop a figure or leave too little.
    """
    off = set(settings.compress_off)
    fired: list[str] = []
    result = text
    if "dateline" not in off and _DATELINE.search(result):
        result, fired = _DATELINE.sub("", result), ["dateline"]
    for name, pattern in _RESTATEMENTS:
        if name not in off and pattern.search(result):
            result = pattern.sub("", result)
            fired.append(name)
    for name, pattern, replacement in _RULES:
        if name in off:
            continue
        candidate = _finish(pattern.sub(replacement, result))
        if sorted(_FIGURE.findall(candidate)) != sorted(_FIGURE.findall(result)):
            continue  # never drop a figure
        if candidate != result and pattern.search(result):
            fired.append(name)
        result = candidate
    if len(result.split()) < settings.compress_min_words or result == text:
        return text, ()
    if not SENTENCE_END.search(result):
        result += "."
    return result, tuple(fired)


def compress(text: str, settings: SelectSettings) -> str:
    """:func:`trim` without the names of the rules."""
    return trim(text, settings)[0]


# Every rule's name, as ``compress_off`` names it.
RULES: tuple[str, ...] = ("dateline", *(n for n, _ in _RESTATEMENTS), *(n for n, _, _ in _RULES))
