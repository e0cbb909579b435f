import pytest

from summarize.generation.backend import Decoding
from summarize.generation.codec import load_codec
from summarize.generation.ct2 import CTranslate2Backend, convert, thread_plan
from summarize.generation.errors import PickleRefusedError
from summarize.generation.hf import TransformersBackend, load_model
from summarize.generation.resolve import resolve_model
from tests.generation.tiny_models import to_pickle_checkpoint

FIXED = Decoding(num_beams=1, no_repeat_ngram_size=0, min_new_tokens=8, max_new_tokens=8)
PROMPTS = ["Acme Corp said on Monday it would cut 1,200 jobs.", "Unions in Ohio called the decision a betrayal."]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.mark.parametrize("name", ["tiny_t5", "tiny_flan", "tiny_bart"])
def test_ctranslate2_generates_the_same_tokens_as_transformers(name, request, cache):
    folder = request.getfixturevalue(name)
    resolved = resolve_model(str(folder))
    codec = load_codec(folder)
    batch = codec.encode(PROMPTS)
    reference = TransformersBackend(load_model(resolved), FIXED, pad_id=codec.special.pad, threads=1, seed=1)
    fast = CTranslate2Backend(convert(resolved, cache), FIXED, threads=1)
    for slow_row, fast_row in zip(reference.generate(batch), fast.generate(batch), strict=True):
        # transformers returns the decoder start token first (and BART a forced EOS last).
        assert fast_row[:7] == slow_row[1:8]


def test_a_conversion_is_cached_and_reused(tiny_t5, cache):
    resolved = resolve_model(str(tiny_t5))
    first = convert(resolved, cache)
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert convert(resolved, cache) == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp
    assert first.parent == cache / "ctranslate2"
    assert {"model.bin", "tokenizer.json", "codec.json", "decoding.json"} <= {p.name for p in first.iterdir()}


def test_the_converter_refuses_a_pickle_checkpoint_too(tiny_t5, tmp_path):
    pickle_only = resolve_model(str(to_pickle_checkpoint(tiny_t5, tmp_path / "bin")))
    with pytest.raises(PickleRefusedError):
        convert(pickle_only, tmp_path / "cache")


def test_int8_runs_one_thread_per_example_and_float32_uses_all_threads():
    assert thread_plan(2, "int8", 3) == {"intra_threads": 1, "inter_threads": 2, "max_batch_size": 1}
    assert thread_plan(2, "float32", 3) == {"intra_threads": 2, "inter_threads": 1, "max_batch_size": 0}
    assert thread_plan(1, "int8", 3) == {"intra_threads": 1, "inter_threads": 1, "max_batch_size": 0}
    assert thread_plan(2, "int8", 1)["inter_threads"] == 1


def test_int8_loads_from_the_same_conversion(tiny_t5, cache):
    folder = convert(resolve_model(str(tiny_t5)), cache)
    backend = CTranslate2Backend(folder, FIXED, threads=1, compute_type="int8")
    (row,) = backend.generate(load_codec(folder).encode(PROMPTS[:1]))
    assert len(row) == 8
