"""Pages a crawl judged not to be stories: listings, static pages, copies, others.

Each is kept with its kind and the reason of the judgement, so ``archive pages`` can show why
a page was not stored as a story. A copy of a story (a print or AMP view, another address) is
recorded here and, separately, as the story's alias (:mod:`archive.store.addresses`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from archive.models import URL_LENGTH, CrawledPage
from archive.sql import chunks, dialect_insert
from archive.store.batch import NAME_LENGTH, clip
from archive.timeutil import require_aware

#: The kinds a page that is not a story can have.
PAGE_KINDS = ("listing", "static", "copy", "other")


@dataclass(frozen=True)
class JudgedPage:
    """A fetched page judged not to be a story.

    :ivar url: the page's URL.
    :ivar kind: one of :data:`PAGE_KINDS`.
    :ivar reason: what decided it (``jsonld:CollectionPage``, ``static-word:impressum``...).
    :ivar seen_at: when the crawl fetched it.
    """

    url: str
    kind: str
    reason: str
    seen_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def record_pages(session: Session, crawl_id: int, pages: Sequence[JudgedPage]) -> int:
    """Record ``pages`` for crawl ``crawl_id``; a page the crawl recorded already keeps its
    first row. Returns how many pages were given."""
    rows: dict[str, dict[str, object]] = {}
    for page in pages:
        if not page.url or len(page.url) > URL_LENGTH:
            continue
        if page.kind not in PAGE_KINDS:
            raise ValueError(f"unknown page kind {page.kind!r} for {page.url}")
        rows.setdefault(
            page.url,
            {
                "crawl_id": crawl_id,
                "url": page.url,
                "kind": page.kind,
                "reason": clip(page.reason or "unknown", NAME_LENGTH),
                "seen_at": require_aware(page.seen_at, "seen_at"),
            },
        )
    for chunk in chunks(list(rows.values())):
        statement = dialect_insert(session, CrawledPage).values(list(chunk))
        session.execute(statement.on_conflict_do_nothing(index_elements=["crawl_id", "url"]))
    return len(rows)
