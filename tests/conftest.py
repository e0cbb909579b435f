"""Shared builders: offline environment, a deterministic embedder, tiny drops and settings."""

from __future__ import annotations

import os

# Set before anything imports huggingface libraries: a hub call would retry for ~50 s.
for _key in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_key, "1")

import functools  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402

from summarize.config import parse_settings  # noqa: E402
from summarize.embed import HashingEmbedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

THEMES_FILE = ROOT / "tests" / "data" / "acme_themes.yaml"
THEMES = yaml.safe_load(THEMES_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


def make_settings(tmp_path: Path | None = None, **overrides):
    """Settings for tests: hashing embedder, no model, tiny themes; ``overrides`` are top-level keys."""
    raw = {
        "themes": THEMES,
        "embed": {"model": "hashing"},
        "generate": {"model": ""},
        # The hashing embedder's cosines run lower than MiniLM's; these drops tell a story in two sentences.
        "assign": {"threshold": 0.2, "presence_similarity": 0.2, "presence_sentences": 2},
    }
    if tmp_path is not None:
        raw["output"] = str(tmp_path / "out")
        raw["cache_dir"] = str(tmp_path / "cache")
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key] = {**raw[key], **value}
        else:
            raw[key] = value
    return parse_settings(raw, source="test")


ARTICLES = {
    "a1.txt": (
        "Acme Corp laid off 200 staff on Monday, about 10% of its workforce.\n"
        "Subscribe to our newsletter for daily updates.\n"
        "The company said the layoffs would save money as growth slowed.\n"
        "Acme also agreed a deal to buy a 40% stake in Beta Labs for $2 billion.\n"
    ),
    "a2.txt": (
        "Acme Corp laid off 200 staff on Monday, about 10% of its workforce.\n"
        "Read Next\n"
        "Analysts said the deal for a stake in Beta Labs values the partner at $5 billion.\n"
    ),
    "a3.txt": (
        "Beta Labs welcomed the deal, saying the $2 billion stake would fund new research.\n"
        "Workers who were laid off will receive eight weeks of severance pay, the company said.\n"
    ),
}


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    return write_drop(tmp_path / "drop")


def write_drop(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    """A drop folder holding ``articles`` (file name -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


OFFLINE_ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1"}


def run_cli(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """scripts/run.py in its own process, as a user runs it (offline unless ``env`` says otherwise)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run.py"), *args],
        cwd=ROOT,
        env=env or OFFLINE_ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# A run of the tiny THEMES on the hashing embedder without a model: the CLI path in about a
# second, with the tiny drop's own themes (without them, its themes would be discovered).
FAST = [
    *("--themes", str(THEMES_FILE)),
    *("--set", "embed.model=hashing", "--set", "generate.model=", "--set", "assign.threshold=0.2"),
    *("--set", "assign.presence_similarity=0.2", "--set", "assign.presence_sentences=2"),
]


def fast_args(drop: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    return [
        "--config",
        "configs/default.yaml",
        "--input",
        str(drop),
        "--references",
        "",
        "--output",
        str(out),
        "--set",
        f"cache_dir={cache}",
        *FAST,
        *extra,
    ]


@functools.cache
def shipped_config():
    """configs/default.yaml as it ships: tests change only the settings they test."""
    from summarize.config import load_config

    return load_config(ROOT / "configs" / "default.yaml")


def shipped_select(**update):
    """The shipped select settings with ``update`` applied."""
    return shipped_config().select.model_copy(update=update)
