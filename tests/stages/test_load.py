import json

import pytest

from summarize.config import LoadSettings
from summarize.errors import InputError
from summarize.stages.load import load, split_paragraphs


def test_folder_reads_only_txt_and_md_files_directly_inside(tmp_path):
    (tmp_path / "b.txt").write_text("Second article text here.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("First article.\n\nIts second paragraph.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Ignored.\n", encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["a.md", "b.txt"]
    assert [(p.article, p.index, p.text) for p in result.paragraphs] == [
        ("a.md", 0, "First article."),
        ("a.md", 1, "Its second paragraph."),
        ("b.txt", 0, "Second article text here."),
    ]


def test_hard_wrapped_wire_lines_are_joined_but_headings_are_not():
    text = (
        "Ongoing attacks hit around 100 groups over\n\nthe weekend, said\n\nReuters.\nA New Heading\nBody starts here."
    )
    assert split_paragraphs(text) == [
        "Ongoing attacks hit around 100 groups over the weekend, said Reuters.",
        "A New Heading",
        "Body starts here.",
    ]


def test_jsonl_records_carry_title_source_and_date(tmp_path):
    path = tmp_path / "drop.jsonl"
    rows = [{"id": "x1", "text": "Alpha beta gamma.", "title": "T", "source": "S", "date": "2025-01-02"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = load(path, LoadSettings())
    assert result.drop == "drop"
    article = result.articles[0]
    assert (article.id, article.title, article.source, article.date) == ("x1", "T", "S", "2025-01-02")


def test_a_broken_jsonl_line_is_reported_by_number(tmp_path):
    path = tmp_path / "drop.jsonl"
    path.write_text('{"id": "a", "text": "Fine."}\n{"id": "b", "text": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"drop.jsonl line 2"):
        load(path, LoadSettings())


def test_a_record_without_text_names_its_position(tmp_path):
    path = tmp_path / "drop.json"
    path.write_text(json.dumps([{"id": "a", "text": "Fine."}, {"id": "b"}]), encoding="utf-8")
    with pytest.raises(InputError, match=r"drop.json\[1\]: record lacks 'text'"):
        load(path, LoadSettings())


def test_binary_and_non_utf8_files_get_errors_naming_the_file(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match=r"bin.txt: looks like a binary file"):
        load(tmp_path, LoadSettings())
    (tmp_path / "bin.txt").unlink()
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 news.".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.txt: not UTF-8 text \(byte 0xe9 at offset 3\)"):
        load(tmp_path, LoadSettings())


def test_long_articles_are_truncated_with_a_warning_naming_the_file(tmp_path):
    (tmp_path / "long.txt").write_text(("word " * 400 + "\n") * 10, encoding="utf-8")
    result = load(tmp_path, LoadSettings(max_article_chars=5000))
    assert len(result.articles[0].text) == 4001  # two whole lines: cut at the last line break
    assert result.warnings and result.warnings[0].startswith("long.txt: 20,010 characters, truncated")


def test_empty_drop_and_missing_input_are_errors(tmp_path):
    with pytest.raises(InputError, match="no articles found"):
        load(tmp_path, LoadSettings())
    with pytest.raises(InputError, match="input not found"):
        load(tmp_path / "nope", LoadSettings())


def test_an_empty_article_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "full.txt").write_text("Some news.\n", encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["full.txt"]
    assert result.warnings == ("empty.txt: empty article, skipped",)
