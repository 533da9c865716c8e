"""The queries behind every page: each returns the JSON a page shows, for both its twins.

``Catalog`` keeps a small index of story rows in memory (titles, outlets, dates, sizes,
searchable words and entity names) so the story list does not parse every account per
request; it is rebuilt when another connection has written to the store
(``PRAGMA data_version``). Story pages read the account and the sentences of its
articles from the store on each request.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..errors import NotFound
from ..model import Entity, StoryAccount
from ..stages import report
from ..store.sqlite import SQLiteStore, open_store
from . import derive

logger = logging.getLogger(__name__)

Sort = Literal["size", "recent"]
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What the story list is asked for; every field is optional."""

    q: str = ""
    entity: str = ""
    outlet: str = ""
    since: date | None = None
    until: date | None = None
    sort: Sort = "size"
    page: int = 1
    page_size: int = 25

    def as_json(self) -> dict[str, Any]:
        """The filter as JSON values (dates as ISO days), for echoing back in a page."""
        return {"q": self.q, "entity": self.entity, "outlet": self.outlet,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "sort": self.sort, "page": self.page, "page_size": self.page_size}


@dataclass(slots=True)
class _Indexed:
    row: dict[str, Any]
    article_ids: tuple[str, ...]
    text: str
    entity_keys: set[str] = field(default_factory=set)
    entity_ids: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _index(account: StoryAccount) -> _Indexed:
    words = [account.title, *(s.text for s in account.summary), *(f.text for f in account.facts),
             *(e.name for e in account.entities), *(a for e in account.entities for a in e.aliases)]
    keys = {k.casefold() for e in account.entities for k in (e.id, e.name, *e.aliases)}
    row = {"id": account.story_id, "title": account.title, "outlets": list(account.outlets),
           "first_published": account.first_published,
           "last_published": account.last_published, "article_count": len(account.articles),
           "independent_sources": account.independent_sources,
           "fact_count": len(account.facts), "conflict_count": len(account.conflicts)}
    return _Indexed(row, tuple(a.id for a in account.articles), " ".join(words).casefold(),
                    keys, {e.id for e in account.entities}, _day(account.first_published),
                    _day(account.last_published))


def _paginate(total: int, page: int, page_size: int) -> tuple[slice, int]:
    pages = max(1, math.ceil(total / page_size))
    start = (page - 1) * page_size
    return slice(start, start + page_size), pages


