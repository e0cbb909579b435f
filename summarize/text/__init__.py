"""The text layer shared by the stages: how news text writes words, names, numbers and dates.

Stages read text through these modules rather than through each other, so that "what
counts as a word, a name, a number or a date" is decided in one place:

* :mod:`summarize.text.words`: function words, Porter stems, theme keywords in a text;
* :mod:`summarize.text.names`: capitalised words that are names, and those that are not;
* :mod:`summarize.text.numbers`: numbers, percentages and sums of money;
* :mod:`summarize.text.dates`: months and years, and the time a sentence tells of;
* :mod:`summarize.text.sentences`: where a sentence ends, and the order a reader meets them in.
"""
