from summarize.config import DedupSettings
from summarize.stages.dedup import dedup, shingles
from summarize.types import Paragraph

BASE = "Acme Corp laid off 200 staff on Monday, about ten percent of its global workforce, the company said."


def test_shingles_are_word_trigrams_or_the_whole_short_text():
    assert shingles("A b c d", 3) == {"a b c", "b c d"}
    assert shingles("Too short", 3) == {"too short"}
    assert shingles("", 3) == set()


def test_near_identical_paragraphs_cluster_and_the_longest_is_kept():
    paragraphs = [
        Paragraph("a", 0, BASE),
        Paragraph("b", 3, BASE + " Shares rose."),
        Paragraph("c", 1, "Beta Labs announced a new research partnership with a university in Berlin."),
    ]
    result = dedup(paragraphs, DedupSettings(threshold=0.7))
    assert [p.key for p in result.paragraphs] == [("b", 3), ("c", 1)]
    cluster = result.cluster_of()[("b", 3)]
    assert cluster.articles == ("a", "b")
    kept = [m for m in cluster.members if (m.article, m.paragraph) == ("b", 3)][0]
    other = [m for m in cluster.members if m.article == "a"][0]
    assert kept.similarity == 1.0 and 0.7 <= other.similarity < 1.0
    assert len(result.cluster_of()[("c", 1)].members) == 1


def test_dedup_is_reproducible_for_a_seed_and_empty_input_is_empty():
    paragraphs = [Paragraph("a", 0, BASE), Paragraph("b", 0, BASE)]
    assert dedup(paragraphs, DedupSettings(), seed=1) == dedup(paragraphs, DedupSettings(), seed=1)
    assert dedup([], DedupSettings()).paragraphs == ()


def test_disabled_dedup_keeps_every_paragraph_as_its_own_cluster():
    paragraphs = [Paragraph("a", 0, BASE), Paragraph("b", 0, BASE)]
    result = dedup(paragraphs, DedupSettings(enabled=False))
    assert len(result.paragraphs) == 2 and all(len(c.members) == 1 for c in result.clusters)
