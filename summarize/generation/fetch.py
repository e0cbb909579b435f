"""Download a checkpoint into a local folder, for machines that run offline.

Only what generation needs is fetched: config and generation config,
safetensors weights and tokenizer files. Pickle weights (``.bin``) are fetched
only on request, and then rewritten as safetensors with ``torch.load(...,
weights_only=True)`` (which refuses arbitrary objects), so the folder loads
with ``allow_pickle: false``.
"""

from __future__ import annotations

from pathlib import Path

from summarize.generation.errors import GenerationError

# Config, generation config, tokenizer.json/_config, special tokens, spiece.model, vocab.json, merges.txt.
BASE_PATTERNS = ("*.json", "*.safetensors", "*.model", "*.txt")
PICKLE_PATTERNS = ("pytorch_model*.bin",)


def patterns(allow_pickle: bool) -> tuple[str, ...]:
    """The file patterns to download."""
    return BASE_PATTERNS + (PICKLE_PATTERNS if allow_pickle else ())


def pickle_to_safetensors(folder: Path) -> list[Path]:
    """Rewrite ``pytorch_model*.bin`` weights in ``folder`` as safetensors and delete the pickles.

    Args:
        folder: A checkpoint folder.
    Returns:
        The safetensors files written.
    Raises:
        GenerationError: a file holds more than tensors (``weights_only`` refuses it).
    """
    import json

    import torch
    from safetensors.torch import save_file

    written = []
    index = folder / "pytorch_model.bin.index.json"
    for source in sorted(folder.glob("pytorch_model*.bin")):
        try:
            state = torch.load(source, map_location="cpu", weights_only=True)
        except Exception as exc:  # torch raises UnpicklingError, RuntimeError, ... for refused content
            raise GenerationError(f"{source} is not a plain tensor checkpoint ({exc}); it was not converted") from None
        # safetensors refuses tensors sharing memory (tied weights): store independent copies.
        tensors = {name: tensor.contiguous().clone() for name, tensor in state.items()}
        target = source.with_name(source.name.replace("pytorch_model", "model").replace(".bin", ".safetensors"))
        save_file(tensors, str(target), metadata={"format": "pt"})
        source.unlink()
        written.append(target)
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        data["weight_map"] = {
            k: v.replace("pytorch_model", "model").replace(".bin", ".safetensors")
            for k, v in data["weight_map"].items()
        }
        (folder / "model.safetensors.index.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        index.unlink()
    return written


def fetch_model(model_id: str, dest: str | Path, *, allow_pickle: bool = False, revision: str | None = None) -> Path:
    """Download ``model_id`` from the Hugging Face hub into ``dest``.

    Args:
        model_id: A hub id such as ``google/flan-t5-small``.
        dest: The local folder (created); point ``generate.model`` at it.
        allow_pickle: Also fetch ``.bin`` weights when the repo has no
            safetensors, and convert them to safetensors.
        revision: A branch, tag or commit (default: main).
    Returns:
        ``dest``.
    Raises:
        GenerationError: the download fails, or the repo has no usable weights.
    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError, RepositoryNotFoundError

    dest = Path(dest)
    try:
        snapshot_download(
            repo_id=model_id, revision=revision, local_dir=str(dest), allow_patterns=list(patterns(allow_pickle))
        )
    except RepositoryNotFoundError:
        raise GenerationError(f"no model '{model_id}' on the Hugging Face hub; check the id") from None
    except LocalEntryNotFoundError:
        raise GenerationError(
            f"cannot download '{model_id}': no network here (or HF_HUB_OFFLINE=1); run this where a network "
            "exists and copy the folder over"
        ) from None
    except (HfHubHTTPError, OSError) as exc:
        raise GenerationError(f"cannot download '{model_id}': {exc}") from None
    if not (dest / "config.json").is_file():
        raise GenerationError(f"'{model_id}' has no config.json; it is not a transformers checkpoint")
    if not any(dest.glob("*.safetensors")):
        if not any(dest.glob("pytorch_model*.bin")):
            hint = "" if allow_pickle else "; if it only has pickle weights, rerun with --allow-pickle"
            raise GenerationError(f"'{model_id}' has no safetensors weights{hint}")
        pickle_to_safetensors(dest)
    return dest
