"""Argument types of the ``archive`` commands: each turns a command-line string into a value
or refuses it with one line that says what would do (argparse reports it, exit status 2).

Shared by :mod:`archive.cli` and the command modules of :mod:`archive.commands`.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from archive.timeutil import parse_when

__all__ = ["add_crawl_site", "count", "day_end", "instant", "page_number", "row_id"]


def instant(text: str) -> datetime:
    """An ISO 8601 date or datetime as aware UTC; a bare date means its midnight."""
    return _parse_date(text, end_of_day=False)


def day_end(text: str) -> datetime:
    """As :func:`instant`, but a bare date means the midnight after it, so that an exclusive
    bound includes that whole day."""
    return _parse_date(text, end_of_day=True)


def _parse_date(text: str, *, end_of_day: bool) -> datetime:
    try:
        return parse_when(text, end_of_day=end_of_day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date or datetime: {text!r} (try 2024-05-01 or 2024-05-01T12:00Z)"
        ) from None


def count(text: str) -> int:
    """A limit: 0 or more, 0 meaning none."""
    return _integer(text, 0, "not a count: {!r} (0 means no limit)")


def page_number(text: str) -> int:
    """A page number, from 1."""
    return _integer(text, 1, "not a page number: {!r} (pages count from 1)")


def row_id(text: str) -> int:
    """The id of a row (a crawl, a story): 1 or more."""
    return _integer(text, 1, "not an id: {!r}")


def _integer(text: str, least: int, message: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise argparse.ArgumentTypeError(message.format(text))
    return value


def add_crawl_site(parser: argparse.ArgumentParser) -> None:
    """``--site HOST``: only the crawls of one site, named however the user types it."""
    parser.add_argument(
        "--site",
        metavar="HOST",
        help="only the crawls of this site (example.com; www., a port or a URL are fine)",
    )
