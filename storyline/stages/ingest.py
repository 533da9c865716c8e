"""Ingest: read inputs into raw Articles, or Rejections that say why not.

Inputs are files, folders and URLs. One reader per format: plain text, HTML
(``_html``), JSON, JSONL and grouped-story JSONL, CSV/TSV, RSS/Atom feeds
(``_feeds``), WARC archives (``_warc``), URL lists and URLs (fetched politely by
``_fetch``). A reader never raises for one bad input: it yields a ``Rejection``
naming the input and the reason, and the run goes on. Only a path that does not
exist at all is a ``SourceError``.

Each yielded item comes with its *input key* (a file path, ``path:line`` for
JSONL/CSV, ``path#record`` for WARC records and feed entries, or a URL) and a
fingerprint of the bytes it came from, so the store can skip inputs it has
already processed. Units a user filtered out, and WARC records that are not
HTML responses, are yielded as ``Skip`` and counted, not stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..config import Config
from ..errors import SourceError
from ..model import Article, Rejection
from ._dates import DATELINE
from ._html import site_host

logger = logging.getLogger(__name__)

NAME = "ingest.v2"

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed", ".rdf"}
WARC_SUFFIXES = {".warc", ".arc"}
URL_LIST_SUFFIXES = {".urls", ".url"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | \
    FEED_SUFFIXES | URL_LIST_SUFFIXES
CSV_EXTRA = "\x00extra"  # DictReader's key for fields beyond the header
STREAMED_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES
# Share of control characters (other than tab/newline/CR) above which bytes are binary.
MAX_CONTROL_CHAR_SHARE = 0.05
SNIFF_BYTES = 8192
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))

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
class Skip:
    """A unit left out on purpose (a filter, or a WARC record that is no HTML page)."""

    reason: str


# The result of a unit an earlier run already processed (see IngestOptions.known).
UNCHANGED = Skip("unchanged since the last run")


@dataclass(frozen=True, slots=True)
class Ingested:
    """One unit of input and what became of it."""

    key: str
    fingerprint: str
    result: Article | Rejection | Skip


class PageFetcher(Protocol):
    """What ingest needs of a fetcher (``_fetch.Fetcher``)."""

    def fetch(self, url: str, refresh: bool = False) -> Any: ...


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Per-run choices about reading inputs (as opposed to settings, see ``config``).

    ``field_map`` maps our field names to a JSONL/CSV input's (``{"text": "body"}``).
    ``since``/``until`` (inclusive), ``domains`` and ``languages`` filter WARC records
    before extraction and every other article after it. ``published`` overrides the
    published date of every article read. ``fetcher`` fetches URLs and feed links;
    without one, URL inputs are rejected as fetch-disabled. ``known(key, fingerprint)``
    says a unit was processed by an earlier run: readers then skip its extraction (and
    fetching) and yield it with the result ``UNCHANGED``.
    """

    field_map: dict[str, str] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    domains: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    published: str | None = None
    fetcher: PageFetcher | None = None
    known: Callable[[str, str], bool] | None = None

    def is_known(self, key: str, fingerprint: str) -> bool:
        """True when an earlier run processed this unit with the same content."""
        return self.known is not None and bool(key) and self.known(key, fingerprint)

    def domain_ok(self, url: str) -> bool:
        """True when no domain filter is set or the URL's host is (under) one of them."""
        if not self.domains:
            return True
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def language_ok(self, language: str) -> bool:
        """True when no language filter is set, the language is unknown, or it is wanted."""
        return not self.languages or not language or language.lower() in self.languages

    def date_ok(self, when: str | None) -> bool:
        """True when no date range is set, the date is unknown, or it lies in the range."""
        if when is None or (self.since is None and self.until is None):
            return True
        day = date.fromisoformat(when[:10])
        return (self.since is None or day >= self.since) and \
            (self.until is None or day <= self.until)

    def filter_reason(self, article: Article) -> str | None:
        """Why a read article is filtered out, or None to keep it."""
        if not self.domain_ok(article.url) and article.url:
            return "filtered: domain"
        if not self.language_ok(article.language):
            return "filtered: language"
        if not self.date_ok(article.published):
            return "filtered: date"
        return None


