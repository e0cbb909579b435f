"""The main job as a user runs it: scripts/run.py in separate processes."""

import json
import subprocess
import sys

import pytest

from tests.conftest import FAST, ROOT, run_cli
from tests.conftest import OFFLINE_ENV as ENV

BOILERPLATE = ("Subscribe", "Read Next", "Leave a Reply", "Industrial Monitor Direct", "min read", "Special Offer")


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
    # Every file but timings.json, the lock included (its pid is cleared when the run ends).
    names = sorted(p.name for p in first.iterdir() if p.name != "timings.json")
    assert names == sorted(p.name for p in second.iterdir() if p.name != "timings.json")
    assert {"summaries.json", "dedup.json", "report.md", ".summarize.lock"} <= set(names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# --- config errors, output folder checks: exit codes and one-line messages ----------------------


def small_drop(folder):
    from tests.conftest import ARTICLES

    folder.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_malformed_yaml_in_a_config_or_themes_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: 1\nthemes:\n  - name: a\n    description: [unclosed\n", encoding="utf-8")
    result = run_cli("--config", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"config error: config file {bad} line 5, column 1: invalid YAML")
    result = run_cli("--config", "configs/default.yaml", "--themes", str(bad))
    assert result.returncode == 2 and f"themes file {bad} line 5" in result.stderr


def test_a_python_object_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text(f"seed: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = run_cli("--config", str(tagged))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"config file {tagged} line 1, column 7: invalid YAML" in result.stderr
    assert "tags that build Python objects are refused" in result.stderr
    result = run_cli(
        "--config", "configs/default.yaml", "--set", f"seed=!!python/object/apply:os.system ['touch {marker}']"
    )
    assert result.returncode == 2 and "seed = " in result.stderr
    assert not marker.exists()


def test_a_theme_with_neither_description_nor_keywords_is_named(tmp_path):
    themes = tmp_path / "themes.yaml"
    themes.write_text("- name: deal\n  description: A deal.\n- name: volcano\n  keywords: []\n", encoding="utf-8")
    result = run_cli("--config", "configs/default.yaml", "--themes", str(themes))
    assert result.returncode == 2
    assert "themes.1: theme 'volcano' has neither a description nor keywords" in result.stderr


def test_an_output_folder_that_cannot_be_written_fails_before_any_stage(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = tmp_path / "file" / "out"
    result = run_cli("--config", "configs/default.yaml", "--output", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: cannot write to the output folder {out}: Not a directory")
    # With the default config a stage would load MiniLM (sentence_transformers, torch): none is imported.
    assert imports_after("--config", "configs/default.yaml", "--output", str(out)) == set()


def test_an_output_folder_inside_the_input_folder_is_refused_naming_both(tmp_path):
    drop = small_drop(tmp_path / "drop")
    result = run_cli("--config", "configs/default.yaml", "--input", str(drop), "--output", str(drop / "out"), *FAST)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: output folder {drop / 'out'} is inside the input folder {drop}; the next run would read the "
        "outputs as articles: choose an --output outside it"
    )
    assert sorted(p.name for p in drop.iterdir()) == ["a1.txt", "a2.txt", "a3.txt"]


def test_a_missing_references_folder_is_an_error_and_a_missing_reference_file_a_warning(tmp_path):
    drop = small_drop(tmp_path / "drop")
    base = ["--config", "configs/default.yaml", "--input", str(drop), *FAST, "--set", f"cache_dir={tmp_path / 'c'}"]
    result = run_cli(*base, "--references", str(tmp_path / "refs"), "--output", str(tmp_path / "o1"))
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"error: references folder not found: {tmp_path / 'refs'} (expected <theme>.txt files)"
    )
    assert not (tmp_path / "o1").exists()
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "layoffs.txt").write_text("Acme laid off 200 staff.\n", encoding="utf-8")
    result = run_cli(*base, "--references", str(refs), "--output", str(tmp_path / "o2"))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning: references:")]
    assert warnings == [
        f"warning: references: theme '{name}' has no reference file {refs / name}.txt; it is not scored "
        "(write the file, one sentence per line, to score it)"
        for name in ("deal",)
    ]
    data = json.loads((tmp_path / "o2" / "summaries.json").read_text(encoding="utf-8"))
    assert list(data["rouge"]) == ["layoffs"]
    # The report says why a theme has no scores.
    assert [w.split(";")[0] for w in data["warnings"]] == ["references: theme 'deal' has no reference file deal.txt"]
