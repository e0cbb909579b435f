"""Report stage: write the run's outputs atomically and render the short table.

Outputs (the contract other tools read): ``summaries.json``, ``dedup.json``,
``timings.json`` (the only file that varies between runs) and ``report.md``.
Every file is written to a temp file and flushed, then all are renamed into place,
``summaries.json`` last, so its presence means the set is complete. A single run
holds :data:`LOCK` in its output folder from start to end (:func:`output_folder`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml

from summarize.io import dumps_json, folder_lock, remove_temp_files, write_files
from summarize.metrics import ROUGE_TYPES
from summarize.results import RunResult
from summarize.text import timex
from summarize.types import Citation, Conflict, Summary, Timeline, Update

NO_COVERAGE = "no coverage in this drop"
# The output files in the order they are renamed into place: summaries.json last, so its
# presence (with the others beside it) means the set is complete.
OUTPUT_FILES = ("articles.json", "dedup.json", "report.md", "themes.yaml", "timings.json", "summaries.json")
# Held by a single run for its whole duration (batch runs hold summarize.batch.store.LOCK).
LOCK = ".summarize.lock"


def _time_json(
    origin: tuple[str, int, int] | None, told: Mapping[tuple[str, int, int], tuple[str, str]]
) -> dict[str, Any]:
    day, how = told.get(origin, (None, None)) if origin else (None, None)
    return {"time": day, "time_from": how}


def _theme_json(summary: Summary, told: Mapping[tuple[str, int, int], tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": summary.theme,
        "status": summary.status,
        "summary": summary.text,
        "method": summary.method,
        "sentences": [
            {
                "text": s.text,
                **_time_json(s.origin, told),
                "supported": s.supported,
                "sources": _sources_json(s.sources),
            }
            for s in summary.sentences
        ],
    }
    out["notes"] = list(summary.notes)
    out["conflicts"] = [
        {
            "fact": c.fact,
            "values": [{"value": v.value, "articles": list(v.articles), "sources": v.sources} for v in c.values],
            "chosen": c.chosen,
            "settled": c.settled,
        }
        for c in summary.conflicts
    ]
    out["timelines"] = [
        {
            "fact": t.fact,
            "values": [{"value": v.value, "time": v.time, "articles": list(v.articles)} for v in t.values],
        }
        for t in summary.timelines
    ]
    if summary.method == "seq2seq":
        out["guard"] = {
            "checked": summary.guard_checked,
            "replaced": [
                {"generated": r.generated, "reason": r.reason, "replacement": r.replacement}
                for r in summary.guard_replaced
            ],
        }
    return out


def _sources_json(sources: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [{"article": c.article, "paragraph": c.paragraph, "sentence": c.sentence, "score": c.score} for c in sources]


def _update_json(update: Update) -> dict[str, Any]:
    """A theme's ``update``: since when, the text, and each sentence's sources and the sentence it revises."""
    sentences = []
    for s in update.sentences:
        sentence: dict[str, Any] = {"text": s.sentence.text, "sources": _sources_json(s.sentence.sources)}
        if s.revises:
            sentence["revises"] = s.revises
        sentences.append(sentence)
    out: dict[str, Any] = {"since": update.since, "summary": update.text, "sentences": sentences}
    if update.notes:
        out["notes"] = list(update.notes)
    return out


def summaries_json(result: RunResult) -> dict[str, Any]:
    """The ``summaries.json`` document: nothing in it varies between runs."""
    themes = [_theme_json(s, result.told) for s in result.summaries]
    updates = {u.theme: u for u in result.updates}
    for theme in themes:
        if theme["name"] in updates:
            theme["update"] = _update_json(updates[theme["name"]])
    data: dict[str, Any] = {"drop": result.drop, "themes": themes}
    if result.rouge:
        data["rouge"] = {theme: dict(scores) for theme, scores in result.rouge.items()}
    data["counts"] = {stage: dict(values) for stage, values in result.counts.items()}
    if result.warnings:
        data["warnings"] = list(result.warnings)
    return data


def _date_json(found: tuple[str, str] | None) -> dict[str, str]:
    """An article's date and where it was read (the times stage), "" for both when it has none."""
    day, how = found or ("", "")
    return {"date": day, "date_from": how}


def articles_json(result: RunResult) -> dict[str, Any]:
    """The ``articles.json`` document: what the run read, each article's date and where it was
    read, for a reader and for a later run's ``--since`` (an article is known again by its id
    or, renamed, by its text's hash)."""
    return {
        "articles": [
            {"id": a.id, **_date_json(result.article_dates.get(a.id)), "sha256": a.content_hash}
            for a in sorted(result.articles, key=lambda a: a.id)
        ]
    }


