#!/usr/bin/env python
"""Summarize a drop of news articles into cited per-theme summaries.

Argument parsing only: load_config -> run -> write_outputs -> exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root: scripts/evaluate.py would
# otherwise shadow the `evaluate` library, and the package runs without an install.
sys.path[0] = str(Path(__file__).resolve().parent.parent)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Turn a drop of news articles into short per-theme summaries that cite their sources.",
    )
    parser.add_argument("--config", required=True, help="YAML config (see configs/default.yaml)")
    parser.add_argument("--input", help="a folder of .txt/.md articles, or one .jsonl/.json file")
    parser.add_argument("--output", help="output folder (default: the config's output, runs/<drop name>)")
    parser.add_argument("--themes", help="YAML list of themes (name, description, keywords) replacing the config's")
    parser.add_argument("--references", help="folder of <theme>.txt reference summaries, for ROUGE")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE",
        help="override one config value (repeatable), e.g. --set generate.word_budget=90",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from summarize.config import ConfigError, load_config
    from summarize.errors import SummarizeError

    try:
        settings = load_config(
            args.config, args.overrides, themes_file=args.themes, input=args.input, references=args.references
        )
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    from summarize.pipeline import output_dir, run
    from summarize.stages.report import table, write_outputs

    try:
        result = run(settings)
        folder = write_outputs(result, args.output or output_dir(settings, result.drop))
    except SummarizeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if settings.report.print_table:
        print(table(result))
    print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
