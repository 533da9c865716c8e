"""One exception family: catch ``StorylineError`` to catch everything storyline raises.

StorylineError
  ConfigError        bad or conflicting settings
  StoreError         cannot open, migrate or write the store
    SchemaTooNew     the store was written by a newer storyline
  SourceError        an input path cannot be read at all (missing, not a file or folder)
  MissingExtra       an optional dependency is not installed
  NotFound           a story, article or entity id that the store does not hold

A single bad article is not an exception: ingest returns a ``Rejection`` value
for it, the store keeps it, and ``storyline rejects`` shows it.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class ConfigError(StorylineError):
    """A setting has a bad value or settings conflict."""


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class SchemaTooNew(StoreError):
    """The store's schema is newer than this version of storyline understands."""


class SourceError(StorylineError):
    """An input path cannot be read at all."""


class MissingExtra(StorylineError):
    """An optional dependency is missing; the message gives the pip command."""


class NotFound(StorylineError):
    """An id that the store does not hold."""
