import numpy as np

from summarize.stages.select import (
    UNITS,
    Tally,
    concepts,
    dangling,
    generic,
    leans_on_previous,
    narrative_times,
    order,
    select_coverage,
    select_mmr,
    unresolved_reference,
)
from summarize.text.names import name_words
from summarize.text.sentences import previous_sentences, readings
from summarize.types import Scored, Sentence
from tests.conftest import shipped_config, shipped_select

S = shipped_select()
ROUND = shipped_config().rank.round_digits


def coverage_inputs(*scored: tuple[Sentence, float]):
    """(ranked, texts, sources) for select_coverage: each sentence its own text, its article one source."""
    ranked = [Scored(sentence, score) for sentence, score in scored]
    texts = {s.sentence.key: s.sentence.text for s in ranked}
    sources = {s.sentence.key: frozenset({s.sentence.article}) for s in ranked}
    return ranked, texts, sources


def _vectors(table):
    return lambda sentences: np.array([table[s.text] for s in sentences], dtype=float)


def test_mmr_skips_a_near_copy_and_respects_the_word_budget():
    s1 = Sentence("a", 0, 0, "one two three four", ("a",))
    s2 = Sentence("b", 0, 0, "one two three four five", ("b",))
    s3 = Sentence("c", 0, 0, "six seven eight", ("c",))
    s4 = Sentence("d", 0, 0, "nine ten eleven twelve thirteen fourteen", ("d",))
    table = {s1.text: [1, 0, 0], s2.text: [0.99, 0.141, 0], s3.text: [0, 1, 0], s4.text: [0, 0, 1]}
    ranked = [Scored(s1, 0.9), Scored(s2, 0.85), Scored(s3, 0.5), Scored(s4, 0.4)]
    mmr = shipped_select(method="mmr", mmr_lambda=0.7)
    chosen = select_mmr(ranked, _vectors(table), 10, mmr, round_digits=ROUND)
    assert [s.text for s in chosen] == ["one two three four", "six seven eight"]
    assert select_mmr([], _vectors(table), 10, mmr, round_digits=ROUND) == ()


def test_concepts_are_stemmed_bigrams_with_a_content_word():
    assert concepts("The layoffs of staff") == frozenset({"the layoff", "layoff of", "of staff"})
    assert concepts("of the") == frozenset()


def test_coverage_prefers_facts_many_sources_share_and_never_repeats_one():
    shared = Sentence("a", 0, 0, "Acme cut 200 jobs on Monday.")
    copy = Sentence("b", 0, 0, "On Monday Acme cut 200 jobs.")
    lone = Sentence("c", 0, 0, "A lone blogger praised the weather today.")
    other = Sentence("d", 0, 0, "Acme shares fell 5% after the cuts.")
    ranked = [Scored(lone, 1.0), Scored(shared, 0.9), Scored(copy, 0.9), Scored(other, 0.8)]
    texts = {s.sentence.key: s.sentence.text for s in ranked}
    sources = {
        shared.key: frozenset({"a", "x"}),
        copy.key: frozenset({"b", "y"}),
        lone.key: frozenset({"c"}),
        other.key: frozenset({"d", "x"}),
    }
    # The lone blogger names nothing; keep it a candidate, so that coverage alone decides.
    options = shipped_select(min_concept_sources=2, skip_generic=False)
    chosen = select_coverage(ranked, texts, sources, 14, options, round_digits=ROUND)
    # "acme cut", "cut 200", "200 job" are backed by 4 sources; the lone blogger by none.
    assert [s.key for s in chosen] == [shared.key, other.key]
    assert select_coverage([], texts, sources, 14, options, round_digits=ROUND) == ()


