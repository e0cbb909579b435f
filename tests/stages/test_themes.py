import numpy as np

from summarize.config import AssignSettings
from summarize.stages.themes import (
    assign,
    keyword_needs,
    main_clause,
    shifts_topic,
)
from summarize.types import Sentence, Theme

THEMES = [
    Theme("layoffs", "staff were laid off", ("layoff", "job cuts")),
    Theme("deal", "a stake was bought", ("stake", "acquisition")),
]


def assign_settings(**changes) -> AssignSettings:
    """Settings for tests of how sentences are matched: the presence test (a theme needs a
    few sentences like it) is off, as these tiny drops hold one or two sentences a theme."""
    return AssignSettings(**{"presence_sentences": 0, **changes})


def sent(i: int, text: str) -> Sentence:
    return Sentence("a", i, 0, text, ("a",))


class FixedEmbedder:
    """Maps known texts to fixed unit vectors: hand-computable similarities."""

    def __init__(self, table):
        self.table = table

    def encode(self, texts):
        return np.array([self.table[t] for t in texts], dtype=np.float32)


def test_each_sentence_goes_to_its_best_theme_or_to_none():
    texts = {
        "staff were laid off": [1.0, 0.0, 0.0],
        "a stake was bought": [0.0, 1.0, 0.0],
        "Layoffs hit 100 people.": [0.8, 0.6, 0.0],  # sim 0.8 + keyword 0.15 vs 0.6
        "A stake in the firm, after layoffs, was the deal.": [0.3, 0.9, 0.436],  # 0.45 vs 1.05
        "The weather was fine.": [0.0, 0.0, 1.0],
    }
    sentences = [sent(i, t) for i, t in enumerate(list(texts)[2:])]
    # The main clause of the fourth ("after layoffs" is a passing reference) embeds like it.
    table = {**texts, "A stake in the firm was the deal.": [0.3, 0.9, 0.436]}
    result = assign(
        sentences,
        THEMES,
        FixedEmbedder(table),
        assign_settings(pair_weight=0.0, context_weight=0.0, threshold=0.35, keyword_weight=0.15),
    )
    assert [(s.sentence.text, round(s.score, 3)) for s in result.by_theme["layoffs"]] == [
        ("Layoffs hit 100 people.", 0.95)
    ]
    assert [(s.sentence.text, round(s.score, 3)) for s in result.by_theme["deal"]] == [
        ("A stake in the firm, after layoffs, was the deal.", 1.05)
    ]
    assert result.unassigned == 1


def test_non_exclusive_assignment_lets_a_sentence_join_every_theme_above_threshold():
    texts = {"staff were laid off": [1, 0], "a stake was bought": [0, 1], "Both.": [0.6, 0.8]}
    result = assign(
        [sent(0, "Both.")],
        THEMES,
        FixedEmbedder(texts),
        assign_settings(pair_weight=0.0, threshold=0.5, exclusive=False),
    )
    assert len(result.by_theme["layoffs"]) == 1 and len(result.by_theme["deal"]) == 1


def test_no_sentences_give_empty_themes(embedder):
    result = assign([], THEMES, embedder, assign_settings())
    assert result.by_theme == {"layoffs": (), "deal": ()} and result.unassigned == 0


def test_the_main_clause_leaves_out_a_passing_reference_to_another_event():
    assert main_clause("The layoffs come months after Meta invested $14.3 billion.") == "The layoffs come"
    assert main_clause("A stake in the firm, after layoffs, was the deal.") == "A stake in the firm was the deal."
    # A time adverb ("shortly after") and an opening clause are not passing references.
    kept = "Reports say that shortly after the deal, Google and OpenAI paused work."
    assert main_clause(kept) == kept
    assert main_clause("Since June, Meta has owned 49%.") == "Since June, Meta has owned 49%."


