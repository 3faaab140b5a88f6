"""The metadata sources of one page, each read once and shared by the field readers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any

from newscrawl.dateparse import get_timezone

from .body import select
from .headline import headline_element, host_key, is_site_name, text_key
from .jsonld import ORGANISATION_TYPES, JsonLd, as_texts, read_jsonld
from .meta import MetaTags, Microdata
from .model import ExtractOptions, Problem
from .places import PageWalk, metadata_marks
from .text import clean, element_text
from .xpath import XPath

_TITLE = XPath("//head/title | //title")
Candidates = Iterable[tuple[str, Callable[[], Any]]]


class Sources:
    """JSON-LD, meta tags and microdata of a page, with its URL, options and problem list."""

    def __init__(
        self, tree: Any, url: str, options: ExtractOptions, problems: list[Problem]
    ) -> None:
        self.tree = tree
        self.url = url
        self.options = options
        self.problems = problems
        self.tz: tzinfo = get_timezone(options.timezone)
        now = options.now or datetime.now(UTC)
        self.now = now if now.tzinfo else now.replace(tzinfo=self.tz)
        self.ld: JsonLd = read_jsonld(tree, problems, options.max_jsonld_chars)
        self.node: dict[str, Any] = self.ld.article() or {}
        pages = list(self.ld.of_type("webpage", "itempage", "newsarticle"))
        self.page_node: dict[str, Any] = pages[0] if pages else {}
        self.meta = MetaTags(tree)
        self._micro: Microdata | None = None
        self._walk: PageWalk | None = None
        self._headline: list[tuple[Any, str] | None] = []

    @property
    def micro(self) -> Microdata:
        # Read on first use: most pages answer every field before microdata is asked.
        if self._micro is None:
            self._micro = Microdata(self.tree)
        return self._micro

    @property
    def walk(self) -> PageWalk:
        """The page's text and marked places around its headline, read on first use (only
        pages whose structured data lacks a date or a byline need it)."""
        if self._walk is None:
            found = self.headline
            self._walk = PageWalk(
                self.tree,
                metadata_marks,
                self.meta_value("og:title"),
                found[0] if found else None,
            )
        return self._walk

    @property
    def headline(self) -> tuple[Any, str] | None:
        """The element of the body that shows a part of the page's title (or og:title) as
        its whole text, and that text: the headline where no ``<h1>`` gives it."""
        if not self._headline:
            titles = [t for t in (title_text(self.tree), self.meta_value("og:title")) if t]
            keys = {text_key(name) for name in self.site_names()} - {""}
            host = host_key(self.url)
            self._headline.append(
                headline_element(
                    self.tree, titles, lambda part: is_site_name(part, keys, host), self.url
                )
            )
        return self._headline[0]

    def ld_values(self, *keys: str) -> Iterator[Any]:
        """Values of ``keys`` on the article node, then on the WebPage node."""
        for node in (self.node, self.page_node):
            for key in keys:
                value = node.get(key)
                if value not in (None, "", []):
                    yield value

    def meta_value(self, *keys: str) -> str:
        """The first value of the first present meta key."""
        found = self.meta.first(*keys)
        return found[1] if found else ""

    def site_names(self) -> list[str]:
        """What the site calls itself: og:site_name, the JSON-LD publisher and WebSite."""
        names = self.meta.all("og:site_name", "application-name", "twitter:site")
        for value in self.ld_values("publisher"):
            names.extend(as_texts(self.ld.resolve(value)))
        for node in self.ld.of_type("website", *ORGANISATION_TYPES):
            names.extend(as_texts(node.get("name")))
        return [n.lstrip("@") for n in names if n]

    def select_text(self, selector: str | None) -> str:
        """The first text (or ``datetime``/``content`` attribute) a profile selector finds."""
        if not selector:
            return ""
        for el in select(self.tree, selector):
            text = clean(el.get("datetime") or el.get("content")) or element_text(el)
            if text:
                return text
        return ""


def title_text(tree: Any) -> str:
    """The text of the page's ``<title>``."""
    titles = _TITLE.nodes(tree)
    return element_text(titles[0]) if titles else ""


def first(candidates: Candidates) -> tuple[Any, str | None]:
    """The first source whose thunk gives a truthy value, and that source's name."""
    for source, thunk in candidates:
        value = thunk()
        if value:
            return value, source
    return None, None
