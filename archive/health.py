"""Is each site's recurring crawl still working? For ``archive health`` and monitoring.

Each site gets one state, the first of these whose rule holds (the reasons of every rule that
holds are kept):

``down``
    the last crawl could fetch nothing from the site (status ``nothing_fetched``, or it ended
    with no page); the reason says how many crawls in a row.
``failing``
    the last crawl ended with a status other than ``finished`` (``too_many_errors``: its share of
    errors crossed ``NEWSCRAWL_MAX_ERROR_SHARE``; ``shutdown``; stories not archived ...); or
    most of its article pages gave no story text (``no-body`` errors at least as many as the
    stories it stored); or the last successful crawl is older than ``max_age`` (the schedule
    stopped, or every crawl since failed), or there never was one.
``collapsed``
    the last ``window`` (or more) finished crawls in a row found no new or changed story, and
    the finished crawl before that run found some; unless each of the last ``window`` crawls
    still saw at least half as many of the site's stories (``stories_seen``) as that crawl
    did: a site that published nothing is not a crawl that broke (the ``stale`` rule is for
    that). Crawls that did not count what they saw are judged on new stories alone. With
    ``window`` or fewer finished crawls the rule is not judged: the second crawl of an
    unchanged site finds nothing new by design.
``stale``
    no crawl found a new or changed story for longer than usual for the site: more than
    :data:`STALE_FACTOR` times the longest gap between crawls that found some in its recorded
    history, and never less than ``stale_floor``. With no such gap yet, ``stale_floor`` alone.
``ok``
    none of the above.

A crawl still ``running`` is left out, unless it is the only kind there is. A crawl's site is
the host of its start URL, ``www.`` dropped, as the crawler names sites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Crawl, CrawlError

__all__ = [
    "STALE_FACTOR",
    "STATES",
    "SiteHealth",
    "crawl_site",
    "site_health",
    "stories_seen",
]

#: The states, the most severe first.
STATES = ("down", "failing", "collapsed", "stale", "ok")
#: How many times its longest usual gap a site may go without a new story before it is stale.
STALE_FACTOR = 2
#: The key of a crawl's ``stats`` that counts the stories it saw (fetched, listed or linked).
SEEN_KEY = "stories_seen"


@dataclass(frozen=True, kw_only=True)
class SiteHealth:
    """The verdict on one site's crawls.

    :ivar state: one of :data:`STATES`.
    :ivar recent_stories: new + updated stories of the recent finished crawls, newest first.
    :ivar problems: why the site is not ok, one line each, the state's own reason first.
    :ivar last_found_at: when the last crawl that found a new or changed story ended.
    :ivar stale_after: how long the site may go without one (its usual gap, or the floor).
    """

    site: str
    last_success_at: datetime | None
    recent_stories: tuple[int, ...]
    problems: tuple[str, ...] = ()
    state: str = "ok"
    last_found_at: datetime | None = None
    stale_after: timedelta | None = None

    @property
    def healthy(self) -> bool:
        return self.state == "ok"


def crawl_site(start_url: str | None) -> str:
    """The site a crawl's start URL names: its first URL's host, ``www.`` dropped."""
    first = (start_url or "").split(",")[0].strip()
    return (urlsplit(first).hostname or "?").lower().removeprefix("www.")


def stories_seen(crawl: Crawl) -> int | None:
    """How many stories the crawl saw, from its stats; None for crawls that did not count."""
    value = (crawl.stats or {}).get(SEEN_KEY)
    return value if isinstance(value, int) else None


def site_health(
    session: Session,
    now: datetime,
    *,
    max_age: timedelta = timedelta(hours=26),
    window: int = 3,
    stale_floor: timedelta = timedelta(hours=24),
    history: int = 50,
) -> list[SiteHealth]:
    """The health of every site with a crawl in the archive, by site name.

    :param history: the crawls of each site looked at, newest first.
    """
    crawls = session.scalars(select(Crawl).order_by(Crawl.started_at.desc()).limit(history * 20))
    by_site: dict[str, list[Crawl]] = {}
    for crawl in crawls:
        runs = by_site.setdefault(crawl_site(crawl.start_url), [])
        if len(runs) < history:
            runs.append(crawl)
    rules = _Rules(now=now, max_age=max_age, window=window, stale_floor=stale_floor)
    return [rules.judge(session, site, runs) for site, runs in sorted(by_site.items())]


def _fetched_nothing(crawl: Crawl) -> bool:
    return crawl.status == "nothing_fetched" or (crawl.finished_at is not None and not crawl.pages)


def _found(crawl: Crawl) -> int:
    return crawl.stories_new + crawl.stories_updated


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h"


@dataclass(frozen=True)
class _Rules:
    now: datetime
    max_age: timedelta
    window: int
    stale_floor: timedelta

    def judge(self, session: Session, site: str, runs: Sequence[Crawl]) -> SiteHealth:
        ended = [c for c in runs if c.status != "running"] or list(runs)
        finished = [c for c in ended if c.status == "finished" and c.finished_at is not None]
        last_success = finished[0].finished_at if finished else None
        verdicts = {
            "down": self.down(ended),
            "failing": self.failing(session, ended, last_success),
            "collapsed": self.collapsed(finished),
        }
        last_found, stale_after, stale = self.stale(finished)
        verdicts["stale"] = stale
        state = next((name for name in STATES[:-1] if verdicts[name]), "ok")
        # The state's own reason first, then the other rules' that hold too.
        problems = [*verdicts.get(state, [])]
        problems += [p for name, found in verdicts.items() if name != state for p in found]
        return SiteHealth(
            site=site,
            state=state,
            last_success_at=last_success,
            recent_stories=tuple(_found(c) for c in finished[: 2 * self.window]),
            problems=tuple(problems),
            last_found_at=last_found,
            stale_after=stale_after,
        )

    def down(self, ended: Sequence[Crawl]) -> list[str]:
        """The last crawl(s) could fetch nothing from the site."""
        in_a_row = 0
        for crawl in ended:
            if not _fetched_nothing(crawl):
                break
            in_a_row += 1
        if not in_a_row:
            return []
        latest = ended[0]
        runs = "the last crawl" if in_a_row == 1 else f"the last {in_a_row} crawls"
        return [f"{runs} could fetch nothing from the site (crawl {latest.id}: {latest.status})"]

    def failing(
        self, session: Session, ended: Sequence[Crawl], last_success: datetime | None
    ) -> list[str]:
        problems = []
        latest = ended[0] if ended else None
        if (
            latest is not None
            and latest.status not in ("finished", "running")
            and not _fetched_nothing(latest)
        ):
            problems.append(
                f"the last crawl failed (crawl {latest.id}: {latest.status},"
                f" {latest.errors} errors, {latest.pages} pages)"
            )
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
        if last_success is None:
            problems.append("no successful crawl")
        elif self.now - last_success > self.max_age:
            problems.append(
                f"last successful crawl {_hours(self.now - last_success)} ago"
                f" (limit {_hours(self.max_age)})"
            )
        return problems

    def collapsed(self, finished: Sequence[Crawl]) -> list[str]:
        """``window`` crawls with nothing new right after one with something, and the crawls
        no longer see the site's stories."""
        quiet = 0
        while quiet < len(finished) and not _found(finished[quiet]):
            quiet += 1
        if quiet < self.window or quiet == len(finished):
            return []
        productive = finished[quiet]
        before = stories_seen(productive)
        seen = [stories_seen(c) for c in finished[: self.window]]
        if before and all(n is not None and 2 * n >= before for n in seen):
            return []  # still seeing the site's stories: nothing was published
        seen_note = (
            f", seeing {min(n for n in seen if n is not None)} stories where crawl"
            f" {productive.id} saw {before}"
            if before and any(n is not None for n in seen)
            else ""
        )
        return [
            f"story count collapsed: the last {quiet} crawls found no new story"
            f"{seen_note}; crawl {productive.id} before them found {_found(productive)}"
        ]

    def stale(
        self, finished: Sequence[Crawl]
    ) -> tuple[datetime | None, timedelta | None, list[str]]:
        """No new or changed story for longer than usual: (when one last was, the limit,
        the problem)."""
        found_at = [c.finished_at for c in finished if _found(c) and c.finished_at is not None]
        if not finished:
            return None, None, []
        gaps = [newer - older for newer, older in pairwise(found_at)]
        limit = max([self.stale_floor, *(STALE_FACTOR * gap for gap in gaps)])
        last = found_at[0] if found_at else None
        since = last if last is not None else finished[-1].started_at
        if self.now - since <= limit:
            return last, limit, []
        usual = (
            f"{STALE_FACTOR} x its longest gap {_hours(max(gaps))}"
            if gaps and STALE_FACTOR * max(gaps) > self.stale_floor
            else f"floor {_hours(self.stale_floor)}"
        )
        what = "no new story" if last is None else "no new or changed story"
        return (
            last,
            limit,
            [f"stale: {what} for {_hours(self.now - since)} (limit {_hours(limit)}: {usual})"],
        )
