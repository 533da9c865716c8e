from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_command_help_gives_the_settings_table_defaults() -> None:
    """Every flag that sets a setting states that setting's default, as the table has it
    (build --help once said 0.20 for cluster_threshold while the default was 0.16)."""
    import click
    from click.testing import CliRunner

    from storyline.cli import cli

    defaults = {s.name: s.default for s in SETTINGS}
    def shown(value: object) -> str:
        if isinstance(value, bool):
            return "on" if value else "off"
        return f"{value:,}" if isinstance(value, int) else str(value)

    checked = 0
    commands = [cli.commands["build"], cli.commands["demo"]]
    commands += list(cli.commands["eval"].commands.values())  # type: ignore[attr-defined]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option) and param.name in defaults:
                assert f"(default {shown(defaults[param.name])})." in (param.help or ""), \
                    (command.name, param.name)
                checked += 1
    assert checked >= 9
    help_text = " ".join(CliRunner().invoke(cli, ["build", "--help"]).output.split())
    assert "(default 0.16)" in help_text and "0.20" not in help_text


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


@pytest.mark.slow
def test_readme_test_command_passes_in_a_clone_without_shared_data(tmp_path: Path) -> None:
    """A clone has no ../shared: the tests that read the reference pair skip, saying so,
    instead of failing (the modules below are every one that reads it)."""
    clone = tmp_path / "clone"
    for part in ("storyline", "tests", "docs"):
        shutil.copytree(ROOT / part, clone / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, clone / name)
    readers = sorted(p.name for p in (clone / "tests").glob("test_*.py") if p.name !=
                     "test_docs.py" and re.search(r"\b(HILL|XINHUA|POMPEO)\b",
                                                  p.read_text(encoding="utf-8")))
    assert "test_clean.py" in readers and "test_pipeline.py" in readers
    env = {**os.environ, "PYTHONPATH": str(clone)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-m", "not slow", "-rs", *(f"tests/{name}" for name in readers)],
                         cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[:6000]
    assert "failed" not in run.stdout and "error" not in run.stdout.lower()
    assert "the reference pair is not present" in run.stdout
