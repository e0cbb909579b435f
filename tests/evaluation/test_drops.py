import pytest

from summarize.evaluation.drops import drop_variants, variant_themes_file


@pytest.mark.parametrize(
    ("present", "specific", "plain"),
    [
        ({"themes.yaml"}, "themes.yaml", "themes.yaml"),
        ({"themes.yaml", "themes_generic.yaml"}, "themes.yaml", "themes_generic.yaml"),
        ({"themes.yaml", "themes_specific.yaml"}, "themes_specific.yaml", "themes.yaml"),
        ({"themes_specific.yaml", "themes_generic.yaml"}, "themes_specific.yaml", "themes_generic.yaml"),
        ({"notes.md"}, None, None),
        (set(), None, None),
    ],
)
def test_each_variant_reads_its_own_file_else_themes_yaml(present, specific, plain):
    assert variant_themes_file(present, "specific") == specific
    assert variant_themes_file(present, "plain") == plain


def test_an_unknown_variant_is_named_in_the_error():
    with pytest.raises(ValueError, match="Invalid theme variant: vague"):
        variant_themes_file({"themes.yaml"}, "vague")


def test_drop_variants_point_each_variant_at_its_themes_file(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "references").mkdir()
    (tmp_path / "themes.yaml").write_text("- name: deal\n", encoding="utf-8")
    (tmp_path / "themes_specific.yaml").write_text("- name: deal\n", encoding="utf-8")
    variants = drop_variants(tmp_path)
    assert list(variants) == ["specific", "plain"]
    assert variants["specific"].themes == tmp_path / "themes_specific.yaml"
    assert variants["plain"].themes == tmp_path / "themes.yaml"
    assert variants["plain"].input == tmp_path / "articles"
