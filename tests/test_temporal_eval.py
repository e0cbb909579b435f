"""The temporal checks of ``dev_eval.py --temporal`` on tiny literal inputs (no drop folder read)."""

from __future__ import annotations

import pytest

from summarize.evaluation.temporal import (
    DropFiles,
    Figure,
    check_conflicts,
    check_run,
    classify_conflict,
    figures_in,
    forecast_markers,
    goal_lines,
    in_time_order,
    latest_articles,
    parse_index,
    parse_notes,
    run_lines,
    timeline_lines,
    timelines,
    unresolved_times,
)

NOTES = """# storm: notes

## Syndicated copies
- 003 is a copy of 002 (not a list the checks read)

## Figure conflicts a detector should report
**damage**
- Oct. 1 total: AP (012) gives "at least 139"; AFP (014) gives "at least 155". Same day.
- Oct. 3 outages: 018 says "more than a million"; 019 says 780,000 homes.
- Day of landfall: 006 says "late Wednesday night", the others Thursday (Sept. 26).

**recovery**
- Deaths quoted in passing: 160 (Oct. 2) between 155 and 200. That is a time difference and should not be reported.

## Look-alikes a detector should NOT report
- Death tolls from different days: 95 and 107 (Sept. 30), 139/155 (Oct. 1), 200 (Oct. 3).
- Wind speed: 130 mph (001, before landfall) vs 140 mph at landfall (002–007).
- Aid money (020): "nearly $2 billion" total vs $911 million (Helene).

## Noise worth knowing
- 139 and 155 again, outside the lists.
"""


def _doc(sentences: dict[str, list[str]], conflicts: dict[str, list[list[str]]] | None = None) -> dict:
    conflicts = conflicts or {}
    return {
        "themes": [
            {
                "name": theme,
                "sentences": [{"text": text} for text in texts],
                "conflicts": [
                    {"fact": "deaths", "values": [{"value": v} for v in c]} for c in conflicts.get(theme, [])
                ],
            }
            for theme, texts in sentences.items()
        ]
    }


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Helene came ashore late Thursday.", ["Thursday"]),
        ("The toll rose on Monday (Sept. 30, 2024).", []),
        ("The toll rose on Sept. 30, 2024.", []),
        ("UnitedHealth said on Thursday, Feb. 29 that it paid.", []),
        ("On Sept. 26 (Thursday) it landed.", []),
        ("Officials said yesterday the toll would rise.", ["yesterday"]),
        ("Biden spoke earlier this week and again this morning.", ["earlier this week", "this morning"]),
        ("Debby hit only 53 days ago.", ["53 days ago"]),
        ("Last year, in 2023, profits fell.", []),
        ("Sales fell last year.", ["last year"]),
        ("Congress may act this fall.", ["this fall"]),
        ("The bill passed on Monday, months after the storm of Oct. 1.", ["Monday"]),
        ("Three days later the water came back.", []),
        ("", []),
    ],
)
def test_a_relative_time_counts_unless_an_explicit_date_sits_next_to_it(sentence, expected):
    assert unresolved_times(sentence) == expected


def test_figures_leave_out_dates_times_article_numbers_and_years():
    text = 'On Oct. 1 at 11:10 p.m. AP (012, 002–007) said "more than a million" and 780,000, in 2022; CVE-2024-1709'
    assert [f.written for f in figures_in(text)] == ["a million", "780,000"]
    assert figures_in("$8 billion, 25 percent, 130 mph") == [
        Figure(8e9, "$", "$8 billion"),
        Figure(25.0, "%", "25 percent"),
        Figure(130.0, "mph", "130 mph"),
    ]
    assert figures_in("") == []


def test_a_figure_without_a_unit_matches_one_with_a_unit_but_two_units_must_agree():
    assert Figure(57.0, "", "57").matches(Figure(57.0, "%", "57%"))
    assert not Figure(20.0, "$", "$20").matches(Figure(20.0, "mph", "20 mph"))
    assert not Figure(57.0, "", "57").matches(Figure(40.0, "", "40"))


def test_the_notes_lists_are_read_from_their_two_headings_only():
    notes = parse_notes(NOTES)
    assert [[f.written for f in b.figures] for b in notes.report] == [["139", "155"], ["a million", "780,000"], []]
    # The recovery bullet says it should not be reported: it is a look-alike.
    assert [[f.written for f in b.figures] for b in notes.not_report][0] == ["160", "155", "200"]
    assert len(notes.not_report) == 4
    assert parse_notes("# no lists here\n") == parse_notes("")


