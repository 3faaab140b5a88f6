"""``archive import-warc FILE...``: build or extend an archive from WARC files.

The files may come from anywhere (wget --warc-file, Heritrix, Browsertrix, another
newscrawl's NEWSCRAWL_WARC): each site they hold is crawled from its captured pages instead
of the network, so its stories go through the same extraction, normalisation, deduplication
and versioning as a live crawl, and each story version points at its record in these files
(keep them, with --warc-dir, for `archive reextract`). An address captured more than once is
imported from its latest capture.

The importer is newscrawl's (the archive.warc_importers entry point), loaded when the
command runs: the archive package never imports the crawler.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

ENTRY_POINT_GROUP = "archive.warc_importers"


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import-warc",
        parents=[common],
        help="add the stories of WARC files (wget, Heritrix, Browsertrix...) to the archive",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
        epilog="example: archive import-warc data/warc/*.warc.gz",
    )
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="WARC files")
    parser.add_argument(
        "--site", action="append", metavar="HOST", help="only this site (repeat for more)"
    )
    parser.add_argument(
        "--log-level", default="WARNING", help="the crawl's log level (default: WARNING)"
    )
    parser.set_defaults(run_alone=run)
    return parser


def run(args: argparse.Namespace, url: str) -> int:
    """Import ``args.files`` into the archive at ``url``; the exit status (2: bad input, 1:
    stories that could not be archived)."""
    found = entry_points(group=ENTRY_POINT_GROUP, name="newscrawl")
    if not found:
        return _error("no WARC importer installed (install newscrawl: pip install -e .)")
    importer = next(iter(found)).load()
    for path in args.files:
        if not path.is_file():
            return _error(f"no WARC file {path}")
    try:
        results: list[dict[str, Any]] = importer(
            list(args.files), url, sites=args.site, log_level=args.log_level.upper()
        )
    except Exception as exc:  # the importer's own bad-input error: one line, not a traceback
        if type(exc).__name__ != "ImportError_":
            raise
        return _error(str(exc))
    failed = 0
    for site in results:
        failed += site["failed"]
        print(
            f"{site['site']}: {site['pages']} captured pages read from {site['start_url']} on:"
            f" {site['new']} new stories, {site['updated']} updated, {site['unchanged']}"
            f" unchanged; {site['not_captured']} linked addresses not in the files"
            f" ({site['status']})"
        )
        if site["failed"]:
            print(f"  {site['failed']} stories could not be archived", file=sys.stderr)
    return 1 if failed or any(site["status"] != "finished" for site in results) else 0


def _error(message: str) -> int:
    print(f"archive import-warc: error: {message}", file=sys.stderr)
    return 2
