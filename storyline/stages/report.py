"""Report: write story accounts as JSON, Markdown or a self-contained HTML page.

JSON follows storyline/schema/account.schema.json (version ``SCHEMA_VERSION``);
every export folder gets an index in the same format. HTML is rendered with
Jinja2 and autoescaping on: article text is hostile input and is only ever
shown as text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import SCHEMA_VERSION, Sentence, StoryAccount, to_json

Sentences = dict[str, tuple[Sentence, ...]]

NAME = "report.v1"
Format = Literal["json", "markdown", "html"]
SUFFIX = {"json": ".json", "markdown": ".md", "html": ".html"}


def _env() -> Environment:
    env = Environment(loader=PackageLoader("storyline", "templates"),
                      autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    return env


def account_json(account: StoryAccount) -> dict[str, Any]:
    """The JSON document of one account."""
    data: dict[str, Any] = to_json(account)
    return data


def render(account: StoryAccount, fmt: Format, sentences: Sentences | None = None) -> str:
    """Render one account in ``fmt``; HTML shows ``sentences`` as citation targets."""
    if fmt == "json":
        return json.dumps(account_json(account), ensure_ascii=False, indent=2) + "\n"
    template = _env().get_template("story.md.j2" if fmt == "markdown" else "story.html.j2")
    return template.render(account=account, by_id={a.id: a for a in account.articles},
                           facts_by_id={f.id: f for f in account.facts},
                           schema_version=SCHEMA_VERSION, sentences=sentences or {})


def render_index(accounts: Sequence[StoryAccount], fmt: Format) -> str:
    """Render the index of an export."""
    if fmt == "json":
        index = {
            "schema_version": SCHEMA_VERSION,
            "stories": [{
                "story_id": a.story_id, "title": a.title, "outlets": list(a.outlets),
                "article_count": len(a.articles), "independent_sources": a.independent_sources,
                "first_published": a.first_published, "last_published": a.last_published,
                "file": a.story_id + SUFFIX[fmt]} for a in accounts],
        }
        return json.dumps(index, ensure_ascii=False, indent=2) + "\n"
    template = _env().get_template("index.md.j2" if fmt == "markdown" else "index.html.j2")
    return template.render(accounts=accounts, suffix=SUFFIX[fmt])


def export(accounts: Sequence[StoryAccount], fmt: Format, out_dir: Path,
           sentences: Sentences | None = None) -> Path:
    """Write one file per account and an index into ``out_dir``; return the index path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for account in accounts:
        (out_dir / (account.story_id + SUFFIX[fmt])).write_text(
            render(account, fmt, sentences), encoding="utf-8")
    index = out_dir / ("index" + SUFFIX[fmt])
    index.write_text(render_index(accounts, fmt), encoding="utf-8")
    return index
