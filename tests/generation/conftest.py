"""Session-wide tiny checkpoints (built offline once) and literal theme inputs."""

from __future__ import annotations

import pytest

from summarize.stages.generate import ThemeInput
from summarize.types import Scored, Sentence, Theme
from tests.generation.tiny_models import build_tiny_bart, build_tiny_t5

SOURCES = (
    ("a1", 0, "Acme Corp said on Monday it would cut 1,200 jobs, about 8% of its workforce."),
    ("a1", 1, "Chief executive Jane Doe said the cuts would save $450 million a year."),
    ("a2", 0, "The layoffs will hit plants in Ohio and Texas, the company said in a statement."),
    ("a2", 1, "Shares of Acme rose 3.5 percent in early trading in New York."),
    ("a3", 0, "Unions in Ohio called the decision a betrayal of loyal workers."),
)


def layoffs_input(repeat: int = 1) -> ThemeInput:
    """The layoffs theme: five literal sentences (``repeat`` copies across articles), best first."""
    sentences = [
        Sentence(f"{article}-{copy}" if copy else article, paragraph, 0, text, (article,))
        for copy in range(repeat)
        for article, paragraph, text in SOURCES
    ]
    ranked = tuple(Scored(s, round(1.0 - i / 100, 2)) for i, s in enumerate(sentences))
    return ThemeInput(Theme("layoffs", "Job cuts at Acme"), ranked, tuple(sorted(sentences[:2], key=lambda s: s.key)))


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory):
    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-t5")


@pytest.fixture(scope="session")
def tiny_flan(tmp_path_factory):
    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-flan-t5", flavour="flan")


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory):
    return build_tiny_bart(tmp_path_factory.mktemp("models") / "tiny-bart")
