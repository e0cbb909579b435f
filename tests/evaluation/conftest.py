"""Builders for evaluation tests: a fast rouge-score scorer and hand-made pipeline runs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from summarize.types import Article, Citation, Scored, Sentence, Summary, SummarySentence


def rouge_score_scorer(predictions: list[str], references: list[str]) -> list[dict[str, float]]:
    """rouge-score directly (what the project's metric module wraps), without loading ``evaluate``."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    return [
        {k: v.fmeasure for k, v in scorer.score(r, p).items()} for p, r in zip(predictions, references, strict=True)
    ]


@pytest.fixture
def scorer():
    return rouge_score_scorer


def make_run(drop: str = "tiny", references: dict[str, tuple[str, ...]] | None = None):
    """A hand-made RunResult look-alike: two articles, two themes, one extractive summary each."""
    s = [
        Sentence("a1", 0, 0, "Acme laid off 200 workers on Monday."),
        Sentence("a1", 0, 1, "The cuts hit sales and support teams."),
        Sentence("a1", 1, 0, "Acme will buy Beta for two billion dollars."),
        Sentence("a2", 0, 0, "Beta agreed to the two billion dollar deal."),
        Sentence("a2", 0, 1, "Workers laid off will get eight weeks of pay."),
    ]
    themes = (SimpleNamespace(name="layoffs"), SimpleNamespace(name="deal"))
    summaries = (
        Summary(
            "layoffs",
            "ok",
            "extractive",
            (SummarySentence(s[0].text, (Citation("a1", 0, 0, 1.0), Citation("a2", 0, 1, 0.6))),),
        ),
        Summary("deal", "ok", "extractive", (SummarySentence(s[3].text, (Citation("a2", 0, 0, 1.0),)),)),
    )
    return SimpleNamespace(
        drop=drop,
        settings=SimpleNamespace(seed=13, themes=themes, references="refs"),
        articles=(Article("a1", "", title="Acme cuts jobs"), Article("a2", "", title="Beta deal")),
        sentences=tuple(s),
        theme_sentences={
            "layoffs": (Scored(s[0], 0.9), Scored(s[4], 0.8), Scored(s[1], 0.5)),
            "deal": (Scored(s[3], 0.9), Scored(s[2], 0.7)),
        },
        summaries=summaries,
        references=references
        if references is not None
        else {
            "layoffs": ("Acme laid off 200 workers.", "They get eight weeks of pay."),
            "deal": ("Acme will buy Beta for two billion dollars.",),
        },
        timings={"load": 0.01, "generate": 0.02},
    )


@pytest.fixture
def tiny_evaluation(scorer):
    from summarize.evaluation.evaluate import EvaluationOptions, evaluate_runs

    return evaluate_runs([make_run()], options=EvaluationOptions(samples=200), scorer=scorer)
