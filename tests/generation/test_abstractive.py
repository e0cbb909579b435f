from dataclasses import dataclass, field

from summarize.config import GenerateSettings
from summarize.generation.abstractive import Model, finish, open_model, plan_theme, summarize_themes
from summarize.generation.codec import load_codec
from summarize.generation.family import Family, build_prompt
from summarize.generation.resolve import resolve_model
from summarize.stages.generate import ThemeInput
from summarize.types import Theme
from tests.generation.conftest import layoffs_input

FAST = {"threads": 1, "num_beams": 2, "min_new_tokens": 4, "max_new_tokens": 12}
CHUNK_SUMMARY = "Acme said it would cut jobs in Ohio."


@dataclass
class ScriptedBackend:
    """Answers every prompt with a fixed text and records what it was given."""

    codec: object
    answer: str = CHUNK_SUMMARY
    name: str = "scripted"
    calls: list = field(default_factory=list)

    def generate(self, batch):
        self.calls.append([list(row) for row in batch])
        return self.codec.encode([self.answer] * len(batch))


def scripted_model(tiny_t5, limit):
    codec = load_codec(tiny_t5)
    return Model(ScriptedBackend(codec), codec, Family("t5", "t5", "summarize: "), limit, ())


def test_packing_fills_to_the_token_limit_without_cutting_sentences(tiny_t5):
    item = layoffs_input(repeat=3)  # 15 sentences of 32-42 tokens each
    model = scripted_model(tiny_t5, limit=100)
    plan = plan_theme(item, model, max_chunks=10)

    def tokens(sentences):
        return model.codec.count([build_prompt(model.family, item.theme, " ".join(s.text for s in sentences))])[0]

    sources = {s.sentence.text for s in item.ranked}
    assert sum(len(chunk) for chunk in plan.chunks) == len(item.ranked)
    for number, chunk in enumerate(plan.chunks):
        assert tokens(chunk) <= 100
        assert all(s.text in sources for s in chunk)
        assert list(chunk) == sorted(chunk, key=lambda s: s.key)  # reading order inside a chunk
        later = [s for other in plan.chunks[number + 1 :] for s in other]
        assert all(tokens((*chunk, s)) > 100 for s in later)  # full: nothing later would still fit


def test_an_oversized_theme_is_summarised_in_chunks_then_reduced(tiny_t5):
    item = layoffs_input(repeat=4)  # 20 sentences, far more than 60 tokens
    model = scripted_model(tiny_t5, limit=60)
    settings = GenerateSettings(model=str(tiny_t5), max_chunks=3, batch_size=8, **FAST)
    import summarize.generation.abstractive as abstractive

    original = abstractive.open_model
    abstractive.open_model = lambda *args, **kwargs: model
    try:
        (summary,) = summarize_themes([item], resolve_model(str(tiny_t5)), settings, seed=1, cache_dir=None)
    finally:
        abstractive.open_model = original
    map_call, reduce_call = model.backend.calls
    assert len(map_call) == 3 and len(reduce_call) == 1
    reduce_text = model.codec.decode(reduce_call)[0]
    assert reduce_text.startswith("summarize: ") and CHUNK_SUMMARY in reduce_text
    assert all(len(row) <= 60 for row in map_call + reduce_call)
    assert summary.method == "seq2seq" and summary.text == CHUNK_SUMMARY
    assert any("map-reduce over 3 chunks" in note for note in summary.notes)
    assert any("left out" in note for note in summary.notes)


def test_the_guard_replaces_a_sentence_with_an_unsupported_number():
    item = layoffs_input()
    generated = "Acme will cut 1,500 jobs in Ohio. Unions in Ohio called the decision a betrayal."
    summary = finish(item, generated, GenerateSettings(word_budget=60), notes=())
    first, second = summary.sentences
    assert first.text.startswith("Acme Corp said on Monday it would cut 1,200 jobs")
    assert first.origin == ("a1", 0, 0)
    assert second.text == "Unions in Ohio called the decision a betrayal." and second.origin is None
    assert summary.guard_checked == 2
    (record,) = summary.guard_replaced
    assert (record.generated, record.replacement) == ("Acme will cut 1,500 jobs in Ohio.", first.text)
    assert "1,500" in record.reason


def test_a_sentence_copied_word_for_word_keeps_its_origin_and_is_not_reused():
    text = "Unions in Ohio called the decision a betrayal of loyal workers. Unions in Ohio called Globex a betrayal."
    summary = finish(layoffs_input(), text, GenerateSettings(word_budget=60), notes=())
    copied, replaced = summary.sentences
    assert copied.origin == ("a3", 0, 0)
    assert replaced.origin not in (None, ("a3", 0, 0))  # the closest source is already in the summary
    assert summary.guard_replaced[0].reason == "not in sources: Globex"


def test_without_the_guard_nothing_is_checked():
    summary = finish(layoffs_input(), "Acme will cut 1,500 jobs.", GenerateSettings(guard=False), notes=())
    assert summary.text == "Acme will cut 1,500 jobs." and summary.guard_checked == 0


def test_the_summary_stays_within_the_word_budget():
    text = "Unions in Ohio called the decision a betrayal. Shares of Acme rose 3.5 percent in early trading."
    summary = finish(layoffs_input(), text, GenerateSettings(word_budget=10), notes=())
    assert summary.text == "Unions in Ohio called the decision a betrayal."


def test_nothing_surviving_falls_back_to_the_extractive_summary():
    item = layoffs_input()
    summary = finish(item, "", GenerateSettings(), notes=("n",))
    assert summary.method == "extractive"
    assert [s.origin for s in summary.sentences] == [s.key for s in item.extractive]


def test_tiny_t5_and_bart_run_end_to_end_within_budget(tiny_t5, tiny_bart, tmp_path):
    empty = ThemeInput(Theme("empty", "Nothing"), (), ())
    for folder in (tiny_t5, tiny_bart):
        settings = GenerateSettings(model=str(folder), word_budget=40, **FAST)
        summaries = summarize_themes(
            [layoffs_input(), empty], resolve_model(str(folder)), settings, seed=1, cache_dir=tmp_path
        )
        covered, uncovered = summaries
        assert covered.status == "ok" and covered.method in ("seq2seq", "extractive")
        assert len(covered.text.split()) <= 40
        assert uncovered.status == "no_coverage"


def test_max_input_tokens_is_capped_by_absolute_positions(tiny_bart, tmp_path):
    settings = GenerateSettings(model=str(tiny_bart), max_input_tokens=4096, **FAST)
    model = open_model(resolve_model(str(tiny_bart)), settings, seed=1, cache_dir=tmp_path)
    assert model.limit == 128
    assert any("exceeds" in note for note in model.notes)
