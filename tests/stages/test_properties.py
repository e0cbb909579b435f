"""Property-based tests (hypothesis) for the load, clean, dedup and sentences stages.

Two kinds of input: arbitrary text (odd unicode, control characters, CR/LF mixes,
very long words, raw bytes), which must never crash a stage, and news-like drops
(sentences with figures, quotes and abbreviations, headlines, furniture, and
paragraphs repeated across articles with small edits), which reach the paths
where provenance and dedup decisions are made.

The "summarize" profile is derandomized and keeps no example database, so a CI
run is reproducible and writes no ``.hypothesis`` folder (hypothesis's caches go to
the temp dir). It is applied per test rather than loaded globally, so it cannot
change other modules' hypothesis tests.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from summarize.config import CleanSettings, DedupSettings, LoadSettings, SentenceSettings
from summarize.errors import InputError
from summarize.stages.clean import clean
from summarize.stages.dedup import DedupResult, dedup
from summarize.stages.load import LoadResult, load, split_paragraphs
from summarize.stages.sentences import sentences, split_sentences
from summarize.text.sentences import SENTENCE_END
from summarize.types import Cluster, ClusterMember, Paragraph

settings.register_profile(
    "summarize",
    derandomize=True,
    deadline=None,
    max_examples=150,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("summarize")
# Even with database=None hypothesis caches its Unicode tables and the constants it mines
# from our source under ./.hypothesis; keep them out of the working tree.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "summarize-hypothesis")

# --------------------------------------------------------------------------- strategies

# Line boundaries str.splitlines knows, plus spaces Python treats as whitespace and
# characters that look like space but are not (zero-width space, BOM, soft hyphen).
_ODD = ["\n", "\r", "\r\n", "\n\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
_ODD += ["\t", " ", "  ", "\xa0", "\u3000", "\u200b", "\ufeff", "\u00ad", "\x00", "\x7f", "\u202e"]

any_char = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be written as UTF-8
long_word = st.text(st.characters(categories=("L", "N", "P")), min_size=300, max_size=1500)
messy_text = st.one_of(
    st.text(any_char, max_size=200),
    st.lists(
        st.one_of(st.text(any_char, max_size=30), st.sampled_from(_ODD), long_word),
        max_size=25,
    ).map("".join),
)

_WORDS = (
    "the company said on Monday that it would cut jobs after growth slowed and costs rose "
    "analysts expected shares to fall while investors weighed the deal for a stake in its partner "
    "regulators opened an inquiry into the data leak which exposed customer records last week "
    "workers staff employees contractors severance pay union officials market revenue quarter"
).split()
_NAMES = ["Acme Corp.", "Beta Labs", "Scale AI", "Microsoft", "U.S.", "U.K.", "Dr. Smith", "Jan. 5", "St. Louis"]
_NAMES += ["Inc.", "No. 3", "Sen. Warren", "e.g.", "i.e.", "Ms. O'Neil", "Société Générale", "Zürich", "東京"]
_ODDWORDS = ["didn't", "won’t", "it's", "company's", "well-known", "full-time", "co-\nfounder", "—", "(AP)", "etc."]
_ODDWORDS += ["$", "%", "...", "…", "'", '"', "“", "”", "‘", "’", "(", ")", "[", "]", "U.S.-based", "3:30"]


@st.composite
def figure(draw) -> str:
    whole = draw(st.integers(0, 9999))
    tenth = draw(st.integers(0, 9))
    return draw(
        st.sampled_from(
            [
                f"${whole}.{tenth} billion",
                f"${whole:,} million",
                f"{whole}%",
                f"{whole}.{tenth} percent",
                f"{whole * 1000:,}",
                f"{1990 + whole % 40}",
                f"No. {tenth}",
            ]
        )
    )


_token = st.one_of(
    st.sampled_from(_WORDS), st.sampled_from(_WORDS), st.sampled_from(_NAMES), st.sampled_from(_ODDWORDS), figure()
)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(_token, min_size=1, max_size=22))
    words[0] = words[0][:1].upper() + words[0][1:]
    end = draw(st.sampled_from([".", ".", ".", "!", "?", '."', ".”", ".)", "", "…", ":", ";", "?”"]))
    text = " ".join(words) + end
    if draw(st.booleans()) and len(words) > 2:
        text = f"“{text}” {draw(st.sampled_from(['the spokesperson said.', 'he said.', 'said Dr. Lee.']))}"
    return text


headline = st.lists(st.sampled_from(_WORDS + _NAMES), min_size=1, max_size=8).map(
    lambda ws: " ".join(w[:1].upper() + w[1:] for w in ws)
)
furniture = st.sampled_from(
    [
        "Subscribe to our newsletter for daily updates.",
        "Read More",
        "By Jane Doe | 4 min read",
        "Advertisement",
        "Share this on X",
        "Related Stories",
        "Copyright © 2025 Daily Planet Media. All rights reserved.",
        "What happens next?",
        "(Reporting by Jane Doe; editing by Bob Roe)",
        "- Microsoft ( MSFT ) released a patch, opens new tab on July 8.",
        "• Acme cut 200 jobs on Monday, the company said.",
        "1. The first of the changes takes effect on Monday, it said.",
        "Order now and get 30% off your first box.",
    ]
)
news_paragraph = st.one_of(
    st.lists(sentence(), min_size=1, max_size=4).map(" ".join),
    st.lists(sentence(), min_size=1, max_size=4).map(" ".join),
    st.lists(sentence(), min_size=1, max_size=4).map(" ".join),
    headline,
    furniture,
)


@st.composite
def edited(draw, text: str) -> str:
    """``text`` with a few small edits: a word changed, dropped or added, a sentence appended."""
    words = text.split(" ")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["replace", "delete", "insert", "append", "dateline"]))
        at = draw(st.integers(0, max(0, len(words) - 1)))
        if kind == "replace" and words:
            words[at] = draw(_token)
        elif kind == "delete" and len(words) > 1:
            del words[at]
        elif kind == "insert":
            words.insert(at, draw(_token))
        elif kind == "append":
            words += draw(sentence()).split(" ")
        else:
            words.insert(0, "WASHINGTON (Reuters) -")
    return " ".join(words)


@st.composite
def versions(draw) -> list[str]:
    """A paragraph and successive edits of it: each close to the one before, the ends maybe not."""
    first = draw(st.lists(sentence(), min_size=1, max_size=3).map(" ".join))
    out = [first]
    for _ in range(draw(st.integers(1, 5))):
        out.append(draw(edited(out[-1])))
    return out


@st.composite
def news_paragraphs(draw, max_articles: int = 4) -> list[Paragraph]:
    """Paragraphs of a few articles, sharing copies and edited versions of some paragraphs."""
    pool = draw(st.lists(st.one_of(versions(), news_paragraph.map(lambda p: [p])), min_size=1, max_size=5))
    out = []
    for a in range(draw(st.integers(1, max_articles))):
        texts = []
        for _ in range(draw(st.integers(1, 6))):
            family = draw(st.sampled_from(pool))
            texts.append(draw(st.sampled_from(family)) if draw(st.booleans()) else draw(news_paragraph))
        out += [Paragraph(f"a{a}.txt", i, t) for i, t in enumerate(texts)]
    return out


@st.composite
def news_article(draw) -> str:
    paragraphs = [p.text for p in draw(news_paragraphs(max_articles=1))]
    separators = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\r", "\n\t\n"])
    out = []
    for paragraph in paragraphs:
        if draw(st.booleans()) and " " in paragraph:  # hard-wrapped wire copy
            words = paragraph.split(" ")
            cut = draw(st.integers(1, len(words) - 1))
            paragraph = " ".join(words[:cut]) + draw(separators) + " ".join(words[cut:])
        out.append(paragraph)
        out.append(draw(separators))
    return "".join(out)


_TAGS = ["<p>", "</p>", "<br>", "<div class='x'>", "</div>", "<script>var a = '<p>';</script>", "<!-- c -->"]
_TAGS += ["<![CDATA[x]]>", "<![if !IE]>", "<!x", "<?php ?>", "</", "<", "&amp;", "&#x110000;", "&#0;", "&nbsp;"]
_TAGS += ["<a href=", ">"]
html_page = st.lists(st.one_of(st.sampled_from(_TAGS), sentence(), st.text(any_char, max_size=10)), max_size=15).map(
    lambda parts: "<html><body>" + "".join(parts)
)

any_paragraphs = st.lists(
    st.builds(Paragraph, st.sampled_from(["a", "b", "c"]), st.integers(0, 30), st.one_of(messy_text, news_paragraph)),
    max_size=8,
    unique_by=lambda p: p.key,
)

# --------------------------------------------------------------------------- helpers


def _words(text: str) -> list[str]:
    return text.split()


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_subsequence(small: str, big: str) -> bool:
    chars = iter(big)
    return all(c in chars for c in small)


def _load_text(folder: Path, name: str, data: bytes) -> LoadResult | None:
    """Write one file into ``folder`` and load it; an InputError must name the file or the drop."""
    path = folder / name
    path.write_bytes(data)
    target = path if path.suffix in {".json", ".jsonl"} else folder
    try:
        return load(target, LoadSettings(max_article_chars=2_000))
    except InputError as exc:
        assert str(path) in str(exc) or str(target) in str(exc), str(exc)
        return None


def _check_loaded(result) -> None:
    """Paragraphs are non-empty single-spaced lines that give back their article's words in order."""
    assert [a.id for a in result.articles] == sorted(a.id for a in result.articles)
    by_article: dict[str, list[str]] = {}
    for p in result.paragraphs:
        assert p.text and p.text == p.text.strip() and "  " not in p.text
        assert p.text.splitlines() == [p.text]
        by_article.setdefault(p.article, []).append(p.text)
    for article in result.articles:
        parts = by_article[article.id]
        assert [p.index for p in result.paragraphs if p.article == article.id] == list(range(len(parts)))
        assert _words(" ".join(parts)) == _words(article.text)


