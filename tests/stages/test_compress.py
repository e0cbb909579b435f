import typing

from summarize.config import CompressRule
from summarize.stages import compress as compress_stage
from summarize.stages.compress import RULES, close_quotes, trim
from tests.conftest import shipped_select


def compress(text: str, **update) -> str:
    """The sentence compressed with the shipped settings, ``update`` changed."""
    return compress_stage.compress(text, shipped_select(**update))


def test_trailing_attribution_is_removed_and_figures_kept():
    assert (
        compress("Microsoft will cut 9,000 jobs across Xbox and sales, the company said in a statement on Wednesday.")
        == "Microsoft will cut 9,000 jobs across Xbox and sales."
    )
    assert (
        compress("Coinbase estimated its costs could reach $400 million, according to a regulatory filing.")
        == "Coinbase estimated its costs could reach $400 million."
    )


def test_leading_attribution_and_connectives_are_removed():
    assert compress("According to Armstrong, the attackers demanded a $20 million ransom.") == (
        "The attackers demanded a $20 million ransom."
    )
    assert compress("However, the company declined to say how many people would be laid off.") == (
        "The company declined to say how many people would be laid off."
    )

    assert compress("But as chatbots improve, the industry needs fewer generalist tutors.") == (
        "As chatbots improve, the industry needs fewer generalist tutors."
    )
    assert compress("Yet another 300 staff were cut in June.") == "Another 300 staff were cut in June."


def test_an_appositive_after_according_to_is_not_mangled():
    text = "According to an email from HireArt, a staffing agency, workers got four weeks of pay."
    assert compress(text) == text


def test_ticker_and_acronym_parentheticals_go_but_asides_with_figures_stay():
    assert compress("Hackers hit the National Institutes of Health (NIH) and Alphabet's (GOOGL.O) Google servers.") == (
        "Hackers hit the National Institutes of Health and Alphabet's Google servers."
    )
    text = "Coinbase bought Deribit for $2.9 billion ($700 million in cash plus 11 million shares)."
    assert compress(text) == text
    assert compress("Coinbase (^GSPC) joined the index, as did Nintendo (7974.T) in Tokyo.") == (
        "Coinbase joined the index, as did Nintendo in Tokyo."
    )


def test_a_conversion_into_another_currency_goes_and_the_amount_stays():
    assert compress("The attackers demanded $20 million (roughly Rs. 171 crore) to keep quiet.") == (
        "The attackers demanded $20 million to keep quiet."
    )
    assert compress("It will cost up to $400 million (€370m) in all.") == "It will cost up to $400 million in all."
    # A bracket that adds a figure of its own is no conversion.
    text = "It fined the firm $5 million (its largest penalty in 2024)."
    assert compress(text) == text


def test_a_compression_that_would_leave_too_little_is_not_used():
    assert compress("It fell, the company said.") == "It fell, the company said."
    assert compress("") == ""


def test_a_concessive_opener_and_trailing_commentary_go_but_figures_stay():
    assert compress(
        "While no formal fallout has been reported, the breach led some clients to rethink their deals with Acme."
    ) == ("The breach led some clients to rethink their deals with Acme.")
    assert compress(
        "The move follows a restructuring in July 2025 that affected 14% of the workforce, signaling more change."
    ) == ("The move follows a restructuring in July 2025 that affected 14% of the workforce.")
    kept = "After Meta's investment, OpenAI and Google ceased business with Acme, a person said."
    assert compress(kept).startswith("After Meta's investment, OpenAI and Google ceased business with Acme")


def test_a_wire_dateline_goes_with_its_date_but_a_capitalised_opening_stays():
    assert compress("LONDON, July 22 (Reuters) - A patch released by Microsoft failed to fix the SharePoint flaw.") == (
        "A patch released by Microsoft failed to fix the SharePoint flaw."
    )
    assert compress("SAN FRANCISCO, Calif. (AP) — Coinbase said hackers stole data from 69,000 customers.") == (
        "Coinbase said hackers stole data from 69,000 customers."
    )
    assert compress("WASHINGTON -- The agency confirmed that 400 organizations were hit.") == (
        "The agency confirmed that 400 organizations were hit."
    )
    kept = "NASA - the space agency - said 12 staff would leave in May."
    assert compress(kept) == kept


def test_a_glued_label_of_up_to_six_words_goes():
    assert compress("Coinbase estimates the company’s loss: Coinbase estimates the cost at $180 million.") == (
        "Coinbase estimates the cost at $180 million."
    )
    assert compress("Data Breach: On May 15, 2025, Coinbase disclosed a data breach.") == (
        "On May 15, 2025, Coinbase disclosed a data breach."
    )
    kept = "Microsoft (NASDAQ: MSFT) said it would cut 6,000 jobs in May."
    assert compress(kept) == "Microsoft said it would cut 6,000 jobs in May."