def article_id(title: str, text: str) -> str:
    """Return the content hash that identifies an article across runs."""
    norm = " ".join(title.split()).lower() + "\n" + " ".join(text.split()).lower()
    return "a" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:15]


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def is_url(value: str | Path) -> bool:
    """True for an http(s) URL given where a path could be."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


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
            raise _missing(path)


def _missing(path: Path) -> SourceError:
    return SourceError(f"input {path} does not exist or is not a file or folder; "
                       f"check the path")


def check_inputs(inputs: Sequence[Path | str]) -> None:
    """Raise SourceError for the first path that does not exist (URLs are not checked)."""
    for value in inputs:
        if not is_url(value) and not Path(value).exists():
            raise _missing(Path(value))


def ingest(inputs: list[Path | str], config: Config,
           options: IngestOptions | None = None) -> Iterator[Ingested]:
    """Read every input (file, folder or URL); yield what became of each unit in it."""
    options = options or IngestOptions()
    check_inputs(inputs)  # fail before reading anything when a path is wrong
    for value in inputs:
        items = read_url(str(value), config, options) if is_url(value) else \
            (item for path in expand_paths([Path(value)])
             for item in read_file(path, config, options))
        for item in items:
            yield _finish(item, options)


def _finish(item: Ingested, options: IngestOptions) -> Ingested:
    """Apply the user's date override and the filters to a read article."""
    result = item.result
    if not isinstance(result, Article):
        return item
    if options.published is not None:
        result = replace(result, published=options.published, published_method="override",
                         published_evidence="given with --published")
    reason = options.filter_reason(result)
    if reason is not None:
        return Ingested(item.key, item.fingerprint, Skip(reason))
    return Ingested(item.key, item.fingerprint, result)


def read_url(url: str, config: Config, options: IngestOptions) -> Iterator[Ingested]:
    """Fetch one URL (a page or a feed) and read it."""
    from . import _feeds
    from ._fetch import FetchError

    if options.is_known(url, "url"):
        yield Ingested(url, "url", UNCHANGED)
        return
    if options.fetcher is None:
        yield Ingested(url, "url", Rejection(url, "fetch-disabled",
                                             "fetching is off (--no-fetch); save the page and "
                                             "pass the file instead"))
        return
    try:
        page = options.fetcher.fetch(url)
    except FetchError as e:
        yield Ingested(url, "url", Rejection(url, e.reason, e.detail))
        return
    problem = _check_bytes(page.body)
    if problem is not None:
        yield Ingested(url, "url", Rejection(url, *problem))
        return
    if _feeds.looks_like_feed(page.body, page.content_type):
        if page.from_cache and config.fetch:
            # A feed changes: read it anew each run (its entries are skipped when known).
            try:
                page = options.fetcher.fetch(url, refresh=True)
            except FetchError as e:
                logger.warning("%s: could not refresh the feed (%s); using the cached copy",
                               url, e.detail)
        yield from _feeds.read_feed(page.body, url, config, options, feed_url=url)
        return
    from . import _html

    result = _html.extract(page.body, url, ref=url, url=page.final_url)
    if isinstance(result, Article):
        result = replace(result, extra={**result.extra, "fetched_at": page.fetched_at,
                                        "fetched_url": page.final_url})
    yield Ingested(url, "url", _check_length(result, config))


def read_file(path: Path, config: Config,
              options: IngestOptions | None = None) -> Iterator[Ingested]:
    """Read one file of any supported format."""
    options = options or IngestOptions()
    key = str(path.resolve())
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    suffix = path.suffix.lower()
    if suffix == ".gz" and len(suffixes) == 2 and suffixes[0] in WARC_SUFFIXES:
        suffix = suffixes[0]
    try:
        size = path.stat().st_size
        if suffix not in SUPPORTED_SUFFIXES | STREAMED_SUFFIXES:
            with path.open("rb") as handle:
                suffix = _sniff_suffix(handle.read(SNIFF_BYTES)) or suffix
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, key, config, options)
        return
    if suffix in CSV_SUFFIXES:
        yield from _read_csv(path, key, config, options)
        return
    if suffix in WARC_SUFFIXES:
        from . import _warc

        yield from _warc.read_warc(path, key, config, options)
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
        yield Ingested(key, fingerprint, Rejection(
            key, "unsupported-format",
            f"{path.suffix or 'no extension'} is not a known format; use .txt, .html, "
            f".json, .jsonl, .csv, .rss/.atom/.xml, .warc[.gz] or .urls"))
        return
    from . import _feeds

    if suffix in FEED_SUFFIXES or (suffix in TEXT_SUFFIXES | HTML_SUFFIXES and
                                   _feeds.looks_like_feed(data, "")):
        yield from _feeds.read_feed(data, key, config, options)
        return
    if options.is_known(key, fingerprint):
        yield Ingested(key, fingerprint, UNCHANGED)
        return
    if suffix in URL_LIST_SUFFIXES or (suffix in TEXT_SUFFIXES and _is_url_list(data)):
        yield from _read_url_list(data, key, config, options)
        return
    if suffix in HTML_SUFFIXES:
        from . import _html

        result = _html.extract(data, key, path.stem)
    else:
        text = _decode(data, config.encoding)
        if isinstance(text, Rejection):
            result = Rejection(key, text.reason, text.detail)
        elif suffix in JSON_SUFFIXES:
            result = _read_json_file(text, path, key, config, options)
        else:
            result = _read_text(text, path, key)
    yield Ingested(key, fingerprint, _check_length(result, config))


