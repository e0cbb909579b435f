"""Writing outputs safely: atomic files, one writer per folder, names that stay inside it.

- Atomic writes: a reader sees the old file or the new one, never half of one. A
  file goes to a hidden temp file in the same folder (``.<name>.<random>.tmp``),
  is flushed to disk and renamed into place; :func:`write_files` writes a whole
  set of files first and renames them only when every one is on disk, so a full
  disk leaves the previous set untouched.
- :func:`folder_lock`: an ``fcntl.flock`` lock file in the output folder, so two
  runs never write the same folder at once (the kernel drops the lock when its
  holder dies, even by ``kill -9``).
- :func:`safe_name` / :func:`sanitize_name`: names that come from the input
  (drop and theme names) become exactly one path component inside the folder.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from summarize.errors import OutputBusyError, OutputError, UnsafeNameError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_PERMITTED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _write_temp(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden temp file beside ``target``, flushed to disk; return its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; outputs are reports meant to be shared like any written file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename.

    Raises:
        OSError: when the folder cannot be created or written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def output_error(exc: OSError, path: str | Path) -> OutputError:
    """A message for a failed write of ``path`` that says what to do.

    Args:
        exc: The error the write raised.
        path: The file (or folder) being written.
    Returns:
        The :class:`OutputError` to raise.
    """
    if exc.errno in _DISK_FULL:
        return OutputError(
            f"the disk is full: cannot write {path}; free some space (or choose another --output) and run "
            "again (files already in the folder are unchanged)"
        )
    if exc.errno in _NOT_PERMITTED:
        return OutputError(
            f"cannot write {path}: {exc.strerror or 'permission denied'}; fix the folder's permissions "
            "or choose another --output"
        )
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def write_files(folder: str | Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write a set of files into ``folder`` atomically, renamed into place in the given order.

    Every file is first written to its temp file; only when all are on disk are they
    renamed, so a failure while writing (a full disk) leaves every previous file as it
    was and no temp file behind. A kill leaves each file either old or new, never
    partial; its hidden temp files are swept by :func:`remove_temp_files`.

    Args:
        folder: The output folder (created when missing).
        files: ``(file name, bytes)`` pairs; the last one is renamed last.
    Returns:
        The written paths, in order.
    Raises:
        OutputError: naming the file that could not be written and what to do.
    """
    root = Path(folder)
    temps: list[tuple[Path, Path]] = []
    target = root
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            target = root / safe_name(name, "output file")
            temps.append((_write_temp(target, data), target))
        for tmp, target in temps:
            os.replace(tmp, target)
    except OSError as exc:
        raise output_error(exc, target) from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return [target for _, target in temps]


def is_temp_of(name: str, targets: Iterable[str]) -> bool:
    """Whether ``name`` is a temp file the atomic writes make for one of ``targets``."""
    return any(re.fullmatch(rf"\.{re.escape(t)}\.[^/]+\.tmp", name) for t in targets)


def remove_temp_files(folder: str | Path, targets: Iterable[str]) -> list[str]:
    """Delete the hidden temp files a killed run left for ``targets`` in ``folder``.

    Call only while holding the folder's lock (:func:`folder_lock`): a live writer's
    temp files look the same.

    Returns:
        The names removed, sorted.
    """
    wanted = tuple(targets)
    removed = []
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and is_temp_of(path.name, wanted):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def _holder(handle: Any) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None


@contextmanager
def folder_lock(folder: str | Path, lock_name: str) -> Iterator[Path]:
    """Create ``folder``, check it is writable and hold its lock file for the duration.

    The lock does not wait: a second writer fails at once, before any work is done.
    The holder's pid is written into the lock file so the message can name it, and
    cleared when the holder finishes.

    Args:
        folder: The output folder.
        lock_name: The lock file's name inside it.
    Yields:
        The folder.
    Raises:
        OutputError: the folder cannot be created or written (naming it).
        OutputBusyError: another process holds the lock.
    """
    root = Path(folder)
    handle = _open_lock_file(root, lock_name)
    held = False
    try:
        held = _take_lock(handle, root)
        yield root
    finally:
        if held:
            # The pid means something only while the lock is held; an empty file after the
            # run keeps the folder the same bytes from run to run. The file itself stays: a
            # waiting opener of an unlinked lock file could otherwise run beside a new one.
            with suppress(OSError):
                handle.seek(0)
                handle.truncate()
        handle.close()  # closing releases the lock; the kernel also releases it when a run is killed


