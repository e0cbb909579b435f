import pytest

from summarize.stages.score import rouge_scores, score
from summarize.types import Summary, SummarySentence


def test_rouge_matches_hand_computed_fractions():
    # unigrams: pred {the, cat, sat} vs ref {the, cat, sat, on, the, mat}: overlap 3 -> P 1, R 0.5, F 2/3.
    [result] = rouge_scores(["the cat sat"], ["the cat sat on the mat"])
    assert result["rouge1"] == pytest.approx(2 / 3, abs=1e-6)
    # bigrams: pred {the cat, cat sat} all in ref's 5 -> P 1, R 0.4, F 4/7.
    assert result["rouge2"] == pytest.approx(4 / 7, abs=1e-6)


def test_the_porter_stemmer_is_on():
    [result] = rouge_scores(["layoffs hit workers"], ["layoff hits worker"])
    assert result["rouge1"] == 1.0


def test_empty_inputs_and_mismatched_lengths():
    assert rouge_scores([], []) == []
    assert rouge_scores([""], ["a b"])[0]["rouge1"] == 0.0
    with pytest.raises(ValueError, match="1 predictions but 2 references"):
        rouge_scores(["a"], ["a", "b"])


def test_score_covers_themes_with_references_and_scores_no_coverage_as_zero():
    summaries = [
        Summary("a", "ok", "extractive", (SummarySentence("the cat sat"),)),
        Summary("b", "no_coverage", "none"),
        Summary("c", "ok", "extractive", (SummarySentence("x y"),)),
    ]
    result = score(summaries, {"a": ["the cat sat"], "b": ["dogs ran"]})
    assert set(result) == {"a", "b"}
    assert result["a"]["rouge1"] == 1.0 and result["b"]["rouge2"] == 0.0
