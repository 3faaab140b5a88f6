"""Headlines without the site's name: "Story | Site", "Site - Story", "Story — Site.com"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .jsonld import as_text
from .sources import first
from .text import element_text
from .xpath import XPath

if TYPE_CHECKING:
    from .sources import Sources

_H1 = XPath("//h1")
_TITLE = XPath("//title")
_SEPARATOR_RE = re.compile(r"\s+[|\-–—:·•»«/~]\s+|\s*[|｜]\s*|\s+::\s+")
_NON_WORD_RE = re.compile(r"\W+")


def _key(text: str) -> str:
    return _NON_WORD_RE.sub("", text.casefold())


def _host_key(url: str) -> str:
    host = (urlsplit(url).hostname or "").casefold()
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    # The registrable name without its public suffix is good enough: "example-news" of
    # "www.example-news.co.uk" once "co" and "uk" are dropped as short labels.
    names = [label for label in labels if len(label) > 3] or labels
    return _key(names[-1]) if names else ""


def _is_site(part: str, site_keys: set[str], host_key: str) -> bool:
    key = _key(part)
    if not key:
        return False
    if key in site_keys:
        return True
    # "Example News" on example-news.com, "The Example" on theexample.com, "Example.com".
    return bool(host_key) and (key == host_key or key.removesuffix("com") == host_key)


def strip_site_name(title: str, site_names: list[str], url: str) -> str:
    """``title`` without a leading or trailing site name; unchanged when none is found."""
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    seps = _SEPARATOR_RE.findall(title)
    site_keys = {_key(name) for name in site_names if _key(name)}
    host_key = _host_key(url)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site(parts[end - 1], site_keys, host_key):
        end -= 1
    while end - start > 1 and _is_site(parts[start], site_keys, host_key):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    # Re-join what is left with its own separators ("Q&A - part 2" keeps its dash).
    kept = parts[start]
    for index in range(start + 1, end):
        kept += seps[index - 1] + parts[index]
    return kept.strip()


def common_site_suffix(titles: list[str]) -> str | None:
    """A trailing segment two different titles share (og:title vs <title>), which names the site."""
    tails = set()
    for title in titles:
        parts = _SEPARATOR_RE.split(title)
        if len(parts) > 1:
            if parts[-1] in tails:
                return parts[-1]
            tails.add(parts[-1])
    return None


def _usable(thunk: Callable[[], str], site_keys: set[str], host_key: str) -> Callable[[], str]:
    def title() -> str:
        value = thunk()
        # Some CMSs put the site's address, or its name, where the headline belongs.
        if value.startswith(("http://", "https://", "www.")):
            return ""
        return "" if _is_site(value, site_keys, host_key) else value

    return title


def headline_part(title: str, headline: str) -> str | None:
    """The part of ``title`` that is the page's ``headline`` (its ``<h1>``) when the title is
    the headline with other parts around it ("Site - Headline - Section"); else None."""
    key = _key(headline)
    # A logo's <h1> names the site: the headline is most of the title.
    if not key or key == _key(title) or 2 * len(key) < len(_key(title)):
        return None
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return None
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            if (start, end) != (0, len(parts)) and _key(" ".join(parts[start:end])) == key:
                return headline
    return None


def read_title(src: Sources) -> tuple[str | None, str | None]:
    """The headline without the site's name, and its source."""
    h1s = _H1.nodes(src.tree)
    titles = _TITLE.nodes(src.tree)
    page_title = element_text(titles[0]) if titles else ""
    candidates: list[tuple[str, Callable[[], str]]] = [
        ("selector", lambda: src.select_text(src.options.title_selector)),
        ("jsonld", lambda: as_text(src.node.get("headline") or src.node.get("name"))),
        ("microdata", lambda: next(iter(src.micro.texts("headline")), "")),
        ("og", lambda: src.meta_value("og:title")),
        ("meta", lambda: src.meta_value("twitter:title", "title")),
        ("h1", lambda: element_text(h1s[0]) if h1s else ""),
        ("title", lambda: page_title),
    ]
    names = src.site_names()
    site_keys = {_key(name) for name in names if _key(name)}
    host_key = _host_key(src.url)
    value, source = first((name, _usable(thunk, site_keys, host_key)) for name, thunk in candidates)
    if not value:
        return None, None
    # The title is the headline with the site's name or section around it: the headline.
    if h1s:
        part = headline_part(value, element_text(h1s[0]))
        if part:
            return part, source
    shared = common_site_suffix([t for t in (page_title, src.meta_value("og:title")) if t])
    if shared:
        names.append(shared)
    return strip_site_name(value, names, src.url), source