# --------------------------------------------------------------------------- load


@PROFILE
@given(text=st.one_of(messy_text, news_article(), html_page), suffix=st.sampled_from([".txt", ".md", ".html"]))
@example(text="0\x1f1\r\n\u2028x", suffix=".txt")
def test_load_reads_any_text_file_into_paragraphs_that_keep_every_word(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        result = _load_text(Path(tmp), "a" + suffix, text.encode("utf-8"))
    if result is not None:
        _check_loaded(result)
        (article,) = result.articles
        assert len(article.text) <= 2_000
        if not any("HTML" in w for w in result.warnings):
            # Plain text is only normalised (line breaks, control characters) and cut, never added to.
            assert _is_subsequence(_visible(article.text), _visible(text))


@PROFILE
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.txt", "a.html", "drop.jsonl", "drop.json"]))
@example(data=b"\xff\xfeN\x00e\x00w\x00s\x00", name="a.txt")
@example(data=b'{"id": "x", "text": "Caf\xe9 news."}', name="drop.jsonl")
@example(data=b"%PDF-1.4 news", name="a.txt")
def test_load_of_any_bytes_gives_articles_or_an_input_error_naming_the_file(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        result = _load_text(Path(tmp), name, data)
    if result is not None:
        _check_loaded(result)


@PROFILE
@given(texts=st.lists(st.one_of(messy_text, news_article(), html_page), min_size=1, max_size=4), as_jsonl=st.booleans())
def test_json_records_with_any_text_load_with_their_ids(texts, as_jsonl):
    records = [{"id": f"r{i}", "text": t, "title": t[:10]} for i, t in enumerate(texts)]
    if as_jsonl:
        data, name = "\n".join(json.dumps(r) for r in records), "drop.jsonl"
    else:
        data, name = json.dumps(records, ensure_ascii=False), "drop.json"
    with tempfile.TemporaryDirectory() as tmp:
        result = _load_text(Path(tmp), name, data.encode("utf-8"))
    if result is not None:
        _check_loaded(result)
        assert {a.id for a in result.articles} <= {r["id"] for r in records}


@PROFILE
@given(depth=st.integers(1, 3_000), name=st.sampled_from(["drop.json", "drop.jsonl"]))
@example(depth=100_000, name="drop.json")
@example(depth=100_000, name="drop.jsonl")
def test_any_json_nesting_is_an_input_error_not_a_crash(depth, name):
    with tempfile.TemporaryDirectory() as tmp:
        _load_text(Path(tmp), name, b"[" * depth + b"]" * depth)


@PROFILE
@given(blank=st.text(st.sampled_from([c for c in _ODD if len(c) == 1 and c.isspace()]), max_size=10))
@example(blank="\n")
def test_an_error_for_a_blank_article_names_that_file(blank):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text(blank, encoding="utf-8")
        with pytest.raises(InputError, match=r"a\.txt"):
            load(tmp, LoadSettings())


@PROFILE
@given(text=st.one_of(messy_text, news_article()))
def test_split_paragraphs_keeps_every_word_in_order_on_single_spaced_lines(text):
    paragraphs = split_paragraphs(text)
    assert _words(" ".join(paragraphs)) == _words(text)
    for p in paragraphs:
        assert p and p == p.strip() and p.splitlines() == [p] and _words(p) == p.split(" ")


@PROFILE
@given(text=st.one_of(messy_text, news_article()), separator=st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_split_paragraphs_of_its_own_joined_output_changes_nothing(text, separator):
    paragraphs = split_paragraphs(text)
    assert split_paragraphs(separator.join(paragraphs)) == paragraphs


# --------------------------------------------------------------------------- clean


@PROFILE
@given(paragraphs=st.one_of(any_paragraphs, news_paragraphs()), min_words=st.integers(1, 12))
def test_clean_partitions_its_input_and_only_deletes_characters(paragraphs, min_words):
    result = clean(paragraphs, CleanSettings(min_words=min_words))
    by_key = {p.key: p for p in paragraphs}
    kept = {p.key for p in result.paragraphs}
    dropped = {(d.article, d.paragraph) for d in result.dropped}
    assert not kept & dropped and kept | dropped == set(by_key)
    assert [p.key for p in result.paragraphs] == [p.key for p in paragraphs if p.key in kept]
    for d in result.dropped:
        assert d.text == by_key[(d.article, d.paragraph)].text and d.reason
    for p in result.paragraphs:
        assert p.text and p.text == p.text.strip()
        assert _is_subsequence(_visible(p.text), _visible(by_key[p.key].text))


@PROFILE
@given(paragraphs=news_paragraphs())
def test_clean_keeps_the_text_of_news_paragraphs_without_inline_clutter_unchanged(paragraphs):
    clutter = re.compile(r"opens new tab|\(\s+[A-Z]|^\s*(?:[-•*▪►]|\d+[.)])\s|\s{2}")
    result = clean(paragraphs, CleanSettings())
    originals = {p.key: p.text for p in paragraphs}
    for p in result.paragraphs:
        if not clutter.search(originals[p.key]):
            assert p.text == originals[p.key]


@PROFILE
@given(paragraphs=news_paragraphs())
def test_clean_of_its_own_output_keeps_everything_for_news_text(paragraphs):
    once = clean(paragraphs, CleanSettings())
    twice = clean(once.paragraphs, CleanSettings())
    assert twice.paragraphs == once.paragraphs and twice.dropped == ()


@PROFILE
@given(paragraphs=any_paragraphs)
@example(paragraphs=[Paragraph("a", 0, "- - Acme cut 200 jobs on Monday, the company said.")])
def test_clean_is_idempotent_on_any_text(paragraphs):
    once = clean(paragraphs, CleanSettings())
    twice = clean(once.paragraphs, CleanSettings())
    assert twice.paragraphs == once.paragraphs and twice.dropped == ()


# --------------------------------------------------------------------------- dedup


_LEAD = (
    "Acme Corp said on Monday it would cut about 200 jobs in its cloud unit and close two offices in Texas "
    "as growth slowed, adding that the layoffs would save $14.3 million a year from next quarter."
)
# One word changed at each step: neighbours are near-copies (Jaccard 0.85), the ends are not (0.6).
CHAIN = [
    _LEAD,
    _LEAD.replace("would cut", "might cut"),
    _LEAD.replace("would cut", "might cut").replace("and close", "and shut"),
    _LEAD.replace("would cut", "might cut").replace("and close", "and shut").replace("that the", "that cuts"),
]


def _oracle_shingles(text: str, size: int) -> set[str]:
    """Word shingles defined independently of dedup.py: words are runs of letters and digits in any script."""
    words = re.findall(r"[^\W_]+", text.lower())
    if not words:
        return {" ".join(text.split())} if text.strip() else set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _check_clusters(paragraphs: list[Paragraph], result: DedupResult) -> None:
    """Every input paragraph is in exactly one cluster, whose kept paragraph is kept, in input order."""
    keys = [p.key for p in paragraphs]
    members = [(m.article, m.paragraph) for c in result.clusters for m in c.members]
    assert sorted(members) == sorted(keys)
    assert [c.kept for c in result.clusters] == [p.key for p in result.paragraphs]
    assert [p.key for p in result.paragraphs] == [k for k in keys if k in {c.kept for c in result.clusters}]
    by_key = {p.key: p for p in paragraphs}
    for kept, cluster in zip(result.paragraphs, result.clusters):
        assert kept == by_key[kept.key]
        assert kept.key in {(m.article, m.paragraph) for m in cluster.members}
        assert [keys.index((m.article, m.paragraph)) for m in cluster.members] == sorted(
            keys.index((m.article, m.paragraph)) for m in cluster.members
        )
        for m in cluster.members:  # the longest is kept
            assert len(by_key[(m.article, m.paragraph)].text.split()) <= len(kept.text.split())


@PROFILE
@given(paragraphs=st.one_of(news_paragraphs(), any_paragraphs))
def test_dedup_clusters_every_paragraph_once_and_keeps_input_order(paragraphs):
    _check_clusters(paragraphs, dedup(paragraphs, DedupSettings(), seed=13))


@PROFILE
@given(paragraphs=st.one_of(news_paragraphs(), any_paragraphs))
@example(
    paragraphs=[
        Paragraph("a", 0, "Компания уволила двести сотрудников в понедельник."),
        Paragraph("b", 0, "Акции выросли на три процента после новостей о сделке."),
    ]
)
@example(paragraphs=[Paragraph("a", 0, "* * *"), Paragraph("b", 0, "— — —")])
@example(paragraphs=[Paragraph(a, 0, text) for a, text in zip("abcd", CHAIN)])
def test_every_dropped_paragraph_has_a_near_identical_kept_twin(paragraphs):
    threshold = DedupSettings().threshold
    result = dedup(paragraphs, DedupSettings(), seed=13)
    by_key = {p.key: p for p in paragraphs}
    for cluster in result.clusters:
        kept = _oracle_shingles(by_key[cluster.kept].text, 3)
        for m in cluster.members:
            if (m.article, m.paragraph) == cluster.kept:
                assert m.similarity == 1.0
                continue
            assert m.similarity >= threshold - 1e-4  # the estimate that joined it to the kept paragraph (rounded)
            exact = _jaccard(kept, _oracle_shingles(by_key[(m.article, m.paragraph)].text, 3))
            assert exact >= threshold - 0.25, (by_key[cluster.kept].text, by_key[(m.article, m.paragraph)].text)


@PROFILE
@given(
    paragraphs=st.one_of(news_paragraphs(), any_paragraphs),
    copies=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["x", "y"])), min_size=1, max_size=4),
    threshold=st.floats(0.05, 1.0),
    num_perm=st.integers(16, 160),
    shingle_words=st.integers(1, 10),
)
@example(paragraphs=[Paragraph("a", 0, "x y z")], copies=[(0, "x")], threshold=1.0, num_perm=128, shingle_words=3)
def test_exact_duplicates_always_share_a_cluster_for_any_valid_settings(
    paragraphs, copies, threshold, num_perm, shingle_words
):
    if not paragraphs:
        return
    extra = [Paragraph(article, 100 + n, paragraphs[i % len(paragraphs)].text) for n, (i, article) in enumerate(copies)]
    everything = paragraphs + extra
    settings_ = DedupSettings(threshold=threshold, num_perm=num_perm, shingle_words=shingle_words)
    result = dedup(everything, settings_, seed=13)
    _check_clusters(everything, result)
    cluster_of = {(m.article, m.paragraph): c.kept for c in result.clusters for m in c.members}
    by_text: dict[str, set] = {}
    for p in everything:
        by_text.setdefault(p.text, set()).add(cluster_of[p.key])
    assert all(len(kept) == 1 for kept in by_text.values())
    for cluster in result.clusters:
        for m in cluster.members:
            assert m.similarity >= threshold - 1e-4 or (m.article, m.paragraph) == cluster.kept


