"""A batch run: every drop of a folder into ``OUT/<drop>/``, incremental, resumable, on Dask if asked.

lock ``OUT`` -> remove a killed run's leftovers -> plan (find the drops, hash them,
skip those the manifest shows done with the same hashes) -> run the rest, here or
on a Dask cluster -> as each result arrives: write its folder (temp + rename),
then the manifest -> rebuild ``index.json``/``index.md``.

Only this process writes ``OUT``; workers compute and return. Results are
written in arrival order, but every file is a function of one drop's inputs and
the manifest and index are sorted by drop name, so serial and Dask runs write
the same bytes (``timings.json`` and the timings in ``report.md`` aside, as in
any run).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from summarize.batch import store
from summarize.batch.chain import chain_order, predecessors, with_since
from summarize.batch.drops import DropSource, config_hash, content_hash, drop_settings, find_drops
from summarize.batch.index import write_index
from summarize.batch.progress import Progress
from summarize.batch.worker import DropJob, DropOutcome, run_drop
from summarize.config import ConfigError, Settings
from summarize.errors import SummarizeError

log = logging.getLogger("summarize.batch")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch.

    ``force`` redoes unchanged drops; ``workers`` > 0 runs drops on a local Dask
    cluster of that many processes; ``scheduler`` (``tcp://host:port``) sends them
    to an existing cluster instead; ``quiet`` silences the bar and per-drop lines.
    """

    force: bool = False
    workers: int = 0
    scheduler: str = ""
    quiet: bool = False


@dataclass
class BatchReport:
    """What a batch run did; ``exit_code`` is the command's exit status."""

    drops: int = 0
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    embedded: int = 0
    cached: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed else EXIT_OK

    def line(self, out: Path) -> str:
        """The one-line summary printed at the end."""
        looked_up = self.embedded + self.cached
        rate = f" ({self.cached / looked_up:.0%} cached)" if looked_up else ""
        return (
            f"batch: {self.drops} drops: {len(self.done)} done, {len(self.skipped)} unchanged, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s; sentence embeddings: {self.embedded} computed, "
            f"{self.cached} from cache{rate}; index: {out / 'index.md'}"
        )


@dataclass
class _Plan:
    jobs: list[DropJob] = field(default_factory=list)
    hashes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, DropSource] = field(default_factory=dict)
    chained: bool = False  # a job's predecessor must be written first: the jobs run in order, serially


def _entry(source: DropSource, hashes: tuple[str | None, str | None], error: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "status": "failed" if error else "ok",
        "source": source.entry,
        "content_hash": hashes[0],
        "config_hash": hashes[1],
    }
    if error:
        entry["error"] = error
    return entry


def _redo_reason(previous: Mapping[str, Any] | None, hashes: tuple[str, str], complete: bool, force: bool) -> str:
    """Why a drop must run, or "" when its complete folder is up to date."""
    if previous is None:
        return "new"
    if previous.get("status") != "ok":
        return "failed last time"
    if previous.get("content_hash") != hashes[0]:
        return "content changed"
    if previous.get("config_hash") != hashes[1]:
        return "config changed"
    if not complete:
        return "output folder missing"
    return "--force" if force else ""


def plan(
    settings: Settings,
    sources: Sequence[DropSource],
    out: Path,
    previous: Mapping[str, Mapping[str, Any]],
    *,
    force: bool = False,
    report: BatchReport,
) -> _Plan:
    """Decide which drops to run; drops that cannot run are recorded as failed in ``report``.

    Args:
        settings: The batch's settings.
        sources: The drops (see :func:`~summarize.batch.drops.find_drops`).
        out: The output folder.
        previous: The manifest's entries from the last run.
        force: Run unchanged drops too.
        report: Receives skipped and failed drops.
    Returns:
        The jobs, their hashes, and the manifest entries to start from (an old entry
        stays until its drop's new folder is written, since it still describes the folder).
    """
    result = _Plan()
    before, chain_problems = predecessors(sources)
    for source in chain_order(sources, before):
        name = source.name
        result.sources[name] = source
        problem = source.problem or chain_problems.get(name, "")
        if problem:
            report.failed[name] = problem
            result.entries[name] = _entry(source, (None, None), problem)
            continue
        try:
            settings_of_drop = drop_settings(settings, source)
            if name in before:
                settings_of_drop = with_since(settings_of_drop, (out / before[name]).resolve())
            hashes = (content_hash(source, settings_of_drop.load.extensions), config_hash(settings_of_drop))
        except (ConfigError, SummarizeError) as exc:
            report.failed[name] = str(exc)
            result.entries[name] = _entry(source, (None, None), str(exc))
            continue
        old = previous.get(name)
        reason = _redo_reason(old, hashes, store.is_complete(out, name), force)
        if not reason and before.get(name) in result.hashes:
            reason = "the drop before it runs again"
        if old is not None:
            result.entries[name] = dict(old)
        if not reason:
            log.info("%s: unchanged, skipped", name)
            report.skipped.append(name)
            continue
        log.info("%s: to run (%s)", name, reason)
        result.jobs.append(DropJob(name, settings_of_drop))
        result.hashes[name] = hashes
        result.chained = result.chained or name in before
    return result


