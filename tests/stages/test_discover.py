import re

import numpy as np
import pytest

from summarize.config import ConfigError, DiscoverSettings, parse_settings
from summarize.embed import HashingEmbedder
from summarize.stages.discover import discover_themes, file_name, story_terms
from summarize.types import Sentence

# Two stories of one country, three articles each: an eruption and a bank merger.
# "Iceland" is in every story, so it names the drop, not a story.
VOLCANO = {
    "v1": [
        "A volcano erupted near Grindavik in Iceland on Monday night.",
        "Lava from the volcano flowed toward the evacuated town of Grindavik.",
        "Scientists said the eruption sent lava fountains fifty metres high.",
    ],
    "v2": [
        "The eruption of the volcano in Iceland forced Grindavik to evacuate again.",
        "Lava crossed the road to the Blue Lagoon after the eruption began.",
        "Geologists warned the volcano could keep erupting lava for weeks.",
    ],
    "v3": [
        "Iceland's volcano eruption is the fifth near Grindavik since December.",
        "Lava walls built around Grindavik held back most of the flow.",
        "The eruption weakened on Tuesday but lava still poured from the fissure.",
    ],
}
MERGER = {
    "b1": [
        "Arion Bank agreed a merger with Kvika Bank in Iceland worth two billion.",
        "Shareholders of Kvika Bank will receive Arion Bank shares in the merger.",
        "The merger creates the largest bank in Iceland by deposits.",
    ],
    "b2": [
        "Arion Bank said the merger with Kvika would cut costs for shareholders.",
        "Regulators must approve the bank merger before shareholders vote.",
        "Kvika Bank shares rose after the merger news on Tuesday.",
    ],
    "b3": [
        "The Arion and Kvika bank merger needs approval from competition regulators.",
        "Analysts said merger savings could lift Arion Bank shares this year.",
        "Kvika Bank shareholders back the merger, the bank said.",
    ],
}


def _sentences(*stories: dict[str, list[str]]) -> list[Sentence]:
    return [
        Sentence(article, 0, i, text, (article,))
        for story in stories
        for article, texts in story.items()
        for i, text in enumerate(texts)
    ]


def _discover(sentences, settings=None):
    vectors = HashingEmbedder().encode([s.text for s in sentences])
    return discover_themes(sentences, vectors, settings or DiscoverSettings())


def _words(sentences, keys) -> set[str]:
    text = " ".join(s.text for s in sentences if s.key in set(keys)).lower()
    return set(re.findall(r"[^\W\d_]+", text))


def test_two_stories_come_out_as_two_themes_each_holding_one_storys_sentences():
    result = _discover(_sentences(VOLCANO, MERGER))
    assert len(result.themes) == 2
    stories = [{article for article, _, _ in keys} for keys in result.stories]
    assert sorted(map(sorted, stories)) == [["b1", "b2", "b3"], ["v1", "v2", "v3"]]
    assert result.counts == {"sentences": 18, "clusters": 2, "stories": 2, "sentences_clustered": 18}


def test_names_are_unique_plain_file_names_made_of_the_storys_own_words():
    sentences = _sentences(VOLCANO, MERGER)
    result = _discover(sentences)
    names = [t.name for t in result.themes]
    assert len(set(names)) == len(names)
    for theme, keys in zip(result.themes, result.stories):
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", theme.name)
        assert set(theme.name.split("_")) <= _words(sentences, keys)


def test_keywords_are_the_storys_own_words_and_never_the_subject_every_story_shares():
    sentences = _sentences(VOLCANO, MERGER)
    result = _discover(sentences)
    by_story = {frozenset(a for a, _, _ in keys): theme for theme, keys in zip(result.themes, result.stories)}
    volcano = by_story[frozenset(VOLCANO)]
    merger = by_story[frozenset(MERGER)]
    assert {"lava", "eruption", "volcano"} <= {k.lower() for k in volcano.keywords}
    assert {"merger", "shareholders"} <= {k.lower() for k in merger.keywords}
    for theme, keys in zip(result.themes, result.stories):
        assert 1 <= len(theme.keywords) <= DiscoverSettings().keywords
        assert all(set(k.lower().split()) <= _words(sentences, keys) for k in theme.keywords)
        assert "iceland" not in {k.lower() for k in theme.keywords}
        assert theme.description in {sentences[i].text for i, s in enumerate(sentences) if s.key in keys}


def test_keywords_keep_the_texts_capitals():
    result = _discover(_sentences(VOLCANO, MERGER))
    keywords = {k for t in result.themes for k in t.keywords}
    assert "Grindavik" in keywords or "Kvika Bank" in keywords or "Arion Bank" in keywords


def test_discovery_is_deterministic_whatever_the_run():
    sentences = _sentences(VOLCANO, MERGER)
    assert _discover(sentences) == _discover(sentences)


def test_no_sentences_give_no_themes():
    result = discover_themes([], np.zeros((0, 8), dtype=np.float32), DiscoverSettings())
    assert result.themes == () and result.stories == ()
    assert result.counts == {"sentences": 0, "clusters": 0, "stories": 0, "sentences_clustered": 0}


def test_one_story_gives_at_least_one_theme_and_never_more_than_max_stories():
    result = _discover(_sentences(VOLCANO))
    assert 1 <= len(result.themes) <= DiscoverSettings().max_stories
    single = _discover(_sentences(VOLCANO, MERGER), DiscoverSettings(min_stories=1, max_stories=1))
    assert len(single.themes) == 1
    assert single.counts["sentences_clustered"] == 18


def test_a_tiny_drop_keeps_its_biggest_cluster_as_the_one_story():
    result = _discover(_sentences({"v1": VOLCANO["v1"][:2]}))
    assert len(result.themes) == 1
    assert result.counts["sentences_clustered"] == 2
    assert result.themes[0].name and result.themes[0].description


def test_vectors_must_follow_the_sentences():
    with pytest.raises(ValueError, match="3 sentences but 2 vectors"):
        discover_themes(_sentences({"v1": VOLCANO["v1"]}), np.zeros((2, 8)), DiscoverSettings())


def test_terms_are_words_and_adjacent_phrases_without_stopwords_numbers_or_punctuation():
    stop = frozenset({"of", "the"})
    terms = story_terms("Arion Bank, Kvika paid 22 million of the ransom.", stop)
    assert sorted(terms) == ["arion", "arion bank", "bank", "kvika", "kvika paid", "million", "paid", "ransom"]


def test_a_taken_name_gets_the_next_word_then_a_number():
    assert file_name(["lava", "eruption", "grindavik"], set()) == "lava_eruption"
    assert file_name(["lava", "eruption", "grindavik"], {"lava_eruption"}) == "lava_eruption_grindavik"
    assert file_name(["lava flow"], {"lava_flow"}) == "lava_flow_2"
    assert file_name([], set()) == "story"


def test_settings_refuse_fewer_most_stories_than_fewest():
    with pytest.raises(ConfigError, match="min_stories"):
        parse_settings({"discover": {"min_stories": 5, "max_stories": 3}}, source="test")
    with pytest.raises(ConfigError, match="max_stories"):
        parse_settings({"discover": {"max_stories": 21}}, source="test")
