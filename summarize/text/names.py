"""Names as news text writes them: capitalised words that are not there for grammar.

Two readings of "capitalised", for two questions:

* :func:`name_of` asks whether one whitespace token *is* a name: an opening quote or
  bracket may precede it, and it has at least two characters ending in a letter, digit
  or "&" ("(Initech)" -> "initech", "Acme’s" -> "acme"; "A" is none);
* :data:`CAPITALISED` finds every capitalised word *in* a text, wherever it starts a
  word (not after a letter, digit or apostrophe), however short ("I", "U.S.", "Hooli’s").

:data:`NOT_NAMES` are the capitalised words that name no one (months, weekdays,
articles, "AI", "CEO"); :data:`summarize.text.lexicon.SENTENCE_OPENERS` are those capitalised only
because they open a sentence ("Last week, ...", "Under the deal, ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Capitalised words that name no one: months, days, and words any business story uses.
NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the a an in on at of and or for "
    "ai ceo cfo ip us u.s uk eu it its their his her this that these those".split()
)

CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w&'’.-]*")
"""A capitalised word anywhere in a text: "Acme", "U.S.", "Hooli’s", "I"."""

_CAPITALISED_TOKEN = re.compile(r"[\"“‘(]?([A-Z][\w&.-]*[\w&])")
# A run of capitalised words: "Acme Robotics", "Dana Reyes".
_NAME = re.compile(r"\b[A-Z][\w&.-]*[\w&](?:\s+[A-Z][\w&.-]*[\w&])*")


def name_of(token: str) -> str | None:
    """The capitalised word a whitespace token holds, lower-cased and without "'s"; None if none."""
    match = _CAPITALISED_TOKEN.match(token)
    return match.group(1).lower().removesuffix("’s").removesuffix("'s") if match else None


def name_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts capitalise after a sentence's first word: the drop's names ("Globex",
    not "Shares" or "Sources", which are capitalised only where they open a sentence)."""
    return frozenset(n for text in texts for t in text.split()[1:] if (n := name_of(t)) and n not in NOT_NAMES)


def theme_names(description: str) -> tuple[str, ...]:
    """The proper names a theme description gives (companies, people, places, products).

    Capitalised runs ("Acme Robotics", "Dana Reyes", "Globex") without a leading title or
    generic word; months, weekdays and words like "AI" or "CEO" alone are not names.

    Args:
        description: The theme description.
    Returns:
        Lower-cased names, sorted.
    """
    names = set()
    for match in _NAME.finditer(description):
        words = match.group(0).split()
        while words and words[0].lower().rstrip(".") in NOT_NAMES:
            words.pop(0)  # "CEO Dana Reyes" -> "Dana Reyes"; a lone "AI" or "July" -> nothing
        if words:
            names.add(" ".join(words).lower())
    return tuple(sorted(names))


SUBJECT_WORDS = 4
"""How far into a sentence its subject's names may start ("Category 3 Hurricane Idalia struck ...")."""


def subject(text: str, names: frozenset[str]) -> frozenset[str]:
    """The ``names`` a sentence opens with: the first run of them starting within its first
    :data:`SUBJECT_WORDS` words ("Hurricane Idalia made landfall ..." with ``names`` {idalia} ->
    {idalia}; "Helene arrives a year after Idalia ..." -> none)."""
    tokens = text.split()
    out: list[str] = []
    for i, token in enumerate(tokens):
        name = name_of(token)
        if name in names and (out or i < SUBJECT_WORDS):
            out.append(name)
        elif out or i >= SUBJECT_WORDS:
            break
    return frozenset(out)
