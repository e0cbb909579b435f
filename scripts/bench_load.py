#!/usr/bin/env python
"""Measure load + clean on one huge article: time and peak memory stay bounded by load.max_article_chars.

Writes a drop holding one article of --mb megabytes (English paragraphs, written in
chunks so the script itself never holds it) and one of normal size, then times
load + clean and reports the peak of Python allocations (tracemalloc) and the growth
of the process's resident memory (psutil). Load reads only the bytes that
max_article_chars characters can need, so neither figure should grow with --mb.

Usage: .venv/bin/python scripts/bench_load.py [--mb 50] [--max-article-chars 200000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

PARAGRAPH = (
    "Acme Corp said on Monday it would cut about 200 jobs, roughly 10% of its workforce, as growth slowed "
    "and costs rose across its three largest markets, according to a statement from the company. "
) * 3 + "\n\n"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the huge article in megabytes (10^6 bytes)")
    parser.add_argument("--max-article-chars", type=int, default=200_000, help="load.max_article_chars")
    return parser.parse_args()


def write_article(path: Path, size: int) -> None:
    block = (PARAGRAPH * (1_000_000 // len(PARAGRAPH) + 1)).encode()[:1_000_000]
    with path.open("wb") as handle:
        for _ in range(size // len(block)):
            handle.write(block)
        handle.write(block[: size % len(block)])


def main() -> int:
    args = parse_args()
    import psutil

    from summarize.config import CleanSettings, LoadSettings
    from summarize.stages.clean import clean
    from summarize.stages.load import load

    settings = LoadSettings(max_article_chars=args.max_article_chars)
    with tempfile.TemporaryDirectory() as tmp:
        warm, drop = Path(tmp) / "warm", Path(tmp) / "drop"
        for folder in (warm, drop):
            folder.mkdir()
            (folder / "normal.txt").write_text(PARAGRAPH * 10, encoding="utf-8")
        load(warm, settings)  # imports and the language model, which every run pays once
        write_article(drop / "huge.txt", args.mb * 1_000_000)
        process = psutil.Process()
        rss_before = process.memory_info().rss
        tracemalloc.start()
        start = time.perf_counter()
        loaded = load(drop, settings)
        cleaned = clean(loaded.paragraphs, CleanSettings())
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = process.memory_info().rss
    huge = next(a for a in loaded.articles if a.id == "huge.txt")
    print(f"file: {args.mb * 1_000_000:,} bytes; load.max_article_chars {args.max_article_chars:,}")
    print(f"load + clean: {seconds:.3f} s")
    print(f"peak Python allocations (tracemalloc): {peak / 1e6:.1f} MB")
    print(f"resident memory growth (psutil RSS): {(rss_after - rss_before) / 1e6:.1f} MB")
    kept = f"{len(loaded.paragraphs):,} paragraphs, {len(cleaned.paragraphs):,} after clean"
    print(f"kept: {len(huge.text):,} characters of huge.txt; {kept}")
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
