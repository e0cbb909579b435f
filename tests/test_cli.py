"""The main job as a user runs it: scripts/run.py in separate processes."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"}
BOILERPLATE = ("Subscribe", "Read Next", "Leave a Reply", "Industrial Monitor Direct", "min read", "Special Offer")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run.py"), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )


def imports_after(*args: str) -> set[str]:
    """Heavy modules imported by run.py's main() for these arguments."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['run.py', *{list(args)!r}]\n"
        "try:\n    runpy.run_path('scripts/run.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_help_and_config_errors_import_no_heavy_library(tmp_path):
    assert imports_after("--help") == set()
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes: []\ngenerate:\n  beams: 4\n", encoding="utf-8")
    assert imports_after("--config", str(bad)) == set()


def test_a_bad_config_fails_with_the_key_and_allowed_values(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "configs" / "default.yaml").read_text() + "\nextra_stage:\n  x: 1\n", encoding="utf-8")
    result = run_cli("--config", str(bad))
    assert result.returncode == 2
    assert "unknown key 'extra_stage'" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("--config", "configs/default.yaml", "--set", "generate.prompt=chatty")
    assert result.returncode == 2
    assert "generate.prompt = 'chatty' is not allowed; expected 'auto', 't5', 'flan' or 'none'" in result.stderr


def test_a_missing_input_is_a_one_line_error(tmp_path):
    result = run_cli(
        "--config", "configs/default.yaml", "--input", str(tmp_path / "none"), "--output", str(tmp_path / "o")
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: input not found") and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def two_seed_runs(tmp_path_factory):
    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = run_cli("--config", "configs/default.yaml", "--output", str(out))
        assert result.returncode == 0, result.stderr
        outs.append((out, result))
    return outs


def test_the_default_run_on_the_seeds_writes_three_cited_summaries(two_seed_runs):
    out, result = two_seed_runs[0]
    data = json.loads((out / "summaries.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in data["themes"]] == ["layoffs", "data_leak", "meta_deal"]
    articles = {p.name for p in (ROOT / "seeds" / "articles").iterdir()}
    for theme in data["themes"]:
        assert theme["status"] == "ok" and theme["sentences"]
        assert len(theme["summary"].split()) <= 110
        for sentence in theme["sentences"]:
            assert sentence["sources"] and all(s["article"] in articles for s in sentence["sources"])
            assert not any(b in sentence["text"] for b in BOILERPLATE)
    assert set(data["rouge"]) == {"layoffs", "data_leak", "meta_deal"}
    # The default model is not on this machine: one line says so and the run goes on extractively.
    notices = [line for line in result.stdout.splitlines() if "google/flan-t5-small" in line]
    assert len(notices) == 1 and "fetch_model.py" in notices[0]


def test_two_runs_in_separate_processes_are_byte_identical(two_seed_runs):
    (first, _), (second, _) = two_seed_runs
    for name in ("summaries.json", "dedup.json", "report.md"):
        if name == "report.md":
            # The report embeds timings; everything above them must match.
            a = (first / name).read_text().split("## Timings")[0]
            b = (second / name).read_text().split("## Timings")[0]
            assert a == b
        else:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
