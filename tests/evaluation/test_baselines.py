import pytest

from summarize.evaluation.baselines import (
    CLASSIC_METHODS,
    lead_summary,
    ranked_sentences,
    ranked_summary,
    topical_paragraphs,
)

PARAGRAPHS = [
    ["The cat sat on the mat today.", "Dogs bark at the cat loudly."],
    ["A cat and a dog became friends.", "Stocks fell sharply on Monday."],
]


def test_lead_takes_first_sentences_round_robin_then_second_sentences():
    articles = [["a1 first", "a1 second"], ["a2 first"], ["a3 first", "a3 second"]]
    assert lead_summary(articles, 110) == ("a1 first", "a2 first", "a3 first", "a1 second", "a3 second")


def test_lead_is_cut_to_the_budget():
    assert lead_summary([["one two three", "x"], ["four five"]], 4) == ("one two three", "four")


def test_lead_of_no_articles_is_empty():
    assert lead_summary([], 110) == ()


@pytest.mark.parametrize("method", CLASSIC_METHODS)
def test_ranked_baselines_rank_every_sentence_once(method):
    ranked = ranked_sentences(PARAGRAPHS + [["The cat sat on the mat today."]], method)
    assert sorted(order for order, _ in ranked) == [0, 1, 2, 3]


def test_lexrank_puts_the_sentence_most_like_the_others_first():
    # "cat" links sentences 0, 1 and 2; the stock sentence shares nothing.
    ranked = ranked_sentences(PARAGRAPHS, "lexrank")
    assert ranked[-1][1] == "Stocks fell sharply on Monday."


@pytest.mark.parametrize("method", ["lexrank", "textrank"])
def test_ranked_summary_keeps_document_order_and_the_budget(method):
    summary = ranked_summary(PARAGRAPHS, method, budget=10)
    assert sum(len(line.split()) for line in summary) == 10
    documents = [s for p in PARAGRAPHS for s in p]
    positions = [next(i for i, s in enumerate(documents) if s.startswith(line)) for line in summary]
    assert positions == sorted(positions)


@pytest.mark.parametrize("method", ["lexrank", "textrank"])
def test_ranked_summary_of_no_sentences_is_empty(method):
    assert ranked_summary([], method) == ()
    assert ranked_summary([[" "]], method) == ()


def test_an_unknown_method_is_named():
    with pytest.raises(ValueError, match="Invalid baseline method: bm25"):
        ranked_sentences(PARAGRAPHS, "bm25")


def test_topical_paragraphs_keep_keyword_sentences_only_and_drop_empty_groups():
    groups = [["Staff were LAID OFF on Monday.", "Weather was fine."], ["Nothing here."], ["Jobs cut again."]]
    assert topical_paragraphs(groups, ["laid off", "jobs", " "]) == [
        ["Staff were LAID OFF on Monday."],
        ["Jobs cut again."],
    ]


def _zero_shot_themes():
    from types import SimpleNamespace

    return [
        SimpleNamespace(name="layoffs", description="Acme laid off workers.", keywords=("layoffs", "jobs")),
        SimpleNamespace(name="deal", description="Acme bought Beta.", keywords=("deal", "billion")),
    ]


ZERO_SHOT_SENTENCES = [
    "Acme laid off two hundred workers on Monday.",
    "Acme laid off two hundred workers on Monday.",  # a repeat: cosine 1.0 to the one taken
    "Acme bought Beta in a deal worth two billion.",
    "Short one here.",  # under 5 words
    "The weather in Paris was sunny and warm today.",  # cosine 0.07 to layoffs: under the 0.2 floor
    "Workers who lost jobs in the layoffs get pay.",
]


def test_zero_shot_query_is_the_description_then_the_keywords():
    from summarize.evaluation.baselines import theme_query

    assert theme_query(_zero_shot_themes()[0]) == "Acme laid off workers. layoffs, jobs"


def test_zero_shot_sends_each_sentence_to_its_closest_theme_and_skips_repeats():
    from summarize.embed import make_embedder
    from summarize.evaluation.baselines import zero_shot_summaries

    out = zero_shot_summaries(ZERO_SHOT_SENTENCES, _zero_shot_themes(), make_embedder("hashing"))
    # layoffs: the Monday sentence (cosine .47 to the theme, 1.0 to its repeat) ranks above the
    # pay sentence (.35, ~.06 to the others); the repeat is skipped, the short and off-topic ones never join.
    assert out == {
        "layoffs": (ZERO_SHOT_SENTENCES[0], ZERO_SHOT_SENTENCES[5]),
        "deal": (ZERO_SHOT_SENTENCES[2],),
    }


def test_zero_shot_is_cut_to_the_budget():
    from summarize.embed import make_embedder
    from summarize.evaluation.baselines import zero_shot_summaries

    out = zero_shot_summaries(ZERO_SHOT_SENTENCES, _zero_shot_themes(), make_embedder("hashing"), budget=10)
    assert out["layoffs"] == (ZERO_SHOT_SENTENCES[0], "Workers who")


def test_zero_shot_of_no_sentences_gives_every_theme_an_empty_summary():
    from summarize.embed import make_embedder
    from summarize.evaluation.baselines import zero_shot_summaries

    assert zero_shot_summaries([], _zero_shot_themes(), make_embedder("hashing")) == {"layoffs": (), "deal": ()}
