"""Baseline summaries, cut to the word budget: lead, sumy's classics and zero-shot.

* ``lead``: the first sentence of every article, then the second of every
  article, and so on (round-robin in load order) - the classic news baseline.
* ``lexrank``: Erkan & Radev (2004), "LexRank: Graph-based Lexical Centrality as
  Salience in Text Summarization", via ``sumy.summarizers.lex_rank``.
* ``textrank``: Mihalcea & Tarau (2004), "TextRank: Bringing Order into Texts",
  via ``sumy.summarizers.text_rank``.
* ``lsa``, ``luhn``, ``kl``, ``sumbasic``: sumy's other classic summarizers
  (Steinberger & Jezek 2004; Luhn 1958; Haghighi & Vanderwende 2009; Nenkova &
  Vanderwende 2005). With the two above they are the "topical" reference points
  of the dev drops' BASELINES.md: each sees only the sentences that contain one of
  the theme's keywords (:func:`topical_paragraphs`).

* ``zero-shot`` (:func:`zero_shot_summaries`): the dev drops' BASELINES.md
  embedding baseline, what a user builds in an afternoon with MiniLM: each
  sentence goes to its most similar theme, ranked by that similarity plus its
  centrality among the theme's sentences, redundant ones skipped.

LexRank and TextRank rank the theme's own sentences. sumy's ``PlaintextParser``
needs nltk's punkt data, which cannot be downloaded here, so the sentences the
pipeline already split (with syntok) are handed to sumy's document model
directly, with a plain regex word tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from summarize.evaluation.budget import DEFAULT_BUDGET, cut_to_budget

if TYPE_CHECKING:
    from summarize.embed import Embedder

# sumy's six classic summarizers: the field's reference points in BASELINES.md.
CLASSIC_METHODS: tuple[str, ...] = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def lead_summary(articles: Sequence[Sequence[str]], budget: int = DEFAULT_BUDGET) -> tuple[str, ...]:
    """Round-robin lead: sentence 1 of each article, then sentence 2 of each, ...

    Args:
        articles: Each article's sentences in reading order, articles in load order.
        budget: Word budget of the summary.
    Returns:
        The summary lines (one sentence per line), cut to ``budget`` words.
    """
    order: list[str] = []
    depth = max((len(a) for a in articles), default=0)
    for position in range(depth):
        for sentences in articles:
            if position < len(sentences):
                order.append(sentences[position])
    return cut_to_budget(order, budget)


class _WordTokenizer:
    """The ``to_words`` interface sumy's ``Sentence`` expects (its own needs punkt)."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))

    @staticmethod
    def to_sentences(text: str) -> tuple[str, ...]:  # pragma: no cover - sumy never calls it here
        return (text,)


