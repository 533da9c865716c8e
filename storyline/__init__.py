"""storyline: group news articles into stories and write one cited account of each.

    import storyline
    report = storyline.build([Path("articles/")], Path("stories.db"))
    for account in storyline.accounts(Path("stories.db")):
        print(account.title, len(account.facts))
"""

import logging

from .api import (
    accounts,
    build,
    demo,
    entity_mentions,
    export,
    list_entities,
    list_stories,
    rejections,
)
from .config import Config, load_config
from .errors import (
    ConfigError,
    MissingExtra,
    NotFound,
    SchemaTooNew,
    SourceError,
    StoreError,
    StorylineError,
)
from .model import (
    Article,
    Citation,
    Conflict,
    Document,
    Entity,
    Fact,
    QuoteGroup,
    Rejection,
    Story,
    StoryAccount,
)
from .stages.ingest import IngestOptions

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = [
    "Article", "Citation", "Config", "ConfigError", "Conflict", "Document", "Entity", "Fact",
    "IngestOptions", "MissingExtra", "NotFound", "QuoteGroup", "Rejection", "SchemaTooNew",
    "SourceError", "StoreError", "Story", "StoryAccount", "StorylineError", "accounts", "build",
    "demo", "entity_mentions", "export", "list_entities", "list_stories", "load_config",
    "rejections",
]
