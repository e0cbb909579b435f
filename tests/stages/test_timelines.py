import datetime as dt

import numpy as np

from summarize.config import ConflictSettings, load_config
from summarize.stages.conflicts import figures, find_conflicts, stale
from summarize.stages.select import select_coverage
from summarize.types import Scored, Sentence, SourceGroups
from tests.conftest import shipped_config, shipped_select

SEPT_30, OCT_1, OCT_3 = dt.date(2024, 9, 30), dt.date(2024, 10, 1), dt.date(2024, 10, 3)
GROUPS = SourceGroups({a: a for a in "abcd"})


def _settings(**changes: object) -> ConflictSettings:
    return load_config("configs/default.yaml").conflicts.model_copy(update=changes)


def _toll_reports() -> list[Sentence]:
    return [
        Sentence("c", 0, 0, "The storm has killed at least 200 deaths so far.", ("c",)),
        Sentence("a", 0, 0, "The storm has killed at least 95 deaths so far.", ("a",)),
        Sentence("b", 0, 0, "The storm has killed at least 139 deaths so far.", ("b",)),
    ]


def test_one_fact_told_of_different_days_is_a_timeline_in_time_order_not_a_conflict():
    found = find_conflicts(_toll_reports(), np.ones((3, 1)), GROUPS, _settings(), [OCT_3, SEPT_30, OCT_1])
    assert found.conflicts == ()
    [timeline] = found.timelines
    assert timeline.fact == "deaths"
    assert [(v.value, v.time, v.articles) for v in timeline.values] == [
        ("95", "2024-09-30", ("a",)),
        ("139", "2024-10-01", ("b",)),
        ("200", "2024-10-03", ("c",)),
    ]


def test_without_days_or_with_the_time_rule_off_the_reports_conflict_again():
    rows = _toll_reports()
    undated = find_conflicts(rows, np.ones((3, 1)), GROUPS, _settings())
    assert undated.timelines == () and [c.fact for c in undated.conflicts] == ["deaths"]
    blind = find_conflicts(rows, np.ones((3, 1)), GROUPS, _settings(rules_off=("different_time",)), [OCT_3] * 3)
    assert [c.fact for c in blind.conflicts] == ["deaths"]
    assert find_conflicts([], np.zeros((0, 1)), GROUPS, _settings(), []).timelines == ()


def test_same_day_different_values_conflict_and_the_timeline_takes_the_days_chosen_value():
    rows = [
        Sentence("a", 0, 0, "The storm has killed at least 95 deaths so far.", ("a",)),
        Sentence("b", 0, 0, "The storm has killed at least 139 deaths so far.", ("b",)),
        Sentence("c", 0, 0, "The storm has killed at least 155 deaths so far.", ("c",)),
        Sentence("d", 0, 0, "The storm has killed at least 139 deaths, officials said.", ("d",)),
    ]
    found = find_conflicts(rows, np.ones((4, 1)), GROUPS, _settings(), [SEPT_30, OCT_1, OCT_1, OCT_1])
    [conflict] = found.conflicts
    assert [v.value for v in conflict.values] == ["139", "155"] and conflict.chosen == "139"
    [timeline] = found.timelines
    assert [(v.value, v.time) for v in timeline.values] == [("95", "2024-09-30"), ("139", "2024-10-01")]
    # The day's other report stands with the day's value: it is no earlier than the chosen one.
    assert ("c", 0, 0) in timeline.values[1].carriers


def test_figures_too_far_apart_make_no_timeline():
    rows = [
        Sentence("a", 0, 0, "The storm has killed at least 20 deaths so far.", ("a",)),
        Sentence("b", 0, 0, "The storm has killed at least 200 deaths so far.", ("b",)),
    ]
    assert find_conflicts(rows, np.ones((2, 1)), GROUPS, _settings(), [SEPT_30, OCT_3]).timelines == ()