def _serially(jobs: Sequence[DropJob]) -> Iterator[DropOutcome]:
    for job in jobs:
        yield run_drop(job)


def _on_dask(jobs: Sequence[DropJob], workers: int, scheduler: str) -> Iterator[DropOutcome]:
    """Outcomes in the order they finish, from a local cluster or the one at ``scheduler``."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SummarizeError("--workers and --scheduler need Dask: pip install 'dask[distributed]'") from None
    with ExitStack() as stack:
        if not log.isEnabledFor(logging.INFO):
            # The client side too: a comm closing while the client shuts down is logged with
            # a traceback although every result is in (the same race as in the workers).
            dask_log = logging.getLogger("distributed")
            stack.callback(dask_log.setLevel, dask_log.level)
            dask_log.setLevel(logging.CRITICAL)
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="20s"))
            except (OSError, ValueError) as exc:
                raise SummarizeError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc}); check that it runs and the address "
                    "is tcp://HOST:PORT, or use --workers N for a local cluster"
                ) from None
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    host="127.0.0.1",
                    dashboard_address=None,
                    processes=True,
                    # Dask's own warnings and shutdown errors (a worker killed after a slow shutdown,
                    # a heartbeat racing the scheduler's close, logged with a traceback) are harmless
                    # once the results are in, and a task that really fails reaches the user through
                    # future.result() below. So they show only when the user asked for info or debug.
                    silence_logs=logging.WARNING if log.isEnabledFor(logging.INFO) else logging.CRITICAL,
                )
            )
            client = stack.enter_context(Client(cluster))
        futures = {client.submit(run_drop, job, pure=False): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails its drop, not the batch
                outcome = DropOutcome(job.name, None, error=f"the Dask task failed ({type(exc).__name__}: {exc})")
            future.release()
            yield outcome


def _drop_line(outcome: DropOutcome) -> str:
    result = outcome.result
    assert result is not None
    covered = sum(s.status == "ok" for s in result.summaries)
    return (
        f"{outcome.name}: ok in {outcome.seconds:.1f} s, {len(result.articles)} articles, "
        f"{covered}/{len(result.summaries)} themes covered, "
        f"embeddings {outcome.embedded} computed / {outcome.cached} cached"
    )


def _record(out: Path, outcome: DropOutcome, work: _Plan, report: BatchReport, progress: Progress) -> None:
    """Write one drop's folder, then its manifest entry."""
    from summarize.stages.report import write_outputs

    name = outcome.name
    if outcome.result is not None:
        result = outcome.result
        try:
            store.commit_folder(out, name, lambda folder: write_outputs(result, folder))
        except SummarizeError as exc:
            outcome = replace(outcome, result=None, error=str(exc))
    report.embedded += outcome.embedded
    report.cached += outcome.cached
    source = work.sources[name]
    if outcome.result is None:
        report.failed[name] = outcome.error
        work.entries[name] = _entry(source, work.hashes[name], outcome.error)
        progress.error(f"error: drop {name}: {outcome.error}")
        if outcome.detail:
            log.debug("%s: %s", name, outcome.detail)
    else:
        report.done.append(name)
        work.entries[name] = _entry(source, work.hashes[name])
        progress.line(_drop_line(outcome))
    store.write_manifest(out, work.entries)


