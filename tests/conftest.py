"""Shared fixtures: the reference pair and the demo corpus, each built once per session.

The reference pair lives outside the repository, in ../shared/examples/pompeo-2018. A clone
without it runs every other test: tests that read the pair take a ``pompeo_*`` fixture or
are marked ``needs_pompeo``, and skip saying what is missing. They skip in CI too, like the
tests on ../shared/data (CI runs on a fresh machine that has no ../shared); only a missing
Chromium, which CI installs, fails there (tests/test_web_browser.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
from storyline.config import Config
from storyline.stages.ingest import IngestOptions
from storyline.store.sqlite import open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POMPEO = SHARED / "examples" / "pompeo-2018"
HILL = POMPEO / "000_dafa28c78b46eec3.txt"
XINHUA = POMPEO / "004_5c1026284ff6e2dd.txt"
DEMO = ROOT / "storyline" / "demo" / "corpus"
NO_POMPEO = f"the reference pair is not present (no folder {POMPEO})"
needs_pompeo = pytest.mark.skipif(not POMPEO.is_dir(), reason=NO_POMPEO)


@pytest.fixture(scope="session")
def pompeo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not POMPEO.is_dir():
        pytest.skip(NO_POMPEO)
    path = tmp_path_factory.mktemp("pompeo") / "stories.db"
    api.build([POMPEO], path, Config())
    return path


@pytest.fixture(scope="session")
def pompeo_dated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference pair given the day both were published, Monday 2 July 2018: their
    texts name no year, so analysis alone leaves them undated."""
    if not POMPEO.is_dir():
        pytest.skip(NO_POMPEO)
    path = tmp_path_factory.mktemp("pompeo-dated") / "stories.db"
    api.build([POMPEO], path, Config(), options=IngestOptions(published="2018-07-02"))
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    api.build(api.demo_files(), path, Config())
    return path


@pytest.fixture(scope="session")
def manifest() -> dict:
    return json.loads((DEMO / "MANIFEST.json").read_text(encoding="utf-8"))


def documents(store_path: Path) -> dict:
    """Stored documents by the id the input gave them."""
    store = open_store(store_path)
    try:
        return {d.article.ref: d for d in store.documents()}
    finally:
        store.close()
