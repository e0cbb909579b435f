from summarize.generation.guard import best_replacement, check, extract_facts
from tests.generation.conftest import SOURCES, layoffs_input

FACTS = extract_facts(text for _, _, text in SOURCES)


def test_a_sentence_with_only_source_facts_is_supported():
    verdict = check("Acme will cut 1,200 jobs in Ohio and Texas, saving $450 million a year.", FACTS)
    assert verdict.supported and verdict.reason == ""


def test_an_unsupported_number_fails_and_is_named():
    verdict = check("Acme will cut 1,500 jobs.", FACTS)
    assert not verdict.supported
    assert verdict.unsupported == ("1,500",)


def test_numbers_match_whatever_the_thousands_separator():
    assert check("Acme will cut 1200 jobs.", FACTS).supported


def test_money_matches_across_scale_spellings():
    assert check("The cuts save $450m a year.", FACTS).supported
    assert check("The cuts save 450 million dollars a year.", FACTS).supported
    assert not check("The cuts save $45 million a year.", FACTS).supported


def test_percentages_match_across_spellings_but_not_other_values():
    assert check("Shares rose 3.5% in New York.", FACTS).supported
    assert check("The cuts hit 8 percent of staff.", FACTS).supported
    assert check("Shares rose 4% in New York.", FACTS).unsupported == ("4%",)


def test_an_unknown_name_fails_but_sentence_openers_do_not():
    assert check("Shares of Globex fell.", FACTS).unsupported == ("Globex",)
    assert check("They said the layoffs will hit Ohio.", FACTS).supported
    assert check("According to Jane Doe, Acme's unions were angry.", FACTS).supported


def test_an_acronym_is_a_name():
    assert check("The EU will review the cuts.", FACTS).unsupported == ("EU",)


def test_a_sentence_without_facts_passes():
    assert check("the cuts were announced.", FACTS).supported


def test_no_sources_support_nothing_checkable():
    empty = extract_facts([])
    assert check("Acme cut 1,200 jobs.", empty).unsupported == ("1,200", "Acme")


def test_the_replacement_is_the_unused_source_sharing_most_words():
    item = layoffs_input()
    chosen = best_replacement("Acme shares rose 9 percent in early trading.", item.ranked, used=set())
    assert chosen.text.startswith("Shares of Acme rose 3.5 percent")


def test_the_replacement_skips_used_sentences_and_prefers_ones_within_the_budget():
    item = layoffs_input()
    shares = item.ranked[3].sentence
    chosen = best_replacement("Acme shares rose 9 percent.", item.ranked, used={shares.key}, max_words=11)
    assert chosen.key != shares.key
    assert len(chosen.text.split()) <= 11


def test_no_replacement_when_every_source_is_used():
    item = layoffs_input()
    assert best_replacement("x", item.ranked, used={s.sentence.key for s in item.ranked}) is None
