from summarize.text.dates import YEAR, YEAR_DIGITS, event_time


def test_event_time_reads_months_and_years():
    assert event_time("On May 8, 2025 Coinbase agreed to buy Deribit.") == (2025, 5)
    assert event_time("The cuts in July followed talks in March 2024.") == (2024, 3)
    assert event_time("The cuts in July came fast.", default_year=2025) == (2025, 7)
    assert event_time("Nothing dated here.") is None
    # "last June" told in 2025 is June 2024; with its year given, the year stands.
    assert event_time("Acme employed 228,000 people as of last June.", default_year=2025) == (2024, 6)
    assert event_time("Acme employed 228,000 people as of last June 2023.", default_year=2025) == (2023, 6)


def test_a_year_word_stands_alone_and_year_digits_only_keep_off_other_digits():
    text = "Revenue in FY2024 beat the 1990s peak; in 2025 it fell, 120251 units."
    assert YEAR.findall(text) == ["2025"]
    assert YEAR_DIGITS.findall(text) == ["2024", "1990", "2025"]
    assert event_time("The 1990s were calmer.") is None  # a decade is no year
