"""Render an :class:`Evaluation` as ``report.md``, a self-contained ``report.html`` and text tables.

Both reports show the same sections: the macro table with intervals, the
distance to the oracle (with the product goals of BASELINES.md), ROUGE-2 per
theme (chart and table) and each theme's summary with numbered citations. The
HTML embeds the chart as a ``data:`` URI and its CSS inline, so it opens
anywhere with no external asset. Per-stage timings go to ``timings.json``
(:func:`timings_json`), the only file that varies between two runs.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Sequence
from typing import Any

from summarize.evaluation import METRIC_NAMES
from summarize.evaluation.bootstrap import Interval
from summarize.evaluation.evaluate import Evaluation, ThemeEvaluation
from summarize.evaluation.ordering import describe

CHART_FILE = "rouge2_per_theme.png"
NAMES = METRIC_NAMES
RATIO_METRICS = ("rouge1", "rouge2", "rougeLsum")
BASELINES = ("lead", "lexrank", "textrank")
# Product goals from BASELINES.md (drops the system was never tuned on).
GOAL_R2_RATIO = 0.65
GOAL_R1 = 0.45
ORDER_NOTE = (
    "Order agreement (the share of pairs of summary sentences, matched to different reference lines, "
    "that the summary tells in the reference's order): {}."
)


def _f(value: float, digits: int = 3) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{digits}f}"


def _interval(interval: Interval, digits: int = 3) -> str:
    if math.isnan(interval.mean):
        return "n/a"
    return f"{_f(interval.mean, digits)} [{_f(interval.low, digits)}, {_f(interval.high, digits)}]"


def _conf(evaluation: Evaluation) -> str:
    return f"{evaluation.options.confidence:.0%}"


def _intro(evaluation: Evaluation) -> str:
    o = evaluation.options
    n = len(evaluation.themes)
    d = len(evaluation.drops)
    return (
        f"{n} theme{'s' if n != 1 else ''} from {d} drop{'s' if d != 1 else ''} ({', '.join(evaluation.drops)}). "
        f"Every system's summary is cut to {o.budget} whitespace-separated words, then scored with "
        "rouge-score F1 (Porter stemmer, one sentence per line) through `evaluate` and the project's metric module. "
        f"Intervals: {_conf(evaluation)} percentile bootstrap over the themes ({o.samples} resamples, seed {o.seed}). "
        "Systems: `system` = this pipeline; `lead` = first sentences of each article, round-robin; "
        "`lexrank` / `textrank` = sumy over the theme's sentences; "
        "`oracle` = greedy choice of source sentences maximising ROUGE-1 + ROUGE-2 (the ceiling for extraction)."
    )


def _macro_table(evaluation: Evaluation) -> tuple[list[str], list[list[str]]]:
    header = ["system"] + [NAMES[m] for m in evaluation.metrics] + ["ROUGE-2 / oracle"]
    rows = []
    for system in evaluation.systems:
        ratio = evaluation.oracle_ratio.get(system, {}).get("rouge2")
        rows.append(
            [system]
            + [_interval(evaluation.macro[system][m]) for m in evaluation.metrics]
            + [_interval(ratio, 2) if ratio is not None else "1"]
        )
    return header, rows


def _ratio_table(evaluation: Evaluation) -> tuple[list[str], list[list[str]]]:
    header = ["system"] + [f"{NAMES[m]} / oracle" for m in RATIO_METRICS]
    rows = [
        [system] + [_interval(by_metric[m], 2) for m in RATIO_METRICS]
        for system, by_metric in evaluation.oracle_ratio.items()
    ]
    return header, rows


def _best_baseline(theme: ThemeEvaluation, metric: str) -> tuple[str, float]:
    return max(((b, theme.scores[b][metric]) for b in BASELINES if b in theme.scores), key=lambda x: x[1])


def _theme_table(evaluation: Evaluation, metric: str = "rouge2") -> tuple[list[str], list[list[str]]]:
    header = ["theme"] + list(evaluation.systems) + ["system - oracle", "system - best baseline"]
    rows = []
    for theme in evaluation.themes:
        values = [_f(theme.scores[s][metric]) for s in evaluation.systems]
        gap = theme.scores["system"][metric] - theme.scores["oracle"][metric]
        name, best = _best_baseline(theme, metric)
        rows.append([theme.label, *values, f"{gap:+.3f}", f"{theme.scores['system'][metric] - best:+.3f} ({name})"])
    return header, rows


def goals(evaluation: Evaluation) -> list[tuple[str, bool]]:
    """The product goals of BASELINES.md, each with whether this evaluation meets it.

    Returns:
        ``(description, met)`` pairs, in a fixed order.
    """
    r2_ratio = evaluation.oracle_ratio["system"]["rouge2"].mean
    r1 = evaluation.macro["system"]["rouge1"].mean
    below = [t.label for t in evaluation.themes if t.scores["system"]["rouge2"] < _best_baseline(t, "rouge2")[1] - 1e-9]
    return [
        (
            f"macro ROUGE-2 at least {GOAL_R2_RATIO:.2f} of the oracle's (now {_f(r2_ratio, 2)})",
            r2_ratio >= GOAL_R2_RATIO,
        ),
        (f"macro ROUGE-1 at least {GOAL_R1:.2f} (now {_f(r1)})", r1 >= GOAL_R1),
        (
            "no theme below the best classic baseline on ROUGE-2" + (f" (below: {', '.join(below)})" if below else ""),
            not below,
        ),
    ]


def _summary_blocks(evaluation: Evaluation) -> list[dict[str, Any]]:
    """Per scored theme: the reference, the system's sentences with numbered sources, the other outputs."""
    blocks = []
    runs = dict(zip(evaluation.drops, evaluation.runs, strict=True))
    for theme in evaluation.themes:
        run = runs[theme.drop]
        texts = {s.key: s.text for s in run.sentences}
        titles = {a.id: a.title for a in run.articles}
        summary = next((s for s in run.summaries if s.theme == theme.theme), None)
        numbers: dict[tuple[str, int, int], int] = {}
        support: dict[tuple[str, int, int], float] = {}
        sentences = []
        for sentence in summary.sentences if summary is not None else ():
            marks = []
            for c in sentence.sources:
                key = (c.article, c.paragraph, c.sentence)
                numbers.setdefault(key, len(numbers) + 1)
                support.setdefault(key, c.score)
                marks.append(numbers[key])
            sentences.append((sentence.text, list(dict.fromkeys(marks)), sentence.supported))
        sources = [
            (
                number,
                key,
                support[key],
                titles.get(key[0], ""),
                texts.get(key, "(near-identical copy of a cited paragraph)"),
            )
            for key, number in numbers.items()
        ]
        blocks.append(
            {
                "theme": theme,
                "status": summary.status if summary is not None else "missing",
                "method": summary.method if summary is not None else "none",
                "sentences": sentences,
                "sources": sources,
            }
        )
    return blocks


