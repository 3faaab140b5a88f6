"""The element that shows a page's headline, when no ``<h1>`` does.

Hand-made and older pages set the headline in ``<b>``, ``<font size="+2">``, ``<h2>`` or a
styled ``<div>``; their ``<title>`` still holds it, with the site's name around it. The
headline element is the first element of the body whose whole text is a part of the title
("Site - Headline": "Headline"), outside links (teasers of other stories are links).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from newscrawl.urls import absolute_url

from .places import elsewhere
from .text import element_text

#: What separates a title's parts: "Story | Site", "Site - Story", "Story — Site", "Site: Story".
SEPARATOR_RE = re.compile(r"\s+[|\-–—:·•»«/~]\s+|\s*[|｜]\s*|\s+::\s+|(?<=\w):\s+")
_NON_WORD_RE = re.compile(r"\W+")
# Elements a headline is never the whole text of: controls, and texts of links.
_NOT_HEADLINE = frozenset(
    {"a", "button", "label", "option", "select", "textarea", "script", "style", "noscript"}
)
# How many elements of the body are looked at: the headline is near the top of a page.
_LIMIT = 3000


def text_key(text: str) -> str:
    """``text`` folded to its letters and digits, for comparing titles across markup."""
    return _NON_WORD_RE.sub("", text.casefold())


def host_key(url: str) -> str:
    """The site's name as its host spells it: "examplenews" of "www.example-news.co.uk"."""
    host = (urlsplit(url).hostname or "").casefold()
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    # The registrable name without its public suffix is good enough: "example-news" of
    # "www.example-news.co.uk" once "co" and "uk" are dropped as short labels.
    names = [label for label in labels if len(label) > 3] or labels
    return text_key(names[-1]) if names else ""


def is_site_name(part: str, site_keys: set[str], host: str) -> bool:
    """Whether ``part`` of a title names the site: one of ``site_keys`` (keys of its declared
    names), or its host name ("Example News" on example-news.com, "Example.com")."""
    key = text_key(part)
    if not key:
        return False
    if key in site_keys:
        return True
    return bool(host) and (key == host or key.removesuffix("com") == host)


def title_runs(title: str) -> dict[str, str]:
    """Every run of consecutive parts of ``title``, by key: "A - B - C" gives A, B, C, A - B,
    B - C and the whole title."""
    parts = SEPARATOR_RE.split(title)
    seps = SEPARATOR_RE.findall(title)
    runs: dict[str, str] = {}
    for start in range(len(parts)):
        text = parts[start]
        for end in range(start + 1, len(parts) + 1):
            if end > start + 1:
                text += seps[end - 2] + parts[end - 1]
            key = text_key(text)
            if key:
                runs.setdefault(key, text.strip())
    return runs


def _own_link(el: Any, url: str) -> bool:
    """Whether ``el`` links to the page itself (a headline linked to its permalink)."""
    href = (el.get("href") or "").strip()
    target = absolute_url(href, url) if href else None
    if not target:
        return False
    return target.split("#")[0].rstrip("/") == url.split("#")[0].rstrip("/")


def headline_element(
    tree: Any, titles: list[str], is_site: Callable[[str], bool], url: str = ""
) -> tuple[Any, str] | None:
    """The first body element whose whole text is a part of one of ``titles`` (the longest
    part that any element shows, when several do), and that text; ``None`` when no element
    shows one. Texts of links do not count (other stories' teasers) unless the link is to
    the page itself, nor do texts in comments or teasers. Parts that ``is_site`` names (the
    site's name) do not count, nor do one-word parts of longer titles (a section's name)."""
    runs: dict[str, str] = {}
    for title in titles:
        whole = text_key(title)
        for key, text in title_runs(title).items():
            if key == whole or (len(text.split()) > 1 and not is_site(text)):
                runs.setdefault(key, text)
    if not runs:
        return None
    shortest = min(len(key) for key in runs)
    longest = max(len(text) for text in runs.values()) * 2 + 20
    body = tree.find("body") if getattr(tree, "tag", None) == "html" else None
    best: tuple[Any, str] | None = None
    for index, el in enumerate((body if body is not None else tree).iter()):
        if index >= _LIMIT:
            break
        text = el.text
        if not text or not isinstance(el.tag, str) or (el.tag in _NOT_HEADLINE and el.tag != "a"):
            continue
        if len(text) > longest or len(text.strip()) < shortest:
            continue
        key = text_key(text)
        if key not in runs:
            continue
        if len(el) and text_key(element_text(el)) != key:
            continue
        if any(
            node.tag in _NOT_HEADLINE and not (node.tag == "a" and _own_link(node, url))
            for node in el.iterancestors()
        ):
            continue
        if el.tag == "a" and not _own_link(el, url):
            continue
        if elsewhere(el):
            continue
        if best is None or len(key) > len(text_key(best[1])):
            best = (el, element_text(el))
    return best
