"""Is this page a story, a listing of stories, or something else? Decided by the page itself.

Order: JSON-LD types (an article type wins; Yoast's WebPage node is on every page and says
nothing, its CollectionPage marks a listing), then og:type, then the structure: a block of
several long paragraphs side by side reads as a story, many linked headlines as a listing,
and a couple of paragraphs side by side, with few linked headlines, as a short story.
Only C-level XPath and a JSON parse of small blocks: a few hundred microseconds.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from .jsonld import ARTICLE_TYPES, JSONLD_SCRIPTS, LISTING_TYPES, type_names
from .xpath import XPath

PageKind = Literal["article", "listing", "other"]

_OG_TYPE = XPath("string(//meta[@property='og:type']/@content)")
_PROSE_BLOCK = XPath(
    "boolean(//*[count(p[string-length(normalize-space()) > 100]) >= 3])",
)
_SHORT_PROSE_BLOCK = XPath(
    "boolean(//*[count(p[string-length(normalize-space()) > 80]) >= 2])",
)
_LONG_PARAGRAPHS = XPath("count(//p[string-length(normalize-space()) > 100])")
_TEASERS = XPath(
    "count(//h2[.//a] | //h3[.//a] | //h4[.//a] | //article[.//a])",
)
_MAX_JSONLD_CHARS = 500_000


def _types(data: Any, found: set[str], depth: int = 0) -> None:
    """Types of top-level nodes, their ``@graph``, and ``mainEntity`` (not of every nested one:
    a listing's items are articles)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data[:200]:
            _types(item, found, depth + 1)
    elif isinstance(data, dict):
        found |= type_names(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                _types(data[key], found, depth + 1)


def page_kind(tree: Any, url: str) -> PageKind:
    """``"article"``, ``"listing"`` or ``"other"`` for the page at ``url`` parsed as ``tree``."""
    found: set[str] = set()
    for script in JSONLD_SCRIPTS.nodes(tree):
        text = script.text or ""
        if len(text) > _MAX_JSONLD_CHARS:
            continue
        try:
            _types(json.loads(text), found)
        except (ValueError, RecursionError):
            continue
    if found & ARTICLE_TYPES:
        return "article"
    if found & LISTING_TYPES:
        return "listing"
    og_type = str(_OG_TYPE.string(tree)).strip().lower()
    if og_type == "article" or og_type.startswith("article:"):
        return "article"
    if _PROSE_BLOCK.boolean(tree):
        return "article"
    if _TEASERS.number(tree) >= 6:
        return "listing"
    if _SHORT_PROSE_BLOCK.boolean(tree) or _LONG_PARAGRAPHS.number(tree) >= 5:
        return "article"
    return "other"
