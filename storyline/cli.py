"""The ``storyline`` command: thin wrappers around the library."""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import api
from .config import SETTINGS, load_config, settings_markdown
from .errors import StorylineError
from .model import to_json

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_STORE = "stories.db"


def _short(title: str, width: int = 70) -> str:
    """A title cut at a word end with an ellipsis when longer than ``width``."""
    return textwrap.shorten(title, width, placeholder=" …")


def _with_default(text: str, setting: str) -> str:
    """``text`` with the setting's default from the settings table: "... (default 0.16)."."""
    (default,) = [s.default for s in SETTINGS if s.name == setting]
    if isinstance(default, bool):
        shown = "on" if default else "off"
    elif isinstance(default, int):
        shown = f"{default:,}"
    else:
        shown = str(default)
    return f"{text} (default {shown})."


def _errors(func: F) -> F:
    """Turn StorylineError into one readable line and exit code 1 (--debug shows more)."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as e:
            if logging.getLogger().level <= logging.DEBUG:
                raise
            raise click.ClickException(str(e)) from e
    return wrapper  # type: ignore[return-value]


store_option = click.option("--store", "store_path", type=click.Path(dir_okay=False,
                            path_type=Path), default=DEFAULT_STORE, show_default=True,
                            help="SQLite file holding articles, stories and accounts.")
json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON instead of a table.")


@click.group()
@click.option("-v", "--verbose", count=True, help="-v for progress details, -vv for debugging.")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="storyline")
def cli(verbose: int, debug: bool) -> None:
    """Group news articles into stories and write one cited account of each."""
    level = logging.DEBUG if debug or verbose >= 2 else logging.INFO if verbose else \
        logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)


def _field_map(values: tuple[str, ...]) -> dict[str, str]:
    from .stages.ingest import FIELD_ALIASES

    out: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise click.BadParameter(f"{value!r} is not NAME=FIELD (e.g. text=body)",
                                     param_hint="--field")
        if name.strip() not in FIELD_ALIASES:
            raise click.BadParameter(f"unknown field {name!r}; known: "
                                     f"{', '.join(FIELD_ALIASES)}", param_hint="--field")
        out[name.strip()] = column.strip()
    return out


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    from .stages.ingest import iso_date

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date like 2018-07-02 or "
                                 f"2018-07-02T09:30:00-04:00", param_hint="--published") from None
    return iso_date(parsed.isoformat() if len(value) > 10 else value)


day_type = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@store_option
@click.option("--grouped", is_flag=True,
              help="Keep the grouping of grouped-story JSONL input instead of clustering.")
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="Read our field NAME from the input's FIELD in JSON/JSONL/CSV "
                   "(e.g. --field text=body --field date=pub_ts). Repeatable.")
@click.option("--published", default=None, metavar="DATE",
              help="Use this published date for every article read (overrides metadata).")
@click.option("--since", type=day_type, default=None,
              help="Keep only articles (WARC records: crawled) on or after this day. "
                   "Undated articles are kept.")
@click.option("--until", type=day_type, default=None,
              help="Keep only articles (WARC records: crawled) on or before this day. "
                   "Undated articles are kept.")
@click.option("--domain", "domains", multiple=True,
              help="Keep only pages from this host or its subdomains. Repeatable.")
@click.option("--language", "languages", multiple=True,
              help="Keep only pages declaring this language (e.g. en). Undeclared pages are "
                   "kept. Repeatable.")
@click.option("--fetch/--no-fetch", default=None,
              help=_with_default("Allow network fetches of URLs and feed links", "fetch"))
@click.option("--allow-private", is_flag=True, default=None,
              help=_with_default("Let the fetcher reach private, loopback and link-local "
                                 "addresses", "allow_private"))
@click.option("--fetch-delay", type=float, default=None,
              help=_with_default("Least seconds between requests to one host", "fetch_delay"))
@click.option("--summary-words", type=int, default=None,
              help=_with_default("Upper bound on the words of each story summary",
                                 "summary_words"))
@click.option("--encoding", default=None,
              help=_with_default("Encoding of text and JSON inputs", "encoding"))
@click.option("--max-input-bytes", type=int, default=None,
              help=_with_default("Largest single article file accepted, in bytes",
                                 "max_input_bytes"))
@click.option("--cluster-threshold", type=float, default=None,
              help=_with_default("Lowest mean similarity (0-1) at which arriving articles "
                                 "join a story or each other", "cluster_threshold"))
@_errors
def build(inputs: tuple[str, ...], store_path: Path, grouped: bool, fields: tuple[str, ...],
          published: str | None, since: datetime | None, until: datetime | None,
          domains: tuple[str, ...], languages: tuple[str, ...], fetch: bool | None,
          allow_private: bool | None, fetch_delay: float | None, summary_words: int | None,
          encoding: str | None, max_input_bytes: int | None,
          cluster_threshold: float | None) -> None:
    """Read files, folders and URLs into the store and build every story's account.

    INPUTS are files or folders (.txt, .html, .json, .jsonl, .csv/.tsv, .rss/.atom/.xml
    feeds, .warc/.warc.gz archives, .urls lists) and http(s) URLs of pages or feeds.
    """
    from .stages.ingest import IngestOptions, check_inputs, is_url

    config = load_config(summary_words=summary_words, encoding=encoding,
                         max_input_bytes=max_input_bytes, cluster_threshold=cluster_threshold,
                         fetch=fetch, allow_private=allow_private or None,
                         fetch_delay=fetch_delay)
    options = IngestOptions(
        field_map=_field_map(fields), published=_published(published),
        since=since.date() if since else None, until=until.date() if until else None,
        domains=tuple(d.lower().strip(".") for d in domains),
        languages=tuple(lang.lower() for lang in languages))
    paths: list[Path | str] = [v if is_url(v) else Path(v) for v in inputs]
    check_inputs(paths)  # before the progress bar, and before any store is created
    with click.progressbar(length=0, label="analysing", file=sys.stderr,
                           show_pos=True) as bar:
        def progress(stage: str, n: int, total: int | None) -> None:
            bar.label = stage
            bar.update(n)
        report = api.build(paths, store_path, config=config, grouped=grouped,
                           progress=progress, options=options)
    click.echo(report.line())


@cli.command()
@store_option
@json_option
@_errors
def stories(store_path: Path, as_json: bool) -> None:
    """List the stories in the store."""
    rows = api.list_stories(store_path)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "title", "articles", "outlets", "dates")
    for row in rows:
        dates = row["first_published"] or ""
        if row["last_published"] and row["last_published"] != dates:
            dates += f" – {row['last_published']}"
        table.add_row(row["id"], _short(row["title"]), str(row["article_count"]),
                      ", ".join(row["outlets"]), dates)
    Console().print(table)


@cli.command()
@click.argument("story_id")
@store_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Output format.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as --format json).")
@_errors
def show(story_id: str, store_path: Path, fmt: str, as_json: bool) -> None:
    """Print one story's account."""
    click.echo(api.render_story(store_path, story_id,
                                "json" if as_json else fmt))  # type: ignore[arg-type]


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html"]),
              default="html", show_default=True, help="Report format.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder to write the reports and their index into.")
