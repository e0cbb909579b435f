"""The greedy extractive oracle: the ceiling for summaries made of source sentences.

Following Nallapati et al. (2017, SummaRuNNer) and BASELINES.md: source
sentences are added one at a time, each time the one that most raises
ROUGE-1 F1 + ROUGE-2 F1 against the reference, until no sentence raises it or
the word budget is full (the last sentence may be cut to fit, as every system's
summary is).

Why not score each candidate through the project's ``evaluate`` metric: the
search scores thousands of candidate summaries, one ``evaluate`` call each
would take minutes. The search therefore uses rouge-score's own tokenizer and
its n-gram F1 formula (the same numbers, computed incrementally); the chosen
summary is then scored like every other system.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from summarize.evaluation.budget import DEFAULT_BUDGET

Tokenize = Callable[[str], list[str]]


def rouge_tokenizer(use_stemmer: bool = True) -> Tokenize:
    """rouge-score's default tokenizer (lower-case, alphanumeric, Porter stemmer)."""
    from rouge_score import tokenizers

    return tokenizers.DefaultTokenizer(use_stemmer=use_stemmer).tokenize


def _bigrams(tokens: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(tokens, tokens[1:], strict=False))


def _f1(overlap: int, predicted: int, target: int) -> float:
    # rouge_score.rouge_scorer._score_ngrams + scoring.fmeasure
    precision = overlap / max(predicted, 1)
    recall = overlap / max(target, 1)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


class _Summary:
    """Running n-gram counts of the summary built so far, for incremental scoring."""

    def __init__(self, reference: Sequence[str]) -> None:
        self.ref1: Counter[str] = Counter(reference)
        self.ref2 = _bigrams(reference)
        self.n_ref1 = len(reference)
        self.n_ref2 = max(len(reference) - 1, 0)
        self.tokens: list[str] = []
        self.cur1: Counter[str] = Counter()
        self.cur2: Counter[tuple[str, str]] = Counter()
        self.overlap1 = 0
        self.overlap2 = 0

    def _added(self, tokens: Sequence[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
        add2 = _bigrams(tokens)
        if self.tokens and tokens:
            add2[(self.tokens[-1], tokens[0])] += 1
        return Counter(tokens), add2

    def _gain(self, ref: Counter, cur: Counter, add: Counter) -> int:
        return sum(min(ref[g], cur[g] + n) - min(ref[g], cur[g]) for g, n in add.items() if g in ref)

    def score_with(self, tokens: Sequence[str]) -> float:
        """ROUGE-1 F1 + ROUGE-2 F1 of the summary with ``tokens`` appended."""
        add1, add2 = self._added(tokens)
        total = len(self.tokens) + len(tokens)
        r1 = _f1(self.overlap1 + self._gain(self.ref1, self.cur1, add1), total, self.n_ref1)
        r2 = _f1(self.overlap2 + self._gain(self.ref2, self.cur2, add2), max(total - 1, 0), self.n_ref2)
        return r1 + r2

    def append(self, tokens: Sequence[str]) -> None:
        add1, add2 = self._added(tokens)
        self.overlap1 += self._gain(self.ref1, self.cur1, add1)
        self.overlap2 += self._gain(self.ref2, self.cur2, add2)
        self.cur1.update(add1)
        self.cur2.update(add2)
        self.tokens.extend(tokens)


def oracle_summary(
    candidates: Sequence[str],
    reference: Sequence[str],
    budget: int = DEFAULT_BUDGET,
    tokenize: Tokenize | None = None,
) -> tuple[str, ...]:
    """Greedily pick source sentences maximising ROUGE-1 + ROUGE-2 F1.

    Args:
        candidates: Source sentences, in document order (ties go to the earlier one).
        reference: The reference summary, one sentence per item.
        budget: Word budget (whitespace words); the last pick may be cut to fit.
        tokenize: ROUGE tokenizer; default rouge-score's with the Porter stemmer.
    Returns:
        The chosen sentences in the order they were picked, one per line;
        empty when no sentence shares a word with the reference.
    Raises:
        ValueError: when ``budget`` is below 1.
    """
    if budget < 1:
        raise ValueError(f"Invalid word budget: {budget} (must be at least 1)")
    tokenize = tokenize or rouge_tokenizer()
    words = [c.split() for c in candidates]
    tokens = [tokenize(" ".join(w)) for w in words]
    summary = _Summary(tokenize("\n".join(reference)))
    chosen: list[str] = []
    used: set[str] = set()
    best = 0.0
    left = budget
    while left > 0:
        # (score, full sentence, text as it fits the budget, its tokens)
        pick: tuple[float, str, str, list[str]] | None = None
        for index, sentence_words in enumerate(words):
            full = " ".join(sentence_words)
            if not sentence_words or full in used:
                continue
            if len(sentence_words) > left:
                text = " ".join(sentence_words[:left])
                sentence_tokens = tokenize(text)
            else:
                text, sentence_tokens = full, tokens[index]
            score = summary.score_with(sentence_tokens)
            if score > (pick[0] if pick else best) + 1e-12:
                pick = (score, full, text, sentence_tokens)
        if pick is None:
            break
        best, full, text, sentence_tokens = pick
        used.add(full)
        summary.append(sentence_tokens)
        chosen.append(text)
        left -= len(text.split())
    return tuple(chosen)
