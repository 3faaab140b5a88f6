"""The demo site as an application: paths in, responses out, plus the ground truth.

No sockets here; :mod:`newscrawl.demosite.server` puts this on HTTP.
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any

from newscrawl.demosite import model, pages

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"

Response = tuple[int, dict[str, str], bytes]

HTML = "text/html; charset=UTF-8"
_LISTING = re.compile(r"^/(category|tag|author)/([a-z0-9-]+)/(?:page/([1-9][0-9]*)/)?$")


def _origin(base_url: str) -> str:
    """``http://host:port`` from *base_url*, which may end with a slash."""
    if not re.match(r"^https?://[^/]+/?$", base_url):
        raise ValueError(
            f"base_url must be an origin such as http://127.0.0.1:8000/, got {base_url!r}"
        )
    return base_url.rstrip("/")


def _html(status: int, document: str) -> Response:
    return status, {"Content-Type": HTML}, document.encode("utf-8")


class DemoSite:
    """A deterministic news site of *articles* stories generated from *seed*.

    The same arguments always give byte-identical pages for the same base URL. Rendered pages
    are cached, so serving a page the second time costs a dictionary look-up.
    """

    def __init__(self, articles: int = 300, seed: int = 1) -> None:
        self.articles = articles
        self.seed = seed
        self.model = model.build(articles, seed)
        self._cache: dict[tuple[str, str], Response] = {}

    def render(self, path: str, base_url: str = DEFAULT_BASE_URL) -> Response:
        """The response to a GET of *path* (query string and fragment ignored) on *base_url*.

        Absolute links, canonical URLs and JSON-LD ids use *base_url*.
        """
        base = _origin(base_url)
        path = path.split("#", 1)[0].split("?", 1)[0] or "/"
        key = (base, path)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        response = self._route(base, path)
        if response is None and not path.endswith("/"):
            # WordPress redirects to the slashed address of any page that exists.
            found = self._route(base, path + "/")
            if found is not None:
                response = 301, {"Location": f"{base}{path}/", "Content-Type": HTML}, b""
        if response is None:
            # Not cached per path: anyone can ask for endlessly many missing pages.
            key = (base, "<404>")
            cached = self._cache.get(key)
            if cached is not None:
                return cached
            response = _html(404, pages.not_found_page(self.model, base))
        self._cache[key] = response
        return response

    def _route(self, base: str, path: str) -> Response | None:
        site = self.model
        if path == "/":
            return _html(200, pages.home_page(site, base))
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain; charset=UTF-8"}, pages.ROBOTS_TXT.encode()
        index = site.by_path.get(path)
        if index is not None:
            return _html(200, pages.article_page(site, base, index))
        if path in pages.STATIC_PAGES:
            return _html(200, pages.static_page(site, base, path))
        match = _LISTING.match(path)
        if match is None:
            return None
        kind, slug, number_text = match.groups()
        listing = self._listing(kind, slug)
        if listing is None:
            return None
        heading, indexes = listing
        root = f"/{kind}/{slug}/"
        number = int(number_text or 1)
        if number_text == "1":
            return 301, {"Location": base + root, "Content-Type": HTML}, b""
        if number > pages.listing_pages(len(indexes)):
            return None
        document = pages.listing_page(
            site, base, root, heading, indexes, number, f"{kind} {kind}-{slug}"
        )
        return _html(200, document)

    def _listing(self, kind: str, slug: str) -> tuple[str, list[int]] | None:
        site = self.model
        if kind == "category":
            for section in site.sections:
                if section.slug == slug:
                    return section.name, site.by_section[slug]
        elif kind == "tag":
            for tag in site.tags:
                if tag.slug == slug:
                    return tag.name, site.by_tag[slug]
        else:
            for author in site.authors:
                if author.slug == slug:
                    return author.name, site.by_author[slug]
        return None

    def paths(self) -> list[str]:
        """Every page with status 200: home, listings and their pages, articles."""
        site = self.model
        listings = [(s.path, len(site.by_section[s.slug])) for s in site.sections]
        listings += [(t.path, len(site.by_tag[t.slug])) for t in site.tags]
        listings += [(a.path, len(site.by_author[a.slug])) for a in site.authors]
        result = ["/", "/robots.txt", *pages.STATIC_PAGES]
        for root, count in listings:
            result.append(root)
            result += [f"{root}page/{n}/" for n in range(2, pages.listing_pages(count) + 1)]
        result += [a.path for a in site.articles]
        return result

    def warm(self, base_url: str) -> None:
        """Render every page for *base_url* now, so that the first crawl finds them cached."""
        for path in self.paths():
            self.render(path, base_url)

    def ground_truth(self, base_url: str) -> list[dict[str, Any]]:
        """What a perfect crawl of the site served at *base_url* would archive, oldest first."""
        base = _origin(base_url)
        return [
            {
                "url": base + a.path,
                "title": a.title,
                "body": a.body,
                "authors": [author.name for author in a.authors],
                "published_at": a.published.astimezone(UTC),
                "modified_at": a.modified.astimezone(UTC),
                "tags": [t.name for t in a.tags],
                "section": a.section.name,
                "language": "en",
                "image_url": base + a.image_path,
            }
            for a in self.model.articles
        ]