@settings(PROFILE, max_examples=75)
@given(paragraphs=news_paragraphs(), seed=st.integers(0, 2**16))
def test_dedup_gives_the_same_result_twice_keeps_its_own_output_and_disabled_keeps_all(paragraphs, seed):
    once = dedup(paragraphs, DedupSettings(), seed=seed)
    assert once == dedup(list(paragraphs), DedupSettings(), seed=seed)
    assert dedup(once.paragraphs, DedupSettings(), seed=seed).paragraphs == once.paragraphs
    off = dedup(paragraphs, DedupSettings(enabled=False))
    assert off.paragraphs == tuple(paragraphs)
    assert [c.members for c in off.clusters] == [(ClusterMember(p.article, p.index, 1.0),) for p in paragraphs]


# --------------------------------------------------------------------------- sentences


@PROFILE
@given(text=st.one_of(messy_text, news_paragraph, st.lists(sentence(), max_size=6).map(" ".join)))
@example(text="The company didn't comment. It won’t say more.")
@example(text="A well-\nknown firm said so. Next one here.")
def test_split_sentences_are_nonempty_substrings_that_cover_the_text_in_order(text):
    parts = split_sentences(text)
    at = 0
    for s in parts:
        assert s and s == s.strip()
        found = text.find(s, at)
        assert found >= 0, (s, text)
        at = found + len(s)
    assert _visible("".join(parts)) == _visible(text)


