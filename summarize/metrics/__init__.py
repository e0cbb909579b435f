"""Metric modules kept in the project so `evaluate` loads them by path, offline."""

from pathlib import Path

ROUGE_PATH = str(Path(__file__).parent / "rouge" / "rouge.py")
