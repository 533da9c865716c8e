"""Fetch: a polite HTTP client for URL inputs and the full pages behind feed teasers.

Polite means: it asks robots.txt first (once per host), keeps at least
``fetch_delay`` seconds (or the robots.txt Crawl-delay, whichever is longer)
between the starts of two requests to one host, backs off and retries when a
server is busy, and sends a User-Agent that says who it is.

Careful means: only http and https; every host, including each redirect target,
is resolved first and refused when any of its addresses is private, loopback,
link-local, multicast, reserved or unspecified (unless ``allow_private``), so a
hostile feed cannot make storyline probe the local network; redirects are
followed by hand and bounded; a body larger than ``max_input_bytes`` is cut off
as soon as it grows past the bound.

A failure is a ``FetchError`` whose ``reason`` is the slug a Rejection uses.
The address check resolves the host before httpx resolves it again, so a DNS
server that answers differently the second time is not caught.
"""

from __future__ import annotations

import dataclasses
import email.utils
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol, Self
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..config import Config

logger = logging.getLogger(__name__)

NAME = "fetch.httpx.v1"

SCHEMES = frozenset({"http", "https"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 60.0
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched page: what was asked for, where it ended up, and its bytes."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str
    from_cache: bool = False


class FetchError(Exception):
    """A URL could not be fetched.

    ``reason`` is a short slug used as a rejection reason (``fetch-refused``,
    ``robots-disallowed``, ``too-large``, ``fetch-failed``, ``http-error``,
    ``redirect-loop``); ``detail`` is one readable sentence naming the URL.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class FetchCache(Protocol):
    """Where fetched pages are kept between runs (the store implements it)."""

    def get_fetch(self, url: str) -> FetchResult | None:
        """Return the stored result for ``url``, or None."""
        ...

    def put_fetch(self, result: FetchResult) -> None:
        """Store a successful result under ``result.url``."""
        ...


@dataclass(slots=True)
class _Answer:
    """One HTTP exchange; the body is read only for 2xx answers."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes


class Fetcher:
    """Fetch URLs politely; one instance per run, closed with ``close()`` or ``with``."""

    def __init__(self, config: Config, cache: FetchCache | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.cache = cache
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(config.fetch_timeout),
            follow_redirects=False,
            headers={"User-Agent": config.user_agent, "Accept": ACCEPT},
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_start: dict[str, float] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(self, url: str, refresh: bool = False) -> FetchResult:
        """Return the page at ``url`` (from the cache when it holds it); raise FetchError.

        ``refresh`` skips the cache read (a feed is worth fetching again; the result
        still replaces the cached copy).
        """
        if self.cache is not None and not refresh:
            cached = self.cache.get_fetch(url)
            if cached is not None:
                logger.debug("fetch %s: from cache", url)
                return dataclasses.replace(cached, from_cache=True)
        if not self.config.fetch:
            raise FetchError("fetch-disabled", f"{url} was not fetched because fetching is off "
                                              f"(--no-fetch)")
        answer = self._follow(url)
        result = FetchResult(
            url=url, final_url=answer.url, status=answer.status,
            content_type=answer.headers.get("content-type", ""), body=answer.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
        if self.cache is not None:
            self.cache.put_fetch(result)
        return result

    # -- redirects -------------------------------------------------------------------------

    def _follow(self, url: str) -> _Answer:
        current = urldefrag(url.strip()).url
        seen: set[str] = set()
        hops = 0
        while True:
            if current in seen:
                raise FetchError("redirect-loop", f"{url} redirects in a loop through {current}")
            seen.add(current)
            self._check_url(current, url)
            self._check_robots(current, url)
            answer = self._request_with_retries(current, url)
            location = answer.headers.get("location")
            if answer.status in REDIRECT_STATUSES and location:
                hops += 1
                if hops > self.config.max_redirects:
                    raise FetchError("redirect-loop",
                                     f"{url} redirected more than {self.config.max_redirects} "
                                     f"times ({hops} hops); raise --max-redirects to follow "
                                     f"longer chains")
                target = urldefrag(urljoin(current, location.strip())).url
                logger.debug("fetch %s: HTTP %d redirect to %s", current, answer.status, target)
                current = target
                continue
            if not 200 <= answer.status < 300:
                raise FetchError("http-error", f"{url} answered HTTP {answer.status}")
            return answer

    # -- the address check -----------------------------------------------------------------

    def _check_url(self, current: str, url: str) -> None:
        """Refuse a non-http(s) URL and, unless allowed, a host with a non-public address."""
        try:
            parts = urlsplit(current)
            port = parts.port
        except ValueError:
            raise FetchError("fetch-refused", f"{url} is not a valid URL") from None
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            what = f"{scheme}:" if scheme else "no scheme"
            raise FetchError("fetch-refused",
                             f"{url} was refused: only http and https URLs are fetched, "
                             f"not {what}")
        host = parts.hostname
        if not host:
            raise FetchError("fetch-refused", f"{url} was refused: the URL names no host")
        if self.config.allow_private:
            return
        for address in self._addresses(host, port or (443 if scheme == "https" else 80), url):
            problem = _non_public(address)
            if problem is not None:
                raise FetchError("fetch-refused",
                                 f"{url} was refused: {host} has the {problem} address "
                                 f"{address}; pass --allow-private to fetch from it")

    @staticmethod
    def _addresses(host: str, port: int, url: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host.split("%", 1)[0]))]
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as e:
            raise FetchError("fetch-failed", f"{url} could not be fetched: cannot resolve "
                                             f"{host} ({e})") from None
        addresses = [str(info[4][0]) for info in infos]
        if not addresses:
            raise FetchError("fetch-failed", f"{url} could not be fetched: {host} resolves "
                                             f"to no address")
        return addresses

    # -- robots.txt ------------------------------------------------------------------------

    def _check_robots(self, current: str, url: str) -> None:
        rules = self._rules(current)
        if not rules.can_fetch(self.config.user_agent, current):
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError("robots-disallowed",
                             f"{url}{where} is disallowed for this user agent by "
                             f"{_origin(current)}/robots.txt")

    def _rules(self, current: str) -> RobotFileParser:
        origin = _origin(current)
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
        return rules

    def _load_robots(self, origin: str) -> RobotFileParser:
        robots_url = f"{origin}/robots.txt"
        rules = RobotFileParser(robots_url)
        lines: list[str] = []
        try:
            answer = self._request(robots_url, robots_url)
            hops = 0
            seen = {robots_url}
            while answer.status in REDIRECT_STATUSES and answer.headers.get("location"):
                hops += 1
                target = urljoin(answer.url, answer.headers["location"].strip())
                if hops > self.config.max_redirects or target in seen:
                    raise FetchError("redirect-loop", f"{robots_url} redirects too often")
                seen.add(target)
                self._check_url(target, robots_url)
                answer = self._request(target, robots_url)
        except FetchError as e:
            logger.warning("robots.txt of %s could not be read, so everything is allowed: %s",
                           origin, e.detail)
        except httpx.HTTPError as e:
            logger.warning("robots.txt of %s could not be read, so everything is allowed: %s",
                           origin, _describe(e, self.config.fetch_timeout))
        else:
            if answer.status in (401, 403):
                logger.debug("robots.txt of %s: HTTP %d, everything disallowed",
                             origin, answer.status)
                lines = ["User-agent: *", "Disallow: /"]
            elif 200 <= answer.status < 300:
                lines = answer.body.decode("utf-8", errors="replace").splitlines()
            elif answer.status >= 500:
                logger.warning("robots.txt of %s answered HTTP %d, so everything is allowed",
                               origin, answer.status)
            else:
                logger.debug("robots.txt of %s: HTTP %d, everything allowed",
                             origin, answer.status)
        rules.parse(lines)
        return rules

    # -- requests --------------------------------------------------------------------------

    def _request_with_retries(self, current: str, url: str) -> _Answer:
        retries = self.config.fetch_retries
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                answer = self._request(current, url)
            except httpx.TransportError as e:
                problem = _describe(e, self.config.fetch_timeout)
                if last:
                    tried = f" (tried {attempt + 1} times)" if attempt else ""
                    raise FetchError("fetch-failed",
                                     f"{url} could not be fetched: {problem}{tried}") from None
                wait = _backoff(attempt)
                logger.debug("fetch %s: %s; retry %d of %d in %.1f s",
                             current, problem, attempt + 1, retries, wait)
            except httpx.HTTPError as e:
                raise FetchError("fetch-failed", f"{url} could not be fetched: "
                                                 f"{_describe(e, self.config.fetch_timeout)}"
                                 ) from None
            else:
                if answer.status not in RETRY_STATUSES or last:
                    return answer
                asked = _retry_after(answer.headers.get("retry-after"))
                wait = _backoff(attempt) if asked is None else asked
                logger.debug("fetch %s: HTTP %d; retry %d of %d in %.1f s",
                             current, answer.status, attempt + 1, retries, wait)
            if wait > 0:
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, current: str, url: str) -> _Answer:
        """One GET, after the per-host wait; the body is read only for a 2xx answer."""
        self._wait_turn(current)
        logger.debug("fetch %s: GET", current)
        limit = self.config.max_input_bytes
        try:
            with self._client.stream("GET", current) as response:
                status = response.status_code
                headers = response.headers
                logger.debug("fetch %s: HTTP %d", current, status)
                if not 200 <= status < 300:
                    return _Answer(current, status, headers, b"")
                declared = headers.get("content-length", "").strip()
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError("too-large",
                                     f"{url} announces {int(declared):,} bytes, over "
                                     f"max_input_bytes={limit:,}; raise --max-input-bytes")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError("too-large",
                                         f"{url} sent more than max_input_bytes={limit:,} "
                                         f"bytes; raise --max-input-bytes")
                    chunks.append(chunk)
                return _Answer(current, status, headers, b"".join(chunks))
        except httpx.InvalidURL as e:
            raise FetchError("fetch-refused", f"{url} is not a valid URL ({e})") from None

    def _wait_turn(self, current: str) -> None:
        """Sleep until this host may get another request, then note the start."""
        host = (urlsplit(current).hostname or "").lower()
        delay = self.config.fetch_delay
        rules = self._robots.get(_origin(current))
        if rules is not None:
            crawl_delay = rules.crawl_delay(self.config.user_agent)
            if crawl_delay is not None and float(crawl_delay) > delay:
                delay = float(crawl_delay)
        last = self._last_start.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                logger.debug("fetch %s: waiting %.2f s for %s", current, wait, host)
                self._sleep(wait)
        self._last_start[host] = self._clock()


def _origin(url: str) -> str:
    """Scheme and host[:port] of ``url``, without user info."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"


def _non_public(address: str) -> str | None:
    """Name the kind of a non-public address, or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
              ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
              ("reserved", ip.is_reserved), ("private", ip.is_private))
    for name, hit in checks:
        if hit:
            return name
    return None


def _backoff(attempt: int) -> float:
    return float(min(BACKOFF_BASE * 2 ** attempt, BACKOFF_CAP))


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (seconds or an HTTP date), capped."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _describe(error: httpx.HTTPError, timeout: float) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"timed out after {timeout} s"
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"
