"""Score stage: ROUGE-1/2/L/Lsum F1 per theme against hand-written references.

Uses ``rouge_score`` (Porter stemmer) through ``evaluate``, loading the metric
module kept in ``summarize/metrics/rouge`` by path, because
``evaluate.load("rouge")`` needs the hub.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from summarize.metrics import ROUGE_TYPES
from summarize.types import Summary


@lru_cache(maxsize=1)
def _metric():
    import evaluate

    from summarize.metrics import ROUGE_PATH

    return evaluate.load(ROUGE_PATH)


def rouge_scores(
    predictions: Sequence[str], references: Sequence[str], use_stemmer: bool = True
) -> list[dict[str, float]]:
    """F1 per pair for each ROUGE type.

    Args:
        predictions: system summaries, one sentence per line.
        references: references, one sentence per line, same length as ``predictions``.
        use_stemmer: Porter stemming (rouge_score's option).
    Returns:
        One ``{rouge_type: F1}`` dict per pair, in input order.
    Raises:
        ValueError: when the two lists differ in length.
    """
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    if not predictions:
        return []
    result = _metric().compute(
        predictions=list(predictions),
        references=list(references),
        rouge_types=list(ROUGE_TYPES),
        use_stemmer=use_stemmer,
        use_aggregator=False,
    )
    return [{t: round(float(result[t][i]), 6) for t in ROUGE_TYPES} for i in range(len(predictions))]


def score(
    summaries: Sequence[Summary], references: Mapping[str, Sequence[str]], use_stemmer: bool = True
) -> dict[str, dict[str, float]]:
    """ROUGE per theme for every summary whose theme has a reference.

    A ``no_coverage`` theme with a reference scores 0 (an empty summary), so a
    missing theme is visible in the table instead of silently skipped.
    """
    pairs = [(s.theme, "\n".join(x.text for x in s.sentences)) for s in summaries if references.get(s.theme)]
    refs = ["\n".join(references[theme]) for theme, _ in pairs]
    scores = rouge_scores([p for _, p in pairs], refs, use_stemmer=use_stemmer)
    return {theme: values for (theme, _), values in zip(pairs, scores)}
