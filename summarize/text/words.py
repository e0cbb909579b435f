"""Words as the stages compare them: function words, and Porter-stemmed tokens.

:data:`STOPWORDS` is the list the attribute, select and conflicts stages (and the
evaluation's ordering check) skip when they compare content words. :func:`stems`
is the one tokenizer and stemmer the themes, select, conflicts and attribute stages
compare words with, so "layoff" meets "layoffs" the same way in each of them;
:func:`keywords_in` and :func:`keyword_hits` find a theme's keywords in stemmed text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

STOPWORDS = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been it its this that "
    "these those he she they we i you his her their our has have had will would said says also than "
    "into over after before about more most which who whom what when where while not no".split()
)
"""Function words (and "said", "says", "also") that carry no content of their own."""

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=1)
def _porter():
    # nltk's Porter stemmer needs no downloaded data (unlike its tokenizers).
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _porter().stem(word)


def stems(text: str) -> tuple[str, ...]:
    """Lower-cased, Porter-stemmed word tokens (hyphens split)."""
    return tuple(_stem(w) for token in _TOKEN.findall(text.lower()) for w in token.split("-"))


def keywords_in(text_stems: Sequence[str], keywords: Sequence[str]) -> frozenset[str]:
    """The keywords (single words or phrases) that occur in the stemmed text, stemmed:
    "leak" and "leaks" are one."""
    joined = f" {' '.join(text_stems)} "
    return frozenset(phrase for k in keywords if (phrase := " ".join(stems(k))) and f" {phrase} " in joined)


def keyword_hits(text_stems: Sequence[str], keywords: Sequence[str]) -> int:
    """How many distinct keywords (single words or phrases) occur in the stemmed text."""
    return len(keywords_in(text_stems, keywords))
