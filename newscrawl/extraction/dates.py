"""The dates of a page: ``published_at`` and ``modified_at``, each from its own sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from newscrawl.dateparse import date_from_url, parse_date

from .jsonld import as_text
from .model import Article, Problem
from .text import element_text
from .xpath import XPath

if TYPE_CHECKING:
    from .sources import Sources

_TIMES = XPath("//time[@datetime]")
_VISIBLE_DATES = XPath(
    "//body//*[contains(@class, 'date') or contains(@class, 'time') or"
    " contains(@class, 'publish')][string-length(normalize-space()) < 80]"
)
_MODIFIED_HINT_RE = re.compile(r"modif|updat|revis", re.I)
_PUBLISHED_META = (
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "datepublished",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "cxenseparse:recs:publishtime",
    "displaydate",
)
_MODIFIED_META = (
    "article.updated",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "revised",
)
# Sources in order, each a thunk giving date texts (or dates already read, from the URL).
DateCandidates = list[tuple[str, Callable[[], list[str] | list[datetime]]]]


def _time_elements(src: Sources, modified: bool) -> list[str]:
    """``<time datetime>`` values; those marked modified/updated only when ``modified``."""
    values = []
    for el in _TIMES.nodes(src.tree):
        parent = el.getparent()
        hint = f"{el.get('class', '')} {el.get('itemprop', '')}"
        if parent is not None:
            hint += " " + parent.get("class", "")
        if bool(_MODIFIED_HINT_RE.search(hint)) == modified:
            values.append(el.get("datetime", ""))
    return values


def _first_date(
    src: Sources, field: str, candidates: DateCandidates
) -> tuple[datetime | None, str | None]:
    latest = src.now + timedelta(days=1)
    for source, thunk in candidates:
        for value in thunk():
            parsed = value if isinstance(value, datetime) else parse_date(value, src.tz)
            if parsed is None:
                continue
            if parsed > latest:
                src.problems.append(Problem(field, "future_date", str(value)))
                continue
            return parsed, source
    return None, None


def read_dates(src: Sources, article: Article) -> None:
    """Set ``published_at`` and ``modified_at``, each from its own sources."""

    def ld(*keys: str) -> Callable[[], list[str]]:
        return lambda: [as_text(v) for v in src.ld_values(*keys)]

    published: DateCandidates = [
        ("jsonld", ld("datePublished", "dateCreated", "uploadDate")),
        ("microdata", lambda: src.micro.texts("datePublished")),
        ("og", lambda: src.meta.all("article:published_time", "og:published_time")),
        ("meta", lambda: src.meta.all(*_PUBLISHED_META)),
        ("time", lambda: _time_elements(src, modified=False)),
        ("text", lambda: [element_text(el) for el in _VISIBLE_DATES.nodes(src.tree)[:10]]),
        ("url", lambda: [d for d in [date_from_url(src.url, src.tz)] if d is not None]),
    ]
    if src.options.date_selector:
        selected = src.select_text(src.options.date_selector)
        published.insert(0, ("selector", lambda: [selected]))
    value, source = _first_date(src, "published_at", published)
    if value is not None and source:
        article.published_at = value
        article.provenance["published_at"] = source
    modified: DateCandidates = [
        ("jsonld", ld("dateModified")),
        ("microdata", lambda: src.micro.texts("dateModified")),
        ("og", lambda: src.meta.all("article:modified_time", "og:updated_time")),
        ("meta", lambda: src.meta.all(*_MODIFIED_META)),
        ("time", lambda: _time_elements(src, modified=True)),
    ]
    value, source = _first_date(src, "modified_at", modified)
    if value is not None and source:
        article.modified_at = value
        article.provenance["modified_at"] = source
