import pytest

from summarize.generation.errors import UnsupportedModelError
from summarize.generation.family import Family, build_prompt, detect_family, input_limit, read_config
from summarize.types import Theme

T5_SMALL = {
    "model_type": "t5",
    "architectures": ["T5ForConditionalGeneration"],
    "feed_forward_proj": "relu",
    "n_positions": 512,
    "task_specific_params": {"summarization": {"prefix": "summarize: "}},
}
FLAN_LIKE = {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"], "feed_forward_proj": "gated-gelu"}
BART = {"model_type": "bart", "is_encoder_decoder": True, "max_position_embeddings": 1024}
THEME = Theme("layoffs", "Job cuts at Acme.")


def test_t5_with_a_task_prefix_uses_it():
    assert detect_family(T5_SMALL, "t5-small") == Family("t5", "t5", "summarize: ")


def test_flan_in_the_name_means_flan():
    assert detect_family(FLAN_LIKE, "google/flan-t5-small") == Family("t5", "flan")


def test_flan_in_name_or_path_of_the_config_means_flan():
    assert detect_family({**FLAN_LIKE, "_name_or_path": "google/flan-t5-base"}, "models/m1").prompt == "flan"


def test_a_gated_t5_config_without_a_name_hint_is_a_flan_guess():
    family = detect_family(FLAN_LIKE, "models/m1")
    assert (family.prompt, family.guessed) == ("flan", True)


def test_the_prompt_setting_settles_what_the_config_cannot_tell():
    assert detect_family(FLAN_LIKE, "models/m1", prompt="t5") == Family("t5", "t5", "summarize: ")
    assert detect_family(T5_SMALL, "t5-small", prompt="none") == Family("t5", "none")


def test_a_relu_t5_without_task_params_gets_the_default_prefix():
    config = {key: value for key, value in T5_SMALL.items() if key != "task_specific_params"}
    assert detect_family(config, "x") == Family("t5", "t5", "summarize: ")


def test_bart_takes_the_bare_text():
    assert detect_family(BART, "sshleifer/distilbart-cnn-6-6") == Family("bart", "none")


def test_a_decoder_only_model_is_refused_with_what_to_use():
    with pytest.raises(UnsupportedModelError, match="not a seq2seq.*flan-t5-small"):
        detect_family({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}, "gpt2")


def test_prompts_follow_the_family_and_flan_names_the_theme():
    assert build_prompt(Family("t5", "t5", "summarize: "), THEME, "Text.") == "summarize: Text."
    assert build_prompt(Family("bart", "none"), THEME, "Text.") == "Text."
    flan = build_prompt(Family("t5", "flan"), THEME, "Text.")
    assert "Job cuts at Acme" in flan and flan.endswith("Text.")


def test_flan_names_the_theme_by_name_when_it_has_no_description():
    assert "job cuts" in build_prompt(Family("t5", "flan"), Theme("job_cuts", ""), "Text.")


def test_input_limits_come_from_the_config_then_the_tokenizer():
    assert input_limit(BART, None) == (1024, True)
    assert input_limit(T5_SMALL, None) == (512, False)
    assert input_limit(FLAN_LIKE, 300) == (300, False)
    assert input_limit(FLAN_LIKE, 10**30) == (512, False)


def test_the_tiny_checkpoints_are_detected_from_their_saved_configs(tiny_t5, tiny_flan, tiny_bart):
    assert detect_family(read_config(tiny_t5), str(tiny_t5)).prompt == "t5"
    assert detect_family(read_config(tiny_flan), str(tiny_flan)).prompt == "flan"
    assert detect_family(read_config(tiny_bart), str(tiny_bart)).prompt == "none"
