"""Update stage: what each theme's new drop adds since a previous run (``--since RUN_DIR``).

The update task of TAC 2008-2009: a reader who has read the previous summary wants only
what is new. Following Boudin, El-Bèze and Torres-Moreno (2008, "A scalable MMR approach
to sentence scoring for multi-document update summarization"), a candidate's salience is
lowered by its similarity to what the reader already knows (the previous summary), and,
as the best TAC update systems did, sentences the reader has already read are removed
before selection rather than merely penalised: those only earlier articles carry, those
restating a previous summary sentence, and those an earlier article told in other words
(the drop may repeat what was read, renamed). A restatement that gives another figure for the
same fact is a revision and is kept, marked with the sentence it revises.

The rules are small named units (:data:`RULES`), each switched by the ``update`` setting of
its name and counted in ``counts["update"]``. Selection within ``update.word_budget`` is the
select stage's, over the candidates left, in novelty order (:func:`update_candidates`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from summarize.config import UpdateSettings
from summarize.text import numbers
from summarize.types import Article, Key, PreviousRun, Scored


def seen_articles(articles: Sequence[Article], previous: PreviousRun) -> frozenset[str]:
    """The ids of this drop's articles the previous run read: the same id, or the same text renamed."""
    return frozenset(a.id for a in articles if a.id in previous.articles or a.content_hash in previous.hashes)


def another_figure(text: str, before: str) -> bool:
    """``text`` gives another figure than ``before`` for one of its facts: a figure with the unit and
    a following word of one of ``before``'s figures, which ``before`` does not give ("350 staff"
    against "200 staff"; not "7.2%" against "$180 million", nor "$2.9 billion" against "$30 billion
    in open interest")."""
    old: dict[tuple[str, str], set[str]] = {}
    for value, unit, word in numbers.figure_facts(before):
        old.setdefault((unit, word), set()).add(value)
    return any(
        (unit, word) in old and value not in old[(unit, word)] for value, unit, word in numbers.figure_facts(text)
    )


@dataclass(frozen=True, slots=True)
class Judged:
    """A candidate beside what the reader knows: the previous summary sentence most like it
    (``closest``, ``cosine``) and the sentence of an article read before most like it (``told``, ``told_cosine``)."""

    scored: Scored
    closest: str = ""
    cosine: float = 0.0
    told: str = ""
    told_cosine: float = 0.0

    @property
    def revises(self) -> bool:
        """It gives another figure for the closest previous summary sentence's fact."""
        return another_figure(self.scored.sentence.text, self.closest)


# A rule sees a candidate, the ids of the articles already read, the settings and the
# restatement threshold; True leaves the candidate out.
Rule = Callable[[Judged, frozenset[str], UpdateSettings, float], bool]


def only_seen(judged: Judged, seen: frozenset[str], settings: UpdateSettings, restatement: float) -> bool:
    """Every article carrying it was read by the previous run: the reader has read it."""
    return all(a in seen for a in judged.scored.sentence.carriers)


def restated(judged: Judged, seen: frozenset[str], settings: UpdateSettings, restatement: float) -> bool:
    """At least ``restatement`` similar to a previous summary sentence, and not a revision of its figure."""
    return judged.cosine >= restatement and not (settings.keep_revisions and judged.revises)


def told_before(judged: Judged, seen: frozenset[str], settings: UpdateSettings, restatement: float) -> bool:
    """At least ``restatement`` similar to a sentence of an article read before, and no other figure than it:
    the reader of the previous drop has read it, in other words or in another article."""
    return judged.told_cosine >= restatement and not another_figure(judged.scored.sentence.text, judged.told)


RULES: tuple[tuple[str, Rule], ...] = (
    ("skip_seen", only_seen),
    ("skip_restated", restated),
    ("skip_told", told_before),
)
# Every count an update records: the rules, the revisions kept, the candidates novelty lowered.
UNITS: tuple[str, ...] = (*(name for name, _ in RULES), "keep_revisions", "novelty")


@dataclass(frozen=True, slots=True)
class UpdateCandidates:
    """A theme's update candidates in novelty order, and the previous sentence each revision revises."""

    ranked: tuple[Scored, ...]
    revises: Mapping[Key, str]


