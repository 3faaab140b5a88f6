"""``archive replay FILE``: write a spool or a failed-stories file into the archive.

A crawl keeps stories the archive could not take in a file: the spool
(``ARCHIVE_SPOOL_DIR``, stories that waited for an unreachable archive; the next crawl into
the same archive writes it first anyway) or the failed-stories file (``ARCHIVE_FAILED_FILE``,
stories the archive refused, each with its ``error``). This command writes such a file through
the crawl's own writer, as one crawl of its own (spider ``replay``), so each story is stored
once, whatever was stored before. A file written in full is renamed ``FILE.replayed``; stories
that fail again are kept in ``FILE.not-replayed.jsonl`` and the command exits 1.

The writer (and with it datasketch and numpy) is imported only when the command runs, so the
reading commands never load it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

BATCH = 50


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "replay",
        parents=[common],
        help="write a spool or failed-stories file (JSON lines) into the archive",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the spool or failed file")
    parser.set_defaults(run_alone=run)
    return parser


def run(args: argparse.Namespace, url: str) -> int:
    """Replay ``args.file`` into the archive at ``url``; the exit status."""
    from archive.spool import SpoolError, read_stories
    from archive.writer import ArchiveWriter, safe_url, short

    path: Path = args.file
    try:
        stories = list(read_stories(path))
    except SpoolError as exc:
        print(f"archive: error: {exc}", file=sys.stderr)
        return 2
    not_replayed = path.with_name(f"{path.name}.not-replayed.jsonl")
    writer = ArchiveWriter(url, attempts=3, retry_delay=0.2, failed_file=not_replayed)
    try:
        writer.open(spider="replay", start_url=str(path))
        for start in range(0, len(stories), BATCH):
            writer.write(stories[start : start + BATCH])
        writer.finish(status="finished", pages=0, stats={"replayed_from": str(path)})
    except Exception as exc:  # an unreachable or outdated archive: the file is left as it was
        print(f"archive: cannot replay into {safe_url(url)}: {short(exc)}", file=sys.stderr)
        return 1
    finally:
        writer.close()
    counts = writer.counts
    print(
        f"replayed {len(stories)} stories from {path}: {counts.new} new, {counts.updated}"
        f" updated, {counts.unchanged} unchanged"
    )
    if writer.failed:
        print(f"{writer.failed} could not be written; kept in {not_replayed}", file=sys.stderr)
        return 1
    path.rename(path.with_name(f"{path.name}.replayed"))
    return 0
