"""Model family detection and prompts, read from config.json without transformers.

T5 checkpoints were trained with task prefixes (``summarize: ``), Flan-T5 follows
instructions, BART-style summarisers take the bare text. The family comes from
``model_type`` and ``architectures``; the original T5 configs carry their task
prefixes in ``task_specific_params``, while Flan-T5 and T5 v1.1 configs are
indistinguishable (gated-gelu, untied), so ``generate.prompt`` settles those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.generation.errors import UnsupportedModelError
from summarize.types import Theme

_T5_TYPES = frozenset({"t5", "mt5", "umt5", "longt5"})
_DEFAULT_T5_PREFIX = "summarize: "
# Used when neither the config nor the tokenizer states an input limit (T5 was trained on 512).
DEFAULT_INPUT_LIMIT = 512
# Tokenizers report this kind of value when they have no real limit.
_NO_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class Family:
    """How to prompt a checkpoint.

    ``prompt`` is ``"t5"`` (task prefix), ``"flan"`` (instruction naming the
    theme) or ``"none"`` (bare text); ``guessed`` is true when the config could
    not tell and the choice is a default the user may want to settle.
    """

    model_type: str
    prompt: str
    prefix: str = ""
    guessed: bool = False


def read_config(folder: Path) -> dict[str, Any]:
    """Read a checkpoint's config.json.

    Raises:
        UnsupportedModelError: the file is not valid JSON.
    """
    path = Path(folder) / "config.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsupportedModelError(
            f"cannot read {path} ({exc}); re-fetch the model with scripts/fetch_model.py"
        ) from None


def _is_seq2seq(config: dict[str, Any]) -> bool:
    if config.get("is_encoder_decoder"):
        return True
    architectures = config.get("architectures") or []
    return any(a.endswith("ForConditionalGeneration") for a in architectures)


def detect_family(config: dict[str, Any], name: str, prompt: str = "auto") -> Family:
    """Decide how to prompt a checkpoint.

    Args:
        config: The parsed config.json.
        name: The configured model name or folder; "flan" in it (or in the
            config's ``_name_or_path``) marks Flan-T5.
        prompt: ``generate.prompt``: ``auto`` or a forced ``t5`` / ``flan`` / ``none``.
    Returns:
        The family with its prompt style.
    Raises:
        UnsupportedModelError: the checkpoint is not an encoder-decoder model.
    """
    model_type = str(config.get("model_type", ""))
    if not _is_seq2seq(config) and model_type not in _T5_TYPES:
        raise UnsupportedModelError(
            f"model '{name}' (model_type {model_type or 'unknown'}) is not a seq2seq summariser; "
            "use an encoder-decoder checkpoint such as google/flan-t5-small or sshleifer/distilbart-cnn-6-6"
        )
    task_prefix = ((config.get("task_specific_params") or {}).get("summarization") or {}).get("prefix", "")
    if prompt == "t5":
        return Family(model_type, "t5", task_prefix or _DEFAULT_T5_PREFIX)
    if prompt in ("flan", "none"):
        return Family(model_type, prompt)
    if model_type not in _T5_TYPES:
        return Family(model_type, "none")
    if task_prefix:
        return Family(model_type, "t5", task_prefix)
    hints = f"{name} {config.get('_name_or_path', '')}".lower()
    if "flan" in hints:
        return Family(model_type, "flan")
    if str(config.get("feed_forward_proj", "relu")).startswith("gated"):
        # Flan-T5 and T5 v1.1 share this config; v1.1 was never trained to summarise,
        # so the instruction is the useful guess.
        return Family(model_type, "flan", guessed=True)
    return Family(model_type, "t5", _DEFAULT_T5_PREFIX)


def topic(theme: Theme) -> str:
    """The theme as a phrase for an instruction: its description, else its name."""
    return theme.description.strip().rstrip(".") or theme.name.replace("_", " ")


def build_prompt(family: Family, theme: Theme, text: str) -> str:
    """The model input for one chunk of a theme's text.

    Args:
        family: From :func:`detect_family`.
        theme: The theme being summarised (named in Flan instructions).
        text: The packed source sentences (or chunk summaries).
    Returns:
        The prompt string.
    """
    if family.prompt == "t5":
        return f"{family.prefix}{text}"
    if family.prompt == "flan":
        return f"Summarize what these news reports say about {topic(theme)}: {text}"
    return text


def input_limit(config: dict[str, Any], tokenizer_limit: int | None) -> tuple[int, bool]:
    """The model's own input limit in tokens.

    Args:
        config: The parsed config.json.
        tokenizer_limit: The tokenizer's ``model_max_length``, if it has one.
    Returns:
        ``(limit, hard)``: ``hard`` is true for absolute position embeddings,
        which cannot take longer inputs at all (T5's relative positions can).
    """
    absolute = config.get("max_position_embeddings")
    if isinstance(absolute, int) and absolute > 0:
        return absolute, True
    declared = config.get("n_positions")
    if isinstance(declared, int) and 0 < declared < _NO_LIMIT:
        return declared, False
    if tokenizer_limit and 0 < tokenizer_limit < _NO_LIMIT:
        return int(tokenizer_limit), False
    return DEFAULT_INPUT_LIMIT, False
