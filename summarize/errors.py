"""Error classes a user can cause; the CLI prints their message, never a traceback."""


class SummarizeError(Exception):
    """Base class: the message says what went wrong and what to do."""


class InputError(SummarizeError):
    """The article drop (folder, file or record) cannot be read."""


class OutputError(SummarizeError):
    """The output folder cannot be written."""


class OutputBusyError(OutputError):
    """Another process holds the output folder's lock; ``pid`` is its process id when known."""

    def __init__(self, message: str, folder: str, pid: int | None) -> None:
        super().__init__(message)
        self.folder = folder
        self.pid = pid


class UnsafeNameError(SummarizeError):
    """A name taken from the input (drop, theme) cannot be used as one file or folder name."""