@_errors
def export(store_path: Path, fmt: str, out_dir: Path) -> None:
    """Write one report per story plus an index."""
    index = api.export(store_path, fmt, out_dir)  # type: ignore[arg-type]
    click.echo(f"wrote {index}")


@cli.command()
@store_option
@json_option
@_errors
def rejects(store_path: Path, as_json: bool) -> None:
    """Show inputs that did not become articles, grouped by reason."""
    rows = api.rejections(store_path)
    if as_json:
        click.echo(json.dumps(to_json(rows), ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no rejected inputs")
        return
    counts = Counter(r.reason for r in rows)
    for reason, n in counts.most_common():
        click.echo(f"{reason} ({n})")
        for r in rows:
            if r.reason == reason:
                click.echo(f"  {r.input}: {r.detail}")


@cli.command()
@store_option
@json_option
@click.option("--show", "name", default=None,
              help="Show one entity (by id, name or alias; else every entity with these "
                   "words in a name, case and accents aside).")
@_errors
def entities(store_path: Path, as_json: bool, name: str | None) -> None:
    """List the corpus-wide roster of people, places and organisations."""
    rows = api.list_entities(store_path, name)
    if name is not None:
        shown = [{**to_json(e), "mentions": api.entity_mentions(store_path, e.id)} for e in rows]
        if as_json:
            click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
            return
        for e, row in zip(rows, shown, strict=True):
            click.echo(f"{e.name} ({e.type}, {e.id}), in {_articles(len(e.article_ids))}")
            for alias in e.aliases:
                click.echo(f"  alias {alias.name!r}: {_articles(len(alias.article_ids))}")
            for tie in e.related:
                click.echo(f"  weakly tied to {tie}")
            for m in row["mentions"]:
                where = f"{m['ref']}" + (f" [{m['source']}]" if m["source"] else "")
                click.echo(f"  {where} #{m['sentence_index']} {m['text']!r}: {m['sentence']}")
        return
    if as_json:
        click.echo(json.dumps(to_json(rows), ensure_ascii=False, indent=2))
        return
    for e in rows:
        aliases = "; ".join(a.name for a in e.aliases if a.name != e.name)
        ties = f"\ttied to: {', '.join(e.related)}" if e.related else ""
        click.echo(f"{e.id}\t{e.name}\t{e.type}\t{_articles(len(e.article_ids))}"
                   + (f"\talso: {aliases}" if aliases else "") + ties)


def _articles(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("storyline-demo"), show_default=True,
              help="Folder for the demo store and reports.")
@click.option("--summary-words", type=int, default=None,
              help=_with_default("Upper bound on summary words", "summary_words"))
@_errors
def demo(out_dir: Path, summary_words: int | None) -> None:
    """Run the whole pipeline on the bundled demo corpus and write an HTML report."""
    config = load_config(summary_words=summary_words)
    report, index = api.demo(out_dir, config)
    click.echo(report.line())
    click.echo(f"HTML report: {index.resolve()}")
    click.echo(f"store: {(out_dir / 'demo.db').resolve()} (try: storyline stories --store "
               f"{out_dir / 'demo.db'})")


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default: the app has no login).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--write-token", envvar="STORYLINE_WRITE_TOKEN", default=None,
              help="Enable POST /api/articles for requests bearing this token "
                   "(or set STORYLINE_WRITE_TOKEN); read-only without it.")
