"""The ``newscrawl`` command: tools around the crawl (the crawl itself is ``scrapy crawl site``).

Subcommands:

- ``newscrawl extract URL`` (or a saved ``FILE --url URL``): fetch one page as a crawl does
  and print its page kind and what extraction finds, as JSON.
- ``newscrawl schedule --site NAME --url URL``: start a crawl on Scrapyd, unless one runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from newscrawl import __version__

EPILOG = """\
examples:
  newscrawl extract https://example.com/2024/01/02/story/      # fetched, robots.txt obeyed
  newscrawl extract saved-page.html --url https://example.com/2024/01/02/story/
  newscrawl schedule --site example --url https://example.com/   # on Scrapyd
  scrapy crawl site -a url=https://example.com/      # the crawl itself
  archive --help                                      # querying the archive
"""


def build_parser() -> argparse.ArgumentParser:
    from newscrawl import extract_command, schedule

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
        help="fetch one page (or read a saved one) and print its kind and story fields, as JSON",
        description=extract_command.DESCRIPTION,
        epilog=extract_command.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract_command.add_arguments(extract)
    extract.set_defaults(run=extract_command.run)
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