def test_excluded_and_dangling_pronoun_sentences_are_not_selected():
    first = Sentence("a", 0, 0, "Acme cut 200 jobs on Monday.")
    follow = Sentence("a", 0, 1, "It said 50 more jobs would go.")
    minority = Sentence("b", 0, 0, "Acme cut 250 jobs on Monday.")
    ranked, texts, sources = coverage_inputs((follow, 1.0), (minority, 0.9), (first, 0.5))
    chosen = select_coverage(
        ranked, texts, sources, 40, S, round_digits=ROUND, held={"skip_minority": frozenset({minority.key})}
    )
    assert [s.key for s in chosen] == [first.key, follow.key]
    # Switched off, the conflict's minority figure and the lone pronoun are candidates again.
    minority_on = shipped_select(skip_minority=False)
    chosen = select_coverage(
        ranked, texts, sources, 40, minority_on, round_digits=ROUND, held={"skip_minority": frozenset({minority.key})}
    )
    assert minority.key in {s.key for s in chosen}
    pronoun_alone = shipped_select(referent_pronoun=False)
    alone = coverage_inputs((follow, 1.0))
    assert select_coverage(*alone, 40, S, round_digits=ROUND) == ()
    assert select_coverage(*alone, 40, pronoun_alone, round_digits=ROUND) == (follow,)
    assert dangling(follow, set(), S) and not dangling(follow, {first.key}, S) and not dangling(first, set(), S)
    # "The move" and "The decision" lean on the sentence before as "It" does.
    move = Sentence("a", 0, 1, "The move follows a broader restructuring in July.")
    assert dangling(move, set(), S) and not dangling(move, {first.key}, S)
    assert not dangling(Sentence("a", 0, 1, "The movers cut 50 jobs."), set(), S)
    # "The tally" is a count the sentence before gave; "the count of victims" names its own.
    tally = Sentence("a", 0, 1, "A researcher confirmed the tally is based on traces left on servers.")
    assert dangling(tally, set(), S) and not dangling(tally, {first.key}, S)
    assert not dangling(Sentence("a", 0, 1, "Officials raised the count of victims to 60."), set(), S)
    assert leans_on_previous(tally.text, S) and not leans_on_previous(first.text, S)
    # A connective does not hide the pronoun after it.
    however = Sentence("a", 0, 1, "However, it said 50 more jobs would go.")
    assert dangling(however, set(), S) and not dangling(however, {first.key}, S)
    assert not leans_on_previous("However, Acme said 50 more jobs would go.", S)
    assert not leans_on_previous("Italy said 50 more jobs would go.", S)
    assert not leans_on_previous("Now that Meta owns 49%, clients are leaving.", S)
    # Ending on "since" points at a time the sentence before named; "since July" names it.
    since = Sentence("a", 0, 1, "The Dallas shutdown is the first cut confirmed since.")
    assert dangling(since, set(), S) and not dangling(since, {first.key}, S)
    assert not dangling(Sentence("a", 0, 1, "Acme has confirmed no cut since July."), set(), S)
    assert not leans_on_previous("Since then, nothing has been confirmed.", S)  # _FOLLOWS handles openers


def test_a_paragraph_opening_pronoun_refers_to_the_last_sentence_of_the_paragraph_before():
    found = Sentence("a", 0, 0, "An investigation found 85 public Google Docs.")
    last = Sentence("a", 0, 1, "Clients were alarmed.")
    these = Sentence("a", 1, 0, "These leaks included training prompts for Bard.")
    other = Sentence("b", 0, 0, "They said nothing.")
    previous = previous_sentences([found, last, these, other])
    assert previous == {last.key: found.key, these.key: last.key}
    assert dangling(these, {found.key}, S, previous) and not dangling(these, {last.key}, S, previous)
    # Without the map, the first sentence of a paragraph has no referent and is never eligible.
    assert dangling(these, {last.key}, S)
    # The first sentence of an article has no predecessor at all.
    assert dangling(other, {found.key, last.key, these.key}, S, previous)
    assert [s.key for s in order([these, found, last], S, previous=previous)] == [found.key, last.key, these.key]
    ranked = [Scored(these, 1.0), Scored(last, 0.5)]
    texts = {s.sentence.key: s.sentence.text for s in ranked}
    sources = {s.sentence.key: frozenset({"a"}) for s in ranked}
    # "Clients were alarmed." names nothing: keep it a candidate, as the referent under test.
    named_or_not = shipped_select(skip_generic=False)
    chosen = select_coverage(ranked, texts, sources, 40, named_or_not, round_digits=ROUND, previous=previous)
    assert [s.key for s in chosen] == [last.key, these.key]
    assert previous_sentences([]) == {}


