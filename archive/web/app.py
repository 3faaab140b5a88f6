"""The web view of the archive: a Starlette application over :mod:`archive.query`.

:func:`create_app` builds it for one archive. Pages:

- ``/``: search (full text, with filters and paging), or the newest stories without a query;
- ``/story/{id}``: a story's fields, provenance, aliases, near-duplicates and versions;
  ``/story/{id}/version/{n}`` one version as it was, with its extractor stamp and the
  headers of the WARC record it was read from; ``/story/{id}/version/{n}/record`` that
  record's HTTP payload as a download, ``.../record.json`` its headers;
  ``/story/{id}/diff?from=N&to=M`` what changed between two versions, word by word;
  ``/story?url=...`` finds a story by address;
- ``/sites``: every site with its story count and health; ``/site/{host}``: stories
  published per day and the site's crawls as charts, and its health.

Pages are rendered by Jinja2 with autoescape on: every stored text is escaped. The pages
carry no script and a Content-Security-Policy that allows none. A stored page is hostile data:
its payload is only ever sent as an ``application/octet-stream`` attachment in a sandbox, never
rendered in the archive's origin. Reads are plain synchronous SQLAlchemy in Starlette's thread
pool, one session per request.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive import query
from archive.db import make_engine
from archive.diff import word_diff
from archive.filters import StoryFilters
from archive.health import SiteHealth, site_health
from archive.render import flat_text
from archive.results import StoryDetail, VersionContent
from archive.search import SearchSyntaxError
from archive.timeutil import iso_z, parse_when, utcnow
from archive.web import charts, reads
from archive.web.warc_record import (
    DEFAULT_WARC_DIR,
    RecordNotFound,
    StoredRecord,
    read_payload,
    read_record,
)

__all__ = ["PAGE_SIZE", "create_app"]

PAGE_SIZE = 20
# The highlight markers given to the search: private-use characters that no story text holds,
# replaced by <mark> after the snippet is escaped.
_MARK_START, _MARK_END = "\ue000", "\ue001"
# Days of a site's "published per day" chart, by default and at most.
_DAYS, _MAX_DAYS = 60, 731
_CRAWLS = 100
# The fields a version keeps, as the diff page shows them: short ones first, the body last.
_DIFF_FIELDS = (
    "title",
    "description",
    "authors",
    "agency",
    "section",
    "tags",
    "published_at",
    "modified_at",
    "language",
    "image_url",
    "body",
)
_SECURITY_HEADERS = {
    # No page has a script; none may run, whatever a stored text holds.
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self';"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    # Following a link out to a story's site does not tell it about the archive.
    "referrer-policy": "no-referrer",
}
# A stored page's payload: a download, and should a browser render it all the same, in a
# sandbox of its own origin with nothing allowed.
_PAYLOAD_HEADERS = {
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": "no-store",
}
# The download's file name ends as its type says, so that the saved file opens in an editor
# or browser as what it is; the name itself is made of numbers only.
_EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/xml": "xml",
    "application/xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/json": "json",
    "application/ld+json": "json",
    "text/plain": "txt",
}


class BadRequest(HTTPException):
    """A parameter the page cannot use; shown with status 400 and the message."""

    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


def create_app(
    archive_url: str | None = None,
    *,
    engine: Engine | None = None,
    secret: str | None = None,
    now: Callable[[], datetime] = utcnow,
    warc_dirs: Sequence[Path] = (DEFAULT_WARC_DIR,),
) -> Starlette:
    """The web view of the archive at ``archive_url`` (or on ``engine``, which the caller
    keeps and disposes of).

    :param secret: when given, every request must carry it: as the password of HTTP Basic
        authentication (any user name) or as ``Authorization: Bearer <secret>``.
    :param now: the clock the health verdicts are judged by.
    :param warc_dirs: the folders of the WARC files the versions' records are in.
    """
    owned: Engine | None = None
    if engine is None:
        if archive_url is None:
            raise ValueError("give the archive's URL or an engine")
        engine = owned = make_engine(archive_url)
    views = _Views(engine, _environment(), now, tuple(warc_dirs))

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned is not None:
                owned.dispose()

    app = Starlette(
        routes=[
            Route("/", views.search, name="search"),
            Route("/story", views.find_story, name="find_story"),
            Route("/story/{story_id:int}", views.story, name="story"),
            Route("/story/{story_id:int}/version/{number:int}", views.version, name="version"),
            Route(
                "/story/{story_id:int}/version/{number:int}/record",
                views.record_payload,
                name="record",
            ),
            Route(
                "/story/{story_id:int}/version/{number:int}/record.json",
                views.record_json,
                name="record_json",
            ),
            Route("/story/{story_id:int}/diff", views.diff, name="diff"),
            Route("/sites", views.sites, name="sites"),
            Route("/site/{host}", views.site, name="site"),
            Mount("/static", StaticFiles(packages=[("archive.web", "static")]), name="static"),
        ],
        exception_handlers={HTTPException: views.error},
        lifespan=lifespan,
    )
    app.add_middleware(_SecurityHeaders)
    if secret:
        app.add_middleware(_SecretRequired, secret=secret)
    return app


# -- middleware -------------------------------------------------------------------------------


class _SecretRequired:
    """Let through only requests that carry the secret (HTTP Basic password or Bearer)."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.secret = secret.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._allowed(Headers(scope=scope).get("authorization")):
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse(
            "This archive needs a password.\n",
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="archive", charset="UTF-8"'},
        )
        await response(scope, receive, send)

    def _allowed(self, authorization: str | None) -> bool:
        if not authorization:
            return False
        scheme, _, credentials = authorization.partition(" ")
        given = b""
        if scheme.lower() == "bearer":
            given = credentials.strip().encode()
        elif scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True)
            except (binascii.Error, ValueError):
                return False
            given = decoded.partition(b":")[2]
        return hmac.compare_digest(given, self.secret)


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


