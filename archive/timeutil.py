"""Time helpers shared by the writer and the command line: everything is aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


def require_aware(value: datetime, what: str) -> datetime:
    """Return ``value`` in UTC; refuse naive datetimes, whose zone could only be guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what}: naive datetime {value.isoformat()}, expected a time zone")
    return value.astimezone(UTC)


def iso_z(value: datetime) -> str:
    """ISO 8601 in UTC with a trailing ``Z`` (``2024-05-01T12:00:00Z``)."""
    text = value.astimezone(UTC).replace(tzinfo=None).isoformat()
    return text + "Z"


def parse_when(text: str, *, end_of_day: bool = False) -> datetime:
    """Parse an ISO 8601 date or datetime given on the command line into aware UTC.

    A bare date means midnight UTC, or the following midnight with ``end_of_day`` so that an
    exclusive upper bound of ``2024-05-01`` still includes that whole day. A datetime without
    an offset is taken as UTC.
    """
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(text)
        if end_of_day:
            day += timedelta(days=1)
        return datetime.combine(day, time(), tzinfo=UTC)
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def as_instant(value: datetime | date | str, *, end_of_day: bool = False) -> datetime:
    """A bound given to a query, as aware UTC: a datetime (naive ones taken as UTC), a date or
    an ISO 8601 string (:func:`parse_when`). A date means its midnight, or with ``end_of_day``
    the following one, as :func:`parse_when` has it.

    :raises ValueError: for a string that is not ISO 8601, naming the value.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return parse_when(value.isoformat(), end_of_day=end_of_day)
    try:
        return parse_when(str(value), end_of_day=end_of_day)
    except ValueError:
        raise ValueError(
            f"not an ISO 8601 date or datetime: {value!r} (try 2024-05-01 or 2024-05-01T12:00Z)"
        ) from None
