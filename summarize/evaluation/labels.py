"""Theme assignment against hand labels: precision and recall per theme.

Labels name sentences by provenance (article-file prefix, paragraph, sentence),
never by text, so labels for third-party drops can live in this repository
without copying their articles. A row may use ``*`` for paragraph and sentence
to label a whole article; a row naming one sentence overrides it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.evaluation import EvaluationError
from summarize.types import Scored, Sentence


@dataclass(frozen=True, slots=True)
class LabelRow:
    article: str  # a prefix of the article id (file name)
    paragraph: int | None  # None = every paragraph
    sentence: int | None
    theme: str


@dataclass(frozen=True, slots=True)
class ThemePR:
    theme: str
    precision: float
    recall: float
    assigned: int
    labelled: int


def parse_labels(text: str, source: str, drop: str | None = None) -> tuple[LabelRow, ...]:
    """Rows of a labels TSV; with ``drop``, a leading drop column is read and filtered.

    Raises:
        EvaluationError: a malformed row, naming the file and line.
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if drop is not None:
            if len(cells) != 5:
                raise EvaluationError(f"{source} line {number}: expected drop, article, paragraph, sentence, theme")
            if cells[0] != drop:
                continue
            cells = cells[1:]
        if len(cells) != 4:
            raise EvaluationError(f"{source} line {number}: expected article, paragraph, sentence, theme")
        article, paragraph, sentence, theme = (c.strip() for c in cells)
        try:
            rows.append(
                LabelRow(
                    article,
                    None if paragraph == "*" else int(paragraph),
                    None if sentence == "*" else int(sentence),
                    theme,
                )
            )
        except ValueError:
            raise EvaluationError(f"{source} line {number}: paragraph and sentence must be numbers or *") from None
    return tuple(rows)


def label_of(sentence: Sentence, rows: Sequence[LabelRow]) -> str | None:
    """The hand label of a sentence: the most specific matching row, or None when unlabelled."""
    best, best_rank = None, -1
    for row in rows:
        if not sentence.article.startswith(row.article):
            continue
        if row.paragraph is not None and row.paragraph != sentence.paragraph:
            continue
        if row.sentence is not None and row.sentence != sentence.index:
            continue
        rank = (row.paragraph is not None) + (row.sentence is not None)
        if rank > best_rank:
            best, best_rank = row.theme, rank
    return best


def theme_precision_recall(
    sentences: Sequence[Sentence],
    assigned: Mapping[str, Sequence[Scored]],
    rows: Sequence[LabelRow],
) -> tuple[ThemePR, ...]:
    """Precision and recall of the theme assignment on the labelled sentences.

    Args:
        sentences: All candidate sentences of the run.
        assigned: Theme -> the sentences the pipeline put in it.
        rows: Hand labels.
    Returns:
        One row per theme of ``assigned``; a theme with nothing assigned (or labelled) scores 0.
    """
    labels = {s.key: label_of(s, rows) for s in sentences}
    out = []
    for theme, items in assigned.items():
        got = {s.sentence.key for s in items if labels.get(s.sentence.key) is not None}
        truth = {k for k, v in labels.items() if v == theme}
        hit = len(got & truth)
        out.append(
            ThemePR(
                theme,
                round(hit / len(got), 4) if got else 0.0,
                round(hit / len(truth), 4) if truth else 0.0,
                len(got),
                len(truth),
            )
        )
    return tuple(out)