# -- templates --------------------------------------------------------------------------------


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("archive.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        when=_when, day=_day, href=_href, snippet=_snippet, joined=_joined, duration=_duration
    )
    return environment


def _when(value: datetime | None) -> str:
    """``2024-05-01 12:00:00Z``: UTC to the second."""
    return iso_z(value.replace(microsecond=0)).replace("T", " ") if value is not None else "—"


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value is not None else "—"


def _href(url: str | None) -> str:
    """A stored address fit for a link: only http(s); anything else (``javascript:``) is
    not linked."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return "#"


def _snippet(text: str) -> Markup:
    """The search's snippet, escaped, with the matched words marked."""
    escaped = str(escape(text))
    return Markup(escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


def _joined(values: Any) -> str:
    return ", ".join(str(value) for value in values) if values else "—"


def _duration(crawl: Any) -> str:
    if crawl.finished_at is None:
        return "—"
    seconds = (crawl.finished_at - crawl.started_at).total_seconds()
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


# -- the pages --------------------------------------------------------------------------------


def _query_date(params: QueryParams, name: str, *, end_of_day: bool) -> datetime | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_when(text, end_of_day=end_of_day)
    except ValueError:
        raise BadRequest(f"{name}: not a date: {text!r} (try 2024-05-01)") from None


def _query_int(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name}: not a number: {text!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name}: {value} is not between {low} and {high}")
    return value


def _paths(request: Request) -> Callable[..., str]:
    """``url_for`` for the templates: the path of a page, without scheme and host, so that
    links never depend on the Host header a client sent."""

    def url_for(name: str, /, **params: Any) -> str:
        return request.url_for(name, **params).path

    return url_for


def _badge(health: SiteHealth | None) -> dict[str, Any]:
    """What a site's health badge says: its state, its CSS class and the reasons."""
    if health is None:
        return {"state": "no crawls", "css": "unknown", "problems": ()}
    if health.healthy:
        return {"state": "healthy", "css": "ok", "problems": ()}
    # The state archive health gives (down, failing, collapsed, stale), as the command says it.
    return {"state": health.state, "css": "bad", "problems": health.problems}


class _Views:
    def __init__(
        self,
        engine: Engine,
        environment: Environment,
        now: Callable[[], datetime],
        warc_dirs: tuple[Path, ...],
    ):
        self.engine = engine
        self.environment = environment
        self.now = now
        self.warc_dirs = warc_dirs

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        template = self.environment.get_template(name)
        page = template.render(request=request, url_for=_paths(request), **context)
        return HTMLResponse(page, status_code=status)

    async def error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return self.render(request, "error.html", exc.status_code, error=exc)

    # -- search and listing

    def search(self, request: Request) -> Response:
        params = request.query_params
        text = params.get("q", "").strip()
        filters = StoryFilters(
            site=params.get("site", "").strip() or None,
            section=params.get("section", "").strip() or None,
            tag=params.get("tag", "").strip() or None,
            author=params.get("author", "").strip() or None,
            since=_query_date(params, "since", end_of_day=False),
            until=_query_date(params, "until", end_of_day=True),
        )
        number = _query_int(params, "page", 1, 1, 10_000)
        error = None
        with Session(self.engine) as session:
            page: reads.Page[Any]
            if text:
                try:
                    page = reads.search_page(
                        session,
                        text,
                        number=number,
                        size=PAGE_SIZE,
                        highlight=(_MARK_START, _MARK_END),
                        **filters,
                    )
                except SearchSyntaxError as exc:
                    error = str(exc)
                    page = reads.Page((), number, PAGE_SIZE, 0, False)
            else:
                page = reads.list_page(session, number=number, size=PAGE_SIZE, **filters)
            choices = {
                "sites": reads.site_hosts(session),
                "sections": reads.sections(session, site=filters.get("site")),
            }
        kept = {key: value for key, value in params.items() if key != "page" and value}
        return self.render(
            request,
            "search.html",
            400 if error else 200,
            text=text,
            page=page,
            params=kept,
            choices=choices,
            error=error,
            page_url=lambda n: "?" + urlencode({**kept, "page": n}),
        )

    # -- one story

    def find_story(self, request: Request) -> Response:
        address = request.query_params.get("url", "").strip()
        if not address:
            raise BadRequest("url: give a story's address")
        with Session(self.engine) as session:
            detail = query.get_story(session, address)
        if detail is None:
            raise HTTPException(404, f"no story with the address {address}")
        return RedirectResponse(_paths(request)("story", story_id=detail.id), status_code=303)

    def _story(self, session: Session, story_id: int) -> StoryDetail:
        detail = query.get_story(session, str(story_id))
        if detail is None:
            raise HTTPException(404, f"no story {story_id}")
        return detail

    def story(self, request: Request) -> Response:
        story_id: int = request.path_params["story_id"]
        with Session(self.engine) as session:
            detail = self._story(session, story_id)
            members: list[tuple[Any, int | None]] = []
            if detail.cluster is not None:
                for member in detail.cluster.members:
                    found = query.get_story(session, member.url)
                    members.append((member, found.id if found is not None else None))
        return self.render(request, "story.html", story=detail, members=members)

    def _version(self, request: Request) -> tuple[StoryDetail, VersionContent]:
        story_id: int = request.path_params["story_id"]
        number: int = request.path_params["number"]
        with Session(self.engine) as session:
            detail = self._story(session, story_id)
            try:
                content = query.get_version(session, str(story_id), number)
            except LookupError as exc:
                raise HTTPException(404, str(exc)) from None
        return detail, content

    def version(self, request: Request) -> Response:
        detail, content = self._version(request)
        record: StoredRecord | None = None
        missing = None
        if content.source.warc_file is not None:
            try:
                record = read_record(content.source, self.warc_dirs)
            except RecordNotFound as exc:
                missing = str(exc)
        return self.render(
            request, "version.html", story=detail, version=content, record=record, missing=missing
        )

    def _record_error(self, content: VersionContent, exc: RecordNotFound) -> HTTPException:
        # A payload too large to serve is not found here either; its message names the
        # warcio command that extracts it.
        return HTTPException(404, f"version {content.number} of {content.url}: {exc}")

    def record_payload(self, request: Request) -> Response:
        """The HTTP payload of the version's WARC record, as a download: stored pages are
        hostile data and are never rendered in the archive's origin."""
        detail, content = self._version(request)
        try:
            record, payload = read_payload(content.source, self.warc_dirs)
        except RecordNotFound as exc:
            raise self._record_error(content, exc) from None
        extension = _EXTENSIONS.get(record.content_type, "bin")
        name = f"story-{detail.id}-version-{content.number}.{extension}"
        return Response(
            payload,
            media_type="application/octet-stream",
            headers={"content-disposition": f'attachment; filename="{name}"', **_PAYLOAD_HEADERS},
        )

    def record_json(self, request: Request) -> Response:
        """Where the version's record is and its WARC and HTTP headers, as JSON."""
        _detail, content = self._version(request)
        try:
            record = read_record(content.source, self.warc_dirs)
        except RecordNotFound as exc:
            raise self._record_error(content, exc) from None
        return JSONResponse(
            {
                "file": record.file,
                "offset": record.offset,
                "record_id": record.record_id,
                "target_uri": record.target_uri,
                "warc_headers": [list(pair) for pair in record.warc_headers],
                "status_line": record.status_line,
                "http_headers": [list(pair) for pair in record.http_headers],
                "origin": content.source.origin,
                "extractor_version": content.source.extractor_version,
                "software_version": content.source.software_version,
            }
        )

    def diff(self, request: Request) -> Response:
        story_id: int = request.path_params["story_id"]
        with Session(self.engine) as session:
            detail = self._story(session, story_id)
            count = detail.versions
            newer = _query_int(request.query_params, "to", count, 1, count)
            older = _query_int(request.query_params, "from", max(newer - 1, 1), 1, count)
            old = query.get_version(session, str(story_id), older)
            new = query.get_version(session, str(story_id), newer)
        return self.render(
            request, "diff.html", story=detail, old=old, new=new, fields=_diffed(old, new)
        )

    # -- sites

    def _health(self, session: Session) -> dict[str, SiteHealth]:
        return {health.site: health for health in site_health(session, self.now())}

    def sites(self, request: Request) -> Response:
        with Session(self.engine) as session:
            stats = query.archive_stats(session)
            health = self._health(session)
        rows = [
            (count, _badge(health.get(count.site.removeprefix("www.")))) for count in stats.per_site
        ]
        return self.render(request, "sites.html", stats=stats, rows=rows)

    def site(self, request: Request) -> Response:
        host: str = request.path_params["host"].lower()
        days = _query_int(request.query_params, "days", _DAYS, 7, _MAX_DAYS)
        with Session(self.engine) as session:
            if host not in reads.site_hosts(session):
                raise HTTPException(404, f"no site {host} in the archive")
            per_day = reads.published_per_day(session, host, days=days)
            crawls = reads.site_crawls(session, host, limit=_CRAWLS)
            health = self._health(session).get(host.removeprefix("www."))
            stories = reads.count_stories(session, site=host)
        published = charts.bar_chart(
            [(day.isoformat(), count) for day, count in per_day],
            label=f"Stories of {host} published per day",
            unit="stories",
        )
        labels = [f"#{c.id} {c.started_at:%m-%d %H:%M}" for c in crawls]
        crawl_pages = charts.line_chart(
            labels,
            [charts.Series("pages", [c.pages for c in crawls])],
            label=f"Pages fetched by each crawl of {host}",
        )
        crawl_stories = charts.line_chart(
            labels,
            [
                charts.Series("new", [c.stories_new for c in crawls]),
                charts.Series("updated", [c.stories_updated for c in crawls]),
                charts.Series("errors", [c.errors for c in crawls]),
            ],
            label=f"Stories new and updated, and errors, in each crawl of {host}",
        )
        return self.render(
            request,
            "site.html",
            host=host,
            stories=stories,
            days=days,
            per_day=per_day,
            published=published,
            crawl_pages=crawl_pages,
            crawl_stories=crawl_stories,
            crawls=crawls[::-1],
            badge=_badge(health),
            health=health,
            since=_since(per_day),
        )


def _since(per_day: list[tuple[date, int]]) -> str:
    return per_day[0][0].isoformat() if per_day else ""


def _diffed(old: VersionContent, new: VersionContent) -> list[dict[str, Any]]:
    """Each field of the two versions: unchanged, or its word diff as ``(op, text)`` pieces."""
    out = []
    for name in _DIFF_FIELDS:
        before, after = flat_text(getattr(old, name)), flat_text(getattr(new, name))
        pieces = list(word_diff(before, after)) if before != after else []
        out.append({"name": name, "changed": before != after, "text": after, "pieces": pieces})
    return out
