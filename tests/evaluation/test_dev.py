from summarize.evaluation.dev import dev_drops, mixed_drops


def _drop(root, name, articles):
    folder = root / name
    (folder / "references").mkdir(parents=True)
    (folder / "references" / "deal.txt").write_text("A reference.\n", encoding="utf-8")
    for file, text in articles.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_mixed_drops_read_every_drops_articles_with_each_drops_own_references(tmp_path):
    seeds = _drop(tmp_path, "seeds", {"001.txt": "Acme cut jobs.", "notes.json": "{}"})
    dev = tmp_path / "dev"
    _drop(dev, "other", {"001.txt": "Globex bought a stake.", "002.md": "Initech leaked data."})
    drops = dev_drops(dev, seeds)
    mixed = mixed_drops(drops, tmp_path / "mixed")
    assert [d.name for d in mixed] == ["seeds+mixed", "other+mixed"]
    assert [d.references for d in mixed] == [d.references for d in drops]
    assert {d.input for d in mixed} == {tmp_path / "mixed"}
    # Same file names in two drops do not clash; files that are not articles stay behind.
    copied = sorted(p.name for p in (tmp_path / "mixed").iterdir())
    assert copied == ["other__001.txt", "other__002.md", "seeds__001.txt"]
    assert (tmp_path / "mixed" / "other__001.txt").read_text(encoding="utf-8") == "Globex bought a stake."


def test_cross_drops_take_one_theme_from_each_drop_over_all_articles(tmp_path):
    import yaml

    from summarize.evaluation.dev import cross_drops

    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({"themes": [{"name": "layoffs", "description": "Acme cut jobs."}]}), encoding="utf-8"
    )
    seeds = _drop(tmp_path, "seeds", {"001.txt": "Acme cut jobs."})
    (seeds / "references" / "layoffs.txt").write_text("Acme cut jobs.\n", encoding="utf-8")
    dev = tmp_path / "dev"
    other = _drop(dev, "other", {"001.txt": "Globex bought a stake.", "002.txt": "Initech leaked data."})
    themes = [
        {"name": "deal", "description": "Globex bought a stake."},
        {"name": "leak", "description": "Data leaked."},
    ]
    (other / "themes.yaml").write_text(yaml.safe_dump(themes), encoding="utf-8")
    cross = cross_drops(config, dev_drops(dev, seeds), tmp_path / "cross")
    assert [d.name for d in cross] == ["cross0", "cross1"]
    # The seeds have one theme, so it comes round again; the other drop's two take turns.
    chosen = [[t["name"] for t in yaml.safe_load(d.themes.read_text(encoding="utf-8"))] for d in cross]
    assert chosen == [["seeds.layoffs", "other.deal"], ["seeds.layoffs", "other.leak"]]
    assert sorted(p.name for p in cross[0].references.iterdir()) == ["other.deal.txt", "seeds.layoffs.txt"]
    assert sorted(p.name for p in cross[1].references.iterdir()) == ["seeds.layoffs.txt"]  # no leak reference
    assert len({d.input for d in cross}) == 1 and len(list(cross[0].input.iterdir())) == 3


def test_labels_carry_over_to_rebuilt_drops_by_article_prefix_and_theme():
    from summarize.evaluation.dev import rebased_labels
    from summarize.evaluation.drops import DropSpec

    drops = [DropSpec("seeds", "s", "s/references"), DropSpec("other", "o", "o/references")]
    labels = {
        "seeds": ("000\t0\t1\tlayoffs\n001\t*\t*\tnone\n", None),
        "other": ("other\t002\t*\t*\tdeal\nelse\t009\t*\t*\tdeal\n", "other"),
    }
    # Mixed, running the seeds' themes: another drop's sentences belong to none of them.
    assert rebased_labels(labels, drops, "seeds").splitlines() == [
        "seeds__000\t0\t1\tlayoffs",
        "seeds__001\t*\t*\tnone",
        "other__002\t*\t*\tnone",
    ]
    # Cross: every drop's themes are present, named after their drop.
    assert rebased_labels(labels, drops, "cross0").splitlines() == [
        "seeds__000\t0\t1\tseeds.layoffs",
        "seeds__001\t*\t*\tnone",
        "other__002\t*\t*\tother.deal",
    ]


