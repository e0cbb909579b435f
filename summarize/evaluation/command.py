"""What ``scripts/evaluate.py`` and ``scripts/check_gate.py`` do, once their arguments are parsed.

``evaluate_command``: settings per drop -> reference check -> pipeline run per
drop (its own outputs in ``<output>/<drop>/``) -> :func:`evaluate_runs` ->
reports in ``<output>/`` -> table on stdout -> optional quality gate.
Exit codes: 0 done (gate passed), 1 gate failed, 2 bad input or configuration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.evaluation.bootstrap import DEFAULT_SAMPLES
from summarize.evaluation.drops import DropSpec, check_references, resolve_drop
from summarize.io import sanitize_name
from summarize.stages.load import drop_name

if TYPE_CHECKING:
    from summarize.config import Settings
    from summarize.evaluation.evaluate import Evaluation
    from summarize.evaluation.gate import GateRecord

Print = Callable[[str], None]

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def evaluate_command(
    config: str | Path,
    *,
    output: str | Path,
    drops: Sequence[str | Path] = (),
    input: str | Path | None = None,
    themes: str | Path | None = None,
    references: str | Path | None = None,
    overrides: Sequence[str] = (),
    gate: str | Path | None = None,
    samples: int = DEFAULT_SAMPLES,
    out: Print = print,
    err: Print = _stderr,
) -> int:
    """Run the pipeline on each drop, evaluate all runs together, write the reports.

    Args:
        config: The YAML config.
        output: Folder for the evaluation (pipeline outputs go to ``<output>/<drop>/``).
        drops: Drop folders (articles, ``references/``, optional ``themes.yaml``);
            empty means the one drop the config (with ``input``/``themes``/``references``) names.
        input: Articles folder or file replacing the config's (single-drop mode).
        themes: Themes file replacing the config's (single-drop mode).
        references: References folder replacing the config's (single-drop mode).
        overrides: ``key.path=value`` config overrides, applied to every drop.
        gate: A gate record to check the macro scores against.
        samples: Bootstrap resamples.
        out: Receives the tables.
        err: Receives errors and pipeline notices.
    Returns:
        The exit code.
    """
    from summarize.config import ConfigError
    from summarize.errors import SummarizeError

    folder = Path(output)
    try:
        names, settings = _drop_settings(
            config, folder, drops, overrides, input=input, themes=themes, references=references
        )
        record = _read_gate(gate)
    except ConfigError as exc:
        err(f"config error: {exc}")
        return EXIT_BAD_INPUT
    except SummarizeError as exc:
        err(f"error: {exc}")
        return EXIT_BAD_INPUT

    try:
        evaluation = _run_and_evaluate(names, settings, folder, samples, err)
    except SummarizeError as exc:
        err(f"error: {exc}")
        return EXIT_BAD_INPUT
    return _show(evaluation, folder, record, out, err)


def _drop_settings(
    config: str | Path,
    folder: Path,
    drops: Sequence[str | Path],
    overrides: Sequence[str],
    *,
    input: str | Path | None,
    themes: str | Path | None,
    references: str | Path | None,
) -> tuple[list[str], list[Settings]]:
    """Each drop's folder name under ``folder`` and its settings, references checked.

    Args:
        config: The YAML config.
        folder: The evaluation's output folder (each drop's run goes to ``folder/<name>``).
        drops: Drop folders; empty means the one drop the config (with ``input``,
            ``themes``, ``references``) names.
        overrides: ``key.path=value`` config overrides, applied to every drop.
        input: Articles replacing the config's (single-drop mode).
        themes: Themes file replacing the config's (single-drop mode).
        references: References folder replacing the config's (single-drop mode).
    Returns:
        The unique drop names and their settings, in ``drops`` order.
    Raises:
        ConfigError: drops and single-drop options are mixed, or a config is invalid.
        SummarizeError: a drop folder or a reference is missing.
    """
    from summarize.config import ConfigError, load_config

    if drops and (input is not None or themes is not None or references is not None):
        raise ConfigError("use either --drop (repeatable) or --input/--themes/--references, not both")
    specs: list[DropSpec | None] = [resolve_drop(d) for d in drops] or [None]
    # Drop names become folder names: one harmless path component each ("..jsonl" has stem "..").
    names = _unique([sanitize_name(spec.name) if spec else "" for spec in specs])
    settings = []
    for index, spec in enumerate(specs):
        if spec is None:
            probe = load_config(config, overrides, themes_file=themes, input=input, references=references)
            names[index] = sanitize_name(drop_name(probe.input))
            spec_fields = {"themes_file": themes, "input": input, "references": references}
        else:
            spec_fields = {"themes_file": spec.themes, "input": spec.input, "references": spec.references}
        settings.append(load_config(config, overrides, output=folder / names[index], **spec_fields))
    for name, item in zip(names, settings, strict=True):
        check_references(item, name)
    return names, settings


def _read_gate(gate: str | Path | None) -> GateRecord | None:
    """The gate record to check against, or None when no gate was asked for."""
    if gate is None:
        return None
    from summarize.evaluation.files import read_gate_record

    return read_gate_record(gate)


def _run_and_evaluate(
    names: Sequence[str], settings: Sequence[Settings], folder: Path, samples: int, err: Print
) -> Evaluation:
    """Run the pipeline on each drop into ``folder/<name>``, evaluate the runs together and
    write the evaluation's reports into ``folder``.

    Raises:
        SummarizeError: a run or a write failed.
    """
    from summarize.embed import make_embedder
    from summarize.evaluation.evaluate import EvaluationOptions, evaluate_runs
    from summarize.evaluation.files import write_evaluation
    from summarize.pipeline import run
    from summarize.stages.report import write_outputs

    embedders: dict[str, object] = {}
    results = []
    for name, item in zip(names, settings, strict=True):
        key = item.embed.model
        if key not in embedders:  # one model load for all drops
            embedders[key] = make_embedder(key)
        result = run(item, embedder=embedders[key], notice=lambda m, n=name: err(f"[{n}] {m}"))
        write_outputs(result, folder / name)
        results.append(result)
    evaluation = evaluate_runs(results, names=names, options=EvaluationOptions(samples=samples))
    write_evaluation(evaluation, folder)
    return evaluation


def _show(evaluation: Evaluation, folder: Path, record: GateRecord | None, out: Print, err: Print) -> int:
    """Print the table and where the reports went, then check the gate when one was given; return the exit code."""
    from summarize.evaluation.evaluate import evaluation_to_dict
    from summarize.evaluation.render import text_table

    out(text_table(evaluation))
    out(f"wrote {folder}/report.html, report.md, evaluation.json")
    if record is None:
        return EXIT_OK
    return _gate(evaluation_to_dict(evaluation), record, "this evaluation", out, err)


def _gate(evaluation: dict, record: object, source: str, out: Print, err: Print) -> int:
    from summarize.evaluation import EvaluationError
    from summarize.evaluation.gate import check_gate, current_macro, format_gate

    try:
        result = check_gate(current_macro(evaluation, record, source), record)  # type: ignore[arg-type]
    except EvaluationError as exc:
        err(f"error: {exc}")
        return EXIT_BAD_INPUT
    out(format_gate(result))
    return EXIT_OK if result.passed else EXIT_GATE_FAILED


def check_gate_command(
    evaluation: str | Path,
    record: str | Path,
    *,
    update: bool = False,
    command: str = "",
    out: Print = print,
    err: Print = _stderr,
) -> int:
    """Check an ``evaluation.json`` against a gate record, or write a new record from it.

    Args:
        evaluation: Path of an ``evaluation.json``.
        record: Path of the gate record.
        update: Write ``record`` from the evaluation's macro scores instead of checking.
        command: The command that produced the evaluation (stored in a new record).
        out: Receives the gate table.
        err: Receives errors.
    Returns:
        0 passed (or record written), 1 gate failed, 2 bad input.
    """
    from summarize.errors import SummarizeError
    from summarize.evaluation.files import read_gate_record, read_json, write_json
    from summarize.evaluation.gate import GATE_METRICS, GateRecord, current_macro, new_record

    try:
        data = read_json(evaluation, "evaluation")
        if update:
            probe = GateRecord(macro=dict.fromkeys(GATE_METRICS, 0.0))
            current = current_macro(data, probe, str(evaluation))
            write_json(record, new_record(current, data.get("drops", []), command=command))
            out(f"wrote {record}: " + ", ".join(f"{m} {current[m]:.4f}" for m in GATE_METRICS))
            return EXIT_OK
        gate_record = read_gate_record(record)
    except SummarizeError as exc:
        err(f"error: {exc}")
        return EXIT_BAD_INPUT
    return _gate(data, gate_record, str(evaluation), out, err)
