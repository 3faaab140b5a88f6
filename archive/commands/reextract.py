"""``archive reextract``: read archived stories again from their stored responses (WARC).

Each story's current version names the WARC record of the response it came from; the
current extractor reads it again, and where the story it makes differs from the archived one
a new version is stored, marked as a re-extraction (history shows "reextract"), stamped
with the new extractor's version. Nothing is fetched. Interrupted (Ctrl-C, kill), the same
command goes on where it stopped; --restart starts over.

The work is :mod:`archive.reextract`, imported when the command runs (the reading commands
never load the writer); the extractor comes from the ``archive.extractors`` entry point that
newscrawl installs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import arguments

if TYPE_CHECKING:
    from archive.reextract import Summary

__all__ = ["add_parser", "run"]

DEFAULT_WARC_DIR = Path("data/warc")


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "reextract",
        parents=[common],
        help="read stories again from their stored responses (WARC) with the current extractor",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
        epilog="example: archive reextract --site example.com --extractor-below 2",
    )
    parser.add_argument("--site", metavar="HOST", help="only this site's stories")
    parser.add_argument(
        "--since",
        type=arguments.instant,
        metavar="DATE",
        help="published (or first seen) from DATE",
    )
    parser.add_argument(
        "--until", type=arguments.day_end, metavar="DATE", help="published (or first seen) to DATE"
    )
    parser.add_argument(
        "--extractor-below",
        type=int,
        metavar="VERSION",
        help="only stories whose current version an extractor older than VERSION made",
    )
    parser.add_argument(
        "--warc-dir",
        type=Path,
        action="append",
        metavar="DIR",
        help="where the WARC files are (repeat for more; default: data/warc)",
    )
    parser.add_argument(
        "--extractor",
        default="newscrawl",
        metavar="NAME",
        help="an archive.extractors entry point, or module:Class (default: newscrawl)",
    )
    parser.add_argument("--profile", metavar="FILE", help="the site profile the crawl used")
    parser.add_argument(
        "--timezone", default="UTC", help="for dates printed without one (default: UTC)"
    )
    parser.add_argument(
        "--batch", type=int, default=100, metavar="N", help="stories per transaction"
    )
    parser.add_argument(
        "--restart", action="store_true", help="start over instead of resuming an earlier run"
    )
    parser.set_defaults(run_alone=run)
    return parser


def run(args: argparse.Namespace, url: str) -> int:
    """Re-extract the selected stories of the archive at ``url``; the exit status (1 when
    some stored responses could not be found or read)."""
    from sqlalchemy.exc import SQLAlchemyError

    from archive.db import NoArchive, SchemaOutOfDate, open_archive
    from archive.reextract import ReextractError, Selection, load_extractor, reextract

    if args.batch < 1:
        return _error("--batch must be at least 1")
    if args.extractor_below is not None and args.extractor_below < 1:
        return _error("--extractor-below must be a version from 1")
    warc_dirs: list[Path] = args.warc_dir or [DEFAULT_WARC_DIR]
    for folder in warc_dirs:
        if not folder.is_dir():
            return _error(f"no WARC folder {folder} (give --warc-dir DIR)")
    options: dict[str, Any] = {"timezone": args.timezone}
    if args.profile:
        options["profile"] = args.profile
    try:
        extractor = load_extractor(args.extractor, **options)
    except ReextractError as exc:
        return _error(str(exc))
    except (OSError, ValueError) as exc:  # an unusable profile or timezone
        return _error(f"cannot make the extractor: {exc}")
    selection = Selection(
        site=args.site.lower() if args.site else None,
        since=args.since,
        until=args.until,
        extractor_below=args.extractor_below,
    )
    try:
        engine = open_archive(url)
    except (NoArchive, SchemaOutOfDate) as exc:
        return _error(str(exc))
    except SQLAlchemyError as exc:
        return _error(f"cannot open the archive: {str(exc).splitlines()[0]}")
    shown = _Progress()
    try:
        summary = reextract(
            engine,
            extractor,
            selection,
            warc_dirs,
            batch_size=args.batch,
            restart=args.restart,
            progress=shown,
        )
    except KeyboardInterrupt:
        print("\narchive reextract: interrupted; run it again to go on", file=sys.stderr)
        return 130
    except SQLAlchemyError as exc:
        print(f"archive: database error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    version = f"extractor {extractor.extractor_version} (newscrawl {extractor.software_version})"
    resumed = f", resumed after story {summary.resumed_from}" if summary.resumed_from else ""
    print(
        f"re-extracted {summary.checked} of {summary.total} stories with {version}{resumed}:"
        f" {summary.changed} changed (new versions), {summary.unchanged} unchanged"
    )
    others = [
        (summary.no_record, "without a stored response (crawled without NEWSCRAWL_WARC)"),
        (summary.no_story, "giving no story text now (left as they are)"),
        (summary.skipped, "changed by a crawl meanwhile (the crawl's version stays)"),
        (summary.missing, "whose WARC file is not in " + ", ".join(map(str, warc_dirs))),
        (summary.unreadable, "whose stored response could not be read"),
    ]
    for count, what in others:
        if count:
            print(f"  {count} {what}")
    for reason in summary.reasons:
        print(f"  e.g. {reason}", file=sys.stderr)
    return 1 if summary.missing or summary.unreadable else 0


def _error(message: str) -> int:
    print(f"archive reextract: error: {message}", file=sys.stderr)
    return 2


class _Progress:
    """A line on stderr every few seconds: stories read of those selected, changed so far."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, summary: Summary) -> None:
        now = time.monotonic()
        if now - self.last < self.every and summary.checked < summary.total:
            return
        self.last = now
        rate = (summary.checked - summary.checked_before) / max(now - self.started, 1e-6)
        share = 100 * summary.checked / summary.total if summary.total else 100.0
        print(
            f"reextract: {summary.checked}/{summary.total} stories ({share:.0f}%),"
            f" {summary.changed} changed, {rate:.0f} stories/s",
            file=sys.stderr,
            flush=True,
        )
