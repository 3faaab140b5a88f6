"""Other builds of the demo site: news sites made as differently as real ones are.

The default demo site (:class:`demosite.site.DemoSite`) is one WordPress/Yoast build. Each
module here is another build, small and hand-made, with its ground truth: what a perfect crawl
stores (the stories, each under one address, with its aliases) and what it must not store as a
story (home, listings, about and privacy pages...). They exist to test the crawler's rules, not
to tune them: nothing in ``newscrawl`` may name anything peculiar to one of them.

A build module defines ``Build``, a subclass of :class:`StaticBuild`; :func:`load` finds it
by the module's name, so adding a build is adding a module.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

#: The builds ``python -m demosite --build`` serves; "wordpress" is :class:`DemoSite`.
BUILD_NAMES = ("wordpress", "townpaper", "publisher", "zeitung")

Response = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class TruthStory:
    """One story as a perfect crawl stores it."""

    url: str  # the address it is stored under (its canonical one)
    title: str  # the headline, without the site's name
    published: str  # the publication day, YYYY-MM-DD, in the site's own time zone
    authors: tuple[str, ...]  # people only, in byline order; no agency, no "Staff"
    tags: tuple[str, ...]  # the story's tags as the site names them, in page order
    body: str  # the story text, paragraphs joined by "\n\n" (no standfirst, no promos)
    aliases: tuple[str, ...] = ()  # other addresses of it a crawl meets (print, moved, ...)
    section: str | None = None


@dataclass(frozen=True)
class SiteTruth:
    """What a perfect crawl of a build records."""

    stories: tuple[TruthStory, ...]
    # Every other HTML page the site links to, by absolute URL: what it is ("home", "listing",
    # "tag", "author", "archive", "search", "about", "contact", "privacy", "terms"...).
    others: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One address of a build: what the server answers there."""

    kind: str  # one of demosite.site.KINDS: article, view, listing, feed, sitemap, other
    body: bytes
    content_type: str = "text/html; charset=UTF-8"
    status: int = 200
    location: str | None = None  # for a redirect


class StaticBuild:
    """A build whose every page is known in advance: :meth:`pages` for a base URL, served.

    Subclasses implement :meth:`pages` and :meth:`ground_truth`; both take the origin the site
    is served at (``http://127.0.0.1:PORT``, no trailing slash) and must be deterministic.
    """

    #: The page bodies' Last-Modified; a fixed moment so that reruns see 304s.
    modified = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)

    def __init__(self) -> None:
        self._pages: dict[str, dict[str, Page]] = {}

    def pages(self, origin: str) -> dict[str, Page]:
        """Every address of the site, by path (with its query string, if it has one)."""
        raise NotImplementedError

    def ground_truth(self, origin: str) -> SiteTruth:
        raise NotImplementedError

    def _site(self, base_url: str) -> dict[str, Page]:
        origin = base_url.rstrip("/")
        found = self._pages.get(origin)
        if found is None:
            found = self._pages[origin] = self.pages(origin)
        return found

    def render(self, path: str, base_url: str, legacy_base_url: str | None = None) -> Response:
        # Pages are keyed by path and query: an old CMS's stories live at story.php?id=12.
        path = path.split("#", 1)[0] or "/"
        pages = self._site(base_url)
        page = pages.get(path) or pages.get(path.split("?", 1)[0])
        if page is None:
            return 404, {"Content-Type": "text/html; charset=UTF-8"}, b"<h1>Not found</h1>"
        headers = {"Content-Type": page.content_type}
        if page.location is not None:
            headers["Location"] = page.location
        if page.status == 200:
            headers["ETag"] = '"' + hashlib.sha256(page.body).hexdigest()[:40] + '"'
            headers["Last-Modified"] = format_datetime(self.modified, usegmt=True)
        return page.status, headers, page.body

    def kind(self, path: str) -> str:
        for pages in self._pages.values():
            page = pages.get(path) or pages.get(path.split("?", 1)[0])
            if page is not None:
                return page.kind
        return "other"

    def warm(self, base_url: str, legacy_base_url: str | None = None) -> None:
        self._site(base_url)


def load(name: str) -> StaticBuild:
    """The build called *name* (one of :data:`BUILD_NAMES` other than "wordpress")."""
    if name not in BUILD_NAMES or name == "wordpress":
        raise ValueError(f"unknown build {name!r}; choose from {', '.join(BUILD_NAMES[1:])}")
    module = importlib.import_module(f"demosite.builds.{name}")
    build: StaticBuild = module.Build()
    return build
