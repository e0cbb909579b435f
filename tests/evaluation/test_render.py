import json
from html.parser import HTMLParser
from types import SimpleNamespace

from summarize.evaluation.chart import rouge_chart
from summarize.evaluation.evaluate import evaluation_to_dict
from summarize.evaluation.render import goals, html_report, markdown_report, text_table


class _References(HTMLParser):
    """Collects every attribute or tag that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "link", "iframe", "object", "embed", "base"}:
            self.external.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "poster", "data"} and not (value or "").startswith(
                ("data:", "#")
            ):
                self.external.append(f"{tag} {name}={value}")


def test_the_html_report_has_no_external_references(tiny_evaluation):
    page = html_report(tiny_evaluation, rouge_chart(tiny_evaluation))
    parser = _References()
    parser.feed(page)
    assert parser.external == []
    assert "url(" not in page and "@import" not in page and "http" not in page
    assert '<img alt="ROUGE-2 F1 per theme and system" src="data:image/png;base64,iVBOR' in page


def test_the_html_page_title_names_the_drops_not_a_cited_article(tiny_evaluation):
    page = html_report(tiny_evaluation, b"png")
    # The cited sources have titles of their own; the page is titled by the evaluation.
    assert "<title>Evaluation: tiny</title>" in page


def test_the_html_escapes_article_text(tiny_evaluation):
    page = html_report(tiny_evaluation, b"png")
    assert "Acme laid off 200 workers on Monday." in page and "<script" not in page


def test_the_chart_is_a_png_and_the_same_bytes_twice(tiny_evaluation):
    first = rouge_chart(tiny_evaluation)
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert rouge_chart(tiny_evaluation) == first
    assert b"Software" not in first


def test_the_markdown_report_shows_the_table_citations_and_reference(tiny_evaluation):
    report = markdown_report(tiny_evaluation)
    assert "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | ROUGE-2 / oracle |" in report
    assert "- Acme laid off 200 workers on Monday. [1][2]" in report
    assert "1. `a1` (Acme cuts jobs) ¶0 s0 (support 1.00): Acme laid off 200 workers on Monday." in report
    assert "> Acme laid off 200 workers." in report
    assert "![ROUGE-2 F1 per theme and system](rouge2_per_theme.png)" in report
    assert "0.02" not in report and "timings.json" in report  # timings go to their own file
    # One sentence per summary: no pair to order, and the report says so rather than inventing a share.
    assert "Order agreement (" in report and "order): n/a (0 of 0 pairs)." in report


def test_timings_go_to_timings_json_and_the_reports_do_not_change_with_them(tiny_evaluation, tmp_path):
    from dataclasses import replace

    from summarize.evaluation.files import write_evaluation

    slower = replace(tiny_evaluation, timings={k: v + 1.0 for k, v in tiny_evaluation.timings.items()})
    slower = replace(slower, runs=[SimpleNamespace(**{**vars(r), "timings": {"load": 9.0}}) for r in slower.runs])
    write_evaluation(tiny_evaluation, tmp_path / "a")
    write_evaluation(slower, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "timings.json" in names
    for name in names:
        same = (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert same == (name != "timings.json"), name
    timings = json.loads((tmp_path / "a" / "timings.json").read_text(encoding="utf-8"))
    assert timings["drops"] == {"tiny": {"load": 0.01, "generate": 0.02}}


def test_the_goals_are_checked_against_the_oracle_ratio(tiny_evaluation):
    names = [text.split(" (")[0] for text, _ in goals(tiny_evaluation)]
    assert names == [
        "macro ROUGE-2 at least 0.65 of the oracle's",
        "macro ROUGE-1 at least 0.45",
        "no theme below the best classic baseline on ROUGE-2",
    ]


def test_the_json_follows_the_documented_shape(tiny_evaluation):
    data = evaluation_to_dict(tiny_evaluation)
    assert list(data["systems"]) == ["system", "lead", "lexrank", "textrank", "oracle"]
    assert list(data["systems"]["system"]["per_theme"]) == ["layoffs", "deal"]
    assert list(data["systems"]["lead"]["macro"]["rouge2"]) == ["mean", "low", "high"]
    assert list(data["oracle_ratio"]) == ["system", "lead", "lexrank", "textrank"]
    assert data["order_agreement"] == {"concordant": 0, "pairs": 0}
    assert data["bootstrap"] == {
        "unit": "theme",
        "samples": 200,
        "confidence": 0.95,
        "seed": 13,
        "method": "percentile",
    }


def test_the_text_table_lists_every_system(tiny_evaluation):
    lines = text_table(tiny_evaluation).splitlines()
    assert lines[0] == "macro ROUGE F1 over 2 themes, 95% bootstrap interval"
    assert [line.split()[0] for line in lines[2:]] == ["system", "lead", "lexrank", "textrank", "oracle"]
