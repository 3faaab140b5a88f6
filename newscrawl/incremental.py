"""What makes a rerun cheap: the archive's knowledge of a site, loaded when the crawl starts.

- A link to an archived story is not fetched again unless the story is due for a revisit
  (:mod:`archive.revisits` decides; ``NEWSCRAWL_REVISIT_ALL`` makes every story due). Skipped
  links are counted in ``newscrawl/revisit/not_due``.
- A due story is fetched with ``If-None-Match`` / ``If-Modified-Since`` from its last fetch, so
  an unchanged page costs a ``304`` and no body.
- With ``NEWSCRAWL_SINCE`` (a date), a listing whose dated teasers are all older is not paged
  further, and feed or sitemap entries dated before it are not fetched.
- A listing page whose links (pagination aside) are all archived stories or pages this run
  already requested is *known*; after ``NEWSCRAWL_STOP_AFTER_KNOWN_PAGES`` known pages in a row
  its pagination is not followed further: what lies deeper was archived by earlier runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from archive.db import has_schema, make_engine, make_sessionmaker
from archive.revisits import Due, due_stories, known_urls

_PAGINATION = re.compile(r"/page/\d+/?$|[?&](page|paged|pg|p|start|offset)=\d+", re.IGNORECASE)


def is_pagination(url: str, next_links: set[str]) -> bool:
    """Whether ``url`` is a page of a listing (``rel=next`` or a page-number address)."""
    return url in next_links or bool(_PAGINATION.search(url))


@dataclass
class SiteMemory:
    """The archived stories of one site and those due for a visit."""

    known: set[str] = field(default_factory=set)
    due: dict[str, Due] = field(default_factory=dict)

    @classmethod
    def load(cls, archive_url: str, host: str, *, everything: bool = False) -> SiteMemory:
        """Read from the archive (blocking: call it from a thread). A missing archive is empty."""
        engine = make_engine(archive_url)
        try:
            if not has_schema(engine):
                return cls()
            with make_sessionmaker(engine)() as session:
                known = known_urls(session, host)
                due = due_stories(session, host, datetime.now(UTC), everything=everything)
        finally:
            engine.dispose()
        return cls(known=known, due={d.url: d for d in due})

    def conditional_headers(self, url: str) -> dict[str, str]:
        due = self.due.get(url)
        headers = {}
        if due is not None and due.etag:
            headers["If-None-Match"] = due.etag
        if due is not None and due.last_modified:
            headers["If-Modified-Since"] = due.last_modified
        return headers


def parse_since(text: str) -> datetime | None:
    """``NEWSCRAWL_SINCE``: an ISO 8601 date or time (UTC when no zone is given), or empty."""
    text = text.strip()
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
