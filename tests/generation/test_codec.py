from summarize.generation.codec import load_codec


def test_t5_inputs_end_with_eos_and_decode_back(tiny_t5):
    codec = load_codec(tiny_t5)
    (ids,) = codec.encode(["Acme cut 1,200 jobs."])
    assert ids[-1] == codec.special.eos == 1
    assert codec.decode([ids]) == ["Acme cut 1,200 jobs."]
    assert codec.count(["Acme cut 1,200 jobs."]) == [len(ids)]
    assert codec.count_plain(["Acme cut 1,200 jobs."]) == [len(ids) - 1]


def test_bart_inputs_carry_bos_and_eos(tiny_bart):
    codec = load_codec(tiny_bart)
    (ids,) = codec.encode(["Acme cut jobs."])
    assert (ids[0], ids[-1]) == (0, 2)
    assert codec.special.pad == 1


def test_a_codec_saved_next_to_a_converted_model_loads_alone(tiny_t5, tmp_path):
    load_codec(tiny_t5).save(tmp_path)
    codec = load_codec(tmp_path)
    assert codec.encode(["Acme cut jobs."]) == load_codec(tiny_t5).encode(["Acme cut jobs."])
    assert codec.model_max_length == 128


def test_nothing_to_encode_gives_nothing():
    from tokenizers import Tokenizer, models

    from summarize.generation.codec import Codec, SpecialIds

    codec = Codec(Tokenizer(models.WordLevel({"<pad>": 0, "</s>": 1}, unk_token="<pad>")), SpecialIds(1, 0))
    assert codec.encode([]) == [] and codec.count_plain([]) == []
