"""Turn pipeline runs into an :class:`Evaluation`: every system scored on every theme.

For each theme with a reference, five summaries are cut to the same word
budget and scored with ROUGE-1/2/L/Lsum F1 (rouge-score, Porter stemmer, one
sentence per line) through the project's metric module
(:func:`summarize.stages.score.rouge_scores`): the pipeline's (``system``),
``lead``, ``lexrank``, ``textrank`` and the greedy ``oracle``. Macro averages
get percentile bootstrap intervals over all themes of all runs together, and
each system's macro score is divided by the oracle's.

This module never reads or writes files; :mod:`summarize.evaluation.files` does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from summarize.evaluation import METRICS, EvaluationError
from summarize.evaluation.baselines import lead_summary, ranked_summary
from summarize.evaluation.bootstrap import DEFAULT_CONFIDENCE, DEFAULT_SAMPLES, Bootstrap, Interval
from summarize.evaluation.budget import DEFAULT_BUDGET, cut_to_budget
from summarize.evaluation.oracle import oracle_summary, rouge_tokenizer
from summarize.evaluation.ordering import OrderAgreement, system_order

if TYPE_CHECKING:
    from summarize.results import RunResult

SYSTEMS: tuple[str, ...] = ("system", "lead", "lexrank", "textrank", "oracle")
"""Systems in table order; ``system`` is the pipeline under test."""

Scorer = Callable[[list[str], list[str]], list[dict[str, float]]]
"""(predictions, references) -> per-pair ``{metric: F1}``; texts hold one sentence per line."""


@dataclass(frozen=True, slots=True)
class EvaluationOptions:
    """How to evaluate; every field has the issue's default.

    ``seed`` None means the first run's ``settings.seed`` (one seed drives every
    random choice).
    """

    budget: int = DEFAULT_BUDGET
    samples: int = DEFAULT_SAMPLES
    confidence: float = DEFAULT_CONFIDENCE
    seed: int | None = None
    use_stemmer: bool = True


@dataclass(frozen=True, slots=True)
class ThemeEvaluation:
    """One scored theme: each system's budget-cut summary and its F1 per metric."""

    drop: str
    theme: str
    label: str
    reference: tuple[str, ...]
    outputs: Mapping[str, tuple[str, ...]]
    scores: Mapping[str, Mapping[str, float]]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything the reports show.

    ``macro[system][metric]`` is the mean over ``themes`` with its interval;
    ``oracle_ratio[system][metric]`` is that mean divided by the oracle's.
    ``runs`` are the pipeline results, in ``drops`` order; ``order`` is the system's
    order agreement with the references over all themes; ``timings`` are the
    evaluation's own steps in seconds.
    """

    drops: tuple[str, ...]
    runs: tuple[Any, ...]
    systems: tuple[str, ...]
    metrics: tuple[str, ...]
    themes: tuple[ThemeEvaluation, ...]
    macro: Mapping[str, Mapping[str, Interval]]
    oracle_ratio: Mapping[str, Mapping[str, Interval]]
    options: EvaluationOptions
    order: OrderAgreement = OrderAgreement()
    timings: Mapping[str, float] = field(default_factory=dict)


def default_scorer(use_stemmer: bool = True) -> Scorer:
    """The pipeline's own ROUGE (``evaluate`` with the project's metric module)."""
    from summarize.stages.score import rouge_scores

    def score(predictions: list[str], references: list[str]) -> list[dict[str, float]]:
        return rouge_scores(predictions, references, use_stemmer=use_stemmer)

    return score


def _unique_names(names: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return tuple(unique)


def paragraph_groups(sentences: Sequence[Any]) -> list[list[str]]:
    """Sentence texts grouped by (article, paragraph), in the order given: the baselines' input."""
    groups: list[list[str]] = []
    last = None
    for sentence in sentences:
        key = (sentence.article, sentence.paragraph)
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(sentence.text)
    return groups


