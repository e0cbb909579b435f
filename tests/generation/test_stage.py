import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.config import GenerateSettings
from summarize.generation.errors import ModelNotFoundError
from summarize.stages.generate import ThemeInput, generate
from summarize.types import Scored, Sentence, Theme

ROOT = Path(__file__).resolve().parents[2]

FIRST = Sentence("a1", 0, 0, "Acme cut 1,200 jobs on Monday.", ("a1",))
SECOND = Sentence("a2", 1, 0, "The cuts affect plants in Ohio.", ("a2",))


def _inputs() -> tuple[ThemeInput, ...]:
    covered = ThemeInput(
        Theme("layoffs", "Job cuts"),
        ranked=(Scored(SECOND, 0.9), Scored(FIRST, 0.8)),
        extractive=(FIRST, SECOND),
    )
    empty = ThemeInput(Theme("empty", "Nothing"), ranked=(), extractive=())
    return covered, empty


@pytest.fixture
def no_hub(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))


def test_no_model_gives_the_extractive_summary_with_origins(tmp_path):
    summaries = generate(_inputs(), GenerateSettings(model=""), seed=1, cache_dir=tmp_path)
    covered, empty = summaries
    assert (covered.theme, covered.status, covered.method) == ("layoffs", "ok", "extractive")
    assert [s.text for s in covered.sentences] == [FIRST.text, SECOND.text]
    assert [s.origin for s in covered.sentences] == [("a1", 0, 0), ("a2", 1, 0)]
    assert all(s.sources == () for s in covered.sentences)
    assert (empty.status, empty.method, empty.sentences) == ("no_coverage", "none", ())


def test_no_inputs_give_no_summaries(tmp_path):
    assert generate((), GenerateSettings(), seed=1, cache_dir=tmp_path) == ()


def test_a_missing_model_falls_back_with_one_notice_line(tmp_path, no_hub):
    notices: list[str] = []
    settings = GenerateSettings(model="acme/absent-t5")
    summaries = generate(_inputs(), settings, seed=1, cache_dir=tmp_path, notice=notices.append)
    assert [s.method for s in summaries] == ["extractive", "none"]
    assert len(notices) == 1 and "\n" not in notices[0]
    assert "acme/absent-t5" in notices[0] and "scripts/fetch_model.py" in notices[0]
    assert any("acme/absent-t5" in note for note in summaries[0].notes)


def test_a_missing_model_raises_when_configured_to(tmp_path, no_hub):
    settings = GenerateSettings(model="acme/absent-t5", on_missing_model="error")
    with pytest.raises(ModelNotFoundError, match="acme/absent-t5"):
        generate(_inputs(), settings, seed=1, cache_dir=tmp_path, notice=lambda _: None)


def test_the_missing_model_path_never_imports_transformers_or_torch(tmp_path):
    script = """
import json, sys, time
from pathlib import Path
from summarize.config import GenerateSettings
from summarize.stages.generate import ThemeInput, generate
from summarize.types import Scored, Sentence, Theme
s = Sentence("a1", 0, 0, "Acme cut 1,200 jobs on Monday.")
item = ThemeInput(Theme("t", "d"), (Scored(s, 1.0),), (s,))
start = time.perf_counter()
settings = GenerateSettings(model="google/flan-t5-small")
out = generate([item], settings, seed=1, cache_dir=Path("."), notice=lambda m: None)
elapsed = time.perf_counter() - start
heavy = sorted(m for m in ("torch", "transformers", "ctranslate2", "huggingface_hub") if m in sys.modules)
print(json.dumps({"method": out[0].method, "heavy": heavy, "seconds": elapsed}))
"""
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HOME": str(tmp_path / "hf")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["method"] == "extractive"
    assert result["heavy"] == []
    assert result["seconds"] < 1.0


def test_an_available_model_gives_guarded_seq2seq_summaries(tiny_t5, tmp_path):
    settings = GenerateSettings(model=str(tiny_t5), threads=1, num_beams=1, min_new_tokens=4, max_new_tokens=12)
    covered, empty = generate(_inputs(), settings, seed=1, cache_dir=tmp_path, notice=pytest.fail)
    assert covered.method in ("seq2seq", "extractive") and covered.guard_checked >= 1
    assert any("via transformers" in note for note in covered.notes)
    assert empty.status == "no_coverage"
