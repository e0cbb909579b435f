"""summarize/batch: finding drops, hashes, complete-or-absent folders, reruns, kills and Dask.

Drops are tiny literal texts, the embedder is the hashing one, no model is loaded.
Tests that start processes (a kill -9, a Dask cluster on 127.0.0.1) bound them with timeouts.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from summarize.batch import BatchOptions, run_batch
from summarize.batch.drops import config_hash, content_hash, drop_settings, find_drops
from summarize.batch.index import build_index, index_markdown, one_line
from summarize.batch.store import commit_folder, locked, read_manifest, remove_stale
from summarize.config import ConfigError
from summarize.errors import InputError, OutputError
from summarize.pipeline import run
from summarize.stages.report import write_outputs
from tests.conftest import ARTICLES, ROOT, make_settings

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"}
OUTPUT_FILES = ["articles.json", "dedup.json", "report.md", "summaries.json", "themes.yaml", "timings.json"]
DEAL_THEME = [{"name": "deal", "description": "A deal to buy a stake in Beta Labs.", "keywords": ["deal", "stake"]}]
RECORDS = [
    {
        "id": "w1",
        "text": "Acme Corp laid off 200 staff on Monday, about 10% of its workforce.\n"
        "The layoffs follow a slowdown in sales, the company said in a statement.",
    },
    {
        "id": "w2",
        "text": "Acme agreed a deal to buy a 40% stake in Beta Labs for $2 billion.\n"
        "Beta Labs said the stake would fund research, and staff were told on Tuesday.",
    },
]


def write_drops(folder: Path) -> Path:
    """day1/ (articles), day2.jsonl (records), day3/ (own themes.yaml and an articles/ folder)."""
    (folder / "day1").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / "day1" / name).write_text(text, encoding="utf-8")
    (folder / "day2.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    (folder / "day3" / "articles").mkdir(parents=True)
    (folder / "day3" / "articles" / "a3.txt").write_text(ARTICLES["a3.txt"], encoding="utf-8")
    (folder / "day3" / "articles" / "a2.txt").write_text(ARTICLES["a2.txt"], encoding="utf-8")
    (folder / "day3" / "themes.yaml").write_text(yaml.safe_dump(DEAL_THEME), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF not a drop")
    return folder


@pytest.fixture
def drops(tmp_path: Path) -> Path:
    return write_drops(tmp_path / "drops")


def add_references(drops: Path) -> None:
    # Only where ROUGE is the point: its first use costs seconds of imports per process.
    (drops / "day3" / "references").mkdir()
    (drops / "day3" / "references" / "deal.txt").write_text("Acme bought a stake in Beta Labs.\n")


@pytest.fixture
def settings(tmp_path: Path):
    return make_settings(tmp_path)


def batch(settings, drops: Path, out: Path, **options):
    return run_batch(settings, drops, out, BatchOptions(quiet=options.pop("quiet", True), **options))


def without_timings(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` except the one that varies between runs (timings.json), by relative name."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "timings.json"
    }


def assert_complete(out: Path, *, leftovers: bool = False) -> None:
    """Every drop folder in ``out`` is complete; hidden temp folders only when ``leftovers`` (after a kill)."""
    for folder in out.iterdir():
        if folder.is_dir():
            if folder.name.startswith("."):
                assert leftovers, f"leftover {folder.name}"
                continue
            assert sorted(p.name for p in folder.iterdir()) == OUTPUT_FILES, folder.name


# --- drops: finding them, hashing them, their settings ---------------------------------------


def test_drops_are_subfolders_and_jsonl_files_sorted_by_name(drops, tmp_path):
    add_references(drops)
    (drops / ".hidden").mkdir()
    out = drops / "out"
    out.mkdir()
    found = find_drops(drops, exclude=[out])
    assert [(d.name, d.entry) for d in found] == [("day1", "day1"), ("day2", "day2.jsonl"), ("day3", "day3")]
    day3 = found[2]
    assert day3.articles == drops / "day3" / "articles" and day3.themes == drops / "day3" / "themes.yaml"
    assert day3.references == drops / "day3" / "references" and not day3.problem


def test_two_drops_with_one_name_become_one_failed_drop(drops):
    (drops / "day1.jsonl").write_text(json.dumps(RECORDS[0]) + "\n")
    clash = find_drops(drops)[0]
    assert clash.name == "day1" and "2 drops are named 'day1' (day1, day1.jsonl)" in clash.problem


def test_a_missing_or_empty_batch_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="batch folder not found"):
        find_drops(tmp_path / "none")
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(InputError, match="no drops found"):
        find_drops(tmp_path)


def test_the_content_hash_follows_articles_themes_and_references_only(drops, tmp_path):
    add_references(drops)
    day3 = find_drops(drops)[2]
    before = content_hash(day3, (".txt", ".md"))
    (drops / "day3" / "articles" / "photo.jpg").write_bytes(b"\xff\xd8")
    (drops / "day3" / "README").write_text("not read by a run")
    assert content_hash(day3, (".txt", ".md")) == before
    for path in ("themes.yaml", "references/deal.txt", "articles/a2.txt"):
        file = drops / "day3" / path
        original = file.read_bytes()
        file.write_bytes(original + b"\n")
        assert content_hash(day3, (".txt", ".md")) != before, path
        file.write_bytes(original)
    assert content_hash(day3, (".txt", ".md")) == before


def test_a_copied_drop_has_the_same_content_hash(drops, tmp_path):
    copy = write_drops(tmp_path / "elsewhere")
    assert [content_hash(d, (".txt",)) for d in find_drops(drops)] == [
        content_hash(d, (".txt",)) for d in find_drops(copy)
    ]


def test_a_drops_themes_file_replaces_the_config_themes_and_its_references_are_used(drops, settings):
    add_references(drops)
    day1, _, day3 = find_drops(drops)
    own = drop_settings(settings, day3)
    assert [t.name for t in own.themes] == ["deal"]
    assert own.references == str((drops / "day3" / "references").resolve())
    assert own.input == str((drops / "day3" / "articles").resolve())
    plain = drop_settings(settings, day1)
    assert [t.name for t in plain.themes] == ["layoffs", "deal"] and plain.references == ""


def test_a_bad_themes_file_is_a_config_error_naming_it(drops, settings):
    (drops / "day3" / "themes.yaml").write_text("- name: 'bad name!'\n  description: x\n")
    with pytest.raises(ConfigError, match=r"themes\.yaml: themes\.0\.name"):
        drop_settings(settings, find_drops(drops)[2])


def test_the_config_hash_ignores_paths_and_printing_but_not_settings(tmp_path):
    base = config_hash(make_settings(tmp_path))
    moved = make_settings(tmp_path / "x", input="y", references="r", report={"print_table": False})
    assert config_hash(moved) == base
    assert config_hash(make_settings(tmp_path, generate={"word_budget": 40})) != base
    assert config_hash(make_settings(tmp_path, themes=DEAL_THEME)) != base


# --- store: lock, complete-or-absent folders, manifest -----------------------------------------


def test_a_committed_folder_replaces_the_old_one_whole(tmp_path):
    commit_folder(tmp_path, "d", lambda f: (f / "old.txt").write_text("old"))
    commit_folder(tmp_path, "d", lambda f: (f / "new.txt").write_text("new"))
    assert [p.name for p in tmp_path.iterdir()] == ["d"]
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["new.txt"]


def test_a_failure_while_filling_keeps_the_old_folder_and_leaves_no_temp(tmp_path):
    commit_folder(tmp_path, "d", lambda f: (f / "old.txt").write_text("old"))

    def half_written(folder):
        (folder / "part.txt").write_text("half")
        raise OutputError("disk full")

    with pytest.raises(OutputError, match="disk full"):
        commit_folder(tmp_path, "d", half_written)
    assert [p.name for p in tmp_path.iterdir()] == ["d"]
    assert (tmp_path / "d" / "old.txt").read_text() == "old"


def test_leftovers_of_a_killed_run_are_removed(tmp_path):
    for name in (".day1.tmp-123", ".day2.old-77"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "summaries.json").write_text("{")
    (tmp_path / ".manifest.json.abc123.tmp").write_text("{")
    (tmp_path / "day1").mkdir()
    assert remove_stale(tmp_path) == [".day1.tmp-123", ".day2.old-77", ".manifest.json.abc123.tmp"]
    assert [p.name for p in tmp_path.iterdir()] == ["day1"]


def test_a_second_batch_on_the_same_output_folder_is_refused(tmp_path):
    with locked(tmp_path / "out"):
        with pytest.raises(OutputError, match="another batch run is writing to"):
            with locked(tmp_path / "out"):
                pass
    with locked(tmp_path / "out"):
        pass


def test_an_unreadable_manifest_means_redo_everything_with_a_warning(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    assert read_manifest(tmp_path)[0] == {} and "every drop will be redone" in read_manifest(tmp_path)[1]
    assert read_manifest(tmp_path / "none") == ({}, "")


# --- index -------------------------------------------------------------------------------------


def test_one_line_collapses_whitespace_and_cuts_at_a_word():
    assert one_line("Acme  laid\noff staff.") == "Acme laid off staff."
    assert one_line("one two three four", limit=12) == "one two…"
    assert one_line("") == ""


def test_the_index_lists_ok_failed_and_missing_drops(tmp_path):
    (tmp_path / "a").mkdir()
    summaries = {
        "drop": "a",
        "themes": [
            {"name": "deal", "status": "ok", "method": "extractive", "summary": "x", "sentences": [{"text": "A | B."}]},
            {"name": "layoffs", "status": "no_coverage", "method": "none", "summary": "", "sentences": []},
        ],
        "counts": {"load": {"articles": 2}},
    }
    (tmp_path / "a" / "summaries.json").write_text(json.dumps(summaries))
    entries = {
        "c": {"status": "ok", "source": "c.jsonl"},
        "a": {"status": "ok", "source": "a"},
        "b": {"status": "failed", "source": "b", "error": "b: no articles found"},
    }
    index = build_index(tmp_path, entries)
    assert [(d["name"], d["status"]) for d in index["drops"]] == [("a", "ok"), ("b", "failed"), ("c", "missing")]
    assert index["drops"][0]["themes"][0] == {
        "name": "deal",
        "status": "ok",
        "method": "extractive",
        "summary": "A | B.",
    }
    assert index["counts"] == {"drops": 3, "ok": 1, "failed": 2}
    markdown = index_markdown(index)
    assert "| [a](a/report.md) | ok | 2 | deal |" in markdown
    assert "- **deal**: A | B.\n- **layoffs**: _no coverage in this drop_" in markdown
    assert "**failed**: b: no articles found" in markdown


# --- whole batches -----------------------------------------------------------------------------


def test_a_batch_writes_every_drop_with_an_index_and_a_manifest(drops, settings, tmp_path):
    out = tmp_path / "out"
    report = batch(settings, drops, out)
    assert report.exit_code == 0 and report.done == ["day1", "day2", "day3"]
    assert sorted(p.name for p in out.iterdir()) == [
        ".batch.lock",
        "day1",
        "day2",
        "day3",
        "index.json",
        "index.md",
        "manifest.json",
    ]
    assert_complete(out)
    index = json.loads((out / "index.json").read_text())
    assert [d["name"] for d in index["drops"]] == ["day1", "day2", "day3"]
    assert [t["name"] for t in index["drops"][2]["themes"]] == ["deal"]
    assert json.loads((out / "day3" / "summaries.json").read_text())["drop"] == "day3"
    manifest = json.loads((out / "manifest.json").read_text())["drops"]
    assert manifest["day2"]["source"] == "day2.jsonl" and manifest["day2"]["status"] == "ok"
    # A drop's folder holds what a single run of that drop writes.
    single = write_outputs(run(make_settings(tmp_path, input=str(drops / "day1"))), tmp_path / "single")
    for name in ("summaries.json", "dedup.json"):
        assert (single / name).read_bytes() == (out / "day1" / name).read_bytes()


def test_a_drops_references_folder_is_used_for_rouge(drops, settings, tmp_path):
    add_references(drops)
    batch(settings, drops, tmp_path / "out")
    scored = json.loads((tmp_path / "out" / "day3" / "summaries.json").read_text())
    assert set(scored["rouge"]) == {"deal"}
    assert "rouge" not in json.loads((tmp_path / "out" / "day1" / "summaries.json").read_text())


def test_a_bad_drop_is_recorded_as_failed_and_the_others_still_run(drops, settings, tmp_path, capsys):
    (drops / "empty").mkdir()
    (drops / "binary.jsonl").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"
    report = batch(settings, drops, out)
    assert report.exit_code == 1 and report.done == ["day1", "day2", "day3"]
    assert sorted(report.failed) == ["binary", "empty"] and "no articles found" in report.failed["empty"]
    manifest = json.loads((out / "manifest.json").read_text())["drops"]
    assert manifest["binary"]["status"] == "failed" and "binary file" in manifest["binary"]["error"]
    assert not (out / "empty").exists()
    err = capsys.readouterr().err
    assert "error: drop empty:" in err and "2 of 5 drops failed (binary, empty)" in err and "Traceback" not in err


def test_a_rerun_skips_unchanged_drops_redoes_changed_ones_and_force_redoes_all(drops, settings, tmp_path):
    out = tmp_path / "out"
    batch(settings, drops, out)
    first = without_timings(out)
    assert batch(settings, drops, out).skipped == ["day1", "day2", "day3"]
    assert without_timings(out) == first
    with (drops / "day2.jsonl").open("a") as handle:
        handle.write(json.dumps({"id": "w3", "text": "Acme said more staff could be laid off later this year."}) + "\n")
    (drops / "day3" / "themes.yaml").write_text(yaml.safe_dump([{**DEAL_THEME[0], "keywords": ["deal"]}]))
    rerun = batch(settings, drops, out)
    assert rerun.done == ["day2", "day3"] and rerun.skipped == ["day1"]
    assert rerun.cached > 0  # day2's old paragraphs were embedded by the first run
    assert batch(settings, drops, out, force=True).done == ["day1", "day2", "day3"]
    changed = make_settings(tmp_path, generate={"word_budget": 30})
    assert batch(changed, drops, out).done == ["day1", "day2", "day3"]


def test_a_deleted_drop_folder_is_redone_and_a_failed_drop_is_retried(drops, settings, tmp_path):
    out = tmp_path / "out"
    (drops / "later").mkdir()
    batch(settings, drops, out)
    (out / "day1" / "summaries.json").unlink()
    (drops / "later" / "a1.txt").write_text(ARTICLES["a1.txt"])
    report = batch(settings, drops, out)
    assert report.done == ["day1", "later"] and not report.failed
    assert_complete(out)


def test_a_run_after_a_kill_removes_leftovers_and_completes(drops, settings, tmp_path):
    out = tmp_path / "out"
    batch(settings, drops, out)
    # What a kill -9 can leave: a half-built folder, a set-aside old folder with the new one
    # not yet in place, a manifest temp file.
    (out / "day2").rename(out / ".day2.old-4242")
    (out / ".day1.tmp-4243").mkdir()
    (out / ".day1.tmp-4243" / "dedup.json").write_text("{")
    (out / ".index.md.x1y2.tmp").write_text("#")
    report = batch(settings, drops, out)
    assert report.done == ["day2"] and report.skipped == ["day1", "day3"]
    assert_complete(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".batch.lock"]


def test_caching_changes_no_output_byte(drops, settings, tmp_path):
    batch(settings, drops, tmp_path / "cold")
    warm = batch(settings, drops, tmp_path / "warm")
    assert warm.embedded == 0 and warm.cached > 0
    assert without_timings(tmp_path / "cold") == without_timings(tmp_path / "warm")


def test_the_batch_prints_a_line_per_drop_and_a_summary_unless_quiet(drops, settings, tmp_path, capsys):
    batch(settings, drops, tmp_path / "out", quiet=False)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["day1", "day2", "day3", "batch"]
    assert lines[0].startswith("day1: ok in ") and ", 3 articles, " in lines[0] and "/2 themes covered" in lines[0]
    assert lines[-1].startswith("batch: 3 drops: 3 done, 0 unchanged, 0 failed in ")
    batch(settings, drops, tmp_path / "out", quiet=True)
    assert capsys.readouterr() == ("", "")


# --- processes: kill -9 and resume, Dask -------------------------------------------------------


def write_config(settings, path: Path) -> Path:
    path.write_text(yaml.safe_dump(settings.model_dump(mode="json")), encoding="utf-8")
    return path


def cli(*args: str, delay: float = 0.0) -> list[str]:
    """The run.py command line; ``delay`` slows every drop down (so a kill lands mid-batch)."""
    if not delay:
        return [sys.executable, str(ROOT / "scripts" / "run.py"), *args]
    code = (
        "import runpy, sys, time\n"
        "import summarize.pipeline as p\n"
        "real = p.run\n"
        f"p.run = lambda *a, **k: (time.sleep({delay}), real(*a, **k))[1]\n"
        f"sys.argv = ['run.py', *{list(args)!r}]\n"
        f"runpy.run_path({str(ROOT / 'scripts' / 'run.py')!r}, run_name='__main__')\n"
    )
    return [sys.executable, "-c", code]


def test_killing_the_batch_and_rerunning_it_completes_with_identical_outputs(drops, settings, tmp_path):
    for day in range(4, 7):
        (drops / f"day{day}").mkdir()
        (drops / f"day{day}" / "a1.txt").write_text(ARTICLES["a1.txt"] + f"Day {day} brought no further news.\n")
    config = write_config(settings, tmp_path / "config.yaml")
    out = tmp_path / "out"
    args = ("--config", str(config), "--batch", str(drops), "--output", str(out), "--quiet")
    process = subprocess.Popen(cli(*args, delay=0.5), cwd=ROOT, env=ENV, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            manifest = read_manifest(out)[0] if (out / "manifest.json").exists() else {}
            if any(e["status"] == "ok" for e in manifest.values()):
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    interrupted = [p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert 1 <= len(interrupted) < 6, "the kill must land mid-batch"
    assert_complete(out, leftovers=True)
    result = subprocess.run(cli(*args), cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_complete(out)
    batch(settings, drops, tmp_path / "uninterrupted")
    assert without_timings(out) == without_timings(tmp_path / "uninterrupted")


@pytest.fixture
def local_cluster():
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as cluster:
        yield cluster


def test_drops_sent_to_a_dask_cluster_give_the_bytes_of_a_serial_run(drops, settings, tmp_path, local_cluster):
    config = write_config(settings, tmp_path / "config.yaml")
    assert local_cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    for flags, out in (
        (("--workers", "2"), tmp_path / "local"),
        (("--scheduler", local_cluster.scheduler_address), tmp_path / "remote"),
    ):
        args = ("--config", str(config), "--batch", str(drops), "--output", str(out), *flags)
        result = subprocess.run(cli(*args), cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    serial = tmp_path / "serial"
    batch(make_settings(tmp_path / "other-cache"), drops, serial)
    assert without_timings(tmp_path / "local") == without_timings(serial) == without_timings(tmp_path / "remote")
