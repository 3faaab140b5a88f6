"""``archive crawls``: what the recent crawls did, one line each.

The reading is :func:`archive.query.list_crawls`; this module parses the arguments and prints.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.orm import Session

from archive import arguments, query, render

__all__ = ["add_parser", "run"]

_LIMIT = 20


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "crawls",
        parents=[common],
        help="recent crawls: status, pages, stories new/updated/unchanged, errors",
        description="List the recent crawls, newest first, one line each: id, start time, "
        "how long it took, status (running, finished, failed...), pages fetched, stories "
        "new, updated and unchanged, errors recorded, the site and the start URL. "
        "`archive errors --crawl ID` shows what went wrong in one.",
        epilog="examples:\n  archive crawls\n  archive crawls --site example.com --limit 5",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    arguments.add_crawl_site(parser)
    parser.add_argument(
        "--limit",
        type=arguments.count,
        default=_LIMIT,
        metavar="N",
        help=f"show at most N crawls (default {_LIMIT}; 0 for all)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(session: Session, args: argparse.Namespace) -> int:
    """Print the crawls; exit status 0 (also when there are none)."""
    crawls = query.list_crawls(session, site=args.site, limit=args.limit or None)
    if not crawls:
        which = f" of {args.site}" if args.site else ""
        print(f"No crawls{which} recorded.", file=sys.stderr)
        return 0
    for line in render.crawl_lines(crawls):
        print(line)
    return 0
