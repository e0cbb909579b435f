"""The common word budget: every system is cut to the same length before scoring.

Words are whitespace-separated tokens, as in the issue and BASELINES.md, so the
budget is the same whatever tokenizer ROUGE uses afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_BUDGET = 110
"""Words per summary, for every system (BASELINES.md)."""


def word_count(text: str) -> int:
    """Number of whitespace-separated words in ``text``."""
    return len(text.split())


def cut_to_budget(lines: Iterable[str], budget: int = DEFAULT_BUDGET) -> tuple[str, ...]:
    """Keep the first ``budget`` words of ``lines``, one sentence per line.

    Whitespace inside a line is normalised to single spaces; the line where the
    budget runs out is cut mid-sentence, and later lines are dropped. Empty
    lines are skipped.

    Args:
        lines: Summary sentences in reading order.
        budget: Maximum number of words kept (at least 1).
    Returns:
        The kept lines.
    Raises:
        ValueError: when ``budget`` is below 1.
    """
    if budget < 1:
        raise ValueError(f"Invalid word budget: {budget} (must be at least 1)")
    kept: list[str] = []
    left = budget
    for line in lines:
        words = line.split()
        if not words:
            continue
        kept.append(" ".join(words[:left]))
        left -= min(left, len(words))
        if left == 0:
            break
    return tuple(kept)
