import json
import re
from pathlib import Path

import pytest

from summarize.config import ConfigError, LoadSettings, parse_settings
from summarize.errors import InputError
from summarize.stages.load import detect_language, load, split_paragraphs
from tests.conftest import ROOT


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


def test_a_folders_notes_and_readme_are_skipped_with_a_warning_naming_them(tmp_path):
    (tmp_path / "001_story.txt").write_text("Hackers stole customer data from the exchange.\n", encoding="utf-8")
    (tmp_path / "NOTES.md").write_text("001 is the original; 002 copies it.\n", encoding="utf-8")
    (tmp_path / "ReadMe.txt").write_text("This folder holds one drop.\n", encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["001_story.txt"]
    assert [w.split(":")[0] for w in result.warnings] == ["NOTES.md", "ReadMe.txt"]
    assert all("load.skip_names" in w for w in result.warnings)
    kept = load(tmp_path, LoadSettings(skip_names=()))
    assert [a.id for a in kept.articles] == ["001_story.txt", "NOTES.md", "ReadMe.txt"]


def test_hard_wrapped_wire_lines_are_joined_but_headings_are_not():
    text = (
        "Ongoing attacks hit around 100 groups over\n\nthe weekend, said\n\nReuters.\nA New Heading\nBody starts here."
    )
    assert split_paragraphs(text) == [
        "Ongoing attacks hit around 100 groups over the weekend, said Reuters.",
        "A New Heading",
        "Body starts here.",
    ]


def test_a_wrap_after_a_ticker_parenthesis_is_joined_when_the_next_line_runs_on():
    text = (
        "Attacks went on. Microsoft ( MSFT )\n\nsaid in a blog post that groups were involved.\n(Adds comments)\nBody."
    )
    assert split_paragraphs(text) == [
        "Attacks went on. Microsoft ( MSFT ) said in a blog post that groups were involved.",
        "(Adds comments)",
        "Body.",
    ]


def test_jsonl_records_carry_title_source_and_date(tmp_path):
    path = tmp_path / "drop.jsonl"
    rows = [{"id": "x1", "text": "Alpha beta gamma.", "title": "T", "source": "S", "date": "2025-01-02"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = load(path, LoadSettings())
    assert result.drop == "drop"
    article = result.articles[0]
    assert (article.id, article.title, article.source, article.date) == ("x1", "T", "S", "2025-01-02")


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


EN = (
    "Acme Corp laid off 200 staff on Monday, about 10% of its workforce, the company said in a statement.\n"
    "The company said the layoffs would save money as growth slowed across its markets this year.\n"
)
DE = (
    "Der Konzern hat am Montag angekündigt, rund 200 Stellen zu streichen, etwa zehn Prozent der Belegschaft.\n"
    "Das Unternehmen begründete den Schritt mit dem schwächeren Wachstum in diesem Jahr und den hohen Kosten.\n"
)


def texts(result):
    return [(p.article, p.text) for p in result.paragraphs]


# --- empty drops -----------------------------------------------------------------------------


def test_an_empty_folder_names_itself_and_what_it_should_hold(tmp_path):
    with pytest.raises(InputError) as caught:
        load(tmp_path, LoadSettings())
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}: no articles found: expected .txt/.md/.html/.htm files")
    assert "the folder is empty" in message


def test_a_folder_of_other_files_and_subfolders_says_what_it_found(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "2025-07-14").mkdir()
    (tmp_path / "2025-07-14" / "a.txt").write_text(EN, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(tmp_path, LoadSettings())
    message = str(caught.value)
    assert "found only files ending .pdf" in message and "subfolders 2025-07-14" in message


def test_a_drop_of_only_empty_or_skipped_files_is_an_error_listing_them(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(InputError) as caught:
        load(tmp_path, LoadSettings())
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}: no articles found; everything was skipped")
    assert "- blank.txt: empty article, skipped" in message and "- scan.txt: looks like a PDF" in message


# --- binary files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF, skipped; convert it to text first (e.g. pdftotext)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive or an Office/EPUB document"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"\x1f\x8b\x08\x00", "a compressed archive"),
        (b"text then \x00\x00\x00 nul bytes", "binary data (NUL bytes)"),
        (bytes(range(1, 9)) * 20 + b"some letters", "binary data (160 control bytes"),
    ],
)
def test_a_binary_file_named_txt_is_skipped_with_a_warning_saying_what_it_looks_like(tmp_path, data, kind):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(data)
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["a.txt"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith(f"b.txt: looks like {kind}")
    assert ", skipped;" in result.warnings[0]


def test_on_bad_file_error_stops_with_the_files_path(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7 ...")
    with pytest.raises(InputError, match=r"scan\.txt: looks like a PDF; convert it to text .*on_bad_file: skip") as e:
        load(tmp_path, LoadSettings(on_bad_file="error"))
    assert str(e.value).startswith(str(tmp_path / "scan.txt"))


def test_text_with_a_tab_escape_or_form_feed_is_not_binary(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Acme cut jobs.\tIt said so.\x0cPage two.\x1b[0m\n")
    result = load(tmp_path, LoadSettings())
    assert result.warnings == ()
    assert texts(result) == [("a.txt", "Acme cut jobs. It said so."), ("a.txt", "Page two.[0m")]


# --- encodings -------------------------------------------------------------------------------


def test_cp1252_text_is_decoded_and_the_warning_names_file_and_encoding(tmp_path):
    text = "Café owners said “prices rose” – by €5 – on Monday.\n"
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    result = load(tmp_path, LoadSettings())
    assert texts(result) == [("w.txt", text.strip())]
    assert result.warnings == ("w.txt: not UTF-8; decoded as cp1252 (Windows Western European)",)


def test_latin1_text_is_decoded_as_cp1252(tmp_path):
    (tmp_path / "l.txt").write_bytes("Le président a déclaré à Paris.".encode("latin-1"))
    result = load(tmp_path, LoadSettings())
    assert result.paragraphs[0].text == "Le président a déclaré à Paris."
    assert "cp1252" in result.warnings[0]


def test_cyrillic_cp1251_is_detected_by_charset_normalizer(tmp_path):
    text = "Компания объявила о сокращении 200 сотрудников, сообщили в понедельник. Акции упали на пять процентов."
    (tmp_path / "r.txt").write_bytes(text.encode("cp1251"))
    result = load(tmp_path, LoadSettings(languages=()))
    assert result.paragraphs[0].text == text
    assert result.warnings == ("r.txt: not UTF-8; decoded as cp1251 (detected by charset-normalizer)",)


def test_utf8_with_stray_bytes_keeps_the_good_characters_and_counts_the_replaced_ones(tmp_path):
    (tmp_path / "m.txt").write_bytes("It’s a deal – the firm said.".encode() + b" \x93Yes\x94 he said.\n")
    result = load(tmp_path, LoadSettings())
    assert result.paragraphs[0].text == "It’s a deal – the firm said. \ufffdYes\ufffd he said."
    assert result.warnings == ("m.txt: not valid UTF-8; 2 undecodable byte sequences replaced with U+FFFD",)


def test_bytes_no_encoding_explains_fall_back_to_replacement_deterministically(tmp_path):
    (tmp_path / "g.txt").write_bytes(b"News: " + bytes(range(0x80, 0x100)) * 2 + b"\n")
    first = load(tmp_path, LoadSettings())
    assert first.warnings == ("g.txt: not valid UTF-8; 256 undecodable byte sequences replaced with U+FFFD",)
    assert load(tmp_path, LoadSettings()) == first


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes("Acme cut 200 jobs, it said.\r\n".encode("utf-16"))
    result = load(tmp_path, LoadSettings())
    assert texts(result) == [("u.txt", "Acme cut 200 jobs, it said.")]
    assert result.warnings == ("u.txt: UTF-16 text (byte-order mark), decoded as UTF-16",)


# --- newlines --------------------------------------------------------------------------------

LF = "Acme cut 200 jobs on Monday.\n\nThe firm said costs rose.\nShares fell 5%.\n"


@pytest.mark.parametrize(
    "variant",
    [
        "\ufeff" + LF,
        LF.replace("\n", "\r\n"),
        LF.replace("\n", "\r"),
        "Acme cut 200 jobs on Monday.\r\n\rThe firm said costs rose.\nShares fell 5%.\r",
        "\ufeff" + LF.replace("\n", "\r\n"),
    ],
    ids=["bom", "crlf", "cr", "mixed", "bom-crlf"],
)
def test_bom_crlf_lone_cr_and_mixed_newlines_give_the_paragraphs_of_lf(tmp_path, variant):
    (tmp_path / "lf.txt").write_bytes(LF.encode())
    expected = [p.text for p in load(tmp_path, LoadSettings()).paragraphs]
    (tmp_path / "lf.txt").unlink()
    (tmp_path / "v.txt").write_bytes(variant.encode("utf-8"))
    result = load(tmp_path, LoadSettings())
    assert (
        [p.text for p in result.paragraphs]
        == expected
        == ["Acme cut 200 jobs on Monday.", "The firm said costs rose.", "Shares fell 5%."]
    )
    assert result.warnings == ()


# --- size ------------------------------------------------------------------------------------


def test_long_articles_are_truncated_with_a_warning_naming_the_file(tmp_path):
    (tmp_path / "long.txt").write_text(("word " * 400 + "\n") * 10, encoding="utf-8")
    result = load(tmp_path, LoadSettings(max_article_chars=5000))
    assert len(result.articles[0].text) == 4001  # two whole lines: cut at the last line break
    assert result.warnings == (
        "long.txt: 20,010 bytes, truncated to load.max_article_chars (5,000); only its first 20,003 bytes were read",
    )


def test_a_huge_file_is_read_only_as_far_as_max_article_chars_needs(tmp_path):
    # Past the bytes that can hold 1,000 characters comes garbage: had it been read,
    # the encoding warning and a replacement character would show.
    head = ("é" * 99 + "\n") * 30  # 3,000 characters, 5,970 bytes
    (tmp_path / "big.txt").write_bytes(head.encode() + b"\xff\xfe\x00" * 10_000)
    result = load(tmp_path, LoadSettings(max_article_chars=1000))
    text = result.articles[0].text
    assert len(text) <= 1000 and set(text) <= {"é", "\n"}
    assert len(result.warnings) == 1 and "big.txt: 35,970 bytes, truncated" in result.warnings[0]


def test_a_character_cut_by_the_read_limit_is_dropped_not_replaced(tmp_path):
    # 1,000 characters need at most 4,003 bytes (4 a character and a BOM); "é" is 2 bytes,
    # so byte 4,003 is the first half of an "é".
    (tmp_path / "cut.txt").write_bytes(b"a" + "é".encode() * 5000)
    result = load(tmp_path, LoadSettings(max_article_chars=1000))
    assert "\ufffd" not in result.articles[0].text and len(result.articles[0].text) == 1000


FIFTY_MB = 50_000_000
LINE = "Acme Corp laid off 200 staff on Monday, about 10% of its workforce, the company said.\n"


def timed_load(path, settings):
    """load(), its seconds and its peak of Python allocations in bytes (the language model loaded beforehand)."""
    import time
    import tracemalloc

    detect_language(EN * 10)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = load(path, settings)
        return result, time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_article_is_cut_to_max_article_chars_in_bounded_time_and_memory(tmp_path):
    (tmp_path / "huge.txt").write_text(LINE * (FIFTY_MB // len(LINE)), encoding="utf-8")
    result, seconds, peak = timed_load(tmp_path, LoadSettings())
    (article,) = result.articles
    assert 199_000 < len(article.text) <= 200_000 and article.text.endswith("company said.")
    size = (tmp_path / "huge.txt").stat().st_size
    assert result.warnings == (
        f"huge.txt: {size:,} bytes, truncated to load.max_article_chars (200,000); only its first 800,003 bytes "
        "were read",
    )
    assert peak < 20_000_000 and seconds < 10  # about 2 MB and 0.1 s: only the head is read


def test_a_50_mb_html_page_is_converted_in_bounded_time(tmp_path):
    # 7,000 flat paragraphs in the 800 KB head: bs4's sibling edits once made this take a minute.
    page = "<html><body>" + f"<p>{LINE}</p>" * (FIFTY_MB // (len(LINE) + 7))
    (tmp_path / "huge.html").write_text(page, encoding="utf-8")
    result, seconds, _ = timed_load(tmp_path, LoadSettings())
    assert {p.text for p in result.paragraphs} == {LINE.strip()} and len(result.paragraphs) > 1_000
    assert [w.split(":")[0] for w in result.warnings] == ["huge.html", "huge.html"]
    assert "truncated to load.max_article_chars (200,000)" in result.warnings[1]
    assert seconds < 30


def test_a_huge_record_is_cut_before_it_is_parsed(tmp_path):
    text = "<html><body>" + f"<p>{LINE}</p>" * 100_000  # 9.4 MB of HTML: minutes for bs4 whole
    path = tmp_path / "drop.jsonl"
    path.write_text(json.dumps({"id": "big", "text": text}) + "\n", encoding="utf-8")
    result, seconds, _ = timed_load(path, LoadSettings(max_article_chars=1000))
    assert len(result.articles[0].text) <= 1000 and {p.text for p in result.paragraphs} == {LINE.strip()}
    assert result.warnings == (
        "big: HTML, converted to text (tags, scripts, styles, navigation, headers, footers and forms removed)",
        f"big: {len(text):,} characters, truncated to load.max_article_chars (1,000); only its first 4,000 were read",
    )
    assert seconds < 10


def test_a_json_drop_over_max_file_bytes_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "drop.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x" * 2000}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"drop.jsonl: 2,\d+ bytes is over load.max_file_bytes \(1,000\)"):
        load(path, LoadSettings(max_file_bytes=1000))


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Acme | News</title><style>p { color: red }</style>
<script>var ad = "<p>Buy now</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<header><div>Daily Planet</div></header>
<article><h1>Acme cuts jobs</h1><!-- byline widget -->
<p>Acme Corp laid off 200 staff on Monday,
   about 10% of its workforce &amp; more&nbsp;than expected.</p>
<div>The company said <b>the layoffs</b> would <a href="#">save money</a>.<br>Shares rose.</div>
<ul><li>Severance: eight weeks.</li><li>Benefits: until March.</li></ul></article>
<aside>Sponsored: Zeta</aside><form>Subscribe <input name=e></form>
<footer>&copy; 2025 Daily Planet</footer></body></html>
"""
PAGE_PARAGRAPHS = [
    "Acme cuts jobs",
    "Acme Corp laid off 200 staff on Monday, about 10% of its workforce & more than expected.",
    "The company said the layoffs would save money.",
    "Shares rose.",
    "Severance: eight weeks.",
    "Benefits: until March.",
]


@pytest.mark.parametrize("name", ["page.txt", "page.html", "page.md"])
def test_an_html_page_becomes_its_article_text_with_a_warning(tmp_path, name):
    (tmp_path / name).write_text(PAGE, encoding="utf-8")
    result = load(tmp_path, LoadSettings(languages=()))
    assert [p.text for p in result.paragraphs] == PAGE_PARAGRAPHS
    assert result.warnings == (
        f"{name}: HTML, converted to text (tags, scripts, styles, navigation, headers, footers and forms removed)",
    )


def test_an_article_that_mentions_a_tag_is_not_html(tmp_path):
    text = "Attackers injected <script> tags into the login page.\nThe <iframe> was hidden, researchers said.\n"
    (tmp_path / "xss.txt").write_text(text, encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [p.text for p in result.paragraphs] == text.strip().split("\n") and result.warnings == ()


def test_html_in_a_jsonl_record_is_converted(tmp_path):
    path = tmp_path / "drop.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": PAGE}) + "\n", encoding="utf-8")
    result = load(path, LoadSettings(languages=()))
    assert [p.text for p in result.paragraphs] == PAGE_PARAGRAPHS
    assert result.warnings[0].startswith("r1: HTML, converted to text")


# --- language --------------------------------------------------------------------------------


def test_an_article_in_another_language_is_skipped_with_the_language_named(tmp_path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["en.txt"]
    assert {p.article for p in result.paragraphs} == {"en.txt"}
    assert result.warnings == (
        "de.txt: written in 'de', not in load.languages (en); skipped "
        "(add 'de' to load.languages or set load.on_other_language: keep to keep it)",
    )


def test_on_other_language_keep_keeps_it_with_a_warning_and_no_languages_means_no_check(tmp_path):
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    kept = load(tmp_path, LoadSettings(on_other_language="keep"))
    assert [a.id for a in kept.articles] == ["de.txt"]
    assert kept.warnings == ("de.txt: written in 'de', not in load.languages (en); kept",)
    assert load(tmp_path, LoadSettings(languages=())).warnings == ()
    assert load(tmp_path, LoadSettings(languages=("de", "en"))).warnings == ()


def test_a_short_text_is_not_judged(tmp_path):
    (tmp_path / "kurz.txt").write_text(
        "Der Konzern streicht 200 Stellen, sagte ein Sprecher am Montag.\n", encoding="utf-8"
    )
    assert load(tmp_path, LoadSettings()).warnings == ()


def test_every_seed_article_is_judged_english():
    result = load(ROOT / "seeds" / "articles", LoadSettings())
    assert len(result.articles) == len(list((ROOT / "seeds" / "articles").glob("*.txt")))
    assert all(detect_language(a.text) == "en" for a in result.articles)
    assert result.warnings == ()


def test_language_codes_are_the_models_and_a_bad_one_fails_at_config_time():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    labels = set(LanguageIdentifier.from_model_file(MODEL_FILE).labels) - {"zxx"}
    assert LoadSettings.KNOWN_LANGUAGES == labels
    with pytest.raises(ConfigError, match=r"load.languages: unknown language code 'english'"):
        parse_settings({"themes": [{"name": "t", "description": "d"}], "load": {"languages": ["english"]}})


# --- identical articles ----------------------------------------------------------------------


def test_identical_articles_are_kept_with_one_warning_naming_the_first(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(EN, encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(EN.replace("\n", "\r\n").encode())  # same text, other newlines
    (tmp_path / "e.txt").write_text(EN + "One more line.\n", encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert result.warnings == (
        "3 articles have identical text to a.txt: b.txt, c.txt, d.txt "
        "(all kept; dedup and sources treat them as copies of one article)",
    )


def test_many_identical_articles_are_listed_briefly(tmp_path):
    for i in range(50):
        (tmp_path / f"copy{i:02d}.txt").write_text(EN, encoding="utf-8")
    result = load(tmp_path, LoadSettings())
    assert len(result.articles) == 50
    assert result.warnings == (
        "49 articles have identical text to copy00.txt: copy01.txt, copy02.txt, copy03.txt, copy04.txt, "
        "copy05.txt and 44 more (all kept; dedup and sources treat them as copies of one article)",
    )


# --- JSON records ----------------------------------------------------------------------------


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_broken_jsonl_line_is_skipped_with_its_number_and_the_rest_loaded(tmp_path):
    path = write_jsonl(
        tmp_path / "drop.jsonl",
        ['{"id": "a", "text": "Fine."}', '{"id": "b", "text": ', '{"id": "c", "text": "Also fine."}'],
    )
    result = load(path, LoadSettings())
    assert [a.id for a in result.articles] == ["a", "c"]
    assert result.warnings == ("drop.jsonl line 2: invalid JSON (Expecting value at column 21); skipped",)


def test_on_bad_record_error_stops_at_the_broken_line(tmp_path):
    path = write_jsonl(tmp_path / "drop.jsonl", ['{"id": "a", "text": "Fine."}', '{"id": "b", "text": '])
    with pytest.raises(InputError) as caught:
        load(path, LoadSettings(on_bad_record="error"))
    # The error names the file by its path, as every input error does (the warning by its name).
    assert str(caught.value) == (
        f"{path} line 2: invalid JSON (Expecting value at column 21); fix or remove that record, "
        "or set load.on_bad_record: skip to skip it"
    )


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "b"}', "record lacks 'text'"),
        ('{"text": "No id."}', "record lacks 'id'"),
        ('{"id": "b", "text": 42}', "'text' must be a string, got a number"),
        ('{"id": "b", "text": ["a", "b"]}', "'text' must be a string, got a list"),
        ('["b", "text"]', "a record must be a JSON object with 'id' and 'text', got a list"),
        ('{"id": {"x": 1}, "text": "T."}', "'id' must be a string or a number, got an object"),
        ('{"id": "a", "text": "A copy with the first id."}', "id 'a' repeats the record at drop.jsonl line 1"),
    ],
)
def test_a_bad_record_is_skipped_with_a_warning_or_stops_the_run(tmp_path, line, problem):
    path = write_jsonl(tmp_path / "drop.jsonl", ['{"id": "a", "text": "First."}', line])
    result = load(path, LoadSettings())
    assert [(a.id, a.text) for a in result.articles] == [("a", "First.")]
    assert result.warnings == (f"drop.jsonl line 2: {problem}; skipped",)
    with pytest.raises(InputError, match=re.escape(f"{path} line 2: {problem}; fix or remove that record")):
        load(path, LoadSettings(on_bad_record="error"))


def test_a_record_without_text_in_a_json_list_names_its_position(tmp_path):
    path = tmp_path / "drop.json"
    path.write_text(json.dumps([{"id": "a", "text": "Fine."}, {"id": "b"}]), encoding="utf-8")
    assert load(path, LoadSettings()).warnings == ("drop.json[1]: record lacks 'text'; skipped",)
    with pytest.raises(InputError, match=re.escape(f"{path}[1]: record lacks 'text'; fix or remove")):
        load(path, LoadSettings(on_bad_record="error"))


def test_a_record_with_empty_text_is_an_empty_article_and_a_drop_of_bad_records_is_an_error(tmp_path):
    path = write_jsonl(tmp_path / "drop.jsonl", ['{"id": "a", "text": ""}', "not json"])
    with pytest.raises(InputError) as caught:
        load(path, LoadSettings())
    assert str(caught.value) == (
        f"{path}: no articles found; everything was skipped (expected JSON records with 'id' and 'text'):\n"
        "  - drop.jsonl line 2: invalid JSON (Expecting value at column 1); skipped\n"
        "  - a: empty article, skipped"
    )


def test_a_broken_json_document_is_an_error_pointing_at_jsonl(tmp_path):
    path = tmp_path / "drop.json"
    path.write_text('[{"id": "a", "text": "Fine."},\n {"id": "b", "text": }]', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"drop.json line 2: invalid JSON \(Expecting value\); fix it, or use JSON Lines"
    ):
        load(path, LoadSettings())


def test_a_jsonl_line_break_inside_text_is_not_a_record_break(tmp_path):
    # U+2028 is valid inside a JSON string; str.splitlines() would cut the record in two there.
    path = tmp_path / "drop.jsonl"
    path.write_text('{"id": "a", "text": "One\u2028two."}\n', encoding="utf-8")
    result = load(path, LoadSettings())
    assert result.warnings == () and [a.id for a in result.articles] == ["a"]


def test_an_unreadable_file_is_skipped_or_an_error_per_on_bad_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(EN, encoding="utf-8")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = load(tmp_path, LoadSettings())
    assert [a.id for a in result.articles] == ["a.txt"]
    assert result.warnings == (
        "locked.txt: cannot be read (Permission denied), skipped; check that it is a readable file",
    )
    with pytest.raises(InputError, match=r"locked.txt: cannot be read \(Permission denied\)"):
        load(tmp_path, LoadSettings(on_bad_file="error"))


def test_a_binary_json_drop_is_an_error_saying_so(tmp_path):
    path = tmp_path / "drop.jsonl"
    path.write_bytes(b"PK\x03\x04 zipped records")
    with pytest.raises(InputError, match=r"drop.jsonl: a binary file, not JSON: it looks like a ZIP archive"):
        load(path, LoadSettings())


def test_control_characters_go_but_separator_characters_still_part_words():
    from summarize.stages.load import normalise_text

    assert normalise_text("Acme\x1fCorp cut\x00 200\x07 jobs\r\n") == "Acme Corp cut 200 jobs\n"
