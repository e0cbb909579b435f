import json

from summarize.pipeline import output_dir, read_references, run
from summarize.stages.report import summaries_json, table, write_outputs
from summarize.types import Theme
from tests.conftest import ROOT, make_settings


def test_a_tiny_drop_gives_cited_summaries_per_theme(tmp_path, drop, embedder):
    settings = make_settings(tmp_path, input=str(drop))
    result = run(settings, embedder=embedder, notice=lambda _: None)
    by_theme = {s.theme: s for s in result.summaries}
    assert set(by_theme) == {"layoffs", "deal"}
    for summary in result.summaries:
        assert summary.status == "ok" and summary.method == "extractive" and summary.sentences
        for sentence in summary.sentences:
            assert sentence.sources and sentence.sources[0].score == 1.0
    text = " ".join(s.text for s in result.summaries)
    assert "Subscribe" not in text and "Read Next" not in text
    # a1 and a2 share their first paragraph: one cluster, both articles cited.
    assert result.counts["dedup"] == {"kept": 6, "clusters": 1, "duplicates_removed": 1}
    layoff_sources = {c.article for s in by_theme["layoffs"].sentences for c in s.sources}
    assert {"a1.txt", "a2.txt"} <= layoff_sources


def test_a_theme_nobody_wrote_about_has_no_coverage(tmp_path, drop, embedder):
    themes = [
        {"name": "layoffs", "description": "Staff were laid off.", "keywords": ["laid off"]},
        {"name": "volcano", "description": "A volcano erupted.", "keywords": ["lava", "eruption"]},
    ]
    settings = make_settings(tmp_path, input=str(drop), themes=themes, assign={"threshold": 0.3})
    result = run(settings, embedder=embedder, notice=lambda _: None)
    volcano = [s for s in result.summaries if s.theme == "volcano"][0]
    assert (volcano.status, volcano.method, volcano.sentences) == ("no_coverage", "none", ())
    written = write_outputs(result, tmp_path / "o")
    assert "no coverage in this drop" in (written / "report.md").read_text(encoding="utf-8")


def test_the_printed_table_keeps_its_columns_aligned_for_long_theme_names(tmp_path, drop, embedder):
    themes = [{"name": "microsoft_openai_deal_terms", "description": "Staff were laid off.", "keywords": ["laid off"]}]
    themes.append({"name": "deal", "description": "A stake was bought.", "keywords": ["stake"]})
    result = run(make_settings(tmp_path, input=str(drop), themes=themes), embedder=embedder, notice=lambda _: None)
    header, *rows = table(result).splitlines()
    status = header.index("status")
    # Every row's status sits under the header's, after a space, however long the theme name.
    assert [(row[status - 1], row[status:].split()[0]) for row in rows] == [(" ", s.status) for s in result.summaries]


def test_outputs_are_complete_and_the_summaries_file_holds_no_timings(tmp_path, drop, embedder):
    references = tmp_path / "refs"
    references.mkdir()
    (references / "layoffs.txt").write_text("Acme laid off 200 staff.\nSevered workers get pay.\n", encoding="utf-8")
    settings = make_settings(tmp_path, input=str(drop), references=str(references))
    result = run(settings, embedder=embedder, notice=lambda _: None)
    folder = write_outputs(result, output_dir(settings, result.drop))
    assert folder == tmp_path / "out"
    assert sorted(p.name for p in folder.iterdir()) == [
        "articles.json",
        "dedup.json",
        "report.md",
        "summaries.json",
        "themes.yaml",
        "timings.json",
    ]
    data = json.loads((folder / "summaries.json").read_text(encoding="utf-8"))
    assert list(data) == ["drop", "themes", "rouge", "counts", "warnings"]
    # Only layoffs has a reference: the report says the deal theme is not scored, and why.
    assert [w.split(" has no")[0] for w in data["warnings"]] == ["references: theme 'deal'"]
    assert set(data["rouge"]) == {"layoffs"} and set(data["rouge"]["layoffs"]) == {
        "rouge1",
        "rouge2",
        "rougeL",
        "rougeLsum",
    }
    assert "seconds" not in json.dumps(data) and str(tmp_path) not in json.dumps(data)
    assert set(json.loads((folder / "timings.json").read_text())) >= {"load", "clean", "dedup", "generate", "score"}
    dedup = json.loads((folder / "dedup.json").read_text(encoding="utf-8"))
    assert dedup["clusters"][0]["kept"]["paragraph"] == 0 and len(dedup["clusters"][0]["members"]) == 2
    assert "R1" in table(result) and summaries_json(result)["themes"][0]["name"] == "layoffs"