def _theme_outputs(
    run: Any, theme: str, reference: Sequence[str], budget: int, tokenize: Any
) -> dict[str, tuple[str, ...]]:
    by_article: dict[str, list[str]] = {a.id: [] for a in run.articles}
    for sentence in run.sentences:
        by_article.setdefault(sentence.article, []).append(sentence.text)
    position = {s.key: i for i, s in enumerate(run.sentences)}
    own = sorted(
        (scored.sentence for scored in run.theme_sentences.get(theme, ())),
        key=lambda s: position.get(s.key, len(position)),
    )
    summary = next((s for s in run.summaries if s.theme == theme), None)
    system_lines = [s.text for s in summary.sentences] if summary is not None else []
    return {
        "system": cut_to_budget(system_lines, budget),
        "lead": lead_summary(list(by_article.values()), budget),
        "lexrank": ranked_summary(paragraph_groups(own), "lexrank", budget),
        "textrank": ranked_summary(paragraph_groups(own), "textrank", budget),
        "oracle": oracle_summary([s.text for s in run.sentences], reference, budget, tokenize),
    }


def _reference_hint(run: Any, theme: str) -> str:
    folder = getattr(getattr(run, "settings", None), "references", "") or ""
    if folder:
        return f"{folder.rstrip('/')}/{theme}.txt"
    return f"<references>/{theme}.txt (no references folder was set: pass --references DIR)"


def evaluate_runs(
    runs: Sequence[RunResult],
    references: Sequence[Mapping[str, Sequence[str]]] | None = None,
    *,
    names: Sequence[str] | None = None,
    options: EvaluationOptions = EvaluationOptions(),
    scorer: Scorer | None = None,
) -> Evaluation:
    """Score the pipeline and the baselines on every theme of ``runs``.

    Args:
        runs: Pipeline results, one per drop.
        references: Per run, ``{theme: reference sentences}``; default each
            run's own ``references``.
        names: Per run, the drop's name in reports; default ``run.drop``.
            With several runs, themes are labelled ``drop/theme``.
        options: Budget, bootstrap size, confidence, seed, stemmer.
        scorer: ROUGE scorer; default :func:`default_scorer` (the pipeline's).
    Returns:
        The evaluation, deterministic for a given seed.
    Raises:
        EvaluationError: when there is no run, a theme of a run has no
            reference (naming the file expected), or the lists differ in length.
    """
    _check_lengths(runs, references, names)
    drops = _unique_names(list(names) if names is not None else [str(r.drop) for r in runs])
    seed = options.seed if options.seed is not None else int(getattr(runs[0].settings, "seed", 13))
    options = replace(options, seed=seed)
    tokenize = rouge_tokenizer(options.use_stemmer)
    scorer = scorer or default_scorer(options.use_stemmer)
    timings = {"baselines+oracle": 0.0, "scoring": 0.0, "bootstrap": 0.0}

    started = time.perf_counter()
    pending = _pending_themes(drops, runs, references, options.budget, tokenize)
    timings["baselines+oracle"] = time.perf_counter() - started

    started = time.perf_counter()
    flat = _score(pending, scorer)
    timings["scoring"] = time.perf_counter() - started
    themes = _theme_evaluations(pending, flat)

    started = time.perf_counter()
    macro, ratio = _macro_scores(themes, options)
    timings["bootstrap"] = time.perf_counter() - started
    return Evaluation(
        drops=drops,
        runs=tuple(runs),
        systems=SYSTEMS,
        metrics=METRICS,
        themes=tuple(themes),
        macro=macro,
        oracle_ratio=ratio,
        options=options,
        order=system_order(themes, tokenize),
        timings=timings,
    )


# One theme to score: (drop, theme, label, reference lines, each system's budget-cut summary).
_Pending = tuple[str, str, str, tuple[str, ...], dict[str, tuple[str, ...]]]


def _check_lengths(
    runs: Sequence[RunResult],
    references: Sequence[Mapping[str, Sequence[str]]] | None,
    names: Sequence[str] | None,
) -> None:
    """Raise :class:`EvaluationError` when there is no run or the per-run lists differ in length."""
    if not runs:
        raise EvaluationError("nothing to evaluate: no pipeline run was given")
    if references is not None and len(references) != len(runs):
        raise EvaluationError(f"got {len(references)} reference sets for {len(runs)} runs")
    if names is not None and len(names) != len(runs):
        raise EvaluationError(f"got {len(names)} drop names for {len(runs)} runs")


