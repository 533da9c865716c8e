"""The FastAPI app: one view per page type, each with a JSON twin under ``/api``.

HTML pages and their twins call the same ``Catalog`` query and differ only in how the
result is written out. Article text is hostile input: templates autoescape it, and every
response carries a Content-Security-Policy that allows no inline script at all.
"""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import NotFound, StorylineError
from ..stages import report
from . import schemas
from .queries import MAX_PAGE_SIZE, Catalog, Sort, StoryFilter

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every response.

    It also answers HEAD as GET without the body (link checkers and monitors use
    HEAD; the routes are declared for GET only).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _strict_day(value: object) -> object:
    # Only YYYY-MM-DD: pydantic alone would also take timestamps and datetimes.
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    return date.fromisoformat(value)


# "" is allowed (and means no bound) because an empty date field of the HTML form sends it.
Day = Annotated[date | Literal[""] | None, BeforeValidator(_strict_day)]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE,
                                description=f"items per page, at most {MAX_PAGE_SIZE}")]


def story_filter(
    q: Annotated[str, Query(max_length=200, description="words that must all occur")] = "",
    entity: Annotated[str, Query(max_length=200,
                                 description="entity id, name or alias")] = "",
    outlet: Annotated[str, Query(max_length=200, description="outlet name")] = "",
    since: Annotated[Day, Query(description="stories active on or after this day")] = None,
    until: Annotated[Day, Query(description="stories active on or before this day")] = None,
    sort: Annotated[Sort, Query(description="size: most articles first; recent")] = "size",
    page: Page = 1,
    page_size: PageSize = 25,
) -> StoryFilter:
    """The story list's query parameters (shared by the page and its JSON twin)."""
    return StoryFilter(q=q, entity=entity, outlet=outlet, since=since or None,
                       until=until or None, sort=sort, page=page, page_size=page_size)


Filter = Annotated[StoryFilter, Depends(story_filter)]
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": schemas.ErrorOut,
                                                 "description": "unknown id"}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(store_path: Path | str, *, write_token: str | None = None) -> FastAPI:
    """Build the app over ``store_path``; the write endpoint exists only with a token."""
    catalog = Catalog(store_path)
    env = report.environment()
    app = FastAPI(title="storyline", version="1", docs_url=None, redoc_url=None,
                  description="Stories, accounts, entities and rejections of one store. "
                              "Every HTML page at PATH has a JSON twin at /api/PATH.")
    app.state.catalog = catalog
    app.add_middleware(SecurityHeaders)

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        json_url = "/api" + request.url.path.rstrip("/") if request.url.path != "/" \
            else "/api/stories"
        if request.url.query:
            json_url += "?" + request.url.query
        html = env.get_template(template).render(json_url=json_url, path=request.url.path,
                                                 **context)
        return HTMLResponse(html, status_code=status)

    _errors(app, page)
    _static(app)

    # -- the JSON API
    @app.get("/api/", response_model=schemas.StoryList, include_in_schema=False)  # "/"'s twin
    @app.get("/api/stories", response_model=schemas.StoryList, tags=["stories"])
    def api_stories(wanted: Filter) -> dict[str, Any]:
        """Search, filter and sort the stories; one page of them."""
        return catalog.stories(wanted)

    @app.get("/api/stories/{story_id}", response_model=schemas.StoryPage, responses=ERRORS,
             tags=["stories"])
    def api_story(story_id: str) -> dict[str, Any]:
        """One story's account with its fact x outlet matrix, framing and source sentences."""
        return catalog.story(story_id)

    @app.get("/api/entities", response_model=schemas.EntityList, tags=["entities"])
    def api_entities(q: Annotated[str, Query(max_length=200)] = "", page: Page = 1,
                     page_size: PageSize = 50) -> dict[str, Any]:
        """The roster, most widely reported first; ``q`` matches ids, names and aliases."""
        return catalog.entities(q, page, page_size)

    @app.get("/api/entities/{entity_id}", response_model=schemas.EntityPage, responses=ERRORS,
             tags=["entities"])
    def api_entity(entity_id: str) -> dict[str, Any]:
        """One entity: aliases and the stories it is in."""
        return catalog.entity(entity_id)

    @app.get("/api/rejects", response_model=schemas.RejectList, tags=["rejects"])
    def api_rejects(page: Page = 1, page_size: PageSize = 50) -> dict[str, Any]:
        """Inputs that did not become articles, with reasons."""
        return catalog.rejects(page, page_size)

    # -- the HTML pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, wanted: Filter) -> HTMLResponse:
        result = catalog.stories(wanted)
        return page(request, "web/stories.html.j2", result=result,
                    outlets=catalog.outlets(), pager=_pager(request, result))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        view = catalog.story(story_id)
        return page(request, "web/story.html.j2", view=view)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                      page_number: Annotated[int, Query(alias="page", ge=1,
                                                        le=1_000_000)] = 1,
                      page_size: PageSize = 50) -> HTMLResponse:
        result = catalog.entities(q, page_number, page_size)
        return page(request, "web/entities.html.j2", result=result, q=q,
                    pager=_pager(request, result))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        return page(request, "web/entity.html.j2", result=catalog.entity(entity_id))

    @app.get("/rejects", response_class=HTMLResponse, include_in_schema=False)
    def rejects_page(request: Request, page_number: Annotated[int, Query(
            alias="page", ge=1, le=1_000_000)] = 1, page_size: PageSize = 50) -> HTMLResponse:
        result = catalog.rejects(page_number, page_size)
        return page(request, "web/rejects.html.j2", result=result, pager=_pager(request, result))

    if write_token:
        _write_endpoint(app, catalog, write_token)
    return app


