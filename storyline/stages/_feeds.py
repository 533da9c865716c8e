"""RSS and Atom feeds (files or URLs), read with feedparser: one article per entry.

An entry that carries the whole article (``content:encoded``, Atom ``content``)
becomes an article as it is. An entry that holds only a teaser and a link has
its page fetched and extracted, when fetching is on; if the fetch fails the
teaser stays the article's text and the failure is kept in ``extra``, so an
entry is never lost. A headline-only entry is an article too (a headline feed).
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..config import Config
from ..model import Article, Rejection

logger = logging.getLogger(__name__)

# An entry text shorter than this many words, or cut off with an ellipsis or a
# "read more" link, is a teaser rather than the article.
TEASER_MAX_WORDS = 80
TEASER_END = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|more »)\W*$",
                        re.IGNORECASE)
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def looks_like_feed(data: bytes, content_type: str) -> bool:
    """True when bytes (or their declared type) are an RSS/Atom/RDF feed."""
    ctype = content_type.lower()
    if any(t in ctype for t in ("rss+xml", "atom+xml", "rdf+xml")):
        return True
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"<"):
        return False
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    if "<" not in html:
        return html.strip()
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on broken fragments
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in root.xpath(".//script|.//style|.//iframe|.//object"):
        bad.drop_tree()
    for node in root.iter(*BLOCK_TAGS):
        node.tail = "\n" + (node.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any, names: tuple[str, ...]) -> tuple[str | None, str]:
    from .ingest import iso_date

    for name in names:
        # dict.get: feedparser's own get() maps a missing `updated` to `published`.
        raw = dict.get(entry, name)
        if raw:
            parsed = iso_date(raw)
            struct = dict.get(entry, name + "_parsed")
            if parsed is None and struct:
                stamp = calendar.timegm(struct)
                parsed = datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")
            if parsed:
                return parsed, name
    return None, ""


def is_teaser(text: str) -> bool:
    """True when a feed entry's text looks like a teaser, not a whole article."""
    return len(text.split()) < TEASER_MAX_WORDS or bool(TEASER_END.search(text))


def read_feed(data: bytes, key: str, config: Config, options: Any,
              feed_url: str = "") -> Iterator[Any]:
    """Yield one Ingested per feed entry (``options`` is an ``IngestOptions``)."""
    import feedparser

    from .ingest import UNCHANGED, Ingested, _check_length, _fingerprint, make_article

    parsed = feedparser.parse(data, response_headers={"content-location": feed_url}
                              if feed_url else None)
    entries = list(parsed.entries)
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f"not a readable RSS/Atom feed: {problem}" if problem else \
            "the feed holds no entries"
        yield Ingested(key, _fingerprint(data), Rejection(
            key, "bad-feed" if problem else "empty", detail))
        return
    if parsed.get("bozo"):
        logger.info("%s: feed is not well-formed (%s); reading its %d entries anyway", key,
                    parsed.get("bozo_exception"), len(entries))
    feed_title = " ".join(str(parsed.feed.get("title", "")).split())
    feed_lang = str(parsed.feed.get("language", "") or "").split("-")[0].lower()
    for index, entry in enumerate(entries):
        ident = str(entry.get("id") or entry.get("link") or index)
        entry_key = f"{key}#{ident}"
        title = fragment_text(str(entry.get("title", "")))
        content = ""
        if entry.get("content"):
            content = "\n".join(fragment_text(str(c.get("value", ""))) for c in entry.content)
        summary = fragment_text(str(entry.get("summary", "")))
        text = content if len(content) >= len(summary) else summary
        link = str(entry.get("link") or "")
        published, field = _entry_date(entry, ("published", "created", "updated"))
        updated, _ = _entry_date(entry, ("updated",))
        seed = "|".join([ident, title, text, published or "", updated or ""])
        fingerprint = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:20]
        fields: dict[str, Any] = {
            "source": feed_title, "url": link, "byline": str(entry.get("author", "") or ""),
            "published": published,
            "published_method": "metadata" if published else "none",
            "published_evidence": f"feed entry <{field}>" if published else "",
            "updated": updated if updated != published else None,
            "language": feed_lang or "en",
            "extra": {"feed": feed_url or key},
        }
        if options.is_known(entry_key, fingerprint):
            yield Ingested(entry_key, fingerprint, UNCHANGED)  # its page is not fetched again
            continue
        result: Article | Rejection
        if link and text and is_teaser(text) or link and not text:
            result = _from_page(entry_key, ident, title, text, link, fields, options, config)
        else:
            result = make_article(ref=ident, title=title, text=text, origin=entry_key, **fields)
        result = _check_length(result, config)
        if isinstance(result, Rejection) and parsed.get("bozo"):
            result = Rejection(result.input, result.reason, f"{result.detail}; the feed is not "
                               f"well-formed: {parsed.get('bozo_exception')}")
        yield Ingested(entry_key, fingerprint, result)


def _from_page(key: str, ref: str, title: str, teaser: str, link: str, fields: dict[str, Any],
               options: Any, config: Config) -> Article | Rejection:
    """Fetch a teaser entry's page; fall back to the teaser when that fails."""
    from ._fetch import FetchError
    from ._html import extract
    from .ingest import make_article

    fetcher = options.fetcher
    problem = "fetching is off (--no-fetch)"
    if fetcher is not None and options.domain_ok(link):
        try:
            page = fetcher.fetch(link)
        except FetchError as e:
            problem = f"{e.reason}: {e.detail}"
        else:
            result = extract(page.body, key, ref, url=page.final_url,
                             fallback_language=fields["language"])
            if isinstance(result, Article) and len(result.text) > len(teaser):
                # The feed's own date and headline are the publisher's word; keep them.
                return make_article(
                    ref=ref, title=title or result.title, text=result.text, origin=key,
                    source=fields["source"] or result.source, url=result.url or link,
                    byline=fields["byline"] or result.byline,
                    published=fields["published"] or result.published,
                    published_method="metadata" if fields["published"] or result.published
                    else "none",
                    published_evidence=fields["published_evidence"] or
                    result.published_evidence,
                    updated=fields["updated"] or result.updated, language=result.language,
                    extra={**fields["extra"], "teaser": teaser, "fetched": page.final_url})
            problem = result.detail if isinstance(result, Rejection) else \
                "the page held no more text than the teaser"
    elif fetcher is not None:
        problem = "the link's domain is outside --domain"
    logger.warning("%s: kept the feed's teaser, its page %s was not read: %s", key, link, problem)
    return make_article(ref=ref, title=title, text=teaser, origin=key,
                        **{**fields, "extra": {**fields["extra"], "teaser_only": problem}})
