from pathlib import Path

import pytest

from summarize.generation.errors import ModelNotFoundError
from summarize.generation.resolve import hub_cache_dirs, resolve_model


def _checkpoint(folder: Path, weights: str = "model.safetensors") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text('{"model_type": "t5"}', encoding="utf-8")
    if weights:
        (folder / weights).write_bytes(b"x")
    return folder


@pytest.fixture
def empty_hub(tmp_path, monkeypatch):
    cache = tmp_path / "hub"
    cache.mkdir()
    for var in ("HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return cache


def test_a_local_folder_with_config_and_safetensors_resolves(tmp_path):
    folder = _checkpoint(tmp_path / "m")
    resolved = resolve_model(str(folder))
    assert resolved.path == folder
    assert resolved.has_safetensors and not resolved.has_pickle


def test_a_pickle_only_folder_resolves_and_says_so(tmp_path):
    resolved = resolve_model(str(_checkpoint(tmp_path / "m", "pytorch_model.bin")))
    assert resolved.has_pickle and not resolved.has_safetensors


def test_a_folder_without_config_is_missing_and_the_message_says_what_to_do(tmp_path):
    (tmp_path / "m").mkdir()
    with pytest.raises(ModelNotFoundError, match="no config.json.*fetch_model.py"):
        resolve_model(str(tmp_path / "m"))


def test_a_folder_without_weights_is_missing(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no weights"):
        resolve_model(str(_checkpoint(tmp_path / "m", weights="")))


def test_a_hub_id_resolves_to_the_snapshot_named_by_refs_main(empty_hub):
    repo = empty_hub / "models--acme--tiny-t5"
    _checkpoint(repo / "snapshots" / "aaa")
    wanted = _checkpoint(repo / "snapshots" / "bbb")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("bbb\n", encoding="utf-8")
    assert resolve_model("acme/tiny-t5").path == wanted


def test_an_incomplete_snapshot_is_skipped(empty_hub):
    repo = empty_hub / "models--acme--tiny-t5"
    (repo / "snapshots" / "aaa").mkdir(parents=True)
    with pytest.raises(ModelNotFoundError):
        resolve_model("acme/tiny-t5")


def test_hf_home_is_searched_when_hf_hub_cache_is_unset(tmp_path, monkeypatch):
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    assert hub_cache_dirs()[0] == tmp_path / "hf" / "hub"
    snapshot = _checkpoint(tmp_path / "hf" / "hub" / "models--t5-small" / "snapshots" / "r1")
    assert resolve_model("t5-small").path == snapshot


def test_a_missing_hub_id_names_the_model_and_the_fetch_command(empty_hub):
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("google/flan-t5-small")
    message = str(caught.value)
    assert "google/flan-t5-small" in message
    assert "scripts/fetch_model.py google/flan-t5-small models/flan-t5-small" in message
    assert "generate.model=models/flan-t5-small" in message
    assert "\n" not in message


def test_a_missing_nested_path_is_not_looked_up_as_a_hub_id(empty_hub):
    with pytest.raises(ModelNotFoundError, match="not a local folder"):
        resolve_model("models/acme/tiny")


def test_an_empty_name_is_refused():
    with pytest.raises(ModelNotFoundError, match="empty"):
        resolve_model("  ")
