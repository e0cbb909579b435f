#!/usr/bin/env python
"""Check an evaluation.json against the quality gate record, or write a new record.

Argument parsing only: see summarize.evaluation.command.check_gate_command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root: this folder's evaluate.py would
# otherwise shadow the `evaluate` library, and the package runs without an install.
sys.path[0] = str(Path(__file__).resolve().parent.parent)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Compare the macro ROUGE-1/2/Lsum of an evaluation with the recorded floor; exit 1 when any falls "
            "more than the record's tolerance below it."
        ),
    )
    parser.add_argument("evaluation", help="evaluation.json written by scripts/evaluate.py")
    parser.add_argument("--record", default="quality/seeds_gate.json", help="gate record (default: %(default)s)")
    parser.add_argument(
        "--update",
        action="store_true",
        help="write the record from this evaluation instead of checking (commit it deliberately)",
    )
    parser.add_argument("--command", default="", help="with --update: the command that produced the evaluation")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from summarize.evaluation.command import check_gate_command

    return check_gate_command(args.evaluation, args.record, update=args.update, command=args.command)


if __name__ == "__main__":
    sys.exit(main())