def dedup_json(result: RunResult) -> dict[str, Any]:
    """The ``dedup.json`` document: clusters of two or more near-identical paragraphs."""
    return {
        "clusters": [
            {
                "kept": {"article": c.kept[0], "paragraph": c.kept[1]},
                "members": [
                    {"article": m.article, "paragraph": m.paragraph, "similarity": m.similarity} for m in c.members
                ],
            }
            for c in result.clusters
            if len(c.members) > 1
        ]
    }


def _sentence_text(result: RunResult) -> dict[tuple[str, int, int], str]:
    return {s.key: s.text for s in result.sentences}


def report_markdown(result: RunResult) -> str:
    """``report.md``: summaries with numbered citations, ROUGE and counts (timings are in ``timings.json``)."""
    lines = [f"# Summaries: {result.drop}", ""]
    texts = _sentence_text(result)
    updates = {u.theme: u for u in result.updates}
    for summary in result.summaries:
        lines += _summary_section(summary, texts)
        if summary.theme in updates:
            lines += _update_section(updates[summary.theme])
    lines += _rouge_section(result)
    if result.warnings:
        lines += ["## Warnings", "", *(f"- {w}" for w in result.warnings), ""]
    lines += ["## Counts", "", "| stage | counts |", "|---|---|"]
    for stage, values in result.counts.items():
        lines.append(f"| {stage} | " + ", ".join(f"{k} {v}" for k, v in values.items()) + " |")
    # Timings live in timings.json only: every other file is the same bytes on every run.
    lines += ["", "Per-stage timings: `timings.json`."]
    return "\n".join(lines) + "\n"


def _summary_section(summary: Summary, texts: dict[tuple[str, int, int], str]) -> list[str]:
    """One theme's section: method and notes, the cited sentences and their sources, the
    figures sources disagree on and what the faithfulness guard replaced."""
    lines = [f"## {summary.theme}", ""]
    if summary.status == "no_coverage":
        return [*lines, f"_{NO_COVERAGE}_", ""]
    lines += [f"Method: {summary.method}", ""]
    for note in summary.notes:
        lines += [f"_{note}_", ""]
    lines += _cited_lines(summary, texts)
    if summary.conflicts:
        lines += ["", "Sources disagree:", ""]
        lines += [_conflict_line(c) for c in summary.conflicts]
    if summary.timelines:
        lines += ["", "Reported over time:", ""]
        lines += [_timeline_line(t) for t in summary.timelines]
    if summary.guard_replaced:
        lines += ["", "Faithfulness guard replaced:", ""]
        lines += [f'- "{r.generated}" ({r.reason}) -> "{r.replacement}"' for r in summary.guard_replaced]
    return [*lines, ""]


def _update_section(update: Update) -> list[str]:
    """A theme's "New since <date>" part: the update's sentences, each with the articles it cites."""
    lines = [f"### New since {update.since}", ""]
    lines += [f"_{note}_\n" for note in update.notes]
    if not update.sentences:
        return [*lines, "_nothing new_", ""]
    for s in update.sentences:
        articles = ", ".join(f"`{a}`" for a in dict.fromkeys(c.article for c in s.sentence.sources))
        revision = f' _(revises: "{s.revises}")_' if s.revises else ""
        lines.append(f"- {s.sentence.text} ({articles}){revision}")
    return [*lines, ""]


def _cited_lines(summary: Summary, texts: dict[tuple[str, int, int], str]) -> list[str]:
    """The summary's sentences with citation numbers (first cited, first numbered), then
    the numbered sources with their support and the sentence quoted."""
    lines = []
    numbers: dict[tuple[str, int, int], int] = {}
    for sentence in summary.sentences:
        marks = []
        for c in sentence.sources:
            key = (c.article, c.paragraph, c.sentence)
            numbers.setdefault(key, len(numbers) + 1)
            marks.append(f"[{numbers[key]}]")
        flag = " _(unsupported)_" if not sentence.supported else ""
        lines.append(f"- {sentence.text} {''.join(dict.fromkeys(marks))}{flag}")
    lines += ["", "Sources:", ""]
    scores = {(c.article, c.paragraph, c.sentence): c.score for s in summary.sentences for c in s.sources}
    for key, number in numbers.items():
        quote = texts.get(key, "(near-identical copy of a cited paragraph)")
        lines.append(f"{number}. `{key[0]}` ¶{key[1]} s{key[2]} (support {scores[key]:.2f}): {quote}")
    return lines


def _conflict_line(conflict: Conflict) -> str:
    """A figure sources disagree on: each value with its independent sources, and which one the summary uses."""
    values = "; ".join(
        f"{v.value} ({v.sources} independent source{'' if v.sources == 1 else 's'}: {', '.join(v.articles)})"
        for v in conflict.values
    )
    verdict = (
        f"using {conflict.chosen}"
        if conflict.settled
        else f"no clear majority, so the summary may give any of them (most sources: {conflict.chosen})"
    )
    return f"- {conflict.fact}: {values}; {verdict}"


