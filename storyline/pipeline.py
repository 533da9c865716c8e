"""Run the whole pipeline into a store: ingest -> clean -> dedupe -> analyze -> cluster -> fuse.

``build`` is resumable and idempotent. Inputs already processed (same key, same
bytes) are skipped; articles are analysed and committed in batches; stories
only gain members; an account is rebuilt only when its story's members changed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .config import Config
from .model import Article, ClusterDecision, Document, Rejection, StoryMerge
from .stages import analyze as analyze_stage
from .stages import clean as clean_stage
from .stages import cluster as cluster_stage
from .stages import dedupe as dedupe_stage
from .stages import fuse as fuse_stage
from .stages import ingest as ingest_stage
from .stages._fetch import Fetcher
from .stages._roster import NAME as ROSTER_METHOD
from .stages._roster import Roster, build_roster
from .stages.ingest import IngestOptions, Skip
from .store.sqlite import SQLiteStore

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildReport:
    """What one ``build`` did, for the closing summary line."""

    inputs: int = 0
    articles: int = 0
    near_duplicates: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    reanalysed: int = 0
    stories_touched: int = 0
    stories_merged: int = 0
    accounts_built: int = 0
    # (the id the input gave, the ref the article got) for an id another article had
    renamed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        """One line: 'read N inputs: A articles, D duplicates, R rejected (...)'.

        Inputs are the units that end as an article, a duplicate or a rejection;
        units left out on purpose (filters, non-HTML WARC records) are listed after.
        """
        rejected = sum(self.rejected.values())
        reasons = ", ".join(f"{n:,} {r}" for r, n in sorted(self.rejected.items(),
                                                            key=lambda p: (-p[1], p[0])))
        text = f"read {self.inputs:,} inputs: {self.articles:,} articles"
        if self.near_duplicates:
            text += f" ({self.near_duplicates:,} near-duplicates linked to an original)"
        text += f", {self.duplicates:,} duplicates, {rejected:,} rejected"
        if reasons:
            text += f" ({reasons})"
        if self.unchanged:
            text += f"; {self.unchanged:,} unchanged since the last run"
        if self.reanalysed:
            text += f"; {self.reanalysed:,} analysed again by this release"
        if self.renamed:
            shown = ", ".join(f"{given} -> {ref}" for given, ref in self.renamed[:3])
            more = ", ..." if len(self.renamed) > 3 else ""
            text += (f"; {len(self.renamed):,} with an id another article has, given a new "
                     f"one ({shown}{more})")
        if self.skipped:
            skipped = ", ".join(f"{n:,} {r}" for r, n in sorted(self.skipped.items(),
                                                                key=lambda p: (-p[1], p[0])))
            text += f"; skipped {sum(self.skipped.values()):,} ({skipped})"
        merged = f" ({self.stories_merged:,} merged into others)" if self.stories_merged else ""
        return text + (f"; {self.stories_touched:,} stories updated{merged}, "
                       f"{self.accounts_built:,} accounts written")


def _account_hash(article_ids: list[str], docs: list[Document], config: Config,
                  roster: Roster) -> str:
    """What a story's account is made of: its articles, the methods and settings that
    fuse them, and what the corpus-wide roster makes of their mentions and speakers. An
    article added to another story can rename an entity of this one ("Mike Pompeo" named
    in full elsewhere), and a new release can read the same text differently; either
    way the account is fused again."""
    digest = hashlib.sha256(("|".join(sorted(article_ids)) +
                             f"|{fuse_stage.NAME}|{analyze_stage.NAME}|{ROSTER_METHOD}"
                             f"|{config.summary_words}|{config.fact_threshold}").encode())
    by_id = roster.by_id()
    for doc in sorted(docs, key=lambda d: d.article.id):
        aid = doc.article.id
        for m in doc.mentions:
            eid = roster.mention_entity.get((aid, m.start))
            entity = by_id.get(eid) if eid else None
            if entity is not None:
                digest.update(f"|{m.start}:{eid}:{entity.name}:{entity.type}:"
                              f"{','.join(entity.related)}".encode())
        for q in doc.quotes:
            digest.update(f"|{roster.speaker_entity.get((aid, q.speaker), '')}".encode())
    return digest.hexdigest()[:16]


def build(inputs: Sequence[Path | str], store: SQLiteStore, config: Config,
          grouped: bool = False, progress: Progress | None = None,
          options: IngestOptions | None = None) -> BuildReport:
    """Read ``inputs`` (paths or URLs) into ``store`` and update every affected account.

    When ``config.fetch`` is on and ``options`` brings no fetcher, a polite
    ``Fetcher`` that caches pages in the store is used for URLs and feed links.
    """
    report = BuildReport()
    options = options or IngestOptions()
    fetcher: Fetcher | None = None
    if options.fetcher is None and config.fetch:
        fetcher = Fetcher(config, cache=store)
        options = replace(options, fetcher=fetcher)
    try:
        _ingest_and_analyze(list(inputs), store, config, options, report, progress)
    finally:
        if fetcher is not None:
            fetcher.close()
    _cluster_and_fuse(store, config, grouped, report, progress)
    return report


def _ingest_and_analyze(inputs: list[Path | str], store: SQLiteStore, config: Config,
                        options: IngestOptions, report: BuildReport,
                        progress: Progress | None) -> None:
    pending: list[tuple[str, str, Article]] = []
    sketches: dict[str, tuple[int, bytes]] = {}
    seen_ids: dict[str, str] = {}
    seen_refs: dict[str, str] = {}
    near = dedupe_stage.NearDuplicates(config.near_duplicate_threshold)
    near.load(store.sketches())

    def flush() -> None:
        if not pending:
            return
        results = _analysed([a for _, _, a in pending], config.batch_size)
        items: list[tuple[str, str, Document]] = []
        failed: set[str] = set()
        for (key, fp, article), doc in zip(pending, results, strict=True):
            if isinstance(doc, Document):
                items.append((key, fp, doc))
                continue
            # One article the analysis cannot read is rejected, by name; the run goes on.
            # It is undone everywhere it was noted: its id and sketch are free again,
            # an article that copies it is an original, and its input is read again at the
            # next run (the fingerprint is marked so that it never matches: a later release
            # may read it).
            rejection = Rejection(key, "analysis-failed",
                                  f"{article.ref or key}: analysis failed "
                                  f"({type(doc).__name__}: {str(doc)[:300]})")
            report.rejected[rejection.reason] = report.rejected.get(rejection.reason, 0) + 1
            store.add_rejection(key, fp + RETRY_MARK, rejection)
            sketches.pop(article.id, None)
            near.remove(article.id)
            failed.add(article.id)
            if article.duplicate_of:
                report.near_duplicates -= 1
            if seen_ids.get(article.id) == article.origin:
                del seen_ids[article.id]
        for i, (key, fp, doc) in enumerate(items):
            article = doc.article
            if article.duplicate_of in failed:
                report.near_duplicates -= 1
                article = replace(article, duplicate_of=None, duplicate_score=None)
            # Refs are given to the articles stored, in input order.
            article = _unique_ref(article, key, store, seen_refs, report)
            if article is not doc.article:
                items[i] = (key, fp, replace(doc, article=article))
        store.add_documents(items, method=analyze_stage.NAME, sketches=sketches)
        report.articles += len(items)
        if progress:
            progress("analyze", len(items), None)
        pending.clear()
        sketches.clear()

    options = replace(options, known=store.has_input)
    for item in ingest_stage.ingest(inputs, config, options):
        result = item.result
        if result is ingest_stage.UNCHANGED or (
                not isinstance(result, Skip) and store.has_input(item.key, item.fingerprint)):
            report.inputs += 1
            report.unchanged += 1
            continue
        if isinstance(result, Skip):
            report.skipped[result.reason] = report.skipped.get(result.reason, 0) + 1
            continue
        report.inputs += 1
        if isinstance(result, Article):
            article = clean_stage.clean(result)
            original = seen_ids.get(article.id) or store.article_input(article.id)
            if original is not None and original != article.origin:
                report.duplicates += 1
                store.add_rejection(item.key, item.fingerprint, Rejection(
                    item.key, "duplicate", f"same title and text as {original}"))
                continue
            seen_ids[article.id] = article.origin
            sketch = dedupe_stage.sketch(article.text)
            if sketch is not None:
                match = near.match(sketch)
                if match is not None:
                    article = replace(article, duplicate_of=match[0], duplicate_score=match[1])
                    report.near_duplicates += 1
                near.add(article.id, sketch, article.duplicate_of)
                sketches[article.id] = (sketch.size, sketch.to_bytes())
            pending.append((item.key, item.fingerprint, article))
            if len(pending) >= config.batch_size:
                flush()
        else:
            report.rejected[result.reason] = report.rejected.get(result.reason, 0) + 1
            store.add_rejection(item.key, item.fingerprint, result)
    flush()
    # Articles a release before this one analysed are read again (from their stored
    # clean text), keeping their ids and order: a store outlives releases.
    # A date the old analysis read off the text or the page is read again too; one the
    # source or the user gave ("metadata", "override") stays. Stored a batch at a time, so a
    # killed run keeps what it did.
    stale = store.stale_documents(analyze_stage.NAME)
    for first in range(0, len(stale), config.batch_size):
        results = _analysed(
            [replace(d.article, published=None, published_method="none", published_evidence="")
             if d.article.published_method in ("page", "inferred", "calendar") else d.article
             for d in stale[first:first + config.batch_size]], config.batch_size)
        # One the analysis cannot read again keeps its stored document (logged).
        docs = [d for d in results if isinstance(d, Document)]
        store.replace_documents(docs, analyze_stage.NAME)
        report.reanalysed += len(docs)
        if progress:
            progress("analyze", len(docs), None)


# Appended to the fingerprint of an input whose analysis failed: it never matches, so the
# input is read again at the next run.
RETRY_MARK = "#analysis-failed"


def _unique_ref(article: Article, key: str, store: SQLiteStore, seen_refs: dict[str, str],
                report: BuildReport) -> Article:
    """The article with a ref no other article has: citations ``[ref:start-end]`` and
    ``storyline why REF`` must name one article. A second article with an id already
    taken (two JSONL lines with id "j1", two folders' "notes.txt") keeps its text and
    is called "j1#2" (the next free number), with a warning naming its input."""
    def holder(ref: str) -> str | None:
        return seen_refs.get(ref) or store.ref_origin(ref)

    ref, first = article.ref, holder(article.ref)
    # The same input read again (a file edited since) keeps its ref.
    if first is not None and first not in (key, article.origin):
        n = 2
        while holder(ref := f"{article.ref}#{n}") is not None:
            n += 1
        logger.warning("%s: id %r is taken (by the article from %s); this article is "
                       "stored as %r", key, article.ref, first, ref)
        report.renamed.append((article.ref, ref))
        article = replace(article, ref=ref)
    seen_refs[ref] = key
    return article


def _analysed(articles: list[Article], batch_size: int) -> list[Document | Exception]:
    """The Documents of ``articles``, in order; an article whose analysis raised comes back
    as its exception. A batch that fails is analysed again one article at a time, so a text
    the analysis cannot read (a bug, an input no rule foresaw) costs that article only."""
    try:
        return list(analyze_stage.analyze(articles, batch_size=batch_size))
    except Exception:
        logger.warning("analysing a batch of %d articles failed; analysing them one at a time",
                       len(articles), exc_info=True)
    out: list[Document | Exception] = []
    for article in articles:
        try:
            out.extend(analyze_stage.analyze([article], batch_size=1))
        except Exception as e:
            logger.error("cannot analyse %s: %s: %s", article.origin or article.ref,
                         type(e).__name__, e, exc_info=True)
            out.append(e)
    return out


def _cluster_and_fuse(store: SQLiteStore, config: Config, grouped: bool, report: BuildReport,
                      progress: Progress | None) -> None:
    corpus = list(store.documents())
    roster = build_roster(corpus)
    store.save_entities(list(roster.entities), [
        (eid, d.article.id, m.start, m.end, m.text, m.sentence_index)
        for d in corpus for m in d.mentions
        if (eid := roster.mention_entity.get((d.article.id, m.start))) is not None])
    by_id = {d.article.id: d for d in corpus}
    new_docs = store.unassigned_documents()
    if not grouped:
        new_docs = [_ungrouped(d) for d in new_docs]
    members = store.story_members()
    existing = {sid: [by_id[a] for a in ids if a in by_id] for sid, ids in members.items()}
    if new_docs:
        decisions: dict[str, ClusterDecision] = {}
        merges: list[StoryMerge] = []
        embeddings = document_embeddings(store, corpus) if config.cluster_embeddings else None
        stories, assignment = cluster_stage.cluster(new_docs, existing, corpus, config, roster,
                                                    decisions, merges, embeddings)
        store.save_stories(stories, assignment, decisions, merges)
        report.stories_merged = len(merges)
        report.stories_touched = len(stories)
    for story in store.stories():
        docs = [by_id[a] for a in story.article_ids if a in by_id]
        digest = _account_hash(list(story.article_ids), docs, config, roster)
        if store.account_hash(story.id) == digest:
            continue
        account = fuse_stage.fuse(story, docs, config, roster)
        store.save_account(account, digest)
        report.accounts_built += 1
        if progress:
            progress("fuse", 1, None)


def document_embeddings(store: SQLiteStore, docs: list[Document]) -> dict[str, np.ndarray]:
    """Sentence embeddings of title + text, computed once and kept in the store."""
    from . import embeddings as embeddings_module

    stored = store.embeddings(embeddings_module.MODEL)
    missing = [d for d in docs if d.article.id not in stored]
    if missing:
        vectors = embeddings_module.encode(
            [f"{d.article.title}. {d.article.text}" for d in missing])
        new = {d.article.id: v.tobytes() for d, v in zip(missing, vectors, strict=True)}
        store.save_embeddings(embeddings_module.MODEL, new)
        stored.update(new)
    return {a: np.frombuffer(v, dtype=np.float32) for a, v in stored.items()}


def _ungrouped(doc: Document) -> Document:
    if doc.article.group is None:
        return doc
    return replace(doc, article=replace(doc.article, group=None))
