"""End to end on a tiny drop: pipeline (hashing embedder, extractive), evaluation, files, gate."""

import json
import subprocess
import sys

import pytest
import yaml

from summarize.evaluation import EvaluationError
from summarize.evaluation.command import check_gate_command, evaluate_command
from summarize.evaluation.drops import resolve_drop
from tests.conftest import ROOT, THEMES

REFERENCES = {
    "layoffs": (
        "Acme Corp laid off 200 staff, a tenth of its workforce.\nLaid-off workers get eight weeks of severance.\n"
    ),
    "deal": "Acme agreed to buy a 40% stake in Beta Labs for $2 billion.\n",
}


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.yaml"
    raw = {
        "themes": THEMES,
        "embed": {"model": "hashing"},
        "generate": {"model": ""},
        "assign": {"threshold": 0.2},
        "cache_dir": str(tmp_path / "cache"),
    }
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.fixture
def drop_with_references(drop):
    (drop / "references").mkdir()
    for theme, text in REFERENCES.items():
        (drop / "references" / f"{theme}.txt").write_text(text, encoding="utf-8")
    return drop


def test_a_drop_is_evaluated_into_reports_that_are_the_same_twice(config, drop_with_references, tmp_path):
    lines: list[str] = []
    outputs = []
    for name in ("one", "two"):
        code = evaluate_command(
            config, output=tmp_path / name, drops=[drop_with_references], samples=100, out=lines.append
        )
        assert code == 0
        outputs.append(tmp_path / name)
    for file in ("evaluation.json", "rouge2_per_theme.png", "drop/summaries.json"):
        assert (outputs[0] / file).read_bytes() == (outputs[1] / file).read_bytes(), file
    data = json.loads((outputs[0] / "evaluation.json").read_text())
    assert data["drops"] == ["drop"] and list(data["systems"]["system"]["per_theme"]) == ["layoffs", "deal"]
    # The system's scores are the pipeline's own (its summaries are within the budget).
    pipeline = json.loads((outputs[0] / "drop" / "summaries.json").read_text())["rouge"]
    assert data["systems"]["system"]["per_theme"] == pipeline
    assert lines[0].startswith("macro ROUGE F1 over 2 themes")
    assert (outputs[0] / "report.md").is_file()

    record = tmp_path / "gate.json"
    assert check_gate_command(outputs[0] / "evaluation.json", record, update=True, out=lines.append) == 0
    code = evaluate_command(
        config, output=tmp_path / "three", drops=[drop_with_references], gate=record, samples=100, out=lines.append
    )
    assert code == 0 and lines[-1].endswith("\nquality gate passed (tolerance 0.01)")


def test_a_missing_reference_file_is_named_before_the_pipeline_runs(config, drop_with_references, tmp_path):
    (drop_with_references / "references" / "deal.txt").unlink()
    errors: list[str] = []
    assert evaluate_command(config, output=tmp_path / "out", drops=[drop_with_references], err=errors.append) == 2
    missing = drop_with_references / "references" / "deal.txt"
    assert errors == [
        f"error: drop 'drop': theme 'deal' has no reference: {missing} is missing; "
        "write one (one sentence per line) or remove the theme"
    ]
    assert not (tmp_path / "out").exists()


def test_a_drop_without_a_references_folder_is_named(drop):
    with pytest.raises(
        EvaluationError, match=f"drop {drop} has no references folder: expected {drop}/references/<theme>.txt"
    ):
        resolve_drop(drop)


def test_single_drop_mode_needs_a_references_folder(config, drop, tmp_path):
    errors: list[str] = []
    assert evaluate_command(config, output=tmp_path / "out", input=drop, err=errors.append) == 2
    assert "no references folder is set; pass --references DIR" in errors[0]


def test_a_seeds_like_drop_is_named_after_its_folder_not_articles(tmp_path):
    (tmp_path / "seeds" / "articles").mkdir(parents=True)
    (tmp_path / "seeds" / "references").mkdir()
    spec = resolve_drop(tmp_path / "seeds")
    assert (spec.name, spec.input, spec.themes) == ("seeds", tmp_path / "seeds" / "articles", None)


def test_dev_eval_names_a_bad_override_and_exits_2_without_a_traceback(tmp_path):
    script = ROOT / "scripts" / "dev_eval.py"
    args = [sys.executable, str(script), "--dev-drops", str(tmp_path / "none"), "--set", "themes.0.name=x"]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "error: --set 'themes.0.name=x'" in result.stderr and "Traceback" not in result.stderr
