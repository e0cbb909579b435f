"""The batch output folder: a lock, complete-or-absent drop folders, and the manifest.

Only the batch's client process writes here (Dask workers return results and
never touch the folder), and it holds ``OUT/.batch.lock`` while it does, so
leftovers of a killed run can be removed safely at the next start.

A drop's folder is built as ``OUT/.<name>.tmp-<pid>`` and renamed into place;
an older folder is first renamed aside to ``OUT/.<name>.old-<pid>`` and deleted
after. A kill at any moment leaves ``OUT/<name>/`` complete (old or new) or
absent, plus hidden leftovers that :func:`remove_stale` deletes.

``manifest.json``: ``{"format": 1, "drops": {name: {"status": "ok"|"failed",
"source", "content_hash", "config_hash", "error"?}}}``, sorted by name and
rewritten atomically after every drop, so it never disagrees with the folders
in a way that skips work: an entry is trusted only when its folder is complete.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarize.errors import OutputBusyError, OutputError
from summarize.io import atomic_write_text, dumps_json, folder_lock, safe_name

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
LOCK = ".batch.lock"
# The file whose presence means a drop folder is complete (the report stage writes it last,
# and the folder is renamed into place only after that).
COMPLETE_MARK = "summaries.json"
_STALE_FOLDER = re.compile(r"^\..+\.(tmp|old)-\d+$")
# Temp files atomic_write_text leaves behind when killed mid-write.
_STALE_FILE = re.compile(r"^\.(manifest\.json|index\.json|index\.md)\..+\.tmp$")


@contextmanager
def locked(root: str | Path) -> Iterator[Path]:
    """Create ``root`` and hold its batch lock for the duration (see :func:`summarize.io.folder_lock`).

    Raises:
        OutputError: the folder cannot be created or written, or another batch holds the lock.
    """
    try:
        with folder_lock(root, LOCK) as folder:
            yield folder
    except OutputBusyError as exc:
        pid = f"pid {exc.pid}, " if exc.pid else ""
        raise OutputError(
            f"another batch run is writing to {exc.folder} ({pid}it holds {Path(exc.folder) / LOCK}); "
            "wait for it to finish or choose another --output"
        ) from None


def remove_stale(root: str | Path) -> list[str]:
    """Delete what a killed run left in ``root``: temp and set-aside drop folders, temp files.

    Call only while holding the lock (:func:`locked`).

    Returns:
        The names removed, sorted.
    """
    removed = []
    for path in sorted(Path(root).iterdir()):
        if path.is_dir() and _STALE_FOLDER.match(path.name):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        elif path.is_file() and _STALE_FILE.match(path.name):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def is_complete(root: str | Path, name: str) -> bool:
    """Whether ``root/name`` is a complete drop folder."""
    return (Path(root) / name / COMPLETE_MARK).is_file()


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # Makes the renames durable across a power loss; kill -9 needs nothing (the page cache survives).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def commit_folder(root: str | Path, name: str, fill: Callable[[Path], object]) -> Path:
    """Build ``root/name`` through a temp folder, so it is complete or absent at every moment.

    Args:
        root: The batch output folder (locked).
        name: The drop's name.
        fill: Writes the drop's files into the folder it is given.
    Returns:
        The drop's folder.
    Raises:
        OutputError: a folder cannot be created or renamed (``fill``'s own errors pass through).
        UnsafeNameError: ``name`` is not one plain folder name.
    """
    folder = Path(root)
    final = folder / safe_name(name, "drop name")
    temp = folder / f".{name}.tmp-{os.getpid()}"
    aside = folder / f".{name}.old-{os.getpid()}"
    try:
        _delete(temp)
        temp.mkdir()
        fill(temp)
        if final.exists() or final.is_symlink():
            _delete(aside)
            os.rename(final, aside)
            try:
                os.rename(temp, final)
            except OSError:
                os.rename(aside, final)  # keep the old complete folder rather than none
                raise
            _delete(aside)
        else:
            os.rename(temp, final)
        _sync_folder(folder)
    except OSError as exc:
        raise OutputError(f"cannot write {final}: {exc.strerror or exc}") from None
    finally:
        if temp.exists():
            _delete(temp)
    return final


def read_manifest(root: str | Path) -> tuple[dict[str, dict[str, Any]], str]:
    """The previous run's manifest entries.

    Returns:
        (entries by drop name, a warning when the manifest exists but cannot be used, else "").
    """
    path = Path(root) / MANIFEST
    if not path.exists():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        drops = data["drops"] if data.get("format") == MANIFEST_FORMAT else None
    except (OSError, ValueError, AttributeError, KeyError):
        drops = None
    if not isinstance(drops, dict) or not all(isinstance(v, dict) for v in drops.values()):
        return {}, f"{path} is unreadable or from another version; every drop will be redone"
    return drops, ""


def write_manifest(root: str | Path, entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the manifest atomically, entries sorted by drop name.

    Raises:
        OutputError: the file cannot be written.
    """
    document = {"format": MANIFEST_FORMAT, "drops": {name: dict(entries[name]) for name in sorted(entries)}}
    try:
        atomic_write_text(Path(root) / MANIFEST, dumps_json(document))
    except OSError as exc:
        raise OutputError(f"cannot write {Path(root) / MANIFEST}: {exc.strerror or exc}") from None
