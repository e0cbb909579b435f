import typing

from summarize.config import CleanRule, CleanSettings, load_config
from summarize.stages.clean import classify, clean
from summarize.types import Paragraph

S = CleanSettings()


def test_prompts_and_furniture_the_seeds_do_not_contain_are_dropped():
    for line in [
        "Sign up for our free newsletter to get the best stories first.",
        "Share this on Facebook",
        "Follow us on Mastodon for more.",
        "Photo: Getty Images",
        "Copyright © 2025 Daily Planet Media.",
        "By Lois Lane - 2 hours ago - 4 min read",
        "Related Stories",
        "Click here to download our app.",
        "This story first appeared on the Planet wire.",
        "This article originally appeared on Yahoo Finance.",
        "Read the full story at MarketScreener.",
        "Continue reading on the Planet's site.",
    ]:
        assert classify(line, S) is not None, line


def test_promotional_copy_is_dropped():
    assert classify("Zeta Widgets is the best choice for rugged tablets, rated #1 by engineers.", S) == "promotional"
    assert classify("Order now and get 30% off your first box.", S) == "promotional"


def test_news_sentences_that_mention_trigger_words_are_kept():
    for line in [
        "By contrast, the company said its privacy policy had not changed since 2023.",
        "The newsletter company laid off 40 employees, it said on Tuesday.",
        "Shares fell 5% after the company said it would share customer data with regulators.",
        "Read the full report, the regulator said, and the failures are plain to see.",
    ]:
        assert classify(line, S) is None, line


def test_headings_and_question_subheads_are_dropped():
    assert classify("Market Fallout and Next Moves", S) == "heading"
    assert classify("What did the email say?", S) == "question subhead"


def test_short_line_repeated_across_articles_is_furniture_but_a_repeated_sentence_is_not():
    paragraphs = [
        Paragraph("a", 0, "World News Network"),
        Paragraph("a", 1, "The firm cut 300 jobs on Monday, a spokesperson said."),
        Paragraph("b", 0, "World News Network"),
        Paragraph("b", 1, "The firm cut 300 jobs on Monday, a spokesperson said."),
    ]
    result = clean(paragraphs, S)
    assert [(p.article, p.index) for p in result.paragraphs] == [("a", 1), ("b", 1)]
    assert {d.reason for d in result.dropped} == {"heading"}
    assert [(d.article, d.paragraph) for d in result.dropped] == [("a", 0), ("b", 0)]


def test_inline_link_labels_ticker_tags_and_bullets_are_stripped():
    result = clean([Paragraph("a", 0, "- Microsoft ( MSFT ) released a patch, opens new tab on July 8.")], S)
    assert result.paragraphs[0].text == "Microsoft released a patch on July 8."


def test_disabled_clean_keeps_everything_and_empty_input_is_empty():
    paragraphs = [Paragraph("a", 0, "Read Next")]
    assert clean(paragraphs, CleanSettings(enabled=False)).paragraphs == tuple(paragraphs)
    empty = clean([], S)
    assert empty.paragraphs == () and empty.dropped == ()


def test_an_article_that_is_only_boilerplate_gets_a_warning_naming_it():
    paragraphs = [
        Paragraph("news.txt", 0, "The firm cut 300 jobs on Monday, a spokesperson said."),
        Paragraph("junk.txt", 0, "Subscribe to our newsletter"),
        Paragraph("junk.txt", 1, "Share this article"),
        Paragraph(
            "junk.txt", 2, "This site uses cookies. By continuing to browse the site you agree to our use of cookies."
        ),
        Paragraph("junk.txt", 3, "Home | World | Business | Tech"),
    ]
    result = clean(paragraphs, S)
    assert [p.article for p in result.paragraphs] == ["news.txt"]
    assert result.warnings == (
        "junk.txt: only boilerplate, nothing kept (4 paragraphs dropped: furniture 3, heading 1)",
    )


def test_warnings_follow_the_articles_order_and_a_kept_article_has_none():
    paragraphs = [Paragraph("b", 0, "Read Next"), Paragraph("a", 0, "Share this on Facebook")]
    assert clean(paragraphs, S).warnings == (
        "b: only boilerplate, nothing kept (1 paragraph dropped: furniture 1)",
        "a: only boilerplate, nothing kept (1 paragraph dropped: furniture 1)",
    )
    assert clean(paragraphs, CleanSettings(enabled=False)).warnings == ()
    assert clean([], S).warnings == ()


def test_cookie_banners_are_furniture_but_news_about_cookies_is_not():
    assert classify("Accept all cookies", S) == "furniture"
    assert classify("We use cookies to improve your experience on our site.", S) == "furniture"
    assert classify("Regulators fined the firm because its website uses cookies without consent.", S) is None


def test_stacked_list_marks_are_all_stripped_in_one_pass():
    once = clean([Paragraph("a", 0, "• 1. Acme cut 200 jobs on Monday, the company said.")], CleanSettings())
    assert [p.text for p in once.paragraphs] == ["Acme cut 200 jobs on Monday, the company said."]


def test_each_rule_can_be_switched_off_by_name():
    heading = Paragraph("a", 0, "Why the cuts came now")
    promo = Paragraph("a", 1, "Subscribe to our newsletter for the latest updates and exclusive offers.")
    body = Paragraph("a", 2, "Acme cut 200 jobs on Monday, the company said in a statement.")
    shipped = load_config("configs/default.yaml").clean
    kept = clean([heading, promo, body], shipped).paragraphs
    assert [p.index for p in kept] == [2]
    headings_kept = shipped.model_copy(update={"rules_off": ("heading",)})
    assert [p.index for p in clean([heading, promo, body], headings_kept).paragraphs] == [0, 2]
    everything = shipped.model_copy(update={"rules_off": typing.get_args(CleanRule)})
    assert [p.index for p in clean([heading, promo, body], everything).paragraphs] == [0, 1, 2]
