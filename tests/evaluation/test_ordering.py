from types import SimpleNamespace

from summarize.evaluation.oracle import rouge_tokenizer
from summarize.evaluation.ordering import OrderAgreement, describe, order_agreement, reference_lines, system_order

REFERENCE = [
    "Acme disclosed in May that hackers stole customer names and addresses.",
    "The attackers demanded a ransom of $20 million, which Acme refused.",
    "Acme estimated the cost of the breach at up to $400 million.",
]


def test_each_summary_sentence_matches_the_reference_line_it_shares_most_content_words_with():
    tokenize = rouge_tokenizer()
    summary = [
        "The cost of the breach could reach $400 million, Acme estimated.",
        "Hackers stole the names and addresses of customers, Acme disclosed.",
        "Shares of Globex rose on Friday.",  # in no reference line
    ]
    assert reference_lines(summary, REFERENCE, tokenize) == [2, 0, None]


def test_agreement_counts_pairs_told_in_the_references_order():
    tokenize = rouge_tokenizer()
    told = [
        "Hackers stole customer names and addresses, Acme disclosed in May.",
        "Acme refused the attackers' $20 million ransom demand.",
        "Acme estimated the breach cost at up to $400 million.",
    ]
    assert order_agreement(told, REFERENCE, tokenize) == OrderAgreement(3, 3)
    backwards = order_agreement(told[::-1], REFERENCE, tokenize)
    assert backwards == OrderAgreement(0, 3) and backwards.share == 0.0
    # Two sentences on one reference line, or one matching none, make no pair.
    same_line = [told[0], "Acme said hackers stole customer names and addresses.", "Shares of Globex rose."]
    assert order_agreement(same_line, REFERENCE, tokenize) == OrderAgreement(0, 0)
    assert OrderAgreement().share is None
    assert (OrderAgreement(1, 2) + OrderAgreement(2, 2)).share == 0.75


def test_the_systems_agreement_sums_the_pairs_of_every_theme():
    in_order = SimpleNamespace(
        outputs={
            "system": ["Hackers stole customer names, Acme disclosed in May.", "Acme put the cost at $400 million."]
        },
        reference=REFERENCE,
    )
    reversed_ = SimpleNamespace(outputs={"system": in_order.outputs["system"][::-1]}, reference=REFERENCE)
    total = system_order([in_order, in_order, reversed_], rouge_tokenizer())
    assert total == OrderAgreement(2, 3)
    assert describe(total) == "0.67 (2 of 3 pairs)"
