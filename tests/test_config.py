import pytest

from summarize.config import ConfigError, apply_override, load_config, parse_settings
from tests.conftest import THEMES


def write(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_config_loads_with_the_three_seed_themes():
    settings = load_config("configs/default.yaml")
    assert [t.name for t in settings.themes] == ["layoffs", "data_leak", "meta_deal"]
    assert settings.rank.max_candidates == 1000 and settings.generate.word_budget == 110
    assert settings.load.max_article_chars == 200_000


def test_an_unknown_key_is_named_with_a_suggestion(tmp_path):
    path = write(tmp_path, "themes: []\nrank:\n  max_candidate: 5\n")
    with pytest.raises(ConfigError, match=r"unknown key 'rank.max_candidate'; did you mean 'max_candidates'\?"):
        load_config(path)


def test_wrong_type_and_out_of_range_values_name_key_value_and_limit():
    with pytest.raises(
        ConfigError, match=r"dedup.threshold = 1.5 is out of range: input should be less than or equal to 1"
    ):
        parse_settings({"themes": THEMES, "dedup": {"threshold": 1.5}})
    with pytest.raises(ConfigError, match=r"rank.max_candidates = 'many'"):
        parse_settings({"themes": THEMES, "rank": {"max_candidates": "many"}})
    with pytest.raises(
        ConfigError, match=r"generate.backend = 'onnx' is not allowed; expected 'transformers' or 'ctranslate2'"
    ):
        parse_settings({"themes": THEMES, "generate": {"backend": "onnx"}})


def test_an_unknown_theme_field_and_duplicate_theme_names_are_errors():
    bad = [{**THEMES[0], "colour": "red"}]
    with pytest.raises(ConfigError, match=r"unknown key 'themes.0.colour'"):
        parse_settings({"themes": bad})
    with pytest.raises(ConfigError, match="repeated: layoffs"):
        parse_settings({"themes": [THEMES[0], THEMES[0]]})


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "seed: 1\nthemes: [\n")
    with pytest.raises(ConfigError, match=r"c.yaml line \d+, column \d+: invalid YAML"):
        load_config(path)


def test_overrides_parse_values_as_yaml_and_reject_non_sections():
    raw = {"rank": {"max_candidates": 5}, "seed": 1}
    apply_override(raw, "rank.mmr_lambda=0.5")
    apply_override(raw, "generate.model=")
    assert raw["rank"] == {"max_candidates": 5, "mmr_lambda": 0.5} and raw["generate"] == {"model": ""}
    with pytest.raises(ConfigError, match="'seed' is not a section"):
        apply_override(raw, "seed.x=1")
    with pytest.raises(ConfigError, match="expected key.path=value"):
        apply_override(raw, "seed")


def test_a_themes_file_replaces_the_configured_themes(tmp_path):
    themes = tmp_path / "themes.yaml"
    themes.write_text("- name: deal\n  description: A deal.\n  keywords: [deal]\n", encoding="utf-8")
    settings = load_config("configs/default.yaml", themes_file=themes, input="elsewhere")
    assert [t.name for t in settings.themes] == ["deal"] and settings.input == "elsewhere"