def test_a_paragraph_dedup_kept_from_a_copy_reads_after_the_paragraph_its_copy_stands_after():
    from summarize.types import Cluster, ClusterMember

    # "copy" syndicates "a": its first paragraph is a's (kept in a), its second is longer
    # than a's (a credit line added), so dedup kept the copy's version.
    lead = Sentence("a", 0, 0, "Acme cut 200 jobs on Monday.", ("a", "copy"))
    theirs = Sentence("copy", 1, 0, "It blamed overhiring, the newsroom reported.", ("a", "copy"))
    clusters = [
        Cluster(("a", 0), (ClusterMember("a", 0, 1.0), ClusterMember("copy", 0, 1.0))),
        Cluster(("copy", 1), (ClusterMember("a", 1, 0.9), ClusterMember("copy", 1, 1.0))),
    ]
    assert previous_sentences([lead, theirs]) == {}  # the copy's own kept sentences start there
    previous = previous_sentences([lead, theirs], clusters)
    assert previous == {theirs.key: lead.key}
    # Each article reads whole: the original's second paragraph is the copy's kept version.
    assert readings([lead, theirs], clusters) == {"a": [lead, theirs], "copy": [lead, theirs]}
    assert not dangling(theirs, {lead.key}, S, previous)
    # Without copies the clusters change nothing.
    solo = [Sentence("b", 0, 0, "Globex sold a unit."), Sentence("b", 2, 0, "It fetched $3 million.")]
    alone = [Cluster(("b", p), (ClusterMember("b", p, 1.0),)) for p in (0, 1, 2)]
    assert previous_sentences(solo, alone) == previous_sentences(solo) == {solo[1].key: solo[0].key}


def test_order_is_chronological_keeps_pronouns_after_their_referent_and_never_starts_with_one():
    july = Sentence("a", 0, 0, "In July 2025 the firm cut 200 jobs.")
    it = Sentence("a", 0, 1, "It said more would follow.")
    june = Sentence("b", 0, 0, "In June 2025 Meta bought a stake.")
    undated = Sentence("c", 0, 0, "Analysts were surprised by the news.")
    assert [s.key for s in order([it, undated, july, june], S)] == [undated.key, june.key, july.key, it.key]
    assert order([], S) == ()


def test_a_description_before_any_name_refers_back():
    assert unresolved_reference("Last week, the company announced a $2.9 billion acquisition of Deribit.")
    assert unresolved_reference("Under the new arrangement, Microsoft will hold a 27% stake.")
    assert unresolved_reference("In June, the firm cut 200 jobs.")  # a month names no one
    assert unresolved_reference("The revised partnership comes with updated ownership terms.")
    assert not unresolved_reference("Coinbase said the company would reimburse users.")
    assert not unresolved_reference("In June, the startup Scale AI sold a stake.")  # named on the spot
    assert not unresolved_reference("Microsoft and OpenAI agreed to a new deal.")


def test_a_summary_does_not_open_with_the_company_it_has_not_named():
    vague = Sentence("a", 0, 0, "Last week, the company announced a $2.9 billion acquisition of Deribit.")
    named = Sentence("b", 0, 0, "Coinbase agreed to buy the options exchange Deribit.")
    assert [s.key for s in order([vague, named], S)] == [named.key, vague.key]
    # With nothing better to open with, the selection order stands.
    assert [s.key for s in order([vague], S)] == [vague.key]


def test_order_uses_article_dates_when_a_sentence_names_no_time():
    late = Sentence("late", 0, 0, "Shares recovered.")
    early = Sentence("early", 0, 0, "Shares fell.")
    assert [s.article for s in order([late, early], S, {"late": "2025-07-02", "early": "2025-05-13"})] == [
        "early",
        "late",
    ]


