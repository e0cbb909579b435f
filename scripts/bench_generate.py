#!/usr/bin/env python
"""Measure generation speed and memory: transformers (the pinned baseline) vs CTranslate2.

Argument parsing only: see summarize.generation.bench. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root (scripts/evaluate.py would shadow `evaluate`).
sys.path[0] = str(Path(__file__).resolve().parent.parent)
# Nothing is downloaded: the models are built from their published shapes.
for _key in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE"):
    os.environ.setdefault(_key, "1")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from summarize.generation.bench import ARCHITECTURES

    parser = argparse.ArgumentParser(
        description=(
            "Generation speed on random models with the exact t5-small / flan-t5-small architectures: "
            "tokens/s, seconds per theme, peak RSS and the ratio to transformers fp32 greedy batch 1."
        )
    )
    parser.add_argument(
        "--models", nargs="+", default=list(ARCHITECTURES), choices=list(ARCHITECTURES), help="architectures"
    )
    parser.add_argument(
        "--backends",
        nargs="+",
        default=["transformers", "ctranslate2", "ctranslate2-int8"],
        choices=["transformers", "ctranslate2", "ctranslate2-int8"],
        help="backends (transformers, the baseline, is always measured)",
    )
    parser.add_argument(
        "--themes", type=int, default=3, help="inputs in the batch of all themes (default: %(default)s)"
    )
    parser.add_argument("--input-tokens", type=int, default=400, help="tokens per input (default: %(default)s)")
    parser.add_argument("--output-tokens", type=int, default=96, help="forced output tokens (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads (default: %(default)s)")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="rounds over all backends; a figure's best run counts (default: %(default)s)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per model after which no new round starts (default: %(default)s)",
    )
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if min(args.themes, args.input_tokens, args.output_tokens, args.threads, args.repeats) < 1:
        parser.error("--themes, --input-tokens, --output-tokens, --threads and --repeats must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import time

    from summarize.generation.bench import as_json, run_benchmark, table

    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows = run_benchmark(
        models=tuple(args.models),
        backends=tuple(args.backends),
        themes=args.themes,
        input_tokens=args.input_tokens,
        output_tokens=args.output_tokens,
        threads=args.threads,
        repeats=args.repeats,
        budget=args.budget,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    load_after = os.getloadavg()[0]
    print(table(rows))
    print(
        f"\ntotal {time.perf_counter() - start:.0f} s; {args.threads} threads, {args.input_tokens} input tokens, "
        f"{args.output_tokens} output tokens, greedy, {args.themes} themes; "
        f"load average {load_before:.1f} -> {load_after:.1f} on {os.cpu_count()} CPUs"
    )
    if load_before > 0.5 * (os.cpu_count() or 1):
        effect = (
            "PyTorch's spinning threads suffer most, so ratios are inflated"
            if args.threads > 1
            else "figures are noisy"
        )
        print(f"warning: other work was running during the benchmark; {effect}")
    if args.json:
        Path(args.json).write_text(as_json(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
