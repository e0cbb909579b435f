"""One drop, start to finish, in whatever process runs it (this one, or a Dask worker).

:func:`run_drop` is a module-level function so Dask workers can import it. It
computes and returns; it writes nothing but the embedding cache. The batch's
client process writes the drop folder from the returned result, so a worker
left running after its client was killed cannot touch the output folder.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from dataclasses import dataclass

from summarize import pipeline
from summarize.config import ConfigError, Settings
from summarize.embed_cache import make_cached_embedder
from summarize.errors import SummarizeError


@dataclass(frozen=True)
class DropJob:
    """What a worker needs: the drop's name and its full settings (absolute paths)."""

    name: str
    settings: Settings


@dataclass(frozen=True)
class DropOutcome:
    """What a worker returns.

    ``result`` is None when the drop failed; ``error`` then says why in one line and
    ``detail`` holds a traceback for errors that are not the user's (logged at debug).
    ``embedded``/``cached`` count the distinct texts computed and found in the cache.
    """

    name: str
    result: pipeline.RunResult | None
    error: str = ""
    detail: str = ""
    notices: tuple[str, ...] = ()
    embedded: int = 0
    cached: int = 0
    seconds: float = 0.0


def run_drop(job: DropJob) -> DropOutcome:
    """Run the pipeline on one drop (with the disk-cached embedder when ``embed.disk_cache`` is on).

    Args:
        job: The drop's name and settings.
    Returns:
        The outcome; a drop that cannot be run is a failed outcome, never an exception,
        so one bad drop does not stop the batch.
    """
    start = time.perf_counter()
    notices: list[str] = []
    embedder = make_cached_embedder(job.settings) if job.settings.embed.disk_cache else None
    result = None
    error = detail = ""
    try:
        result = pipeline.run(job.settings, embedder=embedder, notice=notices.append)
        # The drop is named after its batch entry, also when its articles sit in an articles/ subfolder.
        result = dataclasses.replace(result, drop=job.name)
    except (SummarizeError, ConfigError) as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure of one drop must leave the others running
        error = f"unexpected {type(exc).__name__}: {exc} (a bug: please report it with this drop)"
        detail = traceback.format_exc()
    return DropOutcome(
        name=job.name,
        result=result,
        error=error,
        detail=detail,
        notices=tuple(notices),
        embedded=embedder.misses if embedder else 0,
        cached=embedder.hits if embedder else 0,
        seconds=round(time.perf_counter() - start, 3),
    )
