"""Site profiles: a small TOML file for a site where the generic rules fail.

Every key is optional::

    # profiles/example.toml
    start_urls = ["https://example.com/news/", "https://example.com/tag/politics/"]
    # Regular expressions over absolute URLs. Only links matching one of `allow` (when given)
    # and none of `deny` are followed.
    allow = ['^https://example\\.com/(news|tag|category)/']
    deny = ['/live/', '\\?share=']
    # URLs matching this are articles whatever the page says; others are judged by the page.
    article_url = '/\\d{4}/\\d{2}/\\d{2}/'
    # For dates the site prints without a timezone.
    timezone = "Europe/Berlin"

    [selectors]          # CSS selectors (or XPath starting with "/") that take precedence
    body = "div.story-body"
    title = "h1.headline"
    authors = ".byline a"
    published = "time.published"

Load one with ``scrapy crawl site -a profile=profiles/example.toml`` (or the NEWSCRAWL_PROFILE
setting); its start URLs are used when no ``-a url=`` is given.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TOP_KEYS = {"start_urls", "allow", "deny", "article_url", "timezone", "selectors"}
_SELECTOR_KEYS = {"body", "title", "authors", "published"}


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class SiteProfile:
    start_urls: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    article_url: re.Pattern[str] | None = None
    timezone: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)

    def follows(self, url: str) -> bool:
        """Whether the profile lets the spider follow ``url``."""
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)


def load_profile(path: str | Path) -> SiteProfile:
    """Read and check a profile file; raise :class:`ProfileError` with a clear message."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ProfileError(f"site profile {path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"site profile {path}: not valid TOML: {exc}") from None
    return parse_profile(data, source=str(path))


def parse_profile(data: dict[str, object], *, source: str = "<profile>") -> SiteProfile:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ProfileError(
            f"site profile {source}: unknown key(s) {', '.join(sorted(unknown))};"
            f" known keys: {', '.join(sorted(_TOP_KEYS))}"
        )
    selectors = data.get("selectors", {})
    if not isinstance(selectors, dict) or not all(isinstance(v, str) for v in selectors.values()):
        raise ProfileError(f"site profile {source}: [selectors] must map names to strings")
    unknown = set(selectors) - _SELECTOR_KEYS
    if unknown:
        raise ProfileError(
            f"site profile {source}: unknown selector(s) {', '.join(sorted(unknown))};"
            f" known selectors: {', '.join(sorted(_SELECTOR_KEYS))}"
        )
    timezone = data.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str):
            raise ProfileError(f"site profile {source}: timezone must be a string")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ProfileError(
                f"site profile {source}: unknown timezone {timezone!r}"
                " (use an IANA name such as 'Europe/Berlin')"
            ) from None
    article_url = data.get("article_url")
    return SiteProfile(
        start_urls=tuple(_strings(data, "start_urls", source)),
        allow=tuple(_regex(p, "allow", source) for p in _strings(data, "allow", source)),
        deny=tuple(_regex(p, "deny", source) for p in _strings(data, "deny", source)),
        article_url=None if article_url is None else _regex(article_url, "article_url", source),
        timezone=timezone,
        selectors=dict(selectors),
    )


def _strings(data: dict[str, object], key: str, source: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"site profile {source}: {key} must be a list of strings")
    return value


def _regex(pattern: object, key: str, source: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ProfileError(f"site profile {source}: {key} must be a string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ProfileError(
            f"site profile {source}: {key} {pattern!r} is not a valid regular expression: {exc}"
        ) from None
