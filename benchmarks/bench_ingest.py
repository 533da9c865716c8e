"""Benchmark WARC ingest (extraction, cleaning, sketching) next to trafilatura alone.

    python benchmarks/bench_ingest.py [--records N] [--repeat R] [--keep PATH] [--fastwarc]

Writes a gzipped WARC of N varied HTML news pages (ECB+ articles, then UCI headlines
over recombined paragraphs, in five page layouts) plus the records a crawl also holds
and our reader must skip: a request per response, JPEG images, 404s and 301s. Then
times, on the same file, trafilatura's ``bare_extraction`` alone on the HTML bodies
(read into memory beforehand, untimed) and storyline's ingest with ``clean`` and
``sketch`` per article. Prints records/s, articles/s, pages/s, the time ratio (target
<= 1.2) and the peak resident memory of the process. ``--fastwarc`` also compares
reading the WARC with FastWARC and warcio, when FastWARC is installed.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ECB = DATA / "ecbplus" / "docs.jsonl"
UCI = DATA / "uci_news_aggregator" / "docs.jsonl"

SECTIONS = ("world", "politics", "business", "tech", "science", "sport", "culture", "health")
AUTHORS = ("Mara Velden", "Tomas Okafor", "Ines Marchetti", "Dev Raman", "Hollis Brandt",
           "Yuki Aranda", "Petra Lindqvist", "Samir Haddad", "Carla Nunez", "Owen Pritchard")
OUTLETS = ("The Daily Ledger", "Morning Courier", "Harbor Post", "Valley Tribune",
           "Northern Herald", "Metro Dispatch", "Evening Standard-Times")
LANGS = ("en", "en", "en", "en-US", "en-GB", "en", "en-us")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class Page:
    """One synthetic news page, before it is laid out as HTML."""

    n: int
    host: str
    url: str
    title: str
    paragraphs: list[str]
    published: datetime
    lang: str | None
    author: str
    outlet: str
    section: str
    related: list[tuple[str, str]] = field(default_factory=list)


def _load_sources() -> tuple[list[tuple[str, list[str]]], list[str]]:
    """ECB+ (title, paragraphs) pairs and UCI headlines."""
    if not ECB.is_file():
        sys.exit(f"no data at {ECB}: the benchmark needs the ECB+ article texts")
    articles: list[tuple[str, list[str]]] = []
    for line in ECB.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        title = " ".join((record.get("title") or "").split())
        paras = [" ".join(p.split()) for p in (record.get("text") or "").split("\n")]
        paras = [p for p in paras if p]
        if paras and paras[0] == title:
            paras = paras[1:]
        if title and paras:
            articles.append((title, paras))
    headlines: list[str] = []
    if UCI.is_file():
        for line in UCI.read_text(encoding="utf-8").splitlines():
            title = " ".join((json.loads(line).get("title") or "").split())
            if title:
                headlines.append(title)
    return articles, headlines


def _make_pages(count: int) -> list[Page]:
    """``count`` pages: each ECB+ article once, then headlines over mixed paragraphs."""
    articles, headlines = _load_sources()
    base = datetime(2013, 3, 1, 6, 0, tzinfo=UTC)
    pages: list[Page] = []
    for n in range(count):
        rng = random.Random(n)
        if n < len(articles):
            title, paras = articles[n]
        else:
            # Recombine: a run of paragraphs from each of two or three articles.
            paras = []
            for title_src, src in rng.sample(articles, rng.choice((2, 3))):
                start = rng.randrange(len(src))
                paras.extend(src[start:start + rng.randint(2, 6)])
                if len(src) < 3:
                    paras.append(title_src)
            k = n - len(articles)
            title = headlines[k % len(headlines)] if headlines else rng.choice(articles)[0]
            if headlines and k >= len(headlines):
                title = f"{title} ({rng.choice(('update', 'analysis', 'live', 'explainer'))})"
        host = f"news{n % 37}.example" if n % 5 else f"www.news{n % 37}.example"
        section = SECTIONS[(n * 7) % len(SECTIONS)]
        published = base + timedelta(hours=n * 3 + n % 11, minutes=(n * 17) % 60)
        slug = "-".join("".join(c for c in w.lower() if c.isalnum()) for w in title.split()[:8])
        url = f"https://{host}/{section}/{published:%Y/%m/%d}/{slug.strip('-') or 'story'}-{n}"
        if n % 3 == 0:
            url += ".html"
        related = [(headlines[(n * 13 + j * 7) % len(headlines)] if headlines else f"Story {j}",
                    f"https://{host}/{SECTIONS[j % len(SECTIONS)]}/story-{n * 20 + j}")
                   for j in range(rng.randint(10, 18))]
        pages.append(Page(
            n=n, host=host, url=url, title=title, paragraphs=paras, published=published,
            lang=None if n % 9 == 4 else LANGS[n % len(LANGS)],
            author=AUTHORS[(n * 3) % len(AUTHORS)], outlet=OUTLETS[n % len(OUTLETS)],
            section=section, related=related,
        ))
    return pages


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_open(page: Page, head: str) -> str:
    lang = f' lang="{page.lang}"' if page.lang else ""
    return (f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(page.title)} | {_e(page.outlet)}</title>\n{head}</head>\n")


def _analytics(page: Page) -> str:
    """Stylesheets, an analytics stub and the JSON app state a modern news site inlines."""
    state = {"page": {"id": page.n, "section": page.section, "template": "article",
                      "paywall": page.n % 4 == 0, "tags": page.title.lower().split()[:6]},
             "teasers": [{"id": page.n * 20 + j, "title": t, "url": u, "kicker": SECTIONS[j % 8],
                          "image": {"src": f"https://static.{page.host}/img/{page.n}-{j}.jpg",
                                    "width": 640, "height": 360, "alt": t[:60]}}
                         for j, (t, u) in enumerate(page.related)]}
    return (f'<link rel="stylesheet" href="https://static.{page.host}/css/main.{page.n % 97}.css">'
            f'\n<link rel="preload" as="font" href="https://static.{page.host}/f/serif.woff2">\n'
            "<style>body{margin:0;font:16px/1.5 Georgia,serif}.nav a{padding:0 8px}"
            ".share-bar a,.social a{display:inline-block;margin-right:6px}"
            "@media(max-width:600px){.col-side,.sidebar{display:none}}</style>\n"
            "<script>window.dataLayer=window.dataLayer||[];"
            f'dataLayer.push({{"section":"{page.section}","id":{page.n}}});</script>\n'
            f"<script>window.__APP_STATE__ = {json.dumps(state)};</script>\n")


def _mega_nav(page: Page) -> str:
    """A site menu of every section and its sub-sections, as news sites have."""
    subs = ("latest", "analysis", "opinion", "video", "in-pictures", "explainers")
    items = "".join(
        f'<li class="nav-item"><a href="/{s}/">{s.title()}</a><ul class="sub">' +
        "".join(f'<li><a href="/{s}/{sub}/">{sub.replace("-", " ").title()}</a></li>'
                for sub in subs) + "</ul></li>" for s in SECTIONS)
    return (f'<nav class="nav" aria-label="Main"><a class="logo" href="https://{page.host}/">'
            f'<svg width="120" height="24" viewBox="0 0 120 24"><path d="M0 0h24v24H0z'
            f'M30 4h8l6 12 6-12h8v16h-6V10l-6 10h-4l-6-10v10h-6z"/></svg></a>'
            f'<ul class="nav-list">{items}</ul><form action="/search"><input name="q" '
            'placeholder="Search"><button>Go</button></form></nav>\n')


def _most_read(page: Page) -> str:
    items = "".join(f'<li><span class="rank">{i}</span><a href="{u}">{_e(t)}</a></li>'
                    for i, (t, u) in enumerate(page.related[-8:], start=1))
    return f'<aside class="sidebar most-read"><h3>Most read</h3><ol>{items}</ol></aside>\n'


def _comments(page: Page) -> str:
    """A reader-comment thread (trafilatura is told to leave comments out)."""
    rng = random.Random(page.n * 31)
    said = ("Great reporting, thanks.", "This is exactly what I expected to happen.",
            "Does anyone know where the full statement was published?",
            "I live nearby and can confirm the roads were closed all afternoon.",
            "Not sure the headline matches the story.", "Finally some accountability.")
    items = "".join(f'<li class="comment"><b>reader{rng.randint(1, 9999)}</b> '
                    f"<span>{rng.randint(1, 59)} min ago</span><p>{rng.choice(said)}</p>"
                    "<a href=\"#\">Reply</a> <a href=\"#\">Report</a></li>"
                    for _ in range(rng.randint(2, 9)))
    return f'<section id="comments" class="comments"><h3>Comments</h3><ol>{items}</ol></section>\n'


def _site_footer(page: Page) -> str:
    cols = "".join(f'<div class="col"><h4>{s.title()}</h4><ul>' +
                   "".join(f'<li><a href="/{s}/{k}/">{k.title()}</a></li>'
                           for k in ("news", "features", "newsletters", "podcasts"))
                   + "</ul></div>" for s in SECTIONS)
    return (f'<footer class="site-footer"><div class="cols">{cols}</div>'
            '<ul class="legal"><li><a href="/about">About us</a></li>'
            '<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a>'
            '</li><li><a href="/terms">Terms of use</a></li><li><a href="/ads">Advertise</a>'
            f"</li></ul><p>© {page.published.year} {_e(page.outlet)} Media Group. "
            "All rights reserved.</p></footer>\n")


def _semantic(page: Page) -> str:
    """<article> with <p>, a <time> and an article:published_time meta tag."""
    head = (f'<meta property="article:published_time" content="{page.published.isoformat()}">\n'
            f'<link rel="canonical" href="{page.url}">\n' + _analytics(page))
    body = "\n".join(f"<p>{_e(p)}</p>" for p in page.paragraphs)
    return (_html_open(page, head) +
            f'<body>\n<header><a href="/">{_e(page.outlet)}</a></header>\n{_mega_nav(page)}'
            "<main>\n<article>\n"
            f"<h1>{_e(page.title)}</h1>\n"
            f'<p class="byline">By {_e(page.author)} · <time datetime="'
            f'{page.published.isoformat()}">{page.published:%B %d, %Y}</time></p>\n'
            f"{body}\n</article>\n{_most_read(page)}</main>\n{_site_footer(page)}"
            "</body>\n</html>\n")


def _div_soup(page: Page) -> str:
    """Nested divs with class names only, a pubdate meta tag, an ad slot mid-story."""
    head = f'<meta name="pubdate" content="{page.published:%Y-%m-%dT%H:%M:%SZ}">\n' + \
        _analytics(page)
    parts: list[str] = []
    for i, p in enumerate(page.paragraphs):
        if i == 2:
            parts.append('<div class="ad-slot"><div class="ad-label">Advertisement</div>'
                         '<div class="ad-inner" data-slot="mid1"></div></div>')
        parts.append(f'<div class="story-para"><span class="txt">{_e(p)}</span></div>')
    return (_html_open(page, head) +
            '<body class="page page-article">\n<div id="wrapper"><div class="container">\n'
            '<div class="topbar"><div class="logo">' + _e(page.outlet) + "</div>"
            '<div class="menu"><div class="menu-item">Home</div>'
            f'<div class="menu-item">{page.section.title()}</div></div></div>\n'
            '<div class="row"><div class="col-main"><div class="story">\n'
            f'<div class="story-headline"><h2>{_e(page.title)}</h2></div>\n'
            f'<div class="story-meta"><div class="author">{_e(page.author)}</div>'
            f'<div class="date">{page.published:%d/%m/%Y %H:%M}</div></div>\n'
            '<div class="story-body">\n' + "\n".join(parts) + "\n</div>\n"
            '</div></div><div class="col-side"><div class="widget">'
            '<div class="widget-title">Trending</div>' +
            "".join(f'<div class="trend"><a href="{u}">{_e(t)}</a></div>'
                    for t, u in page.related[:10]) +
            "</div></div></div>\n"
            f'<div class="copyright">Copyright {page.published.year} {_e(page.outlet)}. '
            "All rights reserved.</div>\n</div></div>\n</body>\n</html>\n")


def _cluttered(page: Page) -> str:
    """Nav, cookie banner, share bar, photo credit, related links and a long footer."""
    head = (f'<meta name="date" content="{page.published:%Y-%m-%d}">\n'
            f'<meta name="author" content="{_e(page.author)}">\n' + _analytics(page))
    nav = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS)
    paras = [f"<p>{_e(p)}</p>" for p in page.paragraphs]
    if len(paras) > 3:
        paras.insert(1, '<figure><img src="/img/lead.jpg" alt=""><figcaption>'
                        "Photo: Reuters/File</figcaption></figure>")
    share = ('<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> '
             '<a href="#">Email</a> <a href="#">Copy link</a></div>')
    related = "".join(f'<li><a href="{u}">{_e(t)}</a></li>' for t, u in page.related)
    return (_html_open(page, head) +
            '<body>\n<div id="cookie-consent" class="cookie-banner"><p>We use cookies to '
            "improve your experience and to show you personalised ads. By continuing to "
            "browse you agree to our use of cookies.</p><button>Accept all</button>"
            "<button>Manage settings</button></div>\n"
            f'<nav class="main-nav"><ul>{nav}</ul></nav>\n{_mega_nav(page)}'
            '<div class="breadcrumbs"><a href="/">Home</a> &gt; '
            f'<a href="/{page.section}/">{page.section.title()}</a></div>\n'
            f'<div class="content"><h1 class="headline">{_e(page.title)}</h1>\n'
            f'<div class="meta">{_e(page.author)} | {page.published:%a %d %b %Y}</div>\n'
            f"{share}\n" + "\n".join(paras) + f"\n{share}\n"
            '<div class="newsletter"><p>Sign up for our daily newsletter</p>'
            '<input type="email"><button>Subscribe</button></div>\n</div>\n'
            f'<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>\n'
            f"{_comments(page)}{_site_footer(page)}</body>\n</html>\n")


def _json_ld(page: Page) -> str:
    """JSON-LD NewsArticle, og:* and article:* meta tags, itemprop body."""
    modified = page.published + timedelta(hours=2, minutes=page.n % 50)
    offset = timedelta(hours=(page.n % 7) - 3)
    local = page.published.astimezone(timezone(offset))
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": page.title,
        "datePublished": local.isoformat(), "dateModified": modified.isoformat(),
        "author": {"@type": "Person", "name": page.author},
        "publisher": {"@type": "Organization", "name": page.outlet},
        "mainEntityOfPage": page.url, "articleSection": page.section,
    }
    head = (f'<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{_e(page.title)}">\n'
            f'<meta property="og:url" content="{page.url}">\n'
            f'<meta property="og:site_name" content="{_e(page.outlet)}">\n'
            f'<meta property="og:description" content="{_e(page.paragraphs[0][:150])}">\n'
            f'<meta property="article:published_time" content="{local.isoformat()}">\n'
            f'<meta property="article:modified_time" content="{modified.isoformat()}">\n'
            f'<meta property="article:section" content="{page.section}">\n'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>\n' +
            _analytics(page))
    body = "\n".join(f"<p>{_e(p)}</p>" for p in page.paragraphs)
    return (_html_open(page, head) +
            '<body>\n<div class="site"><header class="masthead">' + _e(page.outlet) +
            f"</header>\n{_mega_nav(page)}"
            '<main><div itemscope itemtype="https://schema.org/NewsArticle">\n'
            f'<h1 itemprop="headline">{_e(page.title)}</h1>\n'
            f'<span itemprop="author">{_e(page.author)}</span>\n'
            f'<div itemprop="articleBody">\n{body}\n</div>\n</div>{_most_read(page)}</main>\n'
            f"{_site_footer(page)}</div>\n</body>\n</html>\n")


def _br_text(page: Page) -> str:
    """An old-style page: a table layout, text separated by <br> tags, a DC date."""
    head = f'<meta name="dc.date.issued" content="{page.published:%Y-%m-%d}">\n'
    body = "<br>\n<br>\n".join(_e(p) for p in page.paragraphs)
    return (_html_open(page, head) +
            '<body bgcolor="#ffffff">\n<table width="100%"><tr>'
            '<td width="160" valign="top"><a href="/">Home</a><br><a href="/archive">'
            "Archive</a><br><a href=\"/search\">Search</a></td>\n"
            '<td valign="top"><font size="5"><b>' + _e(page.title) + "</b></font><br>\n"
            f"<i>{page.published:%B %d, %Y} - {_e(page.author)}</i><br><br>\n"
            f'<font face="Arial" size="2">\n{body}\n</font>\n</td></tr></table>\n'
            f"<center><small>{_e(page.outlet)} - {page.host}</small></center>\n"
            "</body>\n</html>\n")


TEMPLATES: tuple[Callable[[Page], str], ...] = (_semantic, _div_soup, _cluttered, _json_ld,
                                                  _br_text)


# ---------------------------------------------------------------------------- WARC


@dataclass(slots=True)
class Written:
    """What went into the WARC, by kind of record."""

    html_ok: int = 0
    images: int = 0
    not_found: int = 0
    redirects: int = 0
    requests: int = 0
    other: int = 0
    bytes: int = 0

    @property
    def total(self) -> int:
        return (self.html_ok + self.images + self.not_found + self.redirects + self.requests +
                self.other)


def _fake_jpeg(rng: random.Random) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + rng.randbytes(rng.randint(2000, 12000)) \
        + b"\xff\xd9"


def write_warc(path: Path, pages: list[Page]) -> Written:
    """Write the pages, and the records a crawl holds around them, to a gzipped WARC."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    written = Written()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(
            path.name, {"software": "bench_ingest.py", "format": "WARC File Format 1.1"}))
        written.other += 1

        def pair(url: str, when: datetime, status: str, headers: list[tuple[str, str]],
                 body: bytes) -> None:
            host = url.split("/")[2]
            path_part = "/" + url.split("/", 3)[3]
            stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            request = StatusAndHeaders(f"GET {path_part} HTTP/1.1", [
                ("Host", host), ("User-Agent", "bench-crawler/1.0 (+https://example.org/bot)"),
                ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                ("Accept-Encoding", "identity")], is_http_request=True)
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=request,
                warc_headers_dict={"WARC-Date": stamp}))
            response = StatusAndHeaders(status, headers + [
                ("Content-Length", str(len(body))), ("Server", "nginx"),
                ("Date", when.strftime("%a, %d %b %Y %H:%M:%S GMT"))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=response,
                warc_headers_dict={"WARC-Date": stamp}))
            written.requests += 1

        for page in pages:
            rng = random.Random(-page.n - 1)
            crawled = page.published + timedelta(hours=rng.randint(1, 40))
            body = TEMPLATES[page.n % len(TEMPLATES)](page).encode("utf-8")
            ctype = ("text/html; charset=utf-8", "text/html; charset=UTF-8",
                     "text/html;charset=utf-8")[page.n % 3]
            headers = [("Content-Type", ctype)]
            if page.n % 13 == 0 and page.lang:
                headers.append(("Content-Language", page.lang))
            pair(page.url, crawled, "200 OK", headers, body)
            written.html_ok += 1
            written.bytes += len(body)
            if page.n % 8 == 3:
                pair(f"https://static.{page.host}/img/{page.n}/lead.jpg", crawled, "200 OK",
                     [("Content-Type", "image/jpeg")], _fake_jpeg(rng))
                written.images += 1
            if page.n % 60 == 17:
                pair(f"https://{page.host}/{page.section}/removed-{page.n}", crawled,
                     "404 Not Found", [("Content-Type", "text/html; charset=utf-8")],
                     b"<html><head><title>Page not found</title></head><body><h1>404</h1>"
                     b"<p>Sorry, the page you are looking for has moved or no longer "
                     b"exists.</p></body></html>")
                written.not_found += 1
            if page.n % 45 == 8:
                pair(f"http://{page.host}/s/{page.n}", crawled, "301 Moved Permanently",
                     [("Content-Type", "text/html; charset=utf-8"), ("Location", page.url)],
                     b"<html><body>Moved <a href=\"" + page.url.encode() + b"\">here</a>"
                     b"</body></html>")
                written.redirects += 1
    return written


