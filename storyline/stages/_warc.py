"""WARC archives (``.warc``, ``.warc.gz``, such as Common Crawl's CC-NEWS), streamed.

Records are read one at a time with warcio; nothing but the current record is
held in memory. Only ``response`` records with an HTTP 2xx status and an HTML
content type become inputs; requests, metadata, warcinfo, redirects and non-HTML
responses are skipped and counted. The user's filters (date range on
WARC-Date, host/domain, declared language) run on the record headers and the
first bytes of the page, *before* trafilatura does any work. A record whose
WARC digest does not match its bytes (a truncated download) is rejected, not
half-read. An article's origin is ``file#WARC-Record-ID``.
"""

from __future__ import annotations

import hashlib
import logging
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


def read_warc(path: Path, key: str, config: Config, options: Any) -> Iterator[Any]:
    """Yield one Ingested (article, rejection or skip) per response record of a WARC."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from . import _html
    from .ingest import UNCHANGED, Ingested, Skip, _check_bytes, _check_length

    try:
        handle = path.open("rb")
    except OSError as e:
        yield Ingested(key, "", Rejection(key, "unreadable", f"cannot read {path}: {e}"))
        return
    records = 0
    failed = False
    with handle:
        try:
            for record in ArchiveIterator(handle, arc2warc=True, check_digests=True):
                records += 1
                if record.rec_type != "response":
                    yield Ingested("", "", Skip(f"WARC {record.rec_type} record"))
                    continue
                headers = record.rec_headers
                record_id = headers.get_header("WARC-Record-ID") or f"record-{records}"
                rec_key = f"{key}#{record_id}"
                url = headers.get_header("WARC-Target-URI") or ""
                http = record.http_headers
                status = int(http.get_statuscode() or 0) if http is not None else 0
                ctype = (http.get_header("Content-Type") or "").lower() if http else ""
                if not 200 <= status < 300 or not ctype.startswith(HTML_TYPES):
                    yield Ingested("", "", Skip("WARC response that is no HTML page"))
                    continue
                if not options.domain_ok(url):
                    yield Ingested("", "", Skip("filtered: domain"))
                    continue
                warc_date = headers.get_header("WARC-Date") or ""
                if warc_date and not options.date_ok(warc_date[:10]):
                    yield Ingested("", "", Skip("filtered: date"))
                    continue
                length = int(headers.get_header("Content-Length") or 0)
                digest = headers.get_header("WARC-Payload-Digest") or \
                    headers.get_header("WARC-Block-Digest") or ""
                if length > config.max_input_bytes:
                    yield Ingested(rec_key, digest or f"size:{length}", Rejection(
                        rec_key, "too-large", f"{url}: record of {length:,} bytes is over "
                        f"max_input_bytes={config.max_input_bytes:,}"))
                    continue
                body = record.content_stream().read()
                fingerprint = digest or hashlib.sha256(body).hexdigest()[:20]
                if options.is_known(rec_key, fingerprint):
                    yield Ingested(rec_key, fingerprint, UNCHANGED)  # read by an earlier run
                    continue
                checker = getattr(record, "digest_checker", None)
                if digest and checker is not None and checker.passed is not True:
                    problems = "; ".join(checker.problems) or "the record ends early"
                    yield Ingested(rec_key, fingerprint, Rejection(
                        rec_key, "bad-warc-record",
                        f"{url}: digest check failed, the record is truncated or corrupt "
                        f"({problems})"))
                    continue
                language = _content_language(http) or _html.sniff_language(body)
                if not options.language_ok(language):
                    yield Ingested("", "", Skip("filtered: language"))
                    continue
                problem = _check_bytes(body)
                if problem is not None:
                    yield Ingested(rec_key, fingerprint, Rejection(rec_key, problem[0],
                                                                   f"{url}: {problem[1]}"))
                    continue
                result = _html.extract(body, rec_key, url or record_id, url=url,
                                       fallback_language=language)
                if isinstance(result, Rejection):
                    result = Rejection(rec_key, result.reason, f"{url}: {result.detail}")
                else:
                    result = replace(result, extra={**result.extra, "warc_record": record_id,
                                                    "warc_date": warc_date,
                                                    "warc_file": str(path)})
                yield Ingested(rec_key, fingerprint, _check_length(result, config))
        except ArchiveLoadFailed as e:
            failed = True
            yield Ingested(f"{key}#after-{records}", "", Rejection(
                f"{key}#after-{records}", "bad-warc",
                f"unreadable WARC after {records} records: {e}"))
        except (OSError, EOFError, ValueError) as e:
            failed = True
            yield Ingested(f"{key}#after-{records}", "", Rejection(
                f"{key}#after-{records}", "bad-warc",
                f"WARC cut off or corrupt after {records} records: {e}"))
    if records == 0 and not failed:
        yield Ingested(key, "empty", Rejection(key, "empty", "the WARC file holds no records"))
