"""Batch runs over a folder of article drops; see docs/batch.md.

``run_batch(settings, drops_dir, out_dir, BatchOptions(...))`` processes every
drop into ``out_dir/<drop>/`` with ``index.json``, ``index.md`` and
``manifest.json``. Modules: ``drops`` (finding drops, hashes, per-drop settings),
``store`` (lock, complete-or-absent folders, manifest), ``worker`` (one drop,
importable by Dask workers), ``index``, ``progress``, ``runner`` (the run).
"""

from summarize.batch.progress import LEVELS, setup_logging
from summarize.batch.runner import BatchOptions, BatchReport, run_batch

__all__ = ["LEVELS", "BatchOptions", "BatchReport", "run_batch", "setup_logging"]