def _timeline_line(timeline: Timeline) -> str:
    """A fact's values in time order: "- deaths: 95 (Sept. 30) → 139 (Oct. 1) → 200 (Oct. 3)"."""
    days = [dt.date.fromisoformat(v.time) if v.time else None for v in timeline.values]
    last = next((d for d in reversed(days) if d), None)
    steps = (
        f"{v.value} ({timex.day_label(d, last)})" if d and last else v.value for v, d in zip(timeline.values, days)
    )
    return f"- {timeline.fact}: {' → '.join(steps)}"


def _rouge_section(result: RunResult) -> list[str]:
    """The ROUGE table per theme, or nothing when the run had no references."""
    if not result.rouge:
        return []
    lines = [
        "## ROUGE (F1)",
        "",
        "| theme | " + " | ".join(ROUGE_TYPES) + " |",
        "|---" * (len(ROUGE_TYPES) + 1) + "|",
    ]
    for theme, scores in result.rouge.items():
        lines.append(f"| {theme} | " + " | ".join(f"{scores[t]:.4f}" for t in ROUGE_TYPES) + " |")
    return [*lines, ""]


def table(result: RunResult) -> str:
    """The short table printed at the end of a run."""
    width = max([16, *(len(s.theme) + 1 for s in result.summaries)])
    header = f"{'theme':<{width}} {'status':<12} {'method':<11} {'words':>5} {'sents':>5}"
    if result.rouge:
        header += f" {'R1':>6} {'R2':>6} {'RLsum':>6}"
    rows = [header]
    for s in result.summaries:
        row = f"{s.theme:<{width}} {s.status:<12} {s.method:<11} {len(s.text.split()):>5} {len(s.sentences):>5}"
        if result.rouge:
            r = result.rouge.get(s.theme)
            row += (
                f" {r['rouge1']:>6.3f} {r['rouge2']:>6.3f} {r['rougeLsum']:>6.3f}"
                if r
                else f" {'-':>6} {'-':>6} {'-':>6}"
            )
        rows.append(row)
    return "\n".join(rows)


def themes_yaml(result: RunResult) -> str:
    """The run's themes as a themes file (``--themes FILE``): found in the drop, to edit and
    rerun, or the ones given, so every run folder says what it summarized."""
    header = (
        "# Themes found in the drop's own words (none were given). Edit them (a plain description\n"
        "# and keywords each) and rerun with --themes this-file.\n"
        if result.discovered
        else "# The themes this run summarized (--themes FILE reruns them).\n"
    )
    themes = [{"name": t.name, "description": t.description, "keywords": list(t.keywords)} for t in result.themes]
    return header + yaml.safe_dump(themes, sort_keys=False, allow_unicode=True, width=100)


def output_files(result: RunResult) -> list[tuple[str, bytes]]:
    """The output files' names and bytes, in :data:`OUTPUT_FILES` order (``summaries.json`` last)."""
    texts = {
        "articles.json": dumps_json(articles_json(result)),
        "dedup.json": dumps_json(dedup_json(result)),
        "report.md": report_markdown(result),
        "themes.yaml": themes_yaml(result),
        "timings.json": json.dumps(dict(result.timings), indent=2) + "\n",
        "summaries.json": dumps_json(summaries_json(result)),
    }
    return [(name, texts[name].encode("utf-8")) for name in OUTPUT_FILES]


def write_outputs(result: RunResult, out_dir: str | Path) -> Path:
    """Write every output file atomically into ``out_dir`` (see :func:`summarize.io.write_files`).

    All files reach the disk before any is renamed into place, so a failure (a full
    disk) leaves the previous outputs untouched; ``summaries.json`` is renamed last.

    Returns:
        The output folder.
    Raises:
        OutputError: the folder cannot be created or written; the message names the file.
    """
    folder = Path(out_dir)
    write_files(folder, output_files(result))
    return folder


@contextmanager
def output_folder(out_dir: str | Path) -> Iterator[Path]:
    """Hold ``out_dir`` for one run: created, writable, locked, and swept of a killed run's temp files.

    Enter it before the pipeline runs, so an unwritable folder or a second run on the
    same folder fails at once rather than after the models have run. A second run
    does not wait: it fails with the first run's pid.

    Yields:
        The folder.
    Raises:
        OutputError: the folder cannot be created or written, or another run holds it.
    """
    root = Path(out_dir)
    existed = root.exists()
    try:
        with folder_lock(root, LOCK) as folder:
            remove_temp_files(folder, OUTPUT_FILES)
            yield folder
    except BaseException:
        # A run that fails before writing leaves no empty folder it created behind.
        if not existed and root.is_dir() and {p.name for p in root.iterdir()} <= {LOCK}:
            (root / LOCK).unlink(missing_ok=True)
            with suppress(OSError):
                root.rmdir()
        raise