def judge(
    ranked: Sequence[Scored],
    wordings: Sequence[np.ndarray],
    known: tuple[Sequence[str], np.ndarray],
    told: tuple[Sequence[str], np.ndarray],
) -> list[Judged]:
    """Each candidate with the previous summary sentence and the sentence read before most like it.

    Args:
        ranked: The theme's candidates, best first.
        wordings: Their normalised embeddings, one matrix per wording (as the source has it, as
            compress trims it; rows follow ``ranked``): the higher cosine counts.
        known: The previous summary's sentences for this theme, and their normalised embeddings.
        told: The sentences of the drop's articles the previous run read, and their embeddings.
    Returns:
        One :class:`Judged` per candidate (cosine 0 where there is nothing to compare with).
    """
    closest, cosine = _nearest(wordings, len(ranked), *known)
    told_text, told_cosine = _nearest(wordings, len(ranked), *told)
    return [Judged(s, closest[i], cosine[i], told_text[i], told_cosine[i]) for i, s in enumerate(ranked)]


def _nearest(
    wordings: Sequence[np.ndarray], count: int, texts: Sequence[str], vectors: np.ndarray
) -> tuple[list[str], list[float]]:
    if not texts or not count:
        return [""] * count, [0.0] * count
    cosine = np.max([w.astype(np.float64) @ vectors.astype(np.float64).T for w in wordings], axis=0)
    best = cosine.argmax(axis=1)
    return [texts[int(j)] for j in best], [float(cosine[i, j]) for i, j in enumerate(best)]


def novelty_order(
    kept: Sequence[Judged], revises: Mapping[Key, str], weight: float, round_digits: int
) -> tuple[Scored, ...]:
    """Salience lowered by similarity to the previous summary or to what was read before (Boudin
    et al. 2008), best first; a revision is news, so it keeps its salience. Ties keep the earlier
    (better-ranked) sentence."""

    def penalty(j: Judged) -> float:
        return 0.0 if j.scored.sentence.key in revises else weight * max(0.0, j.cosine, j.told_cosine)

    rescored = [Scored(j.scored.sentence, round(j.scored.score * (1.0 - penalty(j)), round_digits)) for j in kept]
    order = sorted(range(len(rescored)), key=lambda i: (-rescored[i].score, i))
    return tuple(rescored[i] for i in order)


def update_candidates(
    judged: Sequence[Judged],
    seen: frozenset[str],
    settings: UpdateSettings,
    restatement: float,
    round_digits: int,
    counts: Counter[str],
) -> UpdateCandidates:
    """The candidates no switched-on rule of :data:`RULES` leaves out, in novelty order.

    Args:
        judged: The theme's candidates beside the previous summary (:func:`judge`).
        seen: Ids of the drop's articles the previous run read (:func:`seen_articles`).
        settings: The ``update`` settings.
        restatement: ``select.restatement``: the cosine at which a sentence restates another.
        round_digits: Scores are rounded before sorting (batch-independent order).
        counts: Receives how many candidates each unit acted on.
    Returns:
        The candidates left, best first, and for each revision the sentence it revises.
    """
    counts.update({unit: 0 for unit in UNITS})
    kept: list[Judged] = []
    for candidate in judged:
        reason = next(
            (n for n, rule in RULES if getattr(settings, n) and rule(candidate, seen, settings, restatement)), ""
        )
        if reason:
            counts[reason] += 1
            continue
        kept.append(candidate)
    revises = {j.scored.sentence.key: j.closest for j in kept if j.cosine >= restatement and j.revises}
    counts["keep_revisions"] += len(revises)
    lowered = sum(max(j.cosine, j.told_cosine) > 0 and j.scored.sentence.key not in revises for j in kept)
    counts["novelty"] += lowered if settings.novelty_weight > 0 else 0
    return UpdateCandidates(novelty_order(kept, revises, settings.novelty_weight, round_digits), revises)


def new_theme_note(theme: str, previous: PreviousRun) -> str:
    """The note of a theme the previous run did not have: all it tells is new."""
    return f"theme '{theme}' was not in the previous run ({previous.folder}): everything its new articles tell is new"
