"""RSS and sitemap dates: every one timezone-aware, assumed zones flagged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.dateparse import parse_feed_date
from newscrawl.discovery import parse_feed

from .helpers import data, tz

TEN = (2024, 3, 5, 10, 0)


@pytest.mark.parametrize(
    ("text", "expected", "assumed"),
    [
        ("Tue, 05 Mar 2024 10:00:00 EST", datetime(*TEN, tzinfo=tz(-5)), False),
        ("Tue, 05 Mar 2024 10:00:00 GMT", datetime(*TEN, tzinfo=UTC), False),
        ("Tue, 05 Mar 2024 10:00:00 +0530", datetime(*TEN, tzinfo=tz(5.5)), False),
        ("5 Mar 2024 10:00 +05:30", datetime(*TEN, tzinfo=tz(5.5)), False),
        ("Tue, 05 Mar 2024 10:00:00 CEST", datetime(*TEN, tzinfo=tz(2)), False),
        ("Tue, 05 Mar 2024 10:00:00 -0000", datetime(*TEN, tzinfo=UTC), False),
        ("Tue, 05 Mar 2024 10:00:00", datetime(*TEN, tzinfo=UTC), True),
        # Ambiguous (India, Ireland, Israel): read as UTC and flagged rather than guessed.
        ("Tue, 05 Mar 2024 10:00:00 IST", datetime(*TEN, tzinfo=UTC), True),
        ("2024-03-05T10:00:00+05:30", datetime(*TEN, tzinfo=tz(5.5)), False),
        ("2024-03-05T10:00:00.1234567Z", datetime(*TEN, 0, 123456, tzinfo=UTC), False),
        ("2024-03-05T10:00+01:00", datetime(*TEN, tzinfo=tz(1)), False),
        ("2024-03-05 10:00:00", datetime(*TEN, tzinfo=UTC), True),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC), True),
        ("2024-03", datetime(2024, 3, 1, tzinfo=UTC), True),
        # Names from the one zone table that RFC 822 lacks, and comments RFC 822 allows.
        ("Tue, 05 Mar 2024 10:00:00 ET", datetime(*TEN, tzinfo=tz(-5)), False),
        ("Tue, 05 Mar 2024 10:00:00 +0100 (CET)", datetime(*TEN, tzinfo=tz(1)), False),
        ("2024-03-05 10:00:00 +0000 (UTC)", datetime(*TEN, tzinfo=UTC), False),
        # An offset no zone has is no zone (and no crash).
        ("2024-03-05T10:00:00+99:00", datetime(*TEN, tzinfo=UTC), True),
        ("Di, 05 Mär 2024 10:00:00 +0100", None, False),
        ("2024-13-45", None, False),
        ("", None, False),
    ],
)
def test_parse_date(text: str, expected: datetime | None, assumed: bool) -> None:
    value, zone_assumed = parse_feed_date(text)

    assert value == expected
    assert zone_assumed is assumed
    if value is not None:
        assert value.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


def test_feed_with_odd_dates_reports_assumed_and_unreadable_ones() -> None:
    feed = parse_feed(data("odd_dates.xml"), "https://dates.example/feed")

    assert [e.published_at for e in feed.entries] == [
        datetime(*TEN, tzinfo=tz(-5)),
        datetime(*TEN, tzinfo=UTC),
        datetime(*TEN, tzinfo=tz(5.5)),
        datetime(*TEN, tzinfo=UTC),
        datetime(*TEN, tzinfo=tz(2)),
        datetime(*TEN, tzinfo=UTC),
        datetime(*TEN, tzinfo=tz(5.5)),
        datetime(*TEN, tzinfo=tz(5.5)),
        datetime(*TEN, tzinfo=UTC),
        None,
        datetime(*TEN, tzinfo=UTC),
    ]
    assert [bool(e.zone_assumed) for e in feed.entries] == [
        False, False, False, True, False, True, False, False, True, False, False
    ]  # fmt: skip
    assert feed.problems == [
        "3 date(s) gave no known time zone; read as UTC",
        "1 unreadable date(s): 'Di, 05 Mär 2024 10:00:00 +0100'",
    ]
