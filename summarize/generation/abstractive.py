"""Abstractive summaries of a drop's themes with one seq2seq model (map-reduce).

Each theme's top-ranked sentences are packed into as few model inputs as the
token limit allows (at most ``max_chunks``); every chunk of every theme is
generated in shared batches (the map), themes with several chunks get one more
call over their chunk summaries (the reduce). The text is split into sentences,
checked by the faithfulness guard and cut to the word budget at a sentence
boundary. This is the map-reduce scheme of LangChain's summarisation chains,
kept to one reduce level so that the number of model calls per theme is
bounded by ``max_chunks + 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarize.config import GenerateSettings
from summarize.generation.backend import Backend, Decoding
from summarize.generation.codec import Codec, load_codec
from summarize.generation.extractive import extractive_summary
from summarize.generation.family import Family, build_prompt, detect_family, input_limit, read_config
from summarize.generation.guard import Facts, best_replacement, check, extract_facts
from summarize.generation.hf import refuse_pickle
from summarize.generation.packing import pack
from summarize.generation.resolve import ResolvedModel
from summarize.generation.split import split_sentences, words
from summarize.types import GuardReplacement, Sentence, Summary, SummarySentence, Theme, ThemeInput


@dataclass(frozen=True, slots=True)
class Plan:
    """The model inputs of one theme: chunks of sentences in reading order, plus notes."""

    chunks: tuple[tuple[Sentence, ...], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Model:
    """An opened model: its backend, codec, prompt family and input limit."""

    backend: Backend
    codec: Codec
    family: Family
    limit: int
    notes: tuple[str, ...]


def open_model(resolved: ResolvedModel, settings: GenerateSettings, *, seed: int, cache_dir: Path) -> Model:
    """Load the configured backend for a checkpoint.

    Args:
        resolved: The checkpoint folder.
        settings: The ``generate`` settings (backend, threads, decoding, limits).
        seed: Seeds torch (transformers backend).
        cache_dir: Where CTranslate2 conversions are cached.
    Returns:
        The ready model.
    Raises:
        PickleRefusedError, UnsupportedModelError, BackendError: see their docstrings.
    """
    config = read_config(resolved.path)
    family = detect_family(config, settings.model, settings.prompt)
    refuse_pickle(resolved, settings.allow_pickle)
    decoding = Decoding.from_settings(settings)
    notes = [f"model {settings.model} via {settings.backend}, prompt {family.prompt}"]
    if family.guessed:
        notes.append(
            "this T5 config does not say Flan-T5 or T5 v1.1; Flan's instruction was used (set generate.prompt)"
        )
    backend: Backend
    if settings.backend == "ctranslate2":
        from summarize.generation.ct2 import CTranslate2Backend, convert

        folder = convert(resolved, Path(cache_dir), allow_pickle=settings.allow_pickle)
        codec = load_codec(folder)
        backend = CTranslate2Backend(
            folder,
            decoding,
            threads=settings.threads,
            compute_type=settings.compute_type,
            batch_hint=settings.batch_size,
        )
    else:
        from summarize.generation.hf import TransformersBackend, load_model

        codec = load_codec(resolved.path)
        model = load_model(resolved, allow_pickle=settings.allow_pickle)
        backend = TransformersBackend(model, decoding, pad_id=codec.special.pad, threads=settings.threads, seed=seed)
    own_limit, hard = input_limit(config, codec.model_max_length)
    limit = settings.max_input_tokens or own_limit
    if hard and limit > own_limit:
        notes.append(f"max_input_tokens {limit} exceeds the model's {own_limit} positions; {own_limit} used")
        limit = own_limit
    return Model(backend, codec, family, limit, tuple(notes))


def _reading_order(sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    return tuple(sorted(sentences, key=lambda s: s.key))


def plan_theme(item: ThemeInput, model: Model, max_chunks: int) -> Plan:
    """Pack a theme's ranked sentences into chunks that fit the model's input.

    Args:
        item: The theme with its ranked sentences (best first).
        model: Supplies the codec, prompt family and limit.
        max_chunks: At most this many chunks.
    Returns:
        The chunks (each in reading order) and notes on what was left out.
    """
    sentences = [s.sentence for s in item.ranked]
    costs = model.codec.count_plain([s.text for s in sentences])

    def prompt_tokens(indices: tuple[int, ...]) -> int:
        text = " ".join(s.text for s in _reading_order([sentences[i] for i in indices]))
        return model.codec.count([build_prompt(model.family, item.theme, text)])[0]

    packing = pack(costs, prompt_tokens, model.limit, max_chunks)
    notes = []
    if packing.too_long:
        notes.append(f"{len(packing.too_long)} sentence(s) longer than the {model.limit}-token input skipped whole")
    if len(packing.chunks) > 1:
        notes.append(f"map-reduce over {len(packing.chunks)} chunks")
    if packing.left_out:
        notes.append(f"{len(packing.left_out)} lower-ranked sentence(s) beyond {max_chunks} chunks left out")
    chunks = tuple(_reading_order([sentences[i] for i in chunk]) for chunk in packing.chunks)
    return Plan(chunks, tuple(notes))


def generate_texts(model: Model, prompts: Sequence[str], batch_size: int) -> list[str]:
    """Generate one text per prompt, in batches of similar length, same order as given.

    Args:
        model: The opened model.
        prompts: Model inputs (already within the token limit).
        batch_size: Prompts per backend call.
    Returns:
        The decoded outputs.
    """
    encoded = model.codec.encode(prompts)
    # Longest first, ties by position: similar lengths share a batch (less padding), deterministically.
    order = sorted(range(len(encoded)), key=lambda i: (-len(encoded[i]), i))
    outputs: list[list[int]] = [[] for _ in encoded]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        for index, row in zip(batch, model.backend.generate([encoded[i] for i in batch]), strict=True):
            outputs[index] = row
    return model.codec.decode(outputs)


def reduce_prompt(theme: Theme, partials: Sequence[str], model: Model) -> tuple[str, int]:
    """The reduce input: chunk summaries' sentences, in chunk order, as many as fit.

    Returns:
        The prompt and the number of sentences that did not fit.
    """
    sentences = [s for text in partials for s in split_sentences(text)]
    costs = model.codec.count_plain(sentences)

    def prompt_tokens(indices: tuple[int, ...]) -> int:
        return model.codec.count([build_prompt(model.family, theme, " ".join(sentences[i] for i in sorted(indices)))])[
            0
        ]

    packing = pack(costs, prompt_tokens, model.limit, 1)
    kept = sorted(packing.chunks[0]) if packing.chunks else []
    text = " ".join(sentences[i] for i in kept)
    return build_prompt(model.family, theme, text), len(sentences) - len(kept)


def finish(item: ThemeInput, text: str, settings: GenerateSettings, notes: Sequence[str]) -> Summary:
    """Turn generated text into the theme's summary: split, guard, cut to the word budget.

    Args:
        item: The theme with its ranked and extractive sentences.
        text: The generated summary text.
        settings: ``word_budget`` and ``guard``.
        notes: Notes gathered so far.
    Returns:
        A ``seq2seq`` summary, or the extractive one (noted) when no generated
        sentence survives the guard and the budget.
    """
    facts = extract_facts(s.sentence.text for s in item.ranked)
    verbatim = {s.sentence.text: s.sentence.key for s in reversed(item.ranked)}
    draft = _Draft(budget_left=settings.word_budget)
    for sentence in split_sentences(text):
        # A sentence the model copied word for word keeps its provenance.
        chosen: SummarySentence | None = SummarySentence(text=sentence, origin=verbatim.get(sentence))
        replacement = None
        if settings.guard:
            chosen, replacement = _guarded(sentence, chosen, item, facts, draft)
            if chosen is None:
                continue
        if any(k.text == chosen.text for k in draft.kept):
            continue
        if words(chosen.text) > draft.budget_left:
            break
        draft.keep(chosen, replacement, settings.guard)
    if not draft.kept:
        return _extractive_instead(item, notes, draft.checked)
    return Summary(
        item.theme.name,
        status="ok",
        method="seq2seq",
        sentences=tuple(draft.kept),
        guard_checked=draft.checked,
        guard_replaced=tuple(draft.replaced),
        notes=tuple(notes),
    )


@dataclass
class _Draft:
    """A generated summary as :func:`finish` builds it: the sentences kept, what the guard
    replaced or dropped, the sources used up and the words left in the budget."""

    budget_left: int
    kept: list[SummarySentence] = field(default_factory=list)
    replaced: list[GuardReplacement] = field(default_factory=list)
    used: set[tuple[str, int, int]] = field(default_factory=set)
    checked: int = 0

    def keep(self, chosen: SummarySentence, replacement: GuardReplacement | None, guarded: bool) -> None:
        """Add ``chosen`` (counted as checked when the guard ran), its source used up."""
        self.checked += int(guarded)
        if replacement is not None:
            self.replaced.append(replacement)
        if chosen.origin is not None:
            self.used.add(chosen.origin)
        self.kept.append(chosen)
        self.budget_left -= words(chosen.text)


def _guarded(
    sentence: str, chosen: SummarySentence, item: ThemeInput, facts: Facts, draft: _Draft
) -> tuple[SummarySentence | None, GuardReplacement | None]:
    """The guard's verdict on a generated ``sentence``: kept as it is, replaced by the best
    unused source sentence that fits the budget, or dropped (None; recorded in ``draft``)
    when no source sentence is left, since an unsupported sentence must not reach the summary."""
    verdict = check(sentence, facts)
    if verdict.supported:
        return chosen, None
    source = best_replacement(sentence, item.ranked, draft.used, max_words=draft.budget_left)
    if source is None:
        draft.checked += 1
        draft.replaced.append(GuardReplacement(sentence, verdict.reason + "; no unused source sentence left", ""))
        return None, None
    return SummarySentence(text=source.text, origin=source.key), GuardReplacement(sentence, verdict.reason, source.text)


def _extractive_instead(item: ThemeInput, notes: Sequence[str], checked: int) -> Summary:
    """The extractive summary, noted, for a theme none of whose generated sentences survived
    the guard and the budget; it keeps the count of sentences the guard checked."""
    fallback = extractive_summary(item, notes=(*notes, "no generated sentence fit the budget; extractive summary used"))
    return Summary(
        fallback.theme,
        fallback.status,
        fallback.method,
        fallback.sentences,
        guard_checked=checked,
        notes=fallback.notes,
    )


def summarize_themes(
    inputs: Sequence[ThemeInput], resolved: ResolvedModel, settings: GenerateSettings, *, seed: int, cache_dir: Path
) -> tuple[Summary, ...]:
    """Abstractive summaries of all themes of a drop (see the module docstring).

    Args:
        inputs: One entry per theme.
        resolved: The checkpoint folder.
        settings: The ``generate`` settings.
        seed: Seeds torch.
        cache_dir: Where converted models are cached.
    Returns:
        One summary per input, same order; themes without sentences are ``no_coverage``.
    Raises:
        GenerationError: the model cannot be opened or run.
    """
    model = open_model(resolved, settings, seed=seed, cache_dir=cache_dir)
    plans = [plan_theme(item, model, settings.max_chunks) if item.ranked else None for item in inputs]
    map_prompts: list[str] = []
    owners: list[int] = []
    for index, (item, plan) in enumerate(zip(inputs, plans, strict=True)):
        for chunk in plan.chunks if plan else ():
            map_prompts.append(build_prompt(model.family, item.theme, " ".join(s.text for s in chunk)))
            owners.append(index)
    partials: list[list[str]] = [[] for _ in inputs]
    for owner, text in zip(owners, generate_texts(model, map_prompts, settings.batch_size), strict=True):
        partials[owner].append(text)
    final: list[str] = [texts[0] if len(texts) == 1 else "" for texts in partials]
    extra_notes: list[list[str]] = [[] for _ in inputs]
    reducing = [i for i, texts in enumerate(partials) if len(texts) > 1]
    reduce_prompts = []
    for i in reducing:
        prompt, dropped = reduce_prompt(inputs[i].theme, partials[i], model)
        reduce_prompts.append(prompt)
        if dropped:
            extra_notes[i].append(f"{dropped} chunk-summary sentence(s) did not fit the reduce input")
    for i, text in zip(reducing, generate_texts(model, reduce_prompts, settings.batch_size), strict=True):
        final[i] = text
    summaries = []
    for i, (item, plan) in enumerate(zip(inputs, plans, strict=True)):
        if plan is None:
            summaries.append(extractive_summary(item))
        elif not plan.chunks:
            note = "every sentence is longer than the model input; extractive summary used"
            summaries.append(extractive_summary(item, notes=(*model.notes, *plan.notes, note)))
        else:
            summaries.append(finish(item, final[i], settings, (*model.notes, *plan.notes, *extra_notes[i])))
    return tuple(summaries)
