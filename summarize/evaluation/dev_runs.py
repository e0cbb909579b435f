"""The 10-run development evaluation: every drop with its specific and its plain themes.

The seeds and the dev drops each run twice (:data:`~summarize.evaluation.drops.THEME_VARIANTS`):
with the themes written after reading the articles and with plain ones, as a user writes
them before. Each run is scored like ``scripts/evaluate.py`` (:func:`evaluate_runs`) and set
beside the dev drops' BASELINES.md reference points: the best of sumy's six classic
summarizers (whole drop or "topical", best of the 12 by macro ROUGE-2) and the zero-shot
embedding baseline (:func:`~summarize.evaluation.baselines.zero_shot_summaries`).

Also here: runs with discovered themes (``themes_file="auto"``), each hand theme matched
to its best discovered summary, a leave-one-drop-out choice of one config default, and the
ablation of every heuristic unit (:data:`ABLATION_UNITS`, :func:`ablation_verdict`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

from summarize.config import CleanRule, CompressRule, ConfigError, ConflictRule
from summarize.errors import SummarizeError
from summarize.evaluation import EvaluationError
from summarize.evaluation.baselines import CLASSIC_METHODS, ranked_summary, topical_paragraphs, zero_shot_summaries
from summarize.evaluation.budget import DEFAULT_BUDGET, cut_to_budget
from summarize.evaluation.drops import DropSpec, drop_variants, resolve_drop
from summarize.evaluation.evaluate import EvaluationOptions, Scorer, default_scorer, evaluate_runs, paragraph_groups

Print = Callable[[str], None]
RunKey = tuple[str, str]
"""(drop name, theme variant)."""

ORACLE_FLOOR = 0.55
"""A run whose ROUGE-2 is below this share of the oracle's is flagged."""
PLAIN_GOAL = 0.85
"""Goal for a drop's plain-themes ROUGE-2 over its specific-themes ROUGE-2."""
AUTO_GOAL = 0.8
"""Goal for discovered themes' best-match ROUGE-2 over the plain run's."""
SCOPES: tuple[str, ...] = ("whole", "topical")
"""What a classic summarizer is given: every sentence, or those with a theme keyword."""


@dataclass(frozen=True, slots=True)
class RunFigures:
    """One run's macro scores beside its reference points (ROUGE F1, macro over themes).

    ``themes_file`` is "" where the config's themes ran; ``classic`` names the best
    classic summarizer and its scope (``"lsa, topical"``); ``empty`` lists the themes
    whose summary came out empty; ``per_theme`` is the system's ROUGE-2 per theme.
    """

    drop: str
    variant: str
    themes_file: str
    rouge1: float
    rouge2: float
    oracle_rouge2: float
    classic: str
    classic_rouge2: float
    zero_shot_rouge2: float
    empty: tuple[str, ...] = ()
    per_theme: Mapping[str, float] = field(default_factory=dict)

    @property
    def oracle_share(self) -> float:
        """ROUGE-2 as a share of the oracle's (0 when the oracle scores 0)."""
        return self.rouge2 / self.oracle_rouge2 if self.oracle_rouge2 else 0.0


def run_flags(run: RunFigures, floor: float = ORACLE_FLOOR) -> list[str]:
    """What is wrong with a run: below a reference point, or themes left empty.

    Args:
        run: The run's figures.
        floor: Least acceptable share of the oracle's ROUGE-2.
    Returns:
        Short flags, in a fixed order; empty when the run is fine.
    """
    flags = []
    if run.rouge2 < run.classic_rouge2:
        flags.append("below classic")
    if run.rouge2 < run.zero_shot_rouge2:
        flags.append("below zero-shot")
    if run.oracle_share < floor:
        flags.append(f"below {floor:.2f} of oracle")
    if run.empty:
        flags.append("empty: " + ", ".join(run.empty))
    return flags


RUN_HEADER = (
    f"{'drop':<24} {'themes':<8}  {'R1':<5} {'R2':<5}  {'oracle (share)':<14}  {'best classic R2':<28}  zero-shot R2"
)


def run_line(run: RunFigures) -> str:
    """One printed line per run, under :data:`RUN_HEADER`, flags last.

    Args:
        run: The run's figures.
    Returns:
        E.g. ``seeds  plain  0.452 0.183  0.257 (71% R2)  0.108 (lsa, topical)  0.095  [below classic]``.
    """
    flags = run_flags(run)
    return (
        f"{run.drop:<24} {run.variant:<8}  {run.rouge1:.3f} {run.rouge2:.3f}  "
        f"{run.oracle_rouge2:.3f} ({run.oracle_share:.0%} R2)  {run.classic_rouge2:.3f} {f'({run.classic})':<22}  "
        f"{run.zero_shot_rouge2:.3f}" + (f"  [{'; '.join(flags)}]" if flags else "")
    )


def plain_ratios(runs: Sequence[RunFigures]) -> dict[str, float | None]:
    """Per drop, the plain run's macro ROUGE-2 over the specific run's.

    Args:
        runs: Runs of both variants.
    Returns:
        Drop -> ratio, drops in first-seen order; None where a variant is missing or scored 0.
    """
    by_key = {(r.drop, r.variant): r.rouge2 for r in runs}
    out: dict[str, float | None] = {}
    for drop in dict.fromkeys(r.drop for r in runs):
        specific, plain = by_key.get((drop, "specific")), by_key.get((drop, "plain"))
        out[drop] = plain / specific if specific and plain is not None else None
    return out


def summary_lines(runs: Sequence[RunFigures]) -> list[str]:
    """The lines under the run table: mean oracle share, the worst run, plain/specific per drop.

    Args:
        runs: Every run's figures.
    Returns:
        Two lines; none when there is no run.
    """
    if not runs:
        return []
    worst = min(runs, key=lambda r: r.oracle_share)
    mean = sum(r.oracle_share for r in runs) / len(runs)
    ratios = [
        f"{drop} {'n/a' if ratio is None else f'{ratio:.2f}'}"
        + ("" if ratio is not None and ratio >= PLAIN_GOAL else " (below)")
        for drop, ratio in plain_ratios(runs).items()
    ]
    return [
        f"{len(runs)} runs: mean R2 share of the oracle {mean:.2f}; worst run {worst.drop} {worst.variant} "
        f"{worst.oracle_share:.2f} (R2 {worst.rouge2:.3f})",
        f"plain/specific R2 per drop (goal >= {PLAIN_GOAL}): " + ", ".join(ratios),
    ]


