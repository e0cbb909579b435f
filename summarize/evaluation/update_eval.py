"""Update summaries measured (``scripts/dev_eval.py --update``): does ``--since`` tell only what is new?

Each dev drop is split by article date into an earlier and a later half (the dates of its
``index.tsv``, else of the dev drops' ``README.md`` table; "(inferred)" dates count, undated
articles go last). The earlier half runs first; then, with ``--since`` its output folder, the
later half twice: alone, and with every earlier article again under another name (a drop
that repeats what was read, as a feed does: the update must still tell only the later half).
The halves are written as ``.jsonl`` drops (so they carry their dates) into a temporary folder.

Per drop, themes file, later drop and theme: the update's sentences, the share of them whose
citations are all later-half articles, the revisions, and the highest cosine of any other
update sentence to the earlier summary, against ``select.restatement``.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from summarize.evaluation.dev_runs import extractive, make_run_embedder

Print = Callable[[str], None]
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
_README_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|.*\|\s*([^|]*)\|\s*$")
UNDATED = "9999-12-31"
"""Where an undated article sorts: last, as news of unknown date is more likely the newest."""
REPEAT_PREFIX = "again-"
"""The name an earlier article takes when the later drop repeats it."""
THEME_FILES = ("themes.yaml", "themes_generic.yaml")


@dataclass(frozen=True, slots=True)
class UpdateFigures:
    """One theme's update in one (drop, themes file, later drop) run."""

    drop: str
    themes_file: str
    later: str  # "later half" | "with repeats"
    theme: str
    sentences: int
    later_only: int  # sentences every citation of which is a later-half article
    revisions: int
    revisions_later_only: int  # revisions among ``later_only`` (a revision's old figure often cites an earlier article)
    max_cosine: float  # highest cosine of a non-revision update sentence to the earlier summary
    threshold: float


