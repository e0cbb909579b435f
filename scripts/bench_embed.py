#!/usr/bin/env python
"""Measure sentence embedding (all-MiniLM-L6-v2, one text per forward pass) at 1 and 2 torch threads.

The pipeline embeds every sentence of a drop once (cached afterwards), one text per
forward pass so a vector never depends on its batch. This prints seconds per 100
sentences for the embedder as the pipeline runs it (one thread) and for the same
loop at two threads, measured alternately in one run so machine load hits both,
and whether the two give the same vectors. Compare the ratio, not the seconds.

Usage: HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_embed.py [--sentences 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

TEMPLATE = "Acme said on day {i} it would cut about {n} jobs across its sales and gaming units worldwide."


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=100, help="sentences per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements per setting")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    import numpy as np

    from summarize.embed import MiniLMEmbedder

    texts = [TEMPLATE.format(i=i, n=10 * i + 7) for i in range(args.sentences)]
    embedders = {"1 thread (pipeline)": MiniLMEmbedder(), "2 threads": MiniLMEmbedder(threads=2)}
    embedders["2 threads"].encode(texts[:2])  # load the model outside the timings

    times: dict[str, list[float]] = {"1 thread (pipeline)": [], "2 threads": []}
    outputs = {}
    for _ in range(args.rounds):
        for name, embedder in embedders.items():
            start = time.perf_counter()
            outputs[name] = embedder.encode(texts)
            times[name].append(time.perf_counter() - start)
    per_100 = {name: min(values) * 100 / args.sentences for name, values in times.items()}
    for name, seconds in per_100.items():
        print(f"{name:20s} best of {args.rounds}: {seconds:.2f} s per 100 sentences")
    print(f"2 threads / 1 thread: {per_100['2 threads'] / per_100['1 thread (pipeline)']:.2f}x the time")
    same = np.array_equal(outputs["1 thread (pipeline)"], outputs["2 threads"])
    print(f"identical vectors at 1 and 2 threads: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
