"""The CTranslate2 backend: the same checkpoint converted once, then run with
CTranslate2's CPU kernels (about 3x transformers at batch 1, 6x for a batch;
see docs/generation.md).

The conversion is cached under ``cache_dir/ctranslate2/<name>-<digest>``; the
digest covers the checkpoint files and the CTranslate2 version, so a changed
checkpoint is converted again. The model is stored in float32; int8 is applied
when loading (``compute_type: int8``), so one conversion serves both.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarize.generation.backend import Decoding
from summarize.generation.errors import BackendError
from summarize.generation.resolve import ResolvedModel

_FINGERPRINT_FILES = re.compile(r".*\.(json|safetensors|bin|model|txt)$")


def _ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise BackendError(
            "generate.backend: ctranslate2 needs the ctranslate2 package: pip install ctranslate2 "
            "(or set generate.backend: transformers)"
        ) from None
    return ctranslate2


def fingerprint(resolved: ResolvedModel) -> str:
    """A digest of the checkpoint's files (names, sizes, mtimes, config) and the CTranslate2 version."""
    ctranslate2 = _ctranslate2()
    digest = hashlib.sha256(f"ctranslate2 {ctranslate2.__version__}\n".encode())
    for path in sorted(resolved.path.iterdir()):
        if path.is_file() and _FINGERPRINT_FILES.match(path.name):
            stat = path.stat()
            digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    digest.update((resolved.path / "config.json").read_bytes())
    return digest.hexdigest()[:16]