def test_syndicated_drops_add_copies_with_site_furniture_that_clean_drops(tmp_path):
    from summarize.config import CleanSettings
    from summarize.evaluation.dev import syndicated_drops
    from summarize.stages.clean import classify

    body = [f"Paragraph {i} says the company cut {i} jobs, employees said." for i in range(1, 6)]
    articles = {f"{n:03d}.txt": "Acme cuts jobs\n\n" + "\n\n".join(body) for n in range(4)}
    articles["004.html"] = "<p>Acme cuts jobs.</p>"
    drop = _drop(tmp_path, "seeds", articles)
    [syndicated] = syndicated_drops(dev_drops(None, drop), tmp_path / "syndicated", copies=3)
    assert syndicated.name == "seeds+syndicated" and syndicated.references == drop / "references"
    names = sorted(p.name for p in syndicated.input.iterdir())
    # Originals kept, copies spread over the plain-text articles; the HTML page is not copied.
    assert names == [*sorted(articles), "~syndicated0-000.txt", "~syndicated1-001.txt", "~syndicated2-002.txt"]
    excerpt, cut, reworded = (
        (syndicated.input / n).read_text(encoding="utf-8").strip().split("\n\n") for n in names[-3:]
    )
    original = articles["000.txt"].split("\n\n")
    assert excerpt[3:6] == original[1:4] and "full story" in excerpt[6]  # cut short, with a link
    assert cut[3:7] == [original[1], original[2], original[4], original[5]]  # the middle paragraph gone
    assert reworded[3] == "Paragraph 1 says the firm cut 1 jobs, workers stated."
    assert [p for p in excerpt if classify(p, CleanSettings()) is None] == excerpt[3:6]
    # A second call on the same drop gives the same bytes (no randomness).
    [again] = syndicated_drops(dev_drops(None, drop), tmp_path / "again", copies=3)
    assert all((again.input / n).read_bytes() == (syndicated.input / n).read_bytes() for n in names)


def test_syndication_report_names_the_summaries_that_moved():
    from summarize.evaluation.dev import syndication_report

    def figures(name, summaries, independent, articles):
        return {
            "drops": {name: {"summaries": summaries, "sources": {"independent": independent, "articles": articles}}}
        }

    alone = figures("news", {"deal": ["A bought B."], "layoffs": ["C cut 10 jobs."]}, 4, 5)
    same = figures("news+syndicated", {"deal": ["A bought B."], "layoffs": ["C cut 10 jobs."]}, 4, 9)
    moved = figures("news+syndicated", {"deal": ["A bought B."], "layoffs": ["C cut 12 jobs."]}, 3, 9)
    assert syndication_report(alone, same) == [
        "news: 2 of 2 summaries unchanged; independent sources 4 -> 4 (5 -> 9 articles)"
    ]
    assert syndication_report(alone, moved) == [
        "news: 1 of 2 summaries unchanged (layoffs changed); independent sources 4 -> 3 (5 -> 9 articles)"
    ]


def test_left_out_drops_leave_each_article_out_once(tmp_path):
    from summarize.evaluation.dev import LEFT_OUT, left_out_drops

    news = _drop(tmp_path, "news", {"001.txt": "Acme cut jobs.", "002.txt": "Acme cut more.", "003.md": "Globex."})
    single = _drop(tmp_path, "single", {"001.txt": "Initech leaked data.", "notes.json": "{}"})
    # A drop of one article (notes.json is not one) has nothing to leave out.
    left = left_out_drops(dev_drops(None, news) + dev_drops(None, single), tmp_path / "left")
    assert [d.name for d in left] == [f"news{LEFT_OUT}001.txt", f"news{LEFT_OUT}002.txt", f"news{LEFT_OUT}003.md"]
    # Each drop keeps every other article, and its references stay the drop's own.
    assert [sorted(p.name for p in d.input.iterdir()) for d in left] == [
        ["002.txt", "003.md"],
        ["001.txt", "003.md"],
        ["001.txt", "002.txt"],
    ]
    assert {d.references for d in left} == {news / "references"}


def test_left_out_report_counts_the_runs_below_the_classic_per_theme():
    from summarize.evaluation.dev import LEFT_OUT, left_out_report

    def run(system, classic):
        return {"themes": {"deal": {"system_rouge2": system, "best_classic_rouge2": classic}}}

    figures = {
        "drops": {
            f"news{LEFT_OUT}001.txt": run(0.20, 0.10),
            f"news{LEFT_OUT}002.txt": run(0.08, 0.12),
            f"news{LEFT_OUT}003.txt": run(0.11, 0.11),  # a tie is not below
        }
    }
    assert left_out_report(figures) == [
        "news.deal: 3 runs, ROUGE-2 system 0.130 vs best classic 0.110; below in 1 (worst -0.040, without 002.txt)",
        "all: 3 theme runs, system below the best classic in 1, mean margin +0.020",
    ]
