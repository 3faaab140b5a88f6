"""``archive health``: is each site's crawl still working? Exit 1 if not, for cron or monitoring.

The rules live in :mod:`archive.health`; this module parses the command's arguments and prints.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from archive import render
from archive.health import site_health
from archive.timeutil import utcnow

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "health",
        parents=[common],
        help="is each site's crawl still working? exit 1 if not",
        description="Per site: the last successful crawl and the new stories of recent crawls. "
        "Exits 1 when a site's last success is older than --max-age hours, when its story "
        "count collapsed (--window crawls in a row found nothing new after crawls that did), "
        "or when most article pages of its last crawl gave no text: for cron or monitoring.",
    )
    parser.add_argument(
        "--max-age", type=float, default=26.0, metavar="HOURS", help="default: 26 hours"
    )
    parser.add_argument(
        "--window", type=int, default=3, metavar="N", help="crawls compared (default: 3)"
    )
    parser.add_argument("--site", metavar="HOST", help="only this site")
    parser.set_defaults(handler=run)
    return parser


def run(session: Session, args: argparse.Namespace) -> int:
    """Print each site's health; the exit status (1 when any site is unhealthy)."""
    if args.max_age <= 0 or args.window < 1:
        print("archive: --max-age and --window must be positive", file=sys.stderr)
        return 2
    sites = site_health(
        session, utcnow(), max_age=timedelta(hours=args.max_age), window=args.window
    )
    if args.site:
        sites = [h for h in sites if h.site == args.site.lower().removeprefix("www.")]
    if not sites:
        print("archive: no crawl of " + (args.site or "any site") + " recorded", file=sys.stderr)
        return 1
    for line in render.health_lines(sites):
        print(line)
    return 0 if all(h.healthy for h in sites) else 1
