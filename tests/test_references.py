"""The seed references are hand-written: no run of 7 words copied from an article."""

import re

from tests.conftest import ROOT


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def test_no_reference_shares_seven_consecutive_words_with_any_article():
    grams = set()
    for article in (ROOT / "seeds" / "articles").glob("*.txt"):
        w = words(article.read_text(encoding="utf-8"))
        grams |= {tuple(w[i : i + 7]) for i in range(len(w) - 6)}
    references = sorted((ROOT / "seeds" / "references").glob("*.txt"))
    assert [r.stem for r in references] == ["data_leak", "layoffs", "meta_deal"]
    for reference in references:
        text = reference.read_text(encoding="utf-8")
        w = words(text)
        copied = [" ".join(w[i : i + 7]) for i in range(len(w) - 6) if tuple(w[i : i + 7]) in grams]
        assert copied == [], reference.name
        assert 60 <= len(text.split()) <= 110, reference.name