def test_narrative_time_is_the_last_month_an_article_named_before_the_sentence():
    rows = [
        Sentence("a", 0, 0, "Acme was founded long ago."),
        Sentence("a", 1, 0, "In June 2025 Meta bought a stake in Acme."),
        Sentence("a", 1, 1, "In the weeks that followed, its CEO left."),
        Sentence("a", 2, 0, "By October the deal looked shaky."),
        Sentence("b", 0, 0, "Weeks later, staff quit."),
    ]
    assert narrative_times(rows) == {
        ("a", 1, 0): (2025, 6),
        ("a", 1, 1): (2025, 6),
        ("a", 2, 0): (2025, 10),  # a month without a year takes the article's year
    }
    assert narrative_times([]) == {}


def test_a_sentence_dated_by_what_came_before_follows_the_sentence_that_names_the_time():
    june = Sentence("a", 1, 0, "In June 2025 Meta bought a stake in Acme.")
    followed = Sentence("a", 1, 1, "In the weeks that followed, Acme's CEO left for Meta.")
    july = Sentence("b", 0, 0, "In July 2025 Acme cut 200 jobs.")
    narrative = {june.key: (2025, 6), followed.key: (2025, 6)}
    assert [s.key for s in order([followed, july, june], S, narrative=narrative)] == [june.key, followed.key, july.key]
    # Without its article's time it is undated and keeps its slot, but never opens the summary.
    assert [s.key for s in order([followed, july, june], S)] == [june.key, followed.key, july.key]
    assert [s.key for s in order([followed, july], S)] == [july.key, followed.key]


def test_an_undated_sentence_takes_the_time_its_article_has_reached_and_follows_the_dated_one():
    cost = Sentence("a", 3, 0, "Acme estimates the cost at up to $400 million.")
    disclosed = Sentence("b", 0, 0, "On May 15, 2025, Acme disclosed a data breach.")
    reward = Sentence("c", 0, 0, "Acme offered a reward for tips.")
    narrative = {cost.key: (2025, 5)}  # article a named May 2025 before the cost
    assert [s.key for s in order([cost, reward, disclosed], S, narrative=narrative)] == [
        disclosed.key,
        reward.key,  # no time at all: keeps its slot
        cost.key,
    ]
    # Without its article's time the selection order stands; an article date wins over it.
    assert [s.key for s in order([cost, disclosed], S)] == [cost.key, disclosed.key]
    dates = {"a": "2025-04-30"}
    assert [s.key for s in order([disclosed, cost], S, dates, narrative=narrative)] == [cost.key, disclosed.key]


def test_a_month_without_a_year_in_a_summary_naming_no_year_is_its_own_time_in_its_articles_year():
    terms = Sentence("a", 2, 0, "Deribit has about $30 billion in open interest.")
    announced = Sentence("a", 3, 0, "On May 8th, Coinbase announced it would buy Deribit.")
    # Article a named May 2025 before both; the second names its month itself.
    narrative = {terms.key: (2025, 5), announced.key: (2025, 5)}
    assert [s.key for s in order([terms, announced], S, narrative=narrative)] == [announced.key, terms.key]
    # Without its article's year it names no time it can be placed by.
    assert [s.key for s in order([terms, announced], S)] == [terms.key, announced.key]


def test_a_sentence_restating_a_chosen_figure_is_skipped_unless_it_adds_a_figure_or_month():
    first = Sentence("a", 0, 0, "The cuts are the biggest since 2023, when Acme axed 10,000 workers.")
    again = Sentence("b", 0, 0, "The job cuts are the largest since Acme laid off 10,000 staff in 2023.")
    dated = Sentence("c", 0, 0, "In May, Acme had said that 10,000 staff would go in 2023.")
    ranked, texts, sources = coverage_inputs((first, 1.0), (again, 0.9), (dated, 0.8))
    similarity = np.array([[1.0, 0.75, 0.72], [0.75, 1.0, 0.7], [0.72, 0.7, 1.0]])
    options = {"similarity": similarity, "round_digits": ROUND}
    # The dated wording is not skipped: it adds May. It then states and extends the undated one
    # chosen before it, which goes; the other undated one is skipped as a restatement again.
    chosen = select_coverage(ranked, texts, sources, 60, shipped_select(restatement=0.7), **options)
    assert [s.key for s in chosen] == [dated.key]
    every = {first.key, again.key, dated.key}
    assert {
        s.key for s in select_coverage(ranked, texts, sources, 60, shipped_select(restatement=1.0), **options)
    } == every
    # Both rules switched off keep every wording; either alone keeps only the dated one.
    both_off = shipped_select(restatement=0.7, skip_restatements=False, drop_subsumed=False)
    assert {s.key for s in select_coverage(ranked, texts, sources, 60, both_off, **options)} == every
    for off in ({"skip_restatements": False}, {"drop_subsumed": False}):
        settings = shipped_select(restatement=0.7, **off)
        assert dated.key in {s.key for s in select_coverage(ranked, texts, sources, 60, settings, **options)}