@_errors
def serve(store_path: Path, host: str, port: int, write_token: str | None) -> None:
    """Serve the web UI and JSON API over the store (see /openapi.json)."""
    import uvicorn

    from .web import create_app

    app = create_app(store_path, write_token=write_token or None)
    click.echo(f"serving {store_path} on http://{host}:{port}/ "
               f"({'writes enabled' if write_token else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("article")
@store_option
@json_option
@_errors
def why(article: str, store_path: Path, as_json: bool) -> None:
    """Say which story ARTICLE joined, and why.

    ARTICLE is an article id, the id its input gave it, or the input itself (a path,
    path:line of a JSONL/CSV file, a URL); for an input that was rejected it says why.
    """
    info = api.why(store_path, article)
    d = info["decision"]
    if as_json:
        click.echo(json.dumps(to_json(info), ensure_ascii=False, indent=2))
        return
    click.echo(f"article {info['article_id']} ({info['ref']}): {info['title']}")
    verbs = {"joined": "joined", "started": "started", "reprint": "followed its original into",
             "grouped": "kept its input grouping in", "batched": "started, with its batch,"}
    click.echo(f"{verbs.get(d.action, d.action)} story {d.story_id}: {info['story_title']}")
    if info["story_now"] != d.story_id:
        click.echo(f"  (that story was later merged into {info['story_now']})")
    if d.merged:
        click.echo(f"  and merged {', '.join(d.merged)} into it: their profiles were alike")
    if d.batch_size and d.cohesion is not None:
        shown = ", ".join(d.batch) + (" ..." if d.batch_size - 1 > len(d.batch) else "")
        click.echo(f"  as one group with {d.batch_size - 1} other article(s) that arrived "
                   f"with it (mean score to them {d.cohesion:.3f}): {shown}")
    if d.action == "joined":
        click.echo(f"  score {d.score:.3f} >= threshold {d.threshold:.3f} (mean over the "
                   "pairs of its group's and the story's articles)")
    elif d.action in ("started", "batched"):
        click.echo(f"  no story reached the threshold {d.threshold:.3f}")
    others = [c for c in d.nearest if not (d.action == "joined" and c.story_id == d.story_id)]
    for c in d.nearest:
        if c.story_id == d.story_id and d.action == "joined":
            click.echo(f"  it: body {c.body:.3f}, entities {c.entity:.3f}, title {c.title:.3f}, "
                       f"word pairs {c.phrase:.3f}, years x{c.year_factor:g}, "
                       f"numbers x{c.number_factor:g}, main actors x{c.actor_factor:g}, "
                       f"page or text dates x{c.day_factor:g}"
                       + (f", embedding {c.embedding:.3f}" if c.embedding is not None else ""))
    if others:
        click.echo("nearest other stories:")
        for c in others[:3]:
            click.echo(f"  {c.story_id} score {c.score:.3f} (body {c.body:.3f}, entities "
                       f"{c.entity:.3f}, title {c.title:.3f}, years x{c.year_factor:g}, "
                       f"main actors x{c.actor_factor:g}): "
                       f"{_short(info['titles'].get(c.story_id, ''))}")
    else:
        click.echo("no other story in its time window shared its key terms")


@cli.group(name="eval")
def eval_group() -> None:
    """Score storyline against labelled data."""


@eval_group.command("cluster")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--label-field", default="story", show_default=True,
              help="The field of each JSONL record that names its gold story.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Keep the analysed articles here (reused on the next run).")
