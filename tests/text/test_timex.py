"""Temporal tagging: date lines, datelines, relative times resolved, placed and cut."""

import datetime as dt

import pytest

from summarize.text.timex import dateline_date, header_date, mentions, place, strip, written_past

WED = dt.date(2024, 10, 2)  # a Wednesday


def placed(text: str, anchor: dt.date | None = WED) -> str:
    return place(text, mentions(text, anchor, 2024))


@pytest.mark.parametrize(
    "page, expected",
    [
        ("Title\nPublished On 3 Oct 20243 Oct 2024\nBody text of the story.", dt.date(2024, 10, 3)),
        ("Title\nLast updated: Tuesday, October 1, 2024 10:28PM GMT\nBody.", dt.date(2024, 10, 1)),
        ("Updated March 5, 2024 at 6:30 p.m. EST|Published March 4, 2024\nBody.", dt.date(2024, 3, 4)),
        ("Date:2025-04-12 01:51:41\nBody.", dt.date(2025, 4, 12)),
        ("A story about nothing in particular.\nNo dates here at all.", None),
    ],
)
def test_header_date_reads_the_date_line_of_the_opening_lines(page, expected):
    assert header_date(page, 8) == expected


def test_a_date_deep_in_a_long_line_is_no_date_line():
    page = "The company said on September 26, 2024 that it had hired many new people for its offices abroad.\n"
    assert header_date(page, 8) is None


def test_dateline_date_takes_the_story_year_when_the_dateline_gives_none():
    assert dateline_date("WASHINGTON, March 5 (Reuters) - The agency said", 3, 2024) == dt.date(2024, 3, 5)
    assert dateline_date("Headline\nApril 22 (Reuters) - UnitedHealth said", 3, 2024) == dt.date(2024, 4, 22)
    assert dateline_date("May 8 was a day like any other.", 3, 2024) is None


def test_day_names_resolve_backwards_in_the_past_and_forwards_in_the_future():
    assert placed("Mayorkas told reporters Monday that FEMA is short.") == (
        "Mayorkas told reporters Monday (Sept. 30) that FEMA is short."
    )
    assert (
        placed("The House will vote on Thursday on the bill.")
        == "The House will vote on Thursday (Oct. 3) on the bill."
    )
    assert (
        placed("It happened late Thursday night near Perry.")
        == "It happened late Thursday night (Sept. 26) near Perry."
    )


def test_day_words_periods_and_ago_become_dates():
    assert placed("Yesterday, President Biden approved the declaration.") == (
        "On Oct. 1, President Biden approved the declaration."
    )
    assert placed("Last month, the company cut 200 jobs.") == "In September, the company cut 200 jobs."
    assert (
        placed("The firm said this week that costs rose.") == "The firm said in the week of Sept. 30 that costs rose."
    )
    assert placed("Sales fell earlier this year.") == "Sales fell earlier in 2024."
    assert placed("The plant closed five days ago.") == "The plant closed on Sept. 27."
    assert placed("Profit doubled last year.", dt.date(2025, 1, 10)) == "Profit doubled in 2024."
    assert (
        placed("Congress may pass a bill this fall to help.") == "Congress may pass a bill in the fall of 2024 to help."
    )


def test_a_day_name_beside_its_date_or_a_named_day_is_no_relative_time():
    assert mentions("It happened on Thursday (Feb 29) at noon.", WED, 2024) == ()
    assert mentions("Deals on Cyber Monday rose.", WED, 2024) == ()
    assert mentions("April 22 - UnitedHealth said on Monday that files were taken.", dt.date(2024, 4, 22), 2024) == ()


def test_without_an_anchor_mentions_stay_unresolved_and_place_changes_nothing():
    text = "The toll rose above 95 Monday morning."
    found = mentions(text, None, 2024)
    assert [m.date for m in found] == [None]
    assert place(text, found) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Last month, Scale AI cut 12 jobs.", "Scale AI cut 12 jobs."),
        ("The toll rose above 95 Monday morning as officials met.", "The toll rose above 95 as officials met."),
        ("The company, on Monday, said it would cut jobs.", "The company said it would cut jobs."),
        (
            "It told the agency this week, making it the biggest breach.",
            "It told the agency, making it the biggest breach.",
        ),
        ("Even before Friday, the breach was the largest.", "The breach was the largest."),
        ("The plant has been closed since Monday, officials said.", None),
        ("Monday's vote failed.", None),
    ],
)
def test_strip_cuts_an_unresolved_time_with_its_preposition_or_refuses(text, expected):
    assert strip(text, mentions(text, None, 2024)) == expected


def test_written_past_skips_deadlines_ranges_and_future_dates():
    text = (
        "The season runs from June 1 to Nov. 30; funding lasts through Dec. 20 and the board will meet on Oct. 9. "
        "Rescuers searched the mountains for days after the Sept. 26 landfall."
    )
    assert written_past(text, 2024) == [dt.date(2024, 9, 26)]