def converted_folder(resolved: ResolvedModel, cache_dir: Path) -> Path:
    """Where the conversion of ``resolved`` is (or will be) cached."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", resolved.name.strip("/")).strip("-.") or "model"
    return Path(cache_dir) / "ctranslate2" / f"{slug[-60:]}-{fingerprint(resolved)}"


def _converter_class() -> Any:
    import transformers
    from ctranslate2.converters import TransformersConverter

    class _Converter(TransformersConverter):
        """Loads weights safely and keeps Flan-T5's output scale right.

        transformers 5 forces ``T5Config.tie_word_embeddings`` to True and keeps
        the real setting in ``scale_decoder_outputs``; CTranslate2's T5 loader
        reads the former to decide whether to scale decoder outputs, which would
        scale Flan-T5 / T5 v1.1 (untied) wrongly. The flag is restored here, and
        BART gets back the ``normalize_before`` flag transformers 5 removed.
        """

        use_safetensors: bool | None = True

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = model_class.from_pretrained(
                model_name_or_path, use_safetensors=self.use_safetensors, local_files_only=True, **kwargs
            )
            config = model.config
            scale = getattr(config, "scale_decoder_outputs", None)
            if isinstance(config, transformers.T5Config) and scale is not None:
                config.tie_word_embeddings = bool(scale)
            if isinstance(config, transformers.BartConfig) and not hasattr(config, "normalize_before"):
                # transformers 5 dropped this always-False flag (BART is post-norm); the converter still reads it.
                config.normalize_before = False
            return model

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return tokenizer_class.from_pretrained(model_name_or_path, local_files_only=True, **kwargs)

    return _Converter


def convert(resolved: ResolvedModel, cache_dir: Path, *, allow_pickle: bool = False) -> Path:
    """Convert a checkpoint for CTranslate2 unless a cached conversion exists.

    Args:
        resolved: The checkpoint folder (it must hold tokenizer files too).
        cache_dir: The configured cache folder.
        allow_pickle: Permit ``pytorch_model.bin`` weights.
    Returns:
        The converted model folder (with tokenizer.json and codec.json for the codec).
    Raises:
        PickleRefusedError: pickle-only checkpoint and ``allow_pickle`` false.
        BackendError: the conversion fails (unsupported architecture, missing tokenizer).
    """
    from summarize.generation.codec import load_codec
    from summarize.generation.hf import quiet_transformers, refuse_pickle

    refuse_pickle(resolved, allow_pickle)
    target = converted_folder(resolved, cache_dir)
    if (target / "model.bin").is_file() and (target / "decoding.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        converter = _converter_class()(str(resolved.path))
        converter.use_safetensors = True if not allow_pickle else None
        with quiet_transformers():
            try:
                converter.convert(str(work / "model"), quantization="float32", force=True)
            except (OSError, ValueError, KeyError, NotImplementedError) as exc:
                raise BackendError(
                    f"cannot convert model '{resolved.name}' for CTranslate2 ({exc}); "
                    "use generate.backend: transformers for this model"
                ) from None
        codec = load_codec(resolved.path)
        codec.save(work / "model")
        forced = _forced_bos(resolved.path)
        prefix = codec.id_to_token([forced]) if forced is not None else []
        (work / "model" / "decoding.json").write_text(json.dumps({"target_prefix": prefix}), encoding="utf-8")
        try:
            os.replace(work / "model", target)
        except OSError:
            # Another run converted the same checkpoint at the same time: keep theirs.
            if not (target / "decoding.json").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _forced_bos(folder: Path) -> int | None:
    """The token transformers forces first (BART summarisers: ``<s>``); CTranslate2 needs it as a prefix."""
    for name in ("generation_config.json", "config.json"):
        path = folder / name
        if path.is_file():
            value = json.loads(path.read_text(encoding="utf-8")).get("forced_bos_token_id")
            if isinstance(value, int):
                return value
    return None


def thread_plan(threads: int, compute_type: str, batch: int) -> dict[str, int]:
    """Translator and batching threads measured best on 2-core machines.

    float32 scales over intra-op threads; int8 scales badly there, so with
    several threads it runs one thread per example and examples in parallel
    (docs/generation.md); with one thread it batches normally.
    """
    parallel = max(1, min(threads, batch))
    if compute_type == "int8" and parallel > 1:
        return {"intra_threads": 1, "inter_threads": parallel, "max_batch_size": 1}
    if compute_type == "int8":
        return {"intra_threads": 1, "inter_threads": 1, "max_batch_size": 0}
    return {"intra_threads": threads, "inter_threads": 1, "max_batch_size": 0}


class CTranslate2Backend:
    """Beam or greedy generation with a CTranslate2 ``Translator`` on the CPU.

    Args:
        folder: A folder made by :func:`convert`.
        decoding: Beam and length settings.
        threads: CPU threads to use.
        compute_type: ``float32`` or ``int8`` (quantised on load).
        batch_hint: Expected prompts per call (sizes the int8 thread plan).
    """

    name = "ctranslate2"

    def __init__(
        self, folder: Path, decoding: Decoding, *, threads: int, compute_type: str = "float32", batch_hint: int = 8
    ) -> None:
        from summarize.generation.codec import load_codec

        ctranslate2 = _ctranslate2()
        self._plan = thread_plan(threads, compute_type, batch_hint)
        self._translator = ctranslate2.Translator(
            str(folder),
            device="cpu",
            compute_type=compute_type,
            intra_threads=self._plan["intra_threads"],
            inter_threads=self._plan["inter_threads"],
        )
        self._codec = load_codec(folder)
        self._decoding = decoding
        extra = folder / "decoding.json"
        self._prefix: list[str] = (
            json.loads(extra.read_text(encoding="utf-8"))["target_prefix"] if extra.is_file() else []
        )

    def generate(self, batch: Sequence[Sequence[int]]) -> list[list[int]]:
        """Output ids for each input id sequence."""
        if not batch:
            return []
        d = self._decoding
        results = self._translator.translate_batch(
            [self._codec.id_to_token(row) for row in batch],
            target_prefix=[list(self._prefix) for _ in batch] if self._prefix else None,
            beam_size=d.num_beams,
            length_penalty=d.length_penalty,
            no_repeat_ngram_size=d.no_repeat_ngram_size,
            min_decoding_length=d.min_new_tokens,
            max_decoding_length=d.max_new_tokens,
            max_input_length=0,
            max_batch_size=self._plan["max_batch_size"],
            num_hypotheses=1,
        )
        return [self._codec.token_to_id(result.hypotheses[0]) for result in results]