def test_a_sentence_about_layoffs_naming_the_deal_in_passing_goes_to_layoffs():
    text = "The layoffs are the latest change since Meta bought a stake in an acquisition."
    table = {
        "staff were laid off": [1.0, 0.0],
        "a stake was bought": [0.0, 1.0],
        text: [0.6, 0.8],  # the whole sentence leans to the deal
        "The layoffs are the latest change": [1.0, 0.0],
    }
    settings = {"threshold": 0.35, "keyword_weight": 0.15, "context_weight": 0.0}
    passing = assign(
        [sent(0, text)], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.0, passing_weight=0.25, **settings)
    )
    assert [s.sentence.text for s in passing.by_theme["layoffs"]] == [text]
    plain = assign(
        [sent(0, text)], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.0, passing_weight=1.0, **settings)
    )
    assert [s.sentence.text for s in plain.by_theme["deal"]] == [text]


def test_a_sentence_below_threshold_joins_the_theme_it_clearly_leads():
    texts = {"staff were laid off": [1, 0, 0], "a stake was bought": [0, 1, 0]}
    clear = sent(0, "Names and addresses were taken.")  # 0.3 vs 0.0: below 0.35, but leads by 0.3
    close = sent(1, "Names and emails were taken.")  # 0.3 vs 0.2: leads by 0.1 only
    table = {**texts, clear.text: [0.3, 0.0, 0.954], close.text: [0.3, 0.2, 0.933]}
    settings = {"threshold": 0.35, "context_weight": 0.0, "low_threshold": 0.25}
    result = assign(
        [clear, close], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.0, clear_margin=0.2, **settings)
    )
    assert [s.sentence.text for s in result.by_theme["layoffs"]] == [clear.text] and result.unassigned == 1
    off = assign(
        [clear, close], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.0, clear_margin=0.0, **settings)
    )
    assert off.by_theme == {"layoffs": (), "deal": ()} and off.unassigned == 2


def test_a_sentence_announcing_a_separate_development_takes_no_lean_from_its_neighbours():
    assert shifts_topic("In a separate development, the SEC opened a probe.")
    assert shifts_topic("Separately, Acme sold a unit.") and not shifts_topic("Acme said separately it sold a unit.")
    first, second = sent(0, "Staff were laid off on Monday."), sent(1, "Staff were laid off in May.")
    shifted, plain = "Separately, the firm agreed a deal.", "The firm agreed a deal."
    table = {"staff were laid off": [1, 0, 0], "a stake was bought": [0, 1, 0], first.text: [1, 0, 0]}
    table |= {second.text: [1, 0, 0], shifted: [0.3, 0.4, 0.866], plain: [0.3, 0.4, 0.866]}
    settings = assign_settings(pair_weight=0.0, threshold=0.35, context_weight=0.5, context_window=2)
    # Context: the window's mean leans (0.767, 0.133), so +-0.317 x 0.5: 0.458 layoffs vs 0.242 deal.
    leaned = assign([first, second, sent(2, plain)], THEMES, FixedEmbedder(table), settings)
    assert [s.sentence.text for s in leaned.by_theme["layoffs"]][-1] == plain
    alone = assign([first, second, sent(2, shifted)], THEMES, FixedEmbedder(table), settings)
    assert [s.sentence.text for s in alone.by_theme["deal"]] == [shifted]
    # Nor can it join the theme its neighbours tell, however close it reads on its own.
    aside = "Separately, staff at its other unit were laid off."
    table[aside] = [0.8, 0.1, 0.59]
    apart = assign([first, second, sent(2, aside)], THEMES, FixedEmbedder(table), settings)
    assert [s.sentence.text for s in apart.by_theme["layoffs"]] == [first.text, second.text] and apart.unassigned == 1
    assert apart.counts["topic_shifts"] == 1 and leaned.counts["topic_shifts"] == 0
    # Switched off, the opener is read like any other sentence: it leans with its neighbours.
    unmarked = settings.model_copy(update={"topic_shift": False})
    joined = assign([first, second, sent(2, aside)], THEMES, FixedEmbedder(table), unmarked)
    assert [s.sentence.text for s in joined.by_theme["layoffs"]][-1] == aside


