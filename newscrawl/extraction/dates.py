"""The dates of a page: ``published_at`` and ``modified_at``, each from its own sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from newscrawl.dateparse import date_from_url, find_dates, parse_date

from .jsonld import as_text
from .meta import html_lang
from .model import Article, Problem
from .places import class_words
from .text import clean, element_text

if TYPE_CHECKING:
    from .sources import Sources


_MODIFIED_HINT_RE = re.compile(r"modif|updat|revis|aktualis|edited|actualiz|aggiorn", re.I)
# Words that say the date after them is a modification, in several languages.
_MODIFIED_LABEL_RE = re.compile(
    r"(?:updated|modified|edited|revised|last\s+change|aktualisiert|geändert|stand|"
    r"mis\s+à\s+jour|modifié|actualizado|actualización|modificado|aggiornato|modificato|"
    r"atualizado|bijgewerkt|gewijzigd|zaktualizowano|uppdaterad|opdateret|oppdatert|"
    r"обновлено|güncelleme|frissítve)\b[^\d]{0,20}$",
    re.I,
)
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


def _modified_element(el: Any) -> bool:
    hint = class_words(el)
    parent = el.getparent()
    if parent is not None:
        hint += " " + class_words(parent)
    return bool(_MODIFIED_HINT_RE.search(hint))


@dataclass
class _Place:
    """The visible places that may date the page, around its headline."""

    times: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    modified_times: list[str] = field(default_factory=list)
    modified_texts: list[str] = field(default_factory=list)


def _published_in(text: str, tz: tzinfo, month_first: bool) -> list[datetime]:
    """Dates in ``text`` that no "updated"/"Stand:" label marks as a modification."""
    dates = []
    previous = 0
    for start, date in find_dates(text, tz, month_first=month_first):
        if not _MODIFIED_LABEL_RE.search(text[previous:start]):
            dates.append(date)
        previous = start
    return dates


def _visible_places(src: Sources) -> _Place:
    """``<time>`` values and texts of date-like elements near the headline: after it first,
    then before it nearest first (a date line above the headline before a header's date bar)."""
    walk = src.walk
    marked = [(o, n, el) for o, n, el in walk.marked if n == "time" or "date" in n]
    place = _Place()
    for name, el in walk.near(marked, TEXT_REACH_AFTER, TEXT_REACH_BEFORE):
        if src.walk.elsewhere(el):
            continue
        if name == "time":
            value = el.get("datetime") or ""
            if value and _modified_element(el):
                place.modified_times.append(value)
            elif value:
                place.times.append(value)
            else:
                place.texts.append(element_text(el))
            continue
        # An empty marked element may carry its date in an attribute
        # ('<span class="updated" title="2013-04-04T18:52:11+00:00">').
        text = element_text(el) or clean(el.get("title") or el.get("content"))
        if not text or len(text) >= 160:
            continue
        (place.modified_texts if _modified_element(el) else place.texts).append(text)
    return place


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


#: How far from the headline (in characters of visible text) the text scan looks for a date
#: when no marked place gives one; chosen by host-grouped cross-validation
#: (``benchmarks/metadata_cv.py``).
TEXT_REACH_AFTER = 5000
TEXT_REACH_BEFORE = 500
# "Published", "Veröffentlicht am", "Publié le", "Posted on", ... just before a date.
_PUBLISHED_WORDS = (
    r"(?:published|posted|first\s+published|veröffentlicht|erschienen|publiziert|erstellt|"
    r"publié|mis\s+en\s+ligne|paru|publicado|publicada|pubblicato|gepubliceerd|geplaatst|"
    r"opublikowano|publicerad|publicerat|publiceret|publisert|julkaistu|опубликовано|"
    r"yayınlanma|publicat|zveřejněno)\b"
)
_PUBLISHED_LABEL_RE = re.compile(_PUBLISHED_WORDS + r"[^\d]{0,20}$", re.I)
_PUBLISHED_WORD_RE = re.compile(_PUBLISHED_WORDS, re.I)
_DIGIT_RE = re.compile(r"\d")


def _scanned(src: Sources, month_first: bool) -> list[datetime]:
    """Dates in the page's text: one after a "Published" label anywhere first (the label may
    be a text of its own just before the date's), then those within
    :data:`TEXT_REACH_AFTER` characters after the headline, then those within
    :data:`TEXT_REACH_BEFORE` before it, nearest first (no headline: from the top)."""
    walk = src.walk
    labelled: list[datetime] = []
    previous = ""
    for _, text, parent in walk.texts:
        if _DIGIT_RE.search(text) and _PUBLISHED_WORD_RE.search(previous[-40:] + " " + text):
            for start, date in find_dates(text, src.tz, month_first=month_first):
                context = (previous[-40:] + " " + text[:start]) if start < 20 else text[:start]
                if _PUBLISHED_LABEL_RE.search(context[-40:]) and not src.walk.elsewhere(parent):
                    labelled.append(date)
        previous = text
    positioned: list[datetime] = []
    for text, parent in walk.near(walk.texts, TEXT_REACH_AFTER, TEXT_REACH_BEFORE):
        if not _DIGIT_RE.search(text) or src.walk.elsewhere(parent):
            continue
        for start, date in find_dates(text, src.tz, month_first=month_first):
            if not _MODIFIED_LABEL_RE.search(text[max(0, start - 40) : start]):
                positioned.append(date)
    return labelled + positioned


def _scanned_modified(src: Sources, month_first: bool) -> list[datetime]:
    """Dates in the page's text near the headline that an "updated"/"Stand:" label marks as
    a modification: a page that shows no other date was at least that old."""
    walk = src.walk
    found: list[datetime] = []
    for text, parent in walk.near(walk.texts, TEXT_REACH_AFTER, TEXT_REACH_BEFORE):
        if not _DIGIT_RE.search(text) or walk.elsewhere(parent):
            continue
        for start, date in find_dates(text, src.tz, month_first=month_first):
            if _MODIFIED_LABEL_RE.search(text[max(0, start - 40) : start]):
                found.append(date)
    return found


def _month_first(src: Sources) -> bool:
    """Whether the page writes numeric dates month first (US English: 03/12/2024)."""
    lang = (html_lang(src.tree) or src.meta_value("og:locale")).lower().replace("_", "-")
    return lang in ("en", "en-us")


def read_dates(src: Sources, article: Article) -> None:
    """Set ``published_at`` and ``modified_at``, each from its own sources."""

    def ld(*keys: str) -> Callable[[], list[str]]:
        return lambda: [as_text(v) for v in src.ld_values(*keys)]

    found: list[_Place] = []

    def places() -> _Place:
        if not found:
            found.append(_visible_places(src))
        return found[0]

    mdy = _month_first(src)

    published: DateCandidates = [
        ("jsonld", ld("datePublished", "dateCreated", "uploadDate")),
        ("microdata", lambda: src.micro.texts("datePublished")),
        ("og", lambda: src.meta.all("article:published_time", "og:published_time")),
        ("meta", lambda: src.meta.all(*_PUBLISHED_META)),
        ("time", lambda: places().times),
        ("text", lambda: [d for t in places().texts for d in _published_in(t, src.tz, mdy)]),
        ("url", lambda: [d for d in [date_from_url(src.url, src.tz)] if d is not None]),
        ("text", lambda: _scanned(src, mdy)),
        # Only a date marked as a modification: better than none, the story is at least as old.
        (
            "text",
            lambda: [
                d
                for t in places().modified_texts
                for _, d in find_dates(t, src.tz, month_first=mdy)
            ],
        ),
        ("text", lambda: _scanned_modified(src, mdy)),
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
        ("time", lambda: places().modified_times),
    ]
    value, source = _first_date(src, "modified_at", modified)
    if value is not None and source:
        article.modified_at = value
        article.provenance["modified_at"] = source
