"""Errors of the generate stage that a user can cause; each message says what to do."""

from __future__ import annotations

from summarize.errors import SummarizeError


class GenerationError(SummarizeError):
    """Base class for generate-stage failures a user can fix."""


class ModelNotFoundError(GenerationError):
    """The configured model is neither a local folder nor in the Hugging Face cache."""


class PickleRefusedError(GenerationError):
    """The checkpoint only has pickle (.bin) weights and ``allow_pickle`` is false."""


class UnsupportedModelError(GenerationError):
    """The checkpoint is not an encoder-decoder (seq2seq) model."""


class BackendError(GenerationError):
    """A backend cannot run (missing package, failed conversion)."""
