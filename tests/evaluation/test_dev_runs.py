import pytest

from summarize.evaluation import EvaluationError
from summarize.evaluation.dev_runs import (
    LodoFold,
    RunFigures,
    best_match_macro,
    lodo_folds,
    lodo_markdown,
    parse_lodo,
    plain_ratios,
    run_flags,
    summary_lines,
    system_rouge2,
)


def _run(drop, variant, rouge2, oracle=0.2, classic=0.05, zero_shot=0.05, empty=()):
    return RunFigures(drop, variant, "", 0.4, rouge2, oracle, "lsa, topical", classic, zero_shot, empty)


def test_a_run_is_flagged_below_each_reference_point_and_for_empty_themes():
    assert run_flags(_run("news", "plain", 0.15)) == []
    # 0.10 of an oracle at 0.20 is a share of 0.50, under 0.55.
    assert run_flags(_run("news", "plain", 0.10, classic=0.12, zero_shot=0.11, empty=("deal",))) == [
        "below classic",
        "below zero-shot",
        "below 0.55 of oracle",
        "empty: deal",
    ]
    assert run_flags(_run("news", "plain", 0.10, oracle=0.0)) == ["below 0.55 of oracle"]  # no oracle: share 0


def test_plain_over_specific_is_per_drop_and_none_when_a_variant_is_missing():
    runs = [_run("a", "specific", 0.20), _run("a", "plain", 0.15), _run("b", "specific", 0.10)]
    assert plain_ratios(runs) == {"a": pytest.approx(0.75), "b": None}


def test_summary_names_the_mean_share_the_worst_run_and_the_drops_under_the_goal():
    runs = [_run("a", "specific", 0.16), _run("a", "plain", 0.08)]  # shares 0.8 and 0.4
    assert summary_lines(runs) == [
        "2 runs: mean R2 share of the oracle 0.60; worst run a plain 0.40 (R2 0.080)",
        "plain/specific R2 per drop (goal >= 0.85): a 0.50 (below)",
    ]
    assert summary_lines([]) == []


def test_system_rouge2_is_the_macro_over_themes_with_a_reference(scorer):
    from tests.evaluation.conftest import make_run

    run = make_run()
    # layoffs: the summary is the first reference line and more; deal: the reference itself.
    expected = scorer(
        ["Acme laid off 200 workers on Monday.", "Beta agreed to the two billion dollar deal."],
        ["Acme laid off 200 workers.\nThey get eight weeks of pay.", "Acme will buy Beta for two billion dollars."],
    )
    assert system_rouge2(run, scorer) == pytest.approx((expected[0]["rouge2"] + expected[1]["rouge2"]) / 2)
    assert system_rouge2(make_run(references={}), scorer) == 0.0


def test_each_hand_theme_takes_its_best_discovered_summary():
    scores = {"deal": {"story1": 0.10, "story2": 0.30}, "layoffs": {"story1": 0.20, "story2": 0.05}}
    macro, picks = best_match_macro(scores)
    assert macro == pytest.approx(0.25)
    assert picks == {"deal": ("story2", 0.30), "layoffs": ("story1", 0.20)}
    # Nothing discovered: every hand theme scores 0; no hand theme: nothing to average.
    assert best_match_macro({"deal": {}}) == (0.0, {"deal": ("", 0.0)})
    assert best_match_macro({}) == (0.0, {})


def test_lodo_reads_a_key_and_two_values_or_more():
    assert parse_lodo("select.restatement=0.5, 0.65,1.0") == ("select.restatement", ("0.5", "0.65", "1.0"))
    for bad in ("select.restatement", "=1,2", "select.restatement=1", "select.restatement=1,1"):
        with pytest.raises(EvaluationError, match="Invalid --lodo value"):
            parse_lodo(bad)


# Macro R2 per (drop, variant) for two values; "a" is the current default.
TABLE = {
    "a": {("x", "specific"): 0.0, ("x", "plain"): 0.2, ("y", "specific"): 0.2, ("y", "plain"): 0.2,
          ("z", "specific"): 0.3, ("z", "plain"): 0.3},
    "b": {("x", "specific"): 0.3, ("x", "plain"): 0.3, ("y", "specific"): 0.1, ("y", "plain"): 0.1,
          ("z", "specific"): 0.2, ("z", "plain"): 0.2},
}  # fmt: skip


def test_lodo_picks_the_value_best_on_the_other_drops_and_scores_it_on_the_held_out_one():
    folds = lodo_folds(TABLE, TABLE["a"])
    # x out: a 0.25 vs b 0.15 on y, z; y out: a 0.2 vs b 0.25; z out: a 0.15 vs b 0.2.
    assert folds == [
        LodoFold("x", "a", pytest.approx(0.25), pytest.approx(0.1), pytest.approx(0.1)),
        LodoFold("y", "b", pytest.approx(0.25), pytest.approx(0.1), pytest.approx(0.2)),
        LodoFold("z", "b", pytest.approx(0.2), pytest.approx(0.2), pytest.approx(0.3)),
    ]


def test_lodo_ties_go_to_the_first_value():
    same = {("x", "plain"): 0.1, ("y", "plain"): 0.1}
    assert [f.pick for f in lodo_folds({"b": same, "a": same}, same)] == ["b", "b"]


def test_lodo_table_is_markdown_with_a_mean_row():
    folds = [LodoFold("x", "a", 0.25, 0.1, 0.1), LodoFold("y", "b", 0.25, 0.1, 0.2)]
    assert lodo_markdown("k", "a", folds).splitlines() == [
        "| held out | `k` picked on the others (their R2) | held-out R2 with it | with the default (a) |",
        "|---|---|---|---|",
        "| x | a (0.250) | 0.100 | 0.100 |",
        "| y | b (0.250) | 0.100 | 0.200 |",
        "| mean | | 0.100 | 0.150 |",
    ]


def test_article_sentences_split_paragraphs_at_blank_lines_then_sentences():
    from types import SimpleNamespace

    from summarize.evaluation.dev_runs import article_sentences

    articles = [SimpleNamespace(text="Acme cut 200 jobs. Staff were told.\n\nBeta fell."), SimpleNamespace(text="")]
    assert article_sentences(articles) == ["Acme cut 200 jobs.", "Staff were told.", "Beta fell."]
