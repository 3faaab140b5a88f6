"""Dates as feeds and sitemaps write them: RFC 822 (RSS) and ISO 8601 / W3C datetime (Atom,
sitemaps, Dublin Core), each read into a timezone-aware ``datetime``.

A date that states no zone is read as UTC and flagged, so callers can weigh it below dates
that state one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz

# Year alone, year-month, date, date-time: the W3C profile of ISO 8601 that sitemaps use, plus
# the space separator and compact zones that feeds use in practice.
_ISO_RE = re.compile(
    r"""^(?P<y>\d{4})
    (?:-(?P<m>\d\d)
      (?:-(?P<d>\d\d)
        (?:[T\s](?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?)?
      )?
    )?
    \s*(?P<tz>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?$""",
    re.VERBOSE | re.IGNORECASE,
)
# The zone that ends an RFC 822 date: a numeric offset (some feeds put a colon in it) or a name.
_RFC822_ZONE_RE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*(?P<tz>[+-]\d\d:?\d\d|[A-Za-z]{1,5})?\s*$")
# RFC 822 names (email.utils knows these) and the names feeds use beyond them. Ambiguous
# abbreviations (IST, CST in Asia, BST) keep the reading most feeds mean, or none at all.
_ZONES: dict[str, int] = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "AST": -4 * 60,
    "ADT": -3 * 60,
    "EST": -5 * 60,
    "EDT": -4 * 60,
    "CST": -6 * 60,
    "CDT": -5 * 60,
    "MST": -7 * 60,
    "MDT": -6 * 60,
    "PST": -8 * 60,
    "PDT": -7 * 60,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "CET": 60,
    "CEST": 2 * 60,
    "MET": 60,
    "MEST": 2 * 60,
    "EET": 2 * 60,
    "EEST": 3 * 60,
    "MSK": 3 * 60,
    "HKT": 8 * 60,
    "SGT": 8 * 60,
    "JST": 9 * 60,
    "KST": 9 * 60,
    "AEST": 10 * 60,
    "AEDT": 11 * 60,
    "NZST": 12 * 60,
    "NZDT": 13 * 60,
}


def parse_date(text: str | None) -> tuple[datetime | None, bool]:
    """``text`` as an aware datetime, and whether its zone was assumed (UTC) for want of one.

    Returns ``(None, False)`` for text that is no date this module can read.
    """
    if text is None:
        return None, False
    text = " ".join(text.split())
    if not text:
        return None, False
    if text[:4].isdigit():
        return _iso(text)
    return _rfc822(text)


def _iso(text: str) -> tuple[datetime | None, bool]:
    match = _ISO_RE.match(text)
    if match is None:
        # RSS feeds that write "2024-03-05 10:00:00 +0000 (UTC)" and the like.
        return _rfc822(text)
    g = match.groupdict()
    # Microseconds: only six digits fit, extra precision is dropped rather than rejected.
    micro = int((g["f"] or "0")[:6].ljust(6, "0"))
    try:
        naive = datetime(
            int(g["y"]),
            int(g["m"] or 1),
            int(g["d"] or 1),
            int(g["H"] or 0),
            int(g["M"] or 0),
            int(g["S"] or 0),
            micro,
        )
    except ValueError:
        return None, False
    zone = g["tz"]
    if zone is None:
        return naive.replace(tzinfo=UTC), True
    return naive.replace(tzinfo=_offset(zone)), False


def _offset(zone: str) -> timezone:
    zone = zone.upper()
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return UTC if minutes == 0 else timezone(sign * timedelta(minutes=minutes))


def _rfc822(text: str) -> tuple[datetime | None, bool]:
    parsed = parsedate_tz(text)
    if parsed is None:
        return None, False
    try:
        naive = datetime(*parsed[:6])
    except ValueError:
        return None, False
    # parsedate_tz reports 0 both for GMT and for no zone or a zone it does not know, so the
    # zone is read here from the text itself.
    match = _RFC822_ZONE_RE.search(text)
    zone = match.group("tz") if match else None
    if zone is None:
        return naive.replace(tzinfo=UTC), True
    if zone[0] in "+-":
        return naive.replace(tzinfo=_offset(zone)), False
    minutes = _ZONES.get(zone.upper())
    if minutes is None:
        return naive.replace(tzinfo=UTC), True
    tz = UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
    return naive.replace(tzinfo=tz), False
