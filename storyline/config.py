"""Settings: one table (name, type, default, help) feeding the CLI, the docs and loading.

Layers, lowest to highest: code defaults, ``storyline.toml`` (in the working
directory, or the file named by ``STORYLINE_CONFIG``), ``STORYLINE_*``
environment variables, then explicit overrides (command-line flags).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("summary_words", int, 120, "Upper bound on the words of a story summary.", 10, 2000),
    Setting("max_input_bytes", int, 10_000_000,
            "Largest single article file (text, HTML, JSON) accepted; larger files are rejected "
            "as too-large. JSONL files are streamed and the bound applies to each line.",
            1000, None),
    Setting("min_text_chars", int, 1,
            "Fewest characters of title+text an article needs; shorter inputs are rejected.",
            0, None),
    # Tuned with `storyline eval cluster` on ../shared/data: mean B-cubed F1 over 5 seeded
    # shuffled orders of ECB+ (772 articles, 66 stories) / the UCI headlines in time order
    # (3,170 titles, 44 stories) was 0.856/0.738 at 0.15, 0.877/0.731 at 0.175,
    # 0.887/0.736 at 0.20, 0.880/0.707 at 0.225 and 0.874/0.697 at 0.25, so 0.20.
    # The demo corpus also comes out as written at 0.20 (tests/test_demo.py).
    # Squared IDF for texts with a body (cluster.BODY_IDF_POWER) lowers every score; then
    # ECB+ / UCI scored 0.900 / 0.808 at 0.14, 0.901 / 0.826 at 0.15, 0.908 / 0.834 at 0.16,
    # 0.905 / - at 0.165 and 0.903 / 0.836 at 0.17 (UCI 0.834 at 0.18), so 0.16.
    # Since cluster.batch.v5 it is the lowest mean pair score at which two groups of a batch
    # merge or a group joins a story: ECB+ 0.922 / 0.926 / 0.927 / 0.932 / 0.922 at 0.15 /
    # 0.16 / 0.17 / 0.18 / 0.19 (0.18 gains on the dev topics only), UCI 0.889 / 0.884 /
    # 0.876 at 0.15 / 0.16 / 0.17 (hourly batches), so 0.16 stays.
    Setting("cluster_threshold", float, 0.16,
            "Lowest mean pair score (0-1) at which two groups of arriving articles merge or a "
            "group joins an existing story (scaled down for short texts).", 0.0, 1.0),
    Setting("cluster_embeddings", bool, False,
            "Add a sentence-embedding view when clustering short texts (headlines); needs the "
            "embeddings extra (pip install torch==2.13.0 && pip install "
            "'storyline[embeddings]'). Measured on the UCI headlines: B-cubed F1 0.901 -> "
            "0.918.", None, None),
    Setting("cluster_window_days", float, 7.0,
            "Only stories active within this many days of an article's date are compared.",
            0.0, None),
    # Tuned on the reference pair and the demo corpus (fuse.aligned.v2 features: stems,
    # roster ids, dates): paraphrases of one claim across outlets score 0.34-0.7; in
    # 0.30-0.34 wrong pairs outnumber right ones ("vote on July 24" vs "board has
    # recommended the offer", 0.33), and below 0.30 almost all pairs are wrong.
    Setting("fact_threshold", float, 0.34,
            "Lowest similarity (0-1) at which two sentences from different outlets count as "
            "the same claim.", 0.0, 1.0),
    Setting("batch_size", int, 32, "Articles analysed and committed per batch.", 1, 10_000),
    Setting("encoding", str, "utf-8",
            "Text encoding of plain-text and JSON inputs; inputs that do not decode are rejected.",
            None, None),
    Setting("fetch", bool, True,
            "Fetch pages over the network: URL inputs, and the full page of a feed entry that "
            "holds only a teaser. Off (--no-fetch) keeps a run offline; teasers stay as they are.",
            None, None),
    Setting("allow_private", bool, False,
            "Let the fetcher reach private, loopback and link-local addresses (off by default "
            "so a hostile feed cannot make storyline probe the local network).", None, None),
    Setting("fetch_timeout", float, 15.0,
            "Seconds to wait for a connection or for the next bytes of a response.", 0.1, 600),
    Setting("fetch_delay", float, 1.0,
            "Least seconds between two requests to the same host (robots.txt Crawl-delay wins "
            "when it asks for more).", 0.0, 3600),
    Setting("fetch_retries", int, 3,
            "Retries after a 429, a 5xx or a network error, with exponential backoff (and the "
            "server's Retry-After when it sends one).", 0, 10),
    Setting("max_redirects", int, 5, "Most redirects followed for one URL.", 0, 30),
    Setting("user_agent", str, "storyline/0.1 (news reader; +https://example.org/storyline)",
            "User-Agent sent with every request and matched against robots.txt.", None, None),
    # Calibrated with benchmarks/calibrate_dedupe.py on ECB+ (8,487 same-topic pairs): the
    # median containment is 0.000 and the 99th percentile 0.56; the 38 pairs at >= 0.75 are
    # AP/AFP copy reprinted (lightly edited) by two sites, all in one gold story. Synthetic
    # reprints (the first 60% of paragraphs plus a correction line) reach 0.75 in 99.4% of
    # 179 cases (96.6% at 0.8, 84.4% at 0.9).
    Setting("near_duplicate_threshold", float, 0.75,
            "Share (0-1) of the shorter article's 5-word shingles found in an earlier article "
            "above which it is linked to that article as a reprint.", 0.0, 1.0),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Config:
    summary_words: int = 120
    max_input_bytes: int = 10_000_000
    min_text_chars: int = 1
    cluster_threshold: float = 0.16
    cluster_embeddings: bool = False
    cluster_window_days: float = 7.0
    fact_threshold: float = 0.34
    batch_size: int = 32
    encoding: str = "utf-8"
    fetch: bool = True
    allow_private: bool = False
    fetch_timeout: float = 15.0
    fetch_delay: float = 1.0
    fetch_retries: int = 3
    max_redirects: int = 5
    user_agent: str = "storyline/0.1 (news reader; +https://example.org/storyline)"
    near_duplicate_threshold: float = 0.75

    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied and checked."""
        checked = {k: _coerce(k, v, "argument") for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **checked)