def test_a_quote_the_splitter_cut_is_closed_or_opened_and_balanced_text_is_left_alone():
    opened = "The companies said on Thursday: “Microsoft and OpenAI have signed a memorandum."
    assert close_quotes(opened) == opened + "”"
    assert close_quotes("This acquisition positions Coinbase to lead that growth.”") == (
        "“This acquisition positions Coinbase to lead that growth.”"
    )
    assert close_quotes("\"It is going to be in everybody's 401(k).") == '"It is going to be in everybody\'s 401(k)."'
    assert (
        close_quotes('And it is a symbol of change," Armstrong added.')
        == '"And it is a symbol of change," Armstrong added.'
    )
    balanced = [
        'Microsoft said the cuts were "organizational changes necessary for success.”',  # mixed marks
        'Grewal called it "a holdover investigation,” adding that "we remain committed."',
        'The phone has a 6.1" screen and costs $799.',  # inches
        "Armstrong said the attackers were “criminals” and refused to pay.",
        "Nothing is quoted here.",
    ]
    assert [close_quotes(t) for t in balanced] == balanced


def test_trim_names_the_rules_that_changed_the_sentence_and_each_can_be_switched_off():
    text = (
        "LONDON, July 22 (Reuters) - However, Acme (ACME.O) cut 300 jobs in its sales teams, "
        "the company said in a statement."
    )
    assert trim(text, shipped_select()) == (
        "Acme cut 300 jobs in its sales teams.",
        ("dateline", "said_by_end", "connective_start", "aside"),
    )
    # Without the dateline rule "However" no longer opens the sentence.
    assert compress(text, compress_off=("dateline",)) == (
        "LONDON, July 22 - However, Acme cut 300 jobs in its sales teams."
    )
    assert trim("Nothing to trim in this sentence at all.", shipped_select()) == (
        "Nothing to trim in this sentence at all.",
        (),
    )
    # Too short to stand alone: the original, and no rule is said to have fired.
    assert trim("It fell, the company said.", shipped_select()) == ("It fell, the company said.", ())
    assert compress("It fell 5%, the company said.", compress_min_words=3) == "It fell 5%."


def test_every_rule_has_a_name_the_config_accepts():
    assert set(RULES) == set(typing.get_args(CompressRule)) and len(RULES) == len(set(RULES))


EXAMPLES = {
    "dateline": "WASHINGTON -- The agency confirmed that 400 organizations were hit.",
    "numeric_ticker": "Coinbase joined the index, as did Nintendo (7974.T) in Tokyo on Monday.",
    "currency_conversion": "The attackers demanded $20 million (roughly Rs. 171 crore) to keep quiet.",
    "according_to_end": "Coinbase estimated its costs could reach $400 million, according to a regulatory filing.",
    "according_to_start": "According to Armstrong, the attackers demanded a $20 million ransom.",
    "said_by_end": "Microsoft will cut 9,000 jobs across Xbox and sales, the company said in a statement on Wednesday.",
    "said_name_end": "Acme will cut 9,000 jobs across its sales teams, said Jane Doe, chief executive.",
    "connective_start": "However, the company declined to say how many people would be laid off.",
    "conjunction_start": "But as chatbots improve, the industry needs fewer generalist tutors.",
    "label_start": "Data Breach: On May 15, 2025, Coinbase disclosed a data breach.",
    "concessive_start": "While no fallout has been reported, the breach led some clients to rethink their deals.",
    "commentary_end": "The cut follows a July 2025 restructuring that hit 14% of staff, signaling more change.",
    "aside": "Acme (NYSE: ACME) and Globex (now Gemini) cut 200 jobs in their sales teams on Monday.",
}


def test_each_rule_fires_on_its_example_and_switched_off_leaves_it():
    assert set(EXAMPLES) == set(RULES)
    for rule, text in EXAMPLES.items():
        assert rule in trim(text, shipped_select())[1], rule
        assert compress(text) != compress(text, compress_off=(rule,)), rule


def test_datelines_without_a_place_or_with_a_state_abbreviation_are_trimmed():
    settings = shipped_select()
    assert trim("April 22 (Reuters) - UnitedHealth said on Monday that files were taken.", settings)[0] == (
        "UnitedHealth said on Monday that files were taken."
    )
    assert trim("SWANNANOA, N.C. — Rescuers fanned out across the mountains.", settings)[0] == (
        "Rescuers fanned out across the mountains."
    )
    assert (
        trim("— Hurricane Helene made landfall in Florida.", settings)[0]
        == "Hurricane Helene made landfall in Florida."
    )
    assert trim("The storm — a big one — hit the coast of Florida.", settings)[0] == (
        "The storm — a big one — hit the coast of Florida."
    )
