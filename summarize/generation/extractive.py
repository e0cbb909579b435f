"""The extractive summary of a theme: what every path of the generate stage falls back to.

Kept apart from :mod:`summarize.stages.generate` so that the abstractive path
(:mod:`summarize.generation.abstractive`) can fall back to it without importing
the stage that imports it.
"""

from __future__ import annotations

from summarize.types import Summary, SummarySentence, ThemeInput


def extractive_summary(item: ThemeInput, notes: tuple[str, ...] = ()) -> Summary:
    """The extractive summary of one theme, or ``no_coverage`` when it has no sentences.

    Args:
        item: The theme with its ranked sentences and extractive choice.
        notes: Notes to record on the summary (e.g. why no model was used).
    Returns:
        A summary whose sentences copy the extractive choice, each with its origin key.
    """
    if not item.ranked:
        return Summary(item.theme.name, status="no_coverage", method="none", notes=notes)
    sentences = tuple(SummarySentence(text=s.text, origin=s.key) for s in item.extractive)
    return Summary(item.theme.name, status="ok", method="extractive", sentences=sentences, notes=notes)
