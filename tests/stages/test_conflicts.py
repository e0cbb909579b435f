import numpy as np

from summarize.config import ConflictSettings, load_config
from summarize.stages import conflicts as conflict_stage
from summarize.stages.conflicts import figures
from summarize.types import Sentence, SourceGroups


def find_conflicts(*args: object) -> tuple:
    """The conflicts the stage finds (its timelines are tested in test_timelines.py)."""
    return conflict_stage.find_conflicts(*args).conflicts


def _settings(**changes: object) -> ConflictSettings:
    """The shipped conflict settings, with ``changes`` the one thing a test varies."""
    return load_config("configs/default.yaml").conflicts.model_copy(update=changes)


def test_figures_read_counted_nouns_and_shares_and_skip_years():
    assert figures("Acme laid off 200 employees, about 14% of its workforce, in 2025.") == [
        ("% of workforc", "14%", 14.0),
        ("headcount", "200", 200.0),
    ]
    # The sum is a figure of its own, not a count of "billion".
    assert figures("It paid $14.3 billion for 49% of the firm.") == [
        ("amount ($)", "$14.3 billion", 14.3e9),
        ("% of firm", "49%", 49.0),
    ]


def test_a_stake_with_a_thousands_comma_is_read_not_a_crash():
    assert figures("Acme bought a 1,234% stake in Globex, a misprint.") == [("% stake", "1,234%", 1234.0)]


def test_the_majority_of_independent_sources_wins_and_copies_count_once():
    rows = [
        Sentence("a", 0, 0, "Acme laid off 200 employees on Monday.", ("a",)),
        Sentence("b", 0, 0, "Acme cut 200 employees this week.", ("b",)),
        Sentence("c", 0, 0, "Acme laid off 250 employees on Monday.", ("c",)),
        Sentence("d", 0, 0, "Acme laid off 250 employees, it said.", ("d",)),
    ]
    vectors = np.ones((4, 1))
    # c and d are copies of one report: 250 has one independent source, 200 has two.
    groups = SourceGroups({"a": "a", "b": "b", "c": "c", "d": "c"})
    [conflict] = find_conflicts(rows, vectors, groups, _settings())
    assert conflict.fact == "headcount" and conflict.chosen == "200"
    assert [(v.value, v.articles, v.sources) for v in conflict.values] == [
        ("200", ("a", "b"), 2),
        ("250", ("c", "d"), 1),
    ]
    assert conflict.minority == frozenset({("c", 0, 0), ("d", 0, 0)}) and conflict.settled


def test_figures_for_different_months_or_magnitudes_are_not_conflicts():
    rows = [
        Sentence("a", 0, 0, "In May Acme cut 6,000 employees.", ("a",)),
        Sentence("b", 0, 0, "In July Acme cut 9,000 employees.", ("b",)),
        Sentence("c", 0, 0, "Acme had 228,000 employees.", ("c",)),
    ]
    groups = SourceGroups({"a": "a", "b": "b", "c": "c"})
    assert find_conflicts(rows, np.ones((3, 1)), groups, _settings()) == ()
    assert find_conflicts([], np.zeros((0, 1)), groups, _settings()) == ()


def test_a_rule_switched_off_no_longer_tells_two_figures_apart():
    rows = [
        Sentence("a", 0, 0, "In May Acme cut 6,000 employees.", ("a",)),
        Sentence("b", 0, 0, "In May Acme cut 7,000 employees.", ("b",)),
        Sentence("c", 0, 0, "In July Acme cut 8,000 employees.", ("c",)),
    ]
    groups = SourceGroups({"a": "a", "b": "b", "c": "c"})
    # May's two counts disagree; July's is another event, by its month.
    [conflict] = find_conflicts(rows, np.ones((3, 1)), groups, _settings())
    assert [v.value for v in conflict.values] == ["6,000", "7,000"]
    [blind] = find_conflicts(rows, np.ones((3, 1)), groups, _settings(rules_off=("different_month",)))
    assert [v.value for v in blind.values] == ["6,000", "7,000", "8,000"]


