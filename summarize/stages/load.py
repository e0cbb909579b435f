"""Load stage: read a drop (a folder of article files, or one .jsonl/.json file)
into articles and paragraphs.

This is the only stage that opens input files. Real drops are messy,
so one bad file costs a warning naming it, not the run (docs/input.md):

* binary files (PDF, images, archives, Office documents, even named ``.txt``) are
  recognised by their magic bytes or their share of control bytes and skipped, or
  stop the run (``load.on_bad_file``);
* text that is not UTF-8 is decoded as cp1252 when that reads cleanly, else in the
  encoding charset-normalizer detects, else as UTF-8 with replacement characters;
* HTML is turned into text with Beautiful Soup (``html.parser``), page furniture removed;
* a file longer than ``load.max_article_chars`` needs is read only that far;
* articles in a language outside ``load.languages`` are found with py3langid
  (Lui and Baldwin, 2012, langid.py) and skipped or kept (``load.on_other_language``);
* broken JSON Lines records are skipped or stop the run (``load.on_bad_record``);
* articles with identical text are reported (dedup and sources handle the copies).

Paragraphs come from line breaks; hard-wrapped wire copy (a line that stops
mid-sentence, then a blank line) is re-joined so a sentence is never cut in two.
The same input gives the same articles and the same warnings in the same order.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from summarize.config import LoadSettings
from summarize.errors import InputError
from summarize.types import Article, Paragraph, PreviousRun

_TERMINAL = tuple('.!?:;"”’)»…')
# A line ending in one of these words stops mid-clause: the next line continues it.
_CONTINUATION_WORDS = frozenset(
    "a an the of in on to and or but by for with from at as that which who whose its their his her "
    "our your said says than into over under about after before between during while since".split()
)

# UTF-8 needs at most 4 bytes a character: reading this many bytes per wanted character
# (plus a byte-order mark) always yields max_article_chars characters when the file has them.
_BYTES_PER_CHAR = 4
_SNIFF_BYTES = 8192
# Above this share of control bytes (other than tab, newlines, form feed, escape) a file is not text.
_MAX_CONTROL_SHARE = 0.1
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\x0b\x0c\x1b"
# (magic bytes at the start, what the file looks like, what to do about it)
_MAGIC = tuple(
    (re.compile(pattern, re.DOTALL), what, advice)
    for pattern, what, advice in (
        (rb"%PDF-", "a PDF", "convert it to text first (e.g. pdftotext)"),
        (rb"\x89PNG\r\n\x1a\n", "a PNG image", "remove it from the drop"),
        (rb"GIF8[79]a", "a GIF image", "remove it from the drop"),
        (rb"\xff\xd8\xff", "a JPEG image", "remove it from the drop"),
        (rb"II\*\x00|MM\x00\*", "a TIFF image", "remove it from the drop"),
        (rb"RIFF.{4}WEBP", "a WebP image", "remove it from the drop"),
        (rb"RIFF.{4}(?:WAVE|AVI )|.{4}ftyp|ID3[\x02-\x04]|OggS\x00|fLaC", "audio or video", "remove it from the drop"),
        (rb"PK\x03\x04|PK\x05\x06", "a ZIP archive or an Office/EPUB document", "export the article as plain text"),
        (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document", "save it as plain text"),
        (rb"\{\\rtf", "an RTF document", "save it as plain text"),
        (
            rb"\x1f\x8b|BZh[1-9]1AY&SY|\xfd7zXZ\x00|7z\xbc\xaf\x27\x1c|Rar!\x1a\x07|\x28\xb5\x2f\xfd",
            "a compressed archive",
            "extract the articles into the drop",
        ),
        (rb"\x00\x05\x16\x07", "a macOS resource fork (a '._' file)", "delete it"),
        (rb"SQLite format 3\x00", "an SQLite database", "export the articles as text or JSON Lines"),
        (rb"\x7fELF", "a program", "remove it from the drop"),
    )
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32", 4),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32", 4),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16", 2),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16", 2),
)
# A complete multi-byte UTF-8 sequence (RFC 3629, table 3-7 of the Unicode standard).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f\ufeff]")
# File, group, record and unit separators: whitespace to str.split, so they part words.
_SEPARATORS = re.compile("[\x1c-\x1f]")

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|tr|td|body|head|html|meta|link|script|style|section|article"
    r"|main|nav|header|footer|aside|form|img|figure|blockquote|em|strong|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_BLOCK_TAG = re.compile(r"</(?:p|div|li|h[1-6]|section|article)>", re.IGNORECASE)
# Tags that hold no article text: their whole content goes.
_HTML_DROP = ("script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form", "iframe")
_HTML_DROP += ("svg", "button", "select", "textarea")
# Tags that end a paragraph.
_HTML_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "hr")
_HTML_BLOCKS += ("section", "article", "main", "ul", "ol", "dl", "dt", "dd", "table", "figure", "figcaption")
_HTML_NOTE = "HTML, converted to text (tags, scripts, styles, navigation, headers, footers and forms removed)"

# The language is judged on the first characters only (cheap), and only when there are
# enough words to judge; a guess below this confidence keeps the article.
_LANGUAGE_SAMPLE_CHARS = 3000
_LANGUAGE_MIN_WORDS = 20
_LANGUAGE_MIN_CONFIDENCE = 0.9
# "zxx": no linguistic content (tables of figures); not a language to skip an article for.
_NOT_A_LANGUAGE = frozenset({"zxx", "und"})
_LISTED = 5


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
    first = line[0]
    if previous.endswith(")") and first.islower():
        # "... entered the market. Acme ( ACME )" / "wrote to staff ...": a ticker
        # parenthesis, not the end of a sentence.
        return True
    if previous.endswith(_TERMINAL):
        return False
    if first.islower() or first in "(,":
        return True
    last_word = previous.rsplit(" ", 1)[-1].lower()
    return last_word in _CONTINUATION_WORDS


# --- bytes to text -------------------------------------------------------------------------


def sniff_binary(head: bytes) -> tuple[str, str] | None:
    """What a file that is not text looks like, judged from its first bytes.

    Args:
        head: The file's first bytes (a few KB are enough).
    Returns:
        (what it looks like, what to do), or None when it may be text.
    """
    if head.startswith(tuple(bom for bom, *_ in _BOMS)):
        return None
    for pattern, what, advice in _MAGIC:
        if pattern.match(head):
            return what, advice
    sample = head[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return "binary data (NUL bytes)", "save it as UTF-8 text (UTF-16 without a byte-order mark looks like this)"
    control = len(sample.translate(None, _TEXT_BYTES))
    if sample and control / len(sample) > _MAX_CONTROL_SHARE:
        return f"binary data ({control:,} control bytes in the first {len(sample):,})", "save it as UTF-8 text"
    return None


def decode_text(data: bytes, *, complete: bool = True) -> tuple[str, str]:
    """Decode an article's bytes; never fails.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; UTF-8 with a
    few stray bytes (most non-ASCII bytes form valid UTF-8 sequences: replacing the
    strays keeps the rest, where a single-byte code page would garble it); cp1252 when
    charset-normalizer finds it reads cleanly (short Western text fools its general
    detection, e.g. "Café" -> cp1006); the encoding charset-normalizer detects; and
    last UTF-8 with replacement characters.

    Args:
        data: The bytes.
        complete: False when ``data`` is the head of a longer file: a character cut
            in two at the end is dropped rather than replaced.
    Returns:
        (text, note): ``note`` is "" for UTF-8, else says which encoding was used.
    """
    for bom, codec, label, width in _BOMS:
        if data.startswith(bom):
            body = data if complete else data[: len(data) - len(data) % width]
            return body.decode(codec, errors="replace"), f"{label} text (byte-order mark), decoded as {label}"
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=complete), ""
    except UnicodeDecodeError:
        pass
    if data.startswith(codecs.BOM_UTF8) or _mostly_utf8(data):
        return _utf8_replaced(data, complete)
    from charset_normalizer import from_bytes

    if from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        return data.decode("cp1252", errors="replace"), "not UTF-8; decoded as cp1252 (Windows Western European)"
    match = from_bytes(data).best()
    if match is not None and match.encoding not in {"utf_8", "ascii"}:
        note = f"not UTF-8; decoded as {match.encoding} (detected by charset-normalizer)"
        return data.decode(match.encoding, errors="replace"), note
    return _utf8_replaced(data, complete)


def _mostly_utf8(data: bytes) -> bool:
    non_ascii = len(data.translate(None, bytes(range(0x80))))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    return in_sequences * 2 >= non_ascii


def _utf8_replaced(data: bytes, complete: bool) -> tuple[str, str]:
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(data, final=complete)
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    s = "" if replaced == 1 else "s"
    return text, f"not valid UTF-8; {replaced:,} undecodable byte sequence{s} replaced with U+FFFD"


def normalise_text(text: str) -> str:
    """One newline convention (CRLF and lone CR become LF); byte-order marks and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return _CONTROL.sub("", _SEPARATORS.sub(" ", text))


