"""Evaluation: the pipeline beside baselines and the extractive oracle, with intervals.

One module per job: :mod:`.budget` cuts texts to the word budget,
:mod:`.baselines` builds lead/LexRank/TextRank summaries, :mod:`.oracle` the
greedy extractive oracle, :mod:`.bootstrap` the confidence intervals,
:mod:`.evaluate` turns pipeline runs into an :class:`~.evaluate.Evaluation`,
:mod:`.gate` compares it with the recorded quality floor, :mod:`.chart` and
:mod:`.render` draw the PNG and write Markdown/HTML/JSON, :mod:`.drops`
resolves drop folders and :mod:`.files` reads and writes the files.
"""

from summarize.errors import SummarizeError

METRICS: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
"""ROUGE variants reported for every system, in table order."""

METRIC_NAMES: dict[str, str] = {
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
}
"""Display names of :data:`METRICS`."""


class EvaluationError(SummarizeError):
    """The evaluation cannot be done as asked (missing references, no themes, bad gate record)."""


__all__ = ["METRICS", "METRIC_NAMES", "EvaluationError"]
