"""Update summaries (``--since RUN_DIR``): the update stage's rules, reading the previous run, the outputs."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from summarize.errors import InputError
from summarize.pipeline import run
from summarize.stages.load import load_previous
from summarize.stages.report import summaries_json, write_outputs
from summarize.stages.update import Judged, another_figure, judge, seen_articles, update_candidates
from summarize.types import Article, PreviousRun, Scored, Sentence
from tests.conftest import ARTICLES, fast_args, make_settings, run_cli, shipped_config, write_drop

UPDATE = shipped_config().update
RESTATEMENT = shipped_config().select.restatement


def _scored(text: str, *articles: str, score: float = 1.0) -> Scored:
    return Scored(Sentence(articles[0], 0, 0, text, articles=articles), score)


def _candidates(judged, seen=frozenset(), **update):
    counts: Counter[str] = Counter()
    found = update_candidates(judged, frozenset(seen), UPDATE.model_copy(update=update), RESTATEMENT, 6, counts)
    return found, counts


PREVIOUS = PreviousRun("earlier", "2024-10-01", {"layoffs": ("Acme laid off 200 staff on Monday.",)})


def test_a_sentence_only_articles_read_before_carry_is_left_out():
    old = _scored("Acme laid off 200 staff on Monday.", "a1.txt")
    copied = _scored("Beta Labs welcomed the deal on Friday.", "a1.txt", "b1.txt")
    found, counts = _candidates([Judged(old), Judged(copied)], seen={"a1.txt"})
    assert [s.sentence.text for s in found.ranked] == [copied.sentence.text]
    assert counts["skip_seen"] == 1


def test_an_article_read_before_is_known_again_by_its_text_when_renamed():
    before = Article("a1.txt", "Acme laid off 200 staff.\n\nIt said growth slowed.")
    previous = PreviousRun("earlier", "", {}, frozenset({"a1.txt"}), frozenset({before.content_hash}))
    again = Article("wire-copy.txt", "Acme laid off 200 staff.\nIt said   growth slowed.")
    new = Article("b1.txt", "Acme hired 50 engineers.")
    assert seen_articles([again, new, before], previous) == frozenset({"a1.txt", "wire-copy.txt"})


def test_a_sentence_restating_the_previous_summary_is_left_out():
    same = Judged(_scored("Acme cut 200 jobs on Monday.", "b1.txt"), "Acme laid off 200 staff on Monday.", 0.8)
    found, counts = _candidates([same])
    assert found.ranked == () and counts["skip_restated"] == 1


def test_a_restatement_with_another_figure_is_kept_as_a_revision():
    revised = Judged(_scored("Acme laid off 250 staff on Monday.", "b1.txt"), "Acme laid off 200 staff on Monday.", 0.9)
    found, counts = _candidates([revised])
    key = revised.scored.sentence.key
    assert [s.sentence.key for s in found.ranked] == [key]
    assert found.revises == {key: "Acme laid off 200 staff on Monday."}
    assert counts["keep_revisions"] == 1 and counts["skip_restated"] == 0
    # A revision is news: its salience is not lowered by its likeness to the old sentence.
    assert found.ranked[0].score == 1.0
    off, _ = _candidates([revised], keep_revisions=False)
    assert off.ranked == ()


def test_another_figure_of_another_fact_is_no_revision():
    before = "Coinbase estimated its costs could range from $180 million to $400 million."
    assert not another_figure("Coinbase shares plunged by 7.2% in a single day.", before)
    assert not another_figure("It bought Deribit for $2.9 billion.", "Deribit has $30 billion in open interest.")
    assert another_figure(
        "Costs could reach $500 million to $700 million.", "Costs reach $180 million to $400 million."
    )


def test_an_added_figure_alone_is_no_revision():
    extended = Judged(_scored("Acme laid off 200 staff, 10%, on Monday.", "b1.txt"), "Acme laid off 200 staff.", 0.9)
    assert not extended.revises


def test_novelty_lowers_salience_by_likeness_to_the_previous_summary():
    # Hand-worked: 1.0 x (1 - 0.5 x 0.6) = 0.7 falls below 0.8 x (1 - 0.5 x 0) = 0.8.
    like = Judged(_scored("Acme said growth slowed in 2024.", "b1.txt"), "Acme laid off staff.", 0.6)
    other = Judged(_scored("Beta Labs opened a lab in Oslo.", "b2.txt", score=0.8))
    found, counts = _candidates([like, other])
    assert [s.score for s in found.ranked] == [0.8, 0.7]
    assert counts["novelty"] == 1


def test_judge_finds_the_closest_previous_sentence_and_none_without_one():
    ranked = [_scored("x", "a"), _scored("y", "b")]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0]])
    known = ("p", "q"), np.array([[0.0, 1.0], [0.6, 0.8]])
    nothing = (), np.zeros((0, 2))
    judged = judge(ranked, [vectors], known, nothing)
    assert [(j.closest, round(j.cosine, 2), j.told_cosine) for j in judged] == [("q", 0.6, 0.0), ("p", 1.0, 0.0)]
    # Of two wordings (as written, as compressed) the more similar counts.
    trimmed = np.array([[0.8, 0.6], [0.0, 1.0]])
    assert [round(j.cosine, 2) for j in judge(ranked, [vectors, trimmed], known, nothing)] == [0.96, 1.0]
    assert [j.told for j in judge(ranked, [vectors], nothing, known)] == ["q", "p"]
    assert update_candidates([], frozenset(), UPDATE, RESTATEMENT, 6, Counter()).ranked == ()


def test_a_sentence_an_article_read_before_told_in_other_words_is_left_out():
    told = Judged(_scored("Acme cut 200 jobs.", "b1.txt"), told="Acme laid off 200 staff.", told_cosine=0.7)
    revised = Judged(_scored("Acme cut 250 staff.", "b1.txt"), told="Acme laid off 200 staff.", told_cosine=0.7)
    found, counts = _candidates([told, revised])
    assert [s.sentence.text for s in found.ranked] == ["Acme cut 250 staff."] and counts["skip_told"] == 1
    assert found.revises == {}  # a revision of what was read, not of the previous summary: kept, unmarked


# ---------------------------------------------------------------- reading the previous run


def test_a_missing_run_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such folder; pass a previous run's output folder"):
        load_previous(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"summaries.json not found; is .* a run's output folder"):
        load_previous(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "is not valid JSON \\(line 1"), ('{"drop": "x"}', "no list of themes"), ("[]", "no list of themes")],
)
def test_a_malformed_summaries_file_is_a_clear_error(tmp_path, text, message):
    (tmp_path / "summaries.json").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_previous(tmp_path)
    assert "summaries.json" in str(caught.value) and "rerun the earlier drop" in str(caught.value)


def test_a_run_without_articles_json_is_known_by_what_it_cites(tmp_path):
    themes = [{"name": "layoffs", "sentences": [{"text": "Acme cut jobs.", "sources": [{"article": "a1.txt"}]}]}]
    (tmp_path / "summaries.json").write_text(json.dumps({"themes": themes}), encoding="utf-8")
    previous = load_previous(tmp_path)
    assert previous.themes == {"layoffs": ("Acme cut jobs.",)}
    assert previous.articles == frozenset({"a1.txt"}) and previous.since == tmp_path.name


def test_the_previous_run_is_dated_by_the_latest_article_it_read(tmp_path):
    (tmp_path / "summaries.json").write_text('{"themes": [{"name": "layoffs", "sentences": 3}]}', encoding="utf-8")
    articles = [
        {"id": "a", "date": "2024-10-02", "sha256": "h1"},
        {"id": "b", "date": ""},
        {"id": "c", "date": "2024-09-30"},
    ]
    (tmp_path / "articles.json").write_text(json.dumps({"articles": articles}), encoding="utf-8")
    previous = load_previous(tmp_path)
    assert (previous.since, previous.articles, previous.hashes) == ("2024-10-02", frozenset("abc"), frozenset({"h1"}))
    assert previous.themes == {"layoffs": ()}
    (tmp_path / "articles.json").write_text('{"articles": [{"date": "2024"}]}', encoding="utf-8")
    with pytest.raises(InputError, match="articles.json has no list of articles with ids"):
        load_previous(tmp_path)


# ---------------------------------------------------------------- the pipeline and the CLI

LATER = {
    "renamed-a1.txt": ARTICLES["a1.txt"],
    "b1.txt": (
        "Acme Corp laid off 350 staff on Monday, about 10% of its workforce.\n"
        "Acme Corp said on Thursday it would open a research centre in Oslo with 120 engineers.\n"
        "Beta Labs shares rose 12% in Frankfurt after the stake deal closed on Wednesday.\n"
    ),
}


def _earlier_run(tmp_path, embedder):
    settings = make_settings(tmp_path, input=str(write_drop(tmp_path / "earlier", ARTICLES)))
    return write_outputs(run(settings, embedder=embedder, notice=lambda _: None), tmp_path / "runs" / "earlier")


def test_without_since_there_is_no_update_key(tmp_path, drop, embedder):
    data = summaries_json(run(make_settings(tmp_path, input=str(drop)), embedder=embedder, notice=lambda _: None))
    assert all("update" not in t for t in data["themes"]) and "update" not in data["counts"]


def test_an_update_holds_only_what_the_new_articles_add_within_its_budget(tmp_path, embedder):
    earlier = _earlier_run(tmp_path, embedder)
    # The drop is undated, so the earlier summary printed its "on Monday" cut.
    told = "Acme Corp laid off 200 staff, about 10% of its workforce."
    later = write_drop(tmp_path / "later", LATER)
    settings = make_settings(tmp_path, input=str(later), update={"since": str(earlier), "word_budget": 25})
    data = summaries_json(run(settings, embedder=embedder, notice=lambda _: None))
    updates = {t["name"]: t["update"] for t in data["themes"]}
    assert set(updates) == {"layoffs", "deal"} and all(u["since"] == "earlier" for u in updates.values())
    sentences = [s for u in updates.values() for s in u["sentences"]]
    assert sentences, updates
    for u in updates.values():
        assert len(u["summary"].split()) <= 25
    for s in sentences:
        assert "b1.txt" in {c["article"] for c in s["sources"]}
        assert s["text"] != told
    assert data["counts"]["update"]["skip_seen"] > 0
    # b1 gives 350 where the earlier summary said 200: kept, and said to revise it.
    revision = next(s for s in updates["layoffs"]["sentences"] if "350" in s["text"])
    assert revision["revises"] == told


def test_the_cli_runs_an_earlier_drop_then_a_later_one_since_it(tmp_path):
    earlier, later = write_drop(tmp_path / "earlier", ARTICLES), write_drop(tmp_path / "later", LATER)
    first = run_cli(*fast_args(earlier, tmp_path / "out1", tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    assert json.loads((tmp_path / "out1" / "articles.json").read_text())["articles"][0]["id"] == "a1.txt"
    second = run_cli(*fast_args(later, tmp_path / "out2", tmp_path / "cache", "--since", str(tmp_path / "out1")))
    assert second.returncode == 0, second.stderr
    data = json.loads((tmp_path / "out2" / "summaries.json").read_text())
    assert all(t["update"]["since"] == "out1" for t in data["themes"])
    assert "### New since out1" in (tmp_path / "out2" / "report.md").read_text()
    missing = run_cli(*fast_args(later, tmp_path / "out3", tmp_path / "cache", "--since", str(tmp_path / "none")))
    assert missing.returncode == 1 and "no such folder" in missing.stderr and "Traceback" not in missing.stderr


# ---------------------------------------------------------------- batch chains


def test_a_batch_chains_dated_drops_and_drops_naming_their_predecessor(tmp_path):
    from summarize.batch import BatchOptions, run_batch

    drops = tmp_path / "drops"
    write_drop(drops / "news-2024-10-01", ARTICLES)
    write_drop(drops / "news-2024-10-02", LATER)
    write_drop(drops / "extra", {"c1.txt": LATER["b1.txt"]})
    (drops / "extra" / "drop.yaml").write_text("since: news-2024-10-01\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch(make_settings(tmp_path), drops, out, BatchOptions(quiet=True))
    assert report.exit_code == 0, report.failed

    def update_of(name):
        return {t["name"]: t.get("update") for t in json.loads((out / name / "summaries.json").read_text())["themes"]}

    assert all(u is None for u in update_of("news-2024-10-01").values())
    assert {u["since"] for u in update_of("news-2024-10-02").values()} == {"news-2024-10-01"}
    assert {u["since"] for u in update_of("extra").values()} == {"news-2024-10-01"}


def test_a_chain_naming_no_drop_or_looping_fails_that_drop(tmp_path):
    from summarize.batch.chain import drop_date, predecessors
    from summarize.batch.drops import find_drops

    for name, since in (("a", "b"), ("b", "a"), ("c", "nowhere")):
        write_drop(tmp_path / name, {"x.txt": "Acme hired 50 engineers in Oslo on Monday."})
        (tmp_path / name / "since").write_text(since + "\n", encoding="utf-8")
    before, problems = predecessors(find_drops(tmp_path))
    assert before == {}
    assert "comes back to it" in problems["a"] and "'nowhere' is no drop of this batch" in problems["c"]
    assert drop_date("feed-2024-10-01-late") == "2024-10-01" and drop_date("feed-20241001") == ""