def _is_url_list(data: bytes) -> bool:
    lines = [ln.strip() for ln in data[:SNIFF_BYTES].splitlines()
             if ln.strip() and not ln.strip().startswith(b"#")]
    return bool(lines) and all(ln.lower().startswith((b"http://", b"https://")) and
                               b" " not in ln for ln in lines)


def _read_url_list(data: bytes, key: str, config: Config,
                   options: IngestOptions) -> Iterator[Ingested]:
    text = _decode(data, config.encoding)
    if isinstance(text, Rejection):
        yield Ingested(key, _fingerprint(data), Rejection(key, text.reason, text.detail))
        return
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#") or url in seen:
            continue
        seen.add(url)
        if not is_url(url):
            yield Ingested(f"{key}:{lineno}", _fingerprint(line.encode()), Rejection(
                f"{key}:{lineno}", "bad-url", f"{url[:80]!r} is not an http(s) URL"))
            continue
        yield from read_url(url, config, options)


def _check_bytes(data: bytes) -> tuple[str, str] | None:
    if not data.strip():
        return ("empty", "the file holds no text")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return ("binary", "the file holds NUL bytes: it is binary, not text, HTML or JSON")
    control = len(head) - len(head.translate(None, CONTROL_BYTES))
    if control / len(head) > MAX_CONTROL_CHAR_SHARE:
        return ("binary", f"{control} control bytes in the first {len(head)}: not text")
    return None


def _sniff_suffix(data: bytes) -> str | None:
    """The format of a file without a known suffix, from its first bytes."""
    from ._feeds import looks_like_feed

    head = data[:SNIFF_BYTES].lstrip().lower()
    if head.startswith(b"warc/"):  # before HTML: its records hold HTML pages
        return ".warc"
    if looks_like_feed(data, ""):
        return ".xml"
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


def make_article(*, ref: str, title: str, text: str, origin: str, **fields: Any) -> Article:
    """Build an Article with normalised whitespace and its content-hash id."""
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
    return make_article(ref=path.stem, title=title, text=body, origin=key, source=source)


LEAD_MIN_WORDS = 8


def _is_lead_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", '"', "\u201d")) and \
        len(line.split()) >= LEAD_MIN_WORDS


