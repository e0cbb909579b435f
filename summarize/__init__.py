"""summarize: per-theme, source-cited summaries of a drop of news articles."""

__version__ = "0.1.0"