def test_a_sentence_read_after_the_one_before_it_joins_that_theme():
    first = sent(0, "Acme cut 200 jobs.")
    reason = sent(1, "The decision was due to overhiring.")  # names no layoff on its own
    pair = f"{first.text} {reason.text}"
    table = {"staff were laid off": [1, 0, 0], "a stake was bought": [0, 1, 0]}
    table |= {first.text: [0.9, 0.0, 0.436], reason.text: [0.1, 0.0, 0.995], pair: [0.7, 0.0, 0.714]}
    settings = {"threshold": 0.35, "keyword_weight": 0.0, "context_weight": 0.0}
    # 0.5 x 0.1 + 0.5 x 0.7 = 0.4 for layoffs: above the threshold; alone 0.1 is not.
    paired = assign([first, reason], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.5, **settings))
    assert [(s.sentence.text, round(s.score, 3)) for s in paired.by_theme["layoffs"]] == [
        (first.text, 0.9),
        (reason.text, 0.4),
    ]
    alone = assign([first, reason], THEMES, FixedEmbedder(table), assign_settings(pair_weight=0.0, **settings))
    assert [s.sentence.text for s in alone.by_theme["layoffs"]] == [first.text] and alone.unassigned == 1


class RecordingEmbedder:
    """Embeds every text alike and remembers what it was asked to embed."""

    def __init__(self):
        self.seen = []

    def encode(self, texts):
        self.seen.extend(texts)
        return np.ones((len(texts), 1), dtype=np.float32)


def test_similarity_is_judged_with_the_descriptions_names_masked_in_both_texts():
    themes = [Theme("breach", "Globex Corp lost customer data", ("data",))]
    sentences = [
        Sentence("a", 0, 0, "Globex Corp's shares joined an index.", ("a",)),
        Sentence("a", 0, 1, "Customers of Globex Corp were told.", ("a",)),
    ]
    embedder = RecordingEmbedder()
    assign(sentences, themes, embedder, assign_settings(pair_weight=0.0, mask_names=True))
    assert "the company lost customer data" in embedder.seen
    assert "the company shares joined an index." in embedder.seen
    assert "Customers of the company were told." in embedder.seen
    assert not any("Globex" in text for text in embedder.seen[-3:])
    plain = RecordingEmbedder()
    assign(sentences, themes, plain, assign_settings(pair_weight=0.0, mask_names=False))
    assert "Globex Corp lost customer data" in plain.seen


def test_names_are_masked_by_default_only_for_themes_of_several_companies():
    sentence = Sentence("a", 0, 0, "Globex Corp's shares joined an index.", ("a",))
    other = Sentence("b", 0, 0, "Initech bought a stake in a firm.", ("b",))
    several = [Theme("breach", "Globex Corp lost data", ()), Theme("deal", "Initech bought a stake", ())]
    one = [Theme("breach", "Globex Corp lost data", ()), Theme("deal", "Globex Corp bought a stake", ())]
    for themes, masked in ((several, True), (one, False)):
        embedder = RecordingEmbedder()
        assign([sentence, other], themes, embedder, assign_settings(pair_weight=0.0))
        assert ("the company shares joined an index." in embedder.seen) is masked


DEAL_WORDS = ("stake", "acquisition", "valuation", "shares", "merger", "board", "investor")


def test_an_article_needs_a_share_of_the_best_articles_keywords_to_join_a_theme():
    themes = [Theme("deal", "a stake was bought", DEAL_WORDS)]
    best = Sentence("deal-news", 0, 0, "The stake, the acquisition, its valuation, shares, merger, board, investor.")
    two = Sentence("brief", 0, 0, "A brief note on the stake and the shares.")
    one = Sentence("layoffs-news", 0, 0, "Staff were cut after the acquisition.")
    # A copy's shared paragraph was dropped by dedup; its sentences count for it too.
    shared = Sentence("wire", 0, 0, "Its valuation rose and the board agreed.", ("wire", "copy"))
    needs = keyword_needs([best, two, one, shared], themes, assign_settings(article_keywords=0.3))
    # best carries 7: floor(0.3 x 7) = 2 needed
    assert needs == [{"deal-news": True, "brief": True, "layoffs-news": False, "wire": True, "copy": True}]
    # the cap: 0.9 x 7 would need 6
    assert keyword_needs([best, two], themes, assign_settings(article_keywords=0.9, article_keywords_cap=2)) == [
        {"deal-news": True, "brief": True}
    ]
    assert keyword_needs([best, two], themes, assign_settings(article_keywords=0.9, article_keywords_cap=6)) == [
        {"deal-news": True, "brief": False}
    ]
    # Keywords no article uses much (best 3: floor(0.9) = 0) bar nobody.
    weak = [Theme("deal", "a stake was bought", DEAL_WORDS[:3])]
    assert keyword_needs([best, one], weak, assign_settings(article_keywords=0.3)) == [
        {"deal-news": True, "layoffs-news": True}
    ]


