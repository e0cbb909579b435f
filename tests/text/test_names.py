from summarize.text.names import CAPITALISED, name_of, name_words, theme_names


def test_theme_names_are_the_descriptions_proper_names_without_titles_months_or_generic_words():
    description = "Scale AI cut 200 jobs in July; CEO Alexandr Wang left for Meta's AI lab, and OpenAI paused work."
    assert theme_names(description) == ("alexandr wang", "meta", "openai", "scale ai")
    assert theme_names("job cuts at the company") == ()


def test_a_token_names_its_capitalised_word_without_quotes_or_possessive():
    assert name_of("(Deribit)") == "deribit"
    assert name_of("“Coinbase’s") == "coinbase"
    assert name_of("A") is None and name_of("shares") is None
    assert name_words([]) == frozenset()


def test_capitalised_finds_every_capitalised_word_however_short():
    assert [m.group(0) for m in CAPITALISED.finditer("I said U.S. firms and O’Brien’s Acme-Co left.")] == [
        "I",
        "U.S.",
        "O’Brien’s",  # not "Brien’s": a capital after an apostrophe starts no word
        "Acme-Co",
    ]


def test_subject_is_the_run_of_names_a_sentence_opens_with():
    from summarize.text.names import subject

    names = frozenset({"idalia", "hurricane"})
    assert subject("Category 3 Hurricane Idalia struck in August 2023.", names) == {"hurricane", "idalia"}
    assert subject("Helene arrives barely a year since Hurricane Idalia slammed into Florida.", names) == frozenset()
    assert subject("Idalia became a Category 4 in the Gulf.", frozenset({"idalia"})) == {"idalia"}
    assert subject("", names) == frozenset()
