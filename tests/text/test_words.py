from summarize.text.words import keyword_hits, keywords_in, stems


def test_keywords_match_stemmed_words_and_phrases():
    assert stems("Layoffs hit job-cuts") == ("layoff", "hit", "job", "cut")
    assert keyword_hits(stems("The layoffs and job cuts continued"), ["layoff", "job cuts", "stake"]) == 2
    assert keyword_hits(stems("More leaks surfaced"), ["leak", "leaks"]) == 1  # one keyword, two spellings


def test_keywords_in_gives_the_stemmed_keywords_found_and_nothing_for_empty_text():
    assert keywords_in(stems("Hackers leaked data"), ["leak", "data breach", "hacker"]) == {"leak", "hacker"}
    assert keywords_in((), ["leak"]) == frozenset()
    assert stems("") == ()
