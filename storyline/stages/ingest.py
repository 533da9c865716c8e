"""Ingest: read input paths into raw Articles, or Rejections that say why not.

One reader per format (plain text, HTML, JSON, JSONL, grouped-story JSONL). A
reader never raises for one bad input: it yields a ``Rejection`` naming the
input and the reason, and the run goes on. Only a path that does not exist at
all is a ``SourceError``.

Each yielded item comes with its *input key* (a file path, or ``path:line``
for JSONL) and a fingerprint of the bytes it came from, so the store can skip
inputs it has already processed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import SourceError
from ..model import Article, Rejection
from ._dates import DATELINE

logger = logging.getLogger(__name__)

NAME = "ingest.files.v1"

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
# Share of control characters (other than tab/newline/CR) above which bytes are binary.
MAX_CONTROL_CHAR_SHARE = 0.05
SNIFF_BYTES = 8192

# Field names other tools use for the fields we know; the first one present wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "uid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "maintext", "article"),
    "date": ("date", "published", "published_at", "publish_date", "date_publish", "pubdate"),
    "source": ("source", "outlet", "publisher", "site", "sitename", "source_domain"),
    "url": ("url", "link", "canonical_url"),
    "byline": ("byline", "author", "authors"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True, slots=True)
class Ingested:
    """One unit of input and what became of it."""

    key: str
    fingerprint: str
    result: Article | Rejection


def article_id(title: str, text: str) -> str:
    """Return the content hash that identifies an article across runs."""
    norm = " ".join(title.split()).lower() + "\n" + " ".join(text.split()).lower()
    return "a" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:15]


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def expand_paths(paths: list[Path]) -> Iterator[Path]:
    """Yield the files named by ``paths``, walking folders in sorted order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.parts[-1:]):
                    yield child
        elif path.is_file():
            yield path
        else:
            raise SourceError(f"input {path} does not exist or is not a file or folder; "
                              f"check the path")


def ingest(paths: list[Path], config: Config) -> Iterator[Ingested]:
    """Read every file under ``paths`` and yield an Article or a Rejection for each unit."""
    for path in expand_paths(paths):
        yield from read_file(path, config)


def read_file(path: Path, config: Config) -> Iterator[Ingested]:
    """Read one file of any supported format."""
    key = str(path.resolve())
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, key, config)
        return
    if size > config.max_input_bytes:
        yield Ingested(key, f"size:{size}", Rejection(
            key, "too-large",
            f"{size:,} bytes is over max_input_bytes={config.max_input_bytes:,}; split the file "
            f"or raise --max-input-bytes"))
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    fingerprint = _fingerprint(data)
    problem = _check_bytes(data)
    if problem is not None:
        yield Ingested(key, fingerprint, Rejection(key, *problem))
        return
    if suffix not in SUPPORTED_SUFFIXES:
        sniffed = _sniff_suffix(data)
        if sniffed is None:
            yield Ingested(key, fingerprint, Rejection(
                key, "unsupported-format",
                f"{path.suffix or 'no extension'} is not a known format; use .txt, .html, "
                f".json or .jsonl"))
            return
        suffix = sniffed
    if suffix in HTML_SUFFIXES:
        result = _read_html(data, path, key)
    else:
        text = _decode(data, config.encoding)
        if isinstance(text, Rejection):
            result = Rejection(key, text.reason, text.detail)
        elif suffix in JSON_SUFFIXES:
            result = _read_json_file(text, path, key, config)
        else:
            result = _read_text(text, path, key)
    yield Ingested(key, fingerprint, _check_length(result, config))


def _check_bytes(data: bytes) -> tuple[str, str] | None:
    if not data.strip():
        return ("empty", "the file holds no text")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return ("binary", "the file holds NUL bytes: it is binary, not text, HTML or JSON")
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if control / len(head) > MAX_CONTROL_CHAR_SHARE:
        return ("binary", f"{control} control bytes in the first {len(head)}: not text")
    return None


