"""Reading dates as pages write them: ISO 8601, RFC 2822, epoch numbers, "May 26, 2022 10:05 AM"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .jsonld import as_text
from .text import element_text
from .xpath import XPath

if TYPE_CHECKING:
    from .model import Article
    from .sources import Sources

_ISO_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d?)-(?P<d>\d\d?)"
    r"(?:[T\s]+(?P<H>\d\d?):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d\d(?::?\d\d)?|UTC|GMT)?(?![\d])"
)
_COMPACT_RE = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>\d\d)(?P<M>\d\d))?"
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TEXT_MDY_RE = re.compile(
    _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)", re.I
)
_TEXT_DMY_RE = re.compile(
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)", re.I
)
_NUMERIC_RE = re.compile(r"(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>(?:19|20)\d\d)")
_TIME_RE = re.compile(
    r"(?P<H>\d{1,2})[:.h](?P<M>\d\d)(?::(?P<S>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*(?P<tz>[A-Z]{1,4}|[+-]\d\d:?\d\d))?",
    re.I,
)
_ZONE_NAMES: dict[str, tzinfo | str] = {
    "Z": UTC,
    "UTC": UTC,
    "GMT": UTC,
    "BST": timezone(timedelta(hours=1)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "EET": timezone(timedelta(hours=2)),
    "EEST": timezone(timedelta(hours=3)),
    "MSK": timezone(timedelta(hours=3)),
    "IST": timezone(timedelta(hours=5, minutes=30)),
    "JST": timezone(timedelta(hours=9)),
    "KST": timezone(timedelta(hours=9)),
    "AEST": timezone(timedelta(hours=10)),
    "AEDT": timezone(timedelta(hours=11)),
    "EST": timezone(timedelta(hours=-5)),
    "EDT": timezone(timedelta(hours=-4)),
    "CST": timezone(timedelta(hours=-6)),
    "CDT": timezone(timedelta(hours=-5)),
    "MST": timezone(timedelta(hours=-7)),
    "MDT": timezone(timedelta(hours=-6)),
    "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:[/-]|\.html?|$)|/((?:19|20)\d\d)([01]\d)([0-3]\d)/"
)


def get_timezone(name: str) -> tzinfo:
    """A zone by IANA name; UTC for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _offset(value: str | None, default: tzinfo) -> tzinfo:
    if not value:
        return default
    value = value.strip()
    if value[0] in "+-":
        digits = value[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 14 or minutes > 59:
            return default
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if value[0] == "-" else delta)
    zone = _ZONE_NAMES.get(value.upper())
    if isinstance(zone, str):
        return get_timezone(zone)
    return zone or default


def _build(
    y: str | int,
    m: str | int,
    d: str | int,
    hh: str | None,
    mm: str | None,
    ss: str | None,
    tz: tzinfo,
) -> datetime | None:
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def _with_time(date: datetime, text: str, start: int, tz: tzinfo) -> datetime:
    """Add the clock time written after the date, if there is one."""
    match = _TIME_RE.search(text, start)
    if not match or match.start() - start > 12:
        return date
    hour, minute = int(match["H"]), int(match["M"])
    ampm = (match["ampm"] or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    zone = tz
    if match["tz"] and (match["tz"][0] in "+-" or match["tz"].upper() in _ZONE_NAMES):
        zone = _offset(match["tz"], tz)
    try:
        return date.replace(hour=hour, minute=minute, second=int(match["S"] or 0), tzinfo=zone)
    except ValueError:
        return date


def parse_date(value: str, tz: tzinfo) -> datetime | None:
    """A timezone-aware datetime from ``value``; naive values are taken to be in ``tz``."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    if _EPOCH_RE.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC)
    match = _ISO_RE.search(value)
    if match:
        return _build(
            match["y"],
            match["m"],
            match["d"],
            match["H"],
            match["M"],
            match["S"],
            _offset(match["tz"], tz),
        )
    match = _COMPACT_RE.match(value)
    if match:
        return _build(match["y"], match["m"], match["d"], match["H"], match["M"], None, tz)
    if value[:3].isalpha() and "," in value[:5]:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    for regex in (_TEXT_MDY_RE, _TEXT_DMY_RE):
        match = regex.search(value)
        if match:
            month = _MONTHS[match["mon"].lower()]
            date = _build(match["y"], month, match["d"], None, None, None, tz)
            return _with_time(date, value, match.end(), tz) if date else None
    match = _NUMERIC_RE.search(value)
    if match:
        a, b = int(match["a"]), int(match["b"])
        # Day first unless that is impossible: most of the world writes 26.05.2022 / 26/05/2022.
        day, month = (b, a) if b > 12 >= a and "/" in match.group(0) else (a, b)
        date = _build(match["y"], month, day, None, None, None, tz)
        return _with_time(date, value, match.end(), tz) if date else None
    return None


def date_from_url(url: str, tz: tzinfo) -> datetime | None:
    """The date in a path such as ``/2022/05/26/`` or ``/20220526/``."""
    match = _URL_DATE_RE.search(url)
    if not match:
        return None
    groups = match.groups()
    y, m, d = groups[:3] if groups[0] else groups[3:]
    return _build(y, m, d, None, None, None, tz)


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
                src.problems.append(f"{field}: date in the future rejected ({value})")
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