def _pager(request: Request, result: dict[str, Any]) -> dict[str, str | None]:
    def url(number: int) -> str:
        params = dict(request.query_params)
        params["page"] = str(number)
        return request.url.path + "?" + urlencode(params)

    page_number, pages = int(result["page"]), int(result["pages"])
    return {"prev": url(page_number - 1) if page_number > 1 else None,
            "next": url(page_number + 1) if page_number < pages else None}


_BEARER = HTTPBearer(auto_error=False, description="the token given to --write-token")


def _authorised(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None,
                                                         Depends(_BEARER)]) -> None:
    token: str = request.app.state.write_token
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(),
                                                      token.encode()):
        raise HTTPException(401, "a valid `Authorization: Bearer TOKEN` header is needed to "
                                 "add articles", headers={"WWW-Authenticate": "Bearer"})


def _write_endpoint(app: FastAPI, catalog: Catalog, token: str) -> None:
    from .queries import add_article

    app.state.write_token = token

    @app.post("/api/articles", response_model=schemas.BuildOut, status_code=201,
              tags=["write"], dependencies=[Depends(_authorised)],
              responses={400: {"model": schemas.ErrorOut, "description": "body is not JSON"},
                         401: {"model": schemas.ErrorOut, "description": "no or wrong token"}})
    def api_add_article(article: schemas.ArticleIn) -> dict[str, Any]:
        """Add one article: ingest, analyse, cluster and fuse it into the store."""
        ref = article.id or f"web-{uuid.uuid4().hex[:12]}"
        return add_article(catalog, article.model_dump(exclude={"id"}), ref)


Render = Callable[..., HTMLResponse]


def _errors(app: FastAPI, page: Render) -> None:
    def reply(request: Request, status: int, detail: Any) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=status)
        return page(request, "web/error.html.j2", status=status, status_code=status,
                    detail=detail)

    async def not_found(request: Request, exc: Exception) -> Response:
        return reply(request, 404, str(exc))

    async def invalid(request: Request, exc: Exception) -> Response:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        detail = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")),
                   "type": str(e.get("type", ""))} for e in errors]
        return reply(request, 422, detail)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        detail = exc.detail if isinstance(exc, StarletteHTTPException) else str(exc)
        response = reply(request, status, detail)
        if isinstance(exc, StarletteHTTPException) and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def storyline_error(request: Request, exc: Exception) -> Response:
        return reply(request, 503, f"the store cannot be read: {exc}")

    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
        NotFound: not_found, RequestValidationError: invalid,
        StarletteHTTPException: http_error, StorylineError: storyline_error}
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def _static(app: FastAPI) -> None:
    files = {
        "style.css": ("text/css", resources.files("storyline").joinpath(
            "templates/storyline.css").read_bytes()),
        "app.js": ("text/javascript", resources.files("storyline").joinpath(
            "web/static/app.js").read_bytes()),
    }

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404, f"no static file {name!r}")
        media_type, body = files[name]
        return Response(body, media_type=media_type,
                        headers={"Cache-Control": "public, max-age=3600"})
