"""A misspelt setting is a warning naming the one meant, not silently ignored.

Scrapy accepts any ``-s NAME=VALUE``; a crawl given the Redis URL under a misspelt name would
run as if nothing had been said. When the crawl starts, every ``NEWSCRAWL_*`` or ``ARCHIVE_*``
setting the project does not know is logged as a warning with the nearest known name
(:mod:`difflib`).

Known names are those :mod:`newscrawl.settings` defines and those the code of ``newscrawl`` and
``archive`` reads (any such name written in their sources, read through
:mod:`importlib.resources`, so it works from an installed egg as well), so a setting added
anywhere is known without a list to keep up to date here. Values are not logged: a URL may hold
a password.
"""

from __future__ import annotations

import difflib
import logging
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

PREFIXES = ("NEWSCRAWL_", "ARCHIVE_")
_NAME = re.compile(r"\b(?:NEWSCRAWL|ARCHIVE)_[A-Z0-9_]*[A-Z0-9]\b")
_PACKAGES = ("newscrawl", "archive")


@cache
def known_names() -> frozenset[str]:
    """Every project setting name the settings module or the code mentions."""
    names: set[str] = set()
    for package in _PACKAGES:
        names.update(_names_in(resources.files(package)))
    return frozenset(names)


def _names_in(folder: Traversable) -> set[str]:
    names: set[str] = set()
    for entry in folder.iterdir():
        if entry.is_dir():
            names |= _names_in(entry)
        elif entry.name.endswith(".py"):
            names.update(_NAME.findall(entry.read_text(encoding="utf-8")))
    return names


def unknown_settings(settings: BaseSettings, known: frozenset[str]) -> list[tuple[str, str | None]]:
    """Each project-prefixed setting not in ``known``, with the nearest known name (or None)."""
    # Compared without their prefix: every name shares one, which would make anything "near".
    by_stem: dict[str, str] = {}
    for name in sorted(known, key=lambda name: (not name.startswith("NEWSCRAWL_"), name)):
        by_stem.setdefault(_stem(name), name)
    found = []
    for name in sorted(str(name) for name in settings):
        if name.startswith(PREFIXES) and name not in known:
            nearest = difflib.get_close_matches(_stem(name), by_stem, n=1, cutoff=0.6)
            found.append((name, by_stem[nearest[0]] if nearest else None))
    return found


def _stem(name: str) -> str:
    return name.split("_", 1)[1]


class UnknownSettings:
    """``EXTENSIONS``: checks the crawl's settings once, when the crawler builds it."""

    def __init__(self, unknown: list[tuple[str, str | None]]) -> None:
        self.unknown = unknown
        for name, nearest in unknown:
            if nearest is not None:
                logger.warning("Unknown setting %s is ignored: did you mean %s?", name, nearest)
            else:
                logger.warning("Unknown setting %s is ignored: no project setting is like it", name)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from newscrawl import settings as defaults

        # The sources are read only when a setting is not one the settings module defines:
        # most crawls give none such, and start without reading ~150 files.
        defined = frozenset(name for name in vars(defaults) if name.startswith(PREFIXES))
        if not unknown_settings(crawler.settings, defined):
            return cls([])
        return cls(unknown_settings(crawler.settings, known_names()))
