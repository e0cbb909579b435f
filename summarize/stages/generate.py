"""Generate stage: one summary per theme, abstractive when a seq2seq model is
available, extractive otherwise.

Method: the theme's top-ranked sentences are packed token-aware into the
model's input (map-reduce when they do not fit), summarised with beam search by
a small seq2seq checkpoint (T5/Flan-T5/BART family, via transformers or a
CTranslate2 conversion), split into sentences with syntok, and every generated
sentence is checked by a faithfulness guard (numbers, amounts, percentages and
names must appear in the theme's sources). When the model is missing the stage
falls back to the extractive summary without importing transformers or torch.
Sources (citations) are filled later by the attribute stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from summarize.config import GenerateSettings
from summarize.generation.errors import ModelNotFoundError
from summarize.generation.extractive import extractive_summary
from summarize.generation.resolve import resolve_model
from summarize.types import Summary, ThemeInput


def generate(
    inputs: Sequence[ThemeInput],
    settings: GenerateSettings,
    *,
    seed: int,
    cache_dir: Path,
    notice: Callable[[str], None] = print,
) -> tuple[Summary, ...]:
    """Summarise every theme of a drop.

    Args:
        inputs: One entry per theme, in output order.
        settings: The ``generate`` section of the config.
        seed: Seeds torch before generation (decoding itself is greedy or beam search).
        cache_dir: Where converted models (CTranslate2) are cached.
        notice: Receives one-line messages for the user (a missing model).
    Returns:
        One summary per input, same order: ``seq2seq`` when the model ran,
        ``extractive`` when no model is configured or it is missing, ``none``
        (status ``no_coverage``) for a theme without sentences.
    Raises:
        ModelNotFoundError: the model is missing and ``on_missing_model`` is ``error``.
        GenerationError: the checkpoint is refused (pickle only), not seq2seq, or a backend fails.
    """
    if not settings.model.strip():
        return tuple(extractive_summary(item) for item in inputs)
    if not any(item.ranked for item in inputs):
        return tuple(extractive_summary(item) for item in inputs)
    try:
        resolved = resolve_model(settings.model)
    except ModelNotFoundError as exc:
        if settings.on_missing_model == "error":
            raise
        notice(f"generate: {exc}; using extractive summaries for now")
        note = f"model '{settings.model}' not found: extractive fallback"
        return tuple(extractive_summary(item, notes=(note,)) for item in inputs)
    # Imported here: it pulls in the backends' helpers, which the fallback never needs.
    from summarize.generation.abstractive import summarize_themes

    return summarize_themes(inputs, resolved, settings, seed=seed, cache_dir=Path(cache_dir))
