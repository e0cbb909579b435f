from decimal import Decimal

from summarize.text.numbers import MONEY, NUMBER, PERCENT, dollar_figures, number_value, scale_factor, scaled_value


def test_commas_group_thousands_unless_they_are_a_decimal_comma():
    assert number_value("1,200") == Decimal(1200)
    assert number_value("1,200.5") == Decimal("1200.5")
    assert number_value("3,5") == Decimal("3.5")
    assert number_value("14.3") == Decimal("14.3")
    assert number_value("1.2.3") is None


def test_a_scale_word_multiplies_in_any_case_and_spelling():
    assert scaled_value("14.3", "bn") == Decimal("14.3e9")
    assert scaled_value("2", "M") == Decimal("2e6")
    assert scaled_value("5", "thousand") == Decimal(5000)
    assert scaled_value("5", None) == Decimal(5)


def test_a_figure_is_counted_in_its_last_word_when_that_is_a_scale():
    assert scale_factor("billion") == 1e9
    assert scale_factor("2.5%") == 1.0


def test_dollar_figures_are_written_one_way_and_ranges_skipped():
    text = "Meta paid US$14.3 bn, not 20 million US dollars; estimates ran $180-400 million or €5 million."
    assert dollar_figures(text) == ["$14.3 billion", "$20 million"]
    assert dollar_figures("$180 million to $400 million") == []


def test_the_guard_patterns_take_any_currency_percent_spelling_and_scale():
    assert [(m["num"], m["scale"]) for m in MONEY.finditer("€2m and USD 5 and $300")] == [
        ("2", "m"),
        ("5", None),
        ("300", None),
    ]
    assert [m["num"] for m in PERCENT.finditer("14% or 3 per cent or 2pct")] == ["14", "3", "2"]
    assert [(m["num"], m["scale"]) for m in NUMBER.finditer("200 staff, 1.5 million users")] == [
        ("200", None),
        ("1.5", "million"),
    ]


def test_empty_text_has_no_figures():
    assert dollar_figures("") == []
    assert list(MONEY.finditer("")) == list(PERCENT.finditer("")) == list(NUMBER.finditer("")) == []