def test_a_tie_is_reported_without_excluding_either_figure():
    rows = [
        Sentence("a", 0, 0, "Acme laid off 200 employees.", ("a",)),
        Sentence("b", 0, 0, "Acme laid off 250 employees.", ("b",)),
    ]
    [conflict] = find_conflicts(rows, np.ones((2, 1)), SourceGroups({"a": "a", "b": "b"}), _settings())
    assert conflict.minority == frozenset() and {v.value for v in conflict.values} == {"200", "250"}
    assert not conflict.settled


def test_shares_beside_different_headline_figures_are_two_events_but_beside_the_same_one_conflict():
    rounds = [
        Sentence("a", 0, 0, "Acme is cutting 6,000 jobs, close to 3% of its workforce.", ("a",)),
        Sentence("b", 0, 0, "Acme is cutting 9,000 jobs, about 4% of its workforce.", ("b",)),
    ]
    groups = SourceGroups({"a": "a", "b": "b", "c": "c"})
    assert find_conflicts(rounds, np.ones((2, 1)), groups, _settings()) == ()
    same = [
        Sentence("a", 0, 0, "Acme cut 200 employees, 14% of its workforce.", ("a",)),
        Sentence("b", 0, 0, "Acme cut 250 employees, 14% of its workforce.", ("b",)),
    ]
    [conflict] = find_conflicts(same, np.ones((2, 1)), groups, _settings())
    assert conflict.fact == "headcount" and {v.value for v in conflict.values} == {"200", "250"}


def test_share_price_moves_are_facts_per_direction_and_a_drop_in_sales_is_not_one():
    assert figures("Coinbase's stock (COIN) fell by more than 8% Thursday.") == [("shares down %", "8%", 8.0)]
    assert figures("Microsoft shares were up 2.55% at $545.") == [("shares up %", "2.55%", 2.55)]
    assert figures("Sales dropped 10% in the quarter.") == []


def test_british_and_american_spellings_are_one_fact():
    assert figures("It hit 100 organisations.")[0][0] == figures("It hit 100 organizations.")[0][0]


def test_price_moves_conflict_across_sources_and_rounding_is_not_a_disagreement():
    rows = [
        Sentence("a", 0, 0, "Acme shares dropped 6.5% on the news.", ("a",)),
        Sentence("b", 0, 0, "Acme stock fell more than 8% on Thursday.", ("b",)),
        Sentence("c", 0, 0, "Acme shares fell 6.55% after the breach.", ("c",)),
        Sentence("d", 0, 0, "Acme shares rose 3% a week later.", ("d",)),
    ]
    # Cosine 0.6 between the price sentences: above move_similarity (0.55), below min_similarity.
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0], [0.6, 0.8]])
    groups = SourceGroups({"a": "a", "b": "b", "c": "c", "d": "d"})
    [conflict] = find_conflicts(rows, vectors, groups, _settings())
    # 6.5% and 6.55% are one value from two sources; "rose 3%" is another fact (up, not down).
    assert conflict.fact == "shares down %" and conflict.chosen == "6.5%"
    assert [(v.value, v.articles, v.sources) for v in conflict.values] == [("6.5%", ("a", "c"), 2), ("8%", ("b",), 1)]
    assert conflict.minority == frozenset({("b", 0, 0)})
    assert find_conflicts(rows, vectors, groups, _settings(move_similarity=0.7)) == ()


def test_a_headcount_in_other_words_is_one_fact_and_its_majority_wins():
    rows = [
        Sentence("a", 0, 0, "Acme laid off 200 employees on Monday.", ("a",)),
        Sentence("b", 0, 0, "Acme cut 200 full-time staff this week.", ("b",)),
        Sentence("c", 0, 0, "Acme laid off 250 workers on Monday.", ("c",)),
        Sentence("d", 0, 0, "Acme also cut 500 contractors.", ("d",)),
    ]
    groups = SourceGroups({"a": "a", "b": "b", "c": "c", "d": "d"})
    [conflict] = find_conflicts(rows, np.ones((4, 1)), groups, _settings())
    # Contractors are another count, not a third value of the headcount.
    assert (conflict.fact, conflict.chosen) == ("headcount", "200")
    assert [(v.value, v.sources) for v in conflict.values] == [("200", 2), ("250", 1)]
    assert conflict.minority == frozenset({("c", 0, 0)})


