"""Drop folders for evaluation, and the check that every theme has a reference.

A drop folder holds its articles (directly, or in ``articles/``), a
``references/`` folder of ``<theme>.txt`` files and, optionally, a
``themes.yaml`` (otherwise the config's themes apply) - the layout of
``seeds/`` and ``../shared/dev_drops/<drop>/``. Only existence is checked here;
the pipeline's load stage reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.evaluation import EvaluationError
from summarize.stages.load import drop_name


@dataclass(frozen=True, slots=True)
class DropSpec:
    """Where one drop's parts are; ``themes`` None means the config's themes."""

    name: str
    input: Path
    references: Path
    themes: Path | None = None


def resolve_drop(folder: str | Path) -> DropSpec:
    """Find a drop folder's articles, references and themes.

    Args:
        folder: The drop folder.
    Returns:
        Its parts.
    Raises:
        EvaluationError: when the folder or its ``references/`` folder is missing.
    """
    path = Path(folder)
    if not path.is_dir():
        raise EvaluationError(f"drop folder not found: {path} (expected articles, references/ and themes.yaml)")
    articles = path / "articles" if (path / "articles").is_dir() else path
    references = path / "references"
    if not references.is_dir():
        raise EvaluationError(
            f"drop {path} has no references folder: expected {references}/<theme>.txt, one reference per theme"
        )
    themes = next((path / n for n in ("themes.yaml", "themes.yml") if (path / n).is_file()), None)
    return DropSpec(name=drop_name(path), input=articles, references=references, themes=themes)


def check_references(settings: Any, drop: str) -> None:
    """Fail before the pipeline runs when a theme of ``settings`` has no reference file.

    Args:
        settings: The drop's validated settings (``references`` and ``themes``).
        drop: The drop's name, for the message.
    Raises:
        EvaluationError: naming the missing folder or the missing/empty file.
    """
    if not settings.references:
        raise EvaluationError(
            f"drop '{drop}': no references folder is set; pass --references DIR (or --drop DIR with a "
            "references/ folder) holding <theme>.txt files, one sentence per line"
        )
    folder = Path(settings.references)
    if not folder.is_dir():
        raise EvaluationError(f"drop '{drop}': references folder not found: {folder} (expected <theme>.txt files)")
    for theme in settings.themes:
        file = folder / f"{theme.name}.txt"
        if not file.is_file():
            raise EvaluationError(
                f"drop '{drop}': theme '{theme.name}' has no reference: {file} is missing; write one "
                "(one sentence per line) or remove the theme"
            )
        if file.stat().st_size == 0:
            raise EvaluationError(
                f"drop '{drop}': reference {file} is empty; write the reference, one sentence per line"
            )
