"""Chained drops: each drop's update summaries (``update.since``) against the drop before it.

A drop's predecessor is named explicitly by a ``since`` file (its first line) or a
``drop.yaml`` holding ``since: <drop name>`` in the drop folder; otherwise drops whose
names hold an ISO date (``2024-10-01``, ``news-2024-10-02``) follow the dated drop before
them. A chained drop runs after its predecessor, with ``update.since`` its output folder;
the update stage compares theme by theme (a theme new to the drop says so in a note).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from summarize.batch.drops import DropSource
from summarize.config import Settings

_ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d\d-\d\d(?!\d)")
SINCE_FILE = "since"
DROP_FILE = "drop.yaml"


def drop_date(name: str) -> str:
    """The ISO date a drop's name holds ("news-2024-10-01" -> "2024-10-01"), or ""."""
    match = _ISO_DATE.search(name)
    return match.group(0) if match else ""


def named_predecessor(source: DropSource) -> str:
    """The drop a drop folder names as its predecessor (``since`` file, or ``since:`` in ``drop.yaml``), or "".

    Raises:
        ValueError: ``drop.yaml`` is not YAML or its ``since`` is not a name; the message names the file.
    """
    if not source.path.is_dir():
        return ""
    since_file, drop_file = source.path / SINCE_FILE, source.path / DROP_FILE
    if since_file.is_file():
        lines = since_file.read_text(encoding="utf-8").split()
        return lines[0] if lines else ""
    if not drop_file.is_file():
        return ""
    try:
        data = yaml.safe_load(drop_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{drop_file}: invalid YAML ({exc}); write 'since: <drop name>'") from None
    since = data.get("since", "") if isinstance(data, dict) else ""
    if not isinstance(since, str):
        raise ValueError(f"{drop_file}: since = {since!r}: expected a drop's name (quote a dated name)")
    return since.strip()


def predecessors(sources: Sequence[DropSource]) -> tuple[dict[str, str], dict[str, str]]:
    """Each chained drop's predecessor, and the drops whose chain is wrong (name -> problem).

    Dated drops follow the dated drop before them; a named predecessor wins. A name that is
    no drop of the batch, or a chain that loops, is a problem of the drop naming it.
    """
    names = {s.name for s in sources}
    dated = sorted((drop_date(s.name), s.name) for s in sources if drop_date(s.name))
    before = {later: earlier for (_, earlier), (_, later) in zip(dated, dated[1:])}
    problems: dict[str, str] = {}
    for source in sources:
        try:
            named = named_predecessor(source)
        except ValueError as exc:
            problems[source.name] = str(exc)
            continue
        if named and named not in names:
            problems[source.name] = f"since: '{named}' is no drop of this batch (drops: {', '.join(sorted(names))})"
        elif named:
            before[source.name] = named
    for name in before:
        if _loops(name, before):
            problems[name] = f"since: the chain of '{name}' comes back to it; name an earlier drop"
    return {n: p for n, p in before.items() if n not in problems}, problems


def _loops(name: str, before: Mapping[str, str]) -> bool:
    seen, current = {name}, before.get(name)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = before.get(current)
    return False


def chain_order(sources: Sequence[DropSource], before: Mapping[str, str]) -> list[DropSource]:
    """The drops with every predecessor before its successors, otherwise by name."""

    def depth(name: str) -> int:
        steps = 0
        while name in before:
            name, steps = before[name], steps + 1
        return steps

    return sorted(sources, key=lambda s: (depth(s.name), s.name))


def with_since(settings: Settings, folder: Path) -> Settings:
    """``settings`` with ``update.since`` the predecessor's output folder."""
    return settings.model_copy(update={"update": settings.update.model_copy(update={"since": str(folder)})})
