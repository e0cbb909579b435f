"""Error classes a user can cause; the CLI prints their message, never a traceback."""


class SummarizeError(Exception):
    """Base class: the message says what went wrong and what to do."""


class InputError(SummarizeError):
    """The article drop (folder, file or record) cannot be read."""


class OutputError(SummarizeError):
    """The output folder cannot be written."""
