import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.generation.errors import GenerationError
from summarize.generation.fetch import fetch_model, patterns, pickle_to_safetensors
from summarize.generation.resolve import resolve_model
from tests.generation.tiny_models import to_pickle_checkpoint

ROOT = Path(__file__).resolve().parents[2]


def test_only_safetensors_and_tokenizer_files_are_fetched_by_default():
    assert "*.safetensors" in patterns(False) and "*.model" in patterns(False)
    assert not any(p.endswith(".bin") for p in patterns(False))
    assert any(p.endswith(".bin") for p in patterns(True))


def test_pickle_weights_are_rewritten_as_safetensors_that_load_without_pickle(tiny_t5, tmp_path):
    import torch
    from safetensors.torch import load_file

    folder = to_pickle_checkpoint(tiny_t5, tmp_path / "bin")
    (written,) = pickle_to_safetensors(folder)
    assert written.name == "model.safetensors" and not (folder / "pytorch_model.bin").exists()
    resolved = resolve_model(str(folder))
    assert resolved.has_safetensors and not resolved.has_pickle
    original = load_file(tiny_t5 / "model.safetensors")
    converted = load_file(written)
    assert all(torch.equal(original[k], converted[k]) for k in original)


def test_fetching_offline_says_to_fetch_where_a_network_exists(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    with pytest.raises(GenerationError, match="no network"):
        fetch_model("google/flan-t5-small", tmp_path / "m")


def test_the_script_reports_an_error_without_a_traceback(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(tmp_path / "hub")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fetch_model.py"), "google/flan-t5-small", str(tmp_path / "m")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot download 'google/flan-t5-small'")
    assert "Traceback" not in done.stderr
