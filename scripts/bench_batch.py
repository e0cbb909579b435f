#!/usr/bin/env python
"""Measure batch runs on copies of the seed drop: serial vs --workers N, and the embedding cache.

Each run is a separate ``scripts/run.py --batch`` process (so model loads count, as
for a user). Figures are printed as ratios from this one invocation, since the
absolute times on a shared machine mean little:

1. serial, cold cache vs ``--workers N``, cold cache: throughput ratio (and byte equality);
2. one drop updated (an article added), rerun on the warm cache: hit rate, and its
   time vs the same rerun with a cold cache.

Usage: .venv/bin/python scripts/bench_batch.py [--copies 6] [--workers 2] [--model minilm]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"}
_SENTENCE_END = re.compile(r"([a-z0-9])\.(?=\s|$)")
EMBEDDINGS = re.compile(r"sentence embeddings: (\d+) computed, (\d+) from cache")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=6, help="drops: copies of seeds/articles, made distinct")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers for the parallel run")
    parser.add_argument("--model", default="minilm", choices=("minilm", "hashing"), help="embed.model")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and print its path")
    return parser.parse_args()


def make_drops(folder: Path, copies: int) -> None:
    """``copies`` drops of the seed articles; every sentence of copy i ends with a copy mark, so
    (theme descriptions aside) no text is shared between drops: the serial run gets no
    cross-drop cache hits the parallel run would miss."""
    for i in range(copies):
        drop = folder / f"day{i:02d}"
        drop.mkdir(parents=True)
        for article in sorted((ROOT / "seeds" / "articles").iterdir()):
            text = article.read_text(encoding="utf-8")
            (drop / article.name).write_text(_SENTENCE_END.sub(rf"\1 in copy {i}.", text), encoding="utf-8")


def batch(
    drops: Path, out: Path, cache: Path, model: str, *extra: str, env: dict | None = None
) -> tuple[float, int, int]:
    """One batch process: (wall seconds, embeddings computed, embeddings from cache)."""
    command = [
        sys.executable, str(ROOT / "scripts" / "run.py"), "--config", str(ROOT / "configs" / "default.yaml"),
        "--set", f"embed.model={model}", "--set", "generate.model=", "--set", f"cache_dir={cache}",
        "--batch", str(drops), "--output", str(out), *extra,
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**ENV, **(env or {})}, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"batch failed ({done.returncode}):\n{done.stderr}")
    match = EMBEDDINGS.search(done.stdout)
    return seconds, int(match.group(1)), int(match.group(2))


def same_outputs(a: Path, b: Path) -> str:
    """ "yes", or "NO" and the first file that differs (timings aside)."""

    def files(folder: Path) -> dict[str, bytes]:
        out = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in {"timings.json", ".batch.lock"}:
                data = path.read_bytes()
                out[path.relative_to(folder).as_posix()] = data.split(b"## Timings")[0]
        return out

    left, right = files(a), files(b)
    differ = sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))
    return f"NO ({len(differ)} files differ, first {differ[0]})" if differ else "yes"


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        drops = work / "drops"
        make_drops(drops, args.copies)
        serial, computed, shared = batch(drops, work / "serial", work / "cache-serial", args.model)
        # Dask workers run with OMP_NUM_THREADS=1; a serial run so limited separates that effect from parallelism.
        one = {"OMP_NUM_THREADS": "1"}
        serial_one, _, _ = batch(drops, work / "serial-1", work / "cache-serial-1", args.model, env=one)
        flags = ("--workers", str(args.workers))
        parallel, _, _ = batch(drops, work / "parallel", work / "cache-parallel", args.model, *flags)
        print(f"{args.copies} drops, embed.model={args.model}: {computed} embeddings computed, {shared} shared")
        print(
            f"serial {serial:.1f} s, serial with OMP_NUM_THREADS=1 {serial_one:.1f} s, --workers {args.workers} "
            f"{parallel:.1f} s: throughput x{serial / parallel:.2f} (x{serial_one / parallel:.2f} vs the 1-thread "
            f"serial run); same bytes: {same_outputs(work / 'serial', work / 'parallel')}, "
            f"{same_outputs(work / 'serial', work / 'serial-1')}"
        )
        # A day's drop is updated: one more article (a syndicated copy with a new lead).
        updated = drops / "day00" / "zzz_update.txt"
        first = sorted((drops / "day00").iterdir())[0].read_text(encoding="utf-8")
        updated.write_text("An update on the story was published on Friday evening.\n" + first, encoding="utf-8")
        cold_dir = work / "cold"
        shutil.copytree(work / "serial", cold_dir)
        warm, computed, cached = batch(drops, work / "serial", work / "cache-serial", args.model, env=one)
        cold, cold_computed, _ = batch(drops, cold_dir, work / "cache-cold", args.model, env=one)
        print(
            f"rerun after updating 1 drop: {cached}/{computed + cached} embeddings from cache "
            f"({cached / max(1, computed + cached):.0%}), {computed} computed (cold cache: {cold_computed}); "
            f"warm {warm:.1f} s vs cold {cold:.1f} s: x{cold / warm:.2f}; "
            f"same bytes: {same_outputs(work / 'serial', cold_dir)}"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
