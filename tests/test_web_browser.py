"""End to end: the served pages in Debian's Chromium, driven by Playwright.

Screenshots go to test-artifacts/ (laptop 1280x800 and phone 390x844). Without
/usr/bin/chromium the tests skip on a developer machine and fail in CI (CI=true).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyline import api
from storyline.config import Config

from .web_server import serving

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/chromium: .ci/run installs it with apt-get")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_site(demo_store: Path) -> Iterator[str]:
    with serving(demo_store) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    store = tmp_path_factory.mktemp("hostile") / "hostile.db"
    api.build([HOSTILE], store, Config())
    (story,) = api.list_stories(store)
    with serving(store) as base:
        yield base, story["id"]


def _page(browser: object, size: dict[str, int]):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=size)  # type: ignore[attr-defined]
    return context.new_page()


def _shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


def test_list_search_open_story_and_click_citation(browser: object, demo_site: str,
                                                   demo_store: Path) -> None:
    page = _page(browser, LAPTOP)
    page.goto(demo_site + "/")
    listed = page.locator("li.story").evaluate_all("els => els.map(e => e.dataset.id)")
    assert listed == [s["id"] for s in api.list_stories(demo_store)]
    _shot(page, "laptop-story-list.png")

    page.fill("input[name=q]", "ferry collision")
    page.click("button[type=submit]")
    page.wait_for_url("**/stories?*q=ferry*")
    found = page.locator("li.story").evaluate_all("els => els.map(e => e.dataset.id)")
    twin = httpx.get(demo_site + "/api/stories", params={"q": "ferry collision"}).json()
    assert found == [s["id"] for s in twin["items"]] and found

    page.locator("li.story a").first.click()
    page.wait_for_url(f"**/stories/{found[0]}")
    cite = page.locator(".summary-sentence a.cite").first
    target_id = cite.get_attribute("href").lstrip("#")
    target = page.locator(f"[id='{target_id}']")
    assert "hl" not in (target.get_attribute("class") or "")
    cite.click()
    page.wait_for_function("id => document.getElementById(id).classList.contains('hl')",
                           arg=target_id)
    state = target.evaluate("el => ({target: el.matches(':target'), "
                            "bg: getComputedStyle(el).backgroundColor, "
                            "top: el.getBoundingClientRect().top, h: window.innerHeight})")
    assert state["target"] and 0 <= state["top"] < state["h"]
    assert state["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert target.inner_text() == cite.get_attribute("title") or target.inner_text()
    shot = _shot(page, "laptop-story-citation.png")
    assert shot.stat().st_size > 10_000


def test_removed_debris_opens_on_the_story_page(browser: object, demo_site: str,
                                                demo_store: Path) -> None:
    account = next(a for a in api.accounts(demo_store) if any(x.removed for x in a.articles))
    debris = next(r for x in account.articles for r in x.removed)
    page = _page(browser, LAPTOP)
    page.goto(f"{demo_site}/stories/{account.story_id}")
    item = page.locator("details.debris li", has_text=debris.text[:30]).first
    assert not item.is_visible()
    item.locator("xpath=ancestor::details").locator("summary").click()
    assert item.is_visible()


@pytest.mark.parametrize("path", ["/", "/story"])
def test_pages_fit_a_phone_width(browser: object, demo_site: str, demo_store: Path,
                                 path: str) -> None:
    page = _page(browser, PHONE)
    story_id = api.list_stories(demo_store)[0]["id"]
    page.goto(demo_site + ("/" if path == "/" else f"/stories/{story_id}"))
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px window"
    _shot(page, f"phone-{'story-list' if path == '/' else 'story'}.png")
    if path != "/":
        page.set_viewport_size(LAPTOP)
        _shot(page, "laptop-story.png")


def test_hostile_article_text_renders_as_text_and_never_runs(
        browser: object, hostile_site: tuple[str, str]) -> None:
    base, story_id = hostile_site
    page = _page(browser, LAPTOP)
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text))
    response = page.goto(f"{base}/stories/{story_id}")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert 'onerror="window.__pwned=1"' in text
    assert "javascript:window.__pwned=1" in text
    assert page.locator("main script, main img, main [onerror]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    for link in page.locator("a.cite").all()[:3]:
        link.click()
    page.goto(f"{base}/stories?q=%3Cscript%3E")
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("input[name=q]").input_value() == "<script>"
    _shot(page, "laptop-hostile.png")
