"""Reading listing pages: which links are pagination, and how recent a listing is.

The spider uses these to decide how deep to page a listing on a recurring run.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

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
        try:
            value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if value.tzinfo is not None and (newest is None or value > newest):
            newest = value
    return newest
