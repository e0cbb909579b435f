"""dev_eval --update: dates read from a drop's index, halves by date, what is measured (no dev drop read)."""

import numpy as np

from summarize.evaluation.update_eval import (
    UpdateFigures,
    article_dates,
    iso_date,
    measure,
    sort_date,
    split_by_date,
    update_totals,
)


def test_date_cells_give_their_iso_date_and_partial_dates_sort_in_their_month_or_year():
    assert iso_date("c. 2024-02-21/22 (inferred: 'Thursday')") == "2024-02-21"
    assert iso_date("c. early March 2024") == ""
    assert sort_date("c. early March 2024 (inferred)") == "2024-03-15"
    assert sort_date("c. 2025-08 (inferred)") == "2025-08-15"
    assert sort_date("2024, after May") == "2024-12-31"
    assert sort_date("") == "9999-12-31"


def test_dates_come_from_the_index_else_the_drops_readme_table(tmp_path):
    drop = tmp_path / "acme-2024"
    drop.mkdir()
    (tmp_path / "README.md").write_text(
        "### other\n\n| `a.txt` | x | 2023-01-01 |\n### acme-2024\n\n| file | date |\n|---|---|\n"
        "| `a.txt` | layoffs | 2024-05-13 (inferred) |\n",
        encoding="utf-8",
    )
    assert article_dates(drop) == {"a.txt": "2024-05-13 (inferred)"}
    (drop / "index.tsv").write_text("file\tdate\nb.txt\t2024-09-26\n", encoding="utf-8")
    assert article_dates(drop) == {"b.txt": "2024-09-26"}


def test_the_later_half_takes_the_odd_article_and_undated_ones_go_last():
    dates = {"a": "2024-01-02", "b": "2024-01-01", "c": ""}
    assert split_by_date(["a", "b", "c"], dates) == (["b"], ["a", "c"])
    assert split_by_date([], {}) == ([], [])


def _encode(texts):
    return np.array([[1.0, 0.0] if "old" in t else [0.0, 1.0] for t in texts])


def test_an_update_sentence_citing_an_earlier_article_is_not_later_only():
    previous = {"themes": [{"name": "t", "sentences": [{"text": "old news"}]}]}
    sentences = [
        {"text": "fresh news", "sources": [{"article": "late.txt"}]},
        {"text": "old news again", "sources": [{"article": "late.txt"}, {"article": "again-early.txt"}]},
    ]
    data = {"themes": [{"name": "t", "update": {"sentences": sentences}}]}
    (row,) = measure(
        "d", "themes.yaml", "with repeats", data, previous, later_ids={"late.txt"}, encode=_encode, threshold=0.65
    )
    assert (row.sentences, row.later_only, row.revisions, row.max_cosine) == (2, 1, 0, 1.0)
    totals = update_totals([row, UpdateFigures("d", "x", "later half", "t", 2, 2, 1, 1, 0.5, 0.65)], out=lambda _: None)
    assert totals["totals"]["all"]["later_only_share"] == 0.75
    assert totals["totals"]["all"]["plain_later_only_share"] == round(2 / 3, 4)
