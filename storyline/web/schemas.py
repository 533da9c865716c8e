"""Response models of the JSON API: what ``/openapi.json`` describes and the views return.

The account part mirrors ``storyline.model`` (see docs/schema.md) and allows extra
fields, because the account gains fields over time; a page's JSON never drops them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class CitationOut(_Open):
    article_id: str
    sentence_index: int
    char_span: list[int]
    text: str


class RemovalOut(_Open):
    kind: str
    text: str
    reason: str


class SourceArticleOut(_Open):
    id: str
    ref: str
    title: str
    source: str
    url: str
    published: str | None
    published_method: str
    sentence_count: int
    removed: list[RemovalOut]


class SummarySentenceOut(_Open):
    text: str
    citations: list[CitationOut]


class FactOut(_Open):
    id: str
    text: str
    status: str
    sources: list[str]
    citations: list[CitationOut]


class ConflictSideOut(_Open):
    value: str
    sources: list[str]
    citations: list[CitationOut]


class ConflictOut(_Open):
    slot: str
    fact_id: str
    description: str
    sides: list[ConflictSideOut]


class QuoteVariantOut(_Open):
    source: str
    article_id: str
    text: str
    cue: str
    citation: CitationOut
    diff: list[list[str]] = Field(
        description="[op, words] against the group's first variant; op is equal, insert, "
                    "delete or replace (a replace carries 'old -> new')")


class ParaphraseOut(_Open):
    source: str
    citation: CitationOut
    similarity: float


class QuoteGroupOut(_Open):
    speaker: str
    speaker_entity_id: str
    variants: list[QuoteVariantOut]
    paraphrases: list[ParaphraseOut] = []


class TimelineEventOut(_Open):
    date: str
    granularity: str
    text: str
    sources: list[str]
    citations: list[CitationOut]


class StoryEntityOut(_Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    sources: list[str]


class AccountOut(_Open):
    """A StoryAccount as in docs/schema.md (extra fields kept)."""

    story_id: str
    title: str
    articles: list[SourceArticleOut]
    outlets: list[str]
    independent_sources: int
    first_published: str | None
    last_published: str | None
    summary: list[SummarySentenceOut]
    facts: list[FactOut]
    conflicts: list[ConflictOut]
    quote_groups: list[QuoteGroupOut]
    timeline: list[TimelineEventOut]
    entities: list[StoryEntityOut]
    method: str
    schema_version: str


class MatrixCell(BaseModel):
    outlet: str
    state: Literal["supported", "conflicting", "silent"]


class MatrixRow(BaseModel):
    fact_id: str
    text: str
    status: str
    cells: list[MatrixCell]


class Matrix(BaseModel):
    outlets: list[str]
    rows: list[MatrixRow]


class NameUse(BaseModel):
    entity_id: str
    entity: str
    used: list[str]
    others_use: list[str] = []


class DistinctiveOut(BaseModel):
    word: str
    count: int
    z: float


class Framing(BaseModel):
    outlet: str
    names: list[NameUse]
    distinctive: list[DistinctiveOut]
    omissions: list[str] = Field(description="ids of facts this outlet leaves out")
    exclusive: list[str] = Field(default=[], description="ids of facts only this outlet reports")


class SentenceOut(BaseModel):
    index: int
    text: str
    status: Literal["agreed", "single-source", "conflict", ""]


class SourceText(BaseModel):
    id: str
    sentences: list[SentenceOut]


class StoryPage(BaseModel):
    """One story: its account and what the page derives from it."""

    account: AccountOut
    matrix: Matrix
    framing: list[Framing]
    sources: list[SourceText]
    derived: list[str] = Field(description="parts computed by the web app, not the account")


class StoryRow(BaseModel):
    id: str
    title: str
    outlets: list[str]
    first_published: str | None
    last_published: str | None
    article_count: int
    independent_sources: int
    fact_count: int
    conflict_count: int


class StoryList(BaseModel):
    items: list[StoryRow]
    total: int
    page: int
    page_size: int
    pages: int
    query: dict[str, Any] = Field(description="the filters and sort this page was built with")


class EntityRow(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    article_count: int


class EntityList(BaseModel):
    items: list[EntityRow]
    total: int
    page: int
    page_size: int
    pages: int


class EntityPage(BaseModel):
    entity: EntityRow
    related: list[str]
    stories: list[StoryRow]
    alias_articles: dict[str, int] = Field(description="alias -> how many articles use it")


class RejectionOut(BaseModel):
    input: str
    reason: str
    detail: str


class RejectList(BaseModel):
    counts: dict[str, int]
    items: list[RejectionOut]
    total: int
    page: int
    page_size: int
    pages: int


class ArticleIn(BaseModel):
    """One article to add (only when the server was started with a write token)."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200)
    title: str = Field(min_length=1, max_length=1000)
    text: str = Field(min_length=1, max_length=1_000_000)
    source: str = Field("", max_length=200)
    url: str = Field("", max_length=2000)
    published: str | None = Field(None, max_length=40)


class BuildOut(BaseModel):
    report: str
    article_ids: list[str]
    story_ids: list[str]


class ErrorOut(BaseModel):
    detail: Any
