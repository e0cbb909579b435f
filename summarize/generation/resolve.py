"""Find a model on disk without importing transformers or torch.

``generate.model`` is a local folder or a Hugging Face id. A hub id is looked up
in the Hugging Face cache layout (``models--org--name/snapshots/<rev>``, with
``refs/main`` naming the revision) so that a missing model is detected in
milliseconds and the run never waits on hub retries. huggingface_hub's own
``try_to_load_from_cache`` would do the lookup, but importing it costs more than
this stat-only walk and it does not tell which weight formats exist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from summarize.generation.errors import ModelNotFoundError

# Sharded checkpoints name their parts model-00001-of-00002.safetensors etc.
_SAFETENSORS_GLOB = "*.safetensors"
_PICKLE_NAMES = ("pytorch_model.bin", "pytorch_model.bin.index.json")


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A checkpoint folder on disk.

    ``name`` is the configured value, ``path`` the folder holding config.json;
    ``has_safetensors`` / ``has_pickle`` say which weight formats it holds.
    """

    name: str
    path: Path
    has_safetensors: bool
    has_pickle: bool


def hub_cache_dirs() -> tuple[Path, ...]:
    """The Hugging Face hub cache folders to search, most specific first.

    Returns:
        ``HF_HUB_CACHE``, the legacy ``HUGGINGFACE_HUB_CACHE``, ``HF_HOME/hub``,
        ``XDG_CACHE_HOME/huggingface/hub`` and ``~/.cache/huggingface/hub``,
        without duplicates (existing or not).
    """
    found: list[Path] = []
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            found.append(Path(os.environ[var]).expanduser())
    if os.environ.get("HF_HOME"):
        found.append(Path(os.environ["HF_HOME"]).expanduser() / "hub")
    if os.environ.get("XDG_CACHE_HOME"):
        found.append(Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "huggingface" / "hub")
    found.append(Path.home() / ".cache" / "huggingface" / "hub")
    unique: list[Path] = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return tuple(unique)


def _weights(folder: Path) -> tuple[bool, bool]:
    has_safetensors = any(folder.glob(_SAFETENSORS_GLOB))
    has_pickle = any((folder / name).is_file() for name in _PICKLE_NAMES)
    return has_safetensors, has_pickle


def _snapshots(repo: Path) -> list[Path]:
    """Snapshot folders of a cached repo: the ``refs/main`` revision first, then the rest by name."""
    snapshots = repo / "snapshots"
    if not snapshots.is_dir():
        return []
    ordered: list[Path] = []
    ref = repo / "refs" / "main"
    if ref.is_file():
        revision = ref.read_text(encoding="utf-8").strip()
        if revision:
            ordered.append(snapshots / revision)
    ordered.extend(p for p in sorted(snapshots.iterdir()) if p not in ordered)
    return ordered


def _complete(folder: Path) -> bool:
    if not (folder / "config.json").is_file():
        return False
    has_safetensors, has_pickle = _weights(folder)
    return has_safetensors or has_pickle


def _resolved(name: str, folder: Path) -> ResolvedModel:
    has_safetensors, has_pickle = _weights(folder)
    return ResolvedModel(name, folder, has_safetensors, has_pickle)


def fetch_hint(name: str) -> str:
    """How to provide a missing model, as one clause."""
    dest = f"models/{name.rstrip('/').split('/')[-1] or 'model'}"
    return (
        f"fetch it where a network exists with `python scripts/fetch_model.py {name} {dest}`, "
        f"copy the folder here and run with --set generate.model={dest}"
    )


def resolve_model(name: str) -> ResolvedModel:
    """Locate ``name`` as a local checkpoint folder or in the Hugging Face cache.

    Args:
        name: A local folder path or a hub id such as ``google/flan-t5-small``.
    Returns:
        The folder holding ``config.json`` and at least one weights file.
    Raises:
        ModelNotFoundError: no such folder, or no complete cached snapshot; the
            message names the model and how to fetch it.
    """
    if not name.strip():
        raise ModelNotFoundError("generate.model is empty; set it to a hub id or a local folder")
    local = Path(name).expanduser()
    if local.is_dir():
        if not (local / "config.json").is_file():
            raise ModelNotFoundError(
                f"model folder {local} has no config.json; point generate.model at a checkpoint folder or "
                + fetch_hint(name)
            )
        if not _complete(local):
            raise ModelNotFoundError(
                f"model folder {local} has no weights (*.safetensors or pytorch_model.bin); " + fetch_hint(name)
            )
        return _resolved(name, local)
    # A hub id is "name" or "org/name"; anything else can only be a (missing) folder.
    looks_like_path = name.startswith((".", "/", "~")) or name.count("/") > 1 or os.sep != "/" and os.sep in name
    if not looks_like_path:
        repo_dir = "models--" + name.strip("/").replace("/", "--")
        for cache in hub_cache_dirs():
            for snapshot in _snapshots(cache / repo_dir):
                if _complete(snapshot):
                    return _resolved(name, snapshot)
    raise ModelNotFoundError(f"model '{name}' is not a local folder nor in the Hugging Face cache; " + fetch_hint(name))
