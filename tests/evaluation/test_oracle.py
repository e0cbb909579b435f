import pytest

from summarize.evaluation.oracle import oracle_summary
from tests.evaluation.conftest import rouge_score_scorer

CANDIDATES = ["the cat sat", "dogs bark loudly", "on the mat"]
REFERENCE = ["the cat sat on the mat"]


def test_the_oracle_adds_sentences_while_rouge_1_plus_2_improves():
    # Step 1: "the cat sat" and "on the mat" tie at R1 2/3 + R2 4/7 (the earlier wins);
    # step 2: adding "on the mat" makes the reference exactly (R1 1 + R2 1); "dogs" never helps.
    assert oracle_summary(CANDIDATES, REFERENCE) == ("the cat sat", "on the mat")


def test_the_oracle_cuts_its_last_sentence_to_the_budget():
    assert oracle_summary(CANDIDATES, REFERENCE, budget=4) == ("the cat sat", "on")


def test_the_oracle_stops_when_nothing_shares_a_word_with_the_reference():
    assert oracle_summary(["dogs bark loudly"], REFERENCE) == ()
    assert oracle_summary([], REFERENCE) == ()


def test_a_repeated_sentence_is_picked_once():
    assert oracle_summary(["the cat sat", "the cat sat"], ["the cat sat the cat sat"]) == ("the cat sat",)


def test_the_search_score_is_rouge_scores_own():
    # The incremental search must agree with rouge-score on the summary it returns (stemmed, across lines).
    candidates = [
        "Workers were laid off in July.",
        "The company's layoffs hit 200 employees.",
        "Shares rose after the announcement.",
        "Severance covers eight weeks of pay.",
    ]
    reference = ["The company laid off 200 workers in July.", "Laid-off employees get eight weeks of severance pay."]
    chosen = oracle_summary(candidates, reference, budget=20)
    [scores] = rouge_score_scorer(["\n".join(chosen)], ["\n".join(reference)])
    best_single = max(
        sum(rouge_score_scorer([c], ["\n".join(reference)])[0][k] for k in ("rouge1", "rouge2")) for c in candidates
    )
    assert scores["rouge1"] + scores["rouge2"] >= best_single
    assert sum(len(line.split()) for line in chosen) <= 20


def test_a_budget_below_one_is_refused():
    with pytest.raises(ValueError, match="Invalid word budget: 0"):
        oracle_summary(CANDIDATES, REFERENCE, budget=0)
