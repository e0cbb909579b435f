import math

import pytest

from summarize.evaluation.bootstrap import Bootstrap, Interval


def test_constant_scores_have_a_zero_width_interval():
    assert Bootstrap(4, samples=100).mean([0.3, 0.3, 0.3, 0.3]) == Interval(pytest.approx(0.3), 0.3, 0.3)


def test_two_themes_scoring_0_and_1_give_mean_one_half_and_the_full_range():
    # Resampled means are 0, 1/2 or 1 with chances 1/4, 1/2, 1/4: the 2.5% and 97.5% percentiles are 0 and 1.
    interval = Bootstrap(2, samples=2000, seed=1).mean([0.0, 1.0])
    assert (interval.mean, interval.low, interval.high) == (0.5, 0.0, 1.0)


def test_the_interval_contains_the_mean_and_narrows_with_more_themes():
    wide = Bootstrap(4, seed=3).mean([0.1, 0.2, 0.3, 0.4])
    narrow = Bootstrap(16, seed=3).mean([0.1, 0.2, 0.3, 0.4] * 4)
    assert wide.low < 0.25 < wide.high
    assert narrow.high - narrow.low < wide.high - wide.low


def test_the_same_seed_gives_the_same_interval():
    values = [0.12, 0.4, 0.33, 0.05, 0.27]
    assert Bootstrap(5, seed=13).mean(values) == Bootstrap(5, seed=13).mean(values)


def test_a_ratio_of_proportional_scores_is_exact_in_every_resample():
    ratio = Bootstrap(3, seed=2).ratio([0.1, 0.2, 0.3], [0.2, 0.4, 0.6])
    assert (ratio.mean, ratio.low, ratio.high) == pytest.approx((0.5, 0.5, 0.5))


def test_a_ratio_to_an_all_zero_denominator_is_undefined():
    ratio = Bootstrap(2).ratio([0.1, 0.2], [0.0, 0.0])
    assert math.isnan(ratio.mean) and ratio.as_dict() == {"mean": None, "low": None, "high": None}


def test_nothing_to_resample_and_wrong_lengths_are_refused():
    with pytest.raises(ValueError, match="at least one scored theme"):
        Bootstrap(0)
    with pytest.raises(ValueError, match="Invalid number of values: 2 \\(expected 3\\)"):
        Bootstrap(3).mean([0.1, 0.2])
    with pytest.raises(ValueError, match="Invalid confidence: 1.5"):
        Bootstrap(3, confidence=1.5)
