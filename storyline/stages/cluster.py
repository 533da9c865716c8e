"""Cluster: group analysed articles into stories, one article at a time.

Each article is a sparse TF-IDF vector over its words (title counted twice)
plus its resolved entities (so "DPRK" and "North Korea" are one feature). It
joins the most similar story active within ``cluster_window_days`` of its date
when the cosine to that story's centroid reaches ``cluster_threshold``, else it
starts a new story. Existing assignments never change, so story ids are
stable: adding articles only adds members or stories.

Articles read from grouped input (``--grouped``) keep the grouping they came with,
and a near-duplicate (a reprint) joins the story of the article it copies.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..config import Config
from ..model import Document, Story
from ._roster import Roster

NAME = "cluster.tfidf-entities.v1"
TOKEN = re.compile(r"[a-z][a-z'’\-]+|\d+(?:[.,]\d+)?")
TITLE_WEIGHT = 2.0
# Entities are the strongest sign of one event; an entity feature counts as much
# as this many occurrences of a word.
ENTITY_WEIGHT = 1.5
MAX_KEY_TERMS = 8


def terms(text: str) -> list[str]:
    """Lower-case content words of ``text`` (stop words dropped)."""
    return [t for t in TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS and len(t) > 1]


def doc_features(doc: Document, roster: Roster | None) -> defaultdict[str, float]:
    """Raw feature counts of a document: words, title words, entity ids."""
    counts: defaultdict[str, float] = defaultdict(float)
    for t in terms(doc.article.text):
        counts[t] += 1.0
    for t in terms(doc.article.title):
        counts[t] += TITLE_WEIGHT
    if roster is not None:
        for m in doc.mentions:
            eid = roster.mention_entity.get((doc.article.id, m.start))
            if eid:
                counts["@" + eid] += ENTITY_WEIGHT
    return counts


@dataclass
class _StoryState:
    id: str
    members: list[str]
    centroid: dict[str, float] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None
    title: str = ""


def _date(doc: Document) -> datetime | None:
    if not doc.article.published:
        return None
    try:
        when = datetime.fromisoformat(doc.article.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def story_id_for(seed: str) -> str:
    """Stable story id derived from its first article (or its input group)."""
    return "s" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:11]


class Clusterer:
    """Streaming story assignment over a fixed IDF table."""

    def __init__(self, config: Config, roster: Roster | None, corpus: Sequence[Document]):
        self.config = config
        self.roster = roster
        df: Counter[str] = Counter()
        for doc in corpus:
            df.update(set(doc_features(doc, roster)))
        self.n_docs = max(1, len(corpus))
        self.idf = {t: math.log((1 + self.n_docs) / (1 + n)) + 1.0 for t, n in df.items()}
        self.stories: dict[str, _StoryState] = {}
        self.story_of: dict[str, str] = {}
        self.vectors: dict[str, dict[str, float]] = {}

    def vector(self, doc: Document) -> dict[str, float]:
        """Return the L2-normalised TF-IDF vector of a document."""
        if doc.article.id in self.vectors:
            return self.vectors[doc.article.id]
        default_idf = math.log(1 + self.n_docs) + 1.0
        vec = {t: (1 + math.log(c)) * self.idf.get(t, default_idf)
               for t, c in doc_features(doc, self.roster).items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out = {t: v / norm for t, v in vec.items()}
        self.vectors[doc.article.id] = out
        return out

    def add(self, story_id: str, doc: Document) -> None:
        """Add ``doc`` to a story (creating it), updating its centroid and time span."""
        story = self.stories.setdefault(story_id, _StoryState(story_id, [],
                                                              title=doc.article.title))
        story.members.append(doc.article.id)
        self.story_of[doc.article.id] = story_id
        vec = self.vector(doc)
        for t, v in vec.items():
            story.centroid[t] = story.centroid.get(t, 0.0) + v
        when = _date(doc)
        if when is not None:
            story.first = when if story.first is None else min(story.first, when)
            story.last = when if story.last is None else max(story.last, when)

    def scores(self, doc: Document) -> list[tuple[float, str]]:
        """Cosine of ``doc`` to every active story's centroid, best first."""
        vec = self.vector(doc)
        when = _date(doc)
        window = self.config.cluster_window_days * 86400
        out = []
        for story in self.stories.values():
            if when is not None and story.last is not None and story.first is not None:
                gap = max((story.first - when).total_seconds(), (when - story.last).total_seconds())
                if gap > window:
                    continue
            norm = math.sqrt(sum(v * v for v in story.centroid.values())) or 1.0
            dot = sum(v * story.centroid.get(t, 0.0) for t, v in vec.items())
            out.append((dot / norm, story.id))
        out.sort(reverse=True)
        return out

    def assign(self, doc: Document) -> tuple[str, list[tuple[float, str]]]:
        """Pick the story for ``doc`` (joining or starting one) and return it with the scores."""
        if doc.article.group is not None:
            story_id = story_id_for("group:" + doc.article.group)
            self.add(story_id, doc)
            return story_id, []
        original = doc.article.duplicate_of
        if original is not None and original in self.story_of:
            # A reprint of a wire story belongs where its original is.
            story_id = self.story_of[original]
            self.add(story_id, doc)
            return story_id, []
        ranked = self.scores(doc)
        if ranked and ranked[0][0] >= self.config.cluster_threshold:
            story_id = ranked[0][1]
        else:
            story_id = story_id_for(doc.article.id)
        self.add(story_id, doc)
        return story_id, ranked[:3]

    def key_terms(self, story_id: str) -> tuple[str, ...]:
        """The heaviest words of a story's centroid."""
        centroid = self.stories[story_id].centroid
        words = sorted(((v, t) for t, v in centroid.items() if not t.startswith("@")),
                       reverse=True)
        return tuple(t for _, t in words[:MAX_KEY_TERMS])


def stream_order(docs: Iterable[Document]) -> list[Document]:
    """Order documents as they would have arrived: by date, undated ones in input order."""
    indexed = list(enumerate(docs))
    return [d for _, d in sorted(indexed, key=lambda p: (p[1].article.published or "9999", p[0]))]


def cluster(new_docs: Sequence[Document], existing: dict[str, list[Document]],
            corpus: Sequence[Document], config: Config,
            roster: Roster | None) -> tuple[list[Story], dict[str, str]]:
    """Assign ``new_docs`` to stories, given ``existing`` stories and their members.

    Returns every story that gained members (with all its members) and the
    assignment of each new article.
    """
    clusterer = Clusterer(config, roster, corpus)
    for story_id, members in existing.items():
        for doc in members:
            clusterer.add(story_id, doc)
    assignment: dict[str, str] = {}
    touched: set[str] = set()
    for doc in stream_order(new_docs):
        story_id, _ = clusterer.assign(doc)
        assignment[doc.article.id] = story_id
        touched.add(story_id)
    by_id = {d.article.id: d for d in corpus}
    by_id.update({d.article.id: d for d in new_docs})
    stories = [_story(clusterer, sid, by_id) for sid in sorted(touched)]
    return stories, assignment


def _story(clusterer: Clusterer, story_id: str, by_id: dict[str, Document]) -> Story:
    state = clusterer.stories[story_id]
    members = [by_id[a] for a in state.members if a in by_id]
    dated = sorted(d.article.published for d in members if d.article.published)
    return Story(
        id=story_id, article_ids=tuple(state.members), title=members[0].article.title,
        key_terms=clusterer.key_terms(story_id),
        first_seen=dated[0] if dated else None, last_seen=dated[-1] if dated else None,
        method=NAME,
    )