def test_a_sentence_without_figures_that_restates_a_chosen_one_is_skipped():
    chosen = Sentence("a", 0, 0, "Acme shut its Dallas team of 12 contractors in October.")
    again = Sentence("b", 0, 0, "Acme has closed a contractor team based in Dallas, its latest cut.")
    other = Sentence("c", 0, 0, "Acme blamed overhiring and shifting demand from its clients.")
    ranked, texts, sources = coverage_inputs((chosen, 1.0), (again, 0.9), (other, 0.8))
    similarity = np.array([[1.0, 0.8, 0.3], [0.8, 1.0, 0.3], [0.3, 0.3, 1.0]])
    options = {"similarity": similarity, "round_digits": ROUND}
    # "Acme blamed overhiring ..." names Acme only where a sentence opens: keep it a candidate.
    restated = shipped_select(restatement=0.7, skip_generic=False)
    # "again" adds no figure or month to the chosen sentence and says the same (0.8 >= 0.7).
    assert {s.key for s in select_coverage(ranked, texts, sources, 60, restated, **options)} == {
        chosen.key,
        other.key,
    }
    looser = restated.model_copy(update={"restatement": 0.85})
    assert len(select_coverage(ranked, texts, sources, 60, looser, **options)) == 3
    # A paraphrase (at least redundancy alike) goes whatever its figures, unless switched off.
    paraphrases = looser.model_copy(update={"redundancy": 0.8, "skip_restatements": False})
    assert len(select_coverage(ranked, texts, sources, 60, paraphrases, **options)) == 2
    paraphrases_off = paraphrases.model_copy(update={"skip_paraphrases": False})
    assert len(select_coverage(ranked, texts, sources, 60, paraphrases_off, **options)) == 3


def test_a_sentence_naming_nothing_is_generic_and_not_selected():
    assert generic("Profitability will be another key metric.")
    assert generic("Industry analysts said the deal brings long-needed clarity.")
    assert not generic("Scale AI laid off staff.")  # a name after the first word
    assert not generic("The cuts were the biggest since 2023.")  # a figure
    assert not generic("Profitability at Meta will be another key metric.")
    # A list of what was taken names it, however plainly worded; a sentence of commas does not.
    assert not generic("Additional compromised data includes names, addresses, email addresses, and masked numbers.")
    assert not generic("The cuts hit teams such as sales, support or marketing.")
    assert generic("The breach is broad, active, and highly sophisticated.")
    assert generic("The data includes names and addresses.")
    vague = Sentence("a", 0, 0, "Profitability will be another key metric for the company.")
    named = Sentence("b", 0, 0, "Acme cut 200 jobs in May.")
    ranked, texts, sources = coverage_inputs((vague, 1.0), (named, 0.5))
    assert [s.key for s in select_coverage(ranked, texts, sources, 40, S, round_digits=ROUND)] == [named.key]
    everything = shipped_select(skip_generic=False)
    assert len(select_coverage(ranked, texts, sources, 40, everything, round_digits=ROUND)) == 2


