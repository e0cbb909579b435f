"""Development evaluation: the seeds and the dev drops together, beside the baselines.

For tuning without fitting one drop: every drop runs with the same config, is
scored with the same evaluation as ``scripts/evaluate.py`` (per drop, and all
drops pooled for intervals), and theme assignment is checked against hand
labels (precision/recall per theme).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from summarize.evaluation.drops import DropSpec, resolve_drop
from summarize.evaluation.evaluate import EvaluationOptions, evaluate_runs
from summarize.evaluation.labels import parse_labels, theme_precision_recall
from summarize.evaluation.ordering import OrderAgreement, describe
from summarize.evaluation.render import text_table

Print = Callable[[str], None]


def dev_drops(dev_root: str | Path | None, seeds: str | Path = "seeds") -> list[DropSpec]:
    """The seeds drop and every drop folder under ``dev_root`` (sorted by name)."""
    drops = [resolve_drop(seeds)]
    if dev_root:
        root = Path(dev_root)
        drops += [resolve_drop(p) for p in sorted(root.iterdir()) if p.is_dir() and (p / "references").is_dir()]
    return drops


def _articles(folder: str | Path, extensions: Sequence[str] | None) -> list[Path]:
    """The article files of a drop folder, sorted; ``extensions`` default what the load stage reads."""
    from summarize.config import LoadSettings

    extensions = LoadSettings().extensions if extensions is None else extensions
    return [p for p in sorted(Path(folder).iterdir()) if p.is_file() and p.suffix.lower() in extensions]


def mixed_drops(
    drops: Sequence[DropSpec], folder: str | Path, extensions: Sequence[str] | None = None
) -> list[DropSpec]:
    """Every drop's themes and references over all drops' articles together, as in a feed
    that carries other stories: copies the articles into ``folder`` (file names prefixed
    with their drop's name, so none clash) and points each drop there.

    Args:
        drops: The drops (see :func:`dev_drops`).
        folder: An empty folder for the merged articles (a temporary one; never the project).
        extensions: Article files to copy; default what the load stage reads from a folder.
    Returns:
        One spec per drop, named ``<drop>+mixed``, reading ``folder``.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for drop in drops:
        for path in _articles(drop.input, extensions):
            shutil.copyfile(path, target / f"{drop.name}__{path.name}")
    return [replace(drop, name=f"{drop.name}+mixed", input=target) for drop in drops]


def cross_drops(
    config: str | Path, drops: Sequence[DropSpec], folder: str | Path, extensions: Sequence[str] | None = None
) -> list[DropSpec]:
    """Drops of several companies' stories with one theme each: the k-th of every drop's
    themes (cycling through a drop's own) over all drops' articles together, as in a drop
    whose deal, layoffs and data leak are three companies' news.

    Args:
        config: The YAML config (its themes stand for a drop without a themes file).
        drops: The drops (see :func:`dev_drops`).
        folder: An empty folder (a temporary one; never the project).
        extensions: Article files to copy; default what the load stage reads from a folder.
    Returns:
        One spec per rotation, named ``cross<k>``; its themes are named ``<drop>.<theme>``.
    """
    import yaml

    from summarize.config import load_config

    target = Path(folder)
    [articles] = {d.input for d in mixed_drops(drops, target / "articles", extensions)}
    themes = {d.name: (load_config(config, themes_file=d.themes).themes) for d in drops}
    out = []
    for k in range(max(len(t) for t in themes.values())):
        root = target / f"cross{k}"
        (root / "references").mkdir(parents=True)
        chosen = []
        for drop in drops:
            theme = themes[drop.name][k % len(themes[drop.name])]
            name = f"{drop.name}.{theme.name}"
            reference = Path(drop.references) / f"{theme.name}.txt"
            if reference.is_file():
                shutil.copyfile(reference, root / "references" / f"{name}.txt")
            chosen.append({"name": name, "description": theme.description, "keywords": list(theme.keywords)})
        (root / "themes.yaml").write_text(yaml.safe_dump(chosen, sort_keys=False), encoding="utf-8")
        out.append(DropSpec(f"cross{k}", articles, root / "references", root / "themes.yaml"))
    return out


# What a syndicating site adds around a story; every line is one the clean stage should drop.
_SITES = ("Yahoo Finance", "MarketScreener", "NewsBreak", "MSN Money")
_REWORDS = ((r"\bsaid\b", "stated"), (r"\bcompany\b", "firm"), (r"\bemployees\b", "workers"), (r"\babout\b", "roughly"))


def syndicated_drops(
    drops: Sequence[DropSpec], folder: str | Path, copies: int, extensions: Sequence[str] | None = None
) -> list[DropSpec]:
    """Each drop with ``copies`` syndicated copies of its articles added, as real feeds carry
    them: the site's name, newsletter and share prompts and a copyright line around the story,
    the headline retitled with the site's name, and the body cut short (an excerpt, with a
    link to the full story), missing a paragraph, or whole with a few words changed (so
    MinHash misses the paragraphs and only the sources stage can tell). The articles copied
    are spread evenly over the drop's sorted file names; no randomness.

    A drop whose summaries and independent sources stay as they were alone counts copies
    once (:func:`syndication_report`).

    Args:
        drops: The drops (see :func:`dev_drops`).
        folder: An empty folder (a temporary one; never the project).
        copies: Copies per drop (at most one per article).
        extensions: Article files to copy; default what the load stage reads from a folder.
    Returns:
        One spec per drop, named ``<drop>+syndicated``, reading its own subfolder of ``folder``.
    """
    out = []
    for drop in drops:
        target = Path(folder) / drop.name
        target.mkdir(parents=True, exist_ok=True)
        files = _articles(drop.input, extensions)
        for path in files:
            shutil.copyfile(path, target / path.name)
        # Copies are made of plain-text articles (an HTML page would need its markup parsed first).
        texts = {
            p: p.read_text(encoding="utf-8", errors="replace") for p in files if p.suffix.lower() in (".txt", ".md")
        }
        plain = [p for p, text in texts.items() if text.strip()]
        count = min(copies, len(plain))
        for k in range(count):
            path = plain[k * len(plain) // count]
            site = _SITES[k % len(_SITES)]
            headline, *body = [p.strip() for p in re.split(r"\n\s*\n", texts[path]) if p.strip()]
            if k % 3 == 0 and len(body) > 3:
                body = [*body[: max(2, len(body) * 3 // 5)], f"Read the full story at {site}."]
            elif k % 3 == 1 and len(body) > 3:
                del body[len(body) // 2]
            else:
                for pattern, word in _REWORDS:
                    body = [re.sub(pattern, word, p) for p in body]
            text = "\n\n".join(
                [
                    site,
                    "Subscribe to our daily newsletter for the latest updates.",
                    f"{headline} | {site}",
                    *body,
                    "Share this article on Facebook, X and LinkedIn.",
                    f"© 2025 {site}. All rights reserved.",
                ]
            )
            # Named to sort after every original, so dedup keeps the originals' sentences (and their labels).
            (target / f"~syndicated{k}-{path.name}").write_text(text + "\n", encoding="utf-8")
        out.append(replace(drop, name=f"{drop.name}+syndicated", input=target))
    return out


def syndication_report(alone: dict, syndicated: dict) -> list[str]:
    """One line per drop: whether its summaries and independent sources stayed as they were
    without the syndicated copies.

    Args:
        alone: :func:`dev_evaluate`'s figures for the drops.
        syndicated: Its figures for the same drops with copies (``<drop>+syndicated``).
    Returns:
        Lines such as ``acme-2030: 2 of 2 summaries unchanged; independent sources 8 -> 8
        (9 -> 15 articles)``, naming the themes that changed.
    """
    lines = []
    for name, before in alone["drops"].items():
        after = syndicated["drops"].get(f"{name}+syndicated")
        if after is None:
            continue
        themes = before["summaries"]
        changed = [t for t in themes if after["summaries"].get(t) != themes[t]]
        s0, s1 = before["sources"], after["sources"]
        lines.append(
            f"{name}: {len(themes) - len(changed)} of {len(themes)} summaries unchanged"
            + (f" ({', '.join(changed)} changed)" if changed else "")
            + f"; independent sources {s0['independent']} -> {s1['independent']}"
            + f" ({s0['articles']} -> {s1['articles']} articles)"
        )
    return lines


LEFT_OUT = " without "


def left_out_drops(
    drops: Sequence[DropSpec], folder: str | Path, extensions: Sequence[str] | None = None
) -> list[DropSpec]:
    """Each drop once per article, with that article left out (leave-one-out): a drop of
    n articles gives n drops that the same story, told by one source fewer, should
    summarise about as well. Where one summary scores on a handful of themes,
    these give a system-against-baseline comparison on many, so a change that only moves
    ties on the full drops shows as noise here.

    Args:
        drops: The drops (see :func:`dev_drops`).
        folder: An empty folder (a temporary one; never the project).
        extensions: Article files to copy; default what the load stage reads from a folder.
    Returns:
        One spec per drop and article, named ``<drop> without <file>`` (:data:`LEFT_OUT`),
        reading its own subfolder of ``folder``; a drop of one article gives none.
    """
    out = []
    for drop in drops:
        files = _articles(drop.input, extensions)
        if len(files) < 2:
            continue
        for k, left in enumerate(files):
            target = Path(folder) / drop.name / f"{k:03d}"
            target.mkdir(parents=True)
            for path in files:
                if path != left:
                    shutil.copyfile(path, target / path.name)
            out.append(replace(drop, name=f"{drop.name}{LEFT_OUT}{left.name}", input=target))
    return out


def left_out_report(figures: dict) -> list[str]:
    """Per theme of the original drops, the leave-one-out runs against the best classic summarizer.

    Args:
        figures: :func:`dev_evaluate`'s figures for :func:`left_out_drops`.
    Returns:
        One line per theme (``<drop>.<theme>``: runs, mean system and best-classic ROUGE-2,
        runs below the classic and the worst of them), then a total line.
    """
    cases: dict[str, list[tuple[float, float, str]]] = {}
    for name, entry in figures["drops"].items():
        drop, _, left = name.partition(LEFT_OUT)
        for theme, scores in entry["themes"].items():
            cases.setdefault(f"{drop}.{theme}", []).append(
                (scores["system_rouge2"], scores["best_classic_rouge2"], left)
            )
    lines = []
    for theme, runs in cases.items():
        below = [(system - classic, left) for system, classic, left in runs if system < classic]
        worst = min(below, default=None)
        lines.append(
            f"{theme}: {len(runs)} runs, ROUGE-2 system {sum(r[0] for r in runs) / len(runs):.3f}"
            f" vs best classic {sum(r[1] for r in runs) / len(runs):.3f}; below in {len(below)}"
            + (f" (worst {worst[0]:+.3f}, without {worst[1]})" if worst else "")
        )
    total = [run for runs in cases.values() for run in runs]
    if total:
        below = sum(system < classic for system, classic, _ in total)
        margin = sum(system - classic for system, classic, _ in total) / len(total)
        lines.append(
            f"all: {len(total)} theme runs, system below the best classic in {below}, mean margin {margin:+.3f}"
        )
    return lines


def rebuilt_evaluate(
    config: str | Path,
    drops: Sequence[DropSpec],
    kind: str,
    *,
    overrides: Sequence[str] = (),
    labels: dict[str, tuple[str, str | None]] | None = None,
    samples: int = 1000,
    copies: int = 6,
    out: Print = print,
) -> dict:
    """:func:`dev_evaluate` on drops rebuilt from ``drops`` in a temporary folder removed
    afterwards: ``kind`` "mixed" (:func:`mixed_drops`), "cross" (:func:`cross_drops`),
    "syndicated" (:func:`syndicated_drops`, ``copies`` per drop) or "left_out"
    (:func:`left_out_drops`). ``labels`` (as for :func:`dev_evaluate`, by original drop) are
    carried over, except to left-out drops."""
    with tempfile.TemporaryDirectory(prefix=f"summarize-{kind}-") as folder:
        if kind == "left_out":
            rebuilt = left_out_drops(drops, folder)
            out(f"\n##### every drop without one of its articles ({len(rebuilt)} drops)")
            # Hand labels name every article of a drop; P/R is the full drops' business.
            return dev_evaluate(config, rebuilt, overrides=overrides, samples=samples, out=out)
        if kind == "syndicated":
            out(f"\n##### every drop with {copies} syndicated copies of its articles (excerpts and rewordings)")
            rebuilt = syndicated_drops(drops, folder, copies)
            carried = {f"{name}+syndicated": value for name, value in (labels or {}).items()}
            return dev_evaluate(config, rebuilt, overrides=overrides, labels=carried, samples=samples, out=out)
        if kind == "mixed":
            out(f"\n##### every drop's themes over all {len(drops)} drops' articles together")
            rebuilt = mixed_drops(drops, folder)
        else:
            out(f"\n##### one theme from each of the {len(drops)} drops, over all their articles together")
            rebuilt = cross_drops(config, drops, folder)
        # A mixed drop runs one drop's themes ("seeds+mixed"); a cross drop runs every drop's.
        own = {d.name: d.name.removesuffix("+mixed") if kind == "mixed" else d.name for d in rebuilt}
        carried = {d.name: (rebased_labels(labels, drops, own[d.name]), None) for d in rebuilt} if labels else None
        return dev_evaluate(config, rebuilt, overrides=overrides, labels=carried, samples=samples, out=out)


def rebased_labels(labels: dict[str, tuple[str, str | None]], drops: Sequence[DropSpec], own: str) -> str:
    """Every drop's hand labels as one 4-column labels text for a rebuilt drop, whose
    articles are named ``<drop>__<file>``. For a mixed drop (``own`` = the drop whose
    themes it runs) another drop's sentences belong to none of its themes; for a cross
    drop (``own`` not a drop name) a theme ``t`` of drop ``d`` is ``d.t``."""
    lines = []
    for drop in drops:
        if drop.name not in labels:
            continue
        text, column = labels[drop.name]
        for row in parse_labels(text, f"labels for {drop.name}", column):
            if own in labels:
                theme = row.theme if drop.name == own else "none"
            else:
                theme = "none" if row.theme == "none" else f"{drop.name}.{row.theme}"
            where = ["*" if v is None else str(v) for v in (row.paragraph, row.sentence)]
            lines.append("\t".join([f"{drop.name}__{row.article}", *where, theme]))
    return "\n".join(lines) + "\n"


def dev_evaluate(
    config: str | Path,
    drops: Sequence[DropSpec],
    *,
    overrides: Sequence[str] = (),
    labels: dict[str, tuple[str, str | None]] | None = None,
    samples: int = 1000,
    out: Print = print,
) -> dict:
    """Run and evaluate every drop; print per-drop and pooled tables and theme P/R.

    Args:
        config: The YAML config.
        drops: Drop folders (see :func:`dev_drops`).
        overrides: ``--set`` values applied to every drop.
        labels: Drop name -> (labels TSV text, drop column value or None for a 4-column file).
        samples: Bootstrap resamples.
        out: Where the tables go.
    Returns:
        ``{"drops": {name: {"macro": {system: {metric: mean}}, "oracle_ratio": {...}, "themes_pr": [...]}},
        "pooled": {...}}`` for machines.
    """
    from summarize.config import load_config
    from summarize.embed import make_embedder
    from summarize.pipeline import run

    runs = []
    result: dict = {"drops": {}}
    embedder = None
    for drop in drops:
        settings = load_config(
            config,
            [*overrides, "generate.model="] if not _has_model(overrides) else list(overrides),
            themes_file=drop.themes,
            input=drop.input,
            references=drop.references,
        )
        if embedder is None and not settings.embed.disk_cache:
            embedder = make_embedder(settings.embed.model)
        run_result = run(settings, embedder=embedder, notice=lambda _: None)
        runs.append(run_result)
        evaluation = evaluate_runs([run_result], names=[drop.name], options=EvaluationOptions(samples=samples))
        entry = _drop_figures(drop.name, run_result, evaluation, out)
        if labels and drop.name in labels:
            entry["themes_pr"] = _label_figures(run_result, *labels[drop.name], drop.name, out)
        result["drops"][drop.name] = entry
    if len(runs) > 1:
        result.update(_pooled_figures(runs, [d.name for d in drops], samples, out))
    return result


def _drop_figures(name: str, run_result: Any, evaluation: Any, out: Print) -> dict:
    """Print one drop's tables (ROUGE, per theme beside the best topical classic, order,
    sources) and return its figures for machines."""
    out(f"\n== {name} ({len(evaluation.themes)} themes)")
    out(text_table(evaluation))
    per_theme = {t.theme: round(t.scores["system"]["rouge2"], 3) for t in evaluation.themes}
    out("system ROUGE-2 per theme: " + ", ".join(f"{k} {v:.3f}" for k, v in per_theme.items()))
    classic = best_topical_classic(run_result, {t.theme: t.reference for t in evaluation.themes})
    out(
        "best classic (sumy, topical) ROUGE-2 per theme: "
        + ", ".join(
            f"{theme} {method} {score:.3f}{'' if per_theme[theme] >= score else ' (system below)'}"
            for theme, (method, score) in classic.items()
        )
    )
    ordering = evaluation.order
    out(_order_line(ordering))
    sources = run_result.counts["sources"]
    out(f"independent sources: {sources['independent']} of {sources['articles']} articles")
    return {
        "sources": {"articles": sources["articles"], "independent": sources["independent"]},
        "summaries": {x.theme: [sentence.text for sentence in x.sentences] for x in run_result.summaries},
        "order_agreement": {"concordant": ordering.concordant, "pairs": ordering.pairs},
        "macro": {s: {m: round(v.mean, 4) for m, v in evaluation.macro[s].items()} for s in evaluation.systems},
        "oracle_ratio": {m: round(v.mean, 4) for m, v in evaluation.oracle_ratio.get("system", {}).items()},
        "themes": {
            theme: {"system_rouge2": per_theme[theme], "best_classic": method, "best_classic_rouge2": round(score, 4)}
            for theme, (method, score) in classic.items()
        },
    }


def _label_figures(run_result: Any, text: str, column: str | None, name: str, out: Print) -> list[dict]:
    """Theme assignment precision/recall against the drop's hand labels, printed and returned."""
    rows = parse_labels(text, f"labels for {name}", column)
    pr = theme_precision_recall(run_result.sentences, run_result.theme_sentences, rows)
    out("theme assignment vs hand labels: " + ", ".join(f"{x.theme} P {x.precision:.2f} R {x.recall:.2f}" for x in pr))
    return [{"theme": x.theme, "precision": x.precision, "recall": x.recall} for x in pr]


def _pooled_figures(runs: Sequence[Any], names: Sequence[str], samples: int, out: Print) -> dict:
    """Every drop's themes pooled: the table, order agreement and macro figures."""
    pooled = evaluate_runs(list(runs), names=list(names), options=EvaluationOptions(samples=samples))
    out(f"\n== all drops pooled ({len(pooled.themes)} themes)")
    out(text_table(pooled))
    out(_order_line(pooled.order))
    return {
        "pooled_order_agreement": {"concordant": pooled.order.concordant, "pairs": pooled.order.pairs},
        "pooled": {s: {m: round(v.mean, 4) for m, v in pooled.macro[s].items()} for s in pooled.systems},
    }


def best_topical_classic(run: Any, references: dict[str, Sequence[str]]) -> dict[str, tuple[str, float]]:
    """Per theme, the best of sumy's six summarizers given the keyword sentences only.

    The reference point of the dev drops' BASELINES.md ("topical"): the goal is
    that no theme falls below it. Scored like the system (110 words, ROUGE-2 F1).

    Args:
        run: A pipeline result (its sentences, settings.themes and budget).
        references: Theme -> reference sentences.
    Returns:
        Theme -> (best method, its ROUGE-2 F1), themes in ``references`` order.
    """
    from summarize.evaluation.baselines import CLASSIC_METHODS, ranked_summary, topical_paragraphs
    from summarize.evaluation.evaluate import default_scorer, paragraph_groups

    scorer = default_scorer(run.settings.score.use_stemmer)
    groups = paragraph_groups(run.sentences)
    keywords = {t.name: t.keywords for t in run.settings.themes}
    best: dict[str, tuple[str, float]] = {}
    for theme, reference in references.items():
        topical = topical_paragraphs(groups, keywords.get(theme, ()))
        outputs = [ranked_summary(topical, m, run.settings.generate.word_budget) for m in CLASSIC_METHODS]
        scores = scorer(["\n".join(o) for o in outputs], ["\n".join(reference)] * len(outputs))
        method, score = max(zip(CLASSIC_METHODS, (s["rouge2"] for s in scores)), key=lambda x: x[1])
        best[theme] = (method, float(score))
    return best


def _order_line(agreement: OrderAgreement) -> str:
    return f"system order agreement with the references: {describe(agreement)}"


def _has_model(overrides: Sequence[str]) -> bool:
    return any(o.startswith("generate.model=") for o in overrides)