def timings_json(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation's ``timings.json``: per drop, the pipeline's seconds per stage; then the evaluation's own."""
    return {
        "drops": {drop: dict(run.timings) for drop, run in zip(evaluation.drops, evaluation.runs)},
        "evaluation": dict(evaluation.timings),
    }


TIMINGS_NOTE = "Per-stage timings: {} (the only file that differs between two runs)."


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def markdown_report(evaluation: Evaluation, chart_file: str = CHART_FILE) -> str:
    """``report.md``: every section of the evaluation, the chart linked as ``chart_file``.

    Args:
        evaluation: The evaluation.
        chart_file: Path of the PNG relative to the report.
    Returns:
        Markdown text.
    """
    lines = [f"# Evaluation: {', '.join(evaluation.drops)}", "", _intro(evaluation), ""]
    lines += [f"## Macro ROUGE F1 ({_conf(evaluation)} interval)", ""]
    lines += _md_table(*_macro_table(evaluation))
    lines += ["## Distance to the oracle", "", "Macro score of each system divided by the oracle's.", ""]
    lines += _md_table(*_ratio_table(evaluation))
    lines += ["Goals (BASELINES.md):", ""]
    lines += [f"- [{'x' if met else ' '}] {text}" for text, met in goals(evaluation)]
    lines += ["", ORDER_NOTE.format(describe(evaluation.order))]
    lines += ["", "## ROUGE-2 per theme", "", f"![ROUGE-2 F1 per theme and system]({chart_file})", ""]
    lines += _md_table(*_theme_table(evaluation))
    lines += ["## Summaries", ""]
    for block in _summary_blocks(evaluation):
        theme: ThemeEvaluation = block["theme"]
        scores = theme.scores["system"]
        lines += [f"### {theme.label}", ""]
        lines += [
            f"Status: {block['status']}, method: {block['method']}; "
            + ", ".join(f"{NAMES[m]} {scores[m]:.3f}" for m in RATIO_METRICS),
            "",
        ]
        if not block["sentences"]:
            lines += ["_No summary: no coverage in this drop._", ""]
        for text, marks, supported in block["sentences"]:
            flag = " _(unsupported)_" if not supported else ""
            lines.append(f"- {text} {''.join(f'[{n}]' for n in marks)}{flag}".rstrip())
        if block["sources"]:
            lines += ["", "Sources:", ""]
            for number, key, score, title, quote in block["sources"]:
                named = f" ({title})" if title else ""
                lines.append(f"{number}. `{key[0]}`{named} ¶{key[1]} s{key[2]} (support {score:.2f}): {quote}")
        lines += ["", "Reference:", ""] + [f"> {line}" for line in theme.reference] + [""]
        lines += ["<details><summary>Baselines and oracle (as scored)</summary>", ""]
        for system in evaluation.systems:
            if system == "system":
                continue
            lines += [f"**{system}** (ROUGE-2 {theme.scores[system]['rouge2']:.3f}):", ""]
            lines += [f"- {line}" for line in theme.outputs[system]] or ["- (empty)"]
            lines.append("")
        lines += ["</details>", ""]
    lines += [TIMINGS_NOTE.format("`timings.json`")]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 72rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.55rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f0f0f0; }