def test_a_sentence_opening_with_a_name_the_story_uses_is_not_generic():
    leak = "Coinbase confirmed that names, addresses and email details were compromised."
    assert generic(leak)  # alone, its one capitalised word could just open the sentence
    assert not generic(leak, name_words(["Hackers bribed Coinbase support agents."]))
    assert generic("Profitability will be another key metric.", name_words(["Profitability rose at Meta."]))
    assert name_words(["Shares of Coinbase’s parent and (Deribit) fell 7% on Nasdaq."]) == {
        "coinbase",
        "deribit",
        "nasdaq",
    }
    stolen = Sentence("a", 0, 0, leak)
    other = Sentence("b", 0, 0, "The ransom demand from Coinbase hackers was $20 million.")
    ranked, texts, sources = coverage_inputs((stolen, 1.0), (other, 0.5))
    assert stolen.key in {s.key for s in select_coverage(ranked, texts, sources, 40, S, round_digits=ROUND)}


def test_a_summary_that_says_nothing_of_when_starts_again_from_the_best_dated_sentence():
    # Three sources count the victims; one tells when the flaw was found. Plain coverage
    # spends the budget on the counts, which leaves a reader not knowing when it began.
    count_a = Sentence("a", 0, 0, "Hackers breached 400 Acme servers worldwide.")
    count_b = Sentence("b", 0, 0, "Hackers breached 400 Acme servers across Europe.")
    count_c = Sentence("c", 0, 0, "Acme servers at 100 agencies were breached.")
    dated = Sentence("d", 0, 0, "The Acme flaw was found at a contest in May.")
    ranked, texts, sources = coverage_inputs((count_a, 1.0), (count_b, 0.9), (count_c, 0.8), (dated, 0.3))
    untimed = shipped_select(require_time=False)
    plain = select_coverage(ranked, texts, sources, 17, untimed, round_digits=ROUND)
    assert dated.key not in {s.key for s in plain}
    timed = select_coverage(ranked, texts, sources, 17, S, round_digits=ROUND)
    assert timed[0].key == dated.key and len(timed) == 2
    # The rest is chosen by coverage as before: the best count still makes it.
    assert timed[1].key == plain[0].key
    # MMR follows the same rule.
    table = {count_a.text: [1, 0], count_b.text: [0.99, 0.14], count_c.text: [0.9, 0.44], dated.text: [0, 1]}
    mmr = shipped_select(method="mmr", mmr_lambda=1.0)
    mmr_plain = select_mmr(
        ranked, _vectors(table), 17, mmr.model_copy(update={"require_time": False}), round_digits=ROUND
    )
    mmr_timed = select_mmr(ranked, _vectors(table), 17, mmr, round_digits=ROUND)
    assert dated.key not in {s.key for s in mmr_plain} and mmr_timed[0].key == dated.key


def test_require_time_changes_nothing_when_the_summary_is_dated_or_no_sentence_could_be():
    count = Sentence("a", 0, 0, "Hackers breached 400 Acme servers worldwide.")
    dated = Sentence("b", 0, 0, "Acme found the flaw in July and patched 400 servers.")
    ranked, texts, sources = coverage_inputs((count, 1.0), (dated, 0.9))
    untimed = shipped_select(require_time=False)
    plain = select_coverage(ranked, texts, sources, 40, untimed, round_digits=ROUND)
    assert dated.key in {s.key for s in plain}
    assert select_coverage(ranked, texts, sources, 40, S, round_digits=ROUND) == plain
    undated = Sentence("b", 0, 0, "Acme patched the flaw and 400 servers.")
    ranked, texts, sources = coverage_inputs((count, 1.0), (undated, 0.9))
    assert select_coverage(ranked, texts, sources, 8, S, round_digits=ROUND) == select_coverage(
        ranked, texts, sources, 8, untimed, round_digits=ROUND
    )
    # A dated sentence that cannot open a summary (dangling, or over budget) keeps the plain choice.
    follow = Sentence("a", 0, 1, "It was found in May.")
    ranked, texts, sources = coverage_inputs((count, 1.0), (follow, 0.9))
    assert [s.key for s in select_coverage(ranked, texts, sources, 6, S, round_digits=ROUND)] == [count.key]