# --- HTML -----------------------------------------------------------------------------------


def looks_like_html(text: str, *, expected: bool = False) -> bool:
    """Whether ``text`` is an HTML document (or, when ``expected``, holds any HTML tag).

    A plain article that mentions a tag or two is not HTML: it takes a document start
    (``<!doctype html>``, ``<html>``, ``<head>``, ``<body>``) or ten tags, one of them
    closing a paragraph, in the first 8 KB.
    """
    head = text[:_SNIFF_BYTES]
    if _HTML_START.match(head):
        return True
    if expected:
        return bool(_HTML_TAG.search(head))
    return bool(_HTML_BLOCK_TAG.search(head)) and len(_HTML_TAG.findall(head)) >= 10


def html_to_text(html: str) -> str:
    """The text of an HTML document, one paragraph a line.

    Beautiful Soup with the standard library's ``html.parser`` (no lxml needed) parses
    the page; script, style, navigation, header, footer, aside and form elements go
    with their content; whitespace inside text is collapsed as a browser does; block
    elements (p, div, br, li, h1-h6, ...) end a line; entities are unescaped.

    Args:
        html: The document.
    Returns:
        Plain text, paragraphs separated by newlines.
    """
    from bs4 import BeautifulSoup
    from bs4.element import CData, NavigableString, Tag

    # One walk over the parsed tree, no edits to it: bs4's insert_before/replace_with look the
    # node up among its siblings, which made a page of 7,000 flat paragraphs take a minute.
    drop, blocks = frozenset(_HTML_DROP), frozenset(_HTML_BLOCKS)
    parts: list[str] = []
    end = object()  # marks where a block element closes
    stack: list[Any] = [BeautifulSoup(html, "html.parser")]
    while stack:
        node = stack.pop()
        if node is end:
            parts.append("\n")
        elif type(node) is NavigableString:
            parts.append(re.sub(r"\s+", " ", node))
        elif type(node) is CData:
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name not in drop:
            if node.name == "br":
                parts.append("\n")
                continue
            if node.name in blocks:
                parts.append("\n")
                stack.append(end)
            stack.extend(reversed(node.contents))
    # Comments, doctypes, declarations, processing instructions and script text are not article text.
    return "".join(parts)