def test_references_are_read_one_sentence_per_line_and_missing_themes_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("One.\n\n Two. \n", encoding="utf-8")
    refs = read_references(tmp_path, [Theme("a", "d"), Theme("b", "d")])
    assert refs == {"a": ("One.", "Two.")}


def run_conflict_drop(tmp_path, embedder, texts):
    """Run a drop of one-line articles, with every pair of sentences similar enough to compare."""
    folder = tmp_path / "drop"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    # One or two sentences a theme: the presence test (a theme needs a few) is off.
    settings = make_settings(
        tmp_path, input=str(folder), conflicts={"min_similarity": 0.0}, assign={"presence_sentences": 0}
    )
    return run(settings, embedder=embedder, notice=lambda _: None)


def test_a_figure_disputed_by_one_source_is_reported_and_left_out(tmp_path, embedder):
    texts = {
        "a.txt": "Acme Corp laid off 200 staff on Monday as sales slowed sharply.",
        "b.txt": "On Monday the firm Acme Corp let 200 staff go, citing weak demand this year.",
        "c.txt": "Acme Corp confirmed it laid off 200 staff on Monday in its plants.",
        "d.txt": "Acme Corp laid off 250 workers on Monday, a local paper reported.",
    }
    result = run_conflict_drop(tmp_path, embedder, texts)
    layoffs = [s for s in result.summaries if s.theme == "layoffs"][0]
    [conflict] = layoffs.conflicts
    assert conflict.chosen == "200" and [v.value for v in conflict.values] == ["200", "250"]
    assert "250" not in layoffs.text and "200" in layoffs.text
    folder_out = write_outputs(result, tmp_path / "o")
    data = json.loads((folder_out / "summaries.json").read_text(encoding="utf-8"))
    theme = [t for t in data["themes"] if t["name"] == "layoffs"][0]
    assert theme["conflicts"] == [
        {
            "fact": "headcount",
            "values": [
                {"value": "200", "articles": ["a.txt", "b.txt", "c.txt"], "sources": 3},
                {"value": "250", "articles": ["d.txt"], "sources": 1},
            ],
            "chosen": "200",
            "settled": True,
        }
    ]
    report = (folder_out / "report.md").read_text(encoding="utf-8")
    assert "Sources disagree" in report and "; using 200" in report


def test_a_figure_without_a_clear_majority_is_reported_as_unsettled(tmp_path, embedder):
    texts = {
        "a.txt": "Acme Corp laid off 200 staff on Monday as sales slowed sharply.",
        "b.txt": "Acme Corp laid off 250 workers on Monday, a local paper reported.",
    }
    result = run_conflict_drop(tmp_path, embedder, texts)
    layoffs = [s for s in result.summaries if s.theme == "layoffs"][0]
    [conflict] = layoffs.conflicts
    assert not conflict.settled
    folder_out = write_outputs(result, tmp_path / "o")
    data = json.loads((folder_out / "summaries.json").read_text(encoding="utf-8"))
    assert [t["conflicts"][0]["settled"] for t in data["themes"] if t["name"] == "layoffs"] == [False]
    report = (folder_out / "report.md").read_text(encoding="utf-8")
    assert "no clear majority" in report and "using " not in report


def test_with_a_model_every_generated_sentence_is_guarded_and_attributed(tmp_path, drop, embedder):
    from tests.generation.tiny_models import build_tiny_t5

    model = build_tiny_t5(tmp_path / "tiny-t5")
    settings = make_settings(
        tmp_path,
        input=str(drop),
        generate={"model": str(model), "num_beams": 1, "min_new_tokens": 4, "max_new_tokens": 24},
    )
    notices: list[str] = []
    result = run(settings, embedder=embedder, notice=notices.append)
    assert not any("not found" in n for n in notices)
    for summary in result.summaries:
        assert summary.method == "seq2seq" and summary.sentences
        # The tiny model's random text has no support in the sources, so the guard
        # swaps it for extracts (recorded), and every kept sentence cites a source.
        assert summary.guard_checked >= len(summary.guard_replaced)
        for sentence in summary.sentences:
            assert sentence.sources
    data = summaries_json(result)
    assert all("guard" in theme for theme in data["themes"])