def extractive(overrides: Sequence[str]) -> list[str]:
    """``overrides`` with generation off unless they name a model (the dev drops' runs are extractive)."""
    if any(o.startswith("generate.model=") for o in overrides):
        return list(overrides)
    return [*overrides, "generate.model="]


def best_classic(
    run: Any,
    references: Mapping[str, Sequence[str]],
    scorer: Scorer,
    cache: dict | None = None,
    budget: int = DEFAULT_BUDGET,
) -> tuple[str, str, float]:
    """The best of sumy's six classic summarizers on a run, by macro ROUGE-2 (BASELINES.md).

    Each summarizer is given the whole drop (one summary for every theme) or only the
    sentences with one of the theme's keywords (``topical``): 12 candidates. The sentences
    are the pipeline's (cleaned, deduplicated), as for ``dev.best_topical_classic`` and the
    LexRank/TextRank rows of :func:`evaluate_runs`.

    Args:
        run: A pipeline result (its sentences and ``settings.themes``).
        references: Theme -> reference sentences.
        scorer: ROUGE scorer.
        cache: Whole-drop summaries by sentence grouping, shared between runs of one drop.
        budget: Word budget.
    Returns:
        (method, scope, macro ROUGE-2 F1); ties go to the first of whole, then topical.
    """
    groups = paragraph_groups(run.sentences)
    cache = {} if cache is None else cache
    key = tuple(tuple(g) for g in groups)
    if key not in cache:
        cache[key] = {m: ranked_summary(groups, m, budget) for m in CLASSIC_METHODS}
    keywords = {t.name: t.keywords for t in run.settings.themes}
    candidates = [(m, scope) for scope in SCOPES for m in CLASSIC_METHODS]
    predictions, targets = [], []
    for theme, reference in references.items():
        topical = topical_paragraphs(groups, keywords.get(theme, ()))
        for method, scope in candidates:
            lines = cache[key][method] if scope == "whole" else ranked_summary(topical, method, budget)
            predictions.append("\n".join(lines))
            targets.append("\n".join(reference))
    if not predictions:
        return CLASSIC_METHODS[0], SCOPES[0], 0.0
    scores = [s["rouge2"] for s in scorer(predictions, targets)]
    macro = [sum(scores[c :: len(candidates)]) / len(references) for c in range(len(candidates))]
    best = max(range(len(candidates)), key=macro.__getitem__)
    return candidates[best][0], candidates[best][1], float(macro[best])


def article_sentences(articles: Sequence[Any]) -> list[str]:
    """Every sentence of the loaded articles as BASELINES.md splits them: paragraphs at blank
    lines, sentences with syntok; nothing cleaned or deduplicated (with this input the zero-shot
    baseline gives BASELINES.md's figures to the third decimal).

    Args:
        articles: The run's articles (``text``), in load order.
    Returns:
        Their sentences in reading order.
    """
    from summarize.stages.sentences import split_sentences

    return [s for a in articles for paragraph in re.split(r"\n\s*\n", a.text) for s in split_sentences(paragraph)]


def zero_shot_rouge2(
    run: Any, references: Mapping[str, Sequence[str]], embedder: Any, scorer: Scorer, budget: int = DEFAULT_BUDGET
) -> float:
    """Macro ROUGE-2 of the zero-shot baseline over a run's sentences and themes.

    Args:
        run: A pipeline result (its articles and ``settings.themes``).
        references: Theme -> reference sentences.
        embedder: The sentence embedder (MiniLM in BASELINES.md).
        scorer: ROUGE scorer.
        budget: Word budget.
    Returns:
        The mean ROUGE-2 F1 over ``references``' themes (0 when there are none).
    """
    if not references:
        return 0.0
    outputs = zero_shot_summaries(article_sentences(run.articles), run.settings.themes, embedder, budget)
    themes = list(references)
    scores = scorer(["\n".join(outputs.get(t, ())) for t in themes], ["\n".join(references[t]) for t in themes])
    return float(sum(s["rouge2"] for s in scores) / len(themes))


def score_run(
    result: Any, drop: DropSpec, variant: str, embedder: Any, cache: dict | None = None, samples: int = 1000
) -> RunFigures:
    """Score one run: the system through :func:`evaluate_runs`, then the classic and zero-shot points.

    Args:
        result: The pipeline result.
        drop: The drop it ran on (name and themes file).
        variant: Its theme variant.
        embedder: For the zero-shot baseline.
        cache: Whole-drop classic summaries (see :func:`best_classic`).
        samples: Bootstrap resamples (the macro means do not depend on them).
    Returns:
        The run's figures.
    """
    evaluation = evaluate_runs([result], names=[drop.name], options=EvaluationOptions(samples=samples))
    references = {t.theme: t.reference for t in evaluation.themes}
    scorer = default_scorer(evaluation.options.use_stemmer)
    method, scope, classic = best_classic(result, references, scorer, cache, evaluation.options.budget)
    macro = evaluation.macro
    return RunFigures(
        drop=drop.name,
        variant=variant,
        themes_file=str(drop.themes or ""),
        rouge1=macro["system"]["rouge1"].mean,
        rouge2=macro["system"]["rouge2"].mean,
        oracle_rouge2=macro["oracle"]["rouge2"].mean,
        classic=f"{method}, {scope}",
        classic_rouge2=classic,
        zero_shot_rouge2=zero_shot_rouge2(result, references, embedder, scorer, evaluation.options.budget),
        empty=tuple(t.theme for t in evaluation.themes if not t.outputs["system"]),
        per_theme={t.theme: t.scores["system"]["rouge2"] for t in evaluation.themes},
    )


