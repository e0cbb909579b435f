import pytest

from summarize.generation.backend import Decoding
from summarize.generation.codec import load_codec
from summarize.generation.errors import PickleRefusedError
from summarize.generation.hf import TransformersBackend, load_model
from summarize.generation.resolve import resolve_model
from tests.generation.tiny_models import to_pickle_checkpoint

GREEDY = Decoding(num_beams=1, no_repeat_ngram_size=0, min_new_tokens=4, max_new_tokens=8)


@pytest.fixture(scope="module")
def pickle_t5(tiny_t5, tmp_path_factory):
    return to_pickle_checkpoint(tiny_t5, tmp_path_factory.mktemp("pickle") / "tiny-t5-bin")


def test_a_pickle_only_checkpoint_is_refused_with_what_to_do(pickle_t5):
    with pytest.raises(PickleRefusedError, match="allow_pickle: true"):
        load_model(resolve_model(str(pickle_t5)))


def test_transformers_itself_is_asked_for_safetensors_only(pickle_t5):
    from transformers import AutoModelForSeq2SeqLM

    with pytest.raises(OSError, match="safetensors"):
        AutoModelForSeq2SeqLM.from_pretrained(str(pickle_t5), use_safetensors=True, local_files_only=True)


def test_a_pickle_checkpoint_loads_when_allowed(pickle_t5, tiny_t5):
    import torch

    allowed = load_model(resolve_model(str(pickle_t5)), allow_pickle=True)
    safe = load_model(resolve_model(str(tiny_t5)))
    assert torch.equal(allowed.shared.weight, safe.shared.weight)


def test_generation_is_batched_and_batch_independent_in_length(tiny_t5):
    codec = load_codec(tiny_t5)
    backend = TransformersBackend(load_model(resolve_model(str(tiny_t5))), GREEDY, pad_id=0, threads=1, seed=3)
    batch = codec.encode(["summarize: Acme cut 1,200 jobs.", "summarize: Unions in Ohio called it a betrayal."])
    together = backend.generate(batch)
    alone = backend.generate(batch[1:])
    assert len(together) == 2
    assert together[1] == alone[0]
    assert all(5 <= len(row) <= 9 for row in together)  # start token + 4..8 new tokens
    assert backend.generate([]) == []
