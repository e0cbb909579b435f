"""Discover stage: find a drop's main stories when the user gives no themes, and name them.

Method, in two steps as in BERTopic (Grootendorst, 2022, "BERTopic: Neural topic
modeling with a class-based TF-IDF procedure"), with its density clustering replaced
by a deterministic hierarchical one fitted to drops of a few hundred sentences:

1. Cluster. Each sentence embedding is read in its article's context (the article's
   mean embedding added with ``context_weight``), because a news article tells one
   story and its sentences alone say little about which. The vectors are clustered by
   agglomerative clustering with Ward's criterion (Ward, 1963), and the number of
   stories in ``[min_stories, max_stories]`` is the cut of the tree with the best mean
   silhouette (Rousseeuw, 1987). Clusters with fewer than ``min_sentences`` sentences
   or ``min_articles`` carrying articles are asides, not stories: a cut is scored with
   them counted in their nearest story, and they are left out of the result (the
   themes stage places their sentences later). No cut with ``min_stories`` stories
   means the drop tells one story.
2. Name. Each story's terms (words and two-word phrases, no stopwords or numbers) are
   weighed by class-based TF-IDF: the term's share of the story's words times
   ``log(1 + A / f)``, where ``f`` is its count in the whole drop and ``A`` the mean
   word count of a cluster. The most distinctive terms are the keywords; the first two
   words make the name (``recall_quickpay``); the description, which the themes stage
   uses as the story's query, is the story's most central sentence.

Everything is deterministic: Ward's tree has no random start, and every tie is broken
by size, then term or name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from summarize.config import DiscoverSettings
from summarize.text.words import STOPWORDS
from summarize.types import Key, Sentence, Theme

# Words of two letters or more with no digit: numbers and figures never name a story.
_TOKEN = r"(?u)\b[^\W\d_]{2,}\b"
# Punctuation ends a phrase: no two-word term spans "Acme, Globex" or a full stop.
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+")
_RUN = re.compile(r"(?u)\w+")
_NOT_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class DiscoveryResult:
    """The stories found in a drop.

    ``themes`` biggest story first (ties by name); ``stories[i]`` holds the keys of the
    sentences clustered into ``themes[i]``, in input order. ``silhouette`` is the mean
    silhouette of the chosen cut (0.0 when there was no choice to make).
    """

    themes: tuple[Theme, ...] = ()
    stories: tuple[tuple[Key, ...], ...] = ()
    silhouette: float = 0.0
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Terms:
    """Class-based TF-IDF of the drop's terms: one row per cluster."""

    vocabulary: tuple[str, ...]
    scores: np.ndarray  # clusters x terms
    spread: np.ndarray  # clusters x terms: sentences of the cluster holding the term
    sentences: int  # in all clusters


def discover_themes(sentences: Sequence[Sentence], vectors: np.ndarray, settings: DiscoverSettings) -> DiscoveryResult:
    """Find the drop's main stories and name each from its own words.

    Args:
        sentences: The drop's sentences (after dedup).
        vectors: L2-normalised sentence embeddings, one row per sentence, in order.
        settings: The ``discover`` settings.
    Returns:
        The stories as themes, with the sentences of each and counts of what was kept.
    Raises:
        ValueError: ``vectors`` does not have one row per sentence.
    """
    if len(vectors) != len(sentences):
        raise ValueError(f"discover: {len(sentences)} sentences but {len(vectors)} vectors; pass one row per sentence")
    if not sentences:
        counts = {"sentences": 0, "clusters": 0, "stories": 0, "sentences_clustered": 0}
        return DiscoveryResult(counts=counts)
    raw = np.asarray(vectors, dtype=np.float64)
    labels, silhouette = ward_clusters(in_context(sentences, raw, settings.context_weight), sentences, settings)
    clusters = groups(labels)
    # With no cluster story-sized (a tiny drop), its biggest cluster is its one story.
    kept = story_sized(sentences, clusters, settings) or [min(range(len(clusters)), key=lambda c: -len(clusters[c]))]
    terms = class_tfidf(sentences, clusters)
    shared = shared_terms(terms, kept, settings.subject_share)
    named: list[tuple[Theme, tuple[int, ...]]] = []
    taken: set[str] = set()
    for c in sorted(kept, key=lambda c: (-len(clusters[c]), clusters[c])):
        ranked = ranked_terms(terms, c, min(2, len(clusters[c])), shared)
        theme = name_story(sentences, raw, clusters[c], ranked, taken, settings)
        taken.add(theme.name)
        named.append((theme, clusters[c]))
    named.sort(key=lambda pair: (-len(pair[1]), pair[0].name))
    counts = {
        "sentences": len(sentences),
        "clusters": len(clusters),
        "stories": len(named),
        "sentences_clustered": sum(len(members) for _, members in named),
    }
    return DiscoveryResult(
        themes=tuple(theme for theme, _ in named),
        stories=tuple(tuple(sentences[i].key for i in members) for _, members in named),
        silhouette=round(silhouette, 6),
        counts=counts,
    )


