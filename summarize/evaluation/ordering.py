"""Order agreement: does a summary tell its facts in the order its reference does?

ROUGE-1/2 ignore sentence order, and ROUGE-Lsum nearly does (it matches each
reference line against the union of summary lines), so the ordering stage needs a
measure of its own. Each summary sentence is matched to the reference line it shares
the most content words with (stemmed, as ROUGE tokenizes), and every pair of summary
sentences matched to different lines is concordant when the summary tells them in
the reference's order. Agreement is the share of concordant pairs: 1.0 = the
reference's order, 0.0 = reversed, about 0.5 = unrelated. A reference is one writer's
order, so read it over many themes, beside ROUGE, not as a target of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from summarize.evaluation.oracle import Tokenize
from summarize.text.words import STOPWORDS

MIN_OVERLAP = 0.2
"""A summary sentence sharing less (content-word F1) with every reference line matches none."""


@dataclass(frozen=True, slots=True)
class OrderAgreement:
    """Pairs of matched summary sentences told in the reference's order, of all comparable pairs."""

    concordant: int = 0
    pairs: int = 0

    @property
    def share(self) -> float | None:
        return self.concordant / self.pairs if self.pairs else None

    def __add__(self, other: OrderAgreement) -> OrderAgreement:
        return OrderAgreement(self.concordant + other.concordant, self.pairs + other.pairs)


def _content(tokens: Sequence[str]) -> Counter[str]:
    return Counter(t for t in tokens if t not in STOPWORDS and not t.isdigit())


def _f1(a: Counter[str], b: Counter[str]) -> float:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def reference_lines(
    summary: Sequence[str], reference: Sequence[str], tokenize: Tokenize, min_overlap: float = MIN_OVERLAP
) -> list[int | None]:
    """For each summary sentence, the index of the reference line it matches best (None: none).

    Ties go to the earlier line, so the result does not depend on anything but the texts.
    """
    lines = [_content(tokenize(line)) for line in reference]
    out: list[int | None] = []
    for sentence in summary:
        words = _content(tokenize(sentence))
        scores = [_f1(words, line) for line in lines]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
        out.append(best if best is not None and scores[best] >= min_overlap else None)
    return out


def order_agreement(
    summary: Sequence[str], reference: Sequence[str], tokenize: Tokenize, min_overlap: float = MIN_OVERLAP
) -> OrderAgreement:
    """Concordant and comparable pairs of ``summary`` against ``reference`` (one sentence per item)."""
    lines = [p for p in reference_lines(summary, reference, tokenize, min_overlap) if p is not None]
    concordant = pairs = 0
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if a != b:
                pairs += 1
                concordant += a < b
    return OrderAgreement(concordant, pairs)


def system_order(themes: Iterable[Any], tokenize: Tokenize) -> OrderAgreement:
    """Order agreement of the pipeline's summaries, summed over evaluated themes
    (:class:`summarize.evaluation.evaluate.ThemeEvaluation`: ``outputs["system"]``, ``reference``)."""
    total = OrderAgreement()
    for theme in themes:
        total += order_agreement(theme.outputs["system"], theme.reference, tokenize)
    return total


def describe(agreement: OrderAgreement) -> str:
    """The share and its counts for reports: "0.83 (20 of 24 pairs)"."""
    share = "n/a" if agreement.share is None else f"{agreement.share:.2f}"
    return f"{share} ({agreement.concordant} of {agreement.pairs} pairs)"
