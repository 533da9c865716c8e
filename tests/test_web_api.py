"""Property tests of the JSON API against its own /openapi.json, with schemathesis.

Every generated request must get a documented status (never a 500), a response that
matches its schema, and valid data must be accepted. Examples per operation are
bounded so the suite stays well under a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from storyline import api
from storyline.config import Config
from storyline.web import create_app

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
TOKEN = "api-test-token"


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    # Its own store: the write operation adds articles to it.
    store = tmp_path_factory.mktemp("api") / "api.db"
    api.build([HOSTILE], store, Config())
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(store, write_token=TOKEN))


# schemathesis' lazy pytest fixtures do not run under pytest 9, so the operations are
# walked here, each with its own bounded hypothesis run.
OPERATIONS = [("GET", "/api/stories"), ("GET", "/api/stories/{story_id}"),
              ("GET", "/api/entities"), ("GET", "/api/entities/{entity_id}"),
              ("GET", "/api/rejects"), ("POST", "/api/articles")]
# Negative cases (requests that break the schema) need something to break: any string is a
# valid path id, so operations with only an id are run with valid data only.
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS] + \
    [(m, p, GenerationMode.NEGATIVE) for m, p in OPERATIONS if "{" not in p]


@pytest.mark.parametrize("method,path,mode", CASES)
def test_api_follows_its_openapi_description(web_schema: schemathesis.BaseSchema, method: str,
                                            path: str, mode: GenerationMode) -> None:
    operation = web_schema[path][method]
    headers = {"Authorization": f"Bearer {TOKEN}"} if method == "POST" else None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=15 if method == "POST" else 40, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers)

    check()


def test_every_operation_is_exercised(web_schema: schemathesis.BaseSchema) -> None:
    listed = {(op.ok().method.upper(), op.ok().path) for op in web_schema.get_all_operations()}
    assert listed == set(OPERATIONS)