def test_syndicated_copies_of_every_seed_article_leave_the_summaries_as_they_were(tmp_path, embedder):
    from summarize.config import load_config

    seeds = ROOT / "seeds" / "articles"
    feed = tmp_path / "feed"
    feed.mkdir()
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for outlet in range(3):
            # As a wire feed carries them: the outlet's own furniture, now and then a word changed.
            body = text.replace("reportedly", "allegedly") if outlet == 1 else text
            copy = f"Syndicated by Outlet {outlet}\n\n{body}\n\n© Outlet {outlet}\n"
            (feed / f"{path.stem}_outlet{outlet}.txt").write_text(copy, encoding="utf-8")
    overrides = ["embed.model=hashing", "generate.model=", f"cache_dir={tmp_path / 'cache'}"]
    overrides += ["assign.threshold=0.2", "assign.presence_similarity=0.2"]  # the hashing embedder's cosines
    themes = ROOT / "seeds" / "themes.yaml"

    def summaries(folder):
        settings = load_config(ROOT / "configs" / "default.yaml", overrides, input=folder, themes_file=themes)
        result = run(settings, embedder=embedder)
        return result, [(s.theme, [x.text for x in s.sentences]) for s in result.summaries]

    alone, expected = summaries(seeds)
    copied, got = summaries(feed)
    assert got == expected and any(texts for _, texts in expected)
    assert copied.counts["sources"]["independent"] == alone.counts["sources"]["independent"]
    assert copied.counts["sources"]["articles"] == 3 * alone.counts["sources"]["articles"]


def test_a_syndicated_copy_with_another_figure_is_a_conflict_not_a_copy(tmp_path, embedder):
    lead = (
        "Acme Corp laid off 200 staff on Monday as sales slowed sharply in its plants. The cuts fall mostly"
        " on its factories in Ohio and Texas, and the company expects to finish them by the end of the quarter."
        " Its chief executive told staff in a memo that the plants would keep running on shorter shifts until"
        " orders from carmakers and appliance makers recover later in the year."
    )
    texts = {
        "a.txt": lead,
        "b.txt": "Acme Corp said on Monday it had laid off 200 staff, citing weak demand.",
        "c.txt": "Acme Corp confirmed it let 200 staff go on Monday.",
        # A syndicated copy of a.txt with one figure changed: dedup must not fold it away.
        "d.txt": lead.replace("200 staff", "250 workers"),
    }
    result = run_conflict_drop(tmp_path, embedder, texts)
    layoffs = [s for s in result.summaries if s.theme == "layoffs"][0]
    [conflict] = layoffs.conflicts
    assert conflict.fact == "headcount" and conflict.chosen == "200"
    assert [(v.value, v.articles) for v in conflict.values] == [
        ("200", ("a.txt", "b.txt", "c.txt")),
        ("250", ("d.txt",)),
    ]
    assert "250" not in layoffs.text and "200" in layoffs.text


def test_a_figure_is_the_drops_fact_whichever_theme_states_it(tmp_path, embedder):
    texts = {
        "a.txt": "Acme agreed a deal to buy a 40% stake in Beta Labs for $2 billion.",
        "b.txt": "The deal gives Acme a 40% stake in Beta Labs, which it bought for $2 billion.",
        # A layoffs sentence that names the deal's sum in passing, differently.
        "c.txt": "Acme laid off 200 staff, weeks after paying $2.6 billion for a stake in Beta Labs.",
    }
    result = run_conflict_drop(tmp_path, embedder, texts)
    by_theme = {s.theme: s for s in result.summaries}
    assert {s.sentence.article for s in result.theme_sentences["layoffs"]} == {"c.txt"}
    for theme in ("layoffs", "deal"):
        [conflict] = by_theme[theme].conflicts
        assert conflict.fact == "amount ($)" and conflict.chosen == "$2 billion"
        assert [(v.value, v.sources) for v in conflict.values] == [("$2 billion", 2), ("$2.6 billion", 1)]


def test_a_summary_sentence_cut_from_a_longer_quote_shows_where_the_quote_ends(tmp_path, embedder):
    from tests.conftest import write_drop

    articles = {
        "q1.txt": "Acme Corp laid off 200 staff on Monday, and its chief executive wrote: “We laid off 200 "
        "staff, about 10% of our workforce, to save money. It was a hard call for everyone.”\n",
        "q2.txt": "Acme Corp laid off 200 workers this week as growth slowed at the firm.\n",
    }
    settings = make_settings(
        tmp_path, input=str(write_drop(tmp_path / "quotes", articles)), assign={"presence_sentences": 0}
    )
    result = run(settings, embedder=embedder, notice=lambda _: None)
    [layoffs] = [s for s in result.summaries if s.theme == "layoffs"]
    texts = [s.text for s in layoffs.sentences]
    assert any("“We laid off 200" in t for t in texts), texts
    assert all(t.count("“") == t.count("”") for t in texts), texts
