"""Drop folders for evaluation, and the check that every theme has a reference.

A drop folder holds its articles (directly, or in ``articles/``), a
``references/`` folder of ``<theme>.txt`` files and, optionally, a
``themes.yaml`` (otherwise the config's themes apply) - the layout of
``seeds/`` and ``../shared/dev_drops/<drop>/``. Only existence is checked here;
the pipeline's load stage reads the files.

A drop may carry its themes twice (:data:`THEME_VARIANTS`): *specific* themes, written
after reading the articles (names, figures), and *plain* ones, as a user writes them
before. :func:`variant_themes_file` says which file each variant reads.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from summarize.config import drop_themes
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
    themes = drop_themes(path)
    return DropSpec(
        name=drop_name(path), input=articles, references=references, themes=Path(themes) if themes else None
    )


THEME_VARIANTS: dict[str, tuple[str, ...]] = {
    "specific": ("themes_specific.yaml", "themes.yaml"),
    "plain": ("themes_generic.yaml", "themes.yaml"),
}
"""Theme variant -> the files that hold it in a drop folder, first found wins."""


def variant_themes_file(present: Collection[str], variant: str) -> str | None:
    """Which file of a drop folder holds a theme variant.

    Plain themes are ``themes_generic.yaml`` if present, else ``themes.yaml``; specific
    themes are ``themes_specific.yaml`` if present, else ``themes.yaml``.

    Args:
        present: The file names in the drop folder.
        variant: ``"specific"`` or ``"plain"``.
    Returns:
        The file name, or None when the folder has neither (the config's themes apply).
    Raises:
        ValueError: for an unknown ``variant``.
    """
    if variant not in THEME_VARIANTS:
        raise ValueError(f"Invalid theme variant: {variant} (expected one of {', '.join(THEME_VARIANTS)})")
    return next((name for name in THEME_VARIANTS[variant] if name in present), None)


def drop_variants(folder: str | Path) -> dict[str, DropSpec]:
    """A drop folder once per theme variant (:data:`THEME_VARIANTS`).

    Args:
        folder: The drop folder (holding ``references/`` and the themes files).
    Returns:
        Variant -> the drop's parts with that variant's themes file (None: the config's).
    Raises:
        EvaluationError: as :func:`resolve_drop`.
    """
    drop = resolve_drop(folder)
    present = {p.name for p in Path(folder).iterdir() if p.is_file()}
    out = {}
    for variant in THEME_VARIANTS:
        name = variant_themes_file(present, variant)
        out[variant] = replace(drop, themes=Path(folder) / name if name else None)
    return out


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