# --- language -------------------------------------------------------------------------------


@functools.cache
def _identifier() -> Any:
    # Loaded once per process (about half a second), and only when a drop needs judging.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The language ``text`` is written in, or None when it is too short or unclear to judge.

    Args:
        text: Article text; only its first few thousand characters are read.
    Returns:
        An ISO 639 code from py3langid, or None (fewer than 20 words, or confidence below 0.9).
    """
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if len(sample.split()) < _LANGUAGE_MIN_WORDS:
        return None
    code, confidence = _identifier().classify(sample)
    if confidence < _LANGUAGE_MIN_CONFIDENCE or code in _NOT_A_LANGUAGE:
        return None
    return str(code)


# --- reading --------------------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    cut = text[:limit]
    boundary = cut.rfind("\n")
    if boundary > limit // 2:
        cut = cut[:boundary]
    return cut


def _bad_file(file: Path, problem: str, advice: str, settings: LoadSettings, warnings: list[str]) -> None:
    if settings.on_bad_file == "error":
        raise InputError(f"{file}: {problem}; {advice}, or set load.on_bad_file: skip to skip such files")
    warnings.append(f"{file.name}: {problem}, skipped; {advice}")


def _read_file(file: Path, settings: LoadSettings, warnings: list[str]) -> str | None:
    """The text of one article file, or None when it is skipped (a warning says why)."""
    limit = settings.max_article_chars * _BYTES_PER_CHAR + len(codecs.BOM_UTF8)
    try:
        with file.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit)
    except OSError as exc:
        _bad_file(file, f"cannot be read ({exc.strerror})", "check that it is a readable file", settings, warnings)
        return None
    complete = len(data) < limit or size <= len(data)
    binary = sniff_binary(data)
    if binary:
        _bad_file(file, f"looks like {binary[0]}", binary[1], settings, warnings)
        return None
    text, note = decode_text(data, complete=complete)
    if note:
        warnings.append(f"{file.name}: {note}")
    text = normalise_text(text)
    if looks_like_html(text, expected=file.suffix.lower() in _HTML_SUFFIXES):
        text = html_to_text(text)
        warnings.append(f"{file.name}: {_HTML_NOTE}")
    if not complete:
        text = _cut(text, settings.max_article_chars)
        warnings.append(
            f"{file.name}: {size:,} bytes, truncated to load.max_article_chars ({settings.max_article_chars:,}); "
            f"only its first {len(data):,} bytes were read"
        )
    return text


def _read_folder(folder: Path, settings: LoadSettings, warnings: list[str]) -> Iterator[Article]:
    """The folder's article files in name order, read one at a time (so warnings come file by file)."""
    extensions = {e.lower() for e in settings.extensions}
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in extensions)
    skip = {n.lower() for n in settings.skip_names}
    for file in files:
        if file.stem.lower() in skip:
            warnings.append(
                f"{file.name}: skipped, a folder's notes are not an article (load.skip_names); "
                "rename it to read it as one"
            )
            continue
        text = _read_file(file, settings, warnings)
        if text is not None:
            yield Article(id=file.name, text=text)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _record_problem(record: object) -> str | None:
    if not isinstance(record, dict):
        return f"a record must be a JSON object with 'id' and 'text', got {_json_type(record)}"
    missing = [k for k in ("id", "text") if record.get(k) is None or (k == "id" and record.get(k) == "")]
    if missing:
        return f"record lacks {', '.join(repr(k) for k in missing)}"
    if not isinstance(record["text"], str):
        return f"'text' must be a string, got {_json_type(record['text'])}"
    if isinstance(record["id"], (dict, list, bool)):
        return f"'id' must be a string or a number, got {_json_type(record['id'])}"
    return None


