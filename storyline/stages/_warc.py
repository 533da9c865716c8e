"""WARC archives (``.warc``, ``.warc.gz``, such as Common Crawl's CC-NEWS), streamed.

Records are read one at a time with warcio; nothing but the current record is
held in memory. Only ``response`` records with an HTTP 2xx status and an HTML
content type become inputs; requests, metadata, warcinfo, redirects and non-HTML
responses are skipped and counted. The user's filters (date range on
WARC-Date, host/domain, declared language) run on the record headers and the
first bytes of the page, *before* trafilatura does any work. A record whose
WARC digest does not match its bytes, or that ends before its Content-Length (a
truncated download), is rejected, not half-read; so is a record warcio cannot
read and what is left after the last whole record (``file#offset-N``). An
article's origin is ``file#WARC-Record-ID``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..model import Rejection

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_language(http_headers: Any) -> str:
    value = http_headers.get_header("Content-Language") if http_headers is not None else None
    return value.split(",")[0].split("-")[0].strip().lower() if value else ""


def _records(n: int, kind: str = "") -> str:
    return f"{n:,} {kind}record{'' if n == 1 else 's'}"


def _broken(key: str, offset: int, detail: str, reason: str = "bad-warc-record") -> Any:
    """The rejection of the part of a WARC file from byte ``offset`` on, keyed by it."""
    from .ingest import Ingested

    part = f"{key}#offset-{offset}"
    return Ingested(part, "", Rejection(part, reason, detail))


def read_warc(path: Path, key: str, config: Config, options: Any) -> Iterator[Any]:
    """Yield one Ingested (article, rejection or skip) per response record of a WARC.

    A record warcio cannot read (a file cut inside a record's header, corrupt bytes) ends
    the file as a rejection naming the file and the record's byte offset (in the
    compressed file for ``.warc.gz``), after the records before it; so do bytes left after
    the last whole record (a ``.warc.gz`` cut inside its last gzip member, which warcio
    takes for the end of the file)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .ingest import Ingested

    try:
        handle = path.open("rb")
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    records = 0
    failed = False
    with handle:
        archive = ArchiveIterator(handle, arc2warc=True, check_digests=True)
        while True:
            try:
                record = next(archive)
            except StopIteration:
                break
            except Exception as e:  # warcio raises whatever the bytes provoke
                failed = True
                at = archive.offset  # where the record it could not read starts
                reason = "bad-warc" if isinstance(e, ArchiveLoadFailed) else "bad-warc-record"
                problem = " ".join(str(e).split())[:300]
                yield _broken(key, at, f"{path.name}: the record at byte offset {at:,} (after "
                              f"{_records(records)}) cannot be read, the file is cut off or "
                              f"corrupt there ({type(e).__name__}: {problem})", reason)
                break
            records += 1
            offset = archive.offset
            try:
                item = _read_record(record, records, path, key, config, options)
            except Exception as e:  # a record no reader foresaw costs that record only
                logger.warning("%s: record at byte offset %d", path, offset, exc_info=True)
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                part = f"{key}#{record_id}" if record_id else f"{key}#offset-{offset}"
                item = Ingested(part, "", Rejection(
                    part, "bad-warc-record", f"{path.name}: the record at byte offset "
                    f"{offset:,} cannot be read ({type(e).__name__}: {str(e)[:300]})"))
            yield item
        if not failed:
            end, size = archive.offset, os.fstat(handle.fileno()).st_size
            if end < size and not _blank_tail(handle, end):
                # warcio stops quietly at a gzip member cut before its record's header ends.
                failed = True
                yield _broken(key, end, f"{path.name}: the archive ends early: the "
                              f"{size - end:,} bytes from byte offset {end:,} (after "
                              f"{_records(records, 'whole ')}) are not a whole record, "
                              f"the file is cut off")
    if records == 0 and not failed:
        yield Ingested(key, "empty", Rejection(key, "empty", "the WARC file holds no records"))


def _blank_tail(handle: Any, start: int) -> bool:
    """Whether the bytes after the last record hold nothing: blank lines, or gzip members
    of nothing (``cat a.warc.gz empty.gz``)."""
    import zlib

    handle.seek(start)
    tail = handle.read(1 << 20)
    while tail:
        if tail[:2] != b"\x1f\x8b":
            return not tail.strip()
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            if inflate.decompress(tail).strip() or not inflate.eof:
                return False
        except zlib.error:
            return False
        tail = inflate.unused_data
    return True


def _read_record(record: Any, number: int, path: Path, key: str, config: Config,
                 options: Any) -> Any:
    """The Ingested of one WARC record: an article, a rejection or a skip."""
    from . import _html
    from .ingest import UNCHANGED, Ingested, Skip, _check_bytes, _check_length

    if record.rec_type != "response":
        return Ingested("", "", Skip(f"WARC {record.rec_type} record"))
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or f"record-{number}"
    rec_key = f"{key}#{record_id}"
    url = headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    status = int(http.get_statuscode() or 0) if http is not None else 0
    ctype = (http.get_header("Content-Type") or "").lower() if http else ""
    if not 200 <= status < 300 or not ctype.startswith(HTML_TYPES):
        return Ingested("", "", Skip("WARC response that is no HTML page"))
    if not options.domain_ok(url):
        return Ingested("", "", Skip("filtered: domain"))
    warc_date = headers.get_header("WARC-Date") or ""
    if warc_date and not options.date_ok(warc_date[:10]):
        return Ingested("", "", Skip("filtered: date"))
    length = int(headers.get_header("Content-Length") or 0)
    digest = headers.get_header("WARC-Payload-Digest") or \
        headers.get_header("WARC-Block-Digest") or ""
    if length > config.max_input_bytes:
        return Ingested(rec_key, digest or f"size:{length}", Rejection(
            rec_key, "too-large", f"{url}: record of {length:,} bytes is over "
            f"max_input_bytes={config.max_input_bytes:,}"))
    body = record.content_stream().read()
    record.raw_stream.read()  # what the page's reader left (a chunked body's last line)
    fingerprint = digest or hashlib.sha256(body).hexdigest()[:20]
    if options.is_known(rec_key, fingerprint):
        return Ingested(rec_key, fingerprint, UNCHANGED)  # read by an earlier run
    checker = getattr(record, "digest_checker", None)
    if digest and checker is not None and checker.passed is not True:
        problems = "; ".join(checker.problems) or "the record ends early"
        return Ingested(rec_key, fingerprint, Rejection(
            rec_key, "bad-warc-record",
            f"{url}: digest check failed, the record is truncated or corrupt "
            f"({problems})"))
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Ingested(rec_key, fingerprint, Rejection(
            rec_key, "bad-warc-record", f"{url}: the record is truncated, its last "
            f"{missing:,} of {length:,} bytes are missing ({path.name})"))
    language = _content_language(http) or _html.sniff_language(body)
    if not options.language_ok(language):
        return Ingested("", "", Skip("filtered: language"))
    problem = _check_bytes(body)
    if problem is not None:
        return Ingested(rec_key, fingerprint, Rejection(rec_key, problem[0],
                                                        f"{url}: {problem[1]}"))
    result = _html.extract(body, rec_key, url or record_id, url=url,
                           fallback_language=language)
    if isinstance(result, Rejection):
        result = Rejection(rec_key, result.reason, f"{url}: {result.detail}")
    else:
        result = replace(result, extra={**result.extra, "warc_record": record_id,
                                        "warc_date": warc_date,
                                        "warc_file": str(path)})
    return Ingested(rec_key, fingerprint, _check_length(result, config))