def test_a_chosen_sentence_that_a_fuller_one_states_and_extends_gives_way_to_another_fact():
    ransom = Sentence("a", 0, 0, "Hackers stole customer data and demanded a $20 million ransom from Acme.")
    fuller = Sentence("b", 0, 0, "Hackers stole data of 100,000 users and demanded a ransom of 20 million dollars.")
    reward = Sentence("c", 0, 0, "Acme refused and offered a reward for tips leading to an arrest.")
    ranked, texts, sources = coverage_inputs((ransom, 1.0), (fuller, 0.9), (reward, 0.2))
    similarity = np.array([[1.0, 0.7, 0.2], [0.7, 1.0, 0.2], [0.2, 0.2, 1.0]])
    options = {"similarity": similarity, "round_digits": ROUND}
    # 30 words hold two sentences. "fuller" has every figure of "ransom" and one more, and is
    # as similar as the test asks, so "ransom" goes and the reward takes its place.
    tally = Tally()
    chosen = select_coverage(ranked, texts, sources, 30, shipped_select(restatement=0.65), **options, tally=tally)
    assert {s.key for s in chosen} == {fuller.key, reward.key}
    assert tally.counts()["drop_subsumed"] == 1
    # Less alike than the test asks, or the rule switched off, both wordings stay and the reward does not fit.
    both = {ransom.key, fuller.key}
    assert {
        s.key for s in select_coverage(ranked, texts, sources, 30, shipped_select(restatement=0.75), **options)
    } == both
    kept = shipped_select(restatement=0.65, drop_subsumed=False)
    assert {s.key for s in select_coverage(ranked, texts, sources, 30, kept, **options)} == both


def test_every_unit_is_switched_by_the_select_setting_of_its_name_and_on_as_shipped():
    fields = type(S).model_fields
    assert all(name in fields for name in UNITS) and len(UNITS) == len(set(UNITS))
    assert all(getattr(S, name) is True for name in UNITS if name != "min_salience")
    assert S.min_salience == 0.0  # a threshold: 0 is off
    assert list(Tally().counts()) == list(UNITS) and set(Tally().counts().values()) == {0}


def test_order_units_switched_off_leave_the_order_they_made():
    vague = Sentence("a", 0, 0, "Last week, the company announced a $2.9 billion acquisition of Deribit.")
    named = Sentence("b", 0, 0, "Coinbase agreed to buy the options exchange Deribit.")
    tally = Tally()
    assert [s.key for s in order([vague, named], S, tally=tally)] == [named.key, vague.key]
    assert tally.counts()["open_not_description"] == 1
    assert [s.key for s in order([vague, named], shipped_select(open_not_description=False))] == [vague.key, named.key]
    followed = Sentence("a", 1, 1, "In the weeks that followed, Acme's CEO left for Meta.")
    july = Sentence("b", 0, 0, "In July 2025 Acme cut 200 jobs.")
    assert [s.key for s in order([followed, july], S)] == [july.key, followed.key]
    assert [s.key for s in order([followed, july], shipped_select(open_not_following=False))] == [
        followed.key,
        july.key,
    ]
    # A pronoun-led sentence follows its referent only while keep_with_referent is on.
    first = Sentence("a", 0, 0, "Acme cut staff.")
    it = Sentence("a", 0, 1, "It said more would follow.")
    other = Sentence("c", 0, 0, "Globex hired staff.")
    assert [s.key for s in order([first, other, it], S)] == [first.key, it.key, other.key]
    apart = shipped_select(keep_with_referent=False)
    assert [s.key for s in order([first, other, it], apart)] == [first.key, other.key, it.key]


