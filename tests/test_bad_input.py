"""Whole runs on messy drops: one bad file among good ones costs a warning naming it, not the run."""

import json
import subprocess

import pytest
import yaml

from summarize.io import dumps_json
from summarize.pipeline import run
from summarize.stages.report import report_markdown, summaries_json
from tests.conftest import ARTICLES, ROOT, make_settings
from tests.conftest import run_cli as cli

CHEAP = ("--set", "embed.model=hashing", "--set", "generate.model=", "--set", "embed.disk_cache=false")

GERMAN = (
    "Der Konzern hat am Montag angekündigt, rund 200 Stellen zu streichen, etwa zehn Prozent der Belegschaft.\n"
    "Das Unternehmen begründete den Schritt mit dem schwächeren Wachstum in diesem Jahr und den hohen Kosten.\n"
)
BOILERPLATE = "Subscribe to our newsletter\nShare this article\nAccept all cookies\nHome | World | Business\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Beta</title><script>track()</script></head><body>"
    "<nav>Home | Markets</nav><p>Beta Labs said the $2 billion stake from Acme would fund three new "
    "research sites, chief executive Ana Ruiz told reporters on Tuesday.</p>"
    "<footer>&copy; Beta News</footer></body></html>"
)
LATIN = "Acme’s staff in Zürich were told on Monday that the café and canteen would close after the job cuts.\n"
# Per file: its bytes, and the warnings it must get (in order), or None when it loads cleanly.
MESSY = {
    "blank.txt": (b"\n \n", ["blank.txt: empty article, skipped"]),
    "copy.txt": (ARTICLES["a3.txt"].encode(), None),
    "german.txt": (GERMAN.encode(), ["german.txt: written in 'de', not in load.languages (en); skipped"]),
    "junk.txt": (BOILERPLATE.encode(), None),
    "latin.txt": (LATIN.encode("cp1252"), ["latin.txt: not UTF-8; decoded as cp1252 (Windows Western European)"]),
    "page.html": (PAGE.encode(), ["page.html: HTML, converted to text"]),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["photo.txt: looks like a PNG image, skipped"]),
    "scan.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ["scan.txt: looks like a PDF, skipped; convert it to text"]),
}
SKIPPED = {"blank.txt", "german.txt", "photo.txt", "scan.txt"}


@pytest.fixture
def messy(tmp_path):
    folder = tmp_path / "messy"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, (data, _) in MESSY.items():
        (folder / name).write_bytes(data)
    return folder


def run_quietly(settings, embedder):
    notices: list[str] = []
    return run(settings, embedder=embedder, notice=notices.append), notices


def test_a_drop_with_one_of_each_bad_file_runs_and_every_warning_names_its_file(tmp_path, messy, embedder):
    result, notices = run_quietly(make_settings(tmp_path, input=str(messy)), embedder)
    kept = {a.id for a in result.articles}
    assert kept == set(ARTICLES) | set(MESSY) - SKIPPED
    cited = {c.article for s in result.summaries for x in s.sentences for c in x.sources}
    assert cited and not cited & SKIPPED
    assert all(s.status == "ok" for s in result.summaries)
    warnings = list(result.warnings)
    for name, (_, expected) in MESSY.items():
        mine = [w for w in warnings if w.startswith(f"{name}: ")]
        if expected is not None:
            assert len(mine) == len(expected) and all(w.startswith(e) for w, e in zip(mine, expected)), name
    # Load's warnings come file by file in name order; clean's (the boilerplate page) after them.
    assert warnings[-2:] == [
        "1 article has identical text to a3.txt: copy.txt (all kept; dedup and sources treat them as copies of one "
        "article)",
        "junk.txt: only boilerplate, nothing kept (4 paragraphs dropped: furniture 3, heading 1)",
    ]
    assert notices[: len(warnings)] == [f"warning: {w}" for w in warnings]


def test_the_warnings_reach_report_md_and_summaries_json(tmp_path, messy, embedder):
    result, _ = run_quietly(make_settings(tmp_path, input=str(messy)), embedder)
    report = report_markdown(result)
    section = report.split("## Warnings\n\n")[1].split("\n\n")[0].splitlines()
    assert section == [f"- {w}" for w in result.warnings]
    data = summaries_json(result)
    assert data["warnings"] == list(result.warnings)
    assert str(tmp_path) not in json.dumps(data["warnings"])  # file names only: the same bytes on any machine


