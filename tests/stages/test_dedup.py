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


CHAIN = [
    "Acme Corp said on Monday it would cut about 200 jobs in its cloud unit and close two offices in Texas.",
    "Acme Corp said on Monday it might cut about 200 jobs in its cloud unit and close two offices in Texas.",
    "Acme Corp said on Monday it might cut about 200 jobs in its cloud unit and shut two offices in Texas.",
    "Acme Corp said on Monday it might cut about 200 jobs in its cloud unit and shut two offices in Austin.",
]


def test_a_chain_of_small_edits_does_not_drop_its_far_end_for_the_first_version():
    # Each version is a near-copy of the one before; the last shares too little with the
    # first to be dropped for it (union-find used to put all four in one cluster).
    paragraphs = [Paragraph(a, 0, text) for a, text in zip("abcd", CHAIN)]
    result = dedup(paragraphs, DedupSettings(threshold=0.7))
    for cluster in result.clusters:
        assert all(m.similarity >= 0.7 for m in cluster.members), cluster
    assert ("d", 0) not in {(m.article, m.paragraph) for m in result.cluster_of()[("a", 0)].members}


def test_paragraphs_in_other_scripts_or_without_words_are_not_copies_of_each_other():
    paragraphs = [
        Paragraph("a", 0, "Компания уволила двести сотрудников в понедельник."),
        Paragraph("b", 0, "Акции выросли на три процента после новостей о сделке."),
        Paragraph("c", 0, "* * *"),
        Paragraph("d", 0, "— — —"),
        Paragraph("e", 0, "* * *"),
    ]
    result = dedup(paragraphs, DedupSettings())
    assert [p.key for p in result.paragraphs] == [("a", 0), ("b", 0), ("c", 0), ("d", 0)]
    assert result.cluster_of()[("c", 0)].articles == ("c", "e")
    assert shingles("Société Générale a dit", 3) == {"société générale a", "générale a dit"}
    assert shingles("* * *", 3) == {"* * *"}


def test_a_threshold_of_one_keeps_only_exact_copies_together():
    # datasketch refuses to band a threshold this close to 1 by itself.
    paragraphs = [Paragraph("a", 0, BASE), Paragraph("b", 0, BASE), Paragraph("c", 0, BASE + " Shares rose.")]
    result = dedup(paragraphs, DedupSettings(threshold=1.0, num_perm=16))
    members = [[(m.article, m.paragraph) for m in c.members] for c in result.clusters]
    assert members == [[("a", 0), ("b", 0)], [("c", 0)]]


def test_a_copy_that_gives_a_figure_its_original_does_not_keeps_its_own_place():
    text = (
        BASE
        + " The cuts fall mostly on its sales teams in Europe and Asia; it expects them done by the end of the quarter."
    )
    changed = text.replace("200 staff", "250 staff")
    truncated = text.removesuffix(" by the end of the quarter.")
    paragraphs = [Paragraph("a", 0, text), Paragraph("b", 0, changed), Paragraph("c", 0, truncated)]
    result = dedup(paragraphs, DedupSettings(threshold=0.7))
    # The 250 copy is another report of the figure; the truncated copy gives no new one.
    assert [p.key for p in result.paragraphs] == [("a", 0), ("b", 0)]
    assert result.cluster_of()[("a", 0)].articles == ("a", "c")
