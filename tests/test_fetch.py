"""The polite fetcher against a real local HTTP server (and a mock transport for DNS cases)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from storyline.config import Config
from storyline.stages._fetch import Fetcher, FetchError, FetchResult, _retry_after

PAGE = b"<html><head><title>Harbour reopens</title></head><body><p>It reopened.</p></body></html>"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on server_close, so no socket outlives a test.
    daemon_threads = False
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.headers_seen: list[dict[str, str]] = []
        self.arrivals: list[tuple[str, float]] = []
        self.stopping = threading.Event()
        self.robots_status = 200
        self.robots_text = ROBOTS

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The fetcher hangs up on purpose (timeouts, oversize bodies): stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", {"Location": location})

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
            count = self.server.hits[path]
            self.server.headers_seen.append(dict(self.headers.items()))
            self.server.arrivals.append((path, time.monotonic()))
        try:
            self._route(path, count)
        except OSError:
            pass  # the client went away

    def _route(self, path: str, count: int) -> None:
        if path == "/robots.txt":
            self._send(self.server.robots_status, self.server.robots_text.encode(),
                       content_type="text/plain")
        elif path in ("/ok", "/private/x", "/chain/0"):
            self._send(200, PAGE)
        elif path == "/flaky":
            if count <= 2:
                self._send(429, b"slow down", {"Retry-After": "0"})
            else:
                self._send(200, PAGE)
        elif path == "/retry-after-3":
            if count == 1:
                self._send(503, b"busy", {"Retry-After": "3"})
            else:
                self._send(200, PAGE)
        elif path == "/always503":
            self._send(503, b"busy")
        elif path == "/gone":
            self._send(404, b"no such page")
        elif path == "/slow":
            self.server.stopping.wait(5.0)
            self._send(200, PAGE)
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect("/loop-a", 301)
        elif path.startswith("/chain/"):
            self._redirect(f"/chain/{int(path.rsplit('/', 1)[1]) - 1}", 307)
        elif path == "/relative-redirect":
            self._redirect("ok")
        elif path == "/to-private":
            self._redirect("/private/x")
        elif path == "/huge":
            # No Content-Length: the fetcher must count bytes as they arrive.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x" * 1000)
                self.wfile.flush()
        elif path == "/announced-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"<html>")
        else:
            self._send(404, b"not found")


class FakeTime:
    """A clock that moves only when the fetcher sleeps; records the sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class DictCache:
    def __init__(self) -> None:
        self.data: dict[str, FetchResult] = {}

    def get_fetch(self, url: str) -> FetchResult | None:
        return self.data.get(url)

    def put_fetch(self, result: FetchResult) -> None:
        self.data[result.url] = result


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stopping.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def _config(**changes: Any) -> Config:
    settings: dict[str, Any] = {"allow_private": True, "fetch_delay": 0.0, "fetch_retries": 2,
                                "fetch_timeout": 0.3, "max_input_bytes": 2000,
                                "max_redirects": 5}
    settings.update(changes)
    return Config().replace(**settings)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make(fake_time: FakeTime) -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def build(cache: DictCache | None = None, **changes: Any) -> Fetcher:
        fetcher = Fetcher(_config(**changes), cache, clock=fake_time.clock,
                          sleep=fake_time.sleep)
        made.append(fetcher)
        return fetcher

    yield build
    for fetcher in made:
        fetcher.close()


def _reason(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    return info.value


def test_fetch_ok_returns_the_page(server: _Server, make: Callable[..., Fetcher]) -> None:
    result = make().fetch(server.base + "/ok")
    assert result.body == PAGE
    assert result.status == 200
    assert result.url == result.final_url == server.base + "/ok"
    assert result.content_type == "text/html; charset=utf-8"
    assert not result.from_cache
    fetched = datetime.fromisoformat(result.fetched_at)
    assert fetched.utcoffset() == timedelta(0)
    assert abs((datetime.now(UTC) - fetched).total_seconds()) < 60
    sent = server.headers_seen[-1]
    assert sent["User-Agent"] == Config().user_agent
    assert "text/html" in sent["Accept"]


def test_robots_disallowed_path_is_refused_without_requesting_it(
        server: _Server, make: Callable[..., Fetcher]) -> None:
    error = _reason(make(), server.base + "/private/x")
    assert error.reason == "robots-disallowed"
    assert "/private/x" in error.detail and "robots.txt" in error.detail
    assert server.hits["/private/x"] == 0


def test_robots_applies_to_redirect_targets(server: _Server,
                                            make: Callable[..., Fetcher]) -> None:
    error = _reason(make(), server.base + "/to-private")
    assert error.reason == "robots-disallowed"
    assert "/private/x" in error.detail
    assert server.hits["/private/x"] == 0


def test_robots_txt_is_requested_once_per_host(server: _Server,
                                               make: Callable[..., Fetcher]) -> None:
    fetcher = make()
    fetcher.fetch(server.base + "/ok")
    fetcher.fetch(server.base + "/relative-redirect")
    fetcher.fetch(server.base + "/chain/2")
    with pytest.raises(FetchError):
        fetcher.fetch(server.base + "/private/x")
    assert server.hits["/robots.txt"] == 1
    assert server.hits["/ok"] == 2


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (400, True),
                                                 (401, False), (403, False), (503, True)])
