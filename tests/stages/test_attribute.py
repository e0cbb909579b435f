import numpy as np

from summarize.config import AttributeSettings
from summarize.stages.attribute import attribute, containment, content_stems
from summarize.types import Cluster, ClusterMember, Sentence, Summary, SummarySentence


def test_containment_counts_content_words_of_the_summary_found_in_the_source():
    summary = content_stems("Acme cut 200 jobs")
    assert containment(summary, content_stems("Acme said it cut 200 jobs on Monday")) == 1.0
    assert containment(summary, content_stems("Acme hired people")) == 0.25
    assert containment(frozenset(), summary) == 0.0


def test_an_extract_cites_its_origin_and_every_copy_and_an_invention_is_flagged():
    source = Sentence("a", 1, 0, "Acme cut 200 jobs on Monday.", ("a", "b"))
    other = Sentence("c", 0, 0, "Beta bought a stake.", ("c",))
    clusters = {("a", 1): Cluster(("a", 1), (ClusterMember("a", 1, 1.0), ClusterMember("b", 4, 0.9)))}
    summary = Summary(
        "layoffs",
        "ok",
        "extractive",
        (
            SummarySentence("Acme cut 200 jobs on Monday.", origin=source.key),
            SummarySentence("Zorg invaded Neptune yesterday.", origin=None),
        ),
    )
    axes = {"Acme": [1.0, 0.0, 0.0], "Beta": [0.0, 1.0, 0.0]}
    vectors = lambda texts: np.array([axes.get(t.split()[0], [0.0, 0.0, 1.0]) for t in texts])  # noqa: E731
    result = attribute(summary, [source, other], vectors, clusters, AttributeSettings(threshold=0.5))
    first, second = result.sentences
    assert [(c.article, c.paragraph, c.sentence, c.score) for c in first.sources] == [
        ("a", 1, 0, 1.0),
        ("b", 4, 0, 1.0),
    ]
    assert first.supported
    # No source shares a direction or a content word with the invention: support 0, flagged,
    # and the best (zero-scored) source is still listed, ties broken by provenance.
    assert not second.supported
    assert [(c.article, c.score) for c in second.sources] == [("a", 0.0), ("b", 0.0)]


def test_a_summary_without_sentences_is_returned_unchanged():
    empty = Summary("x", "no_coverage", "none")
    assert attribute(empty, [], lambda t: np.zeros((0, 2)), {}, AttributeSettings()) is empty