class Catalog:
    """Read-only access to one store for the web app, safe to share between threads."""

    def __init__(self, store_path: Path | str):
        self.store_path = Path(store_path)
        if not self.store_path.is_file():
            raise NotFound(f"no store at {self.store_path}; create one with `storyline build "
                           f"PATH... --store {self.store_path}`")
        self._lock = threading.Lock()
        self._local = threading.local()
        self._watch = open_store(self.store_path, read_only=True)
        self._version: int | None = None
        self._stories: list[_Indexed] = []
        self._entities: dict[str, Entity] = {}
        self._outlets: list[str] = []

    # -- connections and the index
    def store(self) -> SQLiteStore:
        """This thread's read-only store connection."""
        store: SQLiteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.store_path, read_only=True)
            self._local.store = store
        return store

    def _fresh(self) -> list[_Indexed]:
        with self._lock:
            version = int(self._watch.conn.execute("PRAGMA data_version").fetchone()[0])
            if version != self._version:
                self._rebuild()
                self._version = version
            return self._stories

    def _rebuild(self) -> None:
        store = self._watch
        self._stories = [_index(store.account(s.id)) for s in store.stories()
                         if store.account_hash(s.id) is not None]
        self._entities = {e.id: e for e in store.entities()}
        self._outlets = sorted({o for s in self._stories for o in s.row["outlets"]},
                               key=str.casefold)
        logger.info("indexed %s stories and %s entities of %s", len(self._stories),
                    len(self._entities), self.store_path)

    def outlets(self) -> list[str]:
        """Every outlet in the store, for the list's outlet filter."""
        self._fresh()
        return list(self._outlets)

    # -- queries
    def stories(self, wanted: StoryFilter) -> dict[str, Any]:
        """One page of the story list, filtered and sorted."""
        words = wanted.q.casefold().split()
        entity = wanted.entity.strip().casefold()
        outlet = wanted.outlet.strip().casefold()
        found = []
        for story in self._fresh():
            if any(w not in story.text for w in words):
                continue
            if entity and entity not in story.entity_keys:
                continue
            if outlet and outlet not in (o.casefold() for o in story.row["outlets"]):
                continue
            if wanted.since and (story.last is None or story.last < wanted.since):
                continue
            if wanted.until and (story.first is None or story.first > wanted.until):
                continue
            found.append(story)
        if wanted.sort == "recent":
            found.sort(key=lambda s: (s.row["last_published"] or "", s.row["article_count"]),
                       reverse=True)
        # "size" keeps the store's order: most articles first, then most recent.
        window, pages = _paginate(len(found), wanted.page, wanted.page_size)
        return {"items": [s.row for s in found[window]], "total": len(found),
                "page": wanted.page, "page_size": wanted.page_size, "pages": pages,
                "query": wanted.as_json()}

    def story(self, story_id: str) -> dict[str, Any]:
        """Everything the story page shows (raises NotFound for an unknown id)."""
        store = self.store()
        try:
            account = store.account(story_id)
        except NotFound:
            raise NotFound(f"no story {story_id!r} in this store; /stories lists them") \
                from None
        sentences: dict[str, list[tuple[int, str]]] = {}
        for article in account.articles:
            try:
                doc = store.document(article.id)
            except NotFound:
                continue
            sentences[article.id] = [(s.index, s.text) for s in doc.sentences]
        return derive.story_view(report.account_json(account), sentences)

    def entities(self, q: str, page: int, page_size: int) -> dict[str, Any]:
        """One page of the roster, optionally only entities whose name or alias holds ``q``."""
        self._fresh()
        wanted = q.strip().casefold()
        found = [e for e in self._entities.values()
                 if not wanted or wanted in e.id.casefold() or wanted in e.name.casefold()
                 or any(wanted in a.name.casefold() for a in e.aliases)]
        found.sort(key=lambda e: (-len(e.article_ids), e.name.casefold(), e.id))
        window, pages = _paginate(len(found), page, page_size)
        return {"items": [_entity_row(e) for e in found[window]], "total": len(found),
                "page": page, "page_size": page_size, "pages": pages}

    def entity(self, entity_id: str) -> dict[str, Any]:
        """One entity: its aliases and the stories it appears in."""
        stories = self._fresh()
        entity = self._entities.get(entity_id)
        if entity is None:
            raise NotFound(f"no entity {entity_id!r} in this store; /entities lists them")
        return {"entity": _entity_row(entity), "related": list(entity.related),
                "stories": [s.row for s in stories if entity.id in s.entity_ids],
                "alias_articles": {a.name: len(a.article_ids) for a in entity.aliases}}

    def rejects(self, page: int, page_size: int) -> dict[str, Any]:
        """Rejected inputs with their reasons, and a count per reason."""
        rows = self.store().rejections()
        counts = Counter(r.reason for r in rows)
        window, pages = _paginate(len(rows), page, page_size)
        return {"counts": dict(counts.most_common()),
                "items": [{"input": r.input, "reason": r.reason, "detail": r.detail}
                          for r in rows[window]],
                "total": len(rows), "page": page, "page_size": page_size, "pages": pages}

    def story_of(self, article_id: str) -> str | None:
        """The id of the story holding ``article_id``, or None."""
        return next((s.row["id"] for s in self._fresh() if article_id in s.article_ids), None)

    def close(self) -> None:
        """Close the connection this thread opened and the watcher's."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
        self._watch.close()


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type,
            "aliases": [a.name for a in entity.aliases], "article_count": len(entity.article_ids)}


_WRITE_LOCK = threading.Lock()


def add_article(catalog: Catalog, article: dict[str, Any], ref: str) -> dict[str, Any]:
    """Build one article (JSON fields as ``ArticleIn``) into the store; one writer at a time."""
    from .. import api

    with _WRITE_LOCK, tempfile.TemporaryDirectory(prefix="storyline-web-") as tmp:
        # The id travels in the JSON, never in the file name: an id is the client's text
        # ("../x", a NUL byte) and must not choose where the file is written.
        path = Path(tmp) / "article.json"
        path.write_text(json.dumps({**article, "id": ref}, ensure_ascii=False),
                        encoding="utf-8")
        built = api.build([path], catalog.store_path)
    # An id another article already has is given the next free "ref#N" (pipeline._unique_ref).
    ids = _article_ids(catalog.store(), [new for given, new in built.renamed if given == ref]
                       or [ref])
    return {"report": built.line(), "article_ids": ids,
            "story_ids": sorted({s for a in ids if (s := catalog.story_of(a)) is not None})}


def _article_ids(store: SQLiteStore, refs: Sequence[str]) -> list[str]:
    out = []
    for ref in refs:
        try:
            out.append(store.document(ref).article.id)
        except NotFound:
            continue
    return out