def test_robots_status_decides(server: _Server, make: Callable[..., Fetcher],
                               caplog: pytest.LogCaptureFixture, status: int,
                               allowed: bool) -> None:
    server.robots_status = status
    server.robots_text = "User-agent: *\nDisallow: /\n"  # must be ignored unless 2xx
    fetcher = make()
    with caplog.at_level(logging.WARNING, logger="storyline.stages._fetch"):
        if allowed:
            assert fetcher.fetch(server.base + "/ok").body == PAGE
        else:
            assert _reason(fetcher, server.base + "/ok").reason == "robots-disallowed"
            assert server.hits["/ok"] == 0
    assert server.hits["/robots.txt"] == 1  # no retries for robots.txt
    warned = any("robots.txt" in r.getMessage() for r in caplog.records)
    assert warned == (status >= 500)


@pytest.mark.parametrize("path", ["/ok", "/private/x"])
def test_default_config_refuses_loopback_without_connecting(
        server: _Server, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    def no_connection(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the fetcher opened a connection")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}{path}", f"http://localhost:{port}{path}",
            "http://169.254.169.254/latest/meta-data/", "http://[::1]/", f"http://[::1]:{port}/",
            "http://0.0.0.0/", "http://10.1.2.3/", "http://[::ffff:127.0.0.1]/"]
    with Fetcher(Config().replace(fetch_delay=0.0)) as fetcher:
        for url in urls:
            error = _reason(fetcher, url)
            assert error.reason == "fetch-refused", url
            assert url in error.detail and "--allow-private" in error.detail
    assert "link-local" in _reason(Fetcher(Config()), "http://169.254.169.254/").detail
    assert sum(server.hits.values()) == 0


@pytest.mark.parametrize("url", ["ftp://example.org/file.txt", "file:///etc/passwd",
                                 "javascript:alert(1)", "example.org/no-scheme", "http:///nohost"])
def test_non_http_urls_are_refused(make: Callable[..., Fetcher], url: str) -> None:
    error = _reason(make(), url)
    assert error.reason == "fetch-refused"
    assert url in error.detail


def _mock_dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> None:
    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port)) for a in table[host]]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_every_host_and_redirect_target_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    _mock_dns(monkeypatch, {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.5"],
                            "mixed.example": ["93.184.216.34", "fd00::1"]})
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        targets = {"/to-intranet": "http://intranet.example/admin",
                   "/to-loopback": "http://127.0.0.1:8080/", "/to-ftp": "ftp://news.example/"}
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path in targets:
            return httpx.Response(302, headers={"Location": targets[request.url.path]})
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    fetcher = Fetcher(Config().replace(fetch_delay=0.0))
    fetcher._client.close()
    fetcher._client = httpx.Client(transport=httpx.MockTransport(answer))
    with fetcher:
        assert fetcher.fetch("https://news.example/story").body == PAGE
        error = _reason(fetcher, "https://news.example/to-intranet")
        assert error.reason == "fetch-refused"
        assert "intranet.example" in error.detail and "10.0.0.5" in error.detail
        assert _reason(fetcher, "https://news.example/to-loopback").reason == "fetch-refused"
        assert _reason(fetcher, "https://news.example/to-ftp").reason == "fetch-refused"
        error = _reason(fetcher, "https://mixed.example/")
        assert error.reason == "fetch-refused" and "fd00::1" in error.detail
        error = _reason(fetcher, "https://nowhere.example/")
        assert error.reason == "fetch-failed" and "resolve" in error.detail
    hosts = {urlsplit(u).hostname for u in asked}
    assert hosts == {"news.example"}


def test_flaky_page_succeeds_after_retries(server: _Server, make: Callable[..., Fetcher],
                                           fake_time: FakeTime) -> None:
    result = make().fetch(server.base + "/flaky")
    assert result.body == PAGE and result.status == 200
    assert server.hits["/flaky"] == 3
    assert fake_time.sleeps == []  # Retry-After: 0


def test_retry_after_seconds_are_honoured(server: _Server, make: Callable[..., Fetcher],
                                          fake_time: FakeTime) -> None:
    assert make().fetch(server.base + "/retry-after-3").status == 200
    assert fake_time.sleeps == [3.0]


def test_always_503_is_an_http_error_after_retries(server: _Server,
                                                   make: Callable[..., Fetcher],
                                                   fake_time: FakeTime) -> None:
    cache = DictCache()
    error = _reason(make(cache), server.base + "/always503")
    assert error.reason == "http-error"
    assert error.detail == f"{server.base}/always503 answered HTTP 503"
    assert server.hits["/always503"] == 1 + 2
    assert fake_time.sleeps == [0.5, 1.0]  # exponential backoff
    assert cache.data == {}


