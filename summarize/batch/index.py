"""``index.json`` and ``index.md``: every drop of the batch, its themes and one-line summaries.

Both are rebuilt from the manifest and the ``summaries.json`` of each complete
drop folder, so they can be regenerated at any time and hold nothing that varies
between runs (no timings): a serial and a Dask run write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from summarize.errors import OutputError
from summarize.io import atomic_write_text, dumps_json
from summarize.stages.report import NO_COVERAGE

INDEX_JSON = "index.json"
INDEX_MD = "index.md"
LINE_CHARS = 160


def one_line(text: str, limit: int = LINE_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with "…").

    Args:
        text: Any text.
        limit: The longest result.
    Returns:
        The shortened text ("" for empty input).
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _theme_line(theme: Mapping[str, Any]) -> str:
    sentences = theme.get("sentences") or []
    return one_line(sentences[0]["text"] if sentences else theme.get("summary", ""))


def _drop_entry(root: Path, name: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "source": entry.get("source", name), "status": entry.get("status", "failed")}
    if out["status"] != "ok":
        out["error"] = entry.get("error", "")
        return out
    try:
        summaries = json.loads((root / name / "summaries.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Deleted or damaged since it was written: the next run redoes it.
        return {**out, "status": "missing", "error": f"{name}/summaries.json is missing; rerun the batch"}
    out["articles"] = summaries.get("counts", {}).get("load", {}).get("articles", 0)
    out["themes"] = [
        {"name": t["name"], "status": t["status"], "method": t["method"], "summary": _theme_line(t)}
        for t in summaries.get("themes", [])
    ]
    return out


def build_index(root: str | Path, entries: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The ``index.json`` document.

    Args:
        root: The batch output folder.
        entries: Manifest entries by drop name.
    Returns:
        ``{"drops": [{"name", "source", "status", "articles"?, "themes"?: [{"name", "status",
        "method", "summary"}], "error"?}], "counts": {"drops", "ok", "failed"}}``, sorted by name.
    """
    drops = [_drop_entry(Path(root), name, entries[name]) for name in sorted(entries)]
    ok = sum(d["status"] == "ok" for d in drops)
    return {"drops": drops, "counts": {"drops": len(drops), "ok": ok, "failed": len(drops) - ok}}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def index_markdown(index: Mapping[str, Any]) -> str:
    """``index.md``: a table of drops, then each drop's one-line summaries per theme."""
    counts = index["counts"]
    lines = [
        "# Batch index",
        "",
        f"{counts['drops']} drops: {counts['ok']} ok, {counts['failed']} failed.",
        "",
        "| drop | status | articles | themes covered |",
        "|---|---|---|---|",
    ]
    for drop in index["drops"]:
        if drop["status"] == "ok":
            covered = [t["name"] for t in drop["themes"] if t["status"] == "ok"]
            target = f"{drop['name']}/report.md"
            if any(c in target for c in " ()"):
                target = f"<{target}>"  # CommonMark: keeps a link whole across spaces and parentheses
            link = f"[{_cell(drop['name'])}]({target})"
            lines.append(f"| {link} | ok | {drop['articles']} | {_cell(', '.join(covered)) or '-'} |")
        else:
            lines.append(f"| {_cell(drop['name'])} | {drop['status']} | - | - |")
    for drop in index["drops"]:
        lines += ["", f"## {drop['name']}", ""]
        if drop["status"] != "ok":
            lines.append(f"**{drop['status']}**: {one_line(drop['error'], 400)}")
            continue
        for theme in drop["themes"]:
            text = theme["summary"] if theme["status"] == "ok" else f"_{NO_COVERAGE}_"
            lines.append(f"- **{theme['name']}**: {text}")
    return "\n".join(lines) + "\n"


def write_index(root: str | Path, entries: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Write ``index.json`` and ``index.md`` atomically.

    Returns:
        The index document.
    Raises:
        OutputError: a file cannot be written.
    """
    index = build_index(root, entries)
    try:
        atomic_write_text(Path(root) / INDEX_JSON, dumps_json(index))
        atomic_write_text(Path(root) / INDEX_MD, index_markdown(index))
    except OSError as exc:
        raise OutputError(f"cannot write the batch index in {root}: {exc.strerror or exc}") from None
    return index