def system_rouge2(result: Any, scorer: Scorer, budget: int = DEFAULT_BUDGET) -> float:
    """The system's macro ROUGE-2 on a run, without baselines (for many config values).

    Args:
        result: A pipeline result with ``references`` for its themes.
        scorer: ROUGE scorer.
        budget: Word budget.
    Returns:
        Mean ROUGE-2 F1 over the run's themes that have a reference (0 when none has).
    """
    summaries = {s.theme: [x.text for x in s.sentences] for s in result.summaries}
    themes = [t.name for t in result.settings.themes if result.references.get(t.name)]
    if not themes:
        return 0.0
    predictions = ["\n".join(cut_to_budget(summaries.get(t, ()), budget)) for t in themes]
    scores = scorer(predictions, ["\n".join(result.references[t]) for t in themes])
    return float(sum(s["rouge2"] for s in scores) / len(themes))


def _settings(config: str | Path, drop: DropSpec, overrides: Sequence[str], themes: Any = None) -> Any:
    from summarize.config import load_config

    themes = drop.themes if themes is None else themes
    return load_config(config, extractive(overrides), themes_file=themes, input=drop.input, references=drop.references)


def make_run_embedder(settings: Any) -> Any:
    """One embedder for every run and the zero-shot baseline: ``embed.model``, disk-cached if set."""
    if settings.embed.disk_cache:
        from summarize.embed_cache import make_cached_embedder

        return make_cached_embedder(settings)
    from summarize.embed import make_embedder

    return make_embedder(settings.embed.model)


def each_run(folders: Sequence[str | Path]) -> list[tuple[str, DropSpec, bool]]:
    """Every (variant, drop) of ``folders``, drop by drop, specific first.

    Args:
        folders: Drop folders.
    Returns:
        (variant, drop parts, whether it repeats the drop's previous variant's themes file).
    """
    out = []
    for folder in folders:
        seen = set()
        for variant, spec in drop_variants(folder).items():
            out.append((variant, spec, spec.themes in seen))
            seen.add(spec.themes)
    return out


def run_matrix(
    config: str | Path,
    folders: Sequence[str | Path],
    embedder: Any,
    *,
    overrides: Sequence[str] = (),
    samples: int = 1000,
    out: Print = print,
    results: dict[RunKey, Any] | None = None,
) -> tuple[list[RunFigures], dict[str, Mapping[str, tuple[str, ...]]]]:
    """Run and score every drop with each theme variant, printing one line per run.

    A variant whose themes file is the previous one's (a drop with one themes file) is
    not run again: its figures are the previous run's.

    Args:
        config: The YAML config.
        folders: Drop folders (seeds first, then the dev drops).
        embedder: Shared by the runs and the zero-shot baseline (:func:`make_run_embedder`).
        overrides: ``--set`` values for every run.
        samples: Bootstrap resamples.
        out: Where the lines go.
        results: If given, filled with (drop, variant) -> the pipeline's result (for ``--temporal``).
    Returns:
        The runs' figures, and per drop its plain themes' references (for :func:`auto_report`).
        A variant whose settings have no themes (no themes file, none in the config) is
        skipped with a line saying so.
    """
    from summarize.pipeline import run

    out(RUN_HEADER)
    runs: list[RunFigures] = []
    references: dict[str, Mapping[str, tuple[str, ...]]] = {}
    cache: dict = {}
    previous: RunFigures | None = None
    for variant, spec, repeat in each_run(folders):
        if not repeat:
            settings = _settings(config, spec, overrides)
            previous = None
            if settings.themes:
                result = run(settings, embedder=embedder, notice=lambda _: None)
                previous = score_run(result, spec, variant, embedder, cache, samples)
                references[spec.name] = dict(result.references)
        if previous is None:
            out(f"{spec.name:<24} {variant:<8}  skipped: no themes file for this variant and none in the config")
            continue
        runs.append(replace(previous, variant=variant))
        if results is not None:
            results[(spec.name, variant)] = result
        out(run_line(runs[-1]) + (" (same themes file as specific)" if repeat else ""))
    for line in summary_lines(runs):
        out(line)
    return runs, references


def run_to_dict(run: RunFigures) -> dict[str, Any]:
    """A run's figures for ``--json``, with its oracle share and flags.

    Args:
        run: The run's figures.
    Returns:
        Its fields (scores rounded to 4 places), ``oracle_share`` and ``flags``.
    """
    out = asdict(run)
    for key, value in out.items():
        if isinstance(value, float):
            out[key] = round(value, 4)
    out["empty"] = list(run.empty)
    out["per_theme"] = {k: round(v, 4) for k, v in run.per_theme.items()}
    return {**out, "oracle_share": round(run.oracle_share, 4), "flags": run_flags(run)}


def best_match_macro(scores: Mapping[str, Mapping[str, float]]) -> tuple[float, dict[str, tuple[str, float]]]:
    """Match each hand theme to the discovered theme whose summary scores best against it.

    Args:
        scores: Hand theme -> discovered theme -> ROUGE-2 F1 of that summary against the
            hand theme's reference.
    Returns:
        (macro of the best scores over hand themes, hand theme -> (best discovered theme
        or "" when none was discovered, its score)); (0.0, {}) with no hand theme. A
        discovered theme may be the best match of several hand themes.
    """
    picks = {}
    for hand, row in scores.items():
        picks[hand] = max(row.items(), key=lambda kv: kv[1], default=("", 0.0))
    if not picks:
        return 0.0, {}
    return sum(score for _, score in picks.values()) / len(picks), picks


def auto_drop(
    config: str | Path,
    drop: DropSpec,
    references: Mapping[str, Sequence[str]],
    embedder: Any,
    overrides: Sequence[str] = (),
) -> tuple[float, dict[str, tuple[str, float]], int]:
    """Run one drop with discovered themes and match them to its hand themes.

    Args:
        config: The YAML config.
        drop: The drop (its themes file is not used).
        references: Hand theme -> reference sentences (the plain themes').
        embedder: The shared embedder.
        overrides: ``--set`` values.
    Returns:
        :func:`best_match_macro`'s result and the number of themes discovered.
    Raises:
        Whatever ``load_config(themes_file="auto")`` or the run raise.
    """
    from summarize.pipeline import run

    settings = _settings(config, replace(drop, references=""), overrides, themes="auto")
    result = run(settings, embedder=embedder, notice=lambda _: None)
    discovered = {s.theme: cut_to_budget([x.text for x in s.sentences]) for s in result.summaries}
    hand = [t for t in references if references[t]]
    pairs = [(h, d) for h in hand for d in discovered]
    flat = default_scorer(settings.score.use_stemmer)(
        ["\n".join(discovered[d]) for _, d in pairs], ["\n".join(references[h]) for h, _ in pairs]
    )
    scores: dict[str, dict[str, float]] = {h: {} for h in hand}
    for (h, d), score in zip(pairs, flat, strict=True):
        scores[h][d] = float(score["rouge2"])
    return (*best_match_macro(scores), len(discovered))


