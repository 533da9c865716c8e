"""The library's operations over a store path: what the CLI and web app call."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .errors import NotFound
from .model import Document, Entity, Rejection, StoryAccount
from .pipeline import BuildReport, Progress
from .pipeline import build as _build
from .stages import report as report_stage
from .stages._roster import slug
from .stages.ingest import IngestOptions, check_inputs, is_url
from .store.sqlite import SQLiteStore, open_store


def build(inputs: Sequence[Path | str], store_path: Path, config: Config | None = None,
          grouped: bool = False, progress: Progress | None = None,
          options: IngestOptions | None = None) -> BuildReport:
    """Read ``inputs`` (files, folders, URLs) into the store and update affected accounts.

    A path that does not exist is a SourceError raised before the store is opened, so a
    mistyped path leaves no new, empty store behind.
    """
    check_inputs(inputs)
    store = open_store(store_path)
    try:
        return _build(inputs, store, config or load_config(), grouped=grouped,
                      progress=progress, options=options)
    finally:
        store.close()


def _story_row(account: StoryAccount) -> dict[str, Any]:
    return {
        "id": account.story_id, "title": account.title, "outlets": list(account.outlets),
        "first_published": account.first_published, "last_published": account.last_published,
        "article_count": len(account.articles),
        "independent_sources": account.independent_sources,
        "articles": [a.ref for a in account.articles],
        "article_ids": [a.id for a in account.articles],
    }


def list_stories(store_path: Path) -> list[dict[str, Any]]:
    """Every story with its title, outlets, dates, size and member article ids."""
    store = _existing(store_path)
    try:
        return [_story_row(store.account(s.id)) for s in store.stories()]
    finally:
        store.close()


def accounts(store_path: Path) -> list[StoryAccount]:
    """Every story account, largest story first."""
    store = _existing(store_path)
    try:
        return [store.account(s.id) for s in store.stories()]
    finally:
        store.close()


def render_story(store_path: Path, story_id: str, fmt: report_stage.Format) -> str:
    """Render one story's account."""
    store = _existing(store_path)
    try:
        return report_stage.render(store.account(story_id), fmt)
    finally:
        store.close()


def export(store_path: Path, fmt: report_stage.Format, out_dir: Path) -> Path:
    """Write every account in ``fmt`` into ``out_dir``; return the index path."""
    store = _existing(store_path)
    try:
        accounts = [store.account(s.id) for s in store.stories()]
        sentences = {d.article.id: d.sentences for d in store.documents()} \
            if fmt == "html" else None
        return report_stage.export(accounts, fmt, out_dir, sentences)
    finally:
        store.close()


def rejections(store_path: Path) -> list[Rejection]:
    """Every rejected input with its reason."""
    store = _existing(store_path)
    try:
        return store.rejections()
    finally:
        store.close()


def list_entities(store_path: Path, name: str | None = None) -> list[Entity]:
    """The roster, or the entities matching ``name`` (id, name or alias)."""
    store = _existing(store_path)
    try:
        roster = store.entities()
    finally:
        store.close()
    if name is None:
        return roster
    wanted = name.casefold()
    found = [e for e in roster if wanted in (e.id.casefold(), e.name.casefold())
             or any(a.name.casefold() == wanted for a in e.aliases)]
    if not found:
        # Else the entities with those words in a name, accents, case and punctuation
        # aside, compared as the roster's id slugs ("toha" and "Tohá" find Carolina Tohá).
        words = slug(name)
        found = [e for e in roster if words and any(
            f"-{words}-" in f"-{slug(n)}-" for n in (e.name, *(a.name for a in e.aliases)))]
    if not found:
        raise NotFound(f"no entity named {name!r}; `storyline entities` lists them")
    return found


def entity_mentions(store_path: Path, entity_id: str) -> list[dict[str, Any]]:
    """Every mention of one entity, with its article, outlet and sentence."""
    store = _existing(store_path)
    try:
        return store.entity_mentions(entity_id)
    finally:
        store.close()


def why(store_path: Path, article: str) -> dict[str, Any]:
    """Which story an article joined, with its score and the nearest other stories."""
    store = _existing(store_path)
    try:
        doc = _article_or_input(store, article)
        decision = store.decision(doc.article.id)
        titles = {s.id: s.title for s in store.stories()}
        current = store.resolve_story(decision.story_id)
        now_in = {c.story_id: store.resolve_story(c.story_id) for c in decision.nearest}
    finally:
        store.close()
    return {"article_id": doc.article.id, "ref": doc.article.ref, "title": doc.article.title,
            "story_title": titles.get(current, ""), "decision": decision,
            "story_now": current,
            "titles": {c: titles.get(now, "") for c, now in now_in.items()}}


def _article_or_input(store: SQLiteStore, name: str) -> Document:
    """The article with id or ref ``name``, or the one read from the input ``name`` (a
    path, ``path:line``, a URL); NotFound saying why when that input was rejected."""
    try:
        return store.document(name)
    except NotFound as missing:
        keys = [name]
        if not is_url(name):
            path, sep, line = name.rpartition(":")
            keys.append(str(Path(name).resolve()))
            if sep and line.isdigit():
                keys.append(f"{Path(path).resolve()}:{line}")
        article_id, rejected = store.input_result(keys)
        if article_id is not None:
            return store.document(article_id)
        if not rejected:
            raise missing
        if len(rejected) == 1:
            (r,) = rejected
            raise NotFound(f"{r.input} was rejected ({r.reason}: {r.detail}), so it is in no "
                           f"story; `storyline rejects` lists every rejected input") from None
        shown = "; ".join(f"{r.input} ({r.reason}: {r.detail})" for r in rejected[:5])
        more = f"; and {len(rejected) - 5} more" if len(rejected) > 5 else ""
        raise NotFound(f"{name!r} names {len(rejected)} rejected inputs, in no story: "
                       f"{shown}{more}; `storyline rejects` lists every rejected input") from None


def demo_files() -> list[Path]:
    """The article files of the bundled demo corpus."""
    folder = Path(str(resources.files("storyline").joinpath("demo/corpus")))
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".txt", ".html", ".json", ".jsonl") and p.name != "MANIFEST.json")


def demo(out_dir: Path, config: Config | None = None) -> tuple[BuildReport, Path]:
    """Build the demo corpus into ``out_dir/demo.db`` and export HTML; return the index."""
    store_path = out_dir / "demo.db"
    report = build(demo_files(), store_path, config)
    index = export(store_path, "html", out_dir / "html")
    return report, index


def _existing(store_path: Path) -> SQLiteStore:
    if not Path(store_path).is_file():
        raise NotFound(f"no store at {store_path}; create one with `storyline build PATH... "
                       f"--store {store_path}`")
    return open_store(store_path)
