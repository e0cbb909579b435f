"""Metric modules kept in the project so `evaluate` loads them by path, offline."""

from pathlib import Path

ROUGE_PATH = str(Path(__file__).parent / "rouge" / "rouge.py")

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
"""The ROUGE scores computed (score stage) and shown (report stage), in table order."""
