"""The bar chart of ROUGE-2 per theme per system, as PNG bytes (matplotlib, Agg).

The figure is drawn on a bare ``matplotlib.figure.Figure`` (no pyplot global
state) and saved without the "Software" text chunk, so the same evaluation
gives the same bytes with the same matplotlib and fonts.
"""

from __future__ import annotations

import io

from summarize.evaluation import METRIC_NAMES
from summarize.evaluation.evaluate import Evaluation

# Colour-blind-safe (Okabe-Ito), fixed per system so charts compare across runs.
COLOURS = {
    "system": "#0072B2",
    "lead": "#999999",
    "lexrank": "#E69F00",
    "textrank": "#009E73",
    "oracle": "#CC79A7",
}


def rouge_chart(evaluation: Evaluation, metric: str = "rouge2") -> bytes:
    """Grouped bars: one group per theme, one bar per system, plus the macro mean.

    Args:
        evaluation: The evaluation to draw.
        metric: Which ROUGE F1 to draw.
    Returns:
        PNG bytes.
    Raises:
        ValueError: for a metric the evaluation does not have.
    """
    if metric not in evaluation.metrics:
        raise ValueError(f"Invalid metric: {metric} (expected one of {', '.join(evaluation.metrics)})")
    from matplotlib.figure import Figure

    labels = [t.label for t in evaluation.themes] + ["macro"]
    systems = evaluation.systems
    width = 0.8 / len(systems)
    figure = Figure(figsize=(max(6.0, 1.3 * len(labels) + 2), 4.0), dpi=100)
    axes = figure.add_subplot()
    for number, system in enumerate(systems):
        values = [t.scores[system][metric] for t in evaluation.themes] + [evaluation.macro[system][metric].mean]
        offsets = [i + (number - (len(systems) - 1) / 2) * width for i in range(len(labels))]
        axes.bar(offsets, values, width, label=system, color=COLOURS.get(system, "#333333"))
        interval = evaluation.macro[system][metric]
        axes.errorbar(
            offsets[-1],
            interval.mean,
            yerr=[[interval.mean - interval.low], [interval.high - interval.mean]],
            color="black",
            capsize=2,
            linewidth=0.8,
        )
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=20 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
    name = METRIC_NAMES.get(metric, metric)
    axes.set_ylabel(f"{name} F1")
    options = evaluation.options
    axes.set_title(f"{name} F1 per theme ({options.budget}-word budget; macro with {options.confidence:.0%} interval)")
    axes.set_axisbelow(True)
    axes.grid(axis="y", linewidth=0.5, alpha=0.5)
    axes.legend(ncols=len(systems), fontsize="small", loc="upper left")
    top = max([0.1] + [t.scores[s][metric] for t in evaluation.themes for s in systems])
    axes.set_ylim(0, min(1.0, top * 1.25))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