@PROFILE
@given(
    paragraphs=st.one_of(news_paragraphs(), any_paragraphs),
    min_words=st.integers(1, 8),
    max_words=st.integers(5, 40),
)
def test_sentences_point_at_their_paragraph_and_skip_only_by_the_documented_rules(paragraphs, min_words, max_words):
    deduped = dedup(paragraphs, DedupSettings(), seed=13)
    config = SentenceSettings(min_words=min_words, max_words=max(min_words, max_words))
    result = sentences(deduped.paragraphs, deduped.clusters, config)
    by_key = {p.key: p for p in deduped.paragraphs}
    clusters = deduped.cluster_of()
    emitted = {s.key: s for s in result.sentences}
    assert len(emitted) == len(result.sentences)
    expected = {"too_short": 0, "too_long": 0, "fragment": 0}
    order = []
    for p in deduped.paragraphs:
        for i, text in enumerate(split_sentences(p.text)):
            n = len(text.split())
            if n < config.min_words:
                expected["too_short"] += 1
            elif n > config.max_words:
                expected["too_long"] += 1
            elif not SENTENCE_END.search(text):
                expected["fragment"] += 1
            else:
                order.append((p.article, p.index, i))
                assert emitted[(p.article, p.index, i)].text == text
    assert result.skipped == expected
    assert [s.key for s in result.sentences] == order
    for s in result.sentences:
        paragraph = by_key[(s.article, s.paragraph)]
        assert s.text in paragraph.text and s.text.strip()
        assert s.articles == clusters[paragraph.key].articles and s.article in s.articles
        assert 0.0 <= s.position < 1.0