@click.option("--shuffles", type=int, default=5, show_default=True,
              help="Random stream orders to average over (0: the file's order).")
@click.option("--seed", type=int, default=0, show_default=True, help="First shuffle seed.")
@click.option("--cluster-threshold", type=float, default=None,
              help=_with_default("Override the similarity needed to join a story",
                                 "cluster_threshold"))
@click.option("--embeddings/--no-embeddings", "cluster_embeddings", default=None,
              help=_with_default("Use the sentence-embedding view; needs the embeddings "
                                 "extra", "cluster_embeddings"))
@_errors
def eval_cluster(data: Path, label_field: str, store_path: Path | None, shuffles: int,
                 seed: int, cluster_threshold: float | None,
                 cluster_embeddings: bool | None) -> None:
    """Cluster a labelled JSONL file and print B-cubed and pairwise P/R/F1 as JSON."""
    import tempfile

    from .evaluate import evaluate_clustering

    config = load_config(cluster_threshold=cluster_threshold,
                         cluster_embeddings=cluster_embeddings)
    with tempfile.TemporaryDirectory() as tmp:
        path = store_path or Path(tmp) / "eval.db"
        try:
            result = evaluate_clustering(data, label_field, path, config, shuffles, seed)
        except ValueError as e:
            raise click.ClickException(str(e)) from e
    click.echo(json.dumps(result, indent=2))


@eval_group.command("summary")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", type=int, default=66, show_default=True,
              help="Summary budget in words.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Keep the analysed articles here (reused on the next run).")
@click.option("--reference-field", default="reference_summary", show_default=True,
              help="The field of each event that holds its reference summary.")
@click.option("--articles-field", default="articles", show_default=True,
              help="The field of each event that lists its articles.")
@_errors
def eval_summary(data: Path, words: int, store_path: Path | None, reference_field: str,
                 articles_field: str) -> None:
    """Summarise each event of a JSONL file; print ROUGE-1/2/L F1 against references as JSON."""
    import tempfile

    from .evaluate import evaluate_summaries

    with tempfile.TemporaryDirectory() as tmp:
        path = store_path or Path(tmp) / "eval.db"
        try:
            result = evaluate_summaries(data, path, load_config(), words,
                                        articles_field=articles_field,
                                        reference_field=reference_field)
        except ValueError as e:
            raise click.ClickException(str(e)) from e
    click.echo(json.dumps(result, indent=2))


@cli.group()
def config() -> None:
    """Inspect settings."""


@config.command("show")
@json_option
@_errors
def config_show(as_json: bool) -> None:
    """Print the settings in force (defaults, storyline.toml, STORYLINE_* variables)."""
    settings = to_json(load_config())
    if as_json:
        click.echo(json.dumps(settings, indent=2))
    else:
        for key, value in settings.items():
            click.echo(f"{key} = {value!r}")


@config.command("docs")
def config_docs() -> None:
    """Print the settings table as Markdown (docs/settings.md)."""
    click.echo(settings_markdown(), nl=False)

