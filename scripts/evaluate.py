#!/usr/bin/env python
"""Evaluate the pipeline against baselines and the extractive oracle, with intervals.

Argument parsing only: see summarize.evaluation.command.evaluate_command.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root: this folder's evaluate.py would
# otherwise shadow the `evaluate` library, and the package runs without an install.
sys.path[0] = str(Path(__file__).resolve().parent.parent)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Run the pipeline and the baselines (lead, LexRank, TextRank, greedy oracle) on one or more drops, "
            "score them with ROUGE at the same word budget, and write report.md, report.html and evaluation.json."
        ),
    )
    parser.add_argument("--config", required=True, help="YAML config (see configs/default.yaml)")
    parser.add_argument("--output", default="runs/evaluation", help="output folder (default: runs/evaluation)")
    parser.add_argument(
        "--drop",
        dest="drops",
        action="append",
        default=[],
        metavar="DIR",
        help="a drop folder with articles, references/ and optionally themes.yaml (repeatable: intervals "
        "then cover the themes of all drops)",
    )
    parser.add_argument("--input", help="single drop: a folder of articles or one .jsonl/.json file")
    parser.add_argument("--themes", help="single drop: YAML list of themes replacing the config's")
    parser.add_argument("--references", help="single drop: folder of <theme>.txt reference summaries")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override one config value for every drop (repeatable)",
    )
    parser.add_argument("--gate", metavar="FILE", help="quality gate record; exit 1 when a metric falls below it")
    parser.add_argument("--samples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    args = parser.parse_args(argv)
    if args.drops and (args.input or args.themes or args.references):
        parser.error("use either --drop (repeatable) or --input/--themes/--references, not both")
    if args.samples < 1:
        parser.error(f"--samples {args.samples}: must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from summarize.config import cache_environment, configured_cache_dir

    # Before any library is imported: their caches (matplotlib, evaluate, torch) go under cache_dir.
    os.environ.update(cache_environment(configured_cache_dir(args.config, args.overrides), os.environ))
    from summarize.evaluation.command import evaluate_command

    return evaluate_command(
        args.config,
        output=args.output,
        drops=args.drops,
        input=args.input,
        themes=args.themes,
        references=args.references,
        overrides=args.overrides,
        gate=args.gate,
        samples=args.samples,
    )


if __name__ == "__main__":
    sys.exit(main())
