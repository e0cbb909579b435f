"""Safety: no network and no stray caches in a default run, safetensors only, names from
the input never leave the output folder, and a theme nobody wrote about stays empty.
"""

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from summarize.batch.drops import find_drops
from summarize.batch.store import commit_folder
from summarize.errors import UnsafeNameError
from summarize.io import safe_name, sanitize_name
from summarize.pipeline import output_dir, read_references, run
from summarize.stages.report import LOCK, OUTPUT_FILES
from summarize.types import Theme
from tests.conftest import ARTICLES, FAST, ROOT, fast_args, make_settings, run_cli, write_drop

OFFLINE = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
ENV = {**os.environ, **OFFLINE}

# Runs scripts/run.py with every way out to the network replaced by a refusal that is logged.
NO_NETWORK = """
import os, socket, sys, runpy

log = os.environ["NETWORK_LOG"]

def refuse(name):
    def call(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{name} {args[1:2] or args[:1]!r}\\n")
        raise OSError(f"network blocked by the test ({name})")
    return call

socket.socket.connect = refuse("connect")
socket.socket.connect_ex = refuse("connect_ex")
socket.create_connection = refuse("create_connection")
socket.getaddrinfo = refuse("getaddrinfo")
sys.argv = ["run.py", *sys.argv[1:]]
runpy.run_path("scripts/run.py", run_name="__main__")
"""

