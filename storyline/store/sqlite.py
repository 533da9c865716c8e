"""The default store: one SQLite file, WAL mode, every write in a transaction.

A killed ``build`` leaves only whole transactions behind: an input is marked
processed in the same transaction that stores its article (or rejection), so a
re-run skips exactly what was finished and redoes the rest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import NotFound, SchemaTooNew, StoreError
from ..model import (
    ClusterDecision,
    Document,
    Entity,
    Rejection,
    Story,
    StoryAccount,
    StoryMerge,
    from_json,
    to_json,
)
from ..stages._fetch import FetchResult

SCHEMA_VERSION = 6

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
    article_id TEXT, processed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, ref TEXT NOT NULL, origin TEXT NOT NULL, source TEXT NOT NULL,
    published TEXT, title TEXT NOT NULL, document TEXT NOT NULL, method TEXT NOT NULL,
    seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS articles_ref ON articles(ref);
CREATE TABLE IF NOT EXISTS rejections (
    input TEXT PRIMARY KEY, reason TEXT NOT NULL, detail TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, record TEXT NOT NULL, method TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS accounts (
    story_id TEXT PRIMARY KEY, record TEXT NOT NULL, members_hash TEXT NOT NULL,
    method TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sketches (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), size INTEGER NOT NULL,
    sketch BLOB NOT NULL, root TEXT);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity_id TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL,
    end_ INTEGER NOT NULL, text TEXT NOT NULL, sentence_index INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions(entity_id);
CREATE TABLE IF NOT EXISTS embeddings (
    article_id TEXT PRIMARY KEY, model TEXT NOT NULL, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS story_aliases (
    alias TEXT PRIMARY KEY, story_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT PRIMARY KEY, final_url TEXT NOT NULL, status INTEGER NOT NULL,
    content_type TEXT NOT NULL, body BLOB NOT NULL, fetched_at TEXT NOT NULL);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dump(record: Any) -> str:
    return json.dumps(to_json(record), ensure_ascii=False, separators=(",", ":"))


class SQLiteStore:
    """A Store in one SQLite file."""

    def __init__(self, path: Path | str, *, read_only: bool = False):
        self.path = Path(path)
        if read_only:
            self._open_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(self.path), timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store {self.path}: {e}; is it a storyline store? "
                             f"Pass a new --store path to start afresh") from e

    def _open_read_only(self) -> None:
        # For readers that share the file with a writer (the web app): no migration, no
        # writes, and a connection any thread may use (each caller keeps its own).
        try:
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                        timeout=30, check_same_thread=False)
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store {self.path} read-only: {e}; is it a "
                             f"storyline store? Build one with `storyline build`") from e
        if row is None or int(row[0]) != SCHEMA_VERSION:
            found = "no schema" if row is None else f"schema {row[0]}"
            raise StoreError(f"store {self.path} has {found}, this storyline reads schema "
                             f"{SCHEMA_VERSION}; run `storyline build` on it once to migrate")

    def _migrate(self) -> None:
        with self.conn:
            self.conn.executescript(_SCHEMA)
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise SchemaTooNew(f"store {self.path} has schema {row[0]}, newer than this "
                                   f"storyline's {SCHEMA_VERSION}; upgrade storyline")
            elif int(row[0]) < SCHEMA_VERSION:
                # 1 -> 6 only added tables (sketches, fetches, entity_mentions, decisions,
                # story_aliases, embeddings),
                # created above; the next build fills entity_mentions.
                self.conn.execute("UPDATE meta SET value=? WHERE key='schema'",
                                  (str(SCHEMA_VERSION),))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- inputs and articles
    def has_input(self, key: str, fingerprint: str) -> bool:
        """True when ``key`` was processed with the same content before."""
        row = self.conn.execute("SELECT fingerprint FROM inputs WHERE key=?", (key,)).fetchone()
        return row is not None and row[0] == fingerprint

    def article_input(self, article_id: str) -> str | None:
        """The origin of a stored article, or None."""
        row = self.conn.execute("SELECT origin FROM articles WHERE id=?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def ref_origin(self, ref: str) -> str | None:
        """The origin of the stored article that the input called ``ref``, or None."""
        row = self.conn.execute("SELECT origin FROM articles WHERE ref=? ORDER BY seq LIMIT 1",
                                (ref,)).fetchone()
        return None if row is None else str(row[0])

    def add_documents(self, items: list[tuple[str, str, Document]], method: str = "",
                      sketches: dict[str, tuple[int, bytes]] | None = None) -> None:
        """Store analysed documents and mark their inputs processed, in one transaction.

        ``sketches`` maps article ids to (shingle count, MinHash bytes) for the
        near-duplicate index.
        """
        sketches = sketches or {}
        with self.conn:
            seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            for key, fingerprint, doc in items:
                seq += 1
                a = doc.article
                self.conn.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                    (a.id, a.ref, a.origin, a.source, a.published, a.title, _dump(doc), method,
                     seq))
                self.conn.execute("INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?)",
                                  (key, fingerprint, "article", a.id, _now()))
                self.conn.execute("DELETE FROM rejections WHERE input=?", (key,))
                if a.id in sketches:
                    size, blob = sketches[a.id]
                    self.conn.execute("INSERT OR REPLACE INTO sketches VALUES (?,?,?,?)",
                                      (a.id, size, blob, a.duplicate_of))

    def stale_documents(self, method: str) -> list[Document]:
        """Documents analysed by another method than ``method`` (an older release)."""
        rows = self.conn.execute("SELECT document FROM articles WHERE method<>? ORDER BY seq",
                                 (method,))
        return [from_json(Document, json.loads(blob)) for (blob,) in rows]

    def replace_documents(self, docs: list[Document], method: str) -> None:
        """Store documents analysed again, keeping each article's place in the order."""
        with self.conn:
            for doc in docs:
                self.conn.execute("UPDATE articles SET document=?, method=? WHERE id=?",
                                  (_dump(doc), method, doc.article.id))

    def add_rejection(self, key: str, fingerprint: str, rejection: Rejection) -> None:
        """Store a rejection and mark its input processed."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO rejections VALUES (?,?,?,?)",
                              (rejection.input or key, rejection.reason, rejection.detail, _now()))
            self.conn.execute("INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?)",
                              (key, fingerprint, "rejected", None, _now()))

    def sketches(self) -> Iterator[tuple[str, int, bytes, str | None]]:
        """Every stored near-duplicate sketch: (article id, size, sketch bytes, root)."""
        for row in self.conn.execute("SELECT article_id, size, sketch, root FROM sketches "
                                     "ORDER BY rowid"):
            yield str(row[0]), int(row[1]), bytes(row[2]), row[3]

    # -- sentence embeddings (the optional embeddings extra)
    def embeddings(self, model: str) -> dict[str, bytes]:
        """Stored embeddings made with ``model``: article id -> float32 bytes."""
        return {str(a): bytes(v) for a, v in self.conn.execute(
            "SELECT article_id, vector FROM embeddings WHERE model=?", (model,))}

    def save_embeddings(self, model: str, vectors: dict[str, bytes]) -> None:
        """Keep embeddings so a re-run does not compute them again."""
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?,?,?)",
                                  [(a, model, v) for a, v in vectors.items()])

    # -- fetch cache (the FetchCache protocol of stages/_fetch.py)
    def get_fetch(self, url: str) -> FetchResult | None:
        """A page fetched before, or None."""
        row = self.conn.execute("SELECT url, final_url, status, content_type, body, fetched_at "
                                "FROM fetches WHERE url=?", (url,)).fetchone()
        if row is None:
            return None
        return FetchResult(row[0], row[1], int(row[2]), row[3], bytes(row[4]), row[5],
                           from_cache=True)

    def put_fetch(self, result: FetchResult) -> None:
        """Keep a fetched page so a re-run does not fetch it again."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO fetches VALUES (?,?,?,?,?,?)",
                              (result.url, result.final_url, result.status,
                               result.content_type, result.body, result.fetched_at))

    def documents(self) -> Iterator[Document]:
        """Every stored document, in the order they were added."""
        for (blob,) in self.conn.execute("SELECT document FROM articles ORDER BY seq"):
            yield from_json(Document, json.loads(blob))

    def document(self, article_id: str) -> Document:
        """One stored document by article id (or by the id the input gave it)."""
        row = self.conn.execute("SELECT document FROM articles WHERE id=? OR ref=? ORDER BY seq "
                                "LIMIT 1", (article_id, article_id)).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.path}; "
                           f"`storyline stories --json` lists the article ids")
        return from_json(Document, json.loads(row[0]))

    def unassigned_documents(self) -> list[Document]:
        """Documents not yet in any story (new, or left by a killed run)."""
        rows = self.conn.execute(
            "SELECT document FROM articles WHERE id NOT IN (SELECT article_id FROM "
            "story_articles) ORDER BY seq")
        return [from_json(Document, json.loads(blob)) for (blob,) in rows]

    def article_count(self) -> int:
        """How many articles the store holds."""
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # -- stories
    def story_members(self) -> dict[str, list[str]]:
        """Story id -> member article ids, in the order they joined."""
        out: dict[str, list[str]] = {}
        for story_id, article_id in self.conn.execute(
                "SELECT sa.story_id, sa.article_id FROM story_articles sa JOIN articles a "
                "ON a.id = sa.article_id ORDER BY a.seq"):
            out.setdefault(story_id, []).append(article_id)
        return out

    def save_stories(self, stories: list[Story], assignment: dict[str, str],
                     decisions: dict[str, ClusterDecision] | None = None,
                     merges: list[StoryMerge] | None = None) -> None:
        """Store stories, the assignment of new articles, why, and merges, in one transaction.

        A merged story's members move to the kept story, its row and account go, and
        its id stays as an alias of the kept one.
        """
        with self.conn:
            for merge in merges or []:
                self.conn.execute("UPDATE story_articles SET story_id=? WHERE story_id=?",
                                  (merge.kept, merge.merged))
                self.conn.execute("UPDATE story_aliases SET story_id=? WHERE story_id=?",
                                  (merge.kept, merge.merged))
                self.conn.execute("DELETE FROM stories WHERE id=?", (merge.merged,))
                self.conn.execute("DELETE FROM accounts WHERE story_id=?", (merge.merged,))
                self.conn.execute("INSERT OR REPLACE INTO story_aliases VALUES (?,?,?)",
                                  (merge.merged, merge.kept, _dump(merge)))
            for article_id, story_id in assignment.items():
                self.conn.execute("INSERT OR REPLACE INTO story_articles VALUES (?,?)",
                                  (article_id, story_id))
            for article_id, decision in (decisions or {}).items():
                self.conn.execute("INSERT OR REPLACE INTO decisions VALUES (?,?,?)",
                                  (article_id, decision.story_id, _dump(decision)))
            for story in stories:
                self.conn.execute("INSERT OR REPLACE INTO stories VALUES (?,?,?,?)",
                                  (story.id, _dump(story), story.method, _now()))

    def decision(self, article_id: str) -> ClusterDecision:
        """Why a stored article is in its story."""
        row = self.conn.execute("SELECT record FROM decisions WHERE article_id=?",
                                (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no clustering decision for article {article_id!r} in {self.path}; "
                           f"it was clustered by an older version or not yet: run "
                           f"`storyline build` to finish it")
        return from_json(ClusterDecision, json.loads(row[0]))

    def stories(self) -> list[Story]:
        """Every story, newest activity first."""
        rows = self.conn.execute("SELECT record FROM stories")
        stories = [from_json(Story, json.loads(blob)) for (blob,) in rows]
        stories.sort(key=lambda s: (-len(s.article_ids), s.last_seen or "", s.id))
        return stories

    def resolve_story(self, story_id: str) -> str:
        """The current id of a story (a merged story's id leads to the one it joined)."""
        row = self.conn.execute("SELECT story_id FROM story_aliases WHERE alias=?",
                                (story_id,)).fetchone()
        return story_id if row is None else str(row[0])

    def merges(self) -> list[StoryMerge]:
        """Every recorded merge, oldest first."""
        return [from_json(StoryMerge, json.loads(r)) for (r,) in self.conn.execute(
            "SELECT record FROM story_aliases ORDER BY rowid")]

    def story(self, story_id: str) -> Story:
        """One story by id (or by the id of a story merged into it)."""
        story_id = self.resolve_story(story_id)
        row = self.conn.execute("SELECT record FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"no story {story_id!r} in {self.path}; `storyline stories` lists them")
        return from_json(Story, json.loads(row[0]))

    # -- entities, accounts, rejections
    def save_entities(self, entities: list[Entity],
                      mentions: list[tuple[str, str, int, int, str, int]] | None = None) -> None:
        """Replace the roster, and the mentions resolved to each entity.

        ``mentions`` rows: (entity id, article id, start, end, surface, sentence index).
        """
        with self.conn:
            self.conn.execute("DELETE FROM entities")
            self.conn.executemany("INSERT INTO entities VALUES (?,?)",
                                  [(e.id, _dump(e)) for e in entities])
            if mentions is not None:
                self.conn.execute("DELETE FROM entity_mentions")
                self.conn.executemany("INSERT INTO entity_mentions VALUES (?,?,?,?,?,?)",
                                      mentions)

    def entity_mentions(self, entity_id: str) -> list[dict[str, Any]]:
        """Where an entity is mentioned: article, outlet, surface and the sentence."""
        rows = self.conn.execute(
            "SELECT m.article_id, m.start, m.end_, m.text, m.sentence_index, a.ref, a.source "
            "FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.entity_id=? ORDER BY a.seq, m.start", (entity_id,)).fetchall()
        out = []
        sentences: dict[str, Any] = {}
        for article_id, start, end, text, index, ref, source in rows:
            if article_id not in sentences:
                sentences[article_id] = self.document(article_id).sentences
            sents = sentences[article_id]
            out.append({"article_id": article_id, "ref": ref, "source": source,
                        "start": start, "end": end, "text": text, "sentence_index": index,
                        "sentence": sents[index].text if 0 <= index < len(sents) else ""})
        return out

    def entities(self) -> list[Entity]:
        """The roster, most widely reported first."""
        out = [from_json(Entity, json.loads(b))
               for (b,) in self.conn.execute("SELECT record FROM entities")]
        out.sort(key=lambda e: (-len(e.article_ids), e.name))
        return out

    def account_hash(self, story_id: str) -> str | None:
        """The member hash the stored account was built from, or None."""
        row = self.conn.execute("SELECT members_hash FROM accounts WHERE story_id=?",
                                (story_id,)).fetchone()
        return None if row is None else str(row[0])

    def save_account(self, account: StoryAccount, members_hash: str) -> None:
        """Store a story's account."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO accounts VALUES (?,?,?,?)",
                              (account.story_id, _dump(account), members_hash, account.method))

    def account(self, story_id: str) -> StoryAccount:
        """One story's account (a merged story's id gives the account it joined)."""
        story_id = self.resolve_story(story_id)
        row = self.conn.execute("SELECT record FROM accounts WHERE story_id=?",
                                (story_id,)).fetchone()
        if row is None:
            self.story(story_id)  # no such story: say so, and where the ids are listed
            raise NotFound(f"no account for story {story_id!r} in {self.path}; run "
                           f"`storyline build` to finish it")
        return from_json(StoryAccount, json.loads(row[0]))

    def rejections(self) -> list[Rejection]:
        """Every rejected input with its reason."""
        rows = self.conn.execute("SELECT input, reason, detail FROM rejections ORDER BY reason, "
                                 "input")
        return [Rejection(i, r, d) for i, r, d in rows]

    def input_result(self, names: list[str]) -> tuple[str | None, list[Rejection]]:
        """What became of the input named by one of ``names`` (input keys: a resolved path,
        ``path:line``, a URL): the id of the article it gave, or its rejections. A bare file
        name or stem ("notes.txt", "notes") matches rejected inputs by their last part."""
        for name in names:
            row = self.conn.execute("SELECT article_id FROM inputs WHERE key=? AND "
                                    "status='article'", (name,)).fetchone()
            if row is not None and row[0]:
                return str(row[0]), []
        found = []
        for r in self.rejections():
            last = r.input.rsplit("/", 1)[-1]
            if r.input in names or any(last == n or last.rsplit(".", 1)[0] == n or
                                       last.split(".", 1)[0] == n for n in names if "/" not in n):
                found.append(r)
        return None, found

    def input_counts(self) -> dict[str, int]:
        """How many inputs ended as each status."""
        return {s: n for s, n in self.conn.execute(
            "SELECT status, COUNT(*) FROM inputs GROUP BY status")}


def open_store(path: Path | str, *, read_only: bool = False) -> SQLiteStore:
    """Open (creating or migrating) the SQLite store at ``path``; ``read_only`` only reads."""
    return SQLiteStore(path, read_only=read_only)
