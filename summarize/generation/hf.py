"""The transformers backend: ``AutoModelForSeq2SeqLM.generate`` on the CPU.

Weights load from safetensors only (``use_safetensors=True``) unless the config
allows pickle: a ``.bin`` checkpoint can run arbitrary code when unpickled.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from summarize.generation.backend import Decoding
from summarize.generation.errors import BackendError, PickleRefusedError
from summarize.generation.resolve import ResolvedModel


def refuse_pickle(resolved: ResolvedModel, allow_pickle: bool) -> None:
    """Stop before loading a pickle-only checkpoint unless pickle is allowed.

    Raises:
        PickleRefusedError: only ``.bin`` weights and ``allow_pickle`` is false.
    """
    if not resolved.has_safetensors and not allow_pickle:
        raise PickleRefusedError(
            f"model '{resolved.name}' ({resolved.path}) only has pickle weights (pytorch_model.bin), which can run "
            "code when loaded; fetch a safetensors copy (scripts/fetch_model.py fetches safetensors by default) "
            "or, if you trust the source, set generate.allow_pickle: true"
        )


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' info/warning logs and progress bars for a block, then restore them.

    Loading real Flan-T5 checkpoints logs a tied-weights warning that is
    expected (they are untied on purpose) and would alarm users.
    """
    from transformers.utils import logging

    level = logging.get_verbosity()
    bars = logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(level)
        if bars:
            logging.enable_progress_bar()


def load_model(resolved: ResolvedModel, *, allow_pickle: bool = False) -> Any:
    """Load a seq2seq checkpoint for CPU inference (eval mode, float32).

    Args:
        resolved: The checkpoint folder.
        allow_pickle: Permit ``pytorch_model.bin`` weights.
    Returns:
        The transformers model.
    Raises:
        PickleRefusedError: pickle-only checkpoint and ``allow_pickle`` false.
        BackendError: transformers cannot load the checkpoint.
    """
    refuse_pickle(resolved, allow_pickle)
    import torch
    from transformers import AutoModelForSeq2SeqLM

    with quiet_transformers():
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(
                str(resolved.path),
                use_safetensors=True if not allow_pickle else None,
                local_files_only=True,
                dtype=torch.float32,
            )
        except (OSError, ValueError, KeyError) as exc:
            raise BackendError(
                f"transformers cannot load model '{resolved.name}' from {resolved.path}: {exc}"
            ) from None
    return model.eval()


class TransformersBackend:
    """Greedy or beam-search generation with transformers, batched, deterministic.

    Args:
        model: From :func:`load_model`.
        decoding: Beam and length settings.
        pad_id: The padding token id.
        threads: torch intra-op threads.
        seed: Seeds torch before every batch (decoding itself does not sample).
    """

    name = "transformers"

    def __init__(self, model: Any, decoding: Decoding, *, pad_id: int, threads: int, seed: int) -> None:
        import copy

        import torch

        torch.set_num_threads(threads)
        self._model = model
        self._pad_id = pad_id
        self._seed = seed
        config = copy.deepcopy(model.generation_config)
        # The checkpoint's own length limits (e.g. max_length 142) must not override ours.
        config.max_length = None
        config.min_length = 0
        config.update(
            do_sample=False,
            num_beams=decoding.num_beams,
            early_stopping=decoding.num_beams > 1,
            no_repeat_ngram_size=decoding.no_repeat_ngram_size,
            length_penalty=decoding.length_penalty,
            min_new_tokens=decoding.min_new_tokens,
            max_new_tokens=decoding.max_new_tokens,
            use_cache=True,
            pad_token_id=pad_id,
        )
        self._config = config

    def generate(self, batch: Sequence[Sequence[int]]) -> list[list[int]]:
        """Output ids for each input id sequence (inputs padded on the right with a mask)."""
        import torch

        if not batch:
            return []
        width = max(len(row) for row in batch)
        ids = torch.full((len(batch), width), self._pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = torch.tensor(list(row), dtype=torch.long)
            mask[i, : len(row)] = 1
        torch.manual_seed(self._seed)
        with torch.inference_mode(), quiet_transformers():
            output = self._model.generate(input_ids=ids, attention_mask=mask, generation_config=self._config)
        return [row.tolist() for row in output]
