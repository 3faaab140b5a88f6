"""``archive health``: is each site's crawl still working? For cron, systemd timers or monitoring.

The rules live in :mod:`archive.health`; this module parses the command's arguments, prints
one verdict per site and sends the alerts (:mod:`archive.notify`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from archive.health import STALE_FACTOR, SiteHealth, site_health
from archive.notify import NotifyError, check_url, notify_command, notify_url
from archive.timeutil import iso_z, utcnow

__all__ = ["add_parser", "health_report", "run"]

_DESCRIPTION = f"""\
Judge each site by its recorded crawls and print one line per site with its state and
reasons. The states, the first whose rule holds:

  down       the last crawl could fetch nothing from the site (status nothing_fetched, or it
             ended with no page)
  failing    the last crawl ended with a status other than finished (too_many_errors: its
             share of errors crossed NEWSCRAWL_MAX_ERROR_SHARE; shutdown; stories not
             archived ...); or most of its article pages gave no story text (no-body errors at
             least as many as the stories it stored); or the last successful crawl is older
             than --max-age hours, or there is none
  collapsed  the last --window (or more) finished crawls in a row found no new or changed
             story and the finished crawl before that run found some, unless each of the
             last --window crawls still saw at least half as many of the site's stories as
             that crawl did (a site that published nothing is not a crawl that broke; crawls
             that did not count what they saw are judged on new stories alone). With
             --window finished crawls or fewer this is not judged: the second crawl of an
             unchanged site finds nothing new by design
  stale      no finished crawl found a new or changed story for longer than usual for the
             site: {STALE_FACTOR} x the longest gap between crawls that found some in its last 50
             crawls, and never less than --stale-floor hours (the floor alone until a gap is
             known)
  ok         none of these

A crawl still running is left out. Exit status: 0 every site ok; 1 a site is not ok;
2 bad arguments; 3 a site is not ok and an alert could not be sent.

Alerts, for each site that is not ok, at each run (the timer's interval is the reminder's):
--notify-command runs CMD through /bin/sh with the environment variables
ARCHIVE_HEALTH_SITE, ARCHIVE_HEALTH_STATE, ARCHIVE_HEALTH_REASONS (one per line) and
ARCHIVE_HEALTH_SUMMARY, and the summary line on its standard input; it must exit 0 within
60 s. --notify-url POSTs JSON {{"site", "state", "reasons", "summary", "text"}} ("text" is the
summary, for chat webhooks) to an http(s) URL; it must answer 2xx within 10 s.
"""


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "health",
        parents=[common],
        help="per site: down, failing, collapsed, stale or ok; exit 1 if not ok",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  archive health --max-age 2 || echo 'a crawl needs attention'\n"
        "  archive health --notify-command 'mail -s \"newscrawl: $ARCHIVE_HEALTH_SITE"
        " $ARCHIVE_HEALTH_STATE\" ops@example.com'\n"
        "  archive health --notify-url https://chat.example.com/hooks/abc123",
    )
    parser.add_argument(
        "--max-age",
        type=float,
        default=26.0,
        metavar="HOURS",
        help="a last successful crawl older than this is failing (default: 26)",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=3,
        metavar="N",
        help="finished crawls in a row with nothing new before a collapse (default: 3)",
    )
    parser.add_argument(
        "--stale-floor",
        type=float,
        default=24.0,
        metavar="HOURS",
        help="the shortest time without a new story that is stale (default: 24)",
    )
    parser.add_argument("--site", metavar="HOST", help="only this site")
    parser.add_argument(
        "--notify-command",
        metavar="CMD",
        help="run CMD through the shell for each site not ok (see above)",
    )
    parser.add_argument(
        "--notify-url",
        metavar="URL",
        help="POST each site not ok as JSON to this http(s) URL (see above)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(session: Session, args: argparse.Namespace) -> int:
    """Print each site's health and send the alerts; the exit status (see the description)."""
    if args.max_age <= 0 or args.window < 1 or args.stale_floor <= 0:
        print("archive: --max-age, --window and --stale-floor must be positive", file=sys.stderr)
        return 2
    if args.notify_url is not None:
        problem = check_url(args.notify_url)
        if problem:
            print(f"archive: --notify-url: {problem}", file=sys.stderr)
            return 2
    sites = site_health(
        session,
        utcnow(),
        max_age=timedelta(hours=args.max_age),
        window=args.window,
        stale_floor=timedelta(hours=args.stale_floor),
    )
    if args.site:
        sites = [h for h in sites if h.site == args.site.lower().removeprefix("www.")]
    if not sites:
        print("archive: no crawl of " + (args.site or "any site") + " recorded", file=sys.stderr)
        return 1
    for line in health_report(sites):
        print(line)
    sys.stdout.flush()  # the verdicts first, whatever the alerts do
    unhealthy = [h for h in sites if not h.healthy]
    if not unhealthy:
        return 0
    failed = 0
    for health in unhealthy:
        for send, target in (
            (notify_command, args.notify_command),
            (notify_url, args.notify_url),
        ):
            if target is None:
                continue
            try:
                send(target, health)
            except NotifyError as exc:
                failed += 1
                print(f"archive: alert for {health.site} not sent: {exc}", file=sys.stderr)
    return 3 if failed else 1


def _when(value: Any) -> str:
    return iso_z(value) if value is not None else "-"


def _hours(value: timedelta | None) -> str:
    return "-" if value is None else f"{value.total_seconds() / 3600:.0f} h"


def health_report(sites: list[SiteHealth]) -> list[str]:
    """One line per site (state, last success, last new story, stale limit, recent finds),
    then its reasons."""
    lines = []
    for health in sites:
        recent = ", ".join(str(n) for n in health.recent_stories) or "-"
        lines.append(
            f"{health.site:<30} {health.state.upper():<9}"
            f"  last success {_when(health.last_success_at)}"
            f"  last new story {_when(health.last_found_at)}"
            f" (stale after {_hours(health.stale_after)})"
            f"  new by crawl (newest first): {recent}"
        )
        lines += [f"  - {problem}" for problem in health.problems]
    return lines
