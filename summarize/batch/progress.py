"""What a batch run tells the user: a tqdm bar with ETA, one line per drop, logging.

Lines go to stdout and errors to stderr through ``tqdm.write``, so they never
tear the bar (on stderr). ``quiet`` silences the bar and the lines, not errors.
On a terminal-less stderr (cron, CI logs) tqdm hides the bar by itself.
"""

from __future__ import annotations

import logging
import sys

LOGGER = "summarize"
LEVELS = ("debug", "info", "warning", "error")


class _TqdmHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:  # noqa: BLE001 - logging must never fail the run
            self.handleError(record)


def setup_logging(level: str = "warning") -> None:
    """Send the ``summarize`` loggers to stderr at ``level``, without breaking the bar.

    Args:
        level: One of :data:`LEVELS` (case-insensitive).
    Raises:
        ValueError: an unknown level.
    """
    if level.lower() not in LEVELS:
        raise ValueError(f"log level {level!r} is not one of {', '.join(LEVELS)}")
    logger = logging.getLogger(LOGGER)
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _TqdmHandler)]
    handler = _TqdmHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


class Progress:
    """A bar over the drops to run, plus per-drop lines.

    Args:
        total: Drops to run (skipped ones are not counted).
        quiet: No bar, no lines; errors still go to stderr.
    """

    def __init__(self, total: int, *, quiet: bool = False) -> None:
        from tqdm import tqdm

        self.quiet = quiet
        # disable=None: tqdm shows the bar only when stderr is a terminal.
        self.bar = tqdm(total=total, unit="drop", desc="batch", disable=True if quiet or not total else None)

    def line(self, text: str) -> None:
        """One line on stdout, unless quiet."""
        if not self.quiet:
            from tqdm import tqdm

            tqdm.write(text, file=sys.stdout)

    def error(self, text: str) -> None:
        """One line on stderr, always."""
        from tqdm import tqdm

        tqdm.write(text, file=sys.stderr)

    def advance(self, name: str) -> None:
        """Count one drop as done, showing its name."""
        self.bar.set_postfix_str(name, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()
