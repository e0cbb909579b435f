"""The pipeline: ``run(settings) -> RunResult``, the stages in order, timed.

load -> clean -> dedup -> sentences -> themes -> rank -> select -> generate ->
attribute -> score. Each stage is a plain function of immutable values; this
module only wires them together, times them and records their counts. Writing
the outputs is the report stage's job (:func:`summarize.stages.report.write_outputs`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from summarize.config import SelectSettings, Settings
from summarize.embed import Embedder, make_embedder
from summarize.errors import InputError, OutputError
from summarize.io import safe_name, sanitize_name
from summarize.results import RunResult
from summarize.stages import attribute as attribute_stage
from summarize.stages import clean as clean_stage
from summarize.stages import compress as compress_stage
from summarize.stages import conflicts as conflict_stage
from summarize.stages import dedup as dedup_stage
from summarize.stages import discover as discover_stage
from summarize.stages import load as load_stage
from summarize.stages import rank as rank_stage
from summarize.stages import score as score_stage
from summarize.stages import select as select_stage
from summarize.stages import sentences as sentence_stage
from summarize.stages import sources as source_stage
from summarize.stages import themes as theme_stage
from summarize.stages import times as time_stage
from summarize.stages import update as update_stage
from summarize.stages.generate import generate
from summarize.text import timex
from summarize.text.names import subject
from summarize.text.sentences import previous_sentences
from summarize.types import (
    Conflict,
    Key,
    PreviousRun,
    Scored,
    Sentence,
    Summary,
    SummarySentence,
    Theme,
    ThemeInput,
    Timeline,
    Update,
    UpdateSentence,
)


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 4)


class EmbeddingCache:
    """Embeds each distinct text once per run, whatever stage asks for it."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def texts(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self._vectors})
        if missing:
            for text, vector in zip(missing, self.embedder.encode(missing)):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def sentences(self, sentences: Sequence[Sentence]) -> np.ndarray:
        return self.texts([s.text for s in sentences])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.texts(texts)


