#!/usr/bin/env python
"""Download a seq2seq checkpoint into a local folder (where a network exists).

Argument parsing only: see summarize.generation.fetch.fetch_model.
Then copy the folder to the offline machine and run with --set generate.model=DEST.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Replace the scripts folder on the path with the repo root (scripts/evaluate.py would shadow `evaluate`).
sys.path[0] = str(Path(__file__).resolve().parent.parent)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Download a Hugging Face checkpoint (config, safetensors, tokenizer) into a local folder."
    )
    parser.add_argument("model_id", help="hub id, e.g. google/flan-t5-small or sshleifer/distilbart-cnn-6-6")
    parser.add_argument("dest", help="local folder to create, e.g. models/flan-t5-small")
    parser.add_argument("--revision", help="branch, tag or commit (default: main)")
    parser.add_argument(
        "--allow-pickle",
        action="store_true",
        help="when the repo has no safetensors, fetch pytorch_model.bin and convert it to safetensors",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from summarize.generation.errors import GenerationError
    from summarize.generation.fetch import fetch_model

    try:
        dest = fetch_model(args.model_id, args.dest, allow_pickle=args.allow_pickle, revision=args.revision)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.model_id} saved in {dest}; run with --set generate.model={dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
