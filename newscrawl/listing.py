"""Reading listing pages: which links are pagination, how recent a listing is, and the date
each teaser shows.

The spider uses these to decide how deep to page a listing on a recurring run, which stories
are older than ``NEWSCRAWL_SINCE``, and (with :data:`LISTING_TIME` signals) which archived
stories the listing shows as changed since their last fetch.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

#: The source of a date a listing's teaser shows for a story (a date signal, like a feed's).
LISTING_TIME = "listing:time"
# A teaser is the nearest element around a <time> that holds a link; one holding links to more
# targets than this is the whole list, not one teaser, and its dates belong to no one link.
_TEASER_TARGETS = 4
_TEASER_DEPTH = 6

_PAGINATION = re.compile(r"/page/\d+/?$|[?&](page|paged|pg|p|start|offset)=\d+", re.IGNORECASE)


def is_pagination(url: str, next_links: set[str]) -> bool:
    """Whether ``url`` is a page of a listing (``rel=next`` or a page-number address)."""
    return url in next_links or bool(_PAGINATION.search(url))


def parse_since(text: str | None) -> datetime | None:
    """``NEWSCRAWL_SINCE``: an ISO 8601 date or time (UTC when no zone is given), or empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"NEWSCRAWL_SINCE={text!r} is not an ISO 8601 date like 2026-05-01"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def newest_date(datetimes: list[str]) -> datetime | None:
    """The newest of a listing's ``<time datetime>`` values that carry a zone, or None."""
    newest = None
    for text in datetimes:
        value = _aware(text)
        if value is not None and (newest is None or value > newest):
            newest = value
    return newest


def _aware(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def teaser_dates(tree: Any, base_url: str) -> dict[str, datetime]:
    """The date each teaser of a listing shows, by the absolute URL of its links.

    For every ``<time datetime>`` with a zone, the nearest enclosing element that holds links
    is its teaser (an ``<article>``, an ``<li>``, a ``<div>``: whatever the theme uses); its
    links get the newest date it shows (a teaser may show published and updated).
    """
    found: dict[str, datetime] = {}
    for time in tree.xpath("//time[@datetime]"):
        value = _aware(time.get("datetime") or "")
        if value is None:
            continue
        teaser = time.getparent()
        for _ in range(_TEASER_DEPTH):
            if teaser is None or teaser.xpath(".//a[@href]"):
                break
            teaser = teaser.getparent()
        if teaser is None:
            continue
        targets = {urljoin(base_url, str(h).strip()) for h in teaser.xpath(".//a/@href")}
        if not targets or len(targets) > _TEASER_TARGETS:
            continue
        for url in targets:
            if url not in found or value > found[url]:
                found[url] = value
    return found
