"""Conflicts stage: find figures that sources give differently for the same fact.

A *fact* is a counted noun ("320 employees", "80 organisations"), a share ("11% of
its workforce"), a share-price move ("shares dropped 4.5%", "stock slid more than
7%": one fact per direction), a stake ("a 35% stake") or a sum of money ("$12.3
billion", "5 million US dollars"; a range such as "$120-300 million" is no single
figure). The figure is parsed, hedges ("about", "nearly", "less than") are ignored,
and the noun is stemmed after British spellings are made American so
"organisations" and "organizations" meet; the nouns a headcount is given in
(employees, workers, staff, jobs, roles, positions, people) are one fact,
"headcount", so "320 employees" and "380 workers" disagree. Figures within half a
unit of the coarser one's last digit ("3.4%" and "3.45%", "$12 billion" and "$12.3
billion") are one value written two ways.

Two figures for one fact conflict when they are of the same magnitude (within
``max_ratio``; ``move_max_ratio`` for price moves), come from sentences that talk
about the same thing (embedding cosine at least ``min_similarity``; a price move
names its subject so narrowly that ``move_similarity`` suffices), and nothing tells
two events apart:

* a different month (a March cut and an October cut);
* a year one figure is always given and the other never ("the largest since it cut
  3,000 in 2019" beside "it cuts 2,000");
* parties: each sentence names someone near its figure that the other does not
  ("Globex's $3 billion offer" and "Hooli paid $2.4 billion"; names are the words
  the drop capitalises mid-sentence);
* another fact both state with disjoint values ("1,200 jobs, 5%" and "2,000 jobs, 8%"
  of the workforce are two rounds of cuts).

* a different day: the sentences tell of different days (``told``, the times stage's day
  of each sentence), so the figures are successive reports, not a disagreement;
* a timeline's step: a figure of no known day within the range of a timeline the other
  figure is a value of.

Each of these tests is one function in :data:`TELLS_APART`; a pair of figures
disagrees when none of them holds.

A fact reported on several days is a *timeline* (a death toll of 95 on Sept. 30, 139 on
Oct. 1, 200 on Oct. 3): mentions of one fact that nothing but their days and months tells
apart, their figures within the wider ``timeline_max_ratio`` and their sentences at least
``timeline_similarity`` alike, joined directly or through other mentions and told of two
days or more. Each day gives one value (the best-backed of that day's reports, the others
being a same-day conflict); the values are listed in time order.

Facts are the drop's: a theme reports the conflicts its sentences take part in. The
value backed by the most independent sources is chosen; sentences carrying another
value are kept out of the summary when that majority is clear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from summarize.config import ConflictSettings
from summarize.text.dates import YEAR_DIGITS, event_time
from summarize.text.names import name_of, name_words
from summarize.text.numbers import FIGURE, dollar_figures, number_value, scale_factor
from summarize.text.words import STOPWORDS, stems
from summarize.types import Conflict, ConflictValue, Key, Sentence, SourceGroups, Timeline, TimelineValue

_COUNT = re.compile(
    FIGURE + r"\s+(?:(?:full-time|part-time|new|more|other|of\s+its|of\s+the|global|u\.s\.)\s+)*([A-Za-z][a-z-]{2,})"
)
_SHARE = re.compile(
    FIGURE
    + r"\s*(?:%|percent|per\s+cent)\s+of\s+(?:its|the|their|all)?\s*(?:global|total|entire|overall|current)?\s*([a-z][a-z-]{2,})",
    re.IGNORECASE,
)
# "Acme's stock (ACME) slid more than 7%", "shares were up 3.45%": the subject
# comes first, so a "10% drop in sales" is not read as a price move.
_MOVE = re.compile(
    r"\b(?:shares?|stock|share\s+price)\b[^.%;]{0,30}?\b"
    r"(?:(fell|dropped|plunged|slid|sank|tumbled|declined|lost|slumped|down)|"
    r"(rose|jumped|climbed|gained|soared|surged|rallied|up))\b"
    r"(?:\s+(?:by|as\s+much\s+as|more\s+than|nearly|about|almost|over|roughly|around|some))*\s+"
    + FIGURE
    + r"\s*(?:%|percent|per\s+cent)",
    re.IGNORECASE,
)
# "$12.3 billion", "US$15 bn", "5 million US dollars": one fact per theme, its values
# told apart by magnitude, wording and dates like any other.
MONEY_FACT = "amount ($)"
# "a 35% stake", "a stake of roughly 22%": how much of a company someone holds.
_STAKE = re.compile(
    FIGURE + r"\s*(?:%|percent|per\s+cent)\s+(?:equity\s+|ownership\s+)?stake\b"
    r"|\bstake\s+of\s+(?:about\s+|approximately\s+|roughly\s+|nearly\s+|around\s+|some\s+)?"
    + FIGURE
    + r"\s*(?:%|percent|per\s+cent)",
    re.IGNORECASE,
)
STAKE_FACT = "% stake"
# "The death toll ... has climbed to at least 155", "killed at least 139 people", "57 confirmed
# fatalities": one fact, the deaths, whatever noun carries it.
_HEDGE = r"(?:(?:at\s+least|more\s+than|nearly|about|almost|over|roughly|around|some|above|to|of)\s+)*"
_DEATHS = re.compile(
    r"\bdeath\s+toll\b[^.;%$]{0,100}?\b(?:reached|rose|climbed|surpasse[sd]|passe[sd]|topped|hit|stood|was|is|at|nearing|neared|approaching)\s+"
    + _HEDGE
    + FIGURE
    + r"(?![\d%])"
    r"|\b(?:killed|killing|claimed)\s+" + _HEDGE + FIGURE + r"\s+(?:people|persons|lives)\b"
    r"|" + FIGURE + r"\s+(?:(?:people|persons)\s+(?:(?:were|have\s+been|had\s+been)\s+)?(?:killed|dead|died)"
    r"|(?:confirmed\s+)?(?:deaths|fatalities))\b",
    re.IGNORECASE,
)
DEATHS_FACT = "deaths"
# "100 million Americans", "192.7 million individuals": a count written with its scale word.
_PEOPLE = frozenset(stems("people persons individuals americans patients residents affected impacted"))
_SCALED_COUNT = re.compile(r"(\ba|" + FIGURE[1:-1] + r")\s+(million|billion|thousand)\s+([A-Za-z][a-z-]{2,})")
# "780,000 homes suffered power outages", "more than a million remain without power": in a
# sentence about power, a count of homes, customers or people is one fact, the outages.
_OUTAGE = re.compile(r"\b(?:without\s+power|lost\s+power|power\s+outages?|in\s+the\s+dark)\b", re.IGNORECASE)
_POWERED = frozenset(stems("home customer household business account resident remain")) | {"headcount", "people"}
OUTAGES_FACT = "outages"
MOVE_FACTS = frozenset({"shares down %", "shares up %"})
_BRITISH = re.compile(r"isation", re.IGNORECASE)
_HEADCOUNT = frozenset(stems("employees workers staff staffers jobs roles positions people"))
_SCALE = frozenset(
    "million billion trillion thousand hundred percent per year years months month weeks week days day".split()
)


def figures(text: str) -> list[tuple[str, str, float]]:
    """(fact, value as written, numeric value) for each counted noun, share, price move
    or sum of money in ``text``."""
    out = []
    for written in dollar_figures(text):  # ranges ("$120-300 million") are no figure
        out.append((MONEY_FACT, written, _value(written)))
    for match in _MOVE.finditer(text):
        direction = "down" if match.group(1) else "up"
        out.append((f"shares {direction} %", match.group(3) + "%", float(number_value(match.group(3)))))
    text = _BRITISH.sub("ization", text)
    deaths = _deaths(text)
    out += [(DEATHS_FACT, written, float(number_value(written))) for _, written in deaths]
    out += _scaled_counts(text)
    for match in _STAKE.finditer(text):
        number = match.group(1) or match.group(2)
        out.append((STAKE_FACT, number + "%", float(number_value(number))))
    for match in _SHARE.finditer(text):
        noun = stems(match.group(2))[0]
        out.append((f"% of {noun}", match.group(1) + "%", float(number_value(match.group(1)))))
    for match in _COUNT.finditer(text):
        start = match.start()
        if (start > 0 and text[start - 1] in "$£€.,") or start in {at for at, _ in deaths}:
            continue
        noun = stems(match.group(2))[0]
        noun = "headcount" if noun in _HEADCOUNT else noun
        if noun in STOPWORDS or noun in _SCALE or re.fullmatch(r"(19|20)\d\d", match.group(1)):
            continue
        out.append((noun, match.group(1), float(number_value(match.group(1)))))
    return _outages(text, out)


def _outages(text: str, found: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """In a sentence about power, counts of homes, customers or people become one fact, the outages."""
    if not _OUTAGE.search(text):
        return found
    return [(OUTAGES_FACT if fact in _POWERED else fact, written, value) for fact, written, value in found]


def _deaths(text: str) -> list[tuple[int, str]]:
    """(where, figure as written) for each count of deaths in ``text``."""
    out = []
    for match in _DEATHS.finditer(text):
        group = next(g for g in range(1, 4) if match.group(g))
        out.append((match.start(group), match.group(group)))
    return out


def _scaled_counts(text: str) -> list[tuple[str, str, float]]:
    """Counts written with a scale word: of people ("100 million Americans", "190 million
    patients") one fact, "people"; of anything else its noun ("more than a million homes")."""
    out = []
    for match in _SCALED_COUNT.finditer(text):
        if match.start() > 0 and text[match.start() - 1] in "$£€.,":
            continue
        noun = stems(match.group(3))[0]
        if noun in STOPWORDS or noun in _SCALE:
            continue
        written = f"{match.group(1)} {match.group(2)}".replace("a ", "1 ", 1)
        out.append(("people" if noun in _PEOPLE else noun, written, _value(written)))
    return out


# A mention of a fact: (sentence row, figure as written, value).
_Mention = tuple[int, str, float]


@dataclass(frozen=True)
class _Drop:
    """What the rules read of the whole drop, computed once for every fact."""

    sentences: Sequence[Sentence]
    vectors: np.ndarray  # normalised embeddings, rows follow ``sentences``
    stated: list[dict[str, list[str]]]  # per sentence: fact -> its figures as written
    names: frozenset[str]  # the words the drop capitalises mid-sentence
    told: Sequence[dt.date | None]  # per sentence: the day it tells of


@dataclass(frozen=True)
class _Fact:
    """One fact's mentions and the thresholds that apply to it."""

    fact: str
    items: list[_Mention]  # rounded-alike values already merged
    max_ratio: float
    min_similarity: float
    together: set[tuple[float, float]]  # value pairs one sentence states side by side
    named: dict[float, set[int]]  # value -> years any of its sentences names
    always: dict[float, set[int]]  # value -> years all of its (two or more) sentences name
    spans: tuple[tuple[float, ...], ...] = ()  # the values of each timeline of the fact
    same_day_similarity: float = 1.0  # min_similarity for two reports told of one known day


@dataclass(frozen=True)
class Found:
    """What the stage found: figures sources disagree on, and facts reported as they changed."""

    conflicts: tuple[Conflict, ...]
    timelines: tuple[Timeline, ...]


def find_conflicts(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    groups: SourceGroups,
    settings: ConflictSettings,
    told: Sequence[dt.date | None] = (),
) -> Found:
    """Conflicting figures, and figures that changed over time, among the drop's sentences.

    Args:
        sentences: The drop's sentences (a figure may be stated in passing in another theme).
        vectors: Their normalised embeddings (rows follow ``sentences``).
        groups: Independent source groups (copies count once).
        settings: The thresholds (``max_ratio``, ``min_similarity``, their share-price
            counterparts ``move_max_ratio``, ``move_similarity``, and the timelines'
            ``timeline_max_ratio``, ``timeline_similarity``).
        told: The day each sentence tells of (rows follow ``sentences``; None when unknown,
            and every day unknown when empty).
    Returns:
        Conflicts sorted by fact, each with its values (most sources first) and the chosen
        value; timelines sorted by fact, each with its values in time order.
    """
    mentions, stated = _mentions(sentences)
    days = tuple(told) or (None,) * len(sentences)
    drop = _Drop(sentences, vectors, stated, name_words(s.text for s in sentences), days)
    rules = tuple((name, rule) for name, rule in TELLS_APART if name not in settings.rules_off)
    conflicts, timelines = [], []
    for fact in sorted(mentions):
        items = _merge_close(mentions[fact])
        if len({n for _, _, n in items}) < 2:
            continue
        found_conflicts, found = _fact_findings(drop, fact, items, rules, settings, groups)
        conflicts += found_conflicts
        timelines += found
    return Found(tuple(conflicts), tuple(timelines))


def _fact_findings(
    drop: _Drop,
    fact: str,
    items: list[_Mention],
    rules: Sequence[tuple[str, _Rule]],
    settings: ConflictSettings,
    groups: SourceGroups,
) -> tuple[list[Conflict], list[Timeline]]:
    """One fact's timelines, then its conflicts (told apart from the timelines' steps): one per
    group of values that disagree, directly or through another (Oct. 1's 139 against 155 is one
    conflict, a county's 40 against 57 another)."""
    found = _timelines(drop, _timeline_view(fact, items, drop.sentences, settings), rules, groups)
    found = found or _revisions(drop, fact, items)
    view = replace(_fact_view(fact, items, drop.sentences, settings), spans=tuple(steps for _, steps in found))
    conflicts = [
        _conflict(fact, members, {n for _, _, n in members}, drop.sentences, groups)
        for members in _linked_values(drop, view, [rule for _, rule in rules])
    ]
    return conflicts, [timeline for timeline, _ in found]


def _mentions(sentences: Sequence[Sentence]) -> tuple[dict[str, list[_Mention]], list[dict[str, list[str]]]]:
    """Every figure of every sentence, by fact (for pairing) and by sentence (for the
    other facts a sentence states beside it)."""
    mentions: dict[str, list[_Mention]] = {}
    stated: list[dict[str, list[str]]] = []
    for i, sentence in enumerate(sentences):
        stated.append({})
        for fact, written, number in figures(sentence.text):
            mentions.setdefault(fact, []).append((i, written, number))
            stated[i].setdefault(fact, []).append(written)
    return mentions, stated


def _fact_view(fact: str, items: list[_Mention], sentences: Sequence[Sentence], settings: ConflictSettings) -> _Fact:
    """The context the rules need for one fact; price moves take their own, looser thresholds."""
    if fact in MOVE_FACTS:
        ratio, similar = settings.move_max_ratio, settings.move_similarity
    else:
        ratio, similar = settings.max_ratio, settings.min_similarity
    together = {(x, y) for i, _, x in items for j, _, y in items if i == j}
    named, always = _years_by_value(sentences, items)
    same_day = min(similar, settings.same_day_similarity)
    return _Fact(fact, items, ratio, similar, together, named, always, same_day_similarity=same_day)


def _timeline_view(
    fact: str, items: list[_Mention], sentences: Sequence[Sentence], settings: ConflictSettings
) -> _Fact:
    """The fact as timelines see it: a toll can triple between reports, so a wider ratio."""
    view = _fact_view(fact, items, sentences, settings)
    return replace(view, max_ratio=settings.timeline_max_ratio, min_similarity=settings.timeline_similarity)


def _linked_values(drop: _Drop, fact: _Fact, rules: Sequence[_Rule]) -> list[list[_Mention]]:
    """The groups of mentions of ``fact`` that disagree (no rule tells two apart), directly or
    through others: only the mentions that take part, so Sept. 26's "a million" stays out of
    Oct. 3's "a million" against 780,000."""

    def disagree(a: _Mention, b: _Mention) -> bool:
        return not _nothing_to_compare(drop, fact, a, b) and not any(rule(drop, fact, a, b) for rule in rules)

    groups = _components(fact.items, disagree)
    return [members for members in groups if len({n for _, _, n in members}) >= 2]


def _nothing_to_compare(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """One value twice, or one sentence: no disagreement between sources."""
    return a[2] == b[2] or a[0] == b[0]


def _different_magnitude(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """Figures further apart than ``max_ratio`` are different facts (1,200 vs 45,000 employees)."""
    x, y = a[2], b[2]
    return max(x, y) / max(min(x, y), 1e-9) > fact.max_ratio


def _stated_together(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """One sentence states both values somewhere: two facts, not a disagreement."""
    return (a[2], b[2]) in fact.together


def _different_topic(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """Sentences less similar than ``min_similarity`` talk about different things. Two that tell
    of one known day in two articles need only ``same_day_similarity``, the day being evidence of
    one fact (AP's "nearing 140" and AFP's "at least 155" on Oct. 1 are worded apart), unless each
    names what the other does not (Buncombe County's 57 and North Carolina's 74 that day are two counts)."""
    similarity = float(drop.vectors[a[0]] @ drop.vectors[b[0]])
    if similarity >= fact.min_similarity:
        return False
    day, one_article = drop.told[a[0]], drop.sentences[a[0]].article == drop.sentences[b[0]].article
    if day is None or day != drop.told[b[0]] or one_article or similarity < fact.same_day_similarity:
        return True
    na, nb = _sentence_names(drop, a[0]), _sentence_names(drop, b[0])
    return bool(na - nb and nb - na)


def _sentence_names(drop: _Drop, row: int) -> frozenset[str]:
    return frozenset(n for n in map(name_of, drop.sentences[row].text.split()) if n in drop.names)


def _different_month(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """Sentences that name different months (a March cut and an October cut) tell of two events;
    a month with no year still tells them apart."""
    ti, tj = event_time(drop.sentences[a[0]].text, 0), event_time(drop.sentences[b[0]].text, 0)
    return bool(ti and tj and ti != tj)


def _year_given_once(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """A figure every mention of which dates to a year no mention of the other names is a
    past event set beside the story's ("the largest since it cut 3,000 in 2019" beside
    "it cuts 2,000"), not a disagreement."""
    x, y = a[2], b[2]
    return bool(fact.always[x] - fact.named[y] or fact.always[y] - fact.named[x])


def _different_parties(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """Each sentence names someone near its figure that the other sentence never names: "Globex's
    $3 billion offer for Initech" and "Hooli paid $2.4 billion to license Initech's technology"
    are figures of different parties, so different facts; "40 deaths in Buncombe County" and
    "Buncombe County ... in North Carolina, with 57 fatalities" are one county's."""
    ni = _names_near(drop.sentences[a[0]].text, a[1], drop.names)
    nj = _names_near(drop.sentences[b[0]].text, b[1], drop.names)
    return bool(ni - _sentence_names(drop, b[0]) and nj - _sentence_names(drop, a[0]))


def _other_figures_differ(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """Another fact both sentences state with disjoint values: "1,200 jobs, close to 5%"
    and "2,000 jobs, about 8%" are two rounds of cuts; "320 staff, 11%" and "380 staff,
    11%" one fact. A fact only one of them states ("a 40% stake" beside a layoff) says
    nothing."""
    si, sj = drop.stated[a[0]], drop.stated[b[0]]
    return any(not _agree(si[f], sj[f]) for f in si.keys() & sj.keys() if f != fact.fact)


def _different_time(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """The sentences tell of different days (both known): a toll on Sept. 30 and one on Oct. 3
    are successive counts (a timeline), not a disagreement."""
    ti, tj = drop.told[a[0]], drop.told[b[0]]
    return ti is not None and tj is not None and ti != tj


def _timeline_step(drop: _Drop, fact: _Fact, a: _Mention, b: _Mention) -> bool:
    """A figure of no known day within the range of a timeline the other figure is a value of
    (155 beside 150 on Oct. 1 and 200 on Oct. 3) is a report of a day it does not say, not a
    disagreement."""
    for undated, step in ((a, b), (b, a)):
        if drop.told[undated[0]] is None and drop.told[step[0]] is not None:
            if any(step[2] in s and min(s) <= undated[2] <= max(s) for s in fact.spans):
                return True
    return False


# The rules, cheapest first: a pair of mentions disagrees when none of them holds.
_Rule = Callable[[_Drop, _Fact, _Mention, _Mention], bool]

# The rules that tell two figures of one kind apart as two facts, by name; each can be
# switched off in conflicts.rules_off.
TELLS_APART: tuple[tuple[str, _Rule], ...] = (
    ("different_magnitude", _different_magnitude),
    ("stated_together", _stated_together),
    ("different_topic", _different_topic),
    ("different_month", _different_month),
    ("year_given_once", _year_given_once),
    ("different_parties", _different_parties),
    ("other_figures_differ", _other_figures_differ),
    ("different_time", _different_time),
    ("timeline_step", _timeline_step),
)

# The rules a timeline links across: its reports are of different days, perhaps of different months,
# and each names whoever counted ("after Georgia and North Carolina reported more fatalities"), so
# the parties near a figure do not tell two days' counts apart; timeline_similarity does.
_TIME_RULES = frozenset({"different_time", "different_month", "different_parties", "timeline_step"})


def _conflict(
    fact: str, items: list[_Mention], linked: set[float], sentences: Sequence[Sentence], groups: SourceGroups
) -> Conflict:
    """The conflict over ``fact`` among its ``linked`` values: each value with its
    sources, the best-backed one chosen, and the sentences to keep out when it is settled."""
    values = sorted(
        (_conflict_value(number, items, sentences, groups) for number in sorted(linked)),
        key=lambda v: (-v[0].sources, -len(v[0].articles), v[0].value),
    )
    chosen, chosen_number = values[0][0].value, values[0][1]
    settled = _clear_majority(values[0][0], values[1][0])
    minority = frozenset(sentences[i].key for i, _, n in items if settled and n in linked and n != chosen_number)
    carriers = frozenset(sentences[i].key for i, _, n in items if n in linked)
    return Conflict(fact, tuple(v for v, _ in values), chosen, minority, carriers, settled)


def _conflict_value(
    number: float, items: list[_Mention], sentences: Sequence[Sentence], groups: SourceGroups
) -> tuple[ConflictValue, float]:
    """One value of a conflict with the articles and independent sources that give it."""
    rows = [i for i, _, n in items if n == number]
    # A merged value is shown as written where it was written exactly ("3.4%", not "3.45%").
    written = min((w for _, w, n in items if n == number), key=lambda w: (_value(w) != number, w))
    articles = sorted({a for i in rows for a in sentences[i].carriers})
    return ConflictValue(written, tuple(articles), len(groups.of(articles))), number


def _clear_majority(best: ConflictValue, runner_up: ConflictValue) -> bool:
    """True when ``best`` settles the figure: at least two independent sources and twice
    the runner-up's. Otherwise the conflict is reported and both figures may appear, since
    close counts often are two different events."""
    return best.sources >= 2 and best.sources >= 2 * runner_up.sources


def _timelines(drop: _Drop, fact: _Fact, rules: Sequence[tuple[str, _Rule]], groups: SourceGroups) -> list[Timeline]:
    """The timelines of ``fact``: mentions linked but for their days, in groups told of two days or more.

    A share-price move is an event, not a level: two reports of a drop on different days tell of
    one move (or of two), never of one value revised, so moves make no timeline."""
    if fact.fact in MOVE_FACTS:
        return []
    linking = [rule for name, rule in rules if name not in _TIME_RULES]
    dated = [m for m in fact.items if drop.told[m[0]] is not None]

    def linked(a: _Mention, b: _Mention) -> bool:
        if drop.told[a[0]] == drop.told[b[0]] or _nothing_to_compare(drop, fact, a, b):
            return False
        return not any(rule(drop, fact, a, b) for rule in linking)

    found = (_timeline(drop, fact.fact, members, groups) for members in _components(dated, linked))
    return [t for t in found if t is not None]


def _components(items: list[_Mention], linked: Callable[[_Mention, _Mention], bool]) -> list[list[_Mention]]:
    """The groups of ``items`` that ``linked`` pairs join, directly or through others (union-find)."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            if linked(items[a], items[b]):
                parent[root(b)] = root(a)
    groups: dict[int, list[_Mention]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return [groups[k] for k in sorted(groups)]


# "190 million patients — up from previous estimates of about 100 million": a report that says
# which figure it revises, so the two are ordered even when neither has a date.
_REVISED_FROM = re.compile(
    r"\b(?:up|down|revised|raised|lowered|increased|decreased|rose|fell|climbed)\s+from\s+"
    r"(?:(?:the|its|an?|previous(?:ly)?|prior|earlier|initial|original|first|reported)\s+)*"
    r"(?:estimates?|figures?|counts?|tall(?:y|ies)|projections?)?\s*(?:of\s+)?",
    re.IGNORECASE,
)


def _revisions(drop: _Drop, fact: str, items: list[_Mention]) -> list[tuple[Timeline, tuple[float, ...]]]:
    """A timeline from a report that names the figure it revises ("190 million ... up from previous
    estimates of about 100 million"): the earlier value first, the day of neither needed. Used
    when the fact's reports form no timeline by their days."""
    for i in sorted({i for i, _, _ in items}):
        text = drop.sentences[i].text
        cue = _REVISED_FROM.search(text)
        mine = [(w, n) for j, w, n in items if j == i]
        old = [n for w, n in mine if cue and text.find(w, cue.end()) == cue.end() + _hedge_length(text, cue.end())]
        new = [n for w, n in mine if cue and 0 <= text.find(w) < cue.start()]
        if old and new and old[0] != new[-1]:
            steps = (old[0], new[-1])
            values = tuple(_revision_value(drop, items, n, i if n == steps[1] else None) for n in steps)
            return [(Timeline(fact, values), steps)]
    return []


def _hedge_length(text: str, at: int) -> int:
    hedge = re.match(_HEDGE, text[at:], re.IGNORECASE)
    return hedge.end() if hedge else 0


def _revision_value(drop: _Drop, items: list[_Mention], number: float, row: int | None) -> TimelineValue:
    """One step of a revision timeline: its value as written, the day the revising report tells
    of (unknown for the value it revises), the articles and sentences giving it."""
    own = [m for m in items if m[2] == number]
    value, _ = _conflict_value(number, own, drop.sentences, SourceGroups({}))
    day = drop.told[row] if row is not None else None
    carriers = frozenset(drop.sentences[i].key for i, _, _ in own)
    return TimelineValue(value.value, day.isoformat() if day else "", value.articles, carriers)


def _timeline(
    drop: _Drop, fact: str, members: list[_Mention], groups: SourceGroups
) -> tuple[Timeline, tuple[float, ...]] | None:
    """One value per day (the best-backed of that day's), in time order, a value repeated on
    following days told once; None when fewer than two values are left."""
    days = sorted({drop.told[i] for i, _, _ in members})
    steps: list[tuple[float, list[dt.date]]] = []
    for day in days:
        number = _day_value([m for m in members if drop.told[m[0]] == day], drop.sentences, groups)
        if steps and steps[-1][0] == number:
            steps[-1][1].append(day)
        else:
            steps.append((number, [day]))
    if len(steps) < 2:
        return None
    values = tuple(_timeline_value(drop, members, steps, p) for p in range(len(steps)))
    return Timeline(fact, values), tuple(n for n, _ in steps)


def _day_value(members: list[_Mention], sentences: Sequence[Sentence], groups: SourceGroups) -> float:
    """The value one day's reports give: the one most independent sources give, as conflicts choose."""
    numbers = sorted({n for _, _, n in members})
    backed = [_conflict_value(n, members, sentences, groups)[0] for n in numbers]
    best = min(range(len(numbers)), key=lambda k: (-backed[k].sources, -len(backed[k].articles), numbers[k]))
    return numbers[best]


def _timeline_value(
    drop: _Drop, members: list[_Mention], steps: list[tuple[float, list[dt.date]]], p: int
) -> TimelineValue:
    """Step ``p`` of a timeline: its value as written, its first day, the articles giving it, and
    its carriers: the sentences giving the value, and those of its days giving a value no step has."""
    number, days = steps[p]
    own = [m for m in members if m[2] == number]
    value, _ = _conflict_value(number, own, drop.sentences, SourceGroups({}))
    numbers = {n for n, _ in steps}
    rows = {i for i, _, n in members if n == number or (n not in numbers and drop.told[i] in days)}
    carriers = frozenset(drop.sentences[i].key for i in rows)
    return TimelineValue(value.value, days[0].isoformat(), value.articles, carriers)


def stale(timelines: Sequence[Timeline], keys: frozenset[Key]) -> frozenset[Key]:
    """The sentences of ``keys`` whose latest value of some timeline is earlier than another of ``keys`` gives.

    Args:
        timelines: A theme's timelines.
        keys: The sentences available (a theme's candidates).
    Returns:
        The stale sentences: a summary should give the latest value it can.
    """
    out: set[Key] = set()
    for timeline in _dated(timelines):
        step = {k: p for p, v in enumerate(timeline.values) for k in v.carriers & keys}
        latest = max(step.values(), default=-1)
        out |= {k for k, p in step.items() if p < latest}
    return frozenset(out)


def _dated(timelines: Sequence[Timeline]) -> list[Timeline]:
    """The timelines whose every value has a day: a revision timeline ordered only by its report's
    words ("up from previous estimates of 100 million") is shown, not used to select (holding
    its earlier value out, or requiring its latest, cost changehealthcare's data_theft 0.07 R2)."""
    return [t for t in timelines if all(v.time for v in t.values)]


def latest(timelines: Sequence[Timeline], keys: frozenset[Key]) -> frozenset[Key]:
    """The sentences of ``keys`` giving the latest value of the theme's main timeline: the one
    most of ``keys`` report (a theme's toll, told in many sentences, before a count of outages)."""
    dated = _dated(timelines)
    told = [(len(t.carriers & keys), -i) for i, t in enumerate(dated)]
    if not told or max(told)[0] == 0:
        return frozenset()
    main = dated[-max(told)[1]]
    step = {k: p for p, v in enumerate(main.values) for k in v.carriers & keys}
    last = max(step.values())
    return frozenset(k for k, p in step.items() if p == last)


def _years_by_value(
    sentences: Sequence[Sentence], items: list[tuple[int, str, float]]
) -> tuple[dict[float, set[int]], dict[float, set[int]]]:
    """For each value: the years any of its sentences name, and the years all of them
    name (only for a value stated in at least two sentences)."""
    rows: dict[float, list[set[int]]] = {}
    for i, _, number in items:
        rows.setdefault(number, []).append({int(y) for y in YEAR_DIGITS.findall(sentences[i].text)})
    named = {n: set().union(*found) for n, found in rows.items()}
    always = {n: set.intersection(*found) if len(found) >= 2 else set() for n, found in rows.items()}
    return named, always


def _names_near(text: str, written: str, names: frozenset[str], words: int = 8) -> frozenset[str]:
    """The ``names`` capitalised within ``words`` words of the figure ``written``."""
    tokens = text.split()
    digits = re.escape(re.search(FIGURE, written).group(1))
    found = re.search(rf"(?<![\d.,]){digits}(?![\d]|[.,]\d)", text)
    at = len(text[: found.start()].split()) if found else 0
    if found and found.start() > 0 and not text[found.start() - 1].isspace():
        at -= 1  # "$12.3": the figure's token began before its digits
    near = (name_of(t) for t in tokens[max(0, at - words) : at + words + 1])
    return frozenset(n for n in near if n in names)


def _merge_close(items: list[tuple[int, str, float]]) -> list[tuple[int, str, float]]:
    """Figures that are one value rounded differently (:func:`_rounded_alike`) take the
    smaller one's number."""
    units = {n: _unit(w) for _, w, n in items}
    canonical: dict[float, float] = {}
    for number in sorted(units):
        base = next((c for c in canonical.values() if _rounded_alike(number, units[number], c, units[c])), number)
        canonical[number] = base
    return [(i, w, canonical[n]) for i, w, n in items]


def _rounded_alike(x: float, unit_x: float, y: float, unit_y: float) -> bool:
    """True when ``x`` and ``y`` are within half a unit of the coarser one's last digit and a
    tenth of each other: "3.45%" and "3.4%", "$12 billion" and "$12.3 billion"; not "35%" and
    "36%", nor "a million" and "780,000" (one digit rounds too coarsely to say one value)."""
    close = abs(x - y) <= max(unit_x, unit_y) / 2 * (1 + 1e-9)
    return close and max(x, y) <= 1.1 * min(x, y) + 1e-9


def _agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when some figure of ``a`` and some of ``b`` (as written) are one value."""
    return any(_rounded_alike(_value(x), _unit(x), _value(y), _unit(y)) for x in a for y in b)


def _unit(written: str) -> float:
    """The step of the figure's last written digit: "3.4%" -> 0.1, "$12 billion" -> 1e9."""
    digits = re.search(FIGURE, written).group(1)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 10.0**-decimals * _magnitude(written)


def _value(written: str) -> float:
    """The figure's value: "$12.3 billion" -> 12.3e9, "3.4%" -> 3.4."""
    return _number(written) * _magnitude(written)


def _magnitude(written: str) -> float:
    """What the written number is counted in: 1e9 for "$12.3 billion", else 1."""
    return scale_factor(written.rsplit(" ", 1)[-1])


def _number(written: str) -> float:
    """The figure as the text writes it: "$12.3 billion" -> 12.3, "3.4%" -> 3.4."""
    return float(number_value(re.search(FIGURE, written).group(1)))
