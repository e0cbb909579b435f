"""Themes stage: assign sentences to the declared themes.

A sentence's affinity to a theme is the cosine similarity of its embedding to
the theme's description (a zero-shot, embedding-based classifier in the spirit
of Yin et al., 2019), plus keyword evidence: a fixed bonus per distinct theme
keyword found in it (Porter-stemmed, so "layoff" matches "layoffs"), capped.
The similarity blends the sentence alone with the sentence read after the one
before it (``pair_weight``), since "the company blamed slowing sales" is about
the cuts its predecessor names; the neighbours' lean (``context_weight``) is added.
A sentence goes to its best theme when that score clears the threshold and beats
the other themes by ``margin`` (or, below the threshold, by ``clear_margin``), or
to no theme at all. A passing reference to another event ("..., months after Globex
invested $2.1 billion") counts only ``passing_weight`` of what the main clause
does, so a sentence about the layoffs that names the deal stays with the layoffs;
a sentence opening "In unrelated news" cannot join its neighbours' theme.

A theme the drop does not tell (too few sentences like it, ``absent_themes``) is left
empty with a warning. In a drop of several
companies' stories (descriptions that share no name) the similarity is taken with those
names masked (``mask_names``): there "Acme's stock joined the Nasdaq-100" is like an
Acme breach description only for naming Acme.

What an article is about shows in its vocabulary as well (``article_keywords``): an
article using too few of a theme's keywords, where the theme's best article uses many,
cannot join it, though the theme still competes for its sentences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from summarize.config import AssignSettings
from summarize.embed import Embedder
from summarize.text.names import theme_names
from summarize.text.sentences import previous_sentences
from summarize.text.words import keyword_hits, keywords_in, stems
from summarize.types import Key, Scored, Sentence, Theme

# A clause that dates or explains by reference to another event: "The layoffs come
# months after Globex invested $2.1 billion" is about the layoffs, not the deal.
_PASSING = re.compile(
    r"(?:,\s*|(?<!\bshortly)(?<!\bsoon)(?<!\blong)(?<!\bright)(?<!\bjust)(?<!\beven)(?<!\bonly)(?<!\bimmediately)\s+)(?:(?:just\s+|only\s+)?(?:days|weeks|months|years)\s+after|since|after|following|amid|"
    r"in\s+the\s+wake\s+of|on\s+the\s+heels\s+of|on\s+the\s+back\s+of)\s+",
    re.IGNORECASE,
)


# An opener that announces another story: the sentence is not about what its
# neighbours are about, so it takes no lean from them and cannot join their theme.
_TOPIC_SHIFT = re.compile(
    r"^[\"“‘']?(?:in\s+(?:a\s+)?(?:separate|unrelated)\s+(?:development|news|move|matter)s?|separately|"
    r"in\s+other\s+news|elsewhere|meanwhile,\s+in\s+an?\s+unrelated)\b",
    re.IGNORECASE,
)


def shifts_topic(text: str) -> bool:
    """True when the sentence opens by announcing another story ("In unrelated news, ...")."""
    return bool(_TOPIC_SHIFT.search(text.strip()))


def main_clause(text: str, min_words: int = 3) -> str:
    """The sentence without a passing reference to another event ("..., months after Globex ...";
    a clause set off by commas ends at the next comma), or the whole sentence when it has
    none or the clause opens it.

    Args:
        text: The sentence.
        min_words: The main part must keep at least this many words.
    Returns:
        The main part, stripped.
    """
    for match in _PASSING.finditer(text):
        head = text[: match.start()].strip()
        if len(head.split()) < min_words:
            continue
        # ", after layoffs, was the deal": a clause set off by commas ends at the next one.
        close = text.find(",", match.end()) if match.group(0).startswith(",") else -1
        tail = text[close + 1 :].strip() if close >= 0 else ""
        return f"{head} {tail}".strip() if tail else head
    return text


@dataclass(frozen=True, slots=True)
class ThemeResult:
    by_theme: dict[str, tuple[Scored, ...]]  # theme -> its sentences with affinity, input order
    unassigned: int
    warnings: tuple[str, ...] = ()  # themes left empty because the drop tells another story
    counts: Mapping[str, int] = field(default_factory=dict)  # what each unit did, for summaries.json


def absent_themes(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    theme_vectors: np.ndarray,
    themes: Sequence[Theme],
    settings: AssignSettings,
) -> dict[int, str]:
    """The themes the drop does not tell, each with the warning to give.

    A theme is told when at least ``presence_sentences`` of the drop's sentences are at
    least ``presence_similarity`` like its text: a story is several sentences about it, not
    one in passing ("ferry crews staged a walkout" is no layoffs story in a wildfire
    drop). Otherwise its sentences would come from whatever story the drop does tell.

    Returns:
        Theme index -> warning, for the absent themes only.
    """
    if settings.presence_sentences == 0 or not len(sentences):
        return {}
    similarity = np.asarray(vectors, dtype=np.float64) @ np.asarray(theme_vectors, dtype=np.float64).T
    counts = (np.round(similarity, 6) >= settings.presence_similarity).sum(axis=0)
    return {
        j: (
            f"themes: theme '{theme.name}' is left empty: only {int(counts[j])} of the drop's sentences are about "
            f"it (assign.presence_sentences needs {settings.presence_sentences}), so the drop does not tell its "
            "story; check the theme, or run with --themes auto to see the stories the drop tells"
        )
        for j, theme in enumerate(themes)
        if counts[j] < settings.presence_sentences
    }


def affinities(
    sentences: Sequence[Sentence],
    themes: Sequence[Theme],
    embedder: Embedder,
    settings: AssignSettings,
    vectors: np.ndarray | None = None,
    previous: Mapping[Key, Key] | None = None,
) -> np.ndarray:
    """Sentence-by-theme affinity matrix (rows follow ``sentences``, columns ``themes``):
    similarity, plus keyword evidence, plus the neighbours' lean.

    ``previous`` gives each sentence's predecessor, the one its article's reader reads before
    it (:func:`summarize.text.sentences.previous_sentences`; default: without the dedup clusters)."""
    if not sentences or not themes:
        return np.zeros((len(sentences), len(themes)))
    mask = name_masker(themes, settings)
    if vectors is None:
        vectors = embedder.encode([s.text for s in sentences])
    theme_vectors = embedder.encode([mask(t.description) for t in themes])
    before = previous_sentences(sentences) if previous is None else previous
    mains = [main_clause(s.text) if settings.passing_weight < 1 else s.text for s in sentences]
    similarity = _similarity(sentences, vectors, theme_vectors, embedder, settings, mask, before, mains)
    scores = settings.similarity_weight * similarity.astype(np.float64)
    scores = scores + keyword_bonus(sentences, themes, mains, settings)
    if settings.context_weight > 0:
        scores = context_lean(sentences, scores, settings)
    return scores


def name_masker(themes: Sequence[Theme], settings: AssignSettings) -> Callable[[str], str]:
    """How texts are read for similarity: with the descriptions' names masked when the themes
    are several companies' stories (descriptions that share no name), or as written."""
    named = [theme_names(theme.description) for theme in themes]
    # A name every theme gives is the story's subject (Acme).
    subject = tuple(sorted(set.intersection(*map(set, named)))) if len(themes) > 1 else ()
    several = len(themes) > 1 and not subject
    masking = settings.mask_names is True or (settings.mask_names == "auto" and several)
    return _masker({n for names in named for n in names}) if masking else _same


