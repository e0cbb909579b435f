"""Load stage: read a drop (a folder of .txt/.md files, or one .jsonl/.json file)
into articles and paragraphs.

This is the only stage that opens input files (house rule 1). Paragraphs come
from line breaks; hard-wrapped wire copy (a line that stops mid-sentence, then a
blank line) is re-joined so a sentence is never cut in two.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from summarize.config import LoadSettings
from summarize.errors import InputError
from summarize.types import Article, Paragraph

_TERMINAL = tuple('.!?:;"”’)»…')
# A line ending in one of these words stops mid-clause: the next line continues it.
_CONTINUATION_WORDS = frozenset(
    "a an the of in on to and or but by for with from at as that which who whose its their his her "
    "our your said says than into over under about after before between during while since".split()
)


@dataclass(frozen=True, slots=True)
class LoadResult:
    drop: str
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    warnings: tuple[str, ...]


def drop_name(path: str | Path) -> str:
    """The drop's name: the input folder's name, or the file's stem.

    A folder called ``articles`` is named after its parent (``seeds/articles`` -> ``seeds``),
    the layout where a drop keeps ``articles/`` beside ``references/`` and ``themes.yaml``.
    """
    p = Path(path)
    if p.is_file():
        return p.stem
    resolved = p.resolve()
    if resolved.name == "articles" and resolved.parent.name:
        return resolved.parent.name
    return resolved.name or "drop"


def split_paragraphs(text: str) -> list[str]:
    """Split article text into paragraphs at line breaks, re-joining hard wraps.

    Args:
        text: The article body.
    Returns:
        Paragraph strings with inner whitespace collapsed; empty lines dropped.
    """
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    if previous.endswith(_TERMINAL):
        return False
    first = line[0]
    if first.islower() or first in "(,":
        return True
    last_word = previous.rsplit(" ", 1)[-1].lower()
    return last_word in _CONTINUATION_WORDS


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:65536]:
        raise InputError(f"{where}: looks like a binary file (NUL bytes); the drop must hold text articles")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it, e.g. iconv -f cp1252 -t utf-8"
        ) from None


def _read_bytes(path: Path, settings: LoadSettings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over load.max_file_bytes ({settings.max_file_bytes:,}); "
                "split the file or raise the limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _records_from_file(path: Path, settings: LoadSettings) -> list[tuple[dict, str]]:
    """(record, where) pairs from a .jsonl or .json file, reporting bad lines by number."""
    # datasets' JSON builder would cache to disk and reports a broken line without
    # its number; plain json keeps errors precise and the stage free of side effects.
    text = _decode(_read_bytes(path, settings), str(path))
    if path.suffix.lower() == ".jsonl":
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((json.loads(line), f"{path}:{number}"))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number}: invalid JSON ({exc.msg}); fix or remove that line") from None
        return records
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list):
        raise InputError(f'{path}: expected a JSON list of article records (or {{"articles": [...]}})')
    return [(record, f"{path}[{i}]") for i, record in enumerate(data)]


def _article_from_record(record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: a record must be an object with 'id' and 'text'")
    missing = [k for k in ("id", "text") if not record.get(k) and record.get(k) != 0]
    if missing:
        raise InputError(f"{where}: record lacks {', '.join(repr(k) for k in missing)}")
    if not isinstance(record["text"], str):
        raise InputError(f"{where}: 'text' must be a string")
    return Article(
        id=str(record["id"]),
        text=record["text"],
        title=str(record.get("title") or ""),
        source=str(record.get("source") or ""),
        date=str(record.get("date") or ""),
    )


def read_articles(path: str | Path, settings: LoadSettings) -> tuple[list[Article], list[str]]:
    """Read the raw articles of a drop.

    Args:
        path: A folder (its .txt/.md files, not subfolders) or a .jsonl/.json file.
        settings: The ``load`` settings.
    Returns:
        (articles sorted by id, warnings).
    Raises:
        InputError: the path is missing, unreadable, binary, not UTF-8, too large or malformed.
    """
    source = Path(path)
    warnings: list[str] = []
    if not source.exists():
        raise InputError(f"input not found: {source} (pass --input FOLDER or a .jsonl/.json file)")
    articles: list[Article] = []
    if source.is_dir():
        extensions = {e.lower() for e in settings.extensions}
        files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in extensions)
        for file in files:
            articles.append(Article(id=file.name, text=_decode(_read_bytes(file, settings), str(file))))
    elif source.suffix.lower() in {".jsonl", ".json"}:
        articles = [_article_from_record(r, where) for r, where in _records_from_file(source, settings)]
    else:
        raise InputError(f"{source}: expected a folder of articles or a .jsonl/.json file")
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise InputError(f"{source}: article id {article.id!r} appears twice; ids must be unique")
        seen.add(article.id)
    return sorted(articles, key=lambda a: a.id), warnings


def _truncate(article: Article, limit: int) -> Article:
    cut = article.text[:limit]
    boundary = cut.rfind("\n")
    if boundary > limit // 2:
        cut = cut[:boundary]
    return Article(article.id, cut, article.title, article.source, article.date)


def load(path: str | Path, settings: LoadSettings) -> LoadResult:
    """Read a drop and split it into paragraphs.

    Args:
        path: The drop (see :func:`read_articles`).
        settings: The ``load`` settings.
    Returns:
        A :class:`LoadResult`; empty articles are skipped with a warning.
    Raises:
        InputError: as :func:`read_articles`, or when the drop holds no article text at all.
    """
    raw, warnings = read_articles(path, settings)
    articles: list[Article] = []
    paragraphs: list[Paragraph] = []
    for article in raw:
        if len(article.text) > settings.max_article_chars:
            warnings.append(
                f"{article.id}: {len(article.text):,} characters, truncated to load.max_article_chars "
                f"({settings.max_article_chars:,})"
            )
            article = _truncate(article, settings.max_article_chars)
        parts = split_paragraphs(article.text)
        if not parts:
            warnings.append(f"{article.id}: empty article, skipped")
            continue
        articles.append(article)
        paragraphs.extend(Paragraph(article.id, i, text) for i, text in enumerate(parts))
    if not articles:
        raise InputError(
            f"{path}: no articles found (expected {'/'.join(settings.extensions)} files or JSON records with text)"
        )
    return LoadResult(drop_name(path), tuple(articles), tuple(paragraphs), tuple(warnings))
