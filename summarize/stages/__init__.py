"""Pipeline stages, one module each, in run order: load, clean, dedup, sentences,
themes, rank, generate, attribute, score, report."""
