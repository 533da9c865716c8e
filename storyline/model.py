"""The data model: typed, frozen records that flow through the pipeline.

ingest -> Article (raw) | Rejection
clean  -> Article (clean, with its Removals)
analyze-> Document (Article + Sentences, Mentions, TimeExprs, Quotes, Numbers)
cluster-> Story
fuse   -> StoryAccount (Facts, Conflicts, QuoteGroups, TimelineEvents, Summary)

Every derived item points back to article sentences through a Citation.
Records convert to and from plain JSON with ``to_json`` / ``from_json``; the
shape of a StoryAccount in JSON is documented in docs/schema.md and
storyline/schema/account.schema.json (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

SCHEMA_VERSION = "1.6"

T = TypeVar("T")

DateMethod = Literal["metadata", "page", "inferred", "calendar", "override", "none"]
FactStatus = Literal["agreed", "single-source"]
ConflictSlot = Literal["number", "date", "place", "qualifier", "attribution"]


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of scraping debris that cleaning took out of an article."""

    kind: str
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from an input (and, after cleaning, without debris).

    ``id`` is a content hash (stable across runs and machines); ``ref`` is the
    article's id as the input gave it (a JSON ``id`` field or a file name stem).
    ``published_evidence`` says where the date came from (a metadata field, the
    text, or the user). ``duplicate_of`` links a near-duplicate (a wire story
    reprinted with a new headline or a trimmed ending) to the earlier article it
    copies, with ``duplicate_score`` the share of its shingles found there.
    """

    id: str
    ref: str
    title: str
    text: str
    source: str = ""
    url: str = ""
    byline: str = ""
    published: str | None = None
    published_method: DateMethod = "none"
    published_evidence: str = ""
    language: str = "en"
    origin: str = ""
    group: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    removed: tuple[Removal, ...] = ()
    updated: str | None = None
    duplicate_of: str | None = None
    duplicate_score: float | None = None

    @property
    def outlet(self) -> str:
        """Name the article's outlet, falling back to its origin when no source is known."""
        return self.source or self.ref


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become an article, with a machine-readable reason."""

    input: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention; ``entity_id`` is filled by corpus-wide alias resolution."""

    start: int
    end: int
    text: str
    label: str
    sentence_index: int
    entity_id: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    anchor: str | None
    sentence_index: int


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str
    cue: str
    sentence_index: int
    speaker_entity_id: str = ""


@dataclass(frozen=True, slots=True)
class Number:
    start: int
    end: int
    text: str
    value: float
    label: str
    sentence_index: int


@dataclass(frozen=True, slots=True)
class Document:
    """An Article with its analysis; all spans are offsets into ``article.text``."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    numbers: tuple[Number, ...] = ()
    lemmas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing in the corpus-wide roster.

    ``related`` holds weak ties that are not identity: a demonym's country
    ("North Korean" -> ``place:prk``). They are never merged.
    """

    id: str
    name: str
    type: str
    aliases: tuple[Alias, ...]
    article_ids: tuple[str, ...]
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CandidateScore:
    """How well an article matched one story when it was clustered.

    ``score`` = ``year_factor`` x ``number_factor`` x ``actor_factor`` x ``day_factor`` x
    the weighted sum of the per-view similarities (``body`` words, ``entity`` ids,
    ``title`` words, ``phrase`` word pairs, and for short texts with the embeddings extra
    the ``embedding`` cosine) to the story's profiles. ``actor_factor`` is below 1 when the
    two sides' main actors (the people and organisations each names most) differ;
    ``day_factor`` above 1 when undated texts' page or text dates lie within the window.
    """

    story_id: str
    score: float
    body: float
    entity: float
    title: float
    year_factor: float
    embedding: float | None = None
    number_factor: float = 1.0
    phrase: float = 0.0
    actor_factor: float = 1.0
    day_factor: float = 1.0


@dataclass(frozen=True, slots=True)
class StoryMerge:
    """Two stories found to be one: ``merged`` is now an alias of ``kept`` (the older).

    Recorded when an article matched both above the threshold and their profiles
    were alike (``similarity``); ``article_id`` is the article that joined them.
    """

    kept: str
    merged: str
    article_id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class ClusterDecision:
    """Why an article is in its story: ``action`` is joined, started, reprint or grouped."""

    article_id: str
    story_id: str
    action: str
    score: float | None
    threshold: float
    method: str
    nearest: tuple[CandidateScore, ...] = ()
    merged: tuple[str, ...] = ()
    batch: tuple[str, ...] = ()
    batch_size: int = 0
    cohesion: float | None = None


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    title: str
    key_terms: tuple[str, ...] = ()
    first_seen: str | None = None
    last_seen: str | None = None
    method: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: str
    sentence_index: int
    char_span: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One claim, as the sentences of one or more outlets state it.

    ``sources`` are the outlets whose sentences are aligned here; ``independent``
    counts them with wire reprints counted once, and decides ``status``. Of them,
    ``disputed_by`` are those whose sentence of the claim gives another value for
    something ``text`` gives (a number, date, place, qualifier or speaker; the conflicts
    citing their sentences say what): they report the claim, not the way ``text`` puts it.
    """

    id: str
    text: str
    status: FactStatus
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]
    independent: int = 0
    disputed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictSide:
    value: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    slot: ConflictSlot
    fact_id: str
    description: str
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One outlet's printing of an utterance.

    ``diff`` compares its words with the group's first variant: ``[op, text]``
    pairs, op one of equal / insert / delete / replace (for replace, text is
    "old -> new"); empty for the first variant itself. ``speaker_named`` is false
    when this article prints the words without saying who spoke them: the group's
    speaker is what the other outlets say (or, for a group with no speaker, no
    outlet names one).
    """

    source: str
    article_id: str
    text: str
    cue: str
    citation: Citation
    diff: tuple[tuple[str, str], ...] = ()
    speaker_named: bool = True


