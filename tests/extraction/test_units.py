"""The small pieces: bylines, dates, titles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newscrawl.dateparse import date_from_url, parse_date
from newscrawl.extraction.authors import split_byline
from newscrawl.extraction.model import PROBLEM_MESSAGES, Problem
from newscrawl.extraction.titles import strip_site_name


@pytest.mark.parametrize(
    ("texts", "authors", "agency"),
    [
        (["By Jane Doe and John Roe | Reuters"], ["Jane Doe", "John Roe"], "Reuters"),
        (["BY JANE DOE"], ["Jane Doe"], None),
        (["Jane Doe, Political Correspondent"], ["Jane Doe"], None),
        (["Staff", "jane@example.com", "https://example.com/jane"], [], None),
        (["Associated Press"], [], "Associated Press"),
        (["Jane Doe for The Daily Demo"], ["Jane Doe"], None),
        (["Newsroom Staff", "Demo Media Group"], [], None),
        (["Por María López y Juan Pérez"], ["María López", "Juan Pérez"], None),
        (["Jane Doe, John Roe & Ann Poe"], ["Jane Doe", "John Roe", "Ann Poe"], None),
        (["jane doe"], [], None),
    ],
)
def test_split_byline(texts: list[str], authors: list[str], agency: str | None) -> None:
    byline = split_byline(texts)
    assert byline.authors == authors
    assert byline.agency == agency


def test_the_site_itself_is_not_an_author() -> None:
    assert split_byline(["Coastal Times"], frozenset({"coastal times"})).authors == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-05-26T10:05:00Z", datetime(2022, 5, 26, 10, 5, tzinfo=UTC)),
        ("2022-05-26T10:05:00.000+0200", datetime(2022, 5, 26, 8, 5, tzinfo=UTC)),
        ("2022-05-26 10:05", datetime(2022, 5, 26, 10, 5, tzinfo=UTC)),
        ("2022-05-26", datetime(2022, 5, 26, tzinfo=UTC)),
        ("20220526", datetime(2022, 5, 26, tzinfo=UTC)),
        ("Thu, 26 May 2022 10:05:00 +0000", datetime(2022, 5, 26, 10, 5, tzinfo=UTC)),
        ("May 26, 2022 10:05 PM", datetime(2022, 5, 26, 22, 5, tzinfo=UTC)),
        ("Updated 11:21 pm CST, Tuesday, November 19, 2019", datetime(2019, 11, 19, tzinfo=UTC)),
        ("26 May 2022", datetime(2022, 5, 26, tzinfo=UTC)),
        ("26.05.2022", datetime(2022, 5, 26, tzinfo=UTC)),
        ("1653559500", datetime(2022, 5, 26, 10, 5, tzinfo=UTC)),
        ("May 26, 2022 10:05 AM EDT", datetime(2022, 5, 26, 14, 5, tzinfo=UTC)),
    ],
)
def test_parse_date(value: str, expected: datetime) -> None:
    parsed = parse_date(value, UTC)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("value", ["", "yesterday", "2022-13-45", "not a date 99"])
def test_parse_date_rejects(value: str) -> None:
    assert parse_date(value, UTC) is None


def test_naive_date_takes_the_given_zone() -> None:
    zone = timezone(timedelta(hours=9))
    assert parse_date("2022-05-26 10:05", zone) == datetime(2022, 5, 26, 10, 5, tzinfo=zone)


@pytest.mark.parametrize(
    ("value", "site", "offset"),
    [
        # The one zone table: names feeds use are read on pages too, RFC 2822 dates included.
        ("May 26, 2022 10:05 AM HKT", "UTC", 8),
        ("Thu, 26 May 2022 10:05:00 CEST", "UTC", 2),
        ("Thu, 26 May 2022 10:05:00 PT", "UTC", -7),
        ("Thu, 26 May 2022 10:05:00 +0000 (UTC)", "Asia/Kolkata", 0),
        # An abbreviation several zones share is read in the site's zone when that zone uses it.
        ("May 26, 2022 10:05 AM IST", "UTC", 5.5),
        ("May 26, 2022 10:05 AM IST", "Europe/Dublin", 1),
        ("Nov 20 2019, 10:18am ist", "UTC", 5.5),
        ("May 26, 2022 10:05 AM CST", "UTC", -6),
        ("May 26, 2022 10:05 AM CST", "Asia/Shanghai", 8),
        # A word after the time is no zone.
        ("May 26, 2022 10:05 Westminster", "UTC", 0),
    ],
)
def test_parse_date_zone_names(value: str, site: str, offset: float) -> None:
    parsed = parse_date(value, ZoneInfo(site))
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=offset)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/2022/05/26/story/", datetime(2022, 5, 26, tzinfo=UTC)),
        ("https://x.example/news/2022-05-26-story", datetime(2022, 5, 26, tzinfo=UTC)),
        ("https://x.example/20220526/story", datetime(2022, 5, 26, tzinfo=UTC)),
        ("https://x.example/story/12345/", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    assert date_from_url(url, UTC) == expected


@pytest.mark.parametrize(
    ("title", "names", "url", "expected"),
    [
        ("Story | The Daily Demo", ["The Daily Demo"], "https://x.example/", "Story"),
        ("Story - Example News", [], "https://www.example-news.com/a", "Story"),
        ("Example News » Story", [], "https://examplenews.com/a", "Story"),
        ("Brexit: what next", [], "https://brexit.example/a", "Brexit: what next"),
        ("Q&A - part 2 | Site", ["Site"], "https://x.example/", "Q&A - part 2"),
        ("Story with a - dash", ["Site"], "https://x.example/", "Story with a - dash"),
        (
            "図書館の開館時間を延長へ｜みなと新聞",
            ["みなと新聞"],
            "https://x.example/",
            "図書館の開館時間を延長へ",
        ),
    ],
)
def test_strip_site_name(title: str, names: list[str], url: str, expected: str) -> None:
    assert strip_site_name(title, names, url) == expected


def test_problems_count_by_field_and_kind_and_read_as_messages() -> None:
    problem = Problem("published_at", "future_date", "2099-01-01")
    assert problem.key == "published_at/future_date"
    assert str(problem) == "published_at: date in the future rejected (2099-01-01)"
    for kind in PROBLEM_MESSAGES:  # every message formats
        assert str(Problem("jsonld", kind, "x"))
