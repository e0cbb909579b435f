"""Output faults: atomic files, a kill at any point, two runs on one folder, a full disk,
an unwritable or misplaced output folder.

Runs use the hashing embedder and no model (1-2 s each); kills are real SIGKILLs
sent by a patched child process at chosen points of the writing.
"""

import errno
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize import io
from summarize.errors import InputError, OutputBusyError, OutputError
from summarize.pipeline import check_run, run
from summarize.stages.report import LOCK, OUTPUT_FILES, output_folder, write_outputs
from tests.conftest import OFFLINE_ENV as ENV
from tests.conftest import ROOT, fast_args, make_settings, run_cli

# Runs scripts/run.py, SIGKILLing itself at one point of the writing:
#   write K   halfway through writing the temp file of output file K (0-based)
#   rename K  with every temp file written, just before output file K is renamed into place
KILLER = """
import os, signal, sys, runpy
from pathlib import Path
import summarize.io as io

mode, k = sys.argv[1], int(sys.argv[2])
outputs = {"articles.json", "dedup.json", "report.md", "themes.yaml", "timings.json", "summaries.json"}
seen = {"write": 0, "rename": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

real_write, real_replace = io._write_temp, os.replace

def write(target, data):
    if mode == "write" and target.name in outputs:
        if seen["write"] == k:
            real_write(target, data[: len(data) // 2])
            die()
        seen["write"] += 1
    return real_write(target, data)

def replace(src, dst):
    if mode == "rename" and Path(dst).name in outputs:
        if seen["rename"] == k:
            die()
        seen["rename"] += 1
    return real_replace(src, dst)

io._write_temp = write
os.replace = replace
sys.argv = ["run.py", *sys.argv[3:]]
runpy.run_path("scripts/run.py", run_name="__main__")
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUT_FILES}


# --- 9: every output file is written through a temp file and a rename ------------------------


def test_every_output_file_goes_through_a_temp_file_and_a_rename(tmp_path, drop, embedder, monkeypatch):
    result = run(make_settings(tmp_path, input=str(drop)), embedder=embedder, notice=lambda _: None)
    temps, renames = [], []
    real_write, real_replace = io._write_temp, os.replace

    def write(target, data):
        temp = real_write(target, data)
        temps.append(temp.name)
        return temp

    def replace(src, dst):
        renames.append((Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(io, "_write_temp", write)
    monkeypatch.setattr(os, "replace", replace)
    write_outputs(result, tmp_path / "o")
    assert [dst for _, dst in renames] == list(OUTPUT_FILES)  # summaries.json last
    assert [src for src, _ in renames] == temps
    assert all(re.fullmatch(rf"\.{re.escape(dst)}\.\w+\.tmp", src) for src, dst in renames)
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == sorted(OUTPUT_FILES)


def test_no_module_that_writes_outputs_opens_a_file_for_writing_directly():
    # Outputs of runs, batches and evaluations must go through summarize.io's atomic writes.
    writers = [
        "summarize/stages/report.py",
        "summarize/evaluation/files.py",
        *map(str, Path("summarize/batch").glob("*.py")),
    ]
    direct = re.compile(r"\.write_(text|bytes)\(|open\([^)]*['\"][wax]b?\+?['\"]")
    for name in writers:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert not direct.search(source), name


# --- 10: a kill at any point leaves complete files, old or new ------------------------------


def test_a_run_killed_at_any_point_of_writing_leaves_only_complete_files(tmp_path, drop):
    out, new_out, cache = tmp_path / "out", tmp_path / "new", tmp_path / "cache"
    first = run_cli(*fast_args(drop, out, cache))
    assert first.returncode == 0, first.stderr
    old = snapshot(out)
    second = ("--set", "generate.word_budget=20")
    reference = run_cli(*fast_args(drop, new_out, cache, *second))
    assert reference.returncode == 0, reference.stderr
    new = snapshot(new_out)
    assert old["summaries.json"] != new["summaries.json"]
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")

    points = [("write", k) for k in range(len(OUTPUT_FILES))] + [("rename", k) for k in range(len(OUTPUT_FILES))]
    for mode, k in points:
        killed = subprocess.run(
            [sys.executable, str(killer), mode, str(k), *fast_args(drop, out, cache, *second)],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert killed.returncode == -9, (mode, k, killed.stderr)
        now = snapshot(out)
        for name in ("summaries.json", "dedup.json", "report.md", "themes.yaml"):
            assert now[name] in (old[name], new[name]), (mode, k, name)
        json.loads(now["summaries.json"])
        json.loads(now["dedup.json"])
        assert set(json.loads(now["timings.json"])) == set(json.loads(old["timings.json"]))
        if now["summaries.json"] == new["summaries.json"]:  # renamed last: the set is complete
            assert now["report.md"] == new["report.md"]
        visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
        assert visible == sorted(OUTPUT_FILES), (mode, k)
        leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        # Killed while writing: the half-written temp file is left, hidden; killed before a rename,
        # the remaining temp files are. The next run sweeps them at its start.
        assert leftovers, (mode, k)
        assert all(io.is_temp_of(name, OUTPUT_FILES) for name in leftovers)

    final = run_cli(*fast_args(drop, out, cache, *second))
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, LOCK])
    assert snapshot(out)["summaries.json"] == new["summaries.json"]


def test_a_killed_runs_temp_files_are_swept_at_the_next_start_and_nothing_else(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for name in (".summaries.json.abc123.tmp", ".report.md.x_y.tmp", ".notes.txt.abc.tmp", "mine.tmp", "keep.md"):
        (folder / name).write_text("{", encoding="utf-8")
    with output_folder(folder):
        pass
    assert sorted(p.name for p in folder.iterdir()) == sorted([LOCK, ".notes.txt.abc.tmp", "keep.md", "mine.tmp"])


# --- 11: two runs on one output folder ------------------------------------------------------


HOLDER = """
import sys, time
from summarize.stages.report import output_folder
with output_folder(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_second_run_on_a_folder_being_written_fails_at_once_naming_the_first(tmp_path, drop):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        start = time.perf_counter()
        second = run_cli(*fast_args(drop, out, tmp_path / "cache"))
        seconds = time.perf_counter() - start
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"error: {out} is being written by another run (pid {holder.pid}); "
            "wait for it to finish or choose another --output"
        )
        assert not [p for p in out.iterdir() if p.name != LOCK]  # nothing written, nothing run
        assert seconds < 30
    finally:
        holder.kill()
        holder.wait(timeout=30)
    # The kernel drops a killed holder's lock: the folder is free again.
    with output_folder(out):
        pass


