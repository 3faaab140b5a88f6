"""``archive errors``: the problems crawls recorded (``crawl_error`` rows), and how many of
each reason.

The reading is :func:`archive.query.list_errors` and :func:`archive.query.error_reasons`;
this module parses the arguments and prints.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.orm import Session

from archive import arguments, query, render

__all__ = ["add_parser", "run"]

_LIMIT = 50


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "errors",
        parents=[common],
        help="problems the crawls recorded (HTTP errors, truncated pages...), by reason",
        description="List the problems crawls recorded, newest first: the crawl, the time, "
        "the reason (http-404, dataloss, too_large, pipeline-error...), the URL and the "
        "detail; then how many there are of each reason.",
        epilog="examples:\n  archive errors\n  archive errors --site example.com --since "
        "2024-05-01\n  archive errors --reason http      # http-404, http-500, ...\n"
        "  archive errors --crawl 12 --limit 0",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    arguments.add_crawl_site(parser)
    parser.add_argument(
        "--since",
        type=arguments.instant,
        metavar="WHEN",
        help="recorded at or after WHEN (ISO 8601)",
    )
    parser.add_argument(
        "--reason",
        metavar="R",
        help="only this reason (any case); a family such as http takes http-404, http-500...",
    )
    parser.add_argument("--crawl", type=arguments.row_id, metavar="ID", help="only this crawl")
    parser.add_argument(
        "--limit",
        type=arguments.count,
        default=_LIMIT,
        metavar="N",
        help=f"show at most N problems (default {_LIMIT}; 0 for all)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(session: Session, args: argparse.Namespace) -> int:
    """Print the problems and the count by reason; exit status 0 (also when there are none)."""
    narrowing: dict[str, Any] = {
        "site": args.site,
        "since": args.since,
        "reason": args.reason,
        "crawl_id": args.crawl,
    }
    errors = query.list_errors(session, limit=args.limit or None, **narrowing)
    if not errors:
        print("No crawl errors match.", file=sys.stderr)
        return 0
    for line in render.error_lines(errors):
        print(line)
    reasons = query.error_reasons(session, **narrowing)
    total = sum(count for _reason, count in reasons)
    print()
    print(f"By reason ({total} in all):")
    width = max(len(reason) for reason, _count in reasons)
    for reason, count in reasons:
        print(f"  {reason:<{width}}  {count:>6}")
    if len(errors) < total:
        print(f"(the newest {len(errors)} shown; --limit 0 for all)", file=sys.stderr)
    return 0
