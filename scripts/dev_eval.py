#!/usr/bin/env python
"""Evaluate on the seeds and the dev drops together (tuning aid).

Argument parsing only: see summarize.evaluation.dev.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root: this folder's evaluate.py would
# otherwise shadow the `evaluate` library, and the package runs without an install.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
ROOT = Path(sys.path[0])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Macro ROUGE beside baselines, and theme P/R, on seeds + dev drops.")
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--dev-drops", default=str(ROOT.parent / "shared" / "dev_drops"), help="folder of dev drops")
    parser.add_argument("--seeds", default=str(ROOT / "seeds"), help="the seeds drop folder")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE")
    parser.add_argument("--samples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="also run every drop's themes over all drops' articles together (other stories in the feed)",
    )
    parser.add_argument(
        "--cross",
        action="store_true",
        help="also run drops of several companies' stories: one theme from each drop, over all drops' articles",
    )
    parser.add_argument(
        "--syndicated",
        type=int,
        default=0,
        metavar="N",
        help="also run every drop with N syndicated copies of its articles added (excerpts and rewordings "
        "with site furniture): summaries and independent source counts should not move",
    )
    parser.add_argument(
        "--left-out",
        action="store_true",
        help="also run every drop once per article with that article left out, and print per theme how often "
        "the system falls below the best classic summarizer (per-run tables go to --json only)",
    )
    _add_run_options(parser)
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """The 10-run table and what builds on it (--auto, --lodo, --ablate, --temporal)."""
    parser.add_argument(
        "--runs",
        action="store_true",
        help="instead of the per-drop tables, run every drop with its specific and its plain themes (10 runs): "
        "one line per run beside the best classic, zero-shot and oracle, flags, plain/specific ratios",
    )
    parser.add_argument(
        "--auto",
        action="store_true",
        help="also run every drop with discovered themes, each hand theme scored by its best match (implies --runs)",
    )
    parser.add_argument(
        "--lodo",
        metavar="KEY.PATH=V1,V2,...",
        help="leave-one-drop-out choice among these values of one config key, as a markdown table (implies --runs)",
    )
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="rerun the 10 runs with each heuristic unit switched off (dev_runs.ABLATION_UNITS), one at a time: "
        "R2 off minus on per run, mean, worst run and a verdict (earns / costs / neutral) (implies --runs)",
    )
    parser.add_argument(
        "--temporal",
        action="store_true",
        help="after the 10-run table, the developing-story checks per run (summarize.evaluation.temporal): "
        "unresolved relative times, conflicts against each drop's NOTES.md lists, timelines, latest figures, "
        "forecasts (implies --runs)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="instead: split every dev drop by article date, run the earlier half, then the later half with --since "
        "(alone and with the earlier articles repeated under other names), and measure the update summaries",
    )
    parser.add_argument(
        "--units",
        metavar="NAME,NAME",
        help="ablate only these units (implies --ablate)",
    )


def _variant_runs(args: argparse.Namespace, folders: list[Path]) -> dict:
    """``--runs`` and what builds on it (see summarize.evaluation.dev_runs.runs_report)."""
    from summarize.evaluation.dev_runs import runs_report

    ablate = (args.units or "") if args.ablate else None
    return runs_report(
        args.config,
        folders,
        overrides=args.overrides,
        samples=args.samples,
        auto=args.auto,
        lodo=args.lodo,
        ablate=ablate,
        temporal=args.temporal,
    )


def _update(args: argparse.Namespace, dev: Path) -> int:
    """``--update`` (see summarize.evaluation.update_eval)."""
    from summarize.config import ConfigError
    from summarize.errors import SummarizeError
    from summarize.evaluation.update_eval import update_report

    folders = sorted(p for p in dev.iterdir() if p.is_dir() and (p / "references").is_dir()) if dev.is_dir() else []
    if not folders:
        print(f"error: no dev drops in {dev} (pass --dev-drops FOLDER)", file=sys.stderr)
        return 2
    try:
        figures = update_report(args.config, folders, overrides=args.overrides)
    except (ConfigError, SummarizeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        Path(args.json).write_text(json.dumps({"update": figures}, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.ablate = args.ablate or bool(args.units)
    args.runs = args.runs or args.auto or bool(args.lodo) or args.ablate or args.temporal

    from summarize.config import ConfigError
    from summarize.errors import SummarizeError
    from summarize.evaluation.dev import (
        dev_drops,
        dev_evaluate,
        left_out_report,
        rebuilt_evaluate,
        syndication_report,
    )

    dev = Path(args.dev_drops)
    if args.update:
        return _update(args, dev)
    labels = {"seeds": ((ROOT / "tests" / "labels" / "seeds.tsv").read_text(encoding="utf-8"), None)}
    dev_labels = (ROOT / "tests" / "labels" / "dev_drops.tsv").read_text(encoding="utf-8")
    try:
        drops = dev_drops(dev if dev.is_dir() else None, args.seeds)
        for drop in drops[1:]:
            labels[drop.name] = (dev_labels, drop.name)
        figures = {}
        if not args.runs or args.syndicated:  # the syndicated report compares with these per-drop figures
            figures = dev_evaluate(args.config, drops, overrides=args.overrides, labels=labels, samples=args.samples)
        if args.runs:
            figures["variant_runs"] = _variant_runs(args, [Path(drop.references).parent for drop in drops])
        for kind in ("mixed", "cross", "syndicated"):
            if getattr(args, kind):
                figures[kind] = rebuilt_evaluate(
                    args.config,
                    drops,
                    kind,
                    overrides=args.overrides,
                    labels=labels,
                    samples=args.samples,
                    copies=args.syndicated,
                )
        if args.left_out:
            figures["left_out"] = rebuilt_evaluate(
                args.config, drops, "left_out", overrides=args.overrides, samples=args.samples, out=lambda _: None
            )
            print(f"\n##### every drop without one of its articles ({len(figures['left_out']['drops'])} drops):")
            for line in left_out_report(figures["left_out"]):
                print("  " + line)
        if args.syndicated:
            print(f"\nwith {args.syndicated} syndicated copies per drop, against the drops alone:")
            for line in syndication_report(figures, figures["syndicated"]):
                print("  " + line)
    except (ConfigError, SummarizeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