def _sniff_suffix(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return ".html"
    if head.startswith(b"{") or head.startswith(b"["):
        return ".json"
    return None


def _decode(data: bytes, encoding: str) -> str | Rejection:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        return Rejection("", "bad-encoding",
                         f"not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
                         f"convert it (iconv -f latin1 -t utf-8) or pass --encoding")
    except LookupError:
        return Rejection("", "bad-encoding", f"unknown encoding {encoding!r}")
    return text.lstrip("\ufeff")


def _check_length(result: Article | Rejection, config: Config) -> Article | Rejection:
    if isinstance(result, Article):
        size = len(result.title.strip()) + len(result.text.strip())
        if size == 0:
            return Rejection(result.origin, "empty", "no title and no text")
        if size < config.min_text_chars:
            return Rejection(result.origin, "too-short",
                             f"{size} < min_text_chars={config.min_text_chars} characters")
    return result


def _make_article(*, ref: str, title: str, text: str, origin: str, **fields: Any) -> Article:
    title = " ".join(title.split())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Article(id=article_id(title, text), ref=ref, title=title, text=text, origin=origin,
                   **fields)


def _read_text(text: str, path: Path, key: str) -> Article:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = ""
    for i, line in enumerate(lines):
        if line.strip():
            title = line.strip()
            # A first line that is a whole sentence (wire leads saved as text) is content
            # as well as the title: keep it in the body so its facts can be cited.
            start = i if _is_lead_sentence(title) else i + 1
            body = "\n".join(lines[start:]).strip("\n")
            break
    else:
        body = ""
    # Wire copy names its outlet in the dateline: "VALENCIA, March 3 (Corvane Wire) --".
    dateline = DATELINE.search(body[:400])
    source = (dateline["agency"] or "").strip() if dateline is not None else ""
    return _make_article(ref=path.stem, title=title, text=body, origin=key, source=source)


LEAD_MIN_WORDS = 8


def _is_lead_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", '"', "\u201d")) and \
        len(line.split()) >= LEAD_MIN_WORDS


def _read_html(data: bytes, path: Path, key: str) -> Article | Rejection:
    import trafilatura  # heavy import, only when HTML comes in

    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # noqa: BLE001 - trafilatura raises many types on hostile HTML
        return Rejection(key, "bad-html", f"trafilatura could not parse it: {e}")
    if doc is None:
        return Rejection(key, "not-article", "trafilatura found no main text in the page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    published = _iso_date(meta.get("date"))
    return _make_article(
        ref=path.stem, title=meta.get("title") or "", text=text, origin=key,
        source=meta.get("sitename") or meta.get("hostname") or "",
        url=meta.get("url") or "", byline=meta.get("author") or "",
        published=published, published_method="metadata" if published else "none",
        published_evidence="HTML metadata (trafilatura)" if published else "",
        language=meta.get("language") or "en",
    )


def _pick(data: dict[str, Any], name: str) -> tuple[str | None, Any]:
    for alias in FIELD_ALIASES[name]:
        if alias in data and data[alias] not in (None, ""):
            return alias, data[alias]
    return None, None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _iso_date(value: Any) -> str | None:
    """Normalise a date string to ISO 8601 (date, or UTC datetime); None if it is no date."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        import dateparser

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return None
    # The offset is kept: the local calendar day is what "on Tuesday" in the text means.
    if len(text) <= 10 and parsed.hour == parsed.minute == 0:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def article_from_record(data: dict[str, Any], origin: str, default_ref: str,
                        group: str | None = None) -> Article | Rejection:
    """Build an Article from a JSON object with our fields (or common aliases of them)."""
    used: set[str] = set()
    values: dict[str, Any] = {}
    for name in FIELD_ALIASES:
        alias, value = _pick(data, name)
        if alias is not None:
            used.add(alias)
        values[name] = value
    title, text = _as_text(values["title"]), _as_text(values["text"])
    if not title.strip() and not text.strip():
        return Rejection(origin, "not-article",
                         "no title or text field (expected 'title' and 'text', or "
                         "'headline'/'body'/'content')")
    published = _iso_date(values["date"])
    extra = {k: v for k, v in data.items() if k not in used}
    return _make_article(
        ref=_as_text(values["id"]) or default_ref, title=title, text=text, origin=origin,
        source=_as_text(values["source"]), url=_as_text(values["url"]),
        byline=_as_text(values["byline"]), language=_as_text(values["language"]) or "en",
        published=published, published_method="metadata" if published else "none",
        published_evidence=f"input field '{_pick(data, 'date')[0]}'" if published else "",
        group=group, extra=extra,
    )


def _read_json_file(text: str, path: Path, key: str, config: Config) -> Article | Rejection:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return Rejection(key, "bad-json", f"line {e.lineno} column {e.colno}: {e.msg}")
    if not isinstance(data, dict):
        return Rejection(key, "not-article",
                         "a .json input must hold one article object; put many in a .jsonl file")
    if isinstance(data.get("articles"), list):
        return Rejection(key, "not-article",
                         "a grouped story belongs in a .jsonl file, one story per line")
    return article_from_record(data, key, path.stem)


def _read_jsonl(path: Path, key: str, config: Config) -> Iterator[Ingested]:
    try:
        handle = path.open("rb")
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    count = 0
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            count += 1
            line_key = f"{key}:{lineno}"
            fingerprint = _fingerprint(raw)
            if len(raw) > config.max_input_bytes:
                yield Ingested(line_key, fingerprint, Rejection(
                    line_key, "too-large",
                    f"line of {len(raw):,} bytes is over max_input_bytes="
                    f"{config.max_input_bytes:,}"))
                continue
            problem = _check_bytes(raw)
            if problem is not None:
                yield Ingested(line_key, fingerprint, Rejection(line_key, *problem))
                continue
            text = _decode(raw, config.encoding)
            if isinstance(text, Rejection):
                yield Ingested(line_key, fingerprint, Rejection(line_key, text.reason, text.detail))
                continue
            yield from _jsonl_record(text, line_key, fingerprint, f"{path.stem}:{lineno}", config)
    if count == 0:
        yield Ingested(key, "empty", Rejection(key, "empty", "the file holds no JSON lines"))


def _jsonl_record(text: str, key: str, fingerprint: str, default_ref: str,
                  config: Config) -> Iterator[Ingested]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Ingested(key, fingerprint, Rejection(key, "bad-json", f"column {e.colno}: {e.msg}"))
        return
    if not isinstance(data, dict):
        yield Ingested(key, fingerprint, Rejection(key, "not-article",
                                                   "each JSONL line must be a JSON object"))
        return
    members = data.get("articles")
    if isinstance(members, list):
        group = _as_text(data.get("id") or data.get("cluster_id") or data.get("story")) \
            or default_ref
        for i, member in enumerate(members):
            member_key = f"{key}#{i}"
            if not isinstance(member, dict):
                yield Ingested(member_key, fingerprint, Rejection(
                    member_key, "not-article", "an entry of 'articles' is not a JSON object"))
                continue
            result = article_from_record(member, member_key, f"{group}-{i}", group=group)
            yield Ingested(member_key, fingerprint, _check_length(result, config))
        return
    yield Ingested(key, fingerprint, _check_length(article_from_record(data, key, default_ref),
                                                   config))

