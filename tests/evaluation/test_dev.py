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