def keyword_bonus(
    sentences: Sequence[Sentence], themes: Sequence[Theme], mains: Sequence[str], settings: AssignSettings
) -> np.ndarray:
    """``keyword_weight`` per distinct theme keyword in the sentence, at most ``keyword_cap``;
    a keyword only in a passing reference to another event counts ``passing_weight``."""
    bonus = np.zeros((len(sentences), len(themes)))
    for i, sentence in enumerate(sentences):
        sentence_stems = stems(sentence.text)
        main_stems = stems(mains[i]) if mains[i] != sentence.text else sentence_stems
        for j, theme in enumerate(themes):
            all_hits = keyword_hits(sentence_stems, theme.keywords)
            main_hits = keyword_hits(main_stems, theme.keywords)
            hits = min(settings.keyword_cap, main_hits + settings.passing_weight * (all_hits - main_hits))
            bonus[i, j] = settings.keyword_weight * hits
    return bonus


def context_lean(sentences: Sequence[Sentence], scores: np.ndarray, settings: AssignSettings) -> np.ndarray:
    """The scores plus ``context_weight`` times the lean of the sentences around each one.

    An article is usually about one story, so a sentence leans toward the theme its
    neighbours (``context_window`` either side; 0 = the whole article) lean toward, relative
    to their other themes: enough to settle "Acme said ..." lines without moving a
    clearly cross-theme sentence. With ``topic_shift``, a sentence announcing another story
    ("In unrelated news, ...") takes no lean and cannot join its neighbours' theme.
    """
    articles: dict[str, list[int]] = {}
    for i, sentence in enumerate(sentences):
        articles.setdefault(sentence.article, []).append(i)
    context = np.zeros_like(scores)
    shifted: list[tuple[int, int]] = []
    window = settings.context_window
    for rows in articles.values():
        for n, row in enumerate(rows):
            near = rows[max(0, n - window) : n + window + 1] if window else rows
            if settings.topic_shift and shifts_topic(sentences[row].text):
                others = [r for r in near if r != row]
                if others:
                    shifted.append((row, int(np.argmax(scores[others].mean(axis=0)))))
                continue
            mean = scores[near].mean(axis=0)
            context[row] = mean - mean.mean()
    scores = scores + settings.context_weight * context
    for row, theme in shifted:
        scores[row, theme] = -1.0
    return scores