def auto_report(
    config: str | Path,
    folders: Sequence[str | Path],
    runs: Sequence[RunFigures],
    references: Mapping[str, Mapping[str, Sequence[str]]],
    embedder: Any,
    *,
    overrides: Sequence[str] = (),
    out: Print = print,
) -> dict[str, Any]:
    """Every drop with discovered themes, against its plain run (goal :data:`AUTO_GOAL`).

    Args:
        config: The YAML config.
        folders: Drop folders.
        runs: :func:`run_matrix`'s figures (the plain runs' macro ROUGE-2).
        references: Per drop, its plain themes' references.
        embedder: The shared embedder.
        overrides: ``--set`` values.
        out: Where the lines go.
    Returns:
        ``{"available": bool, "reason"?: str, "drops": {drop: {"rouge2", "ratio", "discovered",
        "matches": {hand theme: [discovered theme, rouge2]}}}}``.
    """
    plain = {r.drop: r.rouge2 for r in runs if r.variant == "plain"}
    report: dict[str, Any] = {"available": True, "drops": {}}
    out("\ndiscovered themes (themes_file=auto): best-matching summary per plain hand theme")
    for folder in folders:
        drop = resolve_drop(folder)
        try:
            macro, picks, count = auto_drop(config, drop, references.get(drop.name, {}), embedder, overrides)
        except (ConfigError, SummarizeError) as exc:  # e.g. a config whose themes cannot be discovered
            out(f"auto: not available ({type(exc).__name__}: {exc})")
            return {"available": False, "reason": f"{type(exc).__name__}: {exc}", "drops": report["drops"]}
        ratio = macro / plain[drop.name] if plain.get(drop.name) else None
        shown = "n/a" if ratio is None else f"{ratio:.2f}" + ("" if ratio >= AUTO_GOAL else " (below goal)")
        matches = ", ".join(f"{h}->{d or '-'} {s:.3f}" for h, (d, s) in picks.items())
        out(f"{drop.name}: {count} discovered; best-match R2 {macro:.3f}, / plain {shown}; {matches}")
        report["drops"][drop.name] = {
            "rouge2": round(macro, 4),
            "ratio": None if ratio is None else round(ratio, 4),
            "discovered": count,
            "matches": {h: [d, round(s, 4)] for h, (d, s) in picks.items()},
        }
    return report


@dataclass(frozen=True, slots=True)
class LodoFold:
    """One held-out drop: the value picked on the other drops, and the held-out scores.

    ``train`` is the pick's mean macro ROUGE-2 over the other drops' runs; ``held_pick``
    and ``held_default`` are the held-out drop's mean over its runs with the pick and
    with the current default.
    """

    held_out: str
    pick: str
    train: float
    held_pick: float
    held_default: float


def parse_lodo(spec: str) -> tuple[str, tuple[str, ...]]:
    """Read ``--lodo KEY=v1,v2,v3``.

    Args:
        spec: The flag's value.
    Returns:
        (key path, values in the order given).
    Raises:
        EvaluationError: without a key, or with fewer than two values, repeating ``spec``.
    """
    key, sep, values = spec.partition("=")
    choices = tuple(dict.fromkeys(v.strip() for v in values.split(",") if v.strip()))
    if not sep or not key.strip() or len(choices) < 2:
        raise EvaluationError(f"Invalid --lodo value: {spec!r} (expected KEY.PATH=v1,v2[,...], two values or more)")
    return key.strip(), choices


def lodo_folds(table: Mapping[str, Mapping[RunKey, float]], default: Mapping[RunKey, float]) -> list[LodoFold]:
    """Leave one drop out: pick the value best on the other drops, score it on the held-out one.

    Args:
        table: Value -> (drop, variant) -> macro ROUGE-2, every value over the same runs.
        default: (drop, variant) -> macro ROUGE-2 with the current default.
    Returns:
        One fold per drop, drops in ``default``'s order; ties go to the first value in ``table``.
    """

    def mean(scores: Mapping[RunKey, float], keep: Callable[[str], bool]) -> float:
        chosen = [v for (drop, _), v in scores.items() if keep(drop)]
        return sum(chosen) / len(chosen) if chosen else 0.0

    folds = []
    for held in dict.fromkeys(drop for drop, _ in default):
        train = {value: mean(scores, lambda d, h=held: d != h) for value, scores in table.items()}
        pick = max(train, key=train.__getitem__)
        folds.append(
            LodoFold(
                held_out=held,
                pick=pick,
                train=train[pick],
                held_pick=mean(table[pick], lambda d, h=held: d == h),
                held_default=mean(default, lambda d, h=held: d == h),
            )
        )
    return folds


def lodo_markdown(key: str, default: str, folds: Sequence[LodoFold]) -> str:
    """The folds as a markdown table for ``docs/evaluation.md``.

    Args:
        key: The config key chosen.
        default: Its current value.
        folds: :func:`lodo_folds`'s result.
    Returns:
        The table, with a last row of means over the folds.
    """
    lines = [
        f"| held out | `{key}` picked on the others (their R2) | held-out R2 with it | with the default ({default}) |",
        "|---|---|---|---|",
    ]
    for f in folds:
        lines.append(f"| {f.held_out} | {f.pick} ({f.train:.3f}) | {f.held_pick:.3f} | {f.held_default:.3f} |")
    if folds:
        pick = sum(f.held_pick for f in folds) / len(folds)
        base = sum(f.held_default for f in folds) / len(folds)
        lines.append(f"| mean | | {pick:.3f} | {base:.3f} |")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class LodoPlan:
    """A checked ``--lodo``: the key, its values and its current value (as the config has it)."""

    key: str
    values: tuple[str, ...]
    default: Any


