"""The evaluation's files: write the reports atomically, read and write gate records.

Written into the output folder: ``report.md``, ``report.html``,
``rouge2_per_theme.png``, ``timings.json`` and ``evaluation.json`` (last, so its
presence means the set is complete). Everything except ``timings.json`` is
identical between two runs on the same input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarize.errors import OutputError
from summarize.evaluation import EvaluationError
from summarize.evaluation.chart import rouge_chart
from summarize.evaluation.evaluate import Evaluation, evaluation_to_dict
from summarize.evaluation.gate import GateRecord, parse_record
from summarize.evaluation.render import CHART_FILE, html_report, markdown_report, timings_json
from summarize.io import atomic_write_bytes, atomic_write_text, dumps_json

EVALUATION_FILE = "evaluation.json"
TIMINGS_FILE = "timings.json"


def write_evaluation(evaluation: Evaluation, out_dir: str | Path) -> Path:
    """Write the reports, the chart, ``timings.json`` and ``evaluation.json`` into ``out_dir``.

    Args:
        evaluation: The evaluation.
        out_dir: The folder (created when missing).
    Returns:
        The folder.
    Raises:
        OutputError: when the folder cannot be written.
    """
    folder = Path(out_dir)
    chart = rouge_chart(evaluation, "rouge2")
    try:
        atomic_write_bytes(folder / CHART_FILE, chart)
        atomic_write_text(folder / "report.md", markdown_report(evaluation, CHART_FILE))
        atomic_write_text(folder / "report.html", html_report(evaluation, chart))
        atomic_write_text(folder / TIMINGS_FILE, json.dumps(timings_json(evaluation), indent=2) + "\n")
        atomic_write_text(folder / EVALUATION_FILE, dumps_json(evaluation_to_dict(evaluation)))
    except OSError as exc:
        raise OutputError(f"cannot write the evaluation to {folder}: {exc.strerror or exc}") from None
    return folder


def read_json(path: str | Path, what: str) -> Any:
    """Read a JSON file.

    Raises:
        EvaluationError: naming the file when it is missing or not valid JSON.
    """
    file = Path(path)
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"{what} not found: {file}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{what} {file} is not valid JSON ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"cannot read {what} {file}: {exc.strerror or exc}") from None


def read_gate_record(path: str | Path) -> GateRecord:
    """Read and validate a gate record (e.g. ``quality/seeds_gate.json``).

    Raises:
        EvaluationError: naming the file when it is missing or malformed.
    """
    return parse_record(read_json(path, "gate record"), str(path))


def write_json(path: str | Path, data: Any) -> None:
    """Write JSON atomically (e.g. a new gate record).

    Raises:
        OutputError: when the file cannot be written.
    """
    try:
        atomic_write_text(path, dumps_json(data))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
