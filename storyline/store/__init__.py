"""Stores: where records live between stages. SQLite is the default."""

from .base import Store
from .sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "Store", "open_store"]
