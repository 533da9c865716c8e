"""HTML pages: main text and metadata with trafilatura, dates with their evidence.

The page is parsed once. Before trafilatura strips it, one pass over the
``<head>`` (and JSON-LD blocks) reads what publishers declare explicitly:
canonical URL, published and modified times, language, outlet name. Declared
values win over trafilatura's heuristics, and every date says which field it
came from, so a user can tell a publisher's timestamp from a guess.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..model import Article, Rejection
from ._dates import DATELINE

logger = logging.getLogger(__name__)

# (attribute, value) pairs of <meta> tags that declare the published / modified time,
# strongest first. Open Graph article:*, schema.org microdata, Dublin Core, news sitemaps.
PUBLISHED_META = (
    ("property", "article:published_time"), ("itemprop", "datePublished"),
    ("name", "pubdate"), ("name", "publishdate"), ("name", "date"),
    ("name", "dc.date.issued"), ("name", "dcterms.created"), ("name", "sailthru.date"),
    ("property", "og:published_time"), ("name", "parsely-pub-date"),
)
UPDATED_META = (
    ("property", "article:modified_time"), ("itemprop", "dateModified"),
    ("property", "og:updated_time"), ("name", "lastmod"), ("name", "dcterms.modified"),
)
# A "site name" guessed from <title> that is this long and part of the title is the headline.
MAX_SITENAME_WORDS_IN_TITLE = 4
# The <html lang> declaration sniffed from raw bytes, for filtering before extraction.
LANG_ATTR = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Declared:
    """What a page's markup declares about itself."""

    canonical: str = ""
    published: str = ""
    published_field: str = ""
    updated: str = ""
    updated_field: str = ""
    language: str = ""
    site_name: str = ""


def sniff_language(data: bytes) -> str:
    """The primary language subtag of ``<html lang>`` in the page's first bytes, or ''."""
    match = LANG_ATTR.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else ""


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def declared(tree: Any) -> Declared:
    """Read the explicit declarations of a parsed page."""
    metas: dict[tuple[str, str], str] = {}
    for node in tree.xpath("//meta"):
        content = (node.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (node.get(attr) or "").strip().lower()
            if key:
                metas.setdefault((attr, key), content)
    published, published_field = "", ""
    for attr, key in PUBLISHED_META:
        if (attr, key.lower()) in metas:
            published, published_field = metas[(attr, key.lower())], f'<meta {attr}="{key}">'
            break
    updated, updated_field = "", ""
    for attr, key in UPDATED_META:
        if (attr, key.lower()) in metas:
            updated, updated_field = metas[(attr, key.lower())], f'<meta {attr}="{key}">'
            break
    site_name = metas.get(("property", "og:site_name"), "")
    for item in _json_ld(tree):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k.endswith(("Article", "NewsArticle", "BlogPosting",
                                                        "Report")) for k in kinds):
            continue
        if not published and isinstance(item.get("datePublished"), str):
            published, published_field = item["datePublished"], "JSON-LD datePublished"
        if not updated and isinstance(item.get("dateModified"), str):
            updated, updated_field = item["dateModified"], "JSON-LD dateModified"
        publisher = item.get("publisher")
        if not site_name and isinstance(publisher, dict) and isinstance(publisher.get("name"),
                                                                         str):
            site_name = publisher["name"]
    canonical = ""
    for node in tree.xpath('//link[@rel="canonical"][@href]'):
        canonical = node.get("href").strip()
        break
    if not canonical:
        canonical = metas.get(("property", "og:url"), "")
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    language = (root.get("lang") or root.get("xml:lang") or "").strip()
    if not language:
        language = metas.get(("http-equiv", "content-language"), "") or \
            metas.get(("property", "og:locale"), "")
    language = re.split(r"[-_]", language.lower())[0] if language else ""
    return Declared(canonical, published, published_field, updated, updated_field, language,
                    site_name)


def extract(data: bytes, key: str, ref: str, *, url: str = "",
            fallback_language: str = "") -> Article | Rejection:
    """Turn one HTML page into an Article (or a Rejection saying why not)."""
    import trafilatura  # heavy import, only when HTML comes in
    from trafilatura.utils import load_html

    from .ingest import iso_date, make_article

    try:
        tree = load_html(data)
    except Exception as e:  # noqa: BLE001 - lxml raises many types on hostile HTML
        return Rejection(key, "bad-html", f"the HTML could not be parsed: {e}")
    if tree is None:
        return Rejection(key, "bad-html", "the HTML could not be parsed (no document tree)")
    try:
        decl = declared(tree)
        meta = _metadata(tree, url, decl)
        doc = trafilatura.bare_extraction(
            tree, url=url or None, with_metadata=False, include_comments=False,
            include_tables=False)
    except Exception as e:  # noqa: BLE001 - trafilatura raises many types on hostile HTML
        return Rejection(key, "bad-html", f"trafilatura could not parse it: {e}")
    if doc is None:
        return Rejection(key, "not-article", "trafilatura found no main text in the page")
    text = (doc.text if not isinstance(doc, dict) else doc.get("text")) or ""
    published = iso_date(decl.published) if decl.published else None
    evidence = f"HTML metadata {decl.published_field}" if published else ""
    if published is None:
        published = iso_date(meta.get("date"))
        evidence = "date found in the page by htmldate (trafilatura)" if published else ""
    canonical = decl.canonical or meta.get("url") or url
    dateline = DATELINE.search(text[:400])
    agency = (dateline["agency"] or "").strip() if dateline is not None else ""
    return make_article(
        ref=ref, title=meta.get("title") or "", text=text, origin=key,
        source=decl.site_name or meta.get("sitename") or site_host(canonical or url) or agency,
        url=canonical or "", byline=meta.get("author") or "",
        published=published, published_method="metadata" if published else "none",
        published_evidence=evidence,
        updated=iso_date(decl.updated) if decl.updated else None,
        language=decl.language or fallback_language,
    )


def _metadata(tree: Any, url: str, decl: Declared) -> dict[str, Any]:
    """Title, author, URL, site name and (only when the page declares none) a date.

    The same steps as trafilatura's ``extract_metadata``, minus what storyline does not
    use (categories, tags, licence) and minus htmldate's search when the page declares
    its date: together a sixth of trafilatura's time on news pages.
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a bare handle, not a byline
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as e:  # noqa: BLE001 - trafilatura's JSON-LD reader has known bugs
        logger.debug("JSON-LD metadata unreadable: %s", e)
    title = meta.title or extract_title(tree)
    author = meta.author or extract_author(tree)
    page_url = meta.url or extract_url(tree, url or None)
    sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    if sitename and title and (sitename.casefold() in title.casefold() and
                               len(sitename.split()) > MAX_SITENAME_WORDS_IN_TITLE):
        # "<title>Headline | Outlet</title>" sometimes yields the headline as the site.
        sitename = ""
    date = None
    if not decl.published:
        date = find_date(tree, extensive_search=False, original_date=True, url=page_url)
    return {"title": title, "author": author, "url": page_url, "sitename": sitename,
            "date": date}


def site_host(url: str) -> str:
    """The host of a URL without "www." ("" when it names none: "javascript:...")."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # "http://[bad"
        return ""
    return host[4:] if host.startswith("www.") else host
