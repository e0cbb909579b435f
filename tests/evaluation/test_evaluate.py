import pytest

from summarize.evaluation import EvaluationError
from summarize.evaluation.evaluate import EvaluationOptions, evaluate_runs, evaluation_to_dict
from tests.evaluation.conftest import make_run, rouge_score_scorer

FAST = EvaluationOptions(samples=200)


def test_every_system_is_scored_on_every_theme_with_the_given_scorer(tiny_evaluation):
    layoffs = tiny_evaluation.themes[0]
    assert [t.label for t in tiny_evaluation.themes] == ["layoffs", "deal"]
    [expected] = rouge_score_scorer(
        ["Acme laid off 200 workers on Monday."], ["Acme laid off 200 workers.\nThey get eight weeks of pay."]
    )
    assert layoffs.scores["system"] == pytest.approx(expected)


def test_the_lead_baseline_takes_first_sentences_of_each_article_in_turn(tiny_evaluation):
    assert tiny_evaluation.themes[0].outputs["lead"] == (
        "Acme laid off 200 workers on Monday.",
        "Beta agreed to the two billion dollar deal.",
        "The cuts hit sales and support teams.",
        "Workers laid off will get eight weeks of pay.",
        "Acme will buy Beta for two billion dollars.",
    )


def test_lexrank_and_textrank_see_only_the_themes_sentences(tiny_evaluation):
    deal = tiny_evaluation.themes[1]
    assert set(deal.outputs["lexrank"]) == {
        "Acme will buy Beta for two billion dollars.",
        "Beta agreed to the two billion dollar deal.",
    }
    assert set(deal.outputs["textrank"]) == set(deal.outputs["lexrank"])


def test_the_oracle_reaches_the_reference_when_a_source_sentence_is_the_reference(tiny_evaluation):
    deal = tiny_evaluation.themes[1]
    assert deal.outputs["oracle"] == ("Acme will buy Beta for two billion dollars.",)
    assert deal.scores["oracle"]["rouge2"] == 1.0


def test_macro_means_and_oracle_ratios_come_from_the_per_theme_scores(tiny_evaluation):
    themes = tiny_evaluation.themes
    mean = sum(t.scores["system"]["rouge2"] for t in themes) / 2
    oracle = sum(t.scores["oracle"]["rouge2"] for t in themes) / 2
    assert tiny_evaluation.macro["system"]["rouge2"].mean == pytest.approx(mean)
    assert tiny_evaluation.oracle_ratio["system"]["rouge2"].mean == pytest.approx(mean / oracle)
    assert "oracle" not in tiny_evaluation.oracle_ratio


def test_the_evaluation_is_the_same_twice():
    first = evaluate_runs([make_run()], options=FAST, scorer=rouge_score_scorer)
    second = evaluate_runs([make_run()], options=FAST, scorer=rouge_score_scorer)
    assert evaluation_to_dict(first) == evaluation_to_dict(second)


def test_several_drops_are_pooled_and_their_themes_labelled_by_drop():
    evaluation = evaluate_runs([make_run("acme"), make_run("acme")], options=FAST, scorer=rouge_score_scorer)
    assert evaluation.drops == ("acme", "acme-2")
    assert [t.label for t in evaluation.themes] == ["acme/layoffs", "acme/deal", "acme-2/layoffs", "acme-2/deal"]


def test_a_theme_without_a_reference_names_the_file_to_write():
    run = make_run(references={"layoffs": ("Acme laid off 200 workers.",)})
    with pytest.raises(EvaluationError, match="theme 'deal' has no reference summary; expected refs/deal.txt"):
        evaluate_runs([run], options=FAST, scorer=rouge_score_scorer)


def test_references_can_be_given_apart_from_the_runs():
    evaluation = evaluate_runs(
        [make_run(references={})],
        [{"layoffs": ["Acme laid off 200 workers."], "deal": ["Beta agreed."]}],
        options=FAST,
        scorer=rouge_score_scorer,
    )
    assert evaluation.themes[1].reference == ("Beta agreed.",)


def test_no_runs_is_an_error():
    with pytest.raises(EvaluationError, match="no pipeline run"):
        evaluate_runs([], scorer=rouge_score_scorer)
