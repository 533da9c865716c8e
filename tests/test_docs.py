from __future__ import annotations

import dataclasses
from pathlib import Path

import storyline
from storyline.config import SETTINGS, Config, settings_markdown
from storyline.schema import account_schema, load_account_schema

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_schema_matches_the_model() -> None:
    assert load_account_schema() == account_schema()


def test_settings_doc_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_markdown()


def test_config_defaults_match_the_settings_table() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(Config)}
    assert defaults == {s.name: s.default for s in SETTINGS}


def test_public_api_is_listed_in_all() -> None:
    public = {name for name in dir(storyline) if not name.startswith("_")}
    modules = {"api", "cli", "config", "embeddings", "errors", "evaluate", "model", "pipeline",
               "schema", "stages", "store", "web", "logging"}
    assert public - modules == set(storyline.__all__)


def test_readme_opens_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0].strip() for b in text.split("```\n")[1::2]]
    assert blocks[0] == "pip install -e . && storyline demo"
    assert blocks[1] == "pip install -e '.[dev]' && pytest"