def _coerce(name: str, value: Any, origin: str) -> Any:
    setting = _BY_NAME.get(name)
    if setting is None:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"unknown setting {name!r} (from {origin}); known settings: {known}")
    try:
        result = _to_bool(value) if setting.type is bool else setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{name} must be a {setting.type.__name__}, got {value!r} (from {origin}). "
            f"The default is {setting.default!r}."
        ) from None
    if setting.minimum is not None and result < setting.minimum:
        raise ConfigError(f"{name} must be at least {setting.minimum}, got {value!r} "
                          f"(from {origin}). The default is {setting.default!r}.")
    if setting.maximum is not None and result > setting.maximum:
        raise ConfigError(f"{name} must be at most {setting.maximum}, got {value!r} "
                          f"(from {origin}). The default is {setting.default!r}.")
    return result


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


def load_config(path: Path | None = None, env: dict[str, str] | None = None,
                **overrides: Any) -> Config:
    """Build a Config from defaults, a TOML file, STORYLINE_* variables and overrides."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    toml_path = path or (Path(env["STORYLINE_CONFIG"]) if "STORYLINE_CONFIG" in env
                         else Path("storyline.toml"))
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read settings file {toml_path}: {e}") from e
        table = data.get("storyline", data)
        for key, value in table.items():
            values[key] = _coerce(key, value, str(toml_path))
    elif path is not None:
        raise ConfigError(f"settings file {path} does not exist")
    for key, value in env.items():
        if key.startswith("STORYLINE_") and key != "STORYLINE_CONFIG":
            name = key[len("STORYLINE_"):].lower()
            if name in _BY_NAME:
                values[name] = _coerce(name, value, f"environment variable {key}")
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(key, value, "command line")
    return Config(**values)


def settings_markdown() -> str:
    """Render the settings table as Markdown (docs/settings.md is generated from it)."""
    lines = ["# Settings", "",
             "Set them in `storyline.toml` (under `[storyline]`), as `STORYLINE_<NAME>` "
             "environment variables, or with the matching command-line flag.", "",
             "| name | type | default | help |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | {s.type.__name__} | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"