def test_a_theme_an_article_lacks_the_keywords_for_still_rivals_the_theme_it_may_join():
    themes = [
        Theme("layoffs", "staff were laid off", ("layoffs", "job cuts", "workforce", "severance", "headcount")),
        Theme("deal", "a stake was bought", DEAL_WORDS),
    ]
    deal = Sentence("deal-news", 0, 0, "The stake, acquisition and valuation were set by the board.")
    layoffs = Sentence("layoffs-news", 0, 0, "The layoffs and job cuts shrink the workforce.")
    # In the layoffs article, a sentence that leans to the deal but carries no deal keyword,
    # and one about the cuts: the first goes to no theme, the second to layoffs.
    leaning = Sentence("layoffs-news", 0, 1, "The buyer was pleased with the terms.")
    cuts = Sentence("layoffs-news", 0, 2, "Severance was paid to those who left.")
    table = {
        "staff were laid off": [1.0, 0.0, 0.0],
        "a stake was bought": [0.0, 1.0, 0.0],
        deal.text: [0.0, 1.0, 0.0],
        layoffs.text: [1.0, 0.0, 0.0],
        leaning.text: [0.5, 0.7, 0.51],
        cuts.text: [0.6, 0.0, 0.8],
    }
    settings = {"threshold": 0.35, "context_weight": 0.0, "pair_weight": 0.0, "passing_weight": 1.0}
    result = assign([deal, layoffs, leaning, cuts], themes, FixedEmbedder(table), assign_settings(**settings))
    assert [s.sentence.text for s in result.by_theme["deal"]] == [deal.text]
    assert [s.sentence.text for s in result.by_theme["layoffs"]] == [layoffs.text, cuts.text]
    assert result.unassigned == 1
    # Without the rule the leaning sentence joins the deal through similarity alone.
    open_gate = assign(
        [deal, layoffs, leaning, cuts], themes, FixedEmbedder(table), assign_settings(article_keywords=0, **settings)
    )
    assert leaning.text in [s.sentence.text for s in open_gate.by_theme["deal"]]


def test_a_theme_the_drop_tells_in_one_passing_sentence_is_left_empty_with_a_warning():
    themes = [Theme("storm", "a storm hit the coast", ()), Theme("layoffs", "staff were laid off", ())]
    storm = [sent(i, f"The storm flooded town {i}.") for i in range(3)]
    passing = sent(3, "Dock workers walked off the job.")
    table = {"a storm hit the coast": [1.0, 0.0, 0.0], "staff were laid off": [0.0, 1.0, 0.0]}
    table |= {s.text: [0.8, 0.0, 0.6] for s in storm} | {passing.text: [0.0, 0.5, 0.866]}
    settings = AssignSettings(pair_weight=0.0, context_weight=0.0, presence_sentences=3, presence_similarity=0.35)
    result = assign([*storm, passing], themes, FixedEmbedder(table), settings)
    assert [s.sentence.paragraph for s in result.by_theme["storm"]] == [0, 1, 2]
    assert result.by_theme["layoffs"] == () and result.unassigned == 1
    assert result.counts["absent_themes"] == 1
    assert result.warnings == (
        "themes: theme 'layoffs' is left empty: only 1 of the drop's sentences are about it "
        "(assign.presence_sentences needs 3), so the drop does not tell its story; check the theme, "
        "or run with --themes auto to see the stories the drop tells",
    )
    # With the test off, the passing sentence fills the theme.
    kept = assign([*storm, passing], themes, FixedEmbedder(table), assign_settings(pair_weight=0.0, context_weight=0.0))
    assert [s.sentence.paragraph for s in kept.by_theme["layoffs"]] == [3] and kept.warnings == ()
