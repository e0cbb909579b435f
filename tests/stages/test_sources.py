import numpy as np

from summarize.stages.sources import group_sources, support_counts
from summarize.types import Sentence


def sentences_and_vectors():
    # Articles a and b are rewrites of one report (every sentence paraphrased); c is independent.
    rows = [
        (Sentence("a", 0, 0, "a0", ("a",)), [1, 0, 0, 0]),
        (Sentence("a", 0, 1, "a1", ("a",)), [0, 1, 0, 0]),
        (Sentence("b", 0, 0, "b0", ("b",)), [0.95, 0.312, 0, 0]),
        (Sentence("b", 0, 1, "b1", ("b",)), [0, 0.95, 0.312, 0]),
        (Sentence("c", 0, 0, "c0", ("c",)), [0.9, 0, 0, 0.436]),
        (Sentence("c", 0, 1, "c1", ("c",)), [0, 0, 0, 1]),
        (Sentence("c", 0, 2, "c2", ("c",)), [0, 0, 0.6, 0.8]),
    ]
    return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=float)


def test_rewrites_form_one_source_and_independent_articles_stay_apart():
    sentences, vectors = sentences_and_vectors()
    groups = group_sources(sentences, vectors, paraphrase=0.8, share=0.5)
    assert groups.group == {"a": "a", "b": "a", "c": "c"}
    assert groups.copies() == {"a": ("a", "b")}
    assert groups.of(["a", "b", "c"]) == frozenset({"a", "c"})


def test_support_counts_copies_once_and_paraphrases_from_other_sources():
    sentences, vectors = sentences_and_vectors()
    groups = group_sources(sentences, vectors, paraphrase=0.8, share=0.5)
    counts = support_counts(sentences, vectors, groups, paraphrase=0.8)
    # a0 is paraphrased by b0 (same source) and c0 (cosine 0.9): two independent sources.
    assert counts[("a", 0, 0)] == 2
    assert counts[("c", 0, 1)] == 1
    assert support_counts([], np.zeros((0, 4)), groups) == {}


def test_articles_sharing_one_verbatim_paragraph_but_not_the_rest_stay_independent():
    shared = Sentence("a", 0, 0, "x", ("a", "b"))
    rest = [Sentence("a", 1, 0, "y", ("a",)), Sentence("b", 1, 0, "z", ("b",)), Sentence("b", 2, 0, "w", ("b",))]
    vectors = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    groups = group_sources([shared, *rest], vectors)
    assert groups.of(shared.articles) == frozenset({"a", "b"})
