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


def _deltas(per_drop):
    """(drop, variant) -> delta from drop -> (specific delta, plain delta)."""
    return {(d, v): x for d, pair in per_drop.items() for v, x in zip(("specific", "plain"), pair, strict=True)}


def test_a_unit_earns_its_place_when_switching_it_off_lowers_the_mean_and_3_of_5_drops():
    from summarize.evaluation.dev_runs import ablation_verdict

    lowers = {"a": (-0.02, -0.01), "b": (-0.01, 0.0), "c": (0.0, -0.02), "d": (0.01, 0.01), "e": (0.0, 0.0)}
    assert ablation_verdict(_deltas(lowers)) == "earns"  # mean -0.004; a, b, c lower
    raises = {k: (-x, -y) for k, (x, y) in lowers.items()}
    assert ablation_verdict(_deltas(raises)) == "costs"


def test_a_unit_whose_mean_moves_on_only_2_of_5_drops_is_neutral():
    from summarize.evaluation.dev_runs import ablation_verdict

    # The mean falls by 0.008, all of it on two drops; a drop whose variants cancel is a tie.
    two = {"a": (-0.05, -0.05), "b": (-0.01, 0.0), "c": (0.02, -0.02), "d": (0.01, 0.0), "e": (0.0, 0.0)}
    assert ablation_verdict(_deltas(two)) == "neutral"


def test_a_unit_that_changes_nothing_or_nets_to_zero_is_neutral():
    from summarize.evaluation.dev_runs import ablation_verdict

    assert ablation_verdict(_deltas({d: (0.0, 0.0) for d in "abcde"})) == "neutral"
    # Lower on 3 drops, but the other two win it back exactly: the mean is a tie.
    tie = {"a": (-0.01, -0.01), "b": (-0.01, -0.01), "c": (-0.01, -0.01), "d": (0.015, 0.015), "e": (0.015, 0.015)}
    assert ablation_verdict(_deltas(tie)) == "neutral"
    assert ablation_verdict({}) == "neutral"


def test_an_ablation_row_has_the_deltas_their_mean_the_worst_run_and_the_folds_keeping_the_unit():
    from summarize.evaluation.dev_runs import ABLATION_UNITS, ablation_row

    on = {("a", "specific"): 0.2, ("a", "plain"): 0.1, ("b", "specific"): 0.3, ("b", "plain"): 0.2}
    off = {("a", "specific"): 0.1, ("a", "plain"): 0.1, ("b", "specific"): 0.3, ("b", "plain"): 0.3}
    row = ablation_row(ABLATION_UNITS[0], off, on)
    assert row.deltas == {k: pytest.approx(v) for k, v in _deltas({"a": (-0.1, 0.0), "b": (0.0, 0.1)}).items()}
    assert row.mean == pytest.approx(0.0)
    assert row.worst == (("a", "specific"), pytest.approx(-0.1))
    # a held out: off wins on b (0.3 vs 0.25); b held out: on wins on a (0.15 vs 0.1).
    assert (row.lodo_keeps, row.folds, row.verdict) == (1, 2, "neutral")


def test_leave_one_drop_out_ties_keep_the_unit_on():
    from summarize.evaluation.dev_runs import ABLATION_UNITS, ablation_row

    on = {("a", "plain"): 0.2, ("b", "plain"): 0.1}
    assert ablation_row(ABLATION_UNITS[0], dict(on), on).lodo_keeps == 2


def test_the_ablation_table_is_markdown_with_spec_plain_cells_per_drop():
    from summarize.evaluation.dev_runs import AblationRow, AblationUnit, ablation_markdown, already_off_row

    unit = AblationUnit("pair", ("assign.pair_weight=0",), "a sentence read with its predecessor")
    deltas = _deltas({"a": (-0.02, 0.0), "b": (-0.01, -0.03)})
    row = AblationRow(unit, deltas, -0.015, (("b", "plain"), -0.03), 2, 2, "earns")
    off = already_off_row(AblationUnit("floor", ("select.min_salience=0",), "weak sentences left out"))
    assert ablation_markdown([row, off], ["a", "b"]).splitlines() == [
        "| unit | what it does | switched off by | a spec/plain | b spec/plain | mean | worst run | LODO keeps"
        " | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
        "| pair | a sentence read with its predecessor | `assign.pair_weight=0` | -0.020/0 | -0.010/-0.030 | -0.015"
        " | -0.030 (b plain) | 2/2 | earns |",
        "| floor | weak sentences left out | `select.min_salience=0` |  |  |  |  |  | already off |",
    ]


def test_every_ablation_unit_switches_a_setting_the_shipped_config_has_on():
    from summarize.config import load_config
    from summarize.evaluation.dev_runs import ABLATION_UNITS

    default = load_config("configs/default.yaml")
    names = [u.name for u in ABLATION_UNITS]
    assert len(set(names)) == len(names)
    for unit in ABLATION_UNITS:
        assert unit.overrides and unit.description, unit.name
        assert load_config("configs/default.yaml", list(unit.overrides)) != default, unit.name


def test_units_are_picked_by_name_in_table_order_and_a_typo_names_the_close_match():
    from summarize.evaluation.dev_runs import ABLATION_UNITS, pick_units

    assert pick_units(None) == ABLATION_UNITS
    assert [u.name for u in pick_units(" compress,pair")] == ["pair", "compress"]
    with pytest.raises(EvaluationError, match="Invalid --units name: 'comprss' \\(did you mean 'compress'\\?\\)"):
        pick_units("pair,comprss")


def test_an_ablation_plan_names_the_unit_whose_override_is_bad_and_sets_aside_units_already_off(tmp_path):
    from summarize.config import ConfigError
    from summarize.evaluation.dev_runs import AblationUnit, ablation_plan

    drop = tmp_path / "news"
    (drop / "references").mkdir(parents=True)
    (drop / "a.txt").write_text("Acme cut 200 jobs on Monday.", encoding="utf-8")
    (drop / "themes.yaml").write_text("- {name: layoffs, keywords: [jobs]}\n", encoding="utf-8")
    good = AblationUnit("pair", ("assign.pair_weight=0",), "")
    off = AblationUnit("floor", ("select.min_salience=0",), "")
    plan = ablation_plan("configs/default.yaml", [drop], [good, off])
    assert (plan.units, plan.already_off) == ((good,), (off,))
    with pytest.raises(ConfigError, match=r"ablation unit 'typo' \(assign.pair_wieght=0\).*did you mean 'pair_weight'"):
        ablation_plan("configs/default.yaml", [drop], [good, AblationUnit("typo", ("assign.pair_wieght=0",), "")])
