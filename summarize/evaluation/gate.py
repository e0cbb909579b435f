"""The quality gate: fail CI when the macro scores fall below the recorded floor.

The record (``quality/seeds_gate.json``) holds the system's macro ROUGE F1 on a
fixed set of drops. A run passes when no recorded metric is more than
``tolerance`` below the record; raising the record is a deliberate commit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from summarize.evaluation import EvaluationError

DEFAULT_TOLERANCE = 0.01
GATE_METRICS: tuple[str, ...] = ("rouge1", "rouge2", "rougeLsum")
# Float noise from summing per-theme scores in another order must not fail a gate.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class GateRecord:
    """The recorded floor: macro F1 per metric of ``system`` on ``drops``."""

    macro: Mapping[str, float]
    system: str = "system"
    tolerance: float = DEFAULT_TOLERANCE
    drops: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GateRow:
    metric: str
    recorded: float
    current: float

    @property
    def delta(self) -> float:
        return self.current - self.recorded


@dataclass(frozen=True, slots=True)
class GateResult:
    rows: tuple[GateRow, ...]
    tolerance: float

    def row_passed(self, row: GateRow) -> bool:
        return row.recorded - row.current <= self.tolerance + _EPSILON

    @property
    def passed(self) -> bool:
        return all(self.row_passed(r) for r in self.rows)


def parse_record(data: Any, source: str) -> GateRecord:
    """Validate a gate record read from JSON.

    Args:
        data: The decoded JSON.
        source: The file it came from, for messages.
    Returns:
        The record.
    Raises:
        EvaluationError: naming the file and the bad field.
    """
    if not isinstance(data, dict) or not isinstance(data.get("macro"), dict) or not data["macro"]:
        raise EvaluationError(f'gate record {source}: expected {{"macro": {{metric: f1, ...}}, ...}}')
    macro: dict[str, float] = {}
    for metric, value in data["macro"].items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise EvaluationError(f"gate record {source}: macro.{metric} = {value!r} is not a number")
        macro[str(metric)] = float(value)
    tolerance = data.get("tolerance", DEFAULT_TOLERANCE)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise EvaluationError(f"gate record {source}: tolerance = {tolerance!r} must be a number in [0, 1)")
    drops = data.get("drops", [])
    if not isinstance(drops, list) or not all(isinstance(d, str) for d in drops):
        raise EvaluationError(f"gate record {source}: drops = {drops!r} must be a list of drop names")
    system = data.get("system", "system")
    if not isinstance(system, str):
        raise EvaluationError(f"gate record {source}: system = {system!r} must be a system name")
    return GateRecord(macro=macro, system=system, tolerance=float(tolerance), drops=tuple(drops))


def current_macro(
    evaluation: Mapping[str, Any], record: GateRecord, source: str = "the evaluation"
) -> dict[str, float]:
    """The macro means the record is compared with, from an ``evaluation.json`` mapping.

    Args:
        evaluation: The evaluation as written to ``evaluation.json``.
        record: The gate record.
        source: Where the evaluation came from, for messages.
    Returns:
        ``{metric: mean}`` for every metric of the record.
    Raises:
        EvaluationError: when the drops differ from the record's, or a system
            or metric of the record is missing.
    """
    drops = tuple(evaluation.get("drops", ()))
    if record.drops and drops != record.drops:
        raise EvaluationError(
            f"{source} covers drops {list(drops)} but the gate record is for {list(record.drops)}; "
            "evaluate exactly the recorded drops to check the gate"
        )
    system = evaluation.get("systems", {}).get(record.system)
    if system is None:
        raise EvaluationError(f"{source} has no system '{record.system}', which the gate record names")
    values: dict[str, float] = {}
    for metric in record.macro:
        entry = system.get("macro", {}).get(metric)
        if not isinstance(entry, dict) or not isinstance(entry.get("mean"), int | float):
            raise EvaluationError(f"{source} has no macro {metric} for '{record.system}', which the gate record names")
        values[metric] = float(entry["mean"])
    return values


def check_gate(current: Mapping[str, float], record: GateRecord) -> GateResult:
    """Compare current macro scores with the record.

    Args:
        current: ``{metric: macro F1}`` of this run, covering the record's metrics.
        record: The recorded floor.
    Returns:
        One row per recorded metric; ``passed`` is False when any metric is more
        than ``record.tolerance`` below its record.
    Raises:
        EvaluationError: when a recorded metric is missing from ``current``.
    """
    missing = [m for m in record.macro if m not in current]
    if missing:
        raise EvaluationError(f"the run has no score for gated metric(s) {', '.join(missing)}")
    rows = tuple(GateRow(m, record.macro[m], float(current[m])) for m in record.macro)
    return GateResult(rows=rows, tolerance=record.tolerance)


def format_gate(result: GateResult) -> str:
    """A fixed-width table of the gate, one metric per line, with a verdict line."""
    lines = [f"{'metric':<10} {'record':>8} {'current':>8} {'delta':>8}  status"]
    for row in result.rows:
        status = "ok" if result.row_passed(row) else f"FAIL (more than {result.tolerance:g} below)"
        lines.append(
            f"{row.metric:<10} {row.recorded:8.4f} {row.current:8.4f} {round(row.delta, 4) + 0.0:+8.4f}  {status}"
        )
    verdict = "passed" if result.passed else "FAILED"
    lines.append(f"quality gate {verdict} (tolerance {result.tolerance:g})")
    return "\n".join(lines)


def new_record(
    current: Mapping[str, float],
    drops: Sequence[str],
    *,
    system: str = "system",
    tolerance: float = DEFAULT_TOLERANCE,
    metrics: Sequence[str] = GATE_METRICS,
    command: str = "",
) -> dict[str, Any]:
    """A gate record (as JSON data) holding ``current`` as the new floor.

    Args:
        current: ``{metric: macro F1}`` of a real run.
        drops: The drops that run evaluated.
        system: The system whose scores are gated.
        tolerance: How far below the record a run may fall.
        metrics: Which metrics to record.
        command: The command that reproduces the run, for readers of the record.
    Returns:
        The mapping to write as the record file.
    """
    return {
        "note": "Macro ROUGE F1 floor checked in CI; raise it only in a deliberate commit.",
        "command": command,
        "drops": list(drops),
        "system": system,
        "tolerance": tolerance,
        "macro": {m: round(float(current[m]), 4) for m in metrics},
    }
