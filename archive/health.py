"""Is each site's recurring crawl still working? For ``archive health`` and monitoring.

A site is **unhealthy** when

- its last successful crawl (status ``finished``, nothing lost) is older than ``max_age``
  (default 26 hours: an hourly or daily schedule that stopped), or never happened; or
- its story count collapsed: the last ``window`` finished crawls found no new or changed story
  while the ``window`` before them found some — what a broken selector or a redesigned site
  looks like on a news site that publishes every day; or
- the last crawl fetched pages but most article pages gave no story text (``no-body`` errors
  at least half of what it archived and failed), another sign of extraction gone wrong.

A crawl's site is the host of its start URL, ``www.`` dropped, as the crawler names sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Crawl, CrawlError

__all__ = ["SiteHealth", "crawl_site", "site_health"]


@dataclass(frozen=True, kw_only=True)
class SiteHealth:
    """The verdict on one site's crawls.

    :ivar recent_stories: new + updated stories of the recent finished crawls, newest first.
    :ivar problems: why the site is unhealthy, one line each; none when it is healthy.
    """

    site: str
    last_success_at: datetime | None
    recent_stories: tuple[int, ...]
    problems: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        return not self.problems


def crawl_site(start_url: str | None) -> str:
    """The site a crawl's start URL names: its first URL's host, ``www.`` dropped."""
    first = (start_url or "").split(",")[0].strip()
    return (urlsplit(first).hostname or "?").lower().removeprefix("www.")


def site_health(
    session: Session,
    now: datetime,
    *,
    max_age: timedelta = timedelta(hours=26),
    window: int = 3,
    history: int = 50,
) -> list[SiteHealth]:
    """The health of every site with a crawl in the archive, by site name."""
    crawls = session.scalars(select(Crawl).order_by(Crawl.started_at.desc()).limit(history * 20))
    by_site: dict[str, list[Crawl]] = {}
    for crawl in crawls:
        runs = by_site.setdefault(crawl_site(crawl.start_url), [])
        if len(runs) < history:
            runs.append(crawl)
    return [
        _judge(session, site, runs, now, max_age, window) for site, runs in sorted(by_site.items())
    ]


def _judge(
    session: Session,
    site: str,
    runs: list[Crawl],
    now: datetime,
    max_age: timedelta,
    window: int,
) -> SiteHealth:
    finished = [c for c in runs if c.status == "finished" and c.finished_at is not None]
    last = finished[0].finished_at if finished else None
    found = [c.stories_new + c.stories_updated for c in finished]
    problems: list[str] = []
    if last is None:
        problems.append("no successful crawl")
    elif now - last > max_age:
        hours = (now - last).total_seconds() / 3600
        problems.append(f"last successful crawl {hours:.0f} h ago (limit {max_age})")
    if len(found) >= 2 * window and not any(found[:window]) and any(found[window : 2 * window]):
        problems.append(
            f"story count collapsed: the last {window} crawls found no new story,"
            f" the {window} before found {sum(found[window : 2 * window])}"
        )
    latest = runs[0] if runs else None
    if latest is not None and latest.pages:
        empty = (
            session.scalar(
                select(func.count())
                .select_from(CrawlError)
                .where(CrawlError.crawl_id == latest.id, CrawlError.reason == "no-body")
            )
            or 0
        )
        stored = latest.stories_new + latest.stories_updated + latest.stories_unchanged
        if empty and empty >= stored:
            problems.append(
                f"crawl {latest.id}: {empty} article pages gave no story text, {stored} did"
            )
    return SiteHealth(
        site=site,
        last_success_at=last,
        recent_stories=tuple(found[: 2 * window]),
        problems=tuple(problems),
    )