def test_the_stale_filter_leaves_out_the_earlier_value_when_a_later_one_is_a_candidate():
    rows = _toll_reports()
    [timeline] = find_conflicts(rows, np.ones((3, 1)), GROUPS, _settings(), [OCT_3, SEPT_30, OCT_1]).timelines
    keys = frozenset(s.key for s in rows)
    assert stale([timeline], keys) == {("a", 0, 0), ("b", 0, 0)}
    # Without the latest report among the candidates, the Oct. 1 count is the latest there is.
    assert stale([timeline], keys - {("c", 0, 0)}) == {("a", 0, 0)}
    assert stale([], keys) == frozenset()
    ranked = [Scored(rows[1], 1.0), Scored(rows[2], 0.9), Scored(rows[0], 0.5)]
    texts = {s.sentence.key: s.sentence.text for s in ranked}
    sources = {s.sentence.key: frozenset({s.sentence.article}) for s in ranked}
    held = {"skip_stale": stale([timeline], keys)}
    digits = shipped_config().rank.round_digits
    chosen = select_coverage(ranked, texts, sources, 10, shipped_select(), round_digits=digits, held=held)
    assert [s.key for s in chosen] == [("c", 0, 0)]
    off = shipped_select(skip_stale=False)
    chosen = select_coverage(ranked, texts, sources, 10, off, round_digits=digits, held=held)
    assert ("c", 0, 0) not in {s.key for s in chosen}


def test_a_count_of_no_known_day_within_a_timeline_is_one_of_its_days_not_a_conflict():
    rows = [*_toll_reports(), Sentence("d", 0, 0, "The storm has killed at least 155 deaths so far.", ("d",))]
    found = find_conflicts(rows, np.ones((4, 1)), GROUPS, _settings(), [OCT_3, SEPT_30, OCT_1, None])
    assert found.conflicts == () and len(found.timelines) == 1
    blind = find_conflicts(
        rows, np.ones((4, 1)), GROUPS, _settings(rules_off=("timeline_step",)), [OCT_3, SEPT_30, OCT_1, None]
    )
    assert [c.fact for c in blind.conflicts] == ["deaths"]


def test_death_tolls_and_scaled_counts_of_people_are_read_as_one_fact_each():
    assert figures("The death toll from the storm has climbed to at least 155, officials said.") == [
        ("deaths", "155", 155.0)
    ]
    assert figures("The storm killed at least 139 people.") == [("deaths", "139", 139.0)]
    assert figures("It affected 100 million Americans.") == [("people", "100 million", 100e6)]
    assert figures("About 190 million patients were hit.") == [("people", "190 million", 190e6)]


def test_a_report_naming_the_figure_it_revises_orders_the_two_without_days_but_does_not_select():
    rows = [
        Sentence("a", 0, 0, "The breach affected 100 million Americans, the company said.", ("a",)),
        Sentence(
            "b",
            0,
            0,
            "The hack affected roughly 190 million patients, up from previous estimates of about 100 million people.",
            ("b",),
        ),
    ]
    found = find_conflicts(rows, np.ones((2, 1)), GROUPS, _settings(), [None, None])
    [timeline] = found.timelines
    assert [(v.value, v.time, v.articles) for v in timeline.values] == [
        ("100 million", "", ("a", "b")),
        ("190 million", "", ("b",)),
    ]
    # Ordered by the report's words, not by days: shown, never used to hold a value out.
    assert stale(found.timelines, frozenset(s.key for s in rows)) == frozenset()


def test_report_lines_give_each_value_its_day_or_none_when_unknown():
    from summarize.stages.report import _timeline_line
    from summarize.types import Timeline, TimelineValue

    dated = Timeline("deaths", (TimelineValue("150", "2024-10-01", ("a",)), TimelineValue("200", "2024-10-03", ("b",))))
    assert _timeline_line(dated) == "- deaths: 150 (Oct. 1) → 200 (Oct. 3)"
    revised = Timeline("people", (TimelineValue("100 million", "", ("a",)), TimelineValue("190 million", "", ("b",))))
    assert _timeline_line(revised) == "- people: 100 million → 190 million"
