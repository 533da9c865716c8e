"""Report: write story accounts as JSON, Markdown or a self-contained HTML page.

JSON follows storyline/schema/account.schema.json (version ``SCHEMA_VERSION``);
every export folder gets an index in the same format. HTML is rendered with
Jinja2 and autoescaping on: article text is hostile input and is only ever
shown as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..model import SCHEMA_VERSION, Sentence, StoryAccount, to_json

Sentences = dict[str, tuple[Sentence, ...]]

NAME = "report.v1"
Format = Literal["json", "markdown", "html"]
SUFFIX = {"json": ".json", "markdown": ".md", "html": ".html"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of every HTML template (export and web app).

    Autoescaping is on for every HTML template and for templates from strings; the
    stylesheet is written without it. Markdown templates use ``markdown_environment``.
    One environment serves every render: it keeps the templates it compiled.
    """
    return Environment(loader=PackageLoader("storyline", "templates"),
                       autoescape=select_autoescape(["html.j2"], default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


# An "&" that a Markdown viewer would read as a character reference (&lt; &#60; &#x3c;).
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")


def markdown_text(value: object) -> Markup:
    """Input-derived text made safe to print in Markdown: as text, never as HTML.

    A Markdown viewer passes raw HTML through, so ``<`` and ``>`` become ``&lt;`` and
    ``&gt;``, and an ``&`` that would start a character reference becomes ``&amp;``;
    any other ``&`` ("S&P 500") is already read as itself and stays. Template-built
    Markdown (``Markup``: the citation macro's output, ``|safe`` literals) passes.
    """
    if isinstance(value, Markup):
        return value
    text = _ENTITY.sub("&amp;", str(value))
    # "[text](url)" and "![](url)" in an input would be a link or an image (a
    # "javascript:" link, a tracking pixel): the bracket before the parenthesis is
    # escaped, and "[sic]" stays as printed.
    text = text.replace("](", "]\\(")
    return Markup(text.replace("<", "&lt;").replace(">", "&gt;"))


@lru_cache(maxsize=1)
def markdown_environment() -> Environment:
    """The Jinja2 environment of the Markdown templates (``.md.j2``).

    Every ``{{ value }}`` goes through ``markdown_text``, so no input text (a title, an
    outlet, a quote) can put HTML into a report; Markdown a template writes itself is
    marked ``|safe``.
    """
    return Environment(loader=PackageLoader("storyline", "templates"), autoescape=False,
                       finalize=markdown_text, trim_blocks=True, lstrip_blocks=True)


def sentence_texts(sentences: Sentences) -> dict[str, list[tuple[int, str]]]:
    """Article id -> its sentences as (index, text), the shape ``derive.story_view`` takes."""
    return {article_id: [(s.index, s.text) for s in sents]
            for article_id, sents in sentences.items()}


def account_json(account: StoryAccount) -> dict[str, Any]:
    """The JSON document of one account."""
    data: dict[str, Any] = to_json(account)
    return data


def render(account: StoryAccount, fmt: Format, sentences: Sentences | None = None) -> str:
    """Render one account in ``fmt``; HTML shows ``sentences`` as citation targets."""
    if fmt == "json":
        return json.dumps(account_json(account), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return markdown_environment().get_template("story.md.j2").render(
            account=account, by_id={a.id: a for a in account.articles},
            facts_by_id={f.id: f for f in account.facts})
    # The web app renders the same body (templates/_story_body.html.j2) from the same view.
    from ..web.derive import story_view

    view = story_view(account_json(account), sentence_texts(sentences or {}))
    return environment().get_template("story.html.j2").render(view=view)


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
    env = markdown_environment() if fmt == "markdown" else environment()
    template = env.get_template("index.md.j2" if fmt == "markdown" else "index.html.j2")
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