def test_a_figure_always_dated_to_an_earlier_year_is_a_past_event_not_a_disagreement():
    past = [
        Sentence("a", 0, 0, "It is the largest cut since Acme laid off 10,000 employees in 2023.", ("a",)),
        Sentence("b", 0, 0, "In 2023, Acme laid off 10,000 workers.", ("b",)),
    ]
    now = [
        Sentence("c", 0, 0, "Acme is cutting about 9,000 jobs.", ("c",)),
        Sentence("d", 0, 0, "Acme said it would lay off 9,000 workers.", ("d",)),
    ]
    groups = SourceGroups({k: k for k in "abcde"})
    assert find_conflicts(past + now, np.ones((4, 1)), groups, _settings()) == ()
    # Named once without its year, the 10,000 is no longer told apart from the 9,000.
    undated = Sentence("e", 0, 0, "Acme laid off 10,000 workers.", ("e",))
    [conflict] = find_conflicts(past + now + [undated], np.ones((5, 1)), groups, _settings())
    assert {v.value for v in conflict.values} == {"10,000", "9,000"}


def test_sums_of_money_are_read_in_dollars_and_ranges_and_prices_are_not_figures():
    assert figures("Meta paid $14.3 billion, or US$14.3 bn, for the stake.") == [
        ("amount ($)", "$14.3 billion", 14.3e9),
        ("amount ($)", "$14.3 billion", 14.3e9),
    ]
    assert figures("They demanded a ransom of 20 million US dollars.") == [("amount ($)", "$20 million", 20e6)]
    assert figures("Costs could run from $180 million to $400 million, or $180-400 million.") == []
    assert figures("Shares closed at $2.58, and 20 million users were told.") == [("user", "20 million", 20e6)]


def test_stakes_are_read_however_they_are_worded():
    assert figures("Meta bought a 49% stake in Acme.") == [("% stake", "49%", 49.0)]
    assert figures("Microsoft will hold a stake of approximately 27 percent in OpenAI.") == [("% stake", "27%", 27.0)]
    assert figures("It took a 50% equity stake.") == [("% stake", "50%", 50.0)]


def test_a_sum_one_source_gives_differently_is_a_conflict_the_majority_settles():
    rows = [
        Sentence("a", 0, 0, "Meta took a 49% stake in Acme in a $14.3 billion deal.", ("a",)),
        Sentence("b", 0, 0, "Meta invested $14.3 billion in Acme.", ("b",)),
        Sentence("c", 0, 0, "Meta took a stake in Acme in a $15 billion deal.", ("c",)),
        Sentence("d", 0, 0, "Acme is now valued at $29 billion.", ("d",)),
    ]
    groups = SourceGroups({k: k for k in "abcd"})
    [conflict] = find_conflicts(rows, np.ones((4, 1)), groups, _settings())
    # The valuation is twice the sum: another fact, not a third value.
    assert (conflict.fact, conflict.chosen) == ("amount ($)", "$14.3 billion")
    assert [(v.value, v.sources) for v in conflict.values] == [("$14.3 billion", 2), ("$15 billion", 1)]
    assert conflict.minority == frozenset({("c", 0, 0)})


def test_figures_of_different_parties_are_different_facts():
    rows = [
        Sentence("a", 0, 0, "OpenAI's $3 billion deal to buy Windsurf fell apart.", ("a",)),
        Sentence("b", 0, 0, "The $3 billion OpenAI deal for Windsurf collapsed on Friday.", ("b",)),
        Sentence("c", 0, 0, "Instead, Google agreed to pay $2.4 billion to license Windsurf's technology.", ("c",)),
    ]
    groups = SourceGroups({k: k for k in "abc"})
    assert find_conflicts(rows, np.ones((3, 1)), groups, _settings()) == ()
    # Named by the same party, the sums disagree.
    rows[2] = Sentence("c", 0, 0, "OpenAI agreed to pay $2.4 billion for Windsurf.", ("c",))
    [conflict] = find_conflicts(rows, np.ones((3, 1)), groups, _settings())
    assert conflict.chosen == "$3 billion" and conflict.minority == frozenset({("c", 0, 0)})
