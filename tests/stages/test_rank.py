import numpy as np

from summarize.config import RankSettings
from summarize.stages.rank import lexrank, rank
from summarize.types import Scored, Sentence


def test_lexrank_puts_the_hub_of_a_star_graph_first():
    # Node 0 is linked to 1, 2 and 3; those are linked only to 0.
    similarity = np.array([[1, 0.5, 0.5, 0.5], [0.5, 1, 0, 0], [0.5, 0, 1, 0], [0.5, 0, 0, 1]], dtype=float)
    scores = lexrank(similarity, threshold=0.1, damping=0.85)
    assert abs(scores.sum() - 1) < 1e-9
    assert scores[0] > scores[1] == scores[2] == scores[3]


def test_lexrank_of_an_edgeless_graph_is_uniform_and_of_nothing_is_empty():
    assert np.allclose(lexrank(np.eye(3), 0.5, 0.85), [1 / 3] * 3)
    assert lexrank(np.zeros((0, 0)), 0.5, 0.85).size == 0


def _vectors(table):
    return lambda sentences: np.array([table[s.text] for s in sentences], dtype=float)


def test_rank_prefers_sentences_carried_by_more_sources_and_breaks_ties_by_provenance():
    a = Sentence("a", 0, 0, "alpha", ("a",), 0.0)
    b = Sentence("b", 0, 0, "beta", ("b", "c", "d"), 0.0)
    c = Sentence("c", 0, 0, "gamma", ("c",), 0.0)
    table = {"alpha": [1, 0, 0], "beta": [0, 1, 0], "gamma": [0, 0, 1]}
    ranked = rank([Scored(a, 0.5), Scored(b, 0.5), Scored(c, 0.5)], _vectors(table), RankSettings())
    assert [s.sentence.text for s in ranked] == ["beta", "alpha", "gamma"]


def test_rank_caps_candidates_and_handles_no_sentences():
    sentences = [Scored(Sentence("a", i, 0, f"s{i}", ("a",)), 1.0 - i / 10) for i in range(5)]
    table = {f"s{i}": [1.0, float(i)] for i in range(5)}
    ranked = rank(sentences, _vectors(table), RankSettings(max_candidates=3))
    assert {s.sentence.text for s in ranked} == {"s0", "s1", "s2"}
    assert rank([], _vectors(table), RankSettings()) == ()


def test_independent_support_counts_override_cluster_sizes():
    a = Sentence("a", 0, 0, "alpha", ("a", "b", "c"), 0.0)  # three copies of one report
    b = Sentence("d", 0, 0, "beta", ("d",), 0.0)
    table = {"alpha": [1, 0], "beta": [0, 1]}
    ranked = rank([Scored(a, 0.5), Scored(b, 0.5)], _vectors(table), RankSettings(), support={a.key: 1, b.key: 3})
    assert [s.sentence.text for s in ranked] == ["beta", "alpha"]
