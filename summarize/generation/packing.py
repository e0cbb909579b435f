"""Token-aware packing of ranked sentences into model inputs (map-reduce chunks).

Sentences are taken best first and added whole while the prompt stays within
the token limit; a sentence that does not fit is left for the next chunk, and
smaller ones further down may still fill the gap. The estimate (sum of
per-sentence counts plus the prompt's own tokens) is checked against the exact
count of the assembled prompt, and the lowest-ranked sentences are dropped
until it fits, because sub-word tokenizers do not count concatenations exactly
additively. A sentence longer than the limit on its own is never cut: it is
skipped and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Packing:
    """Result of packing: ``chunks`` hold indices into the input, in rank order.

    ``too_long`` are sentences that alone exceed the limit; ``left_out`` are
    sentences that did not fit within ``max_chunks`` chunks.
    """

    chunks: tuple[tuple[int, ...], ...]
    too_long: tuple[int, ...]
    left_out: tuple[int, ...]


def pack(
    costs: Sequence[int],
    prompt_tokens: Callable[[tuple[int, ...]], int],
    limit: int,
    max_chunks: int,
) -> Packing:
    """Pack items (best first) into at most ``max_chunks`` chunks of at most ``limit`` tokens.

    Args:
        costs: Tokens of each item on its own (no special tokens), in rank order.
        prompt_tokens: Exact token count of the full prompt built from a chunk's
            indices; ``prompt_tokens(())`` is the prompt's overhead.
        limit: The input token limit.
        max_chunks: At most this many chunks are made.
    Returns:
        The chunks, the items too long for any chunk and the items left out.
    Raises:
        ValueError: ``limit`` or ``max_chunks`` is below 1.
    """
    if limit < 1 or max_chunks < 1:
        raise ValueError(f"limit and max_chunks must be positive, got {limit} and {max_chunks}")
    overhead = prompt_tokens(())
    too_long = tuple(i for i, cost in enumerate(costs) if overhead + cost > limit)
    skipped = set(too_long)
    pool = [i for i in range(len(costs)) if i not in skipped]
    chunks: list[tuple[int, ...]] = []
    while pool and len(chunks) < max_chunks:
        chosen: list[int] = []
        used = overhead
        for index in pool:
            if used + costs[index] <= limit:
                chosen.append(index)
                used += costs[index]
        while len(chosen) > 1 and prompt_tokens(tuple(chosen)) > limit:
            chosen.pop()
        if prompt_tokens(tuple(chosen)) > limit:
            # Only reachable when joining changes a lone sentence's count; treat it as too long.
            too_long = (*too_long, chosen[0])
            pool.remove(chosen[0])
            continue
        chunks.append(tuple(chosen))
        taken = set(chosen)
        pool = [i for i in pool if i not in taken]
    return Packing(tuple(chunks), tuple(sorted(too_long)), tuple(pool))