def _same_value(text: str, current: Any) -> bool:
    import yaml

    parsed = yaml.safe_load(text)
    if isinstance(current, tuple):
        current = list(current)
    return parsed == current or text == str(current)


def lodo_plan(config: str | Path, folders: Sequence[str | Path], spec: str, overrides: Sequence[str] = ()) -> LodoPlan:
    """Check ``--lodo`` before anything runs: every value must load (a typo fails at once).

    Args:
        config: The YAML config.
        folders: Drop folders (the first one's specific themes are used to load).
        spec: ``KEY.PATH=v1,v2,...``.
        overrides: ``--set`` values.
    Returns:
        The plan, with the key's current value.
    Raises:
        EvaluationError: a malformed ``spec``; ConfigError: an unknown key or a bad value.
    """
    key, values = parse_lodo(spec)
    drop = drop_variants(folders[0])["specific"]
    for value in values:
        _settings(config, drop, [*overrides, f"{key}={value}"])
    current: Any = _settings(config, drop, overrides)
    for part in key.split("."):
        current = getattr(current, part)
    return LodoPlan(key, values, current)


def value_scores(
    config: str | Path, folders: Sequence[str | Path], overrides: Sequence[str], embedder: Any
) -> dict[RunKey, float]:
    """The system's macro ROUGE-2 on every (drop, variant) with the given overrides.

    Args:
        config: The YAML config.
        folders: Drop folders.
        overrides: ``--set`` values, the chosen value among them.
        embedder: The shared embedder.
    Returns:
        (drop, variant) -> macro ROUGE-2 F1.
    """
    from summarize.pipeline import run

    scores: dict[RunKey, float] = {}
    last: float | None = None
    for variant, spec, repeat in each_run(folders):
        if not repeat:
            settings = _settings(config, spec, overrides)
            last = None
            if settings.themes:  # as in run_matrix, a variant without themes is skipped
                result = run(settings, embedder=embedder, notice=lambda _: None)
                last = system_rouge2(result, default_scorer(settings.score.use_stemmer))
        if last is not None:
            scores[(spec.name, variant)] = last
    return scores


def lodo_report(
    config: str | Path,
    folders: Sequence[str | Path],
    plan: LodoPlan,
    runs: Sequence[RunFigures],
    embedder: Any,
    *,
    overrides: Sequence[str] = (),
    out: Print = print,
) -> dict[str, Any]:
    """Run every value of ``plan`` once over all runs, then fold (:func:`lodo_folds`).

    The current default's scores are ``runs``' own; a value equal to it is not run again.

    Args:
        config: The YAML config.
        folders: Drop folders.
        plan: :func:`lodo_plan`'s result.
        runs: :func:`run_matrix`'s figures (the default's scores).
        embedder: The shared embedder.
        overrides: ``--set`` values.
        out: Where the lines go.
    Returns:
        ``{"key", "default", "values": {value: {"drop/variant": rouge2}}, "folds": [...], "markdown"}``.
    """
    default = {(r.drop, r.variant): r.rouge2 for r in runs}
    table: dict[str, Mapping[RunKey, float]] = {}
    shown = next((v for v in plan.values if _same_value(v, plan.default)), str(plan.default))
    out(f"\nleave-one-drop-out choice of {plan.key} among {', '.join(plan.values)} (default {shown})")
    for value in plan.values:
        if _same_value(value, plan.default):
            table[value] = default
        else:
            table[value] = value_scores(config, folders, [*overrides, f"{plan.key}={value}"], embedder)
        mean = sum(table[value].values()) / max(len(table[value]), 1)
        out(f"  {plan.key}={value}: mean macro R2 over {len(table[value])} runs {mean:.3f}")
    folds = lodo_folds(table, default)
    markdown = lodo_markdown(plan.key, shown, folds)
    out(markdown)
    return {
        "key": plan.key,
        "default": shown,
        "values": {v: {f"{d}/{t}": round(s, 4) for (d, t), s in table[v].items()} for v in plan.values},
        "folds": [asdict(f) for f in folds],
        "markdown": markdown,
    }


@dataclass(frozen=True, slots=True)
class AblationUnit:
    """One heuristic as a named unit: the config overrides that switch it off, and what it does."""

    name: str
    overrides: tuple[str, ...]
    description: str


