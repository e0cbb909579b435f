#!/usr/bin/env python
"""Summarize a drop of news articles into cited per-theme summaries.

Argument parsing only: load_config -> check_run -> output_folder (lock) -> run ->
write_outputs -> exit code (with --batch: load_config -> summarize.batch.run_batch -> exit code).
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--input", help="a folder of .txt/.md/.html articles, or one .jsonl/.json file")
    parser.add_argument("--output", help="output folder (default: the config's output, runs/<drop name>)")
    parser.add_argument(
        "--themes",
        help="YAML list of themes (name, description, keywords), or 'auto' to find them in the drop (default: the "
        "drop's own themes.yaml, else the config's themes, else found in the drop)",
    )
    parser.add_argument(
        "--references",
        help="folder of <theme>.txt reference summaries, for ROUGE (default with --input: the drop's references/, "
        "else no scoring)",
    )
    parser.add_argument(
        "--since",
        metavar="RUN_DIR",
        help="a previous run's output folder: each theme also gets an update summary of what this drop adds "
        "(config key update.since)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override one config value (repeatable), e.g. --set generate.word_budget=90",
    )
    batch = parser.add_argument_group("batch runs (see docs/batch.md)")
    batch.add_argument(
        "--batch",
        metavar="DROPS_DIR",
        help="run every drop (subfolder or .jsonl file) of DROPS_DIR into --output OUT/<drop>/, with OUT/index.md",
    )
    batch.add_argument("--force", action="store_true", help="redo drops that are unchanged since the last batch")
    batch.add_argument(
        "--workers", type=int, default=0, metavar="N", help="run drops on a local Dask cluster of N processes"
    )
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run drops on an existing Dask cluster")
    batch.add_argument(
        "--quiet", action="store_true", help="no progress bar or per-drop lines (errors still on stderr)"
    )
    batch.add_argument(
        "--log-level",
        default="warning",
        type=str.lower,
        choices=("debug", "info", "warning", "error"),
        help="what the summarize loggers print to stderr (default: warning)",
    )
    args = parser.parse_args(argv)
    if args.batch:
        if args.since:
            parser.error("--batch chains dated drops itself (see docs/batch.md); drop --since")
        if args.input or args.references:
            parser.error("--batch takes each drop's articles and references/ from DROPS_DIR; drop --input/--references")
        if not args.output:
            parser.error("--batch needs --output OUT (the folder for OUT/<drop>/, index.md and manifest.json)")
        if args.workers and args.scheduler:
            parser.error("use --workers N (local cluster) or --scheduler ADDRESS (existing cluster), not both")
        if not 0 <= args.workers <= 256:
            parser.error(f"--workers {args.workers}: expected 1 to 256 (or leave it out for a serial run)")
    elif args.force or args.workers or args.scheduler or args.quiet:
        parser.error("--force, --workers, --scheduler and --quiet apply to --batch runs only")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from summarize.config import ConfigError, cache_environment, load_config
    from summarize.errors import SummarizeError

    try:
        settings = load_config(
            args.config,
            args.overrides,
            themes_file=args.themes,
            own_themes=not args.batch,
            input=args.input,
            references=args.references,
        )
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    if args.since is not None:
        # Set here rather than through --set: YAML would read a folder named 2024-10-01 as a date.
        settings = settings.model_copy(update={"update": settings.update.model_copy(update={"since": args.since})})
    # Before any library is imported: their caches go under cache_dir, not HOME or /tmp.
    os.environ.update(cache_environment(settings.cache_dir, os.environ))
    if args.batch:
        from summarize.batch import BatchOptions, run_batch, setup_logging

        setup_logging(args.log_level)
        options = BatchOptions(force=args.force, workers=args.workers, scheduler=args.scheduler or "", quiet=args.quiet)
        try:
            return run_batch(settings, args.batch, args.output, options).exit_code
        except SummarizeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    from summarize.pipeline import check_run, output_dir, run
    from summarize.stages.load import drop_name
    from summarize.stages.report import output_folder, table, write_outputs

    try:
        folder = Path(args.output) if args.output else output_dir(settings, drop_name(settings.input))
        check_run(settings, folder)
        # Created, checked writable and locked before the stages run (a second run fails at once).
        with output_folder(folder):
            result = run(settings)
            write_outputs(result, folder)
    except SummarizeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: every output file is the previous run's or this one's, never half-written", file=sys.stderr)
        return 130
    if settings.report.print_table:
        print(table(result))
    print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
