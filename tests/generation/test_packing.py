import pytest

from summarize.generation.packing import pack

OVERHEAD = 3


def additive(costs):
    return lambda indices: OVERHEAD + sum(costs[i] for i in indices)


def test_everything_fits_in_one_chunk():
    costs = [4, 3, 2]
    assert pack(costs, additive(costs), limit=12, max_chunks=4).chunks == ((0, 1, 2),)


def test_a_chunk_fills_exactly_to_the_limit_and_smaller_sentences_fill_gaps():
    costs = [5, 6, 2]  # 3 + 5 = 8; 6 would make 14 > 10; 2 makes 10 exactly
    packing = pack(costs, additive(costs), limit=10, max_chunks=4)
    assert packing.chunks == ((0, 2), (1,))


def test_a_sentence_longer_than_the_limit_is_skipped_not_cut():
    costs = [3, 20, 4]
    packing = pack(costs, additive(costs), limit=10, max_chunks=4)
    assert packing.too_long == (1,)
    assert packing.chunks == ((0, 2),)


def test_content_beyond_max_chunks_is_left_out_lowest_ranked_first():
    costs = [7, 7, 7, 7]
    packing = pack(costs, additive(costs), limit=10, max_chunks=2)
    assert packing.chunks == ((0,), (1,))
    assert packing.left_out == (2, 3)


def test_the_exact_count_wins_over_the_estimate():
    costs = [3, 3, 3]

    def joined(indices):  # joining costs one extra token per boundary
        return OVERHEAD + sum(costs[i] for i in indices) + max(0, len(indices) - 1)

    packing = pack(costs, joined, limit=12, max_chunks=4)
    assert all(joined(chunk) <= 12 for chunk in packing.chunks)
    assert packing.chunks == ((0, 1), (2,))


def test_nothing_to_pack_gives_no_chunks():
    assert pack([], additive([]), limit=10, max_chunks=2).chunks == ()


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="positive"):
        pack([1], additive([1]), limit=0, max_chunks=1)