ABLATION_UNITS: tuple[AblationUnit, ...] = (
    AblationUnit("clean", ("clean.enabled=false",), "headings, bylines and lines repeated across articles dropped"),
    AblationUnit("dedup", ("dedup.enabled=false",), "near-copy paragraphs (MinHash) dropped"),
    AblationUnit("keywords", ("assign.keyword_weight=0",), "score added per theme keyword a sentence carries"),
    AblationUnit("pair", ("assign.pair_weight=0",), "a sentence read with its predecessor"),
    AblationUnit("context", ("assign.context_weight=0",), "the neighbouring sentences' lean toward each theme"),
    AblationUnit("passing", ("assign.passing_weight=1",), "a passing reference to another event discounted"),
    AblationUnit("topic_shift", ("assign.topic_shift=false",), "a sentence opening on another story takes no lean"),
    AblationUnit("margin", ("assign.margin=0",), "the best theme must beat the others' mean"),
    AblationUnit("clear_margin", ("assign.clear_margin=0",), "below threshold, still joins a theme it clearly leads"),
    AblationUnit("presence", ("assign.presence_sentences=0",), "a theme the drop does not tell is left empty"),
    AblationUnit("mask_names", ("assign.mask_names=false",), "names masked when the themes name different companies"),
    AblationUnit("article_keywords", ("assign.article_keywords=0",), "an article needs some of a theme's keywords"),
    AblationUnit("centrality", ("rank.centrality_weight=0",), "LexRank centrality in salience"),
    AblationUnit("support", ("rank.support_weight=0",), "how many independent sources carry a sentence, in salience"),
    AblationUnit("position", ("rank.position_weight=0",), "lead paragraphs first, in salience"),
    AblationUnit(
        "times_anchored",
        ("times.article_dates=[metadata,header,dateline,copy,text]",),
        "undated articles dated by events shared with dated ones",
    ),
    AblationUnit(
        "times_text",
        ("times.article_dates=[metadata,header,dateline,copy,anchored]",),
        "undated articles dated by the latest date their text writes",
    ),
    AblationUnit("times_outliers", ("times.outlier_days=0",), "a scraper's date far after the story is not used"),
    AblationUnit("conflicts", ("conflicts.enabled=false",), "sentences with a minority figure left out"),
    AblationUnit("skip_minority", ("select.skip_minority=false",), "a conflict's minority figure left out"),
    AblationUnit("skip_stale", ("select.skip_stale=false",), "a timeline's earlier value left out"),
    AblationUnit("place_times", ("select.place_times=false",), "relative times written as the dates they mean"),
    AblationUnit(
        "strip_unplaced", ("select.strip_unplaced=false",), "an undatable relative time cut from its sentence"
    ),
    AblationUnit(
        "skip_unplaced", ("select.skip_unplaced=false",), "a sentence with an undatable relative time left out"
    ),
    AblationUnit("skip_superseded", ("select.skip_superseded=false",), "a forecast a later report overtook left out"),
    AblationUnit("skip_background", ("select.skip_background=false",), "a sentence about an earlier event left out"),
    AblationUnit("skip_quotes", ("select.skip_quotes=false",), "sentences mostly a quotation left out"),
    AblationUnit("skip_generic", ("select.skip_generic=false",), "sentences naming nothing left out"),
    AblationUnit(
        "referent_pronoun", ("select.referent_pronoun=false",), "an opening pronoun needs its sentence before"
    ),
    AblationUnit("referent_move", ("select.referent_move=false",), "'The move ...' needs the sentence it refers to"),
    AblationUnit("referent_tally", ("select.referent_tally=false",), "'the tally' needs the sentence giving it"),
    AblationUnit("referent_since", ("select.referent_since=false",), "a closing 'since' needs the time it refers to"),
    AblationUnit("skip_paraphrases", ("select.skip_paraphrases=false",), "a paraphrase of a chosen sentence skipped"),
    AblationUnit(
        "skip_restatements", ("select.skip_restatements=false",), "a similar sentence adding no figure skipped"
    ),
    AblationUnit(
        "drop_subsumed", ("select.drop_subsumed=false",), "a chosen sentence another states and extends dropped"
    ),
    AblationUnit("require_time", ("select.require_time=false",), "a summary names a month when a candidate does"),
    AblationUnit(
        "require_latest", ("select.require_latest=false",), "a summary gives its main timeline's latest value"
    ),
    AblationUnit("compress", ("select.compress=false",), "attribution and filler trimmed"),
    AblationUnit("time_order", ("select.order=salience",), "sentences told in time order (matters at the budget cut)"),
    AblationUnit(
        "time_following", ("select.time_following=false",), "'In the weeks that followed' takes its article's time"
    ),
    AblationUnit(
        "time_story_year", ("select.time_story_year=false",), "a month without a year takes its article's year"
    ),
    AblationUnit(
        "time_article_date", ("select.time_article_date=false",), "an undated sentence takes its article's date"
    ),
    AblationUnit(
        "time_narrative", ("select.time_narrative=false",), "an undated sentence takes its article's time so far"
    ),
    AblationUnit(
        "keep_with_referent", ("select.keep_with_referent=false",), "a leaning sentence placed after its referent"
    ),
    AblationUnit("open_not_following", ("select.open_not_following=false",), "a summary does not open on 'Days later'"),
    AblationUnit(
        "open_not_description", ("select.open_not_description=false",), "no opening 'the company' before a name"
    ),
    *(
        AblationUnit(f"compress_{rule}", (f"select.compress_off=[{rule}]",), f"compress rule '{rule}' (compress.py)")
        for rule in get_args(CompressRule)
    ),
    *(
        AblationUnit(f"clean_{rule}", (f"clean.rules_off=[{rule}]",), f"clean rule '{rule}' (clean.py)")
        for rule in get_args(CleanRule)
    ),
    *(
        AblationUnit(f"conflicts_{rule}", (f"conflicts.rules_off=[{rule}]",), f"conflict rule '{rule}' (conflicts.py)")
        for rule in get_args(ConflictRule)
    ),
)
"""Every heuristic that can be switched off, in pipeline order: declared here, never inferred.

Add a unit by adding a line; ``tests/evaluation/test_dev_runs.py`` loads every override against
``configs/default.yaml``. Left out as already off by default: ``select.min_concept_sources`` (1:
every concept weighs) and ``select.min_salience`` (0).
"""

TIE = 1e-6
"""ROUGE-2 deltas closer to 0 than this are no change (the baseline is scored by another sum)."""


def pick_units(names: str | None, units: Sequence[AblationUnit] = ABLATION_UNITS) -> tuple[AblationUnit, ...]:
    """The units ``--units NAME,NAME`` asks for, in table order; all of them without a filter.

    Args:
        names: Comma-separated unit names, or None (or "") for every unit.
        units: The unit table.
    Returns:
        The chosen units.
    Raises:
        EvaluationError: an unknown name, with the closest known one and the full list.
    """
    import difflib

    known = {u.name: u for u in units}
    wanted = [n.strip() for n in (names or "").split(",") if n.strip()]
    for name in wanted:
        if name not in known:
            hint = difflib.get_close_matches(name, list(known), n=1)
            said = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise EvaluationError(f"Invalid --units name: {name!r}{said}; known units: {', '.join(known)}")
    return tuple(u for u in units if not wanted or u.name in wanted)


@dataclass(frozen=True, slots=True)
class AblationPlan:
    """Checked ``--ablate`` units: those to run, and those the config already has off."""

    units: tuple[AblationUnit, ...]
    already_off: tuple[AblationUnit, ...] = ()


def ablation_plan(
    config: str | Path, folders: Sequence[str | Path], units: Sequence[AblationUnit], overrides: Sequence[str] = ()
) -> AblationPlan:
    """Load every unit's overrides before anything runs (a typo fails at once, naming the unit).

    Args:
        config: The YAML config.
        folders: Drop folders (the first one's specific themes are used to load).
        units: The units to ablate (:func:`pick_units`).
        overrides: ``--set`` values, under every unit's.
    Returns:
        The plan; a unit whose overrides leave the settings as they are is already off.
    Raises:
        ConfigError: an unknown key or a bad value, with the unit's name.
    """
    from summarize.config import ConfigError

    drop = drop_variants(folders[0])["specific"]
    base = _settings(config, drop, overrides)
    run, off = [], []
    for unit in units:
        try:
            settings = _settings(config, drop, [*overrides, *unit.overrides])
        except ConfigError as exc:
            raise ConfigError(f"ablation unit {unit.name!r} ({' '.join(unit.overrides)}): {exc}") from None
        (run if settings != base else off).append(unit)
    return AblationPlan(tuple(run), tuple(off))