def read_references(folder: str | Path, themes: Sequence[Theme]) -> dict[str, tuple[str, ...]]:
    """Reference sentences per theme from ``<theme>.txt`` files (one sentence per line).

    Raises:
        InputError: the folder is missing, or a reference file is not UTF-8.
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"references folder not found: {path} (expected <theme>.txt files)")
    out: dict[str, tuple[str, ...]] = {}
    for theme in themes:
        file = reference_file(path, theme.name)
        if not file.is_file():
            continue
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise InputError(f"{file}: not UTF-8 text; save the reference as UTF-8") from None
        out[theme.name] = tuple(line.strip() for line in lines if line.strip())
    return out


def reference_file(folder: str | Path, theme: str) -> Path:
    """``<folder>/<theme>.txt``; the theme name must be one plain file name.

    Raises:
        UnsafeNameError: the name holds a path separator, ``..`` or a control character.
    """
    return Path(folder) / f"{safe_name(theme, 'theme name')}.txt"


def missing_references(
    folder: str | Path, themes: Sequence[Theme], found: Mapping[str, object], *, full_path: bool = True
) -> list[str]:
    """One warning per theme :func:`read_references` found no file for (those themes are not scored).

    Args:
        folder: The references folder.
        themes: The run's themes.
        found: What :func:`read_references` returned.
        full_path: Name the file by its path; otherwise by its name only, as the
            outputs do (the same drop gives the same bytes on any machine).
    """
    return [
        f"references: theme '{t.name}' has no reference file "
        f"{reference_file(folder, t.name) if full_path else reference_file(folder, t.name).name}; it is not scored "
        "(write the file, one sentence per line, to score it)"
        for t in themes
        if t.name not in found
    ]


def check_run(settings: Settings, out_dir: str | Path) -> None:
    """Checks that fail a run before any folder is created or model loaded.

    Args:
        settings: Validated settings.
        out_dir: The output folder the run will write.
    Raises:
        InputError: the input or the references folder is missing; ``update.since`` is no run's output folder.
        OutputError: the output folder is the input folder or inside it (the next run
            would read the outputs as articles).
    """
    source = Path(settings.input)
    if not source.exists():
        raise InputError(f"input not found: {source} (pass --input FOLDER or a .jsonl/.json file)")
    if settings.references and not Path(settings.references).is_dir():
        raise InputError(f"references folder not found: {settings.references} (expected <theme>.txt files)")
    if settings.update.since:
        load_stage.load_previous(settings.update.since)  # a wrong --since fails before any model loads
    if source.is_dir():
        articles, out = source.resolve(), Path(out_dir).resolve()
        if out == articles or articles in out.parents:
            raise OutputError(
                f"output folder {out_dir} is inside the input folder {settings.input}; the next run would read "
                "the outputs as articles: choose an --output outside it"
            )


def _default_embedder(settings: Settings) -> Embedder:
    if settings.embed.disk_cache:
        from summarize.embed_cache import make_cached_embedder

        return make_cached_embedder(settings)
    return make_embedder(settings.embed.model)


def themes_of(settings: Settings) -> tuple[Theme, ...]:
    return tuple(Theme(t.name, t.description, tuple(t.keywords)) for t in settings.themes)


def run(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    notice: Callable[[str], None] = print,
) -> RunResult:
    """Run every stage on the drop named by ``settings.input``.

    Args:
        settings: Validated settings.
        embedder: Sentence embedder; defaults to the one ``embed.model`` names.
        notice: Receives one-line notices (warnings, missing model).
    Returns:
        Everything the stages produced, with counts and timings; nothing is written.
    Raises:
        InputError: the drop or the references cannot be read.
        SummarizeError: a stage cannot proceed (e.g. a required model is missing).
    """
    state = _Run(settings, EmbeddingCache(embedder or _default_embedder(settings)), notice)
    state.read()
    state.prepare()
    state.assign_themes()
    state.find_conflicts()
    state.summarize()
    return state.result()


class _Run:
    """One run's stage results as they come, each stage's output an immutable value."""

    def __init__(self, settings: Settings, cache: EmbeddingCache, notice: Callable[[str], None]) -> None:
        self.settings, self.cache, self.notice = settings, cache, notice
        self.timer = _Timer()
        self.themes = themes_of(settings)
        self.discovered = not self.themes
        self.select_counts: Counter[str] = Counter()
        self.update_counts: Counter[str] = Counter()
        self.updates: tuple[Update, ...] = ()

    def warn(self, warnings: Sequence[str]) -> None:
        for warning in warnings:
            self.notice(f"warning: {warning}")

    def read(self) -> None:
        """Load the drop and the references of the given themes (discovered themes have none)."""
        settings = self.settings
        with self.timer.stage("load"):
            self.loaded = load_stage.load(settings.input, settings.load)
            folder = settings.references if self.themes else ""
            self.references = read_references(folder, self.themes) if folder else {}
            since = settings.update.since
            self.prior: PreviousRun | None = load_stage.load_previous(since) if since else None
        self.warn(self.loaded.warnings)
        self.warn(missing_references(folder, self.themes, self.references) if folder else ())
        unscored = missing_references(folder, self.themes, self.references, full_path=False) if folder else ()
        self.unscored = tuple(unscored)

    def prepare(self) -> None:
        """Clean, dedup, split into sentences, embed them and group the articles into sources."""
        settings = self.settings
        with self.timer.stage("clean"):
            self.cleaned = clean_stage.clean(self.loaded.paragraphs, settings.clean)
        self.warn(self.cleaned.warnings)
        with self.timer.stage("dedup"):
            self.deduped = dedup_stage.dedup(self.cleaned.paragraphs, settings.dedup, seed=settings.seed)
        with self.timer.stage("sentences"):
            # Places are counted among the paragraphs cleaning kept, before dedup drops copies.
            positions = sentence_stage.paragraph_positions(self.cleaned.paragraphs)
            self.split = sentence_stage.sentences(
                self.deduped.paragraphs, self.deduped.clusters, settings.sentences, positions
            )
        with self.timer.stage("sources"):
            sentences = self.split.sentences
            self.vectors = self.cache.sentences(sentences)
            sources = settings.sources
            self.groups = source_stage.group_sources(
                sentences, self.vectors, sources.copy_paraphrase, sources.copy_share
            )
            self.support = source_stage.support_counts(sentences, self.vectors, self.groups, sources.paraphrase)
        with self.timer.stage("times"):
            self.times = time_stage.tag_times(
                self.loaded.articles, sentences, self.vectors, self.groups, settings.times
            )

    def assign_themes(self) -> None:
        """Find the themes when none were given, assign the sentences to them and rank each theme's."""
        settings, sentences = self.settings, self.split.sentences
        if self.discovered:
            with self.timer.stage("discover"):
                found = discover_stage.discover_themes(sentences, self.vectors, settings.discover)
            self.themes, self.discover_counts = found.themes, dict(found.counts)
            self.notice(f"warning: {discovered_notice(self.themes)}")
        with self.timer.stage("themes"):
            # Read as each article's reader reads it, a copy's paragraph dedup kept standing in its place.
            self.previous = previous_sentences(sentences, self.deduped.clusters)
            self.assigned = theme_stage.assign(
                sentences, self.themes, self.cache, settings.assign, self.vectors, self.previous
            )
        self.warn(self.assigned.warnings)
        with self.timer.stage("rank"):
            self.ranked = {
                name: rank_stage.rank(scored, self.cache.sentences, settings.rank, self.support)
                for name, scored in self.assigned.by_theme.items()
            }

    def find_conflicts(self) -> None:
        """Figures the sources disagree on: the drop's facts, listed under every theme whose
        sentences take part ("a 36% stake" in a layoffs sentence disagrees with "a 35% stake")."""
        settings, sentences = self.settings, self.split.sentences
        with self.timer.stage("conflicts"):
            told = [self.times.told(s)[0] for s in sentences]
            found = (
                conflict_stage.find_conflicts(sentences, self.vectors, self.groups, settings.conflicts, told)
                if settings.conflicts.enabled
                else conflict_stage.Found((), ())
            )
            self.conflicts: dict[str, tuple[Conflict, ...]] = {}
            self.timelines: dict[str, tuple[Timeline, ...]] = {}
            for name, items in self.ranked.items():
                keys = {s.sentence.key for s in items}
                self.conflicts[name] = tuple(c for c in found.conflicts if c.carriers & keys)
                self.timelines[name] = tuple(t for t in found.timelines if t.carriers & keys)

    def summarize(self) -> None:
        """Select each theme's sentences, generate (or fall back to them), attribute and score."""
        settings = self.settings
        with self.timer.stage("select"):
            self.narrative = select_stage.narrative_times(self.split.sentences)
            inputs = self._select_all()
        with self.timer.stage("generate"):
            drafts = generate(
                inputs, settings.generate, seed=settings.seed, cache_dir=Path(settings.cache_dir), notice=self.notice
            )
        with self.timer.stage("attribute"):
            clusters = self.deduped.cluster_of()
            self.summaries = tuple(
                replace(
                    attribute_stage.attribute(
                        draft,
                        [s.sentence for s in self.ranked[draft.theme]],
                        self.cache.texts,
                        clusters,
                        settings.attribute,
                    ),
                    conflicts=self.conflicts[draft.theme],
                    timelines=self.timelines[draft.theme],
                )
                for draft in drafts
            )
        with self.timer.stage("score"):
            use_stemmer = settings.score.use_stemmer
            self.rouge = score_stage.score(self.summaries, self.references, use_stemmer) if self.references else {}
        if self.prior is not None:
            with self.timer.stage("update"):
                self.updates = self._updates(self.prior)

    def _updates(self, prior: PreviousRun) -> tuple[Update, ...]:
        """Every theme's update summary against the previous run (``update.since``)."""
        seen = update_stage.seen_articles(self.loaded.articles, prior)
        read = [s.text for s in self.split.sentences if all(a in seen for a in s.carriers)]
        told = (read, self.cache.texts(read))
        return tuple(self._update(theme, prior, seen, told) for theme in self.themes)

    def _update(
        self, theme: Theme, prior: PreviousRun, seen: frozenset[str], told: tuple[list[str], np.ndarray]
    ) -> Update:
        """One theme's update summary: the candidates the update rules leave, selected within
        ``update.word_budget`` as the summary is, and attributed."""
        settings, ranked = self.settings, self.ranked[theme.name][: self.settings.select.max_candidates]
        known = prior.themes.get(theme.name, ())
        wordings = [self.cache.sentences([s.sentence for s in ranked])]
        if settings.select.compress:
            trimmed = [compress_stage.trim(s.sentence.text, settings.select)[0] for s in ranked]
            wordings.append(self.cache.texts(trimmed))
        judged = update_stage.judge(ranked, wordings, (known, self.cache.texts(list(known))), told)
        found = update_stage.update_candidates(
            judged, seen, settings.update, settings.select.restatement, settings.rank.round_digits, self.update_counts
        )
        chosen = self._select_theme(theme, found.ranked, settings.update.word_budget, Counter())
        draft = Summary(theme.name, "ok", "extractive", tuple(SummarySentence(s.text, origin=s.key) for s in chosen))
        cited = attribute_stage.attribute(
            draft,
            [s.sentence for s in self.ranked[theme.name]],
            self.cache.texts,
            self.deduped.cluster_of(),
            settings.attribute,
        )
        notes = () if theme.name in prior.themes else (update_stage.new_theme_note(theme.name, prior),)
        sentences = tuple(UpdateSentence(s, found.revises.get(s.origin or ("", 0, 0), "")) for s in cited.sentences)
        return Update(theme.name, prior.since, sentences, notes)

    def _select_all(self) -> list[ThemeInput]:
        budget = self.settings.generate.word_budget
        return [
            ThemeInput(theme, self.ranked[theme.name], self._select_theme(theme, self.ranked[theme.name], budget))
            for theme in self.themes
        ]

    def _select_theme(
        self, theme: Theme, ranked: Sequence[Scored], budget: int, counts: Counter[str] | None = None
    ) -> tuple[Sentence, ...]:
        """The select stage over ``ranked`` within ``budget``; ``counts`` default the run's select counts."""
        return _select(
            ranked,
            self.conflicts[theme.name],
            self.timelines[theme.name],
            self.groups,
            self.cache,
            self.settings,
            self.times,
            self.previous,
            self.narrative,
            self.select_counts if counts is None else counts,
            budget,
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """What each stage kept, dropped and found, for ``summaries.json``."""
        cleaned, deduped, groups, summaries = self.cleaned, self.deduped, self.groups, self.summaries
        return {
            "load": {
                "articles": len(self.loaded.articles),
                "paragraphs": len(self.loaded.paragraphs),
                "warnings": len(self.loaded.warnings),
            },
            "clean": {
                "kept": len(cleaned.paragraphs),
                "dropped": len(cleaned.dropped),
                **{
                    f"dropped_{_key(reason)}": n
                    for reason, n in sorted(Counter(d.reason for d in cleaned.dropped).items())
                },
            },
            "dedup": {
                "kept": len(deduped.paragraphs),
                "clusters": len([c for c in deduped.clusters if len(c.members) > 1]),
                "duplicates_removed": len(cleaned.paragraphs) - len(deduped.paragraphs),
            },
            "sentences": {
                "kept": len(self.split.sentences),
                **{f"skipped_{k}": v for k, v in self.split.skipped.items()},
            },
            "themes": {
                **{n: len(v) for n, v in self.assigned.by_theme.items()},
                "unassigned": self.assigned.unassigned,
            },
            **({"discover": self.discover_counts} if self.discovered else {}),
            "assign": dict(self.assigned.counts),
            "sources": {
                "articles": len(groups.group),
                "independent": len(set(groups.group.values())),
                "copies": sum(len(v) - 1 for v in groups.copies().values()),
            },
            "times": self.times.counts(),
            "rank": {name: len(v) for name, v in self.ranked.items()},
            "conflicts": {name: len(v) for name, v in self.conflicts.items()},
            "timelines": {name: len(v) for name, v in self.timelines.items()},
            "select": dict(self.select_counts),
            **(
                {"update": {**self.update_counts, "sentences": sum(len(u.sentences) for u in self.updates)}}
                if self.prior
                else {}
            ),
            "generate": {
                "seq2seq": sum(s.method == "seq2seq" for s in summaries),
                "extractive": sum(s.method == "extractive" for s in summaries),
                "no_coverage": sum(s.status == "no_coverage" for s in summaries),
            },
            "attribute": {
                "sentences": sum(len(s.sentences) for s in summaries),
                "unsupported": sum(not x.supported for s in summaries for x in s.sentences),
            },
        }

    def result(self) -> RunResult:
        discovered = (discovered_notice(self.themes),) if self.discovered else ()
        warnings = self.loaded.warnings + self.unscored + self.cleaned.warnings + discovered + self.assigned.warnings
        return RunResult(
            settings=self.settings,
            drop=self.loaded.drop,
            articles=self.loaded.articles,
            paragraphs=self.loaded.paragraphs,
            dropped=self.cleaned.dropped,
            clusters=self.deduped.clusters,
            sentences=self.split.sentences,
            theme_sentences=self.ranked,
            summaries=self.summaries,
            references=self.references,
            rouge=self.rouge,
            counts=self.counts(),
            timings=dict(self.timer.seconds),
            warnings=warnings,
            themes=self.themes,
            discovered=self.discovered,
            told=self.told(),
            article_dates={a: (d.date.isoformat(), d.how) for a, d in self.times.articles.items()},
            updates=self.updates,
        )

    def told(self) -> dict[Key, tuple[str, str]]:
        """The day each summary sentence's source sentence tells of, for ``summaries.json``."""
        origins = {x.origin for s in self.summaries for x in s.sentences if x.origin}
        out = {}
        for sentence in self.split.sentences:
            day, how = self.times.told(sentence) if sentence.key in origins else (None, "")
            if day is not None:
                out[sentence.key] = (day.isoformat(), how)
        return out


def _key(reason: str) -> str:
    """A reason as a counts key: "editor's note" -> "editors_note"."""
    return reason.replace("'", "").replace(" ", "_")


def discovered_notice(themes: Sequence[Theme]) -> str:
    """The one line that says the run found its own themes, and how to edit them."""
    names = ", ".join(t.name for t in themes) or "none"
    return (
        f"themes: none given (no --themes, no themes.yaml beside the drop); {len(themes)} found in the drop "
        f"({names}) and written to themes.yaml in the output folder: edit it and rerun with --themes FILE"
    )


def _similarity(cache: EmbeddingCache, ranked: Sequence[Scored]) -> np.ndarray:
    vectors = cache.sentences([s.sentence for s in ranked]).astype(np.float64)
    return vectors @ vectors.T


def _select(
    ranked: Sequence[Scored],
    conflicts: Sequence[Conflict],
    timelines: Sequence[Timeline],
    groups: source_stage.SourceGroups,
    cache: EmbeddingCache,
    settings: Settings,
    times: time_stage.Times,
    previous: Mapping[Key, Key],
    narrative: Mapping[Key, tuple[int, int]],
    counts: Counter[str],
    budget: int,
) -> tuple[Sentence, ...]:
    """The extractive summary of one theme: compressed, dated, selected within ``budget`` words, ordered.

    ``counts`` receives how often each select unit and compress rule fired.
    """
    options = settings.select
    tally = select_stage.Tally()
    texts, unplaced, trimmed = _candidate_texts(ranked, options, times)
    pool = [s for s in ranked if s.sentence.key in texts]
    similarity = _similarity(cache, pool)
    minority = frozenset(k for c in conflicts for k in c.minority)
    available = frozenset(texts) - minority - unplaced
    held = {
        "skip_minority": minority,
        "skip_unplaced": unplaced,
        "skip_stale": conflict_stage.stale(timelines, available),
        "require_latest": conflict_stage.latest(timelines, available) if options.require_latest else frozenset(),
        "skip_superseded": _superseded(pool, texts, similarity, times, options),
        "skip_background": frozenset(k for k in texts if subject(texts[k], times.background)),
    }
    common = {"round_digits": settings.rank.round_digits, "held": held, "previous": previous, "tally": tally}
    if options.method == "coverage":
        sources = {s.sentence.key: groups.of(s.sentence.carriers) for s in pool}
        chosen = select_stage.select_coverage(pool, texts, sources, budget, options, similarity=similarity, **common)
    else:
        chosen = select_stage.select_mmr(pool, cache.sentences, budget, options, texts=texts, **common)
    if options.order == "time":
        dates = {a: d.date.isoformat() for a, d in times.articles.items()}
        days = {s.key: day.isoformat() for s in chosen if (day := times.told(s)[0]) is not None}
        chosen = select_stage.order(chosen, options, dates, previous, narrative, tally, days)
    counts.update({**tally.counts(), **trimmed})
    # Closed for the reader only: selection saw the sentence as the sources split it.
    return tuple(replace(s, text=compress_stage.close_quotes(texts[s.key])) for s in chosen)


def _superseded(
    pool: Sequence[Scored],
    texts: Mapping[Key, str],
    similarity: np.ndarray,
    times: time_stage.Times,
    options: SelectSettings,
) -> frozenset[Key]:
    if not options.skip_superseded:
        return frozenset()
    told = {s.sentence.key: times.told(s.sentence)[0] for s in pool}
    keys = [s.sentence.key for s in pool]
    return select_stage.superseded_forecasts(keys, texts, similarity, told, options.outcome_similarity)


def _candidate_texts(
    ranked: Sequence[Scored], options: SelectSettings, times: time_stage.Times
) -> tuple[dict[Key, str], frozenset[Key], Counter[str]]:
    """Each candidate's text as a summary would print it (compressed, its relative times dated
    or, where its article has no date, cut), the candidates whose relative times can be neither,
    and the counts of the compress rules, ``place_times`` and ``strip_unplaced``."""
    fired: Counter[str] = Counter({f"compress_{name}": 0 for name in compress_stage.RULES})
    fired.update({"place_times": 0, "strip_unplaced": 0})
    texts, unplaced = {}, set()
    for s in ranked[: max(options.max_candidates, 1)]:
        text, trims = compress_stage.trim(s.sentence.text, options) if options.compress else (s.sentence.text, ())
        fired.update(f"compress_{name}" for name in trims)
        text, how = _dated(text, s.sentence.article, options, times)
        fired.update([how] if how in fired else [])
        if how == "unplaced":
            unplaced.add(s.sentence.key)
        texts[s.sentence.key] = text
    return texts, frozenset(unplaced), fired


def _dated(text: str, article: str, options: SelectSettings, times: time_stage.Times) -> tuple[str, str]:
    """The text with its relative times dated ("place_times") or cut ("strip_unplaced"), else as it
    is ("" when it has none, "unplaced" when they stay unresolved)."""
    found = times.resolve(text, article)
    if not found:
        return text, ""
    if all(m.date is not None for m in found):
        return (timex.place(text, found), "place_times") if options.place_times else (text, "")
    stripped = timex.strip(text, found) if options.strip_unplaced else None
    if stripped is not None and len(stripped.split()) >= options.compress_min_words:
        return stripped, "strip_unplaced"
    return text, "unplaced"


def output_dir(settings: Settings, drop: str) -> Path:
    """The output folder: ``settings.output`` with ``{drop}`` filled in.

    The drop's name comes from a file or folder name, so it is made one plain path
    component first (``..`` from a file called ``...jsonl`` must not climb out of ``runs/``).
    """
    return Path(settings.output.replace("{drop}", sanitize_name(drop)))
