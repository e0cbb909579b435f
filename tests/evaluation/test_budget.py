import pytest

from summarize.evaluation.budget import cut_to_budget, word_count


def test_lines_are_kept_until_the_budget_and_the_last_one_is_cut():
    assert cut_to_budget(["one two three", "four five six", "seven"], 5) == ("one two three", "four five")


def test_a_summary_within_budget_is_unchanged_apart_from_whitespace():
    assert cut_to_budget(["a  b", "", "c\td"], 110) == ("a b", "c d")


def test_the_empty_summary_stays_empty():
    assert cut_to_budget([], 10) == ()


def test_a_budget_below_one_is_refused_with_its_value():
    with pytest.raises(ValueError, match="Invalid word budget: 0"):
        cut_to_budget(["a"], 0)


def test_words_are_whitespace_separated():
    assert word_count("U.S.-based firm, 6,000 jobs") == 4