def test_time_sources_switched_off_leave_a_sentence_undated():
    late = Sentence("late", 0, 0, "Shares recovered.")
    early = Sentence("early", 0, 0, "Shares fell.")
    dates = {"late": "2025-07-02", "early": "2025-05-13"}
    assert [s.article for s in order([late, early], S, dates)] == ["early", "late"]
    assert [s.article for s in order([late, early], shipped_select(time_article_date=False), dates)] == [
        "late",
        "early",
    ]
    cost = Sentence("a", 3, 0, "Acme estimates the cost at up to $400 million.")
    disclosed = Sentence("b", 0, 0, "On May 15, 2025, Acme disclosed a data breach.")
    narrative = {cost.key: (2025, 5)}
    assert [s.key for s in order([cost, disclosed], S, narrative=narrative)] == [disclosed.key, cost.key]
    untimed = shipped_select(time_narrative=False)
    assert [s.key for s in order([cost, disclosed], untimed, narrative=narrative)] == [cost.key, disclosed.key]
    terms = Sentence("a", 2, 0, "Deribit has about $30 billion in open interest.")
    announced = Sentence("a", 3, 0, "On May 8th, Coinbase announced it would buy Deribit.")
    narrative = {terms.key: (2025, 5), announced.key: (2025, 5)}
    no_year = shipped_select(time_story_year=False)
    assert [s.key for s in order([terms, announced], no_year, narrative=narrative)] == [terms.key, announced.key]
    june = Sentence("a", 1, 0, "In June 2025 Meta bought a stake in Acme.")
    followed = Sentence("a", 1, 1, "In the weeks that followed, Acme's CEO left for Meta.")
    july = Sentence("b", 0, 0, "In July 2025 Acme cut 200 jobs.")
    narrative = {june.key: (2025, 6), followed.key: (2025, 6)}
    # Without its own rule, "In the weeks that followed" still takes its article's time, as any undated sentence.
    assert [s.key for s in order([followed, july, june], S, narrative=narrative)] == [june.key, followed.key, july.key]
    # Its own rule dates it before its article's date does.
    dated = {"a": "2025-08-01"}
    opening = shipped_select(open_not_following=False)
    assert [s.key for s in order([followed, july], opening, dated, narrative=narrative)] == [followed.key, july.key]
    unfollowed = opening.model_copy(update={"time_following": False})
    assert [s.key for s in order([followed, july], unfollowed, dated, narrative=narrative)] == [july.key, followed.key]
    both_off = shipped_select(time_following=False, time_narrative=False)
    assert [s.key for s in order([followed, july, june], both_off, narrative=narrative)] == [
        june.key,
        followed.key,
        july.key,
    ]


def test_each_leaning_can_be_switched_off():
    assert leans_on_previous("It said more jobs would go.", S) == "referent_pronoun"
    assert leans_on_previous("The move follows a restructuring.", S) == "referent_move"
    assert leans_on_previous("Officials said the tally is rising.", S) == "referent_tally"
    assert leans_on_previous("No cut was confirmed since.", S) == "referent_since"
    for text, name in [
        ("It said more jobs would go.", "referent_pronoun"),
        ("The move follows a restructuring.", "referent_move"),
        ("Officials said the tally is rising.", "referent_tally"),
        ("No cut was confirmed since.", "referent_since"),
    ]:
        assert leans_on_previous(text, shipped_select(**{name: False})) is None


def test_a_forecast_is_superseded_only_by_a_like_report_of_a_later_day():
    import datetime as dt

    import numpy as np

    from summarize.stages.select import forecast, superseded_forecasts

    texts = {
        ("a", 0, 0): "The storm is expected to trigger a record surge.",
        ("b", 0, 0): "The storm triggered a record surge.",
        ("c", 0, 0): "Costs could reach $400 million.",
    }
    keys = list(texts)
    similarity = np.array([[1.0, 0.8, 0.1], [0.8, 1.0, 0.1], [0.1, 0.1, 1.0]])
    later = {keys[0]: dt.date(2024, 9, 26), keys[1]: dt.date(2024, 9, 27), keys[2]: dt.date(2024, 9, 26)}
    assert forecast(texts[keys[0]]) and not forecast(texts[keys[1]])
    assert not forecast("On May 15, 2025, Coinbase disclosed a breach.")
    assert not forecast("Helene made landfall as forecasters warned it could bring a surge.")
    assert superseded_forecasts(keys, texts, similarity, later, 0.6) == {keys[0]}
    same_day = {**later, keys[1]: dt.date(2024, 9, 26)}
    assert superseded_forecasts(keys, texts, similarity, same_day, 0.6) == frozenset()
    unknown = {**later, keys[1]: None}
    assert superseded_forecasts(keys, texts, similarity, unknown, 0.6) == frozenset()
