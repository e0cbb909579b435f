import pytest

from summarize.config import (
    ConfigError,
    Settings,
    apply_override,
    cache_environment,
    configured_cache_dir,
    load_config,
    parse_settings,
)
from tests.conftest import ROOT, THEMES


def write(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_config_takes_the_seed_drops_own_plain_themes():
    settings = load_config("configs/default.yaml")
    assert [t.name for t in settings.themes] == ["layoffs", "data_leak", "meta_deal"]
    assert settings.themes[0].description == "Job cuts at the company and why they were made."
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


def test_an_unknown_key_in_a_section_or_a_themes_file_names_its_file_and_suggests(tmp_path):
    path = write(tmp_path, "generate:\n  beams: 4\n")
    with pytest.raises(ConfigError, match=r"c.yaml: unknown key 'generate.beams'; did you mean 'num_beams'\?"):
        load_config(path)
    themes = tmp_path / "themes.yaml"
    themes.write_text("- name: deal\n  descripton: A deal.\n", encoding="utf-8")
    # The themes file is named, not the config the themes replace.
    with pytest.raises(
        ConfigError,
        match=r"^themes file .*themes.yaml: unknown key 'themes.0.descripton'; did you mean 'description'\?",
    ):
        load_config("configs/default.yaml", themes_file=themes)
    themes.write_text("- name: deal\n  description: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^themes file .*themes.yaml: themes.0.description = 3"):
        load_config("configs/default.yaml", themes_file=themes)


def test_wrong_types_name_the_key_the_value_and_what_is_allowed():
    cases = {
        "clean.enabled = 'maybe': Input should be a valid boolean": {"clean": {"enabled": "maybe"}},
        "rank = 5: expected a section (a mapping of keys)": {"rank": 5},
        "themes.0.keywords = 5: expected a list": {"themes": [{**THEMES[0], "keywords": 5}]},
        "seed = -1 is out of range: input should be greater than or equal to 0": {"seed": -1},
    }
    for message, raw in cases.items():
        with pytest.raises(ConfigError) as caught:
            parse_settings({"themes": THEMES, **raw})
        assert str(caught.value).startswith(f"config: {message}")


def test_a_theme_needs_a_description_or_keywords_and_keywords_alone_describe_it():
    for theme in ({"name": "volcano"}, {"name": "volcano", "description": "  ", "keywords": [" "]}):
        with pytest.raises(ConfigError) as caught:
            parse_settings({"themes": [theme]})
        assert str(caught.value) == (
            "config: themes.0: theme 'volcano' has neither a description nor keywords, so no sentence can match "
            "it; give it a description (a sentence on what it covers) and keywords"
        )
    [theme] = parse_settings({"themes": [{"name": "volcano", "keywords": ["lava", "eruption"]}]}).themes
    assert theme.description == "lava, eruption"


def drop_folder(root, name, themes=True):
    drop = root / name
    (drop / "articles").mkdir(parents=True)
    if themes:
        (drop / "themes.yaml").write_text(f"- name: {name}_story\n  description: The {name} story.\n", encoding="utf-8")
    return drop


def test_themes_come_from_the_themes_file_else_the_drops_own_else_the_config_else_discovery(tmp_path):
    own = drop_folder(tmp_path, "quake")
    bare = drop_folder(tmp_path, "flood", themes=False)
    listed = write(tmp_path, "themes:\n  - name: listed\n    description: A listed theme.\n")
    given = tmp_path / "given.yaml"
    given.write_text("- name: given\n  description: A given theme.\n", encoding="utf-8")

    def names(config, **fields):
        return [t.name for t in load_config(config, **fields).themes]

    assert names(listed, input=own / "articles", themes_file=given) == ["given"]
    assert names(listed, input=own / "articles") == ["quake_story"]  # beside its articles/ folder
    assert names(listed, input=own) == ["quake_story"]
    assert names(listed, input=bare) == ["listed"]
    empty = write(tmp_path, "seed: 3\n")
    assert names(empty, input=bare) == []  # nothing given: the run discovers the drop's themes
    assert names(empty, input=own, themes_file="auto") == []
    # A batch run: each drop brings its own themes; the config's drop lends its themes to none.
    config_drop = write(tmp_path, f"input: {own}\n")
    assert names(config_drop) == ["quake_story"]
    assert [t.name for t in load_config(config_drop, own_themes=False).themes] == []


def test_a_config_without_themes_or_an_empty_file_runs_with_discovered_themes(tmp_path):
    for text in ("", "seed: 3\n", "themes: []\n"):
        path = write(tmp_path, text + "input: nowhere\n")
        assert load_config(path).themes == ()
    with pytest.raises(ConfigError, match=r"^config: themes = 5: expected a list"):
        parse_settings({"themes": 5})


@pytest.mark.parametrize("name", ["../etc", "/abs", "a/b", "a\\b", "..", ".hidden", "a\x00b", "a\nb", "", "x" * 65])
def test_a_theme_name_that_is_not_a_plain_file_name_is_refused(name):
    with pytest.raises(ConfigError) as caught:
        parse_settings({"themes": [{"name": name, "description": "d"}]})
    assert str(caught.value) == (
        f"config: themes.0.name = {name!r}: a theme name is also a file name (references/<name>.txt): use 1 to 64 "
        "letters, digits, '_', '.' or '-', starting with a letter, digit or '_'"
    )


def test_yaml_is_loaded_safely_and_a_python_tag_is_a_config_error(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, f"seed: 1\nthemes: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ConfigError, match=r"c.yaml line 2, column 9: invalid YAML .*tags that build Python objects"):
        load_config(path)
    themes = tmp_path / "themes.yaml"
    themes.write_text(f"- !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"themes file .*themes.yaml line 1, column 3: invalid YAML"):
        load_config("configs/default.yaml", themes_file=themes)
    assert not marker.exists()


def test_library_caches_go_under_cache_dir_unless_the_user_set_them(tmp_path):
    env = cache_environment(tmp_path / "c", {"MPLCONFIGDIR": "/mine", "HF_HOME": ""})
    assert env == {
        "HF_HOME": str(tmp_path / "c" / "huggingface"),
        "TORCH_HOME": str(tmp_path / "c" / "torch"),
        "TORCHINDUCTOR_CACHE_DIR": str(tmp_path / "c" / "torchinductor"),
        "TRITON_CACHE_DIR": str(tmp_path / "c" / "triton"),
    }
    path = write(tmp_path, "cache_dir: /x/cache\nthemes: []\n")
    assert configured_cache_dir(path) == "/x/cache"
    assert configured_cache_dir(path, ["cache_dir=/y"]) == "/y"
    assert configured_cache_dir(tmp_path / "missing.yaml") == ".cache/summarize"


def test_another_drop_is_scored_against_its_own_references_or_not_at_all(tmp_path):
    from summarize.config import load_config

    config = ROOT / "configs" / "default.yaml"
    drop = tmp_path / "drop"
    drop.mkdir()
    assert load_config(config, input=drop).references == ""  # never the seeds' references
    (drop / "references").mkdir()
    assert load_config(config, input=drop).references == str(drop / "references")
    (tmp_path / "story" / "articles").mkdir(parents=True)
    (tmp_path / "story" / "references").mkdir()
    laid_out = load_config(config, input=tmp_path / "story" / "articles")
    assert laid_out.references == str(tmp_path / "story" / "references")
    # Said explicitly, the references stay as given.
    assert load_config(config, input=drop, references=tmp_path).references == str(tmp_path)
    assert load_config(config, ["references="], input=drop).references == ""
    assert load_config(config).references == "seeds/references"


def test_every_default_is_declared_once_the_shipped_config_repeats_the_settings_classes():
    # configs/default.yaml documents each key; its values must be the classes' own defaults,
    # so code and tests that build settings without the file run the configuration we ship.
    shipped = load_config("configs/default.yaml").model_dump(exclude={"themes", "references"})
    assert shipped == Settings().model_dump(exclude={"themes", "references"})
