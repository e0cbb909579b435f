"""The text layer shared by the stages: how news text writes numbers and sums of money.

Stages read figures from here rather than from each other, so that "what counts as
a number" is decided in one place (:mod:`summarize.text.numbers`).
"""
