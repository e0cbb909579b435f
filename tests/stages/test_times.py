"""Times stage: article dates from their sources, copies, the text, and scraper-date outliers."""

import datetime as dt

import numpy as np

from summarize.config import TimeSettings
from summarize.stages.times import Said, article_dates, tag_times
from summarize.types import Article, Sentence, SourceGroups

SETTINGS = TimeSettings()


def dates_of(articles, groups=None, settings=SETTINGS):
    groups = groups or SourceGroups({a.id: a.id for a in articles})
    found, year = article_dates(articles, groups, settings)
    return {a: (d.date, d.how) for a, d in found.items()}, year


def test_metadata_then_date_line_then_copy_then_text():
    articles = [
        Article("a", "Storm hits.\nBody of the story goes here.", date="2024-09-26T10:00:00Z"),
        Article("b", "Title\nPublished On 1 Oct 2024\nThe toll rose."),
        Article("c", "The toll rose again in the mountains."),
        Article("d", "Crews worked after the Sept. 30 floods receded."),
        Article("e", "Nothing here tells a date."),
    ]
    groups = SourceGroups({"a": "a", "b": "b", "c": "b", "d": "d", "e": "e"})
    found, year = dates_of(articles, groups)
    assert year == 2024
    assert found == {
        "a": (dt.date(2024, 9, 26), "metadata"),
        "b": (dt.date(2024, 10, 1), "header"),
        "c": (dt.date(2024, 10, 1), "copy"),
        "d": (dt.date(2024, 9, 30), "text"),
    }


def test_a_scraper_date_far_after_the_story_in_another_year_is_not_used():
    articles = [
        Article("a", "Title\nSeptember 26, 2024\nLandfall."),
        Article("b", "Title\nOctober 3, 2024\nThe toll."),
        Article("c", "Title\nDate:2025-04-12 01:51:41\nMayorkas said Tuesday that FEMA is short."),
    ]
    found, _ = dates_of(articles)
    assert "c" not in found
    found, _ = dates_of(articles, settings=TimeSettings(outlier_days=0))
    assert found["c"] == (dt.date(2025, 4, 12), "header")


def test_a_date_the_text_writes_outside_the_dated_span_is_no_article_date():
    articles = [
        Article("a", "Title\nSeptember 26, 2024\nLandfall."),
        Article("b", "Title\nDecember 22, 2024\nThe bill."),
        Article("c", "The hurricane season began on June 1 and crews are tired."),
    ]
    found, _ = dates_of(articles)
    assert "c" not in found


def test_sources_left_out_of_the_settings_are_not_read():
    articles = [Article("a", "Title\nPublished On 1 Oct 2024\nThe toll rose.")]
    found, year = dates_of(articles, settings=TimeSettings(article_dates=("metadata",)))
    assert found == {} and year == 2024  # the story's year still comes from the years the texts write


def test_tag_times_resolves_sentences_against_their_articles_date():
    articles = [
        Article("a", "Title\nPublished On 2 Oct 2024\nThe toll rose Monday."),
        Article("b", "The toll rose Monday."),
    ]
    sentences = [Sentence("a", 0, 0, "The toll rose Monday."), Sentence("b", 0, 0, "The toll rose Monday.")]
    vectors = np.eye(2)  # unlike each other: b cannot be anchored on a
    times = tag_times(articles, sentences, vectors, SourceGroups({"a": "a", "b": "b"}), SETTINGS)
    assert [m.date for m in times.mentions[("a", 0, 0)]] == [dt.date(2024, 9, 30)]
    assert [m.date for m in times.mentions[("b", 0, 0)]] == [None]
    assert times.told(sentences[0]) == (dt.date(2024, 9, 30), "resolved")
    assert times.told(sentences[1]) == (None, "")
    assert times.counts()["relative_resolved"] == 1


def test_no_articles_no_dates():
    times = tag_times([], [], np.zeros((0, 2)), SourceGroups({}), SETTINGS)
    assert times.articles == {} and times.year is None and times.counts()["relative"] == 0


def test_an_undated_article_takes_the_day_of_an_event_it_shares_with_a_dated_one():
    articles = [
        Article("a", "Title\nSeptember 26, 2024\nHelene made landfall Thursday night."),
        Article("b", "Helene came ashore Thursday near Perry. Crews worked Friday."),
        Article("c", "Officials met Thursday about the school budget."),
    ]
    sentences = [
        Sentence("a", 0, 0, "Helene made landfall Thursday night."),
        Sentence("b", 0, 0, "Helene came ashore Thursday near Perry."),
        Sentence("b", 0, 1, "Crews worked Friday."),
        Sentence("c", 0, 0, "Officials met Thursday about the school budget."),
    ]
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-0.6, 0.8]])
    said = Said(sentences, vectors)
    found, _ = article_dates(articles, SourceGroups({a.id: a.id for a in articles}), SETTINGS, said)
    assert (found["b"].date, found["b"].how) == (dt.date(2024, 9, 26), "anchored")
    assert "c" not in found  # its Thursday is told in a sentence unlike the dated one
    off = TimeSettings(article_dates=("header",))
    assert "b" not in article_dates(articles, SourceGroups({a.id: a.id for a in articles}), off, said)[0]


def test_an_event_told_only_long_before_the_story_is_background():
    articles = [
        Article("a", "Title\nSeptember 26, 2024\nHelene made landfall Thursday near Perry."),
        Article("b", "Title\nSeptember 27, 2024\nHelene hit Perry."),
    ]
    sentences = [
        Sentence("a", 0, 0, "Helene made landfall Thursday near Perry, where Hurricane Idalia came ashore last year."),
        Sentence("a", 0, 1, "Category 3 Hurricane Idalia struck in August 2023."),
        Sentence("b", 0, 0, "Hurricane Helene hit Perry on Sept. 26 as Acme had planned in 2019."),
        Sentence("b", 0, 1, "Acme has been sending crews to Perry in 2019 and since."),
    ]
    times = tag_times(articles, sentences, np.eye(4), SourceGroups({"a": "a", "b": "b"}), SETTINGS)
    # Idalia: twice, each time long before Sept. 26, 2024; Acme's one old date sits in a present-tense
    # sentence it opens, and Helene is told of the story's days.
    assert times.background == frozenset({"idalia"})
    off = tag_times(articles, sentences, np.eye(4), SourceGroups({"a": "a", "b": "b"}), TimeSettings(background_days=0))
    assert off.background == frozenset()


def test_a_date_read_from_the_text_is_a_lower_bound_no_weekday_is_resolved_against():
    articles = [Article("a", "Crews worked after the Sept. 26, 2024 landfall, the White House said Wednesday.")]
    sentences = [Sentence("a", 0, 0, "Crews worked after the Sept. 26, 2024 landfall, the White House said Wednesday.")]
    times = tag_times(articles, sentences, np.eye(1), SourceGroups({"a": "a"}), SETTINGS)
    assert (times.articles["a"].date, times.articles["a"].how) == (dt.date(2024, 9, 26), "text")
    assert [m.date for m in times.resolve(sentences[0].text, "a")] == [None]