def _similarity(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    theme_vectors: np.ndarray,
    embedder: Embedder,
    settings: AssignSettings,
    mask: Callable[[str], str],
    before: Mapping[Key, Key],
    mains: Sequence[str],
) -> np.ndarray:
    """Cosine of each sentence to each theme query: the sentence alone blended with it read
    after its predecessor (``pair_weight``), its passing reference to another event weighing
    ``passing_weight`` of its main clause."""
    texts = [mask(s.text) for s in sentences]
    masked = [i for i, (s, text) in enumerate(zip(sentences, texts)) if text != s.text]
    if masked:
        vectors = vectors.copy()
        vectors[masked] = embedder.encode([texts[i] for i in masked])
    similarity = (vectors @ theme_vectors.T).astype(np.float64)
    if settings.pair_weight > 0:
        # A sentence read with the one before it: "the company blamed slowing sales" names no
        # layoff, but after "Acme cut 12% of its staff" it is about one.
        row = {s.key: i for i, s in enumerate(sentences)}
        paired = [i for i, s in enumerate(sentences) if s.key in before]
        if paired:
            texts = [mask(f"{sentences[row[before[sentences[i].key]]].text} {sentences[i].text}") for i in paired]
            pair_similarity = embedder.encode(texts) @ theme_vectors.T
            w = settings.pair_weight
            similarity[paired] = (1 - w) * similarity[paired] + w * pair_similarity
    passing = [i for i, (s, m) in enumerate(zip(sentences, mains)) if m != s.text]
    if passing:
        # What a sentence is about is decided in its main clause.
        main_similarity = embedder.encode([mask(mains[i]) for i in passing]) @ theme_vectors.T
        w = settings.passing_weight
        similarity[passing] = (1 - w) * main_similarity + w * similarity[passing]
    return similarity


def keyword_needs(
    sentences: Sequence[Sentence], themes: Sequence[Theme], settings: AssignSettings
) -> list[dict[str, bool]]:
    """Per theme, whether each article uses enough of the theme's keywords to join it.

    An article about a theme uses its vocabulary: where the theme's best article carries
    9 of its keywords, one carrying none is another story (Acme's layoffs beside
    its Globex deal). An article needs ``floor(article_keywords x best)`` distinct
    keywords, at most ``article_keywords_cap``, so a theme whose keywords no article
    uses much (best below ``1 / article_keywords``) keeps every article. A sentence
    counts for every article carrying it (syndicated copies lose their shared
    paragraphs to dedup, not their vocabulary).

    Returns:
        One dict per theme: article -> True (may join) or False.
    """
    found: dict[str, list[set[str]]] = {}
    for sentence in sentences:
        sentence_stems = stems(sentence.text)
        for article in sentence.carriers:
            rows = found.setdefault(article, [set() for _ in themes])
            for j, theme in enumerate(themes):
                rows[j] |= keywords_in(sentence_stems, theme.keywords)
    needs = []
    for j in range(len(themes)):
        best = max((len(rows[j]) for rows in found.values()), default=0)
        need = min(settings.article_keywords_cap, math.floor(settings.article_keywords * best + 1e-9))
        needs.append({article: len(rows[j]) >= need for article, rows in found.items()})
    return needs


MASK = "the company"


