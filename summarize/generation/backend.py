"""What every generation backend offers, and the decoding settings they share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from summarize.config import GenerateSettings


@dataclass(frozen=True, slots=True)
class Decoding:
    """Deterministic decoding: beam search (greedy when ``num_beams`` is 1), never sampling."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    min_new_tokens: int = 60
    max_new_tokens: int = 160

    @classmethod
    def from_settings(cls, settings: GenerateSettings) -> Decoding:
        """The decoding part of the ``generate`` settings (``min`` capped at ``max``)."""
        return cls(
            num_beams=settings.num_beams,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            length_penalty=settings.length_penalty,
            min_new_tokens=min(settings.min_new_tokens, settings.max_new_tokens),
            max_new_tokens=settings.max_new_tokens,
        )


class Backend(Protocol):
    """Turns batches of input token ids into output token ids (special tokens allowed)."""

    name: str

    def generate(self, batch: Sequence[Sequence[int]]) -> list[list[int]]: ...
