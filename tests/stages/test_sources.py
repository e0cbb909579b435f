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


def _basis(n: int, i: int) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(n)]


def test_an_excerpt_joins_its_report_without_chaining_it_to_another():
    # Report a tells facts 0-3; report b paraphrases facts 0 and 1 only (half of it: not a copy).
    # e is a syndicated excerpt of a cut to facts 0 and 1; dedup gave those sentences both articles.
    # Pairwise, e matches b entirely and would chain a and b into one source.
    sentences = [
        Sentence("a", 0, 0, "a0", ("a", "e")),
        Sentence("a", 1, 0, "a1", ("a", "e")),
        Sentence("a", 2, 0, "a2", ("a",)),
        Sentence("a", 3, 0, "a3", ("a",)),
        Sentence("b", 0, 0, "b0", ("b",)),
        Sentence("b", 1, 0, "b1", ("b",)),
        Sentence("b", 2, 0, "b2", ("b",)),
        Sentence("b", 3, 0, "b3", ("b",)),
    ]
    vectors = np.array([_basis(6, i) for i in (0, 1, 2, 3, 0, 1, 4, 5)])
    groups = group_sources(sentences, vectors, paraphrase=0.8, share=0.5)
    assert groups.group == {"a": "a", "e": "a", "b": "b"}


def test_two_reports_together_do_not_make_a_third_their_copy():
    # c tells one fact of a, one of b and one of its own: no single report holds most of it.
    sentences = [
        *(Sentence("a", i, 0, f"a{i}", ("a",)) for i in range(3)),
        *(Sentence("b", i, 0, f"b{i}", ("b",)) for i in range(3)),
        *(Sentence("c", i, 0, f"c{i}", ("c",)) for i in range(3)),
    ]
    vectors = np.array([_basis(7, i) for i in (0, 1, 2, 3, 4, 5, 0, 3, 6)])
    groups = group_sources(sentences, vectors, paraphrase=0.8, share=0.5)
    assert groups.of(["a", "b", "c"]) == frozenset({"a", "b", "c"})


def test_copies_of_one_report_join_one_group_whatever_the_order():
    # d and z are full copies of a; the group is named by its smallest article id.
    sentences = [Sentence("z", i, 0, f"s{i}", ("a", "d", "z")) for i in range(3)]
    sentences.append(Sentence("m", 0, 0, "other", ("m",)))
    vectors = np.array([_basis(4, i) for i in range(4)])
    groups = group_sources(sentences, vectors)
    assert groups.group == {"a": "a", "d": "a", "z": "a", "m": "m"}
