"""The ``storyfold serve`` web app: server-rendered pages over a store, each with a JSON twin.

Every page is a Starlette route that reads its data through :mod:`.pages` and renders it
with a Jinja2 template (autoescaped: article text from the web is hostile), or returns
the same data as JSON when the path ends in ``.json``. Corrections (merge, split) are
POST forms carrying a CSRF token that must match the browser's cookie. Each request opens
the store on its own connection (SQLite in WAL mode lets a fold write meanwhile).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import NotFoundError, StoryfoldError, UsageError
from ..review.corrections import merge_stories, split_story
from ..store import Store
from . import pages
from .links import ServerLinks

LINKS = ServerLinks()

CSRF_COOKIE = "storyfold_csrf"
CHOICES_TTL = 300.0
"""Seconds the list's site and language options are kept before a background re-read."""
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""No inline script or style, nothing from elsewhere: a script in an article never runs."""


def template_env() -> Environment:
    """The Jinja2 environment of the pages (autoescaping everything)."""
    env = Environment(
        loader=PackageLoader("storyfold.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


class SecurityHeaders(BaseHTTPMiddleware):
    """Content-Security-Policy and friends on every response."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def create_app(db: str | Path) -> Starlette:
    """The web app over the store at ``db`` (which must exist)."""
    db = str(db)
    env = template_env()
    with Store(db, create=False, write=False) as store:
        # a missing or foreign file fails here, before the server starts
        choices = pages.FilterChoices.of(store)
    refreshed = [time.monotonic()]
    refreshing = threading.Lock()

    def filter_choices() -> pages.FilterChoices:
        """The list's site and language options, refreshed in the background every
        :data:`CHOICES_TTL` seconds (new folds add sites)."""
        if time.monotonic() - refreshed[0] > CHOICES_TTL and refreshing.acquire(blocking=False):
            refreshed[0] = time.monotonic()

            def refresh() -> None:
                nonlocal choices
                try:
                    with Store(db, create=False, write=False) as s:
                        choices = pages.FilterChoices.of(s)
                finally:
                    refreshing.release()

            threading.Thread(target=refresh, daemon=True).start()
        return choices

    def render(
        request: Request, template: str, data: dict[str, Any], status: int = 200
    ) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        html = env.get_template(template).render(data=data, csrf=token, L=LINKS)
        response = HTMLResponse(html, status_code=status)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def page(
        template: str, build: Callable[[Store, Request], dict[str, Any]]
    ) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            want_json = request.url.path.endswith(".json")
            try:
                with Store(db, create=False, write=False) as store:
                    data = build(store, request)
            except (StoryfoldError, HTTPException) as exc:
                return error(request, exc, want_json)
            if want_json:
                return JSONResponse(data)
            return render(request, template, data)

        return endpoint

    def error(request: Request, exc: Exception, want_json: bool) -> Response:
        if isinstance(exc, HTTPException):
            status, message = exc.status_code, str(exc.detail)
        else:
            status = (
                404
                if isinstance(exc, NotFoundError)
                else 400
                if isinstance(exc, UsageError)
                else 500
            )
            message = str(exc)
        body = {"error": {"status": status, "message": message}}
        if want_json or request.url.path.endswith(".json"):
            return JSONResponse(body, status_code=status)
        return render(request, "error.html", body, status)

    def ref(request: Request) -> str:
        value = request.path_params["ref"]
        return value[: -len(".json")] if value.endswith(".json") else value

    def check_csrf(request: Request, form: Any) -> None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        sent = str(form.get("csrf", ""))
        if not cookie or not hmac.compare_digest(cookie, sent):
            raise HTTPException(
                403,
                "this form has expired or came from another site; reload the page and try again",
            )

    def correction(
        field: str, apply: Callable[[Store, Request, list[str]], str]
    ) -> Callable[[Request], Awaitable[Response]]:
        """A POST form's correction: the CSRF check, the ticked ``field`` values, the store
        operation (``apply`` returns the story to show), then a redirect to that story."""

        async def endpoint(request: Request) -> Response:
            form = await request.form()
            try:
                check_csrf(request, form)
                picked = [str(v) for v in form.getlist(field) if str(v).strip()]
                with Store(db, create=False) as store:
                    shown = apply(store, request, picked)
            except (StoryfoldError, HTTPException) as exc:
                return error(request, exc, False)
            return RedirectResponse(LINKS.story(shown), status_code=303)

        return endpoint

    def merge(store: Store, request: Request, stories: list[str]) -> str:
        return merge_stories(store, stories).survivor

    def split(store: Store, request: Request, articles: list[str]) -> str:
        return split_story(store, request.path_params["ref"], articles).new_story

    def not_found(request: Request, exc: Exception) -> Response:
        return error(request, HTTPException(404, f"no page {request.url.path}"), False)

    def story_list(store: Store, request: Request) -> dict[str, Any]:
        return pages.story_list(store, dict(request.query_params), filter_choices())

    def twin(
        path: str, template: str, build: Callable[[Store, Request], dict[str, Any]]
    ) -> list[Route]:
        """A page and its JSON twin (``path.json``), built by one function."""
        return [Route(path, page(template, build)), Route(path + ".json", page("", build))]

    def why(store: Store, request: Request) -> dict[str, Any]:
        q = request.query_params
        return pages.why_page(store, q.get("a"), q.get("b"))

    static = resources.files("storyfold.web").joinpath("static")
    routes = [
        Route("/", lambda r: RedirectResponse(LINKS.stories(), status_code=307)),
        *twin("/stories", "stories.html", story_list),
        Route("/stories/merge", correction("story", merge), methods=["POST"]),
        Route("/stories/{ref}/split", correction("article", split), methods=["POST"]),
        *twin(
            "/stories/{ref}/compare",
            "compare.html",
            lambda s, r: pages.compare_page(s, ref(r), r.query_params.getlist("a")),
        ),
        # the twins of a story and an article page: the same route, ``ref`` ending in .json
        Route("/stories/{ref}", page("story.html", lambda s, r: pages.story_page(s, ref(r)))),
        Route("/articles/{ref}", page("article.html", lambda s, r: pages.article_page(s, ref(r)))),
        *twin("/copies", "copies.html", lambda s, r: pages.copies_page(s, dict(r.query_params))),
        *twin("/why", "why.html", why),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={404: not_found},
    )
