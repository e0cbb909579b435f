from summarize.config import SentenceSettings
from summarize.stages.sentences import paragraph_positions, sentences, split_sentences
from summarize.types import Cluster, ClusterMember, Paragraph


def test_syntok_splits_news_sentences_and_keeps_abbreviations():
    text = "Acme Corp. cut 200 jobs in the U.S. on Monday. Its shares fell 3%. The firm said more cuts may come."
    assert split_sentences(text) == [
        "Acme Corp. cut 200 jobs in the U.S. on Monday.",
        "Its shares fell 3%.",
        "The firm said more cuts may come.",
    ]


def test_sentences_keep_provenance_cluster_articles_and_position():
    paragraphs = [Paragraph("a", 2, "One two three four five. Six seven eight nine ten.")]
    clusters = [Cluster(("a", 2), (ClusterMember("a", 2, 1.0), ClusterMember("z", 0, 0.9)))]
    result = sentences(paragraphs, clusters, SentenceSettings(min_words=5), {("a", 2): 0.5})
    assert [(s.article, s.paragraph, s.index, s.text) for s in result.sentences] == [
        ("a", 2, 0, "One two three four five."),
        ("a", 2, 1, "Six seven eight nine ten."),
    ]
    assert result.sentences[0].articles == ("a", "z") and result.sentences[0].support == 2
    assert result.sentences[0].position == 0.5


def test_a_lead_under_furniture_is_its_articles_first_paragraph():
    # Cleaning dropped paragraphs 0-9 of "a" (headline, byline, bullets): its lead is paragraph 10.
    kept = [Paragraph("a", 10, "Lead."), Paragraph("a", 11, "Second."), Paragraph("b", 0, "Only.")]
    assert paragraph_positions(kept) == {("a", 10): 0.0, ("a", 11): 0.5, ("b", 0): 0.0}


def test_short_long_and_cut_off_sentences_are_skipped_and_counted():
    paragraphs = [
        Paragraph("a", 0, "Too short. Word " + "word " * 90 + "end. This excerpt stops in the middle of a sente")
    ]
    result = sentences(paragraphs, [], SentenceSettings(min_words=5, max_words=80))
    assert result.sentences == ()
    assert result.skipped == {"too_short": 1, "too_long": 1, "fragment": 1}


def test_no_paragraphs_give_no_sentences():
    assert sentences([], [], SentenceSettings()).sentences == ()


def test_sentences_are_the_paragraphs_own_text_with_contractions_and_line_break_hyphens():
    # syntok's process() gave "didnot" and "wellknown"; analyze() keeps the source text.
    text = "The company didn't comment. A well-\nknown analyst said it won’t last."
    assert split_sentences(text) == ["The company didn't comment.", "A well-\nknown analyst said it won’t last."]