def test_the_lock_is_refused_within_one_process_too_and_released_after(tmp_path):
    with output_folder(tmp_path / "o"):
        with pytest.raises(OutputBusyError, match=rf"is being written by another run \(pid {os.getpid()}\)"):
            with output_folder(tmp_path / "o"):
                pass
    with output_folder(tmp_path / "o"):
        pass


# --- 12: a full disk ------------------------------------------------------------------------


class _FullDisk:
    """A file object that writes half of what it is given, then reports a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.handle, name)


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_names_the_file_and_leaves_the_previous_outputs_and_no_temp_file(
    failing, tmp_path, drop, embedder, monkeypatch
):
    settings = make_settings(tmp_path, input=str(drop))
    folder = write_outputs(run(settings, embedder=embedder, notice=lambda _: None), tmp_path / "o")
    before = snapshot(folder)
    shorter = make_settings(tmp_path, input=str(drop), generate={"word_budget": 20})
    result = run(shorter, embedder=embedder, notice=lambda _: None)
    calls = {"n": 0}
    if failing == "write":
        real_fdopen = os.fdopen

        def fdopen(fd, *args, **kwargs):
            calls["n"] += 1
            handle = real_fdopen(fd, *args, **kwargs)
            return _FullDisk(handle) if calls["n"] == 3 else handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        real_fsync = os.fsync

        def fsync(fd):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError) as caught:
        write_outputs(result, folder)
    message = str(caught.value)
    assert message.startswith(f"the disk is full: cannot write {folder / OUTPUT_FILES[2]}")
    assert "free some space" in message
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUT_FILES)


def test_a_full_disk_in_a_single_atomic_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "index.md"
    target.write_text("old", encoding="utf-8")

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError) as caught:
        io.atomic_write_text(target, "new")
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["index.md"]


# --- 6, 7: an output folder that cannot be written or sits in the input ---------------------


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_an_unwritable_output_folder_is_an_output_error_naming_it(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=rf"cannot write to the output folder {re.escape(str(folder))}: "):
            with output_folder(folder):
                pass
    finally:
        folder.chmod(0o755)


def test_an_output_folder_that_cannot_be_created_is_an_output_error_naming_it(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"cannot write to the output folder .*file/out: Not a directory"):
        with output_folder(tmp_path / "file" / "out"):
            pass
    with pytest.raises(OutputError, match=r"output folder .*file is a file; choose another --output"):
        with output_folder(tmp_path / "file"):
            pass


def test_an_output_folder_inside_or_equal_to_the_input_folder_is_refused(tmp_path, drop):
    settings = make_settings(tmp_path, input=str(drop))
    for out in (drop, drop / "runs", drop / "a" / "b"):
        with pytest.raises(OutputError, match=r"output folder .* is inside the input folder .*drop; the next run"):
            check_run(settings, out)
    check_run(settings, tmp_path / "out")
    check_run(settings, drop.parent)  # the input inside the output folder is harmless
    records = tmp_path / "day.jsonl"
    records.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    check_run(make_settings(tmp_path, input=str(records)), tmp_path)  # a file input has no folder to pollute


def test_a_missing_input_or_references_folder_fails_before_the_output_folder_exists(tmp_path, drop):
    with pytest.raises(InputError, match="input not found"):
        check_run(make_settings(tmp_path, input=str(tmp_path / "none")), tmp_path / "out")
    with pytest.raises(InputError, match="references folder not found: .*refs"):
        check_run(make_settings(tmp_path, input=str(drop), references=str(tmp_path / "refs")), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_folder_that_refuses_writes_is_an_output_error_even_for_root(tmp_path, monkeypatch):
    # Root ignores permission bits, so the refusal is simulated where the check writes its probe.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(io.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match=rf"cannot write to the output folder {re.escape(str(tmp_path))}: Permission"):
        with output_folder(tmp_path):
            pass