def read_html_bodies(path: Path) -> list[bytes]:
    """The bodies of the 200 HTML responses of a WARC, in order (read with warcio)."""
    from warcio.archiveiterator import ArchiveIterator

    bodies: list[bytes] = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if record.http_headers.get_statuscode() == "200" and ctype.startswith("text/html"):
                bodies.append(record.content_stream().read())
    return bodies


# ---------------------------------------------------------------------------- timing


@dataclass(slots=True)
class IngestRun:
    """Counts and time of one storyline ingest pass."""

    seconds: float = 0.0
    post_seconds: float = 0.0  # of which clean + sketch
    records: int = 0
    articles: int = 0
    sketched: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    skips: Counter[str] = field(default_factory=Counter)


def time_trafilatura(bodies: list[bytes]) -> tuple[float, int]:
    """Seconds for trafilatura alone on every body, and how many gave a document."""
    import trafilatura

    found = 0
    start = time.perf_counter()
    for body in bodies:
        doc = trafilatura.bare_extraction(
            body, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
        found += doc is not None
    return time.perf_counter() - start, found


def time_storyline(path: Path) -> IngestRun:
    """One pass of storyline's ingest over the WARC, with clean and sketch per article."""
    from storyline.config import Config
    from storyline.model import Article, Rejection
    from storyline.stages.clean import clean
    from storyline.stages.dedupe import sketch
    from storyline.stages.ingest import ingest

    run = IngestRun()
    config = Config()
    start = time.perf_counter()
    for item in ingest([path], config):
        run.records += 1
        result = item.result
        if isinstance(result, Article):
            run.articles += 1
            post = time.perf_counter()
            cleaned = clean(result)
            run.sketched += sketch(cleaned.text) is not None
            run.post_seconds += time.perf_counter() - post
        elif isinstance(result, Rejection):
            run.rejections[result.reason] += 1
        else:
            run.skips[result.reason] += 1
    run.seconds = time.perf_counter() - start
    return run


def time_readers(path: Path) -> None:
    """Records/s iterating the WARC and reading every payload, FastWARC vs warcio."""
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        print("fastwarc: not installed, reader comparison skipped (pip install fastwarc)")
        return
    from warcio.archiveiterator import ArchiveIterator

    start = time.perf_counter()
    count = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests=True):
            record.content_stream().read()
            count += 1
    warcio_s = time.perf_counter() - start

    start = time.perf_counter()
    fast_count = 0
    # FastWARC 2 detects gzip itself; verify_digests matches warcio's check_digests above.
    for fast_record in FastIterator(str(path), parse_http=True, verify_digests=True,
                                    fsspec_args=False):
        fast_record.reader.read()
        fast_count += 1
    fast_s = time.perf_counter() - start
    print(f"warcio read:    {count / warcio_s:9.0f} records/s ({warcio_s:.2f} s, {count} records)")
    print(f"FastWARC read:  {fast_count / fast_s:9.0f} records/s ({fast_s:.2f} s, "
          f"{fast_count} records); warcio / FastWARC time {warcio_s / fast_s:.1f}x")


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in counter.most_common()) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000,
                        help="HTML pages (200 response records) in the WARC")
    parser.add_argument("--repeat", type=int, default=1,
                        help="timing rounds (trafilatura then storyline); best of each is kept")
    parser.add_argument("--keep", type=Path, help="write the WARC to PATH and keep it")
    parser.add_argument("--fastwarc", action="store_true",
                        help="also compare WARC reading speed of FastWARC and warcio")
    args = parser.parse_args()
    if args.records < 1 or args.repeat < 1:
        sys.exit("--records and --repeat must be at least 1")

    with tempfile.TemporaryDirectory() as tmp:
        warc = args.keep or Path(tmp) / "bench.warc.gz"
        if not warc.name.lower().endswith((".warc.gz", ".warc")):
            sys.exit(f"--keep {warc}: name it *.warc.gz so the reader knows the format")
        warc.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        written = write_warc(warc, _make_pages(args.records))
        build_s = time.perf_counter() - start
        bodies = read_html_bodies(warc)  # not timed
        print(f"WARC: {warc.stat().st_size / 2**20:.1f} MB gzipped, {written.total} records "
              f"({written.html_ok} HTML 200 responses, {written.requests} requests, "
              f"{written.images} image/jpeg, {written.not_found} 404, {written.redirects} 301, "
              f"{written.other} warcinfo); HTML {written.bytes / 2**20:.1f} MB, "
              f"{written.bytes / written.html_ok / 1024:.1f} KB/page; "
              f"{len(TEMPLATES)} layouts; written in {build_s:.1f} s")
        peak_built = _peak_mb()

        best_traf, best_run = float("inf"), IngestRun(seconds=float("inf"))
        found = 0
        for _ in range(args.repeat):
            traf_s, found = time_trafilatura(bodies)
            best_traf = min(best_traf, traf_s)
            run = time_storyline(warc)
            if run.seconds < best_run.seconds:
                best_run = run
        peak_all = _peak_mb()
        if args.fastwarc:
            time_readers(warc)
        if args.keep:
            print(f"WARC kept at {warc}")

    run = best_run
    order = "trafilatura alone first, then storyline" + \
        (f", alternating for {args.repeat} rounds; best of each" if args.repeat > 1 else "")
    print(f"order: {order}")
    print(f"trafilatura alone: {len(bodies) / best_traf:8.1f} pages/s "
          f"({best_traf:.1f} s; {len(bodies)} pages, {found} with a document)")
    print(f"storyline ingest:  {run.records / run.seconds:8.1f} records/s "
          f"{run.articles / run.seconds:8.1f} articles/s ({run.seconds:.1f} s; "
          f"ingest + clean + sketch, of which clean + sketch {run.post_seconds:.1f} s)")
    print(f"  records seen: {run.records} (written {written.total}); articles: {run.articles} "
          f"(expected {written.html_ok}); sketched: {run.sketched}")
    print(f"  rejections: {_counts(run.rejections)}")
    print(f"  skips: {_counts(run.skips)}")
    expected_skips = written.total - written.html_ok
    if run.records != written.total or run.articles != written.html_ok or \
            sum(run.skips.values()) != expected_skips:
        print(f"  UNEXPECTED: expected {written.html_ok} articles, no rejections and "
              f"{expected_skips} skips")
    print(f"storyline / trafilatura time: {run.seconds / best_traf:.2f}x (target <= 1.2)")
    print(f"peak RSS of the whole process: {peak_all:.0f} MB "
          f"({peak_built:.0f} MB after writing the WARC and loading the bodies)")


if __name__ == "__main__":
    main()