def in_context(sentences: Sequence[Sentence], vectors: np.ndarray, weight: float) -> np.ndarray:
    """Each sentence vector plus ``weight`` x its article's mean vector, re-normalised.

    Args:
        sentences: The sentences, rows of ``vectors``.
        vectors: Their L2-normalised embeddings.
        weight: Weight of the article's mean (0 = the sentences alone).
    Returns:
        L2-normalised float64 rows, one per sentence.
    """
    out = np.array(vectors, dtype=np.float64)
    if weight > 0:
        rows: dict[str, list[int]] = {}
        for i, sentence in enumerate(sentences):
            rows.setdefault(sentence.article, []).append(i)
        for members in rows.values():
            out[members] += weight * vectors[members].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def ward_clusters(
    points: np.ndarray, sentences: Sequence[Sentence], settings: DiscoverSettings
) -> tuple[np.ndarray, float]:
    """Ward's agglomerative tree over ``points``, cut where the mean silhouette is best.

    Only cuts with at least ``min_stories`` (and two) story-sized clusters (:func:`story_sized`)
    compete, and a cut is scored with each aside counted in its nearest story: otherwise
    splitting off a few sentences, or making each article a cluster, can score best.

    Args:
        points: One row per sentence.
        sentences: The sentences, to tell story-sized clusters.
        settings: ``min_stories`` and ``max_stories`` bound the number of clusters.
    Returns:
        A cluster label per row and the chosen cut's silhouette; all one cluster (and
        0.0) when no cut holds ``min_stories`` stories: the drop tells one story.
    """
    n = len(points)
    ks = range(settings.min_stories, min(settings.max_stories, n - 1) + 1)
    if n < 3 or not any(k >= 2 for k in ks):
        return np.zeros(n, dtype=int), 0.0
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    tree = linkage(points, method="ward")
    best: tuple[float, np.ndarray] | None = None
    for k in ks:
        labels = fcluster(tree, t=k, criterion="maxclust")
        clusters = groups(labels)
        kept = story_sized(sentences, clusters, settings)
        if len(clusters) >= n or len(kept) < max(2, settings.min_stories):
            continue
        score = float(silhouette_score(points, with_asides_attached(points, clusters, kept)))
        if best is None or score > best[0] + 1e-9:  # ties keep fewer stories
            best = (score, labels)
    if best is None:
        return np.zeros(n, dtype=int), 0.0
    return best[1], best[0]


def with_asides_attached(points: np.ndarray, clusters: Sequence[tuple[int, ...]], kept: Sequence[int]) -> np.ndarray:
    """A label per row: its story's, or for an aside's rows, the story with the nearest centroid.

    Args:
        points: One row per sentence.
        clusters: Row indices of each cluster.
        kept: Indices into ``clusters`` of the stories.
    Returns:
        Labels (indices into ``kept``) for every row.
    """
    centroids = np.stack([points[list(clusters[c])].mean(axis=0) for c in kept])
    labels = np.zeros(len(points), dtype=int)
    for c, members in enumerate(clusters):
        story = kept.index(c) if c in kept else int(np.argmax(centroids @ points[list(members)].mean(axis=0)))
        labels[list(members)] = story
    return labels


