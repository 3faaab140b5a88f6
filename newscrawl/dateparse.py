"""Dates as news sites write them, read into timezone-aware datetimes, with one table of zone
abbreviations for pages, feeds and sitemaps.

- :func:`parse_date`: what pages write (ISO 8601, RFC 2822, epoch numbers,
  "May 26, 2022 10:05 AM EDT", "26.05.2022"). A date that states no zone is in the site's zone.
- :func:`parse_feed_date`: what feeds and sitemaps write (the W3C profile of ISO 8601, RFC 822).
  A date that states no zone is read as UTC and flagged, so callers can weigh it below dates
  that state one.
- :func:`date_from_url`: the date in a path such as ``/2022/05/26/``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _hours(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


#: Zone abbreviations and what they stand for: a fixed offset, or an IANA name where one
#: abbreviation covers both standard and summer time ("ET" is EST or EDT by the date).
#: Some abbreviations name several zones; the table holds the reading news sites mostly mean
#: (CST: US Central, not China; BST: British summer time, not Bangladesh; AST: Atlantic, not
#: Arabia; IST: India, not Ireland or Israel, see :data:`UNSETTLED_ABBREVIATIONS`). A page of a
#: site whose own zone goes by the abbreviation is read in that zone instead.
ZONE_ABBREVIATIONS: dict[str, tzinfo | str] = {
    "Z": UTC,
    "UT": UTC,
    "UTC": UTC,
    "GMT": UTC,
    "WET": UTC,
    "WEST": _hours(1),
    "BST": _hours(1),
    "CET": _hours(1),
    "MET": _hours(1),
    "CEST": _hours(2),
    "MEST": _hours(2),
    "EET": _hours(2),
    "EEST": _hours(3),
    "MSK": _hours(3),
    "IST": _hours(5.5),
    "HKT": _hours(8),
    "SGT": _hours(8),
    "JST": _hours(9),
    "KST": _hours(9),
    "AEST": _hours(10),
    "AEDT": _hours(11),
    "NZST": _hours(12),
    "NZDT": _hours(13),
    "AST": _hours(-4),
    "ADT": _hours(-3),
    "EST": _hours(-5),
    "EDT": _hours(-4),
    "CST": _hours(-6),
    "CDT": _hours(-5),
    "MST": _hours(-7),
    "MDT": _hours(-6),
    "PST": _hours(-8),
    "PDT": _hours(-7),
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
#: Abbreviations whose readings are too evenly used to guess without the site's zone (IST is
#: written in India, Ireland and Israel alike): a feed or sitemap date with one of these is
#: read as UTC and flagged, as if it stated no zone.
UNSETTLED_ABBREVIATIONS = frozenset({"IST"})

# The forms pages write.
_ISO_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d?)-(?P<d>\d\d?)"
    r"(?:[T\s]+(?P<H>\d\d?):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d\d(?::?\d\d)?|UTC|GMT)?(?![\d])"
)
_COMPACT_RE = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>\d\d)(?P<M>\d\d))?"
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
# Month names and their usual abbreviations, by month, in the languages news is most written
# in (the genitive where a language writes dates with it: "12 марта", "12 marca"). A name two
# languages give to different months is left out (Croatian "listopad" is October, Polish
# November; the Polish reading is kept).
_MONTH_NAMES = (
    # en, de, fr, es, it, pt, nl, sv/da/no, pl, cs, ru, uk, tr, hu, ro, ca, fi, el
    "jan january januar jänner jaenner janv janvier enero ene gennaio gen janeiro januari "
    "stycznia styczeń styczen ledna leden января январь січня ocak ocak január ianuarie ian "
    "gener tammikuuta ιανουαρίου ιαν",
    "feb february februar feber fév févr fev fevr février fevrier febrero febbraio fevereiro "
    "februari lutego luty února unor февраля февраль лютого şubat subat február februarie "
    "febrer helmikuuta φεβρουαρίου φεβ",
    "mar march märz maerz mär mrz mars marzo março marco maart mrt marts marca marzec března "
    "brezna марта март березня mart március martie març maaliskuuta μαρτίου μαρ",
    "apr april avr avril abril abr aprile kwietnia kwiecień dubna duben апреля апрель квітня "
    "nisan április aprilie huhtikuuta απριλίου απρ",
    "may mai mayo maggio mag maio mei maj maja května kveten мая май травня mayıs mayis május "
    "maig toukokuuta μαΐου μαιου",
    "jun june juni juin junio giugno giu junho jun czerwca czerwiec června cerven июня июнь "
    "червня haziran június iunie juny kesäkuuta ιουνίου ιουν",
    "jul july juli juil juillet julio luglio lug julho lipca lipiec července cervenec июля "
    "июль липня temmuz július iulie juliol heinäkuuta ιουλίου ιουλ",
    "aug august août aout agosto ago augustus augusti sierpnia sierpień srpna srpen августа "
    "август серпня ağustos agustos augusztus aug agost elokuuta αυγούστου αυγ",
    "sep sept september septembre septiembre setiembre settembre set setembro września "
    "wrzesień září zari сентября сентябрь вересня eylül eylul szeptember septembrie setembre "
    "syyskuuta σεπτεμβρίου σεπ",
    "oct october oktober octobre octubre ottobre ott outubro out okt października "
    "październik října rijen октября октябрь жовтня ekim október octombrie lokakuuta "
    "οκτωβρίου οκτ",
    "nov november novembre noviembre novembro listopada listopad listopadu ноября ноябрь "
    "листопада kasım kasim noiembrie marraskuuta νοεμβρίου νοε",
    "dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro "
    "grudnia grudzień prosince prosinec декабря декабрь грудня aralık aralik desember "
    "decembrie desembre joulukuuta δεκεμβρίου δεκ",
)
_MONTHS = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?!\w)\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
# "March 12, 2024", "Nov 20 2019"
_TEXT_MDY_RE = re.compile(
    r"(?<!\w)" + _MONTH + r"\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?\s+" + _YEAR, re.I
)
# "12 March 2024", "12. März 2024", "12 de marzo de 2024", "1er mars 2024", "12 марта 2024"
_TEXT_DMY_RE = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+|of\s+)?(?<!\w)"
    + _MONTH
    + r",?\s*(?:de\s+|del\s+)?"
    + _YEAR,
    re.I,
)
# "2024. március 12." (Hungarian), "2024 March 12"
_TEXT_YMD_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\.?\s+(?<!\w)" + _MONTH + r"\s*(?P<d>[0-3]?\d)(?!\d)", re.I
)
# "2024年3月12日", "2024년 3월 12일"
_CJK_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]?"
)
# "12.03.2024", "12/03/2024", "12-03-2024", "12.03.24"
_NUMERIC_RE = re.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[01]?\d)(?P=s)"
    r"(?P<y>(?:19|20)\d\d|(?<=\.)\d\d)(?![\d.]\d|\d)"
)
# Every form above holds a four-digit year or a two-digit one after a dot: texts without
# either are skipped before the costly month-name patterns run.
_YEARISH_RE = re.compile(r"(?:19|20)\d\d|\.\d\d(?!\d)")
# "2024/03/12", "2024.03.12"
_NUMERIC_YMD_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<s>[./])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?![\d])"
)
# A zone name as a whole word ("10:05 Westminster" names none), in any case: pages styled
# text-transform:uppercase write "10:18am ist".
_TIME_RE = re.compile(
    r"(?P<H>\d{1,2})[:.h](?P<M>\d\d)(?::(?P<S>\d\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*(?P<tz>[A-Z]{1,4}\b|[+-]\d\d:?\d\d))?",
    re.I,
)
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:[/-]|\.html?|$)|/((?:19|20)\d\d)([01]\d)([0-3]\d)/"
)
# The forms feeds and sitemaps write. Year alone, year-month, date, date-time: the W3C profile
# of ISO 8601 that sitemaps use, plus the space separator and compact zones of feeds.
_W3C_RE = re.compile(
    r"""^(?P<y>\d{4})
    (?:-(?P<m>\d\d)
      (?:-(?P<d>\d\d)
        (?:(?:T|\s+)(?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?)?
      )?
    )?
    \s*(?P<tz>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?$""",
    re.VERBOSE | re.IGNORECASE,
)
# The zone that ends an RFC 822 date: a numeric offset (some feeds put a colon in it) or a name.
_RFC822_ZONE_RE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*(?P<tz>[+-]\d\d:?\d\d|[A-Za-z]{1,5})?\s*$")
# RFC 822 allows a comment after the date, and feeds use it: "+0000 (UTC)".
_TRAILING_COMMENT_RE = re.compile(r"\s*\([^()]*\)\s*$")


def get_timezone(name: str) -> tzinfo:
    """A zone by IANA name; UTC for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _numeric_zone(text: str) -> tzinfo | None:
    """``+05:30``, ``-0800``, ``+09``; None for an offset no zone has."""
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _named_zone(name: str) -> tzinfo | None:
    zone = ZONE_ABBREVIATIONS.get(name.upper())
    return get_timezone(zone) if isinstance(zone, str) else zone


def _page_zone(text: str | None, when: datetime, site: tzinfo) -> tzinfo:
    """The zone ``text`` names for the naive ``when``; ``site`` when it names none we know."""
    if not text:
        return site
    if text[0] in "+-":
        return _numeric_zone(text) or site
    # The site's own zone tells which reading it means: IST in Dublin is +01:00, CST in
    # Shanghai +08:00.
    if when.replace(tzinfo=site).tzname() == text.upper():
        return site
    return _named_zone(text) or site


def _feed_zone(text: str) -> tzinfo | None:
    """The zone ``text`` names, read with no site to tell; None for one we cannot tell."""
    if text[0] in "+-":
        return _numeric_zone(text)
    if text.upper() in UNSETTLED_ABBREVIATIONS:
        return None
    return _named_zone(text)


def _build(
    y: str | int,
    m: str | int,
    d: str | int,
    hh: str | None = None,
    mm: str | None = None,
    ss: str | None = None,
) -> datetime | None:
    """A naive datetime, or None for one that does not exist (2022-02-30)."""
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None


def _rfc822(text: str) -> tuple[datetime, str | None] | None:
    """An RFC 822 date as a naive datetime and the zone written after its time, if any."""
    text = _TRAILING_COMMENT_RE.sub("", text)
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    try:
        naive = datetime(*parsed[:6])
    except ValueError:
        return None
    # parsedate_tz reports 0 both for GMT and for no zone or a zone it does not know, so the
    # zone is read here from the text itself.
    match = _RFC822_ZONE_RE.search(text)
    return naive, match["tz"] if match else None


def _in_zone(naive: datetime | None, zone: str | None, site: tzinfo) -> datetime | None:
    return naive.replace(tzinfo=_page_zone(zone, naive, site)) if naive else None


def _with_time(date: datetime, text: str, start: int, site: tzinfo) -> datetime:
    """``date`` (naive) at the clock time written after it, if there is one, made aware."""
    match = _TIME_RE.search(text, start)
    if not match or match.start() - start > 12:
        return date.replace(tzinfo=site)
    hour, minute = int(match["H"]), int(match["M"])
    ampm = (match["ampm"] or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    try:
        date = date.replace(hour=hour, minute=minute, second=int(match["S"] or 0))
    except ValueError:
        return date.replace(tzinfo=site)
    return date.replace(tzinfo=_page_zone(match["tz"], date, site))


def parse_date(value: str, tz: tzinfo) -> datetime | None:
    """A timezone-aware datetime from a page's ``value``; one that states no zone is in ``tz``."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    if _EPOCH_RE.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC)
    match = _ISO_RE.search(value)
    if match:
        date = _build(match["y"], match["m"], match["d"], match["H"], match["M"], match["S"])
        return _in_zone(date, match["tz"], tz)
    match = _COMPACT_RE.match(value)
    if match:
        date = _build(match["y"], match["m"], match["d"], match["H"], match["M"])
        return _in_zone(date, None, tz)
    if value[:3].isalpha() and "," in value[:5]:
        rfc822 = _rfc822(value)
        if rfc822 is not None:
            return _in_zone(*rfc822, tz)
    found = find_dates(value, tz)
    return found[0][1] if found else None


def _numeric(match: re.Match[str], month_first: bool) -> datetime | None:
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        # "12.03.24" but not a version number such as "1.9.15".
        if len(match["a"]) < 2 or len(match["b"]) < 2:
            return None
        year += 2000
    # Day first unless that is impossible, or the page writes month first (US English) and
    # separates with slashes: most of the world writes 26.05.2022 / 26/05/2022.
    slashes = match["s"] == "/"
    if slashes and ((month_first and a <= 12) or b > 12 >= a):
        a, b = b, a
    return _build(year, b, a)


def find_dates(value: str, tz: tzinfo, *, month_first: bool = False) -> list[tuple[int, datetime]]:
    """Every date written in ``value`` (a page's visible text), with where it starts, in
    order; one that states no zone is in ``tz``.

    Reads ISO dates, month names in many languages ("12. März 2024", "March 12, 2024",
    "12 de marzo de 2024", "2024. március 12."), CJK dates ("2024年3月12日") and numeric dates
    ("12.03.2024", "12/03/2024"; ``month_first`` reads "03/12/2024" as March 12th).
    """
    found: list[tuple[int, int, datetime]] = []
    if not _YEARISH_RE.search(value):
        return []
    for match in _ISO_RE.finditer(value):
        date = _build(match["y"], match["m"], match["d"], match["H"], match["M"], match["S"])
        aware = _in_zone(date, match["tz"], tz)
        if aware is not None:
            found.append((match.start(), match.end(), aware))
    for regex in (_TEXT_MDY_RE, _TEXT_DMY_RE, _TEXT_YMD_RE):
        for match in regex.finditer(value):
            date = _build(match["y"], _MONTHS[match["mon"].lower()], match["d"])
            if date is not None:
                found.append((match.start(), match.end(), _with_time(date, value, match.end(), tz)))
    for regex in (_CJK_RE, _NUMERIC_YMD_RE):
        for match in regex.finditer(value):
            date = _build(match["y"], match["m"], match["d"])
            if date is not None:
                found.append((match.start(), match.end(), _with_time(date, value, match.end(), tz)))
    for match in _NUMERIC_RE.finditer(value):
        date = _numeric(match, month_first)
        if date is not None:
            found.append((match.start(), match.end(), _with_time(date, value, match.end(), tz)))
    found.sort(key=lambda item: (item[0], -item[1]))
    result: list[tuple[int, datetime]] = []
    end = -1
    for start, stop, date in found:
        if start >= end:  # overlapping readings of the same text: the longest, first one
            result.append((start, date))
            end = stop
    return result


def parse_feed_date(text: str | None) -> tuple[datetime | None, bool]:
    """A feed's or sitemap's ``text`` as an aware datetime, and whether its zone was assumed
    (UTC) for want of one it states and we can tell.

    Returns ``(None, False)`` for text that is no date this module can read.
    """
    if text is None:
        return None, False
    text = _TRAILING_COMMENT_RE.sub("", text.strip())
    if not text:
        return None, False
    match = _W3C_RE.match(text) if text[:4].isdigit() else None
    if match is not None:
        # Microseconds: only six digits fit, extra precision is dropped rather than rejected.
        micro = int((match["f"] or "0")[:6].ljust(6, "0"))
        date = _build(
            match["y"], match["m"] or 1, match["d"] or 1, match["H"], match["M"], match["S"]
        )
        date = date.replace(microsecond=micro) if date else None
        zone = match["tz"]
    else:
        rfc822 = _rfc822(text)
        date, zone = rfc822 if rfc822 else (None, None)
    if date is None:
        return None, False
    stated = _feed_zone(zone) if zone else None
    return date.replace(tzinfo=stated or UTC), stated is None


def date_from_url(url: str, tz: tzinfo) -> datetime | None:
    """The date in a path such as ``/2022/05/26/`` or ``/20220526/``, in ``tz``."""
    match = _URL_DATE_RE.search(url)
    if not match:
        return None
    groups = match.groups()
    y, m, d = groups[:3] if groups[0] else groups[3:]
    return _in_zone(_build(y, m, d), None, tz)