def _pick(data: dict[str, Any], name: str,
          field_map: dict[str, str] | None = None) -> tuple[str | None, Any]:
    names = (field_map[name],) if field_map and name in field_map else FIELD_ALIASES[name]
    for alias in names:
        if alias in data and data[alias] not in (None, ""):
            return alias, data[alias]
    return None, None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _rfc2822(text: str) -> datetime | None:
    """Parse an RSS/e-mail date ("Mon, 10 Mar 2025 16:20:00 +0000"), offset kept."""
    from email.utils import parsedate_to_datetime

    if not text[:1].isalpha() and not text[:2].isdigit():
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def iso_date(value: Any) -> str | None:
    """Normalise a date string to ISO 8601 (a date, or a datetime with its offset kept).

    ISO 8601 and RSS/e-mail dates are read exactly; anything else goes to dateparser.
    None if it is no date.
    """
    if value in (None, ""):
        return None
    text = str(value).strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        email_date = _rfc2822(text)
        if email_date is not None:
            return email_date.isoformat(timespec="seconds")
        import dateparser

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return None
    # The offset is kept: the local calendar day is what "on Tuesday" in the text means.
    if (len(text) <= 10 or ":" not in text) and parsed.hour == parsed.minute == 0:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def article_from_record(data: dict[str, Any], origin: str, default_ref: str,
                        group: str | None = None,
                        field_map: dict[str, str] | None = None) -> Article | Rejection:
    """Build an Article from a JSON object with our fields (or common aliases of them).

    ``field_map`` names the input's field for any of ours (``{"text": "body"}``); a
    mapped field replaces the built-in aliases for that name.
    """
    used: set[str] = set()
    values: dict[str, Any] = {}
    for name in FIELD_ALIASES:
        alias, value = _pick(data, name, field_map)
        if alias is not None:
            used.add(alias)
        values[name] = value
    title, text = _as_text(values["title"]), _as_text(values["text"])
    if not title.strip() and not text.strip():
        wanted = f"'{field_map['text']}'" if field_map and "text" in field_map else \
            "'title' and 'text', or 'headline'/'body'/'content'"
        return Rejection(origin, "not-article",
                         f"no title or text field (expected {wanted}; map other names with "
                         f"--field text=NAME)")
    published = iso_date(values["date"])
    extra = {k: v for k, v in data.items() if k not in used}
    url = _as_text(values["url"])
    return make_article(
        ref=_as_text(values["id"]) or default_ref, title=title, text=text, origin=origin,
        # With no outlet named, the page's host names it, as for a page read from HTML.
        source=_as_text(values["source"]) or site_host(url), url=url,
        byline=_as_text(values["byline"]), language=_as_text(values["language"]) or "en",
        published=published, published_method="metadata" if published else "none",
        published_evidence=f"input field '{_pick(data, 'date', field_map)[0]}'"
        if published else "",
        group=group, extra=extra,
    )


def _read_json_file(text: str, path: Path, key: str, config: Config,
                    options: IngestOptions) -> Article | Rejection:
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
    return article_from_record(data, key, path.stem, field_map=options.field_map)


def _read_jsonl(path: Path, key: str, config: Config,
                options: IngestOptions) -> Iterator[Ingested]:
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
            yield from _jsonl_record(text, line_key, fingerprint, f"{path.stem}:{lineno}", config,
                                     options.field_map)
    if count == 0:
        yield Ingested(key, "empty", Rejection(key, "empty", "the file holds no JSON lines"))


def _jsonl_record(text: str, key: str, fingerprint: str, default_ref: str,
                  config: Config, field_map: dict[str, str]) -> Iterator[Ingested]:
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
            result = article_from_record(member, member_key, f"{group}-{i}", group=group,
                                         field_map=field_map)
            yield Ingested(member_key, fingerprint, _check_length(result, config))
        return
    yield Ingested(key, fingerprint, _check_length(
        article_from_record(data, key, default_ref, field_map=field_map), config))


def _read_csv(path: Path, key: str, config: Config,
              options: IngestOptions) -> Iterator[Ingested]:
    """One article per row of a CSV (or TSV) file with a header row."""
    import csv

    csv.field_size_limit(max(config.max_input_bytes, 131072))
    try:
        handle = path.open("r", encoding=config.encoding, newline="")
        with handle:
            sample = handle.read(SNIFF_BYTES)
            handle.seek(0)
            if not sample.strip():
                yield Ingested(key, "empty", Rejection(key, "empty", "the file holds no rows"))
                return
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            reader = csv.DictReader(handle, delimiter=delimiter, restkey=CSV_EXTRA)
            if not reader.fieldnames:
                yield Ingested(key, "empty", Rejection(key, "empty", "no header row"))
                return
            rowno = 1
            for row in reader:
                rowno = reader.line_num
                row_key = f"{key}:{rowno}"
                fingerprint = _fingerprint(json.dumps(row, sort_keys=True).encode())
                if CSV_EXTRA in row:
                    yield Ingested(row_key, fingerprint, Rejection(
                        row_key, "bad-csv",
                        f"row has {len(reader.fieldnames) + len(row[CSV_EXTRA])} fields, the "
                        f"header {len(reader.fieldnames)}"))
                    continue
                data = {k: v for k, v in row.items() if v not in (None, "")}
                result = article_from_record(data, row_key, f"{path.stem}:{rowno}",
                                             field_map=options.field_map)
                yield Ingested(row_key, fingerprint, _check_length(result, config))
    except UnicodeDecodeError as e:
        yield Ingested(key, "", Rejection(key, "bad-encoding",
                                          f"not valid {config.encoding} ({e.reason} at byte "
                                          f"{e.start} of a chunk); pass --encoding"))
    except csv.Error as e:
        yield Ingested(key, "", Rejection(key, "bad-csv", f"unreadable CSV: {e}"))
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))