def _masker(names: set[str]) -> Callable[[str], str]:
    """Replaces each of ``names`` (the descriptions' names), where capitalised, by :data:`MASK`."""
    names = sorted(names, key=lambda n: (-len(n), n))
    if not names:
        return _same
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?:['’]s)?(?![\w-])" for n in names), re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: MASK if m.group(0)[0].isupper() else m.group(0), text)


def _same(text: str) -> str:
    return text


def _exclusive_theme(row: np.ndarray, barred: np.ndarray, settings: AssignSettings) -> int | None:
    """The one theme a sentence joins: its best theme not barred, if it clears the threshold."""
    if not len(row) or barred.all():
        return None
    best = int(np.argmax(np.where(barred, -np.inf, row)))
    # A sentence about the drop's company in general scores alike on every theme:
    # it must stand out from the other themes (barred ones too) by the margin to belong to one.
    others = np.delete(row, best) if len(row) > 1 else np.zeros(1)
    lead = row[best] - others.mean()
    clear = (row[best] >= settings.threshold and lead >= settings.margin) or (
        settings.clear_margin > 0 and row[best] >= settings.low_threshold and lead >= settings.clear_margin
    )
    return best if clear else None


def assign(
    sentences: Sequence[Sentence],
    themes: Sequence[Theme],
    embedder: Embedder,
    settings: AssignSettings,
    vectors: np.ndarray | None = None,
    previous: Mapping[Key, Key] | None = None,
) -> ThemeResult:
    """Assign each sentence to its theme(s).

    Args:
        sentences: Candidate sentences.
        themes: Declared themes.
        embedder: Maps texts to normalised vectors.
        settings: ``assign`` settings.
        vectors: Precomputed sentence embeddings (rows follow ``sentences``).
        previous: Each sentence's predecessor (:func:`affinities`).
    Returns:
        Sentences per theme (every theme present, possibly empty) and the unassigned count.
    """
    by_theme: dict[str, list[Scored]] = {t.name: [] for t in themes}
    if vectors is None:
        vectors = embedder.encode([s.text for s in sentences])
    queries = embedder.encode([t.description for t in themes]) if themes else np.zeros((0, 1))
    absent = absent_themes(sentences, vectors, queries, themes, settings)
    warnings = tuple(dict.fromkeys(absent.values()))
    # An absent theme does not compete either: the drop's own stories are read among themselves.
    themes = [t for j, t in enumerate(themes) if j not in absent]
    counts = unit_counts(sentences, settings) | {"absent_themes": len(absent)}
    if not themes:
        return ThemeResult({k: () for k in by_theme}, len(sentences), warnings, counts)
    scores = np.round(affinities(sentences, themes, embedder, settings, vectors, previous), 6)
    # An article short of a theme's keywords cannot join it, but the theme still rivals the
    # one it may join: a data-leak sentence in a layoffs article goes to neither.
    barred = np.zeros(scores.shape, dtype=bool)
    if settings.article_keywords > 0:
        for j, allowed in enumerate(keyword_needs(sentences, themes, settings)):
            barred[[i for i, s in enumerate(sentences) if not any(allowed.get(a, True) for a in s.carriers)], j] = True
    counts["keyword_barred"] = int(barred.any(axis=1).sum())
    counts["clear_margin_joins"] = 0
    unassigned = 0
    for i, sentence in enumerate(sentences):
        row = scores[i]
        if settings.exclusive:
            best = _exclusive_theme(row, barred[i], settings)
            chosen = [] if best is None else [best]
            counts["clear_margin_joins"] += int(best is not None and row[best] < settings.threshold)
        else:
            chosen = [j for j in range(len(row)) if row[j] >= settings.threshold and not barred[i, j]]
        if not chosen:
            unassigned += 1
        for j in chosen:
            by_theme[themes[j].name].append(Scored(sentence, float(row[j])))
    return ThemeResult({k: tuple(v) for k, v in by_theme.items()}, unassigned, warnings, counts)


def unit_counts(sentences: Sequence[Sentence], settings: AssignSettings) -> dict[str, int]:
    """How many sentences the text-reading units acted on: a passing reference discounted
    (``passing_weight``), an opener announcing another story (``topic_shift``)."""
    return {
        "passing_clauses": sum(main_clause(s.text) != s.text for s in sentences) if settings.passing_weight < 1 else 0,
        "topic_shifts": sum(shifts_topic(s.text) for s in sentences)
        if settings.topic_shift and settings.context_weight > 0
        else 0,
    }
