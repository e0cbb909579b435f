"""The drops of a batch folder, each drop's own settings, and the two hashes that decide reruns.

A batch folder holds one drop per entry: a subfolder of articles (``.txt``/``.md``
files directly inside it, or inside its ``articles/`` subfolder like ``seeds/``),
or one ``.jsonl``/``.json`` file. A drop folder may hold ``themes.yaml``
(replacing the config's themes for that drop) and ``references/<theme>.txt``
(used for ROUGE). Entries whose name starts with ``.`` and other files are ignored.

A drop is redone when its *content hash* or its *config hash* changes:

- content hash: sha256 over the sorted (relative file name, bytes) of every file
  the run reads: the articles (files with a ``load.extensions`` ending), the
  themes file and the ``references/*.txt`` files.
- config hash: sha256 of the drop's effective settings as canonical JSON plus the
  package version, without the keys that cannot change an output byte
  (:data:`CONTENT_NEUTRAL`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from summarize import __version__
from summarize.config import THEMES_FILES, Settings, load_themes_file, parse_settings
from summarize.errors import InputError, UnsafeNameError
from summarize.io import safe_name

DROP_FILE_SUFFIXES = (".jsonl", ".json")
# Names the batch itself writes in the output folder; a drop cannot use them.
RESERVED_NAMES = frozenset({"manifest.json", "index.json", "index.md"})
# Settings that do not reach the outputs: where the drop is (input, references: both
# covered by the content hash), where outputs and caches go (output, cache_dir; caching
# never changes a byte), and what is printed (report).
CONTENT_NEUTRAL = frozenset({"input", "output", "references", "cache_dir", "report"})


@dataclass(frozen=True, slots=True)
class DropSource:
    """One drop of the batch folder.

    ``name`` names the output folder ``OUT/<name>/`` (the entry's name, or the
    file's stem); ``entry`` is the entry's name in the batch folder. ``problem``,
    when set, says why the drop cannot run (the run records it as failed).
    """

    name: str
    entry: str
    path: Path
    articles: Path
    themes: Path | None = None
    references: Path | None = None
    problem: str = ""


def _source_of(path: Path) -> DropSource | None:
    if path.name.startswith("."):
        return None
    if path.is_dir():
        articles = path / "articles" if (path / "articles").is_dir() else path
        themes = next((path / n for n in THEMES_FILES if (path / n).is_file()), None)
        references = path / "references" if (path / "references").is_dir() else None
        return DropSource(path.name, path.name, path, articles, themes, references)
    if path.is_file() and path.suffix.lower() in DROP_FILE_SUFFIXES:
        return DropSource(path.stem, path.name, path, path)
    return None


def find_drops(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[DropSource]:
    """The drops in a batch folder, sorted by name.

    Args:
        folder: The batch folder (``--batch``).
        exclude: Paths never taken as drops (the output folder, when it sits inside).
    Returns:
        One source per drop. Two entries with the same name (``a/`` and ``a.jsonl``),
        a reserved name or a name that cannot be a folder name give one source carrying a ``problem``.
    Raises:
        InputError: the folder is missing or holds no drop.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"batch folder not found: {root} (expected a folder of drop subfolders or .jsonl files)")
    skip = {Path(p).resolve() for p in exclude}
    by_name: dict[str, list[DropSource]] = {}
    for path in sorted(root.iterdir()):
        if path.resolve() in skip:
            continue
        source = _source_of(path)
        if source is not None:
            by_name.setdefault(source.name, []).append(source)
    if not by_name:
        raise InputError(f"{root}: no drops found (expected subfolders of .txt/.md articles or .jsonl/.json files)")
    drops = []
    for name, sources in sorted(by_name.items()):
        first = sources[0]
        if len(sources) > 1:
            entries = ", ".join(s.entry for s in sources)
            first = _with_problem(first, f"{len(sources)} drops are named '{name}' ({entries}); rename all but one")
        elif name in RESERVED_NAMES:
            first = _with_problem(first, f"'{name}' is a name the batch writes itself; rename the drop")
        else:
            try:
                safe_name(name, "drop name")  # OUT/<name>/ must be one folder inside OUT
            except UnsafeNameError as exc:
                first = _with_problem(first, str(exc))
        drops.append(first)
    return drops


def _with_problem(source: DropSource, problem: str) -> DropSource:
    return DropSource(source.name, source.entry, source.path, source.articles, problem=problem)


def _files(source: DropSource, extensions: Iterable[str]) -> list[Path]:
    if source.articles.is_file():
        return [source.articles]
    endings = {e.lower() for e in extensions}
    files = [p for p in source.articles.iterdir() if p.is_file() and p.suffix.lower() in endings]
    if source.themes is not None:
        files.append(source.themes)
    if source.references is not None:
        files += [p for p in source.references.iterdir() if p.is_file() and p.suffix == ".txt"]
    return files


def content_hash(source: DropSource, extensions: Iterable[str]) -> str:
    """sha256 over the sorted (relative name, bytes) of the files a run of ``source`` reads.

    Args:
        source: The drop.
        extensions: ``load.extensions``: which files of a folder are articles.
    Returns:
        The hex digest.
    Raises:
        InputError: a file cannot be read.
    """
    base = source.path.parent if source.path.is_file() else source.path
    digest = hashlib.sha256()
    try:
        files = sorted((p.relative_to(base).as_posix(), p) for p in _files(source, extensions))
        for relative, path in files:
            data = path.read_bytes()
            # Length-prefixed so (name, bytes) pairs cannot run into each other.
            digest.update(f"{relative}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError as exc:
        raise InputError(f"{exc.filename or source.path}: cannot read ({exc.strerror})") from None
    return digest.hexdigest()


def drop_settings(base: Settings, source: DropSource) -> Settings:
    """The settings one drop runs with.

    The drop's themes file replaces the config's themes; its ``references/`` folder
    is used for ROUGE (no folder: no scoring, never the config's references, which
    belong to another drop). Paths become absolute so Dask workers resolve them alike.

    Args:
        base: The batch's validated settings.
        source: The drop.
    Returns:
        Validated settings for the drop.
    Raises:
        ConfigError: the drop's themes file is invalid (the message names it).
    """
    raw = base.model_dump(mode="json")
    raw["input"] = str(source.articles.resolve())
    raw["references"] = str(source.references.resolve()) if source.references else ""
    raw["cache_dir"] = str(Path(base.cache_dir).resolve())
    origin = "config"
    if source.themes is not None:
        raw["themes"] = load_themes_file(source.themes)
        origin = str(source.themes)
    return parse_settings(raw, source=origin)


def config_hash(settings: Settings) -> str:
    """sha256 of the settings that shape a drop's outputs, as canonical JSON.

    Args:
        settings: The drop's settings (see :func:`drop_settings`).
    Returns:
        The hex digest; equal settings give equal digests in any process.
    """
    document = {"summarize": __version__, "settings": settings.model_dump(mode="json", exclude=set(CONTENT_NEUTRAL))}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
