"""Clean stage: drop what is not news (boilerplate removal).

General rules rather than a list of one site's phrases, in the spirit of
jusText (Pomikálek, 2011) and trafilatura's furniture heuristics:

* prompts and site furniture by pattern (subscribe, share, comment, related links,
  cookie and copyright notices, bylines with read times, ad labels);
* promotional language (superlative sales claims without reporting);
* lines repeated verbatim across articles or within one article that are not
  full sentences (navigation, banners, repeated headlines);
* short lines that are not sentences (headings, datelines, captions) and short
  question subheads.

Inline clutter inside a kept paragraph (link labels, ticker tags, bullet marks)
is removed from the text. Every dropped paragraph is recorded with its reason, and
an article left with nothing (a page that was all furniture) gets a warning naming it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from summarize.config import CleanRule, CleanSettings
from summarize.types import Dropped, Paragraph

_FURNITURE = re.compile(
    r"""
    ^(read|see)\s+(next|more|also)\b | ^(related|recommended|trending|popular|latest)(\s+(stories|articles|posts|reading|links|news))?\s*:?\s*$
    | ^(also\s+read|more\s+from|more\s+stories|advertisement|sponsored|promoted|paid\s+content)\b
    | ^(subscribe|sign\s+up|join|follow|share|download|get\s+the|click|tap|register|log\s*in)\b
    | \bsubscribe\s+(to|now|for|today)\b | \bsign\s+up\s+(for|to|now|here|today)\b | \b(daily|weekly|free)\s+newsletter\b
    | \b(share|tweet|pin)\s+(this|on)\b | \bfollow\s+us\b | \bclick\s+here\b
    | \b(leave|post|add)\s+a\s+(reply|comment)\b | \bcomments?\s+(are\s+)?(closed|below)\b | ^\d*\s*comments?$
    | \byour\s+email\s+address\s+will\s+not\s+be\s+published\b | \brequired\s+fields\s+are\s+marked\b
    | \ball\s+rights\s+reserved\b | copyright\s+©|©\s*\d{4} | \btrademarks\s+and\s+copyrights\b
    | \bthis\s+(article|story|post)\s+(aggregates|was\s+(machine[-\s])?translated|is\s+machine[-\s]translated|(first|originally)\s+appeared)\b
    | ^(read|view)\s+the\s+(full|original|complete|rest\s+of\s+the)\s+(story|article|report|post)(\s+(at|on|here|from)\b|\s*[.:]?\s*$)
    | ^continue\s+reading(\s+(at|on|here)\b|\s*[.:…]?\s*$)
    | ^(privacy\s+policy|terms\s+of\s+(use|service)|cookie\s+(policy|settings)|we\s+use\s+cookies)\b
    | \b(this|our)\s+(site|website)\s+uses\s+cookies\b | \bwe\s+use\s+cookies\b | \baccept\s+(all\s+)?cookies\b
    | \bby\s+continuing\s+to\s+(browse|use)\s+(this|our|the)\s+(site|website)\b
    | \bdiscover\s+more\s+from\b | \bget\s+the\s+latest\s+(posts|news|updates)\b | \bdownload\s+(our|the)\s+app\b
    | \b\d+\s*min(ute)?s?\s+read\b | \b(updated|published)\s*:?\s+\d
    | \b(photo|image|video)\s*(credit|courtesy)\b | ^(photo|image|video|file\s+photo)\s*:
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A byline: "By" and a capitalised name of two to four words, then a separator or the end.
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][a-z]+(?:\s+[A-Z][\w.'-]+){1,3}\s*(?:[-–|·,]|$)")
_PROMOTIONAL = re.compile(
    r"""
    \b(is|are)\s+the\s+(top|best|leading|\#1|number\s+one)\s+(choice|provider|solution|destination)\b
    | \brated\s+\#?1\b | \branked\s+(highest|\#?1)\b | \bbest[-\s]in[-\s]class\b | \bpreferred\s+by\b
    | \b(buy|order|shop)\s+now\b | \b\d+%\s+off\b | \bfree\s+(trial|shipping)\b | \bpromo(tion)?\s+code\b
    | \blimited[-\s]time\s+offer\b | \bspecial\s+offer\b | \bcertified\s+for\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_INLINE = (
    (re.compile(r",?\s*opens\s+new\s+tab\b", re.IGNORECASE), ""),
    (re.compile(r"\s*\(\s+[A-Z][A-Z.]{0,6}\s+\)"), ""),  # wire ticker tags: "Acme ( ACME )"
    (re.compile(r"^\s*(?:[-•*▪►]|\d+[.)])\s+"), ""),  # bullet and list marks
    (re.compile(r"\s{2,}"), " "),
)
_TERMINAL = re.compile(r"[.!:;\"”’)»…]$")


@dataclass(frozen=True, slots=True)
class CleanResult:
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[Dropped, ...]
    warnings: tuple[str, ...] = ()


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _strip_inline(text: str) -> str:
    # Until nothing changes: "• 1. Acme ..." carries two marks, and removing one
    # link marker can join the halves of another.
    while True:
        before = text
        for pattern, replacement in _INLINE:
            text = pattern.sub(replacement, text)
        text = text.strip()
        if text == before:
            return text


def _is_sentence(text: str, min_words: int) -> bool:
    return len(text.split()) >= min_words and bool(_TERMINAL.search(text))


_RULES: tuple[str, ...] = get_args(CleanRule)


def classify(text: str, settings: CleanSettings) -> str | None:
    """The reason ``text`` is boilerplate, or None when it looks like news.

    Args:
        text: One paragraph, inline clutter already removed.
        settings: The ``clean`` settings.
    Returns:
        "furniture", "promotional", "heading" or "question subhead"; None to keep.
    """
    words = text.split()
    if not words:
        return "empty"
    on = set(_RULES) - set(settings.rules_off)
    if "furniture" in on and (_FURNITURE.search(text) or _BYLINE.search(text)) and len(words) < 30:
        return "furniture"
    if "promotional" in on and _PROMOTIONAL.search(text):
        return "promotional"
    if "editors_note" in on and re.fullmatch(r"\(.*\)", text):
        return "editor's note"
    if "question_subhead" in on and text.endswith("?") and len(words) < 15 and not re.search(r"[\"“”]", text):
        return "question subhead"
    if "heading" in on and not _TERMINAL.search(text) and len(words) < 20:
        return "heading"
    if "heading" in on and len(words) < settings.min_words and not text.endswith("?"):
        return "heading"
    return None


def clean(paragraphs: Sequence[Paragraph], settings: CleanSettings) -> CleanResult:
    """Drop boilerplate paragraphs and strip inline clutter.

    Args:
        paragraphs: All paragraphs of the drop.
        settings: The ``clean`` settings (``enabled: false`` keeps everything).
    Returns:
        The kept paragraphs (original article and index), what was dropped, with reasons,
        and a warning for each article of which nothing was kept.
    """
    if not settings.enabled:
        return CleanResult(tuple(paragraphs), ())
    stripped = [_strip_inline(p.text) for p in paragraphs]
    articles_by_line: dict[str, set[str]] = {}
    copies_in_article: Counter[tuple[str, str]] = Counter()
    for paragraph, text in zip(paragraphs, stripped):
        key = _normal(text)
        articles_by_line.setdefault(key, set()).add(paragraph.article)
        copies_in_article[(paragraph.article, key)] += 1
    kept: list[Paragraph] = []
    dropped: list[Dropped] = []
    for paragraph, text in zip(paragraphs, stripped):
        key = _normal(text)
        reason = classify(text, settings)
        short = len(text.split()) <= settings.repeated_max_words
        on = set(_RULES) - set(settings.rules_off)
        if "repeated_line" in on and reason is None and short and not _is_sentence(text, settings.min_words):
            repeated = len(articles_by_line[key]) >= settings.repeated_min_articles
            if repeated or copies_in_article[(paragraph.article, key)] > 1:
                reason = "repeated furniture"
        if (
            "stock_text" in on
            and reason is None
            and len(text.split()) <= 8
            and len(articles_by_line[key]) >= max(3, settings.repeated_min_articles)
        ):
            # The same short line in many unrelated articles is a site's stock text,
            # even when it reads like a sentence ("Thanks for reading.").
            reason = "repeated furniture"
        if reason:
            dropped.append(Dropped(paragraph.article, paragraph.index, paragraph.text, reason))
        else:
            kept.append(Paragraph(paragraph.article, paragraph.index, text))
    return CleanResult(tuple(kept), tuple(dropped), _emptied(paragraphs, kept, dropped))


def _emptied(paragraphs: Sequence[Paragraph], kept: Sequence[Paragraph], dropped: Sequence[Dropped]) -> tuple[str, ...]:
    """A warning per article that had paragraphs and kept none, in the articles' order."""
    survivors = {p.article for p in kept}
    reasons: dict[str, Counter[str]] = {}
    for d in dropped:
        reasons.setdefault(d.article, Counter())[d.reason] += 1
    warnings = []
    for article in dict.fromkeys(p.article for p in paragraphs):
        if article in survivors:
            continue
        counts = reasons.get(article, Counter())
        total = sum(counts.values())
        why = ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items()))
        warnings.append(
            f"{article}: only boilerplate, nothing kept ({total} paragraph{'' if total == 1 else 's'} dropped: {why})"
        )
    return tuple(warnings)