def _sumy_summarizer(method: str) -> Any:
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.kl import KLSummarizer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.sum_basic import SumBasicSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - sumy is a declared dependency
        raise ImportError("the LexRank/TextRank baselines need sumy: pip install sumy") from exc
    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    if method not in classes:
        raise ValueError(f"Invalid baseline method: {method} (expected one of {', '.join(classes)})")
    summarizer = classes[method](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def ranked_sentences(paragraphs: Sequence[Sequence[str]], method: str) -> tuple[tuple[int, str], ...]:
    """Rank sentences with sumy's LexRank or TextRank.

    Args:
        paragraphs: Sentences grouped by paragraph, in document order.
        method: One of :data:`CLASSIC_METHODS`.
    Returns:
        ``(document position, sentence)`` pairs, best first; ties keep document
        order. A sentence text repeated in the input is ranked once (sumy keys
        its ratings by text).
    Raises:
        ValueError: for an unknown ``method``.
    """
    summarizer = _sumy_summarizer(method)
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = _WordTokenizer()
    seen: set[str] = set()
    blocks = []
    for paragraph in paragraphs:
        sentences = []
        for text in paragraph:
            text = " ".join(text.split())
            if text and text not in seen:
                seen.add(text)
                sentences.append(Sentence(text, tokenizer))
        if sentences:
            blocks.append(Paragraph(sentences))
    document = ObjectDocumentModel(blocks)
    if not document.sentences:
        return ()
    ranked: list[Any] = []

    def keep_all(infos: list[Any]) -> list[Any]:
        # sumy hands the "how many" callable every sentence sorted best first.
        ranked.extend(infos)
        return infos

    summarizer(document, keep_all)
    return tuple((info.order, str(info.sentence)) for info in ranked)


def ranked_summary(paragraphs: Sequence[Sequence[str]], method: str, budget: int = DEFAULT_BUDGET) -> tuple[str, ...]:
    """A LexRank or TextRank summary of ``budget`` words, in document order.

    The best-ranked sentences are taken until the budget is reached; the last
    one taken (the lowest ranked) is the one cut short, then the choice is put
    back in document order, as sumy does.

    Args:
        paragraphs: The theme's sentences grouped by paragraph, in document order.
        method: ``"lexrank"`` or ``"textrank"``.
        budget: Word budget of the summary.
    Returns:
        The summary lines; empty when there are no sentences.
    Raises:
        ValueError: for an unknown ``method``.
    """
    chosen: list[tuple[int, str]] = []
    left = budget
    for order, text in ranked_sentences(paragraphs, method):
        words = text.split()
        chosen.append((order, " ".join(words[:left])))
        left -= min(left, len(words))
        if left == 0:
            break
    chosen.sort()
    return cut_to_budget((text for _, text in chosen), budget)


def topical_paragraphs(paragraphs: Sequence[Sequence[str]], keywords: Sequence[str]) -> list[list[str]]:
    """The sentences containing one of ``keywords`` (case-insensitive), grouped as given.

    Args:
        paragraphs: Sentences grouped by paragraph, in document order.
        keywords: The theme's keywords.
    Returns:
        The same grouping with other sentences removed and empty groups dropped.
    """
    needles = [k.lower() for k in keywords if k.strip()]
    kept = [[s for s in group if any(n in s.lower() for n in needles)] for group in paragraphs]
    return [group for group in kept if group]


def theme_query(theme: Any) -> str:
    """The text a theme is embedded as in the zero-shot baseline: description, then keywords.

    Args:
        theme: Anything with ``description`` and ``keywords``.
    Returns:
        ``description + " " + ", ".join(keywords)``, as BASELINES.md defines it.
    """
    return f"{theme.description} {', '.join(theme.keywords)}"


def zero_shot_summaries(
    sentences: Sequence[str],
    themes: Sequence[Any],
    embedder: Embedder,
    budget: int = DEFAULT_BUDGET,
    *,
    floor: float = 0.2,
    redundancy: float = 0.8,
    words: tuple[int, int] = (5, 80),
) -> dict[str, tuple[str, ...]]:
    """The zero-shot embedding baseline of the dev drops' BASELINES.md, one summary per theme.

    Each sentence of ``words[0]``-``words[1]`` words goes to the theme whose
    :func:`theme_query` it is most similar to (cosine), if that cosine is at least
    ``floor``. A theme's sentences are ranked by that cosine plus their mean cosine to
    the theme's other sentences (0 for a lone sentence), and taken best first, skipping
    any whose cosine to one already taken exceeds ``redundancy``, to ``budget`` words.

    Args:
        sentences: The drop's sentences, in document order (ties in rank keep it).
        themes: Objects with ``name``, ``description`` and ``keywords``.
        embedder: Maps texts to L2-normalised rows (MiniLM in BASELINES.md).
        budget: Word budget of each summary.
        floor: Least cosine for a sentence to join a theme.
        redundancy: A sentence more similar than this to one taken is skipped.
        words: Inclusive bounds on a sentence's word count.
    Returns:
        Theme name -> summary lines in rank order (empty for a theme no sentence joined).
    """
    out: dict[str, tuple[str, ...]] = {t.name: () for t in themes}
    texts = [" ".join(s.split()) for s in sentences]
    texts = [t for t in texts if words[0] <= len(t.split()) <= words[1]]
    if not texts or not themes:
        return out
    vectors = np.asarray(embedder.encode(texts), dtype=np.float64)
    similarity = vectors @ np.asarray(embedder.encode([theme_query(t) for t in themes]), dtype=np.float64).T
    best = similarity.argmax(axis=1)
    for column, theme in enumerate(themes):
        members = [i for i in range(len(texts)) if best[i] == column and similarity[i, column] >= floor]
        if not members:
            continue
        among = vectors[members] @ vectors[members].T
        others = max(len(members) - 1, 1)
        centrality = (among.sum(axis=1) - np.diag(among)) / others
        rank = sorted(range(len(members)), key=lambda k: (-(similarity[members[k], column] + centrality[k]), k))
        taken: list[int] = []
        count = 0
        for k in rank:
            if any(among[k, j] > redundancy for j in taken):
                continue
            taken.append(k)
            count += len(texts[members[k]].split())
            if count >= budget:
                break
        out[theme.name] = cut_to_budget((texts[members[k]] for k in taken), budget)
    return out
