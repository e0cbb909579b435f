from summarize.generation.split import split_sentences, within_budget, words


def test_generated_text_splits_at_sentence_ends_but_not_abbreviations():
    text = "The U.S. firm cut 1,200 jobs. Shares rose 3.5 percent!"
    assert split_sentences(text) == ["The U.S. firm cut 1,200 jobs.", "Shares rose 3.5 percent!"]


def test_repeats_and_wordless_fragments_are_dropped():
    assert split_sentences("Acme cut jobs. Acme cut jobs. . ! Unions protested.") == [
        "Acme cut jobs.",
        "Unions protested.",
    ]


def test_a_final_sentence_cut_by_the_token_limit_is_dropped():
    assert split_sentences("Acme cut jobs. Unions in Ohio called the") == ["Acme cut jobs."]


def test_a_lone_unfinished_sentence_is_kept():
    assert split_sentences("Acme cut jobs in Ohio") == ["Acme cut jobs in Ohio"]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []


def test_the_budget_cuts_at_a_sentence_boundary():
    texts = ["one two three.", "four five.", "six seven eight."]
    assert words(texts[0]) == 3
    assert within_budget(texts, 5) == 2
    assert within_budget(texts, 4) == 1
    assert within_budget(texts, 2) == 0
    assert within_budget([], 5) == 0