def run_batch(settings: Settings, drops: str | Path, out_dir: str | Path, options: BatchOptions) -> BatchReport:
    """Run every drop of ``drops`` into ``out_dir``; print progress and a summary line.

    Args:
        settings: The validated config (with ``--set``/``--themes`` applied); each drop's
            ``themes.yaml`` and ``references/`` override it for that drop.
        drops: The batch folder.
        out_dir: The output folder (``OUT``).
        options: See :class:`BatchOptions`.
    Returns:
        What happened; ``exit_code`` is 0 when every drop is done or unchanged, 1 when a drop
        failed, 130 when interrupted (rerun to finish).
    Raises:
        InputError: the batch folder is missing or holds no drop.
        OutputError: ``out_dir`` cannot be written or another batch is writing to it.
        SummarizeError: the Dask scheduler cannot be reached.
    """
    start = time.perf_counter()
    out = Path(out_dir)
    report = BatchReport()
    sources = find_drops(drops, exclude=[out])  # first: a wrong DROPS_DIR must not create OUT
    with store.locked(out):
        work = _prepare(settings, sources, out, options, report)
        progress = Progress(len(work.jobs), quiet=options.quiet)
        _announce_plan(report, progress)
        _run_jobs(out, work, options, report, progress)
        write_index(out, work.entries)
    report.seconds = round(time.perf_counter() - start, 3)
    _announce_end(out, report, progress)
    return report


def _prepare(
    settings: Settings, sources: Sequence[DropSource], out: Path, options: BatchOptions, report: BatchReport
) -> _Plan:
    """Clear a killed run's leftovers from ``out``, plan the drops and write the starting manifest.

    Call only while holding ``out``'s lock: a live writer's temp files look like leftovers.
    """
    removed = store.remove_stale(out)
    if removed:
        log.info("removed what an interrupted run left: %s", ", ".join(removed))
    previous, warning = store.read_manifest(out)
    if warning:
        log.warning(warning)
    report.drops = len(sources)
    work = plan(settings, sources, out, previous, force=options.force, report=report)
    store.write_manifest(out, work.entries)
    return work


def _announce_plan(report: BatchReport, progress: Progress) -> None:
    """Say which drops failed before running and how many were skipped, before any drop runs."""
    for name, error in report.failed.items():
        progress.error(f"error: drop {name}: {error}")
    if report.skipped:
        progress.line(f"{len(report.skipped)} unchanged drops skipped (--force redoes them)")


def _run_jobs(out: Path, work: _Plan, options: BatchOptions, report: BatchReport, progress: Progress) -> None:
    """Run the planned jobs (here or on Dask) and record each outcome as it arrives.

    An interrupt stops the run cleanly: what is recorded stays, ``report.interrupted`` is set.
    """
    seen: set[str] = set()
    parallel = bool(work.jobs) and (options.workers > 0 or bool(options.scheduler))  # no cluster for no work
    if parallel and work.chained:
        log.warning("drops chained by date or 'since' run one after another, not on Dask")
        parallel = False
    outcomes = _on_dask(work.jobs, options.workers, options.scheduler) if parallel else _serially(work.jobs)
    try:
        # Closing the generator shuts the Dask cluster down on an interrupt too.
        with closing(outcomes):
            for outcome in outcomes:
                _log_notices(outcome, seen)
                _record(out, outcome, work, report, progress)
                progress.advance(outcome.name)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        progress.close()


def _log_notices(outcome: DropOutcome, seen: set[str]) -> None:
    """Log the outcome's notices not ``seen`` yet: the same notice for every drop (e.g. a
    missing model) is said once."""
    for notice in outcome.notices:
        if notice not in seen:
            seen.add(notice)
            log.warning("%s: %s", outcome.name, notice)


def _announce_end(out: Path, report: BatchReport, progress: Progress) -> None:
    """Print how the batch ended (interrupted, drops failed) and the summary line."""
    if report.interrupted:
        progress.error(f"interrupted: {len(report.done)} drops done; run the same command again to finish")
    elif report.failed:
        names = ", ".join(sorted(report.failed))
        progress.error(f"error: {len(report.failed)} of {report.drops} drops failed ({names}); see {out / 'index.md'}")
    progress.line(report.line(out))