tr.system td { font-weight: 600; background: #eef5fb; }
img { max-width: 100%; height: auto; }
blockquote { margin: 0.5rem 0; padding-left: 0.8rem; border-left: 3px solid #ccc; color: #444; }
.cite { color: #0072B2; font-size: 0.85em; }
.unsupported { color: #b00; font-size: 0.85em; }
.met { color: #060; } .missed { color: #b00; }
code { background: #f5f5f5; padding: 0 0.2rem; }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]], highlight: str | None = "system") -> str:
    parts = ["<table>", "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cls = ' class="system"' if highlight is not None and row and row[0] == highlight else ""
        parts.append(f"<tr{cls}>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def html_report(evaluation: Evaluation, chart_png: bytes) -> str:
    """``report.html``: the Markdown report's sections in one self-contained page.

    Args:
        evaluation: The evaluation.
        chart_png: The ROUGE-2 chart, embedded as a ``data:`` URI.
    Returns:
        HTML text with inline CSS and no external reference (no scripts, links or remote images).
    """
    title = f"Evaluation: {', '.join(evaluation.drops)}"
    body = [f"<h1>{_e(title)}</h1>", *_html_overview(evaluation, chart_png), "<h2>Summaries</h2>"]
    for block in _summary_blocks(evaluation):
        body += _html_summary(evaluation, block)
    body.append(f"<p>{TIMINGS_NOTE.format('<code>timings.json</code>')}</p>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_overview(evaluation: Evaluation, chart_png: bytes) -> list[str]:
    """The report's sections before the summaries: intro, macro table, distance to the
    oracle with the goals, order agreement, and ROUGE-2 per theme (chart and table)."""
    image = base64.b64encode(chart_png).decode("ascii")
    body = [f"<p>{_e(_intro(evaluation))}</p>"]
    body += [f"<h2>Macro ROUGE F1 ({_e(_conf(evaluation))} interval)</h2>", _html_table(*_macro_table(evaluation))]
    body += ["<h2>Distance to the oracle</h2>", "<p>Macro score of each system divided by the oracle's.</p>"]
    body += [_html_table(*_ratio_table(evaluation)), "<p>Goals (BASELINES.md):</p>", "<ul>"]
    for text, met in goals(evaluation):
        mark = '<span class="met">met</span>' if met else '<span class="missed">not met</span>'
        body.append(f"<li>{mark}: {_e(text)}</li>")
    body += ["</ul>", f"<p>{_e(ORDER_NOTE.format(describe(evaluation.order)))}</p>"]
    body += ["<h2>ROUGE-2 per theme</h2>"]
    body.append(f'<img alt="ROUGE-2 F1 per theme and system" src="data:image/png;base64,{image}">')
    body.append(_html_table(*_theme_table(evaluation), highlight=None))
    return body


def _html_summary(evaluation: Evaluation, block: dict[str, Any]) -> list[str]:
    """One theme's section: status and scores, the cited sentences, their sources, the
    reference, and the baselines' and oracle's summaries folded away."""
    theme: ThemeEvaluation = block["theme"]
    scores = theme.scores["system"]
    body = [f"<h3>{_e(theme.label)}</h3>"]
    body.append(
        f"<p>Status: {_e(block['status'])}, method: {_e(block['method'])}; "
        + _e(", ".join(f"{NAMES[m]} {scores[m]:.3f}" for m in RATIO_METRICS))
        + "</p>"
    )
    body += _html_sentences(block)
    body += _html_sources(block)
    body.append("<p>Reference:</p><blockquote>" + "<br>".join(_e(x) for x in theme.reference) + "</blockquote>")
    body += _html_baselines(evaluation, theme)
    return body


def _html_sentences(block: dict[str, Any]) -> list[str]:
    """The summary's sentences with their citation numbers, unsupported ones flagged."""
    if not block["sentences"]:
        return ["<p><em>No summary: no coverage in this drop.</em></p>"]
    body = ["<ul>"]
    for text, marks, supported in block["sentences"]:
        cites = "".join(f"[{n}]" for n in marks)
        flag = ' <span class="unsupported">(unsupported)</span>' if not supported else ""
        body.append(f'<li>{_e(text)} <span class="cite">{_e(cites)}</span>{flag}</li>')
    return [*body, "</ul>"]


def _html_sources(block: dict[str, Any]) -> list[str]:
    """The numbered sources the citations point to (nothing when none is cited)."""
    if not block["sources"]:
        return []
    body = ["<p>Sources:</p><ol>"]
    for number, key, score, title, quote in block["sources"]:
        named = f" ({title})" if title else ""
        body.append(
            f'<li value="{number}"><code>{_e(key[0])}</code>{_e(named)} ¶{key[1]} s{key[2]} '
            f"(support {score:.2f}): {_e(quote)}</li>"
        )
    return [*body, "</ol>"]


def _html_baselines(evaluation: Evaluation, theme: ThemeEvaluation) -> list[str]:
    """Every other system's summary of ``theme`` as scored, in a folded ``<details>``."""
    body = ["<details><summary>Baselines and oracle (as scored)</summary>"]
    for system in evaluation.systems:
        if system == "system":
            continue
        body.append(f"<p><strong>{_e(system)}</strong> (ROUGE-2 {theme.scores[system]['rouge2']:.3f}):</p>")
        lines = theme.outputs[system] or ("(empty)",)
        body.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
    return [*body, "</details>"]


# --- Text (terminal) -------------------------------------------------------------------------------


def text_table(evaluation: Evaluation) -> str:
    """The macro table for the terminal: mean [low, high] per system and metric, and the oracle ratio."""
    metrics = ("rouge1", "rouge2", "rougeLsum")
    header = f"{'system':<9}" + "".join(f" {NAMES[m]:<21}" for m in metrics) + " R2/oracle"
    lines = [f"macro ROUGE F1 over {len(evaluation.themes)} themes, {_conf(evaluation)} bootstrap interval", header]
    for system in evaluation.systems:
        ratio = evaluation.oracle_ratio.get(system, {}).get("rouge2")
        cells = "".join(f" {_interval(evaluation.macro[system][m]):<21}" for m in metrics)
        lines.append(f"{system:<9}{cells} {_f(ratio.mean, 2) if ratio is not None else '1.00'}")
    return "\n".join(lines)