def run_deltas(off: Mapping[RunKey, float], on: Mapping[RunKey, float]) -> dict[RunKey, float]:
    """Per run, macro ROUGE-2 with a unit off minus with it on (runs in ``on``'s order, both present)."""
    return {key: off[key] - value for key, value in on.items() if key in off}


def drop_deltas(deltas: Mapping[RunKey, float]) -> dict[str, float]:
    """Per drop, the mean of its variants' deltas (drops in first-seen order)."""
    by_drop: dict[str, list[float]] = {}
    for (drop, _), delta in deltas.items():
        by_drop.setdefault(drop, []).append(delta)
    return {drop: sum(values) / len(values) for drop, values in by_drop.items()}


def ablation_verdict(deltas: Mapping[RunKey, float], tie: float = TIE) -> str:
    """Whether a unit earns its place, from its off-minus-on deltas.

    It **earns** its place if switching it off lowers the mean ROUGE-2 over the runs AND
    lowers it on a majority of the drops (3 of 5; a drop's delta is the mean of its two
    variants'); it **costs** if switching it off raises the mean and raises it on a
    majority of the drops; otherwise it is **neutral** (no measurable effect, or mixed).
    A delta within ``tie`` of 0 neither lowers nor raises.

    Args:
        deltas: (drop, variant) -> macro ROUGE-2 with the unit off minus with it on.
        tie: Deltas closer to 0 than this count as 0.
    Returns:
        ``"earns"``, ``"costs"`` or ``"neutral"``.
    """
    if not deltas:
        return "neutral"
    mean = sum(deltas.values()) / len(deltas)
    drops = list(drop_deltas(deltas).values())
    majority = len(drops) // 2 + 1
    if mean < -tie and sum(d < -tie for d in drops) >= majority:
        return "earns"
    if mean > tie and sum(d > tie for d in drops) >= majority:
        return "costs"
    return "neutral"


@dataclass(frozen=True, slots=True)
class AblationRow:
    """One unit's ablation: its deltas per run, their mean, the worst run and the verdicts.

    ``worst`` is the run that loses most with the unit off (the lowest delta); ``lodo_keeps``
    counts the leave-one-drop-out folds (:func:`lodo_folds`, on or off) that keep the unit on.
    Without runs (a unit the config already has off) ``verdict`` is ``"already off"``.
    """

    unit: AblationUnit
    deltas: Mapping[RunKey, float]
    mean: float
    worst: tuple[RunKey, float] | None
    lodo_keeps: int
    folds: int
    verdict: str


def ablation_row(unit: AblationUnit, off: Mapping[RunKey, float], on: Mapping[RunKey, float]) -> AblationRow:
    """Compare a unit's runs with it off against the baseline's.

    Args:
        unit: The unit.
        off: (drop, variant) -> macro ROUGE-2 with the unit off.
        on: The same with every unit on (the baseline).
    Returns:
        The row; ties in the folds keep the unit on.
    """
    deltas = run_deltas(off, on)
    mean = sum(deltas.values()) / len(deltas) if deltas else 0.0
    worst = min(deltas.items(), key=lambda kv: kv[1]) if deltas else None
    folds = lodo_folds({"on": on, "off": off}, on)
    keeps = sum(f.pick == "on" for f in folds)
    return AblationRow(unit, deltas, mean, worst, keeps, len(folds), ablation_verdict(deltas))


def already_off_row(unit: AblationUnit) -> AblationRow:
    """The row of a unit the config already has off: nothing to run."""
    return AblationRow(unit, {}, 0.0, None, 0, 0, "already off")


def _delta(value: float | None) -> str:
    if value is None:
        return "-"
    return "0" if abs(value) < TIE else f"{value:+.3f}"


def _ablation_cells(row: AblationRow, drops: Sequence[str]) -> list[str]:
    """A row's cells after the unit: one per drop ("spec/plain"), mean, worst run, LODO, verdict."""
    cells = []
    for drop in drops:
        pair = [row.deltas.get((drop, v)) for v in ("specific", "plain")]
        cells.append("/".join(_delta(d) for d in pair) if any(d is not None for d in pair) else "")
    worst = _delta(row.worst[1]) if row.worst else ""
    if row.worst and worst != "0":
        worst += f" ({row.worst[0][0]} {row.worst[0][1]})"
    lodo = f"{row.lodo_keeps}/{row.folds}" if row.folds else ""
    return [*cells, _delta(row.mean) if row.deltas else "", worst, lodo, row.verdict]