def _records(path: Path, settings: LoadSettings, warnings: list[str]) -> list[Article]:
    """The articles of a .jsonl/.json file, sorted by id; bad records skipped or fatal (``on_bad_record``)."""
    bad = functools.partial(_bad_record, path, settings, warnings)
    text = _read_records_file(path, settings, warnings)
    items = _jsonl_items(text, bad) if path.suffix.lower() == ".jsonl" else _json_items(path, text)
    articles: list[Article] = []
    first: dict[str, str] = {}
    for record, where in items:
        problem = _record_problem(record)
        if problem:
            bad(where, problem)
            continue
        record = cast("dict[str, Any]", record)
        article_id = str(record["id"])
        if article_id in first:
            bad(where, f"id {article_id!r} repeats the record at {first[article_id]}")
            continue
        first[article_id] = f"{path.name}{where}"
        articles.append(_record_article(record, article_id, settings, warnings))
    return sorted(articles, key=lambda a: a.id)


def _bad_record(path: Path, settings: LoadSettings, warnings: list[str], where: str, problem: str) -> None:
    """Stop at a bad record or warn and skip it, as ``on_bad_record`` says.

    ``where`` follows the file: " line 3" (JSON Lines) or "[2]" (a JSON list). The error names
    the file's path, as every input error does; the warning its name (the same bytes on any host).
    """
    if settings.on_bad_record == "error":
        raise InputError(
            f"{path}{where}: {problem}; fix or remove that record, or set load.on_bad_record: skip to skip it"
        )
    warnings.append(f"{path.name}{where}: {problem}; skipped")