def test_a_conflict_is_true_false_or_unlisted_by_the_bullet_naming_two_of_its_values():
    notes = parse_notes(NOTES)
    assert classify_conflict(["139", "155"], notes) == ("true", 0)  # the same-day pair wins over the series
    assert classify_conflict(["1 million", "780,000"], notes) == ("true", 1)
    assert classify_conflict(["155", "200"], notes) == ("false", 0)
    assert classify_conflict(["130 mph", "140 mph"], notes) == ("false", 2)
    assert classify_conflict(["780,000", "900,000"], notes) == ("unlisted", None)
    assert classify_conflict(["139", "139"], notes) == ("unlisted", None)  # one figure is no pair
    assert classify_conflict([], notes) == ("unlisted", None)


def test_a_conflict_listed_by_two_themes_counts_once():
    doc = _doc(
        {"damage": [], "recovery": []}, {"damage": [["139", "155"]], "recovery": [["139", "155"], ["95", "200"]]}
    )
    check = check_conflicts(doc, parse_notes(NOTES))
    assert [values for _, values, _ in check.true] == [("139", "155")]
    assert [values for _, values, _ in check.false] == [("95", "200")]
    assert check.found == 1
    assert check_conflicts(doc, None).unlisted == (("deaths", ("139", "155")), ("deaths", ("95", "200")))


def test_forecast_markers_are_found_but_the_month_may_is_not_one():
    assert forecast_markers("The storm is expected to strengthen and could reach land.") == [
        "is expected to",
        "could",
    ]
    assert forecast_markers("On May 1 the CEO testified.") == []


def test_timelines_are_absent_until_the_pipeline_writes_them():
    assert timelines(_doc({"damage": ["A sentence."]})) is None
    assert timeline_lines(None) == ["timelines: not in output"]


def test_a_timeline_is_checked_for_time_order_and_printed_in_it():
    values = [
        {"value": "200", "time": "2024-10-03", "articles": ["018"]},
        {"value": "155", "time": "Oct. 1, 2024", "articles": ["014"]},
    ]
    doc = {"themes": [{"name": "damage", "timelines": [{"fact": "deaths", "values": values}]}, {"name": "x"}]}
    assert in_time_order(values) is False
    assert in_time_order(values[::-1]) is True
    assert in_time_order([{"time": "soon"}]) is None
    assert timeline_lines(timelines(doc)) == [
        "timelines: 1",
        "  deaths [NOT in time order]: 155 (Oct. 1, 2024: 014); 200 (2024-10-03: 018)",
    ]


def test_the_index_gives_each_theme_its_latest_dated_articles():
    index = parse_index(
        "file\tdate\ttheme\n"
        "a.txt\t2024-10-01 (inferred)\tdamage\n"
        "b.txt\tc. 2024-10-03/04\tdamage\n"
        "c.txt\t\tdamage\n"
        "d.txt\t2024-12-22\trecovery\n"
    )
    assert index["b.txt"] == ("2024-10-03", "damage")
    assert latest_articles(index, "damage") == ("2024-10-03", ["b.txt"])
    assert latest_articles(index, "landfall") == ("", [])
    assert parse_index("") == {}


def test_a_run_without_notes_reports_no_list_and_no_latest_figures():
    doc = _doc({"damage": ["Officials said Monday the toll passed 200."]}, {"damage": [["139", "155"]]})
    checks = check_run(doc, ("storm", "plain"), DropFiles(), {})
    lines = run_lines(checks)
    assert "conflicts vs NOTES.md: no list (1 reported)" in lines
    assert "latest figures: no index.tsv and NOTES.md" in lines
    assert checks.unresolved == (("damage", "Officials said Monday the toll passed 200.", ("Monday",)),)
    assert goal_lines([checks]) == ["storm (plain): unresolved relative times 1 (goal 0); conflicts: no list"]


def test_a_run_with_notes_and_an_index_sets_summary_figures_beside_the_latest_articles():
    doc = _doc({"damage": ["The toll reached 155 on Oct. 1, 2024."]}, {"damage": [["139", "155"]]})
    drop = DropFiles(NOTES, "file\tdate\ttheme\n018.txt\t2024-10-03\tdamage\n")
    checks = check_run(doc, ("storm", "specific"), drop, {"018.txt": "The toll passed 200 and 155 before."})
    assert checks.latest[0].summary == ("155",)
    assert checks.latest[0].latest == ("200", "155")
    assert "  [damage] summary: 155*" in run_lines(checks)
    assert goal_lines([checks]) == [
        "storm (specific): unresolved relative times 0 (ok); listed disagreements found 1 of 3 "
        "(2 name two figures) (goal half); look-alikes reported 0 (ok)"
    ]


def test_an_empty_output_has_nothing_to_flag():
    checks = check_run({"themes": []}, ("empty", "plain"), DropFiles(NOTES, ""), {})
    assert checks.sentences == 0
    assert checks.unresolved == checks.forecasts == ()
    assert checks.conflicts.found == 0
    assert checks.latest == ()
