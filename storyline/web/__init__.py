"""The web app: HTML pages and a JSON API over a store (``storyline serve``).

``derive`` holds the views computed from an account; it imports no web framework, so the
HTML export uses it too. ``create_app`` is imported lazily for the same reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(store_path: Path | str, *, write_token: str | None = None) -> FastAPI:
    """Build the FastAPI app over the store at ``store_path`` (read-only unless a token)."""
    from .app import create_app as _create_app

    return _create_app(store_path, write_token=write_token)