def iso_date(cell: str) -> str:
    """The first ISO date in a date cell ("c. 2024-02-21/22 (inferred: ...)" -> "2024-02-21"), or ""."""
    match = _ISO.search(cell)
    return match.group(0) if match else ""


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_YEAR_MONTH = re.compile(r"(\d{4})-(\d\d)\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{4})", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\b(20\d\d)\b")


def sort_date(cell: str) -> str:
    """Where a date cell sorts: its ISO date; a month alone ("c. March 2024", "c. 2025-08") its middle;
    a year alone ("2024, after May") its end; nothing known, :data:`UNDATED`."""
    if full := iso_date(cell):
        return full
    if match := _YEAR_MONTH.search(cell):
        return f"{match.group(1)}-{match.group(2)}-15"
    if match := _MONTH_YEAR.search(cell):
        return f"{match.group(2)}-{_MONTHS.index(match.group(1)[:3].lower()) + 1:02d}-15"
    return f"{match.group(1)}-12-31" if (match := _YEAR_ONLY.search(cell)) else UNDATED


def article_dates(drop: Path) -> dict[str, str]:
    """File name -> its date cell: the drop's ``index.tsv``, else its table in the dev drops' ``README.md``."""
    index = drop / "index.tsv"
    if index.is_file():
        with index.open(encoding="utf-8", newline="") as handle:
            return {row["file"]: row.get("date") or "" for row in csv.DictReader(handle, delimiter="\t")}
    readme = drop.parent / "README.md"
    if not readme.is_file():
        return {}
    dates, inside = {}, False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            inside = line[4:].strip() == drop.name
        elif inside and (row := _README_ROW.match(line)):
            dates[row.group(1)] = row.group(2).strip()
    return dates


def split_by_date(files: Sequence[str], dates: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The earlier and the later half of ``files`` by date (:func:`sort_date`, then name); the later
    half takes the odd one."""
    ordered = sorted(files, key=lambda f: (sort_date(dates.get(f, "")), f))
    half = len(ordered) // 2
    return ordered[:half], ordered[half:]


def write_jsonl(path: Path, records: Sequence[Mapping[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _records(folder: Path, files: Sequence[str], dates: Mapping[str, str], prefix: str = "") -> list[dict[str, str]]:
    return [
        {
            "id": prefix + f,
            "text": (folder / f).read_text(encoding="utf-8", errors="replace"),
            "date": iso_date(dates.get(f, "")),
        }
        for f in files
    ]


def measure(
    drop: str, themes_file: str, later: str, data: Mapping[str, Any], previous: Mapping[str, Any], **context: Any
) -> list[UpdateFigures]:
    """The figures of every theme's update in a later run's ``summaries.json`` (``data``).

    Args:
        drop, themes_file, later: What the run was.
        data: The later run's summaries.json.
        previous: The earlier run's summaries.json.
        **context: ``later_ids`` (the later half's article ids), ``encode`` (normalised
            embeddings for texts) and ``threshold`` (``select.restatement``).
    """
    earlier = {t["name"]: [s["text"] for s in t["sentences"]] for t in previous["themes"]}
    out = []
    for theme in data["themes"]:
        sentences = theme["update"]["sentences"]
        only = [{c["article"] for c in s["sources"]} <= context["later_ids"] for s in sentences]
        later_only = sum(only)
        plain = [s["text"] for s in sentences if "revises" not in s]
        known = earlier.get(theme["name"], [])
        cosine = context["encode"](plain) @ context["encode"](known).T if plain and known else np.zeros((0, 0))
        top = round(float(cosine.max()), 3) if cosine.size else 0.0
        revisions = len(sentences) - len(plain)
        revised_only = sum(o for o, s in zip(only, sentences) if "revises" in s)
        row = (theme["name"], len(sentences), later_only, revisions, revised_only, top, context["threshold"])
        out.append(UpdateFigures(drop, themes_file, later, *row))
    return out


def _run(
    config: str, source: Path, themes: Path, out: Path, since: str, overrides: Sequence[str], embedder: Any
) -> tuple[dict[str, Any], Any]:
    """One run of ``source`` into ``out`` (extractive, unscored), with ``--since`` when given; its summaries.json."""
    from summarize.config import load_config
    from summarize.pipeline import run
    from summarize.stages.report import write_outputs

    settings = load_config(config, extractive(overrides), themes_file=themes, input=source, references="")
    settings = settings.model_copy(update={"update": settings.update.model_copy(update={"since": since})})
    write_outputs(run(settings, embedder=embedder, notice=lambda _: None), out)
    return json.loads((out / "summaries.json").read_text(encoding="utf-8")), settings


def drop_update(config: str, folder: Path, work: Path, overrides: Sequence[str], embedder: Any) -> list[UpdateFigures]:
    """Split one drop by date, run its halves per themes file, and measure the updates."""
    dates = article_dates(folder)
    files = sorted(p.name for p in folder.iterdir() if p.suffix == ".txt")
    first, second = split_by_date(files, dates)
    earlier = write_jsonl(work / "earlier.jsonl", _records(folder, first, dates))
    later_half = _records(folder, second, dates)
    laters = {
        "later half": write_jsonl(work / "later.jsonl", later_half),
        "with repeats": write_jsonl(work / "repeats.jsonl", later_half + _records(folder, first, dates, REPEAT_PREFIX)),
    }
    encode = _normalised(embedder)
    out: list[UpdateFigures] = []
    for name in THEME_FILES:
        themes = folder / name
        if not themes.is_file():
            continue
        previous, _ = _run(config, earlier, themes, work / f"{name}-earlier", "", overrides, embedder)
        for later, source in laters.items():
            since = str(work / f"{name}-earlier")
            data, settings = _run(config, source, themes, work / f"{name}-{source.stem}", since, overrides, embedder)
            context = {"later_ids": set(second), "encode": encode, "threshold": settings.select.restatement}
            out += measure(folder.name, name, later, data, previous, **context)
    return out


def _normalised(embedder: Any) -> Callable[[Sequence[str]], np.ndarray]:
    def encode(texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(embedder.encode(list(texts)), dtype=np.float64)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    return encode


def update_line(f: UpdateFigures) -> str:
    share = f"{f.later_only / f.sentences:.2f}" if f.sentences else "-"
    verdict = "below" if f.max_cosine < f.threshold else "AT/ABOVE"
    return (
        f"{f.drop:<22} {f.themes_file:<19} {f.later:<12} {f.theme:<18} {f.sentences:>3} sentences, "
        f"later-only {share}, {f.revisions} revisions, max cosine {f.max_cosine:.3f} ({verdict} {f.threshold})"
    )


def update_report(
    config: str, folders: Sequence[str | Path], overrides: Sequence[str] = (), out: Print = print
) -> dict[str, Any]:
    """``--update``: every drop's halves run and measured; one line per theme, then the totals.

    Returns:
        ``{"rows": [...], "totals": {"all" | later drop: {"sentences", "revisions", "later_only_share",
        "plain_later_only_share", "max_cosine", "threshold"}}}``.
    """
    from summarize.config import load_config

    embedder = make_run_embedder(load_config(config, extractive(overrides)))
    rows: list[UpdateFigures] = []
    with tempfile.TemporaryDirectory(prefix="summarize-update-") as tmp:
        for folder in folders:
            work = Path(tmp) / Path(folder).name
            work.mkdir()
            found = drop_update(config, Path(folder), work, overrides, embedder)
            for row in found:
                out(update_line(row))
            rows += found
    return update_totals(rows, out)


def update_totals(rows: Sequence[UpdateFigures], out: Print = print) -> dict[str, Any]:
    """The totals over ``rows``, all and per later drop: sentences, the share supported by later
    articles only (all sentences, and revisions aside), the highest cosine to the earlier summary."""
    totals = {"all": _totals(rows)}
    for later in dict.fromkeys(r.later for r in rows):
        totals[later] = _totals([r for r in rows if r.later == later])
    for name, t in totals.items():
        out(
            f"update ({name}): {t['sentences']} sentences ({t['revisions']} revisions), {t['later_only_share']:.3f} "
            f"supported only by later articles ({t['plain_later_only_share']:.3f} revisions aside), "
            f"max cosine {t['max_cosine']:.3f} (restatement {t['threshold']})"
        )
    return {"rows": [asdict(r) for r in rows], "totals": totals}


def _totals(rows: Sequence[UpdateFigures]) -> dict[str, Any]:
    sentences, revisions = sum(r.sentences for r in rows), sum(r.revisions for r in rows)
    later_only = sum(r.later_only for r in rows)
    plain_only = later_only - sum(r.revisions_later_only for r in rows)
    return {
        "sentences": sentences,
        "revisions": revisions,
        "later_only_share": round(later_only / sentences, 4) if sentences else 0.0,
        "plain_later_only_share": round(plain_only / (sentences - revisions), 4) if sentences > revisions else 0.0,
        "max_cosine": max((r.max_cosine for r in rows), default=0.0),
        "threshold": rows[0].threshold if rows else 0.0,
    }
