"""The ``newscrawl`` command: tools around the crawl (the crawl itself is ``scrapy crawl site``).

Subcommands:

- ``newscrawl extract FILE --url URL``: print what extraction finds in one saved page, as JSON.
- ``newscrawl schedule --site NAME --url URL``: start a crawl on Scrapyd, unless one runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from newscrawl import __version__

EPILOG = """\
examples:
  newscrawl extract saved-page.html --url https://example.com/2024/01/02/story/
  newscrawl schedule --site example --url https://example.com/   # on Scrapyd
  scrapy crawl site -a url=https://example.com/      # the crawl itself
  archive --help                                      # querying the archive
"""


def build_parser() -> argparse.ArgumentParser:
    from newscrawl import schedule
    from newscrawl.extraction import cli as extraction_cli

    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="Tools around the newscrawl news crawler.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    extract = commands.add_parser(
        "extract",
        help="print the story fields extracted from one saved HTML page, as JSON",
        description="Run the extraction the crawler uses on one saved page and print the "
        "fields it finds, with where each came from. For debugging a site.",
    )
    extraction_cli.add_arguments(extract)
    extract.set_defaults(run=extraction_cli.run)
    scheduled = commands.add_parser(
        "schedule",
        help=schedule.HELP,
        description=schedule.DESCRIPTION,
        epilog=schedule.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schedule.add_arguments(scheduled)
    scheduled.set_defaults(run=schedule.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except BrokenPipeError:
        # Output piped into `head` and cut short: not an error. Silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return result


if __name__ == "__main__":
    sys.exit(main())