def _read_records_file(path: Path, settings: LoadSettings, warnings: list[str]) -> str:
    """The decoded text of a .json/.jsonl drop, which is parsed whole and so must fit
    ``max_file_bytes``; a re-encoding is warned about.

    Raises:
        InputError: the file is too large, unreadable or binary.
    """
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over load.max_file_bytes ({settings.max_file_bytes:,}); a .json/.jsonl "
                "drop is parsed whole, so split it into smaller drops or raise the limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    binary = sniff_binary(data)
    if binary:
        raise InputError(f"{path}: a binary file, not JSON: it looks like {binary[0]}; {binary[1]}")
    text, note = decode_text(data)
    if note:
        warnings.append(f"{path.name}: {note}")
    return text


def _jsonl_items(text: str, bad: Callable[[str, str], None]) -> list[tuple[object, str]]:
    """(record, where) for each non-blank line of JSON Lines; a line that is no JSON goes to
    ``bad`` and the others still load."""
    items: list[tuple[object, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append((json.loads(line), f" line {number}"))
        except json.JSONDecodeError as exc:
            bad(f" line {number}", f"invalid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            bad(f" line {number}", "invalid JSON (nested too deeply)")
    return items


def _json_items(path: Path, text: str) -> list[tuple[object, str]]:
    """(record, where) for each record of a JSON list (or ``{"articles": [...]}``).

    Raises:
        InputError: the document is no valid JSON or holds no list of records.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} line {exc.lineno}: invalid JSON ({exc.msg}); fix it, or use JSON Lines (.jsonl), "
            "where a broken record does not stop the run"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: invalid JSON (nested too deeply)") from None
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]
    if not isinstance(document, list):
        raise InputError(f'{path}: expected a JSON list of article records (or {{"articles": [...]}})')
    return [(record, f"[{i}]") for i, record in enumerate(document)]


def _record_article(record: dict[str, Any], article_id: str, settings: LoadSettings, warnings: list[str]) -> Article:
    """The article of a valid record: its text normalised, HTML converted, cut to
    ``max_article_chars`` (each change warned about)."""
    head = settings.max_article_chars * _BYTES_PER_CHAR
    # Only as far as a file of articles is read (_read_file): a 40 MB HTML record would
    # otherwise take minutes to parse, only to be cut to max_article_chars.
    record_text = record["text"]
    body = normalise_text(record_text[:head])
    if looks_like_html(body):
        body = html_to_text(body)
        warnings.append(f"{article_id}: {_HTML_NOTE}")
    if len(record_text) > head:
        body = _cut(body, settings.max_article_chars)
        warnings.append(
            f"{article_id}: {len(record_text):,} characters, truncated to load.max_article_chars "
            f"({settings.max_article_chars:,}); only its first {head:,} were read"
        )
    return Article(
        id=article_id,
        text=body,
        title=str(record.get("title") or ""),
        source=str(record.get("source") or ""),
        date=str(record.get("date") or ""),
    )


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _nothing_found(source: Path, settings: LoadSettings, warnings: list[str]) -> str:
    wanted = "/".join(settings.extensions)
    if warnings:
        lines = [f"  - {w}" for w in warnings[:10]]
        if len(warnings) > 10:
            lines.append(f"  - ... and {len(warnings) - 10} more")
        what = "JSON records with 'id' and 'text'" if source.is_file() else f"{wanted} files with article text"
        return f"{source}: no articles found; everything was skipped (expected {what}):\n" + "\n".join(lines)
    if not source.is_dir():
        return f"{source}: no articles found (expected JSON records with 'id' and 'text')"
    entries = sorted(source.iterdir())
    others = sorted({p.suffix.lower() or p.name for p in entries if p.is_file() and not p.name.startswith(".")})
    folders = [p.name for p in entries if p.is_dir() and not p.name.startswith(".")]
    found = []
    if others:
        found.append(f"files ending {_listed(others)} (add an ending to load.extensions to read it)")
    if folders:
        found.append(f"subfolders {_listed(folders)} (subfolders are not read; pass one as --input)")
    seen = f"; found only {' and '.join(found)}" if found else "; the folder is empty"
    return f"{source}: no articles found: expected {wanted} files directly in this folder{seen}"


def load(path: str | Path, settings: LoadSettings) -> LoadResult:
    """Read a drop and split it into paragraphs.

    Args:
        path: A folder (its files ending in ``load.extensions``, not subfolders) or a .jsonl/.json file.
        settings: The ``load`` settings.
    Returns:
        A :class:`LoadResult` with the articles sorted by id; every file or record
        skipped or changed (binary, re-encoded, HTML, truncated, empty, other language)
        and every group of identical articles has a warning naming it.
    Raises:
        InputError: the path is missing or not a drop; a .json drop is malformed; a bad
            file or record under ``on_bad_file``/``on_bad_record: error``; no usable article at all.
    """
    source = Path(path)
    warnings: list[str] = []
    articles: list[Article] = []
    paragraphs: list[Paragraph] = []
    same_text: dict[str, list[str]] = {}
    # A folder is read lazily, so each file's warnings come before the next file's.
    for article in _raw_articles(source, settings, warnings):
        article = _within_limit(article, settings, warnings)
        parts = split_paragraphs(article.text)
        if not parts:
            warnings.append(f"{article.id}: empty article, skipped")
            continue
        if not _language_kept(article.id, parts, settings, warnings):
            continue
        same_text.setdefault("\n".join(parts), []).append(article.id)
        articles.append(article)
        paragraphs.extend(Paragraph(article.id, i, text) for i, text in enumerate(parts))
    warnings += _copy_warnings(same_text)
    if not articles:
        raise InputError(_nothing_found(source, settings, warnings))
    return LoadResult(drop_name(path), tuple(articles), tuple(paragraphs), tuple(warnings))


def _raw_articles(source: Path, settings: LoadSettings, warnings: list[str]) -> Iterator[Article] | list[Article]:
    """The drop's articles as read: a folder's files one at a time, or a JSON file's records.

    Raises:
        InputError: ``source`` is missing or neither a folder nor a .jsonl/.json file.
    """
    if not source.exists():
        raise InputError(f"input not found: {source} (pass --input FOLDER or a .jsonl/.json file)")
    if source.is_dir():
        return _read_folder(source, settings, warnings)
    if source.suffix.lower() in {".jsonl", ".json"}:
        return _records(source, settings, warnings)
    raise InputError(f"{source}: expected a folder of articles or a .jsonl/.json file")


def _within_limit(article: Article, settings: LoadSettings, warnings: list[str]) -> Article:
    """``article`` cut to ``max_article_chars`` (warned about), or unchanged when it fits."""
    if len(article.text) <= settings.max_article_chars:
        return article
    warnings.append(
        f"{article.id}: {len(article.text):,} characters, truncated to load.max_article_chars "
        f"({settings.max_article_chars:,})"
    )
    return Article(
        article.id, _cut(article.text, settings.max_article_chars), article.title, article.source, article.date
    )


def _language_kept(article_id: str, parts: list[str], settings: LoadSettings, warnings: list[str]) -> bool:
    """False when the article is in a language outside ``load.languages`` and
    ``on_other_language`` is skip; such an article is warned about either way."""
    if not settings.languages:
        return True
    language = detect_language(" ".join(parts))
    if language is None or language in settings.languages:
        return True
    allowed = ", ".join(settings.languages)
    if settings.on_other_language == "skip":
        warnings.append(
            f"{article_id}: written in {language!r}, not in load.languages ({allowed}); skipped "
            f"(add {language!r} to load.languages or set load.on_other_language: keep to keep it)"
        )
        return False
    warnings.append(f"{article_id}: written in {language!r}, not in load.languages ({allowed}); kept")
    return True


def _copy_warnings(same_text: dict[str, list[str]]) -> list[str]:
    """One warning per group of articles with identical text (ids in reading order)."""
    return [
        f"{len(ids) - 1} article{'s have' if len(ids) > 2 else ' has'} identical text to {ids[0]}: "
        f"{_listed(ids[1:])} (all kept; dedup and sources treat them as copies of one article)"
        for ids in same_text.values()
        if len(ids) > 1
    ]


# ---------------------------------------------------------------- the previous run (--since)

PREVIOUS_SUMMARIES = "summaries.json"
PREVIOUS_ARTICLES = "articles.json"


def load_previous(run_dir: str | Path) -> PreviousRun:
    """Read a previous run's output folder for an update run (``--since RUN_DIR``).

    Args:
        run_dir: The folder a previous run wrote: its ``summaries.json`` (the summaries)
            and ``articles.json`` (the ids, dates and content hashes of what it read).
    Returns:
        The previous run: each theme's summary sentences, the articles it read and its date
        (the latest article date, else the folder's name). A run written before
        ``articles.json`` existed is known by the articles its summaries cite.
    Raises:
        InputError: the folder or its ``summaries.json`` is missing or malformed; the message
            names the file and says what to do.
    """
    folder = Path(run_dir)
    if not folder.is_dir():
        raise InputError(
            f"--since {folder}: no such folder; pass a previous run's output folder (it holds summaries.json)"
        )
    summaries = _read_run_json(folder / PREVIOUS_SUMMARIES, required=True)
    themes = _previous_themes(folder / PREVIOUS_SUMMARIES, summaries)
    record = _read_run_json(folder / PREVIOUS_ARTICLES, required=False)
    articles = _previous_articles(folder / PREVIOUS_ARTICLES, record) if record is not None else []
    if record is None:
        articles = [{"id": a} for a in _cited_articles(summaries["themes"])]
    dates = sorted(str(a.get("date") or "") for a in articles)
    return PreviousRun(
        folder=folder.name,
        since=dates[-1] if dates and dates[-1] else folder.resolve().name,
        themes=themes,
        articles=frozenset(str(a["id"]) for a in articles),
        hashes=frozenset(str(a["sha256"]) for a in articles if a.get("sha256")),
    )


def _cited_articles(themes: list[dict[str, Any]]) -> list[str]:
    """The article ids a previous run's summaries cite: what it is known by without ``articles.json``."""
    sentences = [s for t in themes for s in _dicts(t.get("sentences"))]
    return sorted(
        {c["article"] for s in sentences for c in _dicts(s.get("sources")) if isinstance(c.get("article"), str)}
    )


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _read_run_json(path: Path, *, required: bool) -> Any:
    """A previous run's JSON file, or None when it is absent and not ``required``."""
    again = "rerun the earlier drop into that folder to rewrite it"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not required:
            return None
        raise InputError(f"--since: {path} not found; is {path.parent} a run's output folder? ({again})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--since: cannot read {path} ({exc}); {again}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"--since: {path} is not valid JSON (line {exc.lineno}: {exc.msg}); {again}") from None


def _previous_themes(path: Path, data: Any) -> dict[str, tuple[str, ...]]:
    """Theme name -> summary sentences of a previous ``summaries.json``."""
    themes = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(themes, list) or not all(isinstance(t, dict) and isinstance(t.get("name"), str) for t in themes):
        raise InputError(
            f"--since: {path} has no list of themes with names; it is not a summarize run's summaries.json "
            "(rerun the earlier drop into that folder to rewrite it)"
        )
    return {t["name"]: tuple(str(s.get("text", "")) for s in _dicts(t.get("sentences"))) for t in themes}


def _previous_articles(path: Path, data: Any) -> list[dict[str, Any]]:
    """The ``{"id", "date", "sha256"}`` records of a previous ``articles.json``."""
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list) or not all(isinstance(a, dict) and "id" in a for a in articles):
        raise InputError(
            f"--since: {path} has no list of articles with ids; rerun the earlier drop into that folder to rewrite it"
        )
    return articles
