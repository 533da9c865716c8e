"""Response models of the JSON API: what ``/openapi.json`` describes and the views return.

The account, its framing and the rejections are the record types of ``storyline.model``
themselves (see docs/schema.md), so the API describes exactly what fusion writes.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from ..model import OutletFraming, Rejection, StoryAccount


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


class SentenceOut(BaseModel):
    index: int
    text: str
    status: Literal["agreed", "single-source", "conflict", ""]


class SourceText(BaseModel):
    id: str
    sentences: list[SentenceOut]


class StoryPage(BaseModel):
    """One story: its account and what the page derives from it."""

    account: StoryAccount
    matrix: Matrix
    framing: list[OutletFraming]
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


class RejectList(BaseModel):
    counts: dict[str, int]
    items: list[Rejection]
    total: int
    page: int
    page_size: int
    pages: int


class ArticleIn(BaseModel):
    """One article to add (only when the server was started with a write token)."""

    model_config = ConfigDict(extra="forbid")

    # No control characters: an id is shown, listed and used as a key.
    id: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
    title: str = Field(min_length=1, max_length=1000)
    text: str = Field(min_length=1, max_length=1_000_000)
    source: str = Field("", max_length=200)
    url: str = Field("", max_length=2000)
    # "date" as in the file inputs (JSON, JSONL, CSV) is accepted too.
    published: str | None = Field(None, max_length=40,
                                  validation_alias=AliasChoices("published", "date"))


class BuildOut(BaseModel):
    report: str
    article_ids: list[str]
    story_ids: list[str]


class ErrorOut(BaseModel):
    detail: Any
