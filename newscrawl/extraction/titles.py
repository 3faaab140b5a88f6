"""Headlines without the site's name: "Story | Site", "Site - Story", "Story — Site.com"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .headline import host_key, is_site_name, text_key
from .jsonld import as_text
from .sources import first
from .text import element_text
from .xpath import XPath

if TYPE_CHECKING:
    from .sources import Sources

_H1 = XPath("//h1")
_TITLE = XPath("//title")
_SEPARATOR_RE = re.compile(r"\s+[|\-–—:·•»«/~]\s+|\s*[|｜]\s*|\s+::\s+")


def strip_site_name(title: str, site_names: list[str], url: str) -> str:
    """``title`` without a leading or trailing site name; unchanged when none is found."""
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    seps = _SEPARATOR_RE.findall(title)
    site_keys = {text_key(name) for name in site_names if text_key(name)}
    host = host_key(url)
    start, end = 0, len(parts)
    while end - start > 1 and is_site_name(parts[end - 1], site_keys, host):
        end -= 1
    while end - start > 1 and is_site_name(parts[start], site_keys, host):
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


def _usable(thunk: Callable[[], str], site_keys: set[str], host: str) -> Callable[[], str]:
    def title() -> str:
        value = thunk()
        # Some CMSs put the site's address, or its name, where the headline belongs.
        if value.startswith(("http://", "https://", "www.")):
            return ""
        return "" if is_site_name(value, site_keys, host) else value

    return title


def headline_part(title: str, headline: str) -> str | None:
    """The part of ``title`` that is the page's ``headline`` (its ``<h1>``) when the title is
    the headline with other parts around it ("Site - Headline - Section"); else None."""
    key = text_key(headline)
    # A logo's <h1> names the site: the headline is most of the title.
    if not key or key == text_key(title) or 2 * len(key) < len(text_key(title)):
        return None
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return None
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            if (start, end) != (0, len(parts)) and text_key(" ".join(parts[start:end])) == key:
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
    site_keys = {text_key(name) for name in names if text_key(name)}
    host = host_key(src.url)
    value, source = first((name, _usable(thunk, site_keys, host)) for name, thunk in candidates)
    if not value:
        return None, None
    # The title is the headline with the site's name or section around it: the headline.
    if h1s:
        part = headline_part(value, element_text(h1s[0]))
        if part:
            return part, source
    # No <h1> shows it, but another element of the body does ("<b>Headline</b>").
    shown = src.headline
    if shown:
        part = headline_part(value, shown[1])
        if part:
            return part, source
    shared = common_site_suffix([t for t in (page_title, src.meta_value("og:title")) if t])
    if shared:
        names.append(shared)
    return strip_site_name(value, names, src.url), source
