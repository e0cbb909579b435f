"""Select stage: choose a theme's summary sentences within the word budget, then order them.

Two selectors:

* ``coverage`` (default): concept coverage in the manner of Gillick & Favre
  (2009, "A scalable global model for summarization"): concepts are stemmed
  content-word bigrams, each weighted by how many *independent* sources of the
  theme mention it; a greedy pass adds the sentence with the best
  ``new-concept weight / length * (salience_floor + salience)``, so facts most
  sources agree on come first and a fact already covered earns nothing again.
* ``mmr``: Maximal Marginal Relevance (Carbonell & Goldstein, 1998) over salience
  and embedding similarity.

Both skip sentences that open with a pronoun whose referent (the previous
sentence of the same paragraph) is not selected, and sentences carrying the
minority figure of a detected conflict. Selected sentences are ordered by event
time (a month/year they mention, else the article date) where known, keeping
salience order for the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from summarize.text.dates import MONTH_DATE as _MONTH_RE
from summarize.text.dates import YEAR as _YEAR_RE
from summarize.text.dates import event_time
from summarize.text.names import CAPITALISED as _CAPITALISED
from summarize.text.names import NOT_NAMES, name_of, name_words
from summarize.text.names import SENTENCE_OPENERS as _OPENERS
from summarize.text.words import STOPWORDS, stems
from summarize.types import Key, Scored, Sentence

_PRONOUN_START = re.compile(
    r"^[\"“‘']?(?:(?:However|But|And|So|Still|Meanwhile|Also|Yet),?\s+)?"
    r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]hem|[Tt]he\s+(?:move|decision|step))\b"
)
# "the tally is based on traces ...": a count the sentence before gave.
_BACK_NOUN = re.compile(r"\b[Tt]he\s+(?:tally|toll|figure|count)\b(?!\s+of\b)")

# "... the first cut confirmed since.": since the time the sentence before named.
_SINCE_END = re.compile(r"\bsince[.!?]?[\"”’']?\s*$", re.IGNORECASE)


def leans_on_previous(text: str) -> bool:
    """True when the sentence needs the one before it: it opens with a pronoun ("It said ...",
    "The move ..."), refers to a count it does not give ("the tally") or ends on "since"."""
    return bool(_PRONOUN_START.search(text) or _BACK_NOUN.search(text) or _SINCE_END.search(text))


def word_count(text: str) -> int:
    return len(text.split())


def dangling(sentence: Sentence, chosen: set[Key], previous: Mapping[Key, Key] | None = None) -> bool:
    """True when the sentence leans on its predecessor (:func:`leans_on_previous`) and that is not chosen.

    Args:
        sentence: The candidate.
        chosen: Keys already selected.
        previous: Predecessors (:func:`summarize.stages.sentences.previous_sentences`); default the previous
            sentence of the same paragraph.
    """
    if not leans_on_previous(sentence.text):
        return False
    return _referent(sentence, previous) not in chosen


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]|‘[^’]*’")


def concepts(text: str) -> frozenset[str]:
    """The units of coverage: stemmed bigrams with at least one content word, plus
    each figure on its own ("#10,000"), so two wordings of one number are one fact."""
    words = stems(text)
    bigrams = {f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in STOPWORDS and b in STOPWORDS)}
    figures = {"#" + f.rstrip(".,") for f in _FIGURE.findall(text)}
    return frozenset(bigrams | figures)


_NAME_OR_FIGURE = re.compile(r"\d|(?<=\s)[\"“‘(]?[A-Z][\w'’.&-]+")
# "data includes names, addresses, email addresses and masked Social Security numbers": what
# was taken, cut or bought, listed, however plainly it is worded.
_LIST = re.compile(
    r"\b(?:includ(?:e|es|ed|ing)|such\s+as|like|namely)\s+(?:\w+\s+){0,2}\w+(?:,\s+(?:\w+\s+){0,2}\w+)+,?\s+(?:and|or)\s+\w+",
    re.IGNORECASE,
)


def generic(text: str, names: frozenset[str] = frozenset()) -> bool:
    """True when the sentence names nothing: no figure, no capitalised word after the first
    (unless the first word is one of ``names``, :func:`summarize.stages.themes.name_words`)
    and no list of three or more things ("includes names, addresses and ...").

    "Profitability will be another key metric." could stand in any story; a summary
    sentence should carry who, what or how many. "Coinbase confirmed that names and
    addresses were taken" names its company in the first word.
    """
    stripped = text.strip()
    words = stripped.split()
    if words and name_of(words[0]) in names:
        return False
    return not (_NAME_OR_FIGURE.search(stripped) or _LIST.search(stripped))


def mostly_quote(text: str) -> bool:
    """True when more than half of the sentence is inside quotation marks (or it opens with one)."""
    stripped = text.strip()
    if stripped[:1] in '"“‘':
        return True
    quoted = sum(len(m) for m in _QUOTED.findall(stripped))
    return quoted > len(stripped) / 2


def select_coverage(
    ranked: Sequence[Scored],
    texts: Mapping[tuple[str, int, int], str],
    sources: Mapping[tuple[str, int, int], frozenset[str]],
    budget: int,
    *,
    salience_floor: float = 0.5,
    length_exponent: float = 1.0,
    min_concept_sources: int = 2,
    max_candidates: int = 200,
    exclude: frozenset[tuple[str, int, int]] = frozenset(),
    similarity: np.ndarray | None = None,
    redundancy: float = 1.0,
    restatement: float = 1.0,
    min_salience: float = 0.0,
    skip_quotes: bool = False,
    skip_generic: bool = False,
    round_digits: int = 6,
    previous: Mapping[Key, Key] | None = None,
    require_time: bool = False,
) -> tuple[Sentence, ...]:
    """Greedy concept-coverage selection.

    Args:
        ranked: The theme's sentences with salience, best first.
        texts: The text to use for each sentence (compressed), by key.
        sources: The independent sources carrying each sentence, by key.
        budget: Maximum total words.
        salience_floor: Gain per word is multiplied by ``salience_floor + salience``
            (salience normalised to the theme's best), so salience breaks ties
            between equally new facts without rewarding repetition.
        length_exponent: Gain is divided by length ** this.
        min_concept_sources: Concepts from fewer independent sources weigh nothing
            (relaxed to 1 when the theme has fewer than 3 sources).
        max_candidates: Only the best-ranked sentences are considered.
        exclude: Keys never to select (minority figures of conflicts).
        similarity: Cosine similarity between the ranked sentences (rows follow ``ranked``).
        redundancy: A candidate at least this similar to a chosen sentence is a paraphrase and skipped.
        restatement: A candidate whose figures and months are all in one chosen sentence and
            that is at least this similar to it restates that fact in other words, and is skipped;
            a chosen sentence that a chosen one this similar states and extends (all its figures
            and months and more) is dropped, and the selection made again without it.
        skip_quotes: Leave out sentences that are mostly a quotation.
        skip_generic: Leave out sentences that name nothing (:func:`generic`).
        min_salience: Leave out sentences whose salience is below this share of the theme's best.
        round_digits: Values are rounded before comparing, for batch-independent ties.
        previous: Predecessors for the dangling-pronoun rule (:func:`summarize.stages.sentences.previous_sentences`).
        require_time: A summary should say when: if no selected sentence names a month but a
            candidate does, select again starting from the best such candidate.
    Returns:
        Selected sentences in selection order.
    """
    rows = {s.sentence.key: i for i, s in enumerate(ranked)}
    top_score = max((s.score for s in ranked), default=0.0)
    names = name_words(texts[s.sentence.key] for s in ranked[:max_candidates]) if skip_generic else frozenset()
    pool = [
        s
        for s in ranked[:max_candidates]
        if s.sentence.key not in exclude
        and not (skip_quotes and mostly_quote(texts[s.sentence.key]))
        and not (skip_generic and generic(texts[s.sentence.key], names))
        and s.score >= min_salience * top_score
    ]
    if not pool or budget <= 0:
        return ()
    # Concept weights come from every candidate, eligible or not: a quotation or a
    # minority-figure sentence still shows which facts the sources report.
    candidates = ranked[:max_candidates]
    all_sources = {g for s in candidates for g in sources.get(s.sentence.key, frozenset())}
    floor = min_concept_sources if len(all_sources) >= 3 else 1
    carriers: dict[str, set[str]] = {}
    for s in candidates:
        for concept in concepts(texts[s.sentence.key]):
            carriers.setdefault(concept, set()).update(sources.get(s.sentence.key, frozenset()))
    units = [concepts(texts[s.sentence.key]) for s in pool]
    # A figure only one source gives is not yet a fact the theme agrees on; a sentence
    # packed with such figures (a table of results) must not win on them alone.
    weight = {c: len(g) for c, g in carriers.items() if len(g) >= (max(2, floor) if c[0] == "#" else floor)}
    top = max(s.score for s in pool) or 1.0
    covered: set[str] = set()

    # The facts a restatement test compares: figures, and the months that date them
    # ("In May, it said it would cut 6,000 jobs" adds a date to "it cut 6,000 jobs").
    figures = [
        frozenset(c for c in unit if c[0] == "#") | {m.group(1) for m in _MONTH_RE.finditer(texts[s.sentence.key])}
        for s, unit in zip(pool, units)
    ]

    subsumed: set[int] = set()

    def value(i: int, chosen: list[int]) -> float | None:
        s = pool[i]
        if i in subsumed:
            return None
        if similarity is not None and chosen:
            row = rows[s.sentence.key]
            for j in chosen:
                cosine = similarity[row, rows[pool[j].sentence.key]]
                if cosine >= redundancy or (figures[i] <= figures[j] and cosine >= restatement):
                    return None
        gain = sum(weight.get(c, 0) for c in units[i] - covered)
        # Salience scales the gain rather than adding to it: a sentence whose facts
        # are already covered earns nothing, however central it is.
        score = gain / word_count(texts[s.sentence.key]) ** length_exponent * (salience_floor + s.score / top)
        return score if score > 0 else None

    def chose(i: int) -> None:
        covered.update(units[i])

    def restart() -> None:
        covered.clear()

    index = {s.sentence.key: i for i, s in enumerate(pool)}
    while True:
        picked = _greedy(pool, texts, budget, value, chose, round_digits, previous, restart if require_time else None)
        if similarity is None:
            return picked  # no similarity, no restatement test either way
        # The test the other way round: a chosen sentence whose figures and months a similar
        # chosen sentence states and extends says less of the same fact ("... threatened to
        # publish it unless the company paid a $20 million ransom" beside "Hackers stole the
        # data of nearly 100,000 users ... and demanded a ransom of 20 million US dollars"), so
        # the selection is made again without it, and its words go to another fact.
        fuller = {
            index[a.key]
            for a in picked
            for b in picked
            if figures[index[a.key]] < figures[index[b.key]] and similarity[rows[a.key], rows[b.key]] >= restatement
        }
        if not fuller:
            return picked
        subsumed.update(fuller)
        restart()


def select_mmr(
    ranked: Sequence[Scored],
    vectors: Callable[[Sequence[Sentence]], np.ndarray],
    budget: int,
    mmr_lambda: float,
    *,
    texts: Mapping[tuple[str, int, int], str] | None = None,
    exclude: frozenset[tuple[str, int, int]] = frozenset(),
    round_digits: int = 6,
    previous: Mapping[Key, Key] | None = None,
    require_time: bool = False,
) -> tuple[Sentence, ...]:
    """Choose sentences by MMR until the word budget is spent.

    Args:
        ranked: Sentences with salience, best first.
        vectors: Normalised embeddings for sentences.
        budget: Maximum total words.
        mmr_lambda: 1.0 picks by salience only; lower values favour novelty.
        texts: The text to use for each sentence (compressed), by key; default the sentence.
        exclude: Keys never to select.
        round_digits: Rounding of MMR scores before comparing (batch-independent ties).
        previous: Predecessors for the dangling-pronoun rule (:func:`summarize.stages.sentences.previous_sentences`).
        require_time: As in :func:`select_coverage`.
    Returns:
        Selected sentences in selection order; a sentence that would overrun the
        budget is skipped in favour of a shorter one that fits.
    """
    pool = [s for s in ranked if s.sentence.key not in exclude]
    if not pool or budget <= 0:
        return ()
    texts = texts or {s.sentence.key: s.sentence.text for s in pool}
    matrix = vectors([s.sentence for s in pool]).astype(np.float64)
    similarity = matrix @ matrix.T
    top = max(s.score for s in pool) or 1.0
    dropped: set[int] = set()

    def value(i: int, chosen: list[int]) -> float | None:
        if i in dropped:
            return None
        redundancy = max((similarity[i, j] for j in chosen), default=0.0)
        return mmr_lambda * pool[i].score / top - (1 - mmr_lambda) * redundancy

    def chose(i: int) -> None:
        # Near-copies of a chosen sentence can never add content.
        dropped.update(j for j in range(len(pool)) if similarity[i, j] > 0.92)

    def restart() -> None:
        dropped.clear()

    return _greedy(pool, texts, budget, value, chose, round_digits, previous, restart if require_time else None)


def _greedy(
    pool: Sequence[Scored],
    texts: Mapping[tuple[str, int, int], str],
    budget: int,
    value: Callable[[int, list[int]], float | None],
    chose: Callable[[int], None],
    round_digits: int,
    previous: Mapping[Key, Key] | None = None,
    restart: Callable[[], None] | None = None,
    first: Callable[[str], bool] | None = None,
) -> tuple[Sentence, ...]:
    """Add the best-valued sentence that fits the budget until none does.

    ``value(i, chosen)`` scores candidate ``i`` (None = not eligible); values are
    rounded before comparing so ties fall to the earlier (better-ranked) sentence
    whatever the batch. Dangling pronoun sentences are never eligible, nor, for the
    first pick, texts that ``first`` rejects.

    With ``restart`` (which resets what ``chose`` recorded), a selection that names no
    month while some candidate does is made again with a dated sentence as the first
    pick: "when" is one of the facts a summary owes its reader, and the sentences
    that say it often tell the background (a patch that failed in July, a bug shown in
    May) that coverage alone ranks below one more count of victims.
    """
    chosen: list[int] = []
    chosen_keys: set[tuple[str, int, int]] = set()
    used = 0
    while True:
        best, best_value = None, -math.inf
        for i, s in enumerate(pool):
            if i in chosen or dangling(s.sentence, chosen_keys, previous):
                continue
            if used + word_count(texts[s.sentence.key]) > budget:
                continue
            if first is not None and not chosen and not first(texts[s.sentence.key]):
                continue
            v = value(i, chosen)
            if v is None:
                continue
            v = round(v, round_digits)
            if v > best_value:
                best, best_value = i, v
        if best is None:
            break
        chosen.append(best)
        chosen_keys.add(pool[best].sentence.key)
        used += word_count(texts[pool[best].sentence.key])
        chose(best)
    picked = tuple(pool[i].sentence for i in chosen)
    if restart is None or any(_dated(texts[s.key]) for s in picked):
        return picked
    if not any(_dated(texts[s.sentence.key]) for s in pool):
        return picked
    restart()
    return _greedy(pool, texts, budget, value, chose, round_digits, previous, first=_dated) or picked


def _dated(text: str) -> bool:
    return _MONTH_RE.search(text) is not None


def _referent(sentence: Sentence, previous: Mapping[Key, Key] | None = None) -> Key | None:
    if previous is not None:
        return previous.get(sentence.key)
    return (sentence.article, sentence.paragraph, sentence.index - 1) if sentence.index > 0 else None


# An opener that dates a sentence by the one before it: "In the weeks that followed, Wang
# joined Meta" happened after the June deal its article has just told.
_FOLLOWS = re.compile(
    r"^[\"“‘']?(?:in\s+the\s+(?:days|weeks|months)\s+(?:that\s+)?(?:followed|after|since)|"
    r"(?:days|weeks|months|a\s+(?:day|week|month))\s+later|since\s+then|soon\s+after(?:wards?)?\b|"
    r"shortly\s+after(?:wards?)?\b|afterwards?\b|later,|then,|the\s+(?:next|following)\s+(?:day|week|month))",
    re.IGNORECASE,
)


# "the company", "the new arrangement": a description whose referent an earlier sentence named.
_DEFINITE = re.compile(
    r"\bthe\s+(?:new\s+|revised\s+|same\s+|latest\s+)?"
    r"(?:company|companies|firm|startup|exchange|group|giant|platform|business|arrangement|agreement|deal|plan|partnership)\b",
    re.IGNORECASE,
)


def unresolved_reference(text: str) -> bool:
    """True when the sentence refers back by description before naming anyone: "Last week,
    the company announced ..." or "Under the new arrangement, Microsoft will ..." cannot
    open a summary, since the reader has not met the company or the arrangement."""
    definite = _DEFINITE.search(text)
    if definite is None or re.match(r"\s+[A-Z]", text[definite.end() :]):
        return False  # none, or "the startup Scale AI": named on the spot
    start = len(text) - len(text.lstrip("\"“‘' "))
    for name in _CAPITALISED.finditer(text, 0, definite.start()):
        word = name.group(0).rstrip(".'’").lower()
        if word not in NOT_NAMES and not (name.start() == start and word in _OPENERS):
            return False
    return True


def narrative_times(sentences: Sequence[Sentence]) -> dict[Key, tuple[int, int]]:
    """The time each sentence's article has reached when it is read: the last month/year
    named at or before it (a month without a year takes the article's most named year).

    Args:
        sentences: The drop's sentences in reading order.
    Returns:
        Sentence key -> (year, month); sentences before any named time are absent.
    """
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article, []).append(sentence)
    out: dict[Key, tuple[int, int]] = {}
    for rows in by_article.values():
        years = [int(y) for s in rows for y in _YEAR_RE.findall(s.text)]
        default_year = max(sorted(set(years)), key=years.count) if years else None
        now = None
        for sentence in rows:
            now = event_time(sentence.text, default_year) or now
            if now is not None:
                out[sentence.key] = now
    return out


def _article_time(date: str) -> tuple[int, int] | None:
    match = re.match(r"((?:19|20)\d\d)-(\d\d)", date or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def order(
    selected: Sequence[Sentence],
    dates: Mapping[str, str] | None = None,
    previous: Mapping[Key, Key] | None = None,
    narrative: Mapping[Key, tuple[int, int]] | None = None,
) -> tuple[Sentence, ...]:
    """Reading order: sentences with a known time sorted by it, in the slots dated
    sentences held; sentences with none keep their place.

    A sentence naming no time takes its article's date, else the time its article
    has reached (``narrative``: "Coinbase estimates the cost ..." told after the May 15
    disclosure), and in the second case goes after the sentences that name that time.
    One opening "In the weeks that followed" takes the time its article has reached
    first. A pronoun-led sentence follows its predecessor; a summary never starts with
    a dangling pronoun, such an opener, or a description of someone not yet named
    (:func:`unresolved_reference`) while another sentence can.

    Args:
        selected: Sentences in selection (salience) order.
        dates: Article id -> ISO date, when the drop gives dates.
        previous: Predecessors (:func:`summarize.stages.sentences.previous_sentences`); default the previous
            sentence of the same paragraph.
        narrative: The time each sentence's article has reached (:func:`narrative_times`).
    Returns:
        The same sentences, reordered.
    """
    dates = dates or {}
    narrative = narrative or {}
    years = [t[0] for s in selected if (t := event_time(s.text)) is not None]
    default_year = max(set(years), key=years.count) if years else None
    times: list[tuple[int, int] | None] = []
    later: list[int] = []  # 1 = dated only by what its article told before it
    for sentence in selected:
        when = event_time(sentence.text, default_year)
        follows = when is None and _FOLLOWS.search(sentence.text) is not None and sentence.key in narrative
        if follows:
            when = narrative[sentence.key]
        if when is None and not follows and _MONTH_RE.search(sentence.text) and sentence.key in narrative:
            # It names a month, but no selected sentence gives a year: its article's year
            # ("On May 8th" in a 2025 story), so it still names its own time.
            when = narrative[sentence.key]
        when = when or _article_time(dates.get(sentence.article, ""))
        # Undated, in an undated article: the time its article has reached.
        inferred = when is None and sentence.key in narrative
        if inferred:
            when = narrative[sentence.key]
        times.append(when)
        later.append(int(follows or inferred))
    slots = [i for i, t in enumerate(times) if t is not None]
    dated = sorted(slots, key=lambda i: (times[i], later[i], i))
    placed = list(selected)
    for slot, source in zip(slots, dated):
        placed[slot] = selected[source]
    # A pronoun-led sentence goes right after its referent (the sentence read before it).
    keys = {s.key for s in placed}
    followers = {_referent(s, previous): s for s in placed if leans_on_previous(s.text)}
    result: list[Sentence] = []
    done: set[tuple[str, int, int]] = set()
    for sentence in placed:
        waiting = leans_on_previous(sentence.text) and _referent(sentence, previous) in keys - done
        if sentence.key in done or waiting:
            continue
        while sentence is not None and sentence.key not in done:
            result.append(sentence)
            done.add(sentence.key)
            sentence = followers.get(sentence.key)

    def leans_back(text: str) -> bool:
        return bool(leans_on_previous(text) or _FOLLOWS.search(text) or unresolved_reference(text))

    if result and leans_back(result[0].text):
        first = next((i for i, s in enumerate(result) if not leans_back(s.text)), None)
        if first is not None:
            result.insert(0, result.pop(first))
    return tuple(result)
