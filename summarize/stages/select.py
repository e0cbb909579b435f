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

The rules around them are small named units, as datatrove builds a pipeline from
filters: each is switched on or off by the ``select`` setting of its name and counts
the sentences it acted on (``counts["select"]``). :data:`CANDIDATE_FILTERS` leave a
sentence out of a theme's candidates; :data:`LEANINGS` find a sentence that needs the
one before it (never chosen without it, placed after it, never first); :data:`PAIR_CHECKS`
skip a coverage candidate that says what a chosen sentence says; ``drop_subsumed`` and
``require_time`` make the selection again. :func:`order` dates each sentence by the
first of :data:`TIME_SOURCES` that knows its time, sorts by time and keeps a summary
from opening with a sentence that cannot open it (:data:`OPENING_CHECKS`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from summarize.config import SelectSettings
from summarize.text import lexicon
from summarize.text.dates import MONTH_DATE, YEAR, event_time
from summarize.text.names import CAPITALISED, NOT_NAMES, name_of, name_words
from summarize.text.numbers import figures
from summarize.text.timex import main_clause
from summarize.text.words import STOPWORDS, stems
from summarize.types import Key, Scored, Sentence


class Tally:
    """How often each unit fired: the distinct things (sentences, passes) it acted on."""

    def __init__(self) -> None:
        self._seen: dict[str, set[object]] = {}

    def fire(self, unit: str, what: object) -> None:
        self._seen.setdefault(unit, set()).add(what)

    def counts(self) -> dict[str, int]:
        """Unit name -> count, for every unit of :data:`UNITS` (0 when it never fired)."""
        return {unit: len(self._seen.get(unit, ())) for unit in UNITS}


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(words)


def _either_case(word: str) -> str:
    return f"[{word[0].upper()}{word[0]}]{word[1:]}"


_QUOTE_OPEN = "[\"“‘']?"
_LEAD = rf"^{_QUOTE_OPEN}(?:(?:{_alternatives(lexicon.CONNECTIVES)}),?\s+)?"

# What makes a sentence lean on the one before it, each switched by the setting of its name.
LEANINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "It added ...", "However, they ...": a pronoun whose referent the sentence before named.
    ("referent_pronoun", re.compile(rf"{_LEAD}(?:{_alternatives([_either_case(w) for w in lexicon.PRONOUNS])})\b")),
    # "The step drew criticism ...": an action the sentence before told.
    ("referent_move", re.compile(rf"{_LEAD}[Tt]he\s+(?:{_alternatives(lexicon.BACK_NOUNS)})\b")),
    # "the count excludes ...": a count the sentence before gave.
    ("referent_tally", re.compile(rf"\b[Tt]he\s+(?:{_alternatives(lexicon.COUNT_NOUNS)})\b(?!\s+of\b)")),
    # "... the first cut confirmed since.": since the time the sentence before named.
    (
        "referent_since",
        re.compile(rf"\b(?:{_alternatives(lexicon.BACK_TIME_WORDS)})[.!?]?[\"”’']?\s*$", re.IGNORECASE),
    ),
)


def leans_on_previous(text: str, settings: SelectSettings) -> str | None:
    """The first switched-on unit of :data:`LEANINGS` that finds the sentence needs the one
    before it ("It added ...", "The step ...", "the count", ending on "since"); None if none."""
    return next((name for name, pattern in LEANINGS if getattr(settings, name) and pattern.search(text)), None)


def word_count(text: str) -> int:
    return len(text.split())


def dangling(
    sentence: Sentence, chosen: set[Key], settings: SelectSettings, previous: Mapping[Key, Key] | None = None
) -> str | None:
    """The unit of :data:`LEANINGS` by which the sentence leans on its predecessor, when that is not chosen.

    Args:
        sentence: The candidate.
        chosen: Keys already selected.
        settings: Which leanings are switched on.
        previous: Predecessors (:func:`summarize.text.sentences.previous_sentences`); default the previous
            sentence of the same paragraph.
    Returns:
        The leaning's name, or None when the sentence stands alone or its predecessor is chosen.
    """
    leaning = leans_on_previous(sentence.text, settings)
    return leaning if leaning and _referent(sentence, previous) not in chosen else None


_QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]|‘[^’]*’")


def concepts(text: str) -> frozenset[str]:
    """The units of coverage: stemmed bigrams with at least one content word, plus
    each figure on its own ("#4,500"), so two wordings of one number are one fact."""
    words = stems(text)
    bigrams = {f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in STOPWORDS and b in STOPWORDS)}
    return frozenset(bigrams | {"#" + f for f in figures(text)})