# Variables that would point caches elsewhere or make the run offline by decree.
UNSET = (
    *OFFLINE,
    "HF_HOME",
    "HF_HUB_CACHE",
    "HUGGINGFACE_HUB_CACHE",
    "HF_DATASETS_CACHE",
    "HF_EVALUATE_CACHE",
    "HF_MODULES_CACHE",
    "TORCH_HOME",
    "TORCHINDUCTOR_CACHE_DIR",
    "TRITON_CACHE_DIR",
    "MPLCONFIGDIR",
    "SENTENCE_TRANSFORMERS_HOME",
)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- 13, 16: the default run: no network, caches only in cache_dir -------------------------------


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    """The default config on the seeds (MiniLM, flan-t5-small missing), without HF_*_OFFLINE,
    sockets blocked, HOME, XDG_CACHE_HOME and TMPDIR empty folders of their own."""
    root = tmp_path_factory.mktemp("default")
    home, tmp = root / "home", root / "tmp"
    home.mkdir()
    tmp.mkdir()
    child = root / "no_network.py"
    child.write_text(NO_NETWORK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        TMPDIR=str(tmp),
        NETWORK_LOG=str(root / "network.log"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    out, cache = root / "out", root / "cache"
    args = ["--config", "configs/default.yaml", "--output", str(out), "--set", f"cache_dir={cache}"]
    result = subprocess.run(
        [sys.executable, str(child), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    return root, result


def test_a_default_run_never_tries_the_network(default_run):
    root, result = default_run
    assert result.returncode == 0, result.stderr
    log = root / "network.log"
    assert not log.exists(), log.read_text(encoding="utf-8")
    data = json.loads((root / "out" / "summaries.json").read_text(encoding="utf-8"))
    # The real default path ran: MiniLM embeddings (cached), flan-t5-small missing -> extractive.
    assert [t["method"] for t in data["themes"]] == ["extractive"] * 3
    assert any("google/flan-t5-small" in line for line in result.stdout.splitlines())
    assert (root / "cache" / "embeddings").is_dir() and set(data["rouge"]) == {"layoffs", "data_leak", "meta_deal"}


def test_a_default_run_writes_only_to_its_output_folder_and_cache_dir(default_run):
    root, result = default_run
    assert result.returncode == 0, result.stderr
    assert files_under(root / "home") == [] and files_under(root / "tmp") == []
    assert sorted(p.name for p in root.iterdir()) == ["cache", "home", "no_network.py", "out", "tmp"]
    assert sorted(p.name for p in (root / "out").iterdir()) == sorted([*OUTPUT_FILES, LOCK])
    # evaluate's metric modules, which went to ~/.cache/huggingface before, are under cache_dir.
    assert (root / "cache" / "huggingface" / "modules").is_dir()


# --- 14: safetensors only, unless generate.allow_pickle -------------------------------------------


class _Payload:
    """Unpickling this runs ``touch <marker>``: proof that a pickle was (or was never) loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from tests.generation.tiny_models import build_tiny_t5

    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-t5")


def booby_trapped(model: Path, dest: Path, *, keep_safetensors: bool) -> Path:
    import shutil

    shutil.copytree(model, dest)
    if not keep_safetensors:
        (dest / "model.safetensors").unlink()
    (dest / "pytorch_model.bin").write_bytes(pickle.dumps(_Payload(dest.parent / "unpickled")))
    return dest


def test_a_pickle_only_model_is_refused_without_unpickling_it(tiny_model, tmp_path):
    model = booby_trapped(tiny_model, tmp_path / "bin-only", keep_safetensors=False)
    drop = write_drop(tmp_path / "drop")
    result = run_cli(*fast_args(drop, tmp_path / "out", tmp_path / "cache", "--set", f"generate.model={model}"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "generate.allow_pickle: true" in result.stderr
    assert not (tmp_path / "unpickled").exists()


def test_beside_safetensors_a_pickle_file_is_never_read(tiny_model, tmp_path, drop, embedder):
    model = booby_trapped(tiny_model, tmp_path / "both", keep_safetensors=True)
    settings = make_settings(
        tmp_path,
        input=str(drop),
        generate={"model": str(model), "num_beams": 1, "min_new_tokens": 4, "max_new_tokens": 16},
    )
    result = run(settings, embedder=embedder, notice=lambda _: None)
    assert [s.method for s in result.summaries] == ["seq2seq", "seq2seq"]
    assert not (tmp_path / "unpickled").exists()


# --- 15: names from the input never place a file outside the output folder ------------------------

HOSTILE = ["..", ".", "", "../../etc", "/etc/passwd", "a/b", "a\\b", "a\x00b", "a\nb", "\u202etxt.exe", " "]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_refused_by_safe_name_and_made_plain_by_sanitize_name(name):
    with pytest.raises(UnsafeNameError, match=r"^drop name .* cannot be used as a file name: it .*; rename it$"):
        safe_name(name, "drop name")
    cleaned = sanitize_name(name)
    assert safe_name(cleaned, "drop name") == cleaned and "/" not in cleaned and cleaned not in {".", ".."}
    assert Path("/runs", cleaned).parent == Path("/runs")


def test_ordinary_names_pass_unchanged():
    for name in ("seeds", "day 1", "Übernahme-2025", "a.b_c", "...x"):
        assert safe_name(name, "drop name") == name == sanitize_name(name)


def test_the_drop_name_cannot_move_the_output_folder(tmp_path):
    settings = make_settings(tmp_path, output=str(tmp_path / "runs" / "{drop}"))
    for drop in ("..", ".", "", "../../x", "a/b"):
        folder = output_dir(settings, drop)
        assert folder.parent == tmp_path / "runs" and folder.name not in {".", ".."}, drop


def test_a_drop_file_named_to_climb_out_and_hostile_article_ids_stay_inside(tmp_path):
    records = [
        {"id": "../../escaped.txt", "text": ARTICLES["a1.txt"]},
        {"id": "/etc/passwd", "text": ARTICLES["a2.txt"]},
        {"id": "a\u0000b\\c", "text": ARTICLES["a3.txt"]},
    ]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    drop = inputs / "...jsonl"  # its stem is ".."
    drop.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_cli(
        "--config",
        "configs/default.yaml",
        "--input",
        str(drop),
        "--references",
        "",
        *FAST,
        "--set",
        f"output={tmp_path / 'runs' / '{drop}'}",
        "--set",
        f"cache_dir={tmp_path / 'cache'}",
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "inputs", "runs"]
    assert files_under(tmp_path / "runs") == sorted(["drop", *(f"drop/{n}" for n in [*OUTPUT_FILES, LOCK])])
    cited = {
        s["article"]
        for t in json.loads((tmp_path / "runs" / "drop" / "summaries.json").read_text(encoding="utf-8"))["themes"]
        for x in t["sentences"]
        for s in x["sources"]
    }
    assert cited <= {r["id"] for r in records} and cited  # ids are data in the outputs, never paths


def test_a_reference_lookup_refuses_a_theme_name_that_is_not_a_file_name(tmp_path):
    (tmp_path / "refs").mkdir()
    (tmp_path / "secret.txt").write_text("not a reference\n", encoding="utf-8")
    with pytest.raises(UnsafeNameError, match=r"theme name '\.\./secret' cannot be used"):
        read_references(tmp_path / "refs", [Theme("../secret", "d")])


def test_a_batch_drop_whose_name_cannot_be_a_folder_is_failed_not_written(tmp_path):
    drops = tmp_path / "drops"
    for name in ("good", "bad\\name", "bad\nname"):
        (drops / name).mkdir(parents=True)
        (drops / name / "a.txt").write_text(ARTICLES["a1.txt"], encoding="utf-8")
    problems = {s.name: s.problem for s in find_drops(drops)}
    assert problems["good"] == ""
    assert "contains a path separator" in problems["bad\\name"] and "control" in problems["bad\nname"]
    with pytest.raises(UnsafeNameError):
        commit_folder(tmp_path / "out", "..", lambda folder: None)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- 17: a theme nobody wrote about ---------------------------------------------------------------


def test_a_theme_absent_from_the_drop_ends_empty_in_every_output(tmp_path, drop):
    themes = tmp_path / "themes.yaml"
    themes.write_text(
        "- name: layoffs\n  description: Staff were laid off.\n  keywords: [laid off, layoffs]\n"
        "- name: volcano\n  description: A volcano erupted and lava reached the town.\n  keywords: [lava, eruption]\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = run_cli(
        "--config",
        "configs/default.yaml",
        "--input",
        str(drop),
        *FAST,
        "--themes",  # after FAST's: the last --themes is the one read
        str(themes),
        "--references",
        "",
        "--output",
        str(out),
        "--set",
        f"cache_dir={tmp_path / 'cache'}",
    )
    assert result.returncode == 0, result.stderr
    data = {t["name"]: t for t in json.loads((out / "summaries.json").read_text(encoding="utf-8"))["themes"]}
    assert data["layoffs"]["status"] == "ok" and data["layoffs"]["sentences"]
    volcano = data["volcano"]
    assert (volcano["status"], volcano["method"], volcano["summary"], volcano["sentences"]) == (
        "no_coverage",
        "none",
        "",
        [],
    )
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## volcano\n\n_no coverage in this drop_\n" in report
    assert any(line.split()[:2] == ["volcano", "no_coverage"] for line in result.stdout.splitlines())


def test_a_drop_without_themes_gets_its_own_found_never_another_drops_and_they_rerun_the_same(tmp_path, drop):
    # The Acme drop has no themes.yaml and the default config lists none: its stories are found.
    out, fast_without_themes = tmp_path / "o", FAST[2:]
    assert "--themes" not in fast_without_themes
    common = (*fast_without_themes, "--set", f"cache_dir={tmp_path / 'cache'}", "--references", "")
    result = run_cli("--config", "configs/default.yaml", "--input", str(drop), "--output", str(out), *common)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "summaries.json").read_text(encoding="utf-8"))
    names = [t["name"] for t in data["themes"]]
    assert names and not set(names) & {"layoffs", "data_leak", "meta_deal"}  # never the seeds' themes
    warning = next(w for w in data["warnings"] if w.startswith("themes: none given"))
    assert "themes.yaml" in warning and f"warning: {warning}" in result.stdout.splitlines()
    written = yaml.safe_load((out / "themes.yaml").read_text(encoding="utf-8"))
    assert [t["name"] for t in written] == names and all(t["description"] and t["keywords"] for t in written)
    # The written file reruns to the same summaries.
    again = tmp_path / "again"
    rerun = run_cli(
        *("--config", "configs/default.yaml", "--input", str(drop), "--output", str(again)),
        *("--themes", str(out / "themes.yaml"), *common),
    )
    assert rerun.returncode == 0, rerun.stderr
    data_again = json.loads((again / "summaries.json").read_text(encoding="utf-8"))
    assert data_again["themes"] == data["themes"]
