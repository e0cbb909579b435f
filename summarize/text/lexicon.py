"""Word lists the selection rules read: what makes a sentence lean on the one before it,
what only describes someone a reader has not met yet, what marks a list of things.

Each rule builds its pattern from the lists here, so a word added to a list reaches every
rule that uses it. Lists of words match whole words; lists of phrases are regular
expression fragments (``\\s+`` between words).
"""

from __future__ import annotations

CONNECTIVES = ("However", "But", "And", "So", "Still", "Meanwhile", "Also", "Yet")
"""Linking words that may open a sentence before a pronoun without resolving it ("However, it added ...")."""

PRONOUNS = ("he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its", "them")
"""Pronouns that, opening a sentence, refer to someone or something the sentence before named."""

BACK_NOUNS = ("move", "decision", "step")
"""Nouns that after an opening "The" stand for an action the sentence before told ("The step drew criticism ...")."""

COUNT_NOUNS = ("tally", "toll", "figure", "count")
"""Nouns that after "the" stand for a number the sentence before gave, unless "of ..." names it."""

BACK_TIME_WORDS = ("since",)
"""Words that, ending a sentence, stand for a time the sentence before named ("... the first cut since.")."""

FOLLOWING_OPENERS = (
    r"in\s+the\s+(?:days|weeks|months)\s+(?:that\s+)?(?:followed|after|since)",
    r"(?:days|weeks|months|a\s+(?:day|week|month))\s+later",
    r"since\s+then",
    r"soon\s+after(?:wards?)?\b",
    r"shortly\s+after(?:wards?)?\b",
    r"afterwards?\b",
    r"later,",
    r"then,",
    r"the\s+(?:next|following)\s+(?:day|week|month)",
)
"""Openers (any case) that date a sentence by the time the sentence before it told."""

DESCRIPTION_MODIFIERS = ("new", "revised", "same", "latest")
"""Adjectives that may stand between "the" and a description noun ("the revised plan")."""

DESCRIPTION_NOUNS = (
    "company",
    "companies",
    "firm",
    "startup",
    "exchange",
    "group",
    "giant",
    "platform",
    "business",
    "arrangement",
    "agreement",
    "deal",
    "plan",
    "partnership",
)
"""Nouns that after "the" describe a company or deal an earlier sentence must have named."""

SENTENCE_OPENERS = frozenset(
    "last next earlier later under in on at after before since following this that these those the a an as "
    "with while when now today yesterday however but and meanwhile also its their his her".split()
)
"""Words capitalised only because they open a sentence: not names."""

LIST_MARKERS = (r"includ(?:e|es|ed|ing)", r"such\s+as", r"like", r"namely")
"""Words (any case) that introduce a list of things named ("the haul includes names, addresses and ...")."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Day names, Monday first (``datetime.date.weekday()`` order)."""

NOT_WEEKDAY_BEFORE = ("cyber", "black", "good", "super", "easter", "ash", "holy", "blue", "giving", "bloody")
"""Words that, before a day name, make it a named day rather than a date ("Cyber Monday", "Super Tuesday")."""

DATE_LINE_WORDS = ("published", "updated", "posted", "date", "first published", "last updated", "modified")
"""Words opening a page's date line ("Published On 3 Oct 2024", "Last updated: Tuesday, October 1, 2024")."""

FUTURE_MARKERS = (
    r"will",
    r"would",
    r"shall",
    r"(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|poised|likely)\s+to",
    r"(?:is|are)\s+to",
    r"plans?\s+to",
    r"planned\s+to",
    r"intends?\s+to",
    r"upcoming",
)
"""What makes a clause tell of the future, so a bare day name in it is the coming one ("will vote Thursday")."""

FORECAST_MARKERS = (
    r"(?:is|are|was|were)\s+(?:expected|forecast|predicted|projected|likely)\s+to",
    r"(?:could|(?-i:may)|might|will|would)(?!\s+have\b)",
    r"threaten(?:s|ed)?\s+to",
    r"(?:forecasters?\s+)?(?:warned|warns|feared|fears|predicted|predicts)",
)
"""What makes a sentence a forecast or expectation ("is expected to trigger", "could create"),
not a report of what happened ("may have" is a guess about the past, not a forecast; "May" is a month)."""

PRESENT_MARKERS = (r"is", r"are", r"has", r"have", r"says", r"say", r"will", r"remains?", r"continues?")
"""What makes a main clause tell of the story's present ("Optum has been providing daily updates"):
its subject is part of the story now, not an earlier event."""