_NAME_OR_FIGURE = re.compile(r"\d|(?<=\s)[\"“‘(]?[A-Z][\w'’.&-]+")
# What was taken, cut or bought, listed after "includes" or "such as", however plainly it is worded.
_LIST = re.compile(
    rf"\b(?:{_alternatives(lexicon.LIST_MARKERS)})\s+(?:\w+\s+){{0,2}}\w+(?:,\s+(?:\w+\s+){{0,2}}\w+)+,?\s+(?:and|or)\s+\w+",
    re.IGNORECASE,
)


def generic(text: str, names: frozenset[str] = frozenset()) -> bool:
    """True when the sentence names nothing: no figure, no capitalised word after the first
    (unless the first word is one of ``names``, :func:`summarize.text.names.name_words`)
    and no list of three or more things ("includes names, addresses and ...").

    "Margins remain a focus for investors." could stand in any story; a summary
    sentence should carry who, what or how many. "Acme confirmed that names and
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


# ---------------------------------------------------------------- candidate filters


@dataclass(frozen=True)
class Candidates:
    """What the candidate filters know of a theme's candidates as a whole."""

    texts: Mapping[Key, str]
    held: Mapping[str, frozenset[Key]]
    names: frozenset[str]
    top_score: float


CandidateFilter = Callable[[Scored, Candidates, SelectSettings], bool]