def ablation_markdown(rows: Sequence[AblationRow], drops: Sequence[str]) -> str:
    """The ablation as a markdown table for ``docs/evaluation.md``.

    Args:
        rows: :func:`ablation_row` results, in table order.
        drops: The drops, in column order.
    Returns:
        One line per unit: name, what it does, its switch, per drop the delta of the specific and
        the plain run ("spec/plain", off minus on), mean, worst run, LODO folds keeping it, verdict.
    """
    head = ["unit", "what it does", "switched off by", *(f"{d} spec/plain" for d in drops)]
    head += ["mean", "worst run", "LODO keeps", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        switch = ", ".join(f"`{o}`" for o in row.unit.overrides)
        cells = [row.unit.name, row.unit.description, switch, *_ablation_cells(row, drops)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ablation_line(row: AblationRow, drops: Sequence[str]) -> str:
    """One printed line per unit (unit, switch, then :func:`ablation_markdown`'s cells)."""
    cells = _ablation_cells(row, drops)
    width = [max(len(d), 13) for d in drops]
    per_drop = " ".join(f"{c:<{w}}" for c, w in zip(cells, width, strict=False))
    mean, worst, lodo, verdict = cells[len(drops) :]
    switch = " ".join(row.unit.overrides)
    return f"{row.unit.name:<17} {switch:<28} {per_drop} {mean:<7} {worst:<36} {lodo:<5} {verdict}"


def ablation_header(drops: Sequence[str]) -> str:
    """The header over :func:`ablation_line`'s lines."""
    per_drop = " ".join(f"{d:<{max(len(d), 13)}}" for d in drops)
    return f"{'unit':<17} {'switched off by':<28} {per_drop} {'mean':<7} {'worst run':<36} {'LODO':<5} verdict"


def ablation_report(
    config: str | Path,
    folders: Sequence[str | Path],
    plan: AblationPlan,
    runs: Sequence[RunFigures],
    embedder: Any,
    *,
    overrides: Sequence[str] = (),
    out: Print = print,
) -> dict[str, Any]:
    """Rerun every run with each unit off, one unit at a time, against the runs with all on.

    Args:
        config: The YAML config.
        folders: Drop folders.
        plan: :func:`ablation_plan`'s result.
        runs: :func:`run_matrix`'s figures (the baseline, run once for every unit).
        embedder: The shared embedder.
        overrides: ``--set`` values, under every unit's.
        out: Where the lines go (one per unit as it finishes, then the markdown table).
    Returns:
        ``{"units": {name: {"overrides", "description", "deltas": {"drop/variant": d}, "mean",
        "worst", "lodo_keeps", "folds", "verdict"}}, "markdown"}``.
    """
    on = {(r.drop, r.variant): r.rouge2 for r in runs}
    drops = list(dict.fromkeys(drop for drop, _ in on))
    out(f"\nablation: each unit switched off, macro R2 off minus on per run ({len(on)} runs; spec/plain per drop)")
    out(ablation_header(drops))
    rows = []
    for unit in (*plan.units, *plan.already_off):
        if unit in plan.already_off:
            rows.append(already_off_row(unit))
        else:
            off = value_scores(config, folders, [*overrides, *unit.overrides], embedder)
            rows.append(ablation_row(unit, off, on))
        out(ablation_line(rows[-1], drops))
    markdown = ablation_markdown(rows, drops)
    out(markdown)
    units = {
        row.unit.name: {
            "overrides": list(row.unit.overrides),
            "description": row.unit.description,
            "deltas": {f"{d}/{v}": round(x, 4) for (d, v), x in row.deltas.items()},
            "mean": round(row.mean, 4),
            "worst": None if row.worst is None else ["/".join(row.worst[0]), round(row.worst[1], 4)],
            "lodo_keeps": row.lodo_keeps,
            "folds": row.folds,
            "verdict": row.verdict,
        }
        for row in rows
    }
    return {"units": units, "markdown": markdown}


def runs_summary(runs: Sequence[RunFigures]) -> dict[str, Any]:
    """The figures under the run table for ``--json``: mean oracle share, the worst run, plain/specific.

    Args:
        runs: Every run's figures (at least one).
    Returns:
        ``{"mean_oracle_share", "worst": {"drop", "variant", "oracle_share"}, "plain_over_specific"}``.
    """
    worst = min(runs, key=lambda r: r.oracle_share)
    return {
        "mean_oracle_share": round(sum(r.oracle_share for r in runs) / len(runs), 4),
        "worst": {"drop": worst.drop, "variant": worst.variant, "oracle_share": round(worst.oracle_share, 4)},
        "plain_over_specific": {d: None if v is None else round(v, 4) for d, v in plain_ratios(runs).items()},
    }


def runs_report(
    config: str | Path,
    folders: Sequence[str | Path],
    *,
    overrides: Sequence[str] = (),
    samples: int = 1000,
    auto: bool = False,
    lodo: str | None = None,
    ablate: str | None = None,
    temporal: bool = False,
    out: Print = print,
) -> dict[str, Any]:
    """The 10-run table, then optionally discovered themes, a leave-one-drop-out choice, an ablation
    and the temporal checks.

    Args:
        config: The YAML config.
        folders: Drop folders (the seeds, then the dev drops).
        overrides: ``--set`` values for every run.
        samples: Bootstrap resamples.
        auto: Also run every drop with discovered themes (:func:`auto_report`).
        lodo: ``KEY.PATH=v1,v2,...`` for :func:`lodo_report`, or None.
        ablate: Comma-separated unit names for :func:`ablation_report`, "" for every unit, or None.
        temporal: Also run :func:`~summarize.evaluation.temporal.temporal_report` on the runs' outputs.
        out: Where the lines go.
    Returns:
        ``{"runs": [...], "summary": {...}, "auto"?: {...}, "lodo"?: {...}, "ablate"?: {...},
        "temporal"?: {...}}`` for ``--json``.
    Raises:
        EvaluationError, ConfigError: a bad drop folder, ``--lodo``, ``--units`` or config.
    """
    if not folders:
        raise EvaluationError("no drop folder to run: pass --dev-drops DIR or keep the seeds folder")
    plan = lodo_plan(config, folders, lodo, overrides) if lodo else None
    ablation = None if ablate is None else ablation_plan(config, folders, pick_units(ablate), overrides)
    embedder = make_run_embedder(_settings(config, drop_variants(folders[0])["specific"], overrides))
    out(f"\n##### {len(folders)} drops x theme variants (specific, plain)")
    results: dict[RunKey, Any] | None = {} if temporal else None
    runs, references = run_matrix(
        config, folders, embedder, overrides=overrides, samples=samples, out=out, results=results
    )
    if not runs:
        raise EvaluationError("no drop has hand themes to score: give each drop a themes.yaml (see drops.py)")
    figures: dict[str, Any] = {"runs": [run_to_dict(r) for r in runs], "summary": runs_summary(runs)}
    if auto:
        figures["auto"] = auto_report(config, folders, runs, references, embedder, overrides=overrides, out=out)
    if plan:
        figures["lodo"] = lodo_report(config, folders, plan, runs, embedder, overrides=overrides, out=out)
    if ablation:
        figures["ablate"] = ablation_report(config, folders, ablation, runs, embedder, overrides=overrides, out=out)
    if results is not None:
        from summarize.evaluation.temporal import temporal_report

        figures["temporal"] = temporal_report(results, {resolve_drop(f).name: f for f in folders}, out=out)
    return figures