def _open_lock_file(root: Path, lock_name: str) -> IO[str]:
    """Create ``root``, prove it writable and open its lock file (not locked yet).

    Raises:
        OutputError: ``root`` is a file, or cannot be created or written (naming it).
    """
    if root.exists() and not root.is_dir():
        raise OutputError(f"output folder {root} is a file; choose another --output")
    try:
        root.mkdir(parents=True, exist_ok=True)
        # A real file, not os.access: it also catches read-only mounts and ACLs.
        fd, probe = tempfile.mkstemp(prefix=".write-check.", suffix=".tmp", dir=root)
        os.close(fd)
        os.unlink(probe)
        return open(root / lock_name, "a+", encoding="ascii")  # noqa: SIM115 - folder_lock closes it, after unlocking
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise output_error(exc, root) from None
        raise OutputError(
            f"cannot write to the output folder {root}: {exc.strerror or exc}; fix its permissions or choose "
            "another --output"
        ) from None


def _take_lock(handle: IO[str], root: Path) -> bool:
    """Lock ``handle`` without waiting and write our pid into it, so a second writer's
    message can name us.

    Returns:
        True when the lock is held; False where there is no ``fcntl`` (not POSIX: no
        lock, one run per output folder is the user's job).
    Raises:
        OutputBusyError: another process holds the lock.
    """
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = _holder(handle)
        who = f"another run (pid {pid})" if pid else "another run"
        raise OutputBusyError(
            f"{root} is being written by {who}; wait for it to finish or choose another --output",
            str(root),
            pid,
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return True


def _is_control(char: str) -> bool:
    # Cc: control characters and NUL; Cf: invisible formatting (right-to-left overrides that
    # disguise a name); Cs: undecodable bytes of a non-UTF-8 file name.
    return unicodedata.category(char) in {"Cc", "Cf", "Cs"}


def _name_problem(name: str) -> str:
    """Why ``name`` cannot be one path component, or "" when it can."""
    if not name or not name.strip():
        return "is empty"
    if name in {".", ".."}:
        return f"is '{name}' (a folder reference)"
    if "/" in name or "\\" in name or (os.altsep and os.altsep in name):
        return "contains a path separator"
    if any(_is_control(c) for c in name):
        return "contains a control, NUL or invisible formatting character"
    if len(name.encode("utf-8", "surrogateescape")) > 255:
        return "is longer than 255 bytes"
    return ""


def safe_name(name: str, what: str) -> str:
    """``name`` unchanged when it is one harmless path component.

    Args:
        name: A name from the input or config (a theme, a drop, an output file).
        what: What the name is, for the message.
    Returns:
        The name.
    Raises:
        UnsafeNameError: the name is empty, ``.``/``..``, holds a path separator or a
            control/NUL character, or is too long; the message says which.
    """
    problem = _name_problem(name)
    if problem:
        raise UnsafeNameError(f"{what} {name!r} cannot be used as a file name: it {problem}; rename it")
    return name


def sanitize_name(name: str, fallback: str = "drop") -> str:
    """``name`` made into one harmless path component (separators and control characters become ``_``).

    Args:
        name: A name taken from a file or folder name (a drop).
        fallback: Used when nothing usable is left (``..``, empty).
    Returns:
        A name :func:`safe_name` accepts.
    """
    cleaned = "".join("_" if c in "/\\" or c == os.altsep or _is_control(c) else c for c in name).strip()
    cleaned = cleaned.encode("utf-8", "surrogateescape")[:255].decode("utf-8", "ignore")
    return fallback if _name_problem(cleaned) else cleaned


def dumps_json(data: Any) -> str:
    """Stable JSON: sorted keys are not used, so callers control order; floats as given."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