def conflict_minority(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """It carries the minority figure of a conflict: the summary should give the figure most sources give."""
    return candidate.sentence.key in candidates.held.get("skip_minority", frozenset())


def superseded(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """It forecasts what another candidate, told no earlier, reports as done (:func:`superseded_forecasts`)."""
    return candidate.sentence.key in candidates.held.get("skip_superseded", frozenset())


def stale_value(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """Its only value of a fact that changed over time is earlier than another candidate's: the
    summary should give the latest toll, not a count the story has moved past."""
    return candidate.sentence.key in candidates.held.get("skip_stale", frozenset())


def background(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """Its subject is an event the drop tells only as before the story ("Idalia became a Category 4
    ..." in a Helene drop): background, not this story's news."""
    return candidate.sentence.key in candidates.held.get("skip_background", frozenset())


def unplaced(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """It says "Monday" or "yesterday" and its article's date is unknown: out of the article, nobody can place it."""
    return candidate.sentence.key in candidates.held.get("skip_unplaced", frozenset())


def quotation(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """It is mostly a quotation (:func:`mostly_quote`): quotes carry tone more than facts."""
    return mostly_quote(candidates.texts[candidate.sentence.key])


def names_nothing(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """It names nothing (:func:`generic`): it could stand in any story."""
    return generic(candidates.texts[candidate.sentence.key], candidates.names)


def low_salience(candidate: Scored, candidates: Candidates, settings: SelectSettings) -> bool:
    """Its salience is below ``min_salience`` of the theme's best: too far from the theme's centre."""
    return candidate.score < settings.min_salience * candidates.top_score


# Each leaves a sentence out of the candidates when the setting of its name is on (non-zero).
CANDIDATE_FILTERS: tuple[tuple[str, CandidateFilter], ...] = (
    ("skip_minority", conflict_minority),
    ("skip_stale", stale_value),
    ("skip_unplaced", unplaced),
    ("skip_superseded", superseded),
    ("skip_background", background),
    ("skip_quotes", quotation),
    ("skip_generic", names_nothing),
    ("min_salience", low_salience),
)


# The filters whose sentences are found before selection (``held``): MMR applies them too.
HELD_OUT = ("skip_minority", "skip_stale", "skip_unplaced", "skip_superseded", "skip_background")


def candidate_filters(settings: SelectSettings, method: str) -> tuple[tuple[str, CandidateFilter], ...]:
    """The filters switched on; MMR applies only the conflict filter."""
    on = tuple((name, unit) for name, unit in CANDIDATE_FILTERS if getattr(settings, name))
    return on if method == "coverage" else tuple((n, u) for n, u in on if n in HELD_OUT)


def eligible(
    ranked: Sequence[Scored], candidates: Candidates, settings: SelectSettings, method: str, tally: Tally
) -> list[Scored]:
    """The candidates no switched-on filter leaves out; each filter counts what it left out."""
    units = candidate_filters(settings, method)
    kept = []
    for candidate in ranked:
        reason = next((name for name, unit in units if unit(candidate, candidates, settings)), None)
        if reason is None:
            kept.append(candidate)
        else:
            tally.fire(reason, candidate.sentence.key)
    return kept


_FORECAST = re.compile(rf"\b(?:{_alternatives(lexicon.FORECAST_MARKERS)})\b", re.IGNORECASE)


def forecast(text: str) -> bool:
    """The sentence's main clause tells what is expected, not what happened ("The storm is expected
    to trigger ...", "Forecasters warned it could ..."); "made landfall as forecasters warned it
    could ..." reports the landfall, "said that its review had found files that could ..." a finding."""
    return bool(_FORECAST.search(main_clause(text)))


def superseded_forecasts(
    keys: Sequence[Key],
    texts: Mapping[Key, str],
    similarity: np.ndarray,
    told: Mapping[Key, object],
    threshold: float,
) -> frozenset[Key]:
    """Forecasts the drop reports the outcome of: a forecast with a report (no forecast) at least
    ``threshold`` alike (cosine) that tells of a later day, the way update summarizers drop
    what later news has overtaken. A forecast or report whose day is unknown is never compared:
    two estimates of one cost are alike too, and only time tells an outcome from an estimate.

    Args:
        keys: The candidates, rows and columns of ``similarity``.
        texts: Their texts as a summary would print them.
        similarity: Cosine between the candidates.
        told: The day each candidate tells of (comparable values; None when unknown).
        threshold: How alike a report must be to tell the forecast's outcome.
    Returns:
        The forecasts overtaken.
    """
    reports = [j for j, k in enumerate(keys) if not forecast(texts[k])]
    out = set()
    for i, key in enumerate(keys):
        if forecast(texts[key]) and any(
            similarity[i, j] >= threshold and _later(told.get(keys[j]), told.get(key)) for j in reports
        ):
            out.add(key)
    return frozenset(out)


def _later(later: object, earlier: object) -> bool:
    return later is not None and earlier is not None and later > earlier  # type: ignore[operator]


# ---------------------------------------------------------------- greedy passes


@dataclass
class Pass:
    """What one greedy pass has chosen so far: pool indexes, their keys and the words they use."""

    pool: Sequence[Scored]
    texts: Mapping[Key, str]
    previous: Mapping[Key, Key] | None
    latest: frozenset[Key] = frozenset()  # sentences giving a timeline's latest value (``require_latest``)
    chosen: list[int] = field(default_factory=list)
    keys: set[Key] = field(default_factory=set)
    used: int = 0


# A check of candidate ``i`` against the pass so far: the unit's name when it turns ``i`` away.
Check = Callable[[int, Pass, SelectSettings], str | None]


def leans_unresolved(i: int, state: Pass, settings: SelectSettings) -> str | None:
    """It needs the sentence before it (:data:`LEANINGS`), which is not chosen: read alone it points at nothing."""
    return dangling(state.pool[i].sentence, state.keys, settings, state.previous)


def _first_reason(checks: Sequence[Check], i: int, state: Pass, settings: SelectSettings) -> str | None:
    for check in checks:
        reason = check(i, state, settings)
        if reason is not None:
            return reason
    return None


def _greedy(
    state: Pass,
    budget: int,
    value: Callable[[int, list[int]], float | None],
    chose: Callable[[int], None],
    checks: Sequence[Check],
    settings: SelectSettings,
    round_digits: int,
    tally: Tally,
    first: Callable[[str], bool] | None = None,
) -> tuple[Sentence, ...]:
    """Add the best-valued sentence that fits the budget until none does.

    ``value(i, chosen)`` scores candidate ``i`` (None = not eligible); values are rounded
    before comparing so ties fall to the earlier (better-ranked) sentence whatever the batch.
    A candidate one of ``checks`` turns away is not eligible, nor, for the first pick, a text
    that ``first`` rejects.
    """
    pool, texts = state.pool, state.texts
    while True:
        best, best_value = None, -math.inf
        for i, s in enumerate(pool):
            if i in state.chosen:
                continue
            reason = _first_reason(checks, i, state, settings)
            if reason is not None:
                tally.fire(reason, s.sentence.key)
                continue
            if state.used + word_count(texts[s.sentence.key]) > budget:
                continue
            if first is not None and not state.chosen and not first(texts[s.sentence.key]):
                continue
            v = value(i, state.chosen)
            if v is None:
                continue
            v = round(v, round_digits)
            if v > best_value:
                best, best_value = i, v
        if best is None:
            return tuple(pool[i].sentence for i in state.chosen)
        state.chosen.append(best)
        state.keys.add(pool[best].sentence.key)
        state.used += word_count(texts[pool[best].sentence.key])
        chose(best)


def _timed(
    state: Pass,
    budget: int,
    value: Callable[[int, list[int]], float | None],
    chose: Callable[[int], None],
    restart: Callable[[], None],
    checks: Sequence[Check],
    settings: SelectSettings,
    round_digits: int,
    tally: Tally,
) -> tuple[Sentence, ...]:
    """A greedy pass, made again from the best sentence giving a timeline's latest value when
    ``require_latest`` asks it, and from the best dated sentence when ``require_time`` does.

    A story that moves is told by its latest figure (the toll on Oct. 3, not on Sept. 30): a
    selection giving none of the latest values the candidates give starts again from one.

    "When" is one of the facts a summary owes its reader, and the sentences that say it
    often tell the background (a recall begun in March, a fault found in October) that
    coverage alone ranks below one more count of victims: a selection that names no month
    while some candidate does is made again with a dated sentence as the first pick.
    """
    args = (budget, value, chose, checks, settings, round_digits, tally)
    picked = _greedy(state, *args)
    texts, latest = state.texts, state.latest
    owed = settings.require_latest and any(s.sentence.key in latest for s in state.pool)
    if owed and not any(s.key in latest for s in picked):
        restart()
        again = _greedy(
            Pass(state.pool, texts, state.previous, latest), *args, first={texts[k] for k in latest}.__contains__
        )
        if again:
            tally.fire("require_latest", again[0].key)
            picked = again
    if not settings.require_time or any(_dated(texts[s.key]) for s in picked):
        return picked
    if not any(_dated(texts[s.sentence.key]) for s in state.pool):
        return picked
    restart()
    again = _greedy(Pass(state.pool, texts, state.previous, latest), *args, first=_dated)
    if not again or (owed and not any(s.key in latest for s in again)):
        return picked  # the latest figure comes before the month
    tally.fire("require_time", again[0].key)
    return again


# ---------------------------------------------------------------- coverage


@dataclass
class Coverage:
    """A theme's concepts and what a coverage selection has covered of them."""

    pool: Sequence[Scored]
    texts: Mapping[Key, str]
    rows: Mapping[Key, int]  # row of each sentence in the similarity matrix
    similarity: np.ndarray | None
    units: list[frozenset[str]]  # concepts of each pool sentence
    weight: dict[str, int]
    # The facts a restatement test compares: figures, and the months that date them
    # ("In March, it said it would cut 1,200 jobs" adds a date to "it cut 1,200 jobs").
    figures: list[frozenset[str]]
    top: float  # the pool's best salience
    covered: set[str] = field(default_factory=set)
    subsumed: set[int] = field(default_factory=set)

    def cosine(self, i: int, j: int) -> float:
        assert self.similarity is not None
        return self.similarity[self.rows[self.pool[i].sentence.key], self.rows[self.pool[j].sentence.key]]

    def value(self, i: int, settings: SelectSettings) -> float | None:
        """New-concept weight per word (** ``length_exponent``) x (``salience_floor`` + salience); None if 0."""
        s = self.pool[i]
        gain = sum(self.weight.get(c, 0) for c in self.units[i] - self.covered)
        # Salience scales the gain rather than adding to it: a sentence whose facts
        # are already covered earns nothing, however central it is.
        score = gain / word_count(self.texts[s.sentence.key]) ** settings.length_exponent
        score *= settings.salience_floor + s.score / self.top
        return score if score > 0 else None


def _coverage(
    ranked: Sequence[Scored],
    candidates: Sequence[Scored],
    pool: Sequence[Scored],
    texts: Mapping[Key, str],
    sources: Mapping[Key, frozenset[str]],
    similarity: np.ndarray | None,
    settings: SelectSettings,
) -> Coverage:
    units = [concepts(texts[s.sentence.key]) for s in pool]
    figures = [
        frozenset(c for c in unit if c[0] == "#") | {m.group(1) for m in MONTH_DATE.finditer(texts[s.sentence.key])}
        for s, unit in zip(pool, units)
    ]
    rows = {s.sentence.key: i for i, s in enumerate(ranked)}
    weight = concept_weights(candidates, texts, sources, settings.min_concept_sources)
    top = max(s.score for s in pool) or 1.0
    return Coverage(pool, texts, rows, similarity, units, weight, figures, top)


def concept_weights(
    candidates: Sequence[Scored],
    texts: Mapping[Key, str],
    sources: Mapping[Key, frozenset[str]],
    min_concept_sources: int,
) -> dict[str, int]:
    """Each concept's weight: the independent sources of the theme that mention it.

    Concepts from fewer than ``min_concept_sources`` sources (relaxed to 1 when the theme
    has fewer than 3) weigh nothing; a figure needs at least two, since a figure only one
    source gives is not yet a fact the theme agrees on, and a sentence packed with such
    figures (a table of results) must not win on them alone. Every candidate counts,
    eligible or not: a quotation or a minority-figure sentence still shows which facts
    the sources report.
    """
    all_sources = {g for s in candidates for g in sources.get(s.sentence.key, frozenset())}
    floor = min_concept_sources if len(all_sources) >= 3 else 1
    carriers: dict[str, set[str]] = {}
    for s in candidates:
        for concept in concepts(texts[s.sentence.key]):
            carriers.setdefault(concept, set()).update(sources.get(s.sentence.key, frozenset()))
    return {c: len(g) for c, g in carriers.items() if len(g) >= (max(2, floor) if c[0] == "#" else floor)}


def paraphrase(i: int, state: Pass, coverage: Coverage, settings: SelectSettings) -> bool:
    """At least ``redundancy`` similar to a chosen sentence: a paraphrase adds nothing."""
    return any(coverage.cosine(i, j) >= settings.redundancy for j in state.chosen)


def restatement(i: int, state: Pass, coverage: Coverage, settings: SelectSettings) -> bool:
    """Its figures and months are all in a chosen sentence at least ``restatement`` similar:
    the same fact in other words."""
    return any(
        coverage.figures[i] <= coverage.figures[j] and coverage.cosine(i, j) >= settings.restatement
        for j in state.chosen
    )


# Each skips a coverage candidate against the sentences chosen so far, when the setting of its name is on.
PAIR_CHECKS: tuple[tuple[str, Callable[[int, Pass, Coverage, SelectSettings], bool]], ...] = (
    ("skip_paraphrases", paraphrase),
    ("skip_restatements", restatement),
)


def _coverage_checks(coverage: Coverage, settings: SelectSettings) -> list[Check]:
    """The checks a coverage pass makes: leanings, sentences a fuller one replaced, pair checks."""

    def subsumed(i: int, state: Pass, settings: SelectSettings) -> str | None:
        return "drop_subsumed" if i in coverage.subsumed else None

    def pairs(i: int, state: Pass, settings: SelectSettings) -> str | None:
        if coverage.similarity is None or not state.chosen:
            return None
        return next((n for n, unit in PAIR_CHECKS if getattr(settings, n) and unit(i, state, coverage, settings)), None)

    return [leans_unresolved, subsumed, pairs]


def subsumed_by_fuller(picked: Sequence[Sentence], coverage: Coverage, settings: SelectSettings) -> set[int]:
    """Chosen sentences whose figures and months a chosen sentence at least ``restatement``
    similar states and extends: they say less of the same fact ("... unless the firm handed over
    $5 million" beside "Thieves took the records of nearly 40,000 customers ... and asked
    for 5 million US dollars"), so their words should go to another fact."""
    index = {s.sentence.key: i for i, s in enumerate(coverage.pool)}
    chosen = [index[s.key] for s in picked]
    return {
        a
        for a in chosen
        for b in chosen
        if coverage.figures[a] < coverage.figures[b] and coverage.cosine(a, b) >= settings.restatement
    }


def select_coverage(
    ranked: Sequence[Scored],
    texts: Mapping[Key, str],
    sources: Mapping[Key, frozenset[str]],
    budget: int,
    settings: SelectSettings,
    *,
    round_digits: int,
    held: Mapping[str, frozenset[Key]] | None = None,
    similarity: np.ndarray | None = None,
    previous: Mapping[Key, Key] | None = None,
    tally: Tally | None = None,
) -> tuple[Sentence, ...]:
    """Greedy concept-coverage selection.

    Args:
        ranked: The theme's sentences with salience, best first; the first ``max_candidates`` are considered.
        texts: The text to use for each sentence (compressed), by key.
        sources: The independent sources carrying each sentence, by key.
        budget: Maximum total words.
        settings: The select settings: weights, thresholds and which units are on.
        round_digits: Values are rounded before comparing, for batch-independent ties.
        held: The sentences each of :data:`HELD_OUT` leaves out, by its name (conflict minorities,
            stale figures, unplaceable times, overtaken forecasts); under "require_latest", the
            sentences giving the latest value of the theme's main timeline.
        similarity: Cosine similarity between the ranked sentences (rows follow ``ranked``); None
            switches off the pair checks and ``drop_subsumed``.
        previous: Predecessors for the leanings (:func:`summarize.text.sentences.previous_sentences`).
        tally: Receives each unit's count.
    Returns:
        Selected sentences in selection order.
    """
    tally = tally if tally is not None else Tally()
    candidates = ranked[: settings.max_candidates]
    names = name_words(texts[s.sentence.key] for s in candidates) if settings.skip_generic else frozenset()
    top_score = max((s.score for s in ranked), default=0.0)
    pool = eligible(candidates, Candidates(texts, held or {}, names, top_score), settings, "coverage", tally)
    if not pool or budget <= 0:
        return ()
    coverage = _coverage(ranked, candidates, pool, texts, sources, similarity, settings)

    def value(i: int, chosen: list[int]) -> float | None:
        return coverage.value(i, settings)

    def chose(i: int) -> None:
        coverage.covered.update(coverage.units[i])

    checks = _coverage_checks(coverage, settings)
    while True:
        state = Pass(pool, texts, previous, (held or {}).get("require_latest", frozenset()))
        picked = _timed(state, budget, value, chose, coverage.covered.clear, checks, settings, round_digits, tally)
        if similarity is None or not settings.drop_subsumed:
            return picked
        fuller = subsumed_by_fuller(picked, coverage, settings)
        if not fuller:
            return picked
        for i in fuller:
            tally.fire("drop_subsumed", pool[i].sentence.key)
        coverage.subsumed.update(fuller)
        coverage.covered.clear()


# ---------------------------------------------------------------- MMR


def select_mmr(
    ranked: Sequence[Scored],
    vectors: Callable[[Sequence[Sentence]], np.ndarray],
    budget: int,
    settings: SelectSettings,
    *,
    round_digits: int,
    texts: Mapping[Key, str] | None = None,
    held: Mapping[str, frozenset[Key]] | None = None,
    previous: Mapping[Key, Key] | None = None,
    tally: Tally | None = None,
) -> tuple[Sentence, ...]:
    """Choose sentences by MMR until the word budget is spent.

    Args:
        ranked: Sentences with salience, best first.
        vectors: Normalised embeddings for sentences.
        budget: Maximum total words.
        settings: ``mmr_lambda`` (1.0 picks by salience only; lower values favour novelty)
            and which units are on (``skip_minority``, the leanings, ``require_time``).
        round_digits: Rounding of MMR scores before comparing (batch-independent ties).
        texts: The text to use for each sentence (compressed), by key; default the sentence.
        held: The sentences each of :data:`HELD_OUT` leaves out, by its name.
        previous: Predecessors for the leanings (:func:`summarize.text.sentences.previous_sentences`).
        tally: Receives each unit's count.
    Returns:
        Selected sentences in selection order; a sentence that would overrun the
        budget is skipped in favour of a shorter one that fits.
    """
    tally = tally if tally is not None else Tally()
    texts = texts or {s.sentence.key: s.sentence.text for s in ranked}
    pool = eligible(ranked, Candidates(texts, held or {}, frozenset(), 0.0), settings, "mmr", tally)
    if not pool or budget <= 0:
        return ()
    matrix = vectors([s.sentence for s in pool]).astype(np.float64)
    similarity = matrix @ matrix.T
    top = max(s.score for s in pool) or 1.0
    dropped: set[int] = set()
    mmr_lambda = settings.mmr_lambda

    def value(i: int, chosen: list[int]) -> float | None:
        if i in dropped:
            return None
        redundancy = max((similarity[i, j] for j in chosen), default=0.0)
        return mmr_lambda * pool[i].score / top - (1 - mmr_lambda) * redundancy

    def chose(i: int) -> None:
        # Near-copies of a chosen sentence can never add content.
        dropped.update(j for j in range(len(pool)) if similarity[i, j] > 0.92)

    state = Pass(pool, texts, previous)
    return _timed(state, budget, value, chose, dropped.clear, [leans_unresolved], settings, round_digits, tally)


def _dated(text: str) -> bool:
    return MONTH_DATE.search(text) is not None


def _referent(sentence: Sentence, previous: Mapping[Key, Key] | None = None) -> Key | None:
    if previous is not None:
        return previous.get(sentence.key)
    return (sentence.article, sentence.paragraph, sentence.index - 1) if sentence.index > 0 else None


# An opener that dates a sentence by the one before it: "In the months since, Dana Reyes
# joined Globex" happened after the March deal its article has just told.
_FOLLOWS = re.compile(rf"^{_QUOTE_OPEN}(?:{_alternatives(lexicon.FOLLOWING_OPENERS)})", re.IGNORECASE)


# "the company", "the revised plan": a description whose referent an earlier sentence named.
_DEFINITE = re.compile(
    rf"\bthe\s+(?:(?:{_alternatives(lexicon.DESCRIPTION_MODIFIERS)})\s+)?(?:{_alternatives(lexicon.DESCRIPTION_NOUNS)})\b",
    re.IGNORECASE,
)


def unresolved_reference(text: str) -> bool:
    """True when the sentence refers back by description before naming anyone: "On Monday,
    the company unveiled ..." or "Under the revised plan, Globex will ..." cannot
    open a summary, since the reader has not met the company or the plan."""
    definite = _DEFINITE.search(text)
    if definite is None or re.match(r"\s+[A-Z]", text[definite.end() :]):
        return False  # none, or "the startup Initech": named on the spot
    start = len(text) - len(text.lstrip("\"“‘' "))
    for name in CAPITALISED.finditer(text, 0, definite.start()):
        word = name.group(0).rstrip(".'’").lower()
        if word not in NOT_NAMES and not (name.start() == start and word in lexicon.SENTENCE_OPENERS):
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
        years = [int(y) for s in rows for y in YEAR.findall(s.text)]
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


# ---------------------------------------------------------------- order


@dataclass(frozen=True)
class Reading:
    """What the ordering knows beyond the sentences: article dates, predecessors, narrative times."""

    dates: Mapping[str, str]
    previous: Mapping[Key, Key] | None
    narrative: Mapping[Key, tuple[int, int]]
    default_year: int | None
    days: Mapping[Key, str] = field(default_factory=dict)  # the ISO day a sentence tells of, when known


# A time for a sentence: (year, month) and 1 when it is dated only by what its article told
# before it (so it goes after the sentences naming that time), or None when the unit does not know.
TimeSource = Callable[[Sentence, Reading], tuple[tuple[int, int], int] | None]


def own_time(sentence: Sentence, reading: Reading) -> tuple[tuple[int, int], int] | None:
    """The month/year the sentence names (a month alone takes the summary's most named year)."""
    when = event_time(sentence.text, reading.default_year)
    return (when, 0) if when is not None else None


def following_time(sentence: Sentence, reading: Reading) -> tuple[tuple[int, int], int] | None:
    """An opening "In the months since" takes the time its article has reached, after it."""
    if _FOLLOWS.search(sentence.text) is None or sentence.key not in reading.narrative:
        return None
    return reading.narrative[sentence.key], 1


def story_year_time(sentence: Sentence, reading: Reading) -> tuple[tuple[int, int], int] | None:
    """A month named while no selected sentence gives a year ("On March 3rd" in a 2025 story):
    its article's year, so it still names its own time."""
    if not MONTH_DATE.search(sentence.text) or sentence.key not in reading.narrative:
        return None
    return reading.narrative[sentence.key], 0


def article_date_time(sentence: Sentence, reading: Reading) -> tuple[tuple[int, int], int] | None:
    """The date of the sentence's article, when the drop gives one."""
    when = _article_time(reading.dates.get(sentence.article, ""))
    return (when, 0) if when is not None else None


def narrative_time(sentence: Sentence, reading: Reading) -> tuple[tuple[int, int], int] | None:
    """Undated, in an undated article: the time its article has reached ("Acme estimates
    the cost ..." told after the March 3 disclosure), after the sentences naming that time."""
    return (reading.narrative[sentence.key], 1) if sentence.key in reading.narrative else None


# The first switched-on source that knows a sentence's time dates it ("own_time" is always on).
TIME_SOURCES: tuple[tuple[str, TimeSource], ...] = (
    ("own_time", own_time),
    ("time_following", following_time),
    ("time_story_year", story_year_time),
    ("time_article_date", article_date_time),
    ("time_narrative", narrative_time),
)


def _time_of(
    sentence: Sentence, reading: Reading, settings: SelectSettings, tally: Tally
) -> tuple[tuple[int, int] | None, int]:
    for name, source in TIME_SOURCES:
        if name != "own_time" and not getattr(settings, name):
            continue
        found = source(sentence, reading)
        if found is not None:
            if name != "own_time":
                tally.fire(name, sentence.key)
            return found
    return None, 0


def _by_time(selected: Sequence[Sentence], reading: Reading, settings: SelectSettings, tally: Tally) -> list[Sentence]:
    """Sentences with a known time sorted by it, in the slots dated sentences held; the rest keep their place."""
    found = [_time_of(s, reading, settings, tally) for s in selected]
    times = [when for when, _ in found]
    slots = [i for i, t in enumerate(times) if t is not None]
    # Within a month, the day each tells of (the toll of Oct. 1 before that of Oct. 3).
    dated = sorted(slots, key=lambda i: (times[i], found[i][1], reading.days.get(selected[i].key, ""), i))
    placed = list(selected)
    for slot, source in zip(slots, dated):
        placed[slot] = selected[source]
    return placed


def _with_referents(
    placed: Sequence[Sentence], previous: Mapping[Key, Key] | None, settings: SelectSettings, tally: Tally
) -> list[Sentence]:
    """``keep_with_referent``: a sentence that leans on the one before it (:data:`LEANINGS`)
    goes right after it, when both are in the summary: read elsewhere it points at the wrong thing."""
    if not settings.keep_with_referent:
        return list(placed)
    keys = {s.key for s in placed}
    followers = {_referent(s, previous): s for s in placed if leans_on_previous(s.text, settings)}
    result: list[Sentence] = []
    done: set[Key] = set()
    for sentence in placed:
        waiting = leans_on_previous(sentence.text, settings) and _referent(sentence, previous) in keys - done
        if sentence.key in done or waiting:
            continue
        while sentence is not None and sentence.key not in done:
            if result and sentence is followers.get(result[-1].key):
                tally.fire("keep_with_referent", sentence.key)
            result.append(sentence)
            done.add(sentence.key)
            sentence = followers.get(sentence.key)
    return result


def follows_opener(text: str, settings: SelectSettings) -> bool:
    """It opens "In the months since", "A week later": its time is the sentence before's."""
    return _FOLLOWS.search(text) is not None


def description_opener(text: str, settings: SelectSettings) -> bool:
    """It describes someone before naming anyone (:func:`unresolved_reference`): "On Monday,
    the company unveiled ..." when the reader has not met the company."""
    return unresolved_reference(text)


# Each keeps a sentence from opening the summary while another can, when the setting of its name
# is on; a sentence that leans on the one before (:data:`LEANINGS`) never opens it either.
OPENING_CHECKS: tuple[tuple[str, Callable[[str, SelectSettings], bool]], ...] = (
    ("open_not_following", follows_opener),
    ("open_not_description", description_opener),
)


def cannot_open(text: str, settings: SelectSettings) -> str | None:
    """The unit that keeps ``text`` from opening a summary, or None when it can open one."""
    leaning = leans_on_previous(text, settings)
    if leaning:
        return leaning
    return next((n for n, unit in OPENING_CHECKS if getattr(settings, n) and unit(text, settings)), None)


def order(
    selected: Sequence[Sentence],
    settings: SelectSettings,
    dates: Mapping[str, str] | None = None,
    previous: Mapping[Key, Key] | None = None,
    narrative: Mapping[Key, tuple[int, int]] | None = None,
    tally: Tally | None = None,
    days: Mapping[Key, str] | None = None,
) -> tuple[Sentence, ...]:
    """Reading order: sentences with a known time (:data:`TIME_SOURCES`) sorted by it, in the
    slots dated sentences held; sentences with none keep their place. A sentence that leans on
    the one before it follows it; a summary never starts with a sentence that cannot open it
    (:func:`cannot_open`) while another sentence can.

    Args:
        selected: Sentences in selection (salience) order.
        settings: Which units are on.
        dates: Article id -> ISO date, when the drop gives dates.
        previous: Predecessors (:func:`summarize.text.sentences.previous_sentences`); default the previous
            sentence of the same paragraph.
        narrative: The time each sentence's article has reached (:func:`narrative_times`).
        tally: Receives each unit's count.
        days: The ISO day each sentence tells of, when known: the order within a month.
    Returns:
        The same sentences, reordered.
    """
    tally = tally if tally is not None else Tally()
    years = [t[0] for s in selected if (t := event_time(s.text)) is not None]
    default_year = max(set(years), key=years.count) if years else None
    reading = Reading(dates or {}, previous, narrative or {}, default_year, days or {})
    result = _with_referents(_by_time(selected, reading, settings, tally), previous, settings, tally)
    if result and (reason := cannot_open(result[0].text, settings)):
        first = next((i for i, s in enumerate(result) if not cannot_open(s.text, settings)), None)
        if first is not None:
            tally.fire(reason, result[0].key)
            result.insert(0, result.pop(first))
    return tuple(result)


# Every unit's name, as its switch in :class:`summarize.config.SelectSettings` and its count.
UNITS: tuple[str, ...] = (
    *(name for name, _ in CANDIDATE_FILTERS),
    *(name for name, _ in LEANINGS),
    *(name for name, _ in PAIR_CHECKS),
    "drop_subsumed",
    "require_time",
    "require_latest",
    *(name for name, _ in TIME_SOURCES[1:]),
    "keep_with_referent",
    *(name for name, _ in OPENING_CHECKS),
)