@dataclass(frozen=True, slots=True)
class Paraphrase:
    """A sentence that reports an utterance in its own words, without quoting it."""

    source: str
    citation: Citation
    similarity: float


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One utterance by one speaker: every outlet's wording, and who paraphrased it.

    ``speaker`` is empty for words that two or more outlets print in quotation marks
    without any of them saying who spoke them."""

    speaker: str
    speaker_entity_id: str
    variants: tuple[QuoteVariant, ...]
    paraphrases: tuple[Paraphrase, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """Something dated in the story: one day, week, month or range, and its sentences.

    ``fact_id`` is the claim the sentences state; ``conflict`` describes a date
    conflict they are part of (another outlet dates the same claim differently).
    ``year_guessed``: no sentence of it gives its year, and the year comes from the
    calendar's last-resort reading of its article's date (``published_method``
    ``calendar``), not from any evidence.
    """

    date: str
    granularity: str
    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]
    fact_id: str = ""
    conflict: str = ""
    year_guessed: bool = False


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """``text`` is a source sentence, or with ``trimmed`` a contiguous span of it (its
    dateline or a trailing clause left out); ``citations[0]`` is that sentence or span.
    ``unfinished``: the source text stops inside the sentence (a cut excerpt or feed
    description), so it is shown as printed and marked as cut."""

    text: str
    citations: tuple[Citation, ...]
    trimmed: bool = False
    unfinished: bool = False

    @property
    def cut(self) -> str:
        """Why a reader should see "[…]" after the text: "unfinished" (the source stops
        inside the sentence), "trimmed" (a trailing clause is left out, so the text does
        not end on its full stop) or "" (the text ends where its sentence does)."""
        if self.unfinished:
            return "unfinished"
        if self.trimmed and self.text.rstrip()[-1:] not in ".!?\"”’'":
            return "trimmed"
        return ""


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """How an account refers to one of its articles."""

    id: str
    ref: str
    title: str
    source: str
    url: str
    published: str | None
    published_method: str
    origin: str
    sentence_count: int
    removed: tuple[Removal, ...]
    published_evidence: str = ""
    updated: str | None = None
    byline: str = ""
    language: str = ""
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    # A feed entry kept as its teaser: why its page was not read ("fetching is off",
    # "http-error: 404 ..."); empty for every other article.
    teaser_only: str = ""


@dataclass(frozen=True, slots=True)
class StoryEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameChoice:
    """The names one outlet uses for an entity that other outlets name differently."""

    entity_id: str
    entity: str
    used: tuple[str, ...]
    others_use: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DistinctiveWord:
    """A word an outlet uses more than the story's other outlets (log-odds z-score)."""

    word: str
    count: int
    z: float


@dataclass(frozen=True, slots=True)
class OutletFraming:
    """How one outlet tells the story: its names, its words, and what it leaves out.

    ``omissions`` are ids of facts most of the story's other outlets report and this
    one does not; ``exclusive`` ids of facts only this outlet reports.
    """

    outlet: str
    names: tuple[NameChoice, ...]
    distinctive: tuple[DistinctiveWord, ...]
    omissions: tuple[str, ...]
    exclusive: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceGroup:
    """A place named in the story, with the places inside it that outlets named instead.

    "Vietnam" in one outlet and "Hanoi" in another are one stop: the city is
    counted with its country when both are named.
    """

    name: str
    entity_ids: tuple[str, ...]
    names: tuple[str, ...]
    sources: tuple[str, ...]
    by_source: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class StoryAccount:
    """The fused view of one Story."""

    story_id: str
    title: str
    articles: tuple[SourceArticle, ...]
    outlets: tuple[str, ...]
    independent_sources: int
    first_published: str | None
    last_published: str | None
    summary: tuple[SummarySentence, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    quote_groups: tuple[QuoteGroup, ...]
    timeline: tuple[TimelineEvent, ...]
    entities: tuple[StoryEntity, ...]
    method: str
    schema_version: str = SCHEMA_VERSION
    framing: tuple[OutletFraming, ...] = ()
    places: tuple[PlaceGroup, ...] = ()


# ---------------------------------------------------------------- JSON codec

def to_json(record: Any) -> Any:
    """Turn a record (or a tuple/list/dict of records) into plain JSON values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        out = {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
        return out
    if isinstance(record, (list, tuple)):
        return [to_json(x) for x in record]
    if isinstance(record, dict):
        return {str(k): to_json(v) for k, v in record.items()}
    return record


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _decode(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if value is None:
        return None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_json(tp, value)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(tp):
            if arg is type(None):
                continue
            return _decode(arg, value)
    return value


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from what ``to_json`` produced."""
    hints = _hints(cls)
    kwargs = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**kwargs)