def test_404_is_an_http_error_without_retries(server: _Server,
                                              make: Callable[..., Fetcher]) -> None:
    error = _reason(make(), server.base + "/gone")
    assert error.reason == "http-error" and "HTTP 404" in error.detail
    assert server.hits["/gone"] == 1


def test_slow_page_times_out(server: _Server, make: Callable[..., Fetcher]) -> None:
    error = _reason(make(fetch_retries=1), server.base + "/slow")
    assert error.reason == "fetch-failed"
    assert "timed out after 0.3 s" in error.detail
    assert server.hits["/slow"] == 2


def test_redirect_loop(server: _Server, make: Callable[..., Fetcher]) -> None:
    error = _reason(make(), server.base + "/loop-a")
    assert error.reason == "redirect-loop"
    assert "/loop-a" in error.detail
    assert server.hits["/loop-a"] == 1 and server.hits["/loop-b"] == 1


def test_max_redirects(server: _Server, make: Callable[..., Fetcher]) -> None:
    fetcher = make(max_redirects=5)
    result = fetcher.fetch(server.base + "/chain/3")
    assert result.final_url == server.base + "/chain/0"
    assert result.url == server.base + "/chain/3"
    assert fetcher.fetch(server.base + "/chain/5").final_url == server.base + "/chain/0"
    error = _reason(fetcher, server.base + "/chain/9")
    assert error.reason == "redirect-loop"
    assert "more than 5 times" in error.detail
    # /chain/9 went 9 -> 4 (five hops) and stopped before asking for /chain/3.
    assert server.hits["/chain/4"] == 2 and server.hits["/chain/3"] == 2


def test_relative_redirect(server: _Server, make: Callable[..., Fetcher]) -> None:
    result = make().fetch(server.base + "/relative-redirect")
    assert result.final_url == server.base + "/ok"
    assert result.body == PAGE


@pytest.mark.parametrize("path", ["/huge", "/announced-huge"])
def test_too_large_body_is_cut_off(server: _Server, make: Callable[..., Fetcher],
                                   path: str) -> None:
    error = _reason(make(), server.base + path)
    assert error.reason == "too-large"
    assert "2,000" in error.detail and path in error.detail


def test_second_fetch_is_served_from_cache(server: _Server,
                                           make: Callable[..., Fetcher]) -> None:
    cache = DictCache()
    fetcher = make(cache)
    first = fetcher.fetch(server.base + "/relative-redirect")
    hits = sum(server.hits.values())
    assert cache.data[server.base + "/relative-redirect"] == first
    second = fetcher.fetch(server.base + "/relative-redirect")
    assert second.from_cache and not first.from_cache
    assert second.body == first.body and second.final_url == server.base + "/ok"
    assert sum(server.hits.values()) == hits
    # A new fetcher with the same cache and fetching off still answers from the cache.
    with Fetcher(_config(fetch=False), cache) as offline:
        assert offline.fetch(server.base + "/relative-redirect").from_cache
        assert _reason(offline, server.base + "/ok").reason == "fetch-disabled"
    assert sum(server.hits.values()) == hits


def test_rate_limit_spaces_requests_to_one_host(server: _Server,
                                                make: Callable[..., Fetcher],
                                                fake_time: FakeTime) -> None:
    fetcher = make(fetch_delay=0.5)
    fetcher.fetch(server.base + "/ok")  # robots.txt, then /ok 0.5 s later
    assert fake_time.sleeps == [pytest.approx(0.5)]
    fetcher.fetch(server.base + "/ok")
    assert fake_time.sleeps == [pytest.approx(0.5), pytest.approx(0.5)]
    fake_time.now += 10  # time passes on its own: no wait needed
    fetcher.fetch(server.base + "/ok")
    assert len(fake_time.sleeps) == 2


def test_rate_limit_in_real_time(server: _Server) -> None:
    with Fetcher(_config(fetch_delay=0.3)) as fetcher:
        fetcher.fetch(server.base + "/ok")
        fetcher.fetch(server.base + "/ok")
    arrivals = server.arrivals
    assert [path for path, _ in arrivals] == ["/robots.txt", "/ok", "/ok"]
    gaps = [b[1] - a[1] for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert all(gap >= 0.25 for gap in gaps), gaps  # 0.3 s less scheduling jitter


def test_crawl_delay_wins_when_longer(server: _Server, make: Callable[..., Fetcher],
                                      fake_time: FakeTime) -> None:
    server.robots_text = ROBOTS + "Crawl-delay: 2\n"
    fetcher = make(fetch_delay=0.5)
    fetcher.fetch(server.base + "/ok")
    fetcher.fetch(server.base + "/ok")
    assert fake_time.sleeps == [pytest.approx(2.0), pytest.approx(2.0)]


def test_retry_after_header_values() -> None:
    assert _retry_after(None) is None
    assert _retry_after("7") == 7.0
    assert _retry_after("600") == 60.0
    assert _retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (_retry_after(later) or 0) <= 30
    earlier = format_datetime(datetime.now(UTC) - timedelta(seconds=30), usegmt=True)
    assert _retry_after(earlier) == 0.0