def groups(labels: np.ndarray) -> list[tuple[int, ...]]:
    """Row indices of each label, labels in sorted order."""
    return [tuple(int(i) for i in np.flatnonzero(labels == c)) for c in np.unique(labels)]


def story_sized(
    sentences: Sequence[Sentence], clusters: Sequence[tuple[int, ...]], settings: DiscoverSettings
) -> list[int]:
    """The clusters big enough to be stories; smaller ones are asides.

    Args:
        sentences: The drop's sentences.
        clusters: Sentence indices of each cluster.
        settings: ``min_sentences`` and ``min_articles``; the article count is waived
            when the drop itself has fewer articles.
    Returns:
        Indices into ``clusters`` of the stories, in cluster order.
    """
    articles = {a for s in sentences for a in s.carriers}
    need = min(settings.min_articles, len(articles))
    return [
        c
        for c, members in enumerate(clusters)
        if len(members) >= settings.min_sentences and len({a for i in members for a in sentences[i].carriers}) >= need
    ]


def stop_words() -> frozenset[str]:
    """scikit-learn's English stopwords with the project's own (reporting verbs like "said")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | STOPWORDS


def story_terms(text: str, stop: frozenset[str]) -> list[str]:
    """The words of ``text`` and its two-word phrases, lower-cased, without stopwords or numbers.

    A phrase is two adjacent words, neither a stopword, with no punctuation between them
    ("Globex Foods", "product recall" but not "wave unusual" from "wave of unusual").
    """
    out: list[str] = []
    for chunk in _PHRASE_BREAK.split(text.lower()):
        # A number or stopword is kept in the run as a gap: "paid 17 million" holds no "paid million".
        words = [w if re.fullmatch(_TOKEN, w) and w not in stop else "" for w in _RUN.findall(chunk)]
        out.extend(w for w in words if w)
        out.extend(f"{a} {b}" for a, b in zip(words, words[1:]) if a and b)
    return out


def class_tfidf(sentences: Sequence[Sentence], clusters: Sequence[tuple[int, ...]]) -> _Terms:
    """Class-based TF-IDF (BERTopic's c-TF-IDF) of words and two-word phrases per cluster.

    Args:
        sentences: The drop's sentences.
        clusters: Sentence indices of each cluster, rows of the result.
    Returns:
        The vocabulary (sorted), the c-TF-IDF score and the sentence spread of each term per cluster.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    stop = stop_words()
    vectorizer = CountVectorizer(analyzer=lambda text: story_terms(text, stop))
    try:
        per_sentence = vectorizer.fit_transform([s.text for s in sentences])
    except ValueError:  # no term at all (only numbers and stopwords)
        empty = np.zeros((len(clusters), 0))
        return _Terms((), empty, empty, len(sentences))
    present = (per_sentence > 0).astype(np.int64)
    counts = np.vstack([np.asarray(per_sentence[list(c)].sum(axis=0)).ravel() for c in clusters]).astype(float)
    spread = np.vstack([np.asarray(present[list(c)].sum(axis=0)).ravel() for c in clusters])
    words = counts.sum(axis=1, keepdims=True)
    words[words == 0] = 1.0
    average = counts.sum() / len(clusters)
    idf = np.log1p(average / np.maximum(counts.sum(axis=0), 1.0))
    return _Terms(tuple(vectorizer.get_feature_names_out()), counts / words * idf, spread, len(sentences))


def shared_terms(terms: _Terms, stories: Sequence[int], share: float) -> frozenset[str]:
    """Terms naming the drop's subject ("Acme", "Globex Foods"), not one story.

    Args:
        terms: The drop's c-TF-IDF.
        stories: Rows of ``terms`` that are stories.
        share: A term of two stories or more in at least this share of the drop's sentences is shared.
    Returns:
        With two stories or more: the terms of every story, those of two stories or more
        and ``share`` of all sentences, and the phrases holding one of those words.
    """
    if len(stories) < 2:
        return frozenset()
    held = terms.spread[list(stories)] > 0
    common = held.all(axis=0) | ((held.sum(axis=0) >= 2) & (terms.spread.sum(axis=0) >= share * terms.sentences))
    words = {terms.vocabulary[i] for i in np.flatnonzero(common) if " " not in terms.vocabulary[i]}
    # A phrase leaning on the subject is the subject's ("Acme Robotics spokesperson" -> "robotics spokesperson").
    return frozenset(t for i, t in enumerate(terms.vocabulary) if common[i] or set(t.split()) & words)


def name_story(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    members: tuple[int, ...],
    ranked: Sequence[str],
    taken: set[str],
    settings: DiscoverSettings,
) -> Theme:
    """Name one story from its own words.

    Args:
        sentences: The drop's sentences.
        vectors: Their embeddings (to find the story's most central sentence).
        members: The story's sentence indices.
        ranked: The story's terms, most distinctive first (:func:`ranked_terms`).
        taken: Names already given to bigger stories.
        settings: ``keywords``.
    Returns:
        The theme: a new file-name-safe name, a description and the keywords as written.
    """
    texts = [sentences[i].text for i in members]
    keywords = tuple(as_written(t, texts) for t in ranked[: settings.keywords])
    rows = vectors[list(members)]
    # The story's most central sentence says what it is about in its own words: a query the
    # themes stage matches like a description a user writes, and a line a reader can check.
    central = sentences[members[int(np.argmax(rows @ rows.mean(axis=0)))]].text
    return Theme(file_name(ranked, taken), central, keywords)


def ranked_terms(terms: _Terms, row: int, min_spread: int, shared: frozenset[str]) -> list[str]:
    """The story's terms, most distinctive first, skipping ones whose words are all already listed.

    Args:
        terms: The drop's c-TF-IDF.
        row: The story's row.
        min_spread: A term must occur in this many of the story's sentences (one-off words are noise).
        shared: Terms of every story (:func:`shared_terms`), left out.
    Returns:
        Lower-cased terms with a positive score, best first, ties by term.
    """
    scores, spread = terms.scores[row], terms.spread[row]
    order = sorted(
        (
            i
            for i in range(len(terms.vocabulary))
            if scores[i] > 0 and spread[i] >= min_spread and terms.vocabulary[i] not in shared
        ),
        key=lambda i: (-round(float(scores[i]), 12), terms.vocabulary[i]),
    )
    # A word that only ever comes in one phrase of the story is shown as that phrase ("cove" as "otter cove").
    phrase = {}
    for i in order:
        term = terms.vocabulary[i]
        for word in term.split() if " " in term else ():
            phrase.setdefault(word, (term, spread[i]))
    out: list[str] = []
    seen: set[str] = set()
    for i in order:
        term = terms.vocabulary[i]
        if " " not in term and term in phrase and phrase[term][1] == spread[i]:
            term = phrase[term][0]
        words = term.split()
        if set(words) <= seen:
            continue  # "globex" after "globex foods" adds nothing
        out.append(term)
        seen.update(words)
    return out


def as_written(term: str, texts: Sequence[str]) -> str:
    """``term`` as the texts write it most often ("quickpay" -> "QuickPay"), ties by the form."""
    words = term.split()
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b"
    forms = Counter(
        " ".join(re.findall(_TOKEN, m.group(0))) for text in texts for m in re.finditer(pattern, text, re.IGNORECASE)
    )
    forms = Counter({f: n for f, n in forms.items() if f.lower() == term})
    if not forms:
        return term
    return min(forms, key=lambda f: (-forms[f], f))


def file_name(ranked: Sequence[str], taken: set[str]) -> str:
    """A plain lower-case file name from the story's first two distinct words, not in ``taken``.

    Args:
        ranked: The story's terms, best first.
        taken: Names already used.
    Returns:
        e.g. ``recall_quickpay``; a further word, then a number, is added when taken.
    """
    words = list(dict.fromkeys(w for t in ranked for w in _NOT_NAME.sub(" ", t.lower()).split()))
    for size in range(2, len(words) + 1):
        name = "_".join(words[:size])[:64].strip("_")
        if name and name not in taken:
            return name
    base = "_".join(words[:2])[:60] or "story"
    if base not in taken:
        return base
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"