def test_a_clean_drop_has_no_warnings_key_or_section(tmp_path, drop, embedder):
    result, _ = run_quietly(make_settings(tmp_path, input=str(drop)), embedder)
    assert result.warnings == ()
    assert "warnings" not in summaries_json(result) and "## Warnings" not in report_markdown(result)


def test_two_runs_on_the_messy_drop_give_the_same_bytes(tmp_path, messy, embedder):
    first, _ = run_quietly(make_settings(tmp_path, input=str(messy)), embedder)
    second, _ = run_quietly(make_settings(tmp_path, input=str(messy)), embedder)
    assert dumps_json(summaries_json(first)) == dumps_json(summaries_json(second))


def test_fifty_copies_of_a_seed_article_run_with_one_warning_and_one_source(tmp_path, embedder):
    folder = tmp_path / "copies"
    folder.mkdir()
    text = sorted((ROOT / "seeds" / "articles").glob("*.txt"))[0].read_bytes()
    for i in range(50):
        (folder / f"copy{i:02d}.txt").write_bytes(text)
    themes = yaml.safe_load((ROOT / "seeds" / "themes.yaml").read_text(encoding="utf-8"))
    settings = make_settings(tmp_path, input=str(folder), themes=themes, assign={"presence_sentences": 0})
    result, _ = run_quietly(settings, embedder)
    assert len(result.articles) == 50
    assert result.warnings == (
        "49 articles have identical text to copy00.txt: copy01.txt, copy02.txt, copy03.txt, copy04.txt, "
        "copy05.txt and 44 more (all kept; dedup and sources treat them as copies of one article)",
    )
    assert result.counts["sources"]["independent"] == 1
    assert any(s.status == "ok" for s in result.summaries)


def test_a_drop_that_is_all_boilerplate_runs_to_no_coverage_with_a_warning_per_file(tmp_path, embedder):
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "a.txt").write_text(BOILERPLATE, encoding="utf-8")
    (folder / "b.txt").write_text("Read Next\nFollow us on Mastodon\n", encoding="utf-8")
    result, _ = run_quietly(make_settings(tmp_path, input=str(folder)), embedder)
    assert [w.split(":")[0] for w in result.warnings] == ["a.txt", "b.txt"]
    assert all("only boilerplate, nothing kept" in w for w in result.warnings)
    assert {s.status for s in result.summaries} == {"no_coverage"}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return cli("--config", "configs/default.yaml", *CHEAP, *args)


def test_cli_on_bad_file_error_exits_1_naming_the_file(tmp_path, messy):
    result = run_cli("--input", str(messy), "--output", str(tmp_path / "out"), "--set", "load.on_bad_file=error")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {messy / 'photo.txt'}: looks like a PNG image; remove it from the drop")
    # The folder the failed run created (and locked) is not left behind empty.
    assert not (tmp_path / "out").exists()
    # One that existed before stays, with what it held.
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("--input", str(messy), "--output", str(tmp_path / "kept"), "--set", "load.on_bad_file=error")
    assert result.returncode == 1
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == [".summarize.lock", "notes.txt"]


def test_cli_on_an_empty_drop_exits_1_naming_the_folder_and_what_it_expects(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("", encoding="utf-8")
    result = run_cli("--input", str(tmp_path / "empty"), "--output", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'empty'}: no articles found; everything was skipped "
        "(expected .txt/.md/.html/.htm files with article text):",
        "  - blank.txt: empty article, skipped",
    ]


def test_cli_on_the_messy_drop_succeeds_and_prints_the_warnings(tmp_path, messy):
    result = run_cli("--input", str(messy), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning: scan.txt: looks like a PDF, skipped" in result.stdout
    data = json.loads((tmp_path / "out" / "summaries.json").read_text(encoding="utf-8"))
    assert any(w.startswith("german.txt: written in 'de'") for w in data["warnings"])