def _pending_themes(
    drops: Sequence[str],
    runs: Sequence[RunResult],
    references: Sequence[Mapping[str, Sequence[str]]] | None,
    budget: int,
    tokenize: Any,
) -> list[_Pending]:
    """Every theme of every run with its reference and each system's summary, in run and theme order.

    Raises:
        EvaluationError: a theme has no reference (naming the file expected).
    """
    pending: list[_Pending] = []
    for index, (drop, run) in enumerate(zip(drops, runs, strict=True)):
        refs = references[index] if references is not None else run.references
        for theme in [t.name for t in run.settings.themes]:
            reference = tuple(line.strip() for line in refs.get(theme, ()) if line.strip())
            if not reference:
                raise EvaluationError(
                    f"drop '{drop}': theme '{theme}' has no reference summary; expected "
                    f"{_reference_hint(run, theme)} with one sentence per line"
                )
            label = theme if len(runs) == 1 else f"{drop}/{theme}"
            pending.append((drop, theme, label, reference, _theme_outputs(run, theme, reference, budget, tokenize)))
    return pending


def _score(pending: Sequence[_Pending], scorer: Scorer) -> list[dict[str, float]]:
    """Every system's summary of every pending theme scored in one scorer call, themes in
    order and :data:`SYSTEMS` within each."""
    predictions = ["\n".join(outputs[s]) for *_, outputs in pending for s in SYSTEMS]
    targets = ["\n".join(reference) for _, _, _, reference, _ in pending for _ in SYSTEMS]
    return scorer(predictions, targets)


def _theme_evaluations(pending: Sequence[_Pending], flat: Sequence[Mapping[str, float]]) -> list[ThemeEvaluation]:
    """Each pending theme with its systems' F1 per metric, read from :func:`_score`'s flat list."""
    themes = []
    for number, (drop, theme, label, reference, outputs) in enumerate(pending):
        row = flat[number * len(SYSTEMS) : (number + 1) * len(SYSTEMS)]
        scores = {s: {m: float(r[m]) for m in METRICS} for s, r in zip(SYSTEMS, row, strict=True)}
        themes.append(ThemeEvaluation(drop, theme, label, reference, outputs, scores))
    return themes


def _macro_scores(
    themes: Sequence[ThemeEvaluation], options: EvaluationOptions
) -> tuple[dict[str, dict[str, Interval]], dict[str, dict[str, Interval]]]:
    """Each system's mean over the themes and its ratio to the oracle's, with bootstrap intervals."""
    boot = Bootstrap(len(themes), samples=options.samples, confidence=options.confidence, seed=options.seed)
    series = {s: {m: [t.scores[s][m] for t in themes] for m in METRICS} for s in SYSTEMS}
    macro = {s: {m: boot.mean(series[s][m]) for m in METRICS} for s in SYSTEMS}
    ratio = {s: {m: boot.ratio(series[s][m], series["oracle"][m]) for m in METRICS} for s in SYSTEMS if s != "oracle"}
    return macro, ratio


def evaluation_to_dict(evaluation: Evaluation, digits: int = 6) -> dict[str, Any]:
    """The machine-readable evaluation (``evaluation.json``), keys in a stable order.

    Returns:
        ``{"drops", "themes", "budget_words", "bootstrap", "systems": {name:
        {"per_theme": {theme: {metric: f1}}, "macro": {metric: {"mean", "low",
        "high"}}, "outputs": {theme: [lines]}}}, "oracle_ratio": {name: {metric:
        {"mean", "low", "high"}}}, "order_agreement": {"concordant", "pairs"}}`` (the
        system's, :mod:`summarize.evaluation.ordering`); undefined ratios are null.
    """
    options = evaluation.options
    systems = {}
    for system in evaluation.systems:
        systems[system] = {
            "per_theme": {
                t.label: {m: round(t.scores[system][m], digits) for m in evaluation.metrics} for t in evaluation.themes
            },
            "macro": {m: evaluation.macro[system][m].as_dict(digits) for m in evaluation.metrics},
            "outputs": {t.label: list(t.outputs[system]) for t in evaluation.themes},
        }
    order = evaluation.order
    return {
        "drops": list(evaluation.drops),
        "themes": [t.label for t in evaluation.themes],
        "budget_words": options.budget,
        "bootstrap": {
            "unit": "theme",
            "samples": options.samples,
            "confidence": options.confidence,
            "seed": options.seed,
            "method": "percentile",
        },
        "systems": systems,
        "oracle_ratio": {
            system: {m: interval.as_dict(digits) for m, interval in by_metric.items()}
            for system, by_metric in evaluation.oracle_ratio.items()
        },
        "order_agreement": {"concordant": order.concordant, "pairs": order.pairs},
    }