@PROFILE
@given(paragraphs=news_paragraphs())
def test_sentences_without_clusters_cite_their_own_article(paragraphs):
    result = sentences(paragraphs, [Cluster(("nowhere", 0), ())], SentenceSettings(min_words=1))
    assert all(s.articles == (s.article,) for s in result.sentences)


# --------------------------------------------------------------------------- the four stages in a row


@settings(PROFILE, max_examples=75)
@given(articles=st.lists(news_article(), min_size=1, max_size=4))
def test_every_sentence_traces_back_through_the_stages_to_its_article(articles):
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(articles):
            (Path(tmp) / f"a{i}.txt").write_bytes(text.encode("utf-8"))
        try:
            loaded = load(tmp, LoadSettings())
        except InputError as exc:  # every article skipped (say, judged not English)
            assert tmp in str(exc)
            return
    _check_loaded(loaded)
    loaded_text = {p.key: p.text for p in loaded.paragraphs}
    cleaned = clean(loaded.paragraphs, CleanSettings())
    for p in cleaned.paragraphs:
        assert _is_subsequence(_visible(p.text), _visible(loaded_text[p.key]))
    deduped = dedup(cleaned.paragraphs, DedupSettings(), seed=13)
    _check_clusters(list(cleaned.paragraphs), deduped)
    split = sentences(deduped.paragraphs, deduped.clusters, SentenceSettings())
    cleaned_text = {p.key: p.text for p in cleaned.paragraphs}
    members = {c.kept: {(m.article, m.paragraph) for m in c.members} for c in deduped.clusters}
    for s in split.sentences:
        key = (s.article, s.paragraph)
        assert s.text in cleaned_text[key]
        assert set(s.articles) == {article for article, _ in members[key]}
        assert all(member in loaded_text for member in members[key])
