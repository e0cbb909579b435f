"""Conflicts stage: find figures that sources give differently for the same fact.

A *fact* is a counted noun ("200 employees", "100 organisations") or a share
("14% of its workforce"): the figure is parsed, hedges ("about", "nearly", "less
than") are ignored, and the noun is stemmed so "organisations" and
"organizations" meet. Two figures for one fact conflict when they are of the
same magnitude (within ``max_ratio``), come from sentences that talk about the
same thing (embedding cosine at least ``min_similarity``), and those sentences
name no different month (a July cut and a May cut are two facts, not a
conflict) and no disjoint other figures ("6,000 jobs, 3%" and "9,000 jobs, 4%"
are two rounds of cuts). The value backed by the most independent sources is chosen;
sentences carrying another value are kept out of the summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from summarize.stages.attribute import STOPWORDS
from summarize.stages.select import event_time
from summarize.stages.sources import SourceGroups
from summarize.stages.themes import stems
from summarize.types import Conflict, ConflictValue, Sentence

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_COUNT = re.compile(
    _NUMBER + r"\s+(?:(?:full-time|part-time|new|more|other|of\s+its|of\s+the|global|u\.s\.)\s+)*([A-Za-z][a-z-]{2,})"
)
_SHARE = re.compile(
    _NUMBER
    + r"\s*(?:%|percent|per\s+cent)\s+of\s+(?:its|the|their|all)?\s*(?:global|total|entire|overall|current)?\s*([a-z][a-z-]{2,})",
    re.IGNORECASE,
)
_SCALE = frozenset(
    "million billion trillion thousand hundred percent per year years months month weeks week days day".split()
)


def figures(text: str) -> list[tuple[str, str, float]]:
    """(fact, value as written, numeric value) for each counted noun or share in ``text``."""
    out = []
    for match in _SHARE.finditer(text):
        noun = stems(match.group(2))[0]
        out.append((f"% of {noun}", match.group(1) + "%", float(match.group(1).replace(",", ""))))
    for match in _COUNT.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] in "$£€.,":
            continue
        noun = stems(match.group(2))[0]
        if noun in STOPWORDS or noun in _SCALE or re.fullmatch(r"(19|20)\d\d", match.group(1)):
            continue
        out.append((noun, match.group(1), float(match.group(1).replace(",", ""))))
    return out


def find_conflicts(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    groups: SourceGroups,
    *,
    max_ratio: float = 1.45,
    min_similarity: float = 0.75,
) -> tuple[Conflict, ...]:
    """Conflicting figures among a theme's sentences.

    Args:
        sentences: The theme's sentences.
        vectors: Their normalised embeddings (rows follow ``sentences``).
        groups: Independent source groups (copies count once).
        max_ratio: Figures further apart than this factor are different facts.
        min_similarity: Sentences less similar than this talk about different things.
    Returns:
        Conflicts sorted by fact, each with its values (most sources first) and the chosen value.
    """
    mentions: dict[str, list[tuple[int, str, float]]] = {}
    for i, sentence in enumerate(sentences):
        for fact, written, number in figures(sentence.text):
            mentions.setdefault(fact, []).append((i, written, number))
    conflicts = []
    for fact in sorted(mentions):
        items = mentions[fact]
        if len({n for _, _, n in items}) < 2:
            continue
        together = {(x, y) for i, _, x in items for j, _, y in items if i == j}
        linked = set()
        for a, (i, _, x) in enumerate(items):
            for j, _, y in items[a + 1 :]:
                if x == y or i == j or max(x, y) / max(min(x, y), 1e-9) > max_ratio:
                    continue
                if (x, y) in together:
                    continue  # one sentence states both: two facts, not a disagreement
                if float(vectors[i] @ vectors[j]) < min_similarity:
                    continue
                # A month with no year still tells two events apart.
                ti, tj = event_time(sentences[i].text, 0), event_time(sentences[j].text, 0)
                if ti and tj and ti != tj:
                    continue
                # So do the other figures: "6,000 jobs, close to 3%" and "9,000 jobs, about 4%"
                # are two rounds of cuts; "200 staff, 14%" and "250 staff, 14%" one fact.
                oi, oj = _other_numbers(sentences[i].text, x), _other_numbers(sentences[j].text, y)
                if oi and oj and not oi & oj:
                    continue
                linked |= {x, y}
        if len(linked) < 2:
            continue
        values = []
        for number in sorted(linked):
            rows = [i for i, _, n in items if n == number]
            written = next(w for i, w, n in items if n == number)
            articles = sorted({a for i in rows for a in (sentences[i].articles or (sentences[i].article,))})
            values.append(ConflictValue(written, tuple(articles), len(groups.of(articles))))
        values.sort(key=lambda v: (-v.sources, -len(v.articles), v.value))
        chosen = values[0].value
        # Only a clear majority of independent sources (at least two, and twice the
        # runner-up) settles a figure; otherwise the conflict is reported and both
        # figures may appear, since close counts often are two different events.
        settled = values[0].sources >= 2 and values[0].sources >= 2 * values[1].sources
        minority = frozenset(sentences[i].key for i, _, n in items if settled and n in linked and n != _number(chosen))
        conflicts.append(Conflict(fact, tuple(values), chosen, minority))
    return tuple(conflicts)


def _other_numbers(text: str, value: float) -> frozenset[float]:
    """The figures of ``text`` other than ``value`` and years."""
    found = {float(n.replace(",", "")) for n in re.findall(_NUMBER, text) if not re.fullmatch(r"(19|20)\d\d", n)}
    return frozenset(found - {value})


def _number(written: str) -> float:
    return float(written.rstrip("%").replace(",", ""))
