"""The ``archive`` command: read what the crawls stored.

A thin layer: :mod:`archive.query` reads, :mod:`archive.render` formats, this module parses
arguments, opens the archive and prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from archive import query, render, replay
from archive.commands import modules as command_modules
from archive.db import (
    SchemaOutOfDate,
    check_schema,
    current_revision,
    has_schema,
    head_revision,
    make_engine,
    normalise_url,
    sqlite_path,
    upgrade,
)
from archive.filters import StoryFilters
from archive.results import ExportedStory
from archive.timeutil import parse_when
from archive.web import command as web_command

__all__ = ["DEFAULT_URL", "CliError", "build_parser", "main"]

#: The archive when neither --db nor ARCHIVE_URL names one.
DEFAULT_URL = "sqlite:///data/archive.db"
_LIST_LIMIT = 50

_DESCRIPTION = """\
Query the news archive that crawls fill.

The archive is the database given by --db, else the ARCHIVE_URL environment variable,
else sqlite:///data/archive.db (relative to the working directory).
"""

_EPILOG = """\
examples:
  archive stats
  archive --db postgresql://postgres@localhost/news stats
  archive list --site example.com --since 2024-05-01 --limit 20
  archive list --tag climate --until 2024-06-01
  archive show https://example.com/2024/05/01/story.html
  archive show 42
  archive show https://example.com/a/story --as-of 2024-05-01T12:00Z
  archive search '"harbour bridge" -tunnel' --site example.com --since 2024-05-01
  archive history https://example.com/a/story
  archive diff https://example.com/a/story --from 1 --to 3
  archive export --format csv --output stories.csv --site example.com
  archive export --format jsonl | jq .title
  archive pages --kind static
  archive --db postgresql://postgres@localhost/news upgrade
  archive health --max-age 2 || echo "a crawl needs attention"
  archive serve                 # a web view on http://127.0.0.1:8000/
"""


class CliError(Exception):
    """A problem with the user's input or setup: reported in one line, exit status 2."""


# -- argument parsing -------------------------------------------------------------------------


def _instant(text: str) -> datetime:
    """A bare date means its midnight (UTC)."""
    return _parse_date(text, end_of_day=False)


def _day_end(text: str) -> datetime:
    """A bare date means the midnight after it, so that the whole day is included."""
    return _parse_date(text, end_of_day=True)


def _parse_date(text: str, *, end_of_day: bool) -> datetime:
    try:
        return parse_when(text, end_of_day=end_of_day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date or datetime: {text!r} (try 2024-05-01 or 2024-05-01T12:00Z)"
        ) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (0 means no limit)")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser of the ``archive`` command line; each command sets its ``handler``."""
    parser = argparse.ArgumentParser(
        prog="archive",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the archive")
    # --db is accepted after the command too; SUPPRESS keeps the main parser's value otherwise.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    filters = argparse.ArgumentParser(add_help=False)
    group = filters.add_argument_group("filters")
    group.add_argument("--site", metavar="HOST", help="only stories from this host")
    group.add_argument("--tag", help="only stories with this tag (any case)")
    group.add_argument("--author", help="only stories by this author (full name, any case)")
    group.add_argument(
        "--since", type=_instant, metavar="DATE", help="published (or first seen) at or after DATE"
    )
    group.add_argument(
        "--until",
        type=_day_end,
        metavar="DATE",
        help="published (or first seen) before DATE; a bare date includes that whole day",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    stats = commands.add_parser(
        "stats", parents=[common], help="counts, the last crawl, stories per site"
    )
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(handler=_cmd_stats)

    listing = commands.add_parser(
        "list",
        parents=[common, filters],
        help="stories, newest first",
        description="List stories newest first: date, section, title, URL.",
        epilog="example: archive list --site example.com --tag Politics --since 2024-05-01",
    )
    listing.add_argument(
        "--limit",
        type=_count,
        default=_LIST_LIMIT,
        metavar="N",
        help=f"show at most N stories (default {_LIST_LIMIT}; 0 for all)",
    )
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser(
        "show",
        parents=[common],
        help="one story with provenance, aliases and versions",
        description="Show one story: its fields, where each came from, its aliases and versions.",
        epilog="examples:\n  archive show 42\n  archive show https://example.com/a/story",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("story", metavar="URL_OR_ID", help="story id, canonical URL or alias")
    show.add_argument(
        "--as-of",
        type=_instant,
        metavar="WHEN",
        help="the story as the archive had it at WHEN (ISO 8601, UTC if no offset)",
    )
    show.set_defaults(handler=_cmd_show)

    search = commands.add_parser(
        "search",
        parents=[common, filters],
        help="full-text search over titles and bodies, best first",
        description=(
            "Search stories' titles and bodies, best match first, with a snippet each.\n\n"
            "query syntax:\n"
            "  harbour bridge      both words (stemmed: bridges matches too)\n"
            '  "harbour bridge"    the exact phrase\n'
            "  bridge OR tunnel    either word\n"
            "  bridge -tunnel      bridge but not tunnel\n"
            "  bridg*              words starting with bridg"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", help="what to look for (quote it for the shell)")
    search.add_argument(
        "--limit", type=_count, default=20, metavar="N", help="show at most N (default 20)"
    )
    search.set_defaults(handler=_cmd_search)

    history = commands.add_parser(
        "history",
        parents=[common],
        help="a story's versions with timestamps and change summaries",
    )
    history.add_argument("story", metavar="URL_OR_ID", help="story id, canonical URL or alias")
    history.add_argument(
        "--no-trivial", action="store_true", help="leave out punctuation-only versions"
    )
    history.set_defaults(handler=_cmd_history)

    diff = commands.add_parser(
        "diff",
        parents=[common],
        help="word diff between two versions of a story",
        description=(
            "Show what changed between two versions, word by word: [-removed-]{+added+},"
            " or colours on a terminal. Default: the previous version to the current one."
        ),
    )
    diff.add_argument("story", metavar="URL_OR_ID", help="story id, canonical URL or alias")
    diff.add_argument("--from", dest="from_", type=int, metavar="N", help="older version")
    diff.add_argument("--to", type=int, metavar="M", help="newer version (default: current)")
    diff.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the diff (default: when stdout is a terminal)",
    )
    diff.set_defaults(handler=_cmd_diff)

    upgrade = commands.add_parser(
        "upgrade",
        parents=[common],
        help="bring the archive's schema up to date (creates it in an empty database)",
    )
    upgrade.set_defaults(handler=_cmd_upgrade, creates=True)

    export = commands.add_parser(
        "export",
        parents=[common, filters],
        help="all matching stories as JSON lines or CSV",
        description=(
            "Export stories with the keys " + ", ".join(query.EXPORT_KEYS) + ". Times are"
            ' ISO 8601 UTC ("...Z"); in CSV, lists are joined with "; ".'
        ),
        epilog="examples:\n  archive export --format csv --output stories.csv\n"
        "  archive export --site example.com > example.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="default: jsonl"
    )
    export.add_argument(
        "--output", "-o", metavar="FILE", type=Path, help="write to FILE instead of stdout"
    )
    export.set_defaults(handler=_cmd_export)

    pages = commands.add_parser(
        "pages",
        parents=[common],
        help="crawled pages that are not stories, with their kind and why",
        description=(
            "List the crawled pages judged not to be stories: kind (listing, static, copy,"
            " other), the reason of the judgement, and the URL; each page's latest judgement."
        ),
        epilog="examples:\n  archive pages\n  archive pages --kind copy",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pages.add_argument(
        "--kind",
        choices=("listing", "static", "copy", "other"),
        help="only pages of this kind",
    )
    pages.add_argument(
        "--limit", type=_count, default=0, metavar="N", help="show at most N (default: all)"
    )
    pages.set_defaults(handler=_cmd_pages)

    web_command.add_parser(commands)
    replay.add_parser(commands, common)
    for module in command_modules():
        module.add_parser(commands, common)
    return parser


# -- entry point ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for bad input or a missing archive)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on errors; report, don't exit
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "serve", None) is not None:
        # The web view opens the archive itself, in the server's worker thread.
        return int(args.serve(args))
    url = args.db or os.environ.get("ARCHIVE_URL") or DEFAULT_URL
    if getattr(args, "run_alone", None) is not None:
        # `replay` writes through the crawl's writer, which it opens itself.
        return int(args.run_alone(args, url))
    handler: Callable[[Session, argparse.Namespace], int] = args.handler
    try:
        with (
            _open_archive(url, create=getattr(args, "creates", False)) as engine,
            Session(engine) as session,
        ):
            return handler(session, args)
    except CliError as exc:
        print(f"archive: error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"archive: database error: {_first_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (`| head`) went away; silence the interpreter's own complaint at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


@contextmanager
def _open_archive(url: str, *, create: bool = False) -> Iterator[Engine]:
    """An engine on an existing, up-to-date archive; read commands never create an empty one.

    With ``create`` (the upgrade command) the database may be empty or behind.
    """
    try:
        parsed = normalise_url(url)
    except ArgumentError:
        raise CliError(f"not a database URL: {url!r}") from None
    shown = parsed.render_as_string(hide_password=True)
    path = sqlite_path(parsed)
    if path is not None and not path.is_file() and not create:
        raise CliError(f"no archive at {path}: run a crawl first")
    try:
        engine = make_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise CliError(f"cannot use {shown}: {_first_line(exc)}") from None
    try:
        try:
            present = has_schema(engine)
        except SQLAlchemyError as exc:
            raise CliError(f"cannot open the archive at {shown}: {_first_line(exc)}") from None
        if create:
            yield engine
            return
        if not present:
            raise CliError(f"no archive at {shown}: run a crawl first")
        try:
            check_schema(engine)
        except SchemaOutOfDate as exc:
            raise CliError(str(exc)) from None
        yield engine
    finally:
        engine.dispose()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- commands ---------------------------------------------------------------------------------


def _emit(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


def _filters(args: argparse.Namespace) -> StoryFilters:
    return StoryFilters(
        site=args.site, tag=args.tag, author=args.author, since=args.since, until=args.until
    )


def _cmd_stats(session: Session, args: argparse.Namespace) -> int:
    stats = query.archive_stats(session)
    if args.json:
        render.write_json(stats, sys.stdout)
    else:
        _emit(render.stats_lines(stats))
        if stats.pages_by_kind:
            kinds = ", ".join(f"{kind} {count}" for kind, count in stats.pages_by_kind)
            total = sum(count for _kind, count in stats.pages_by_kind)
            print(f"Pages that are not stories: {total} ({kinds}); see `archive pages`")
    return 0


def _cmd_pages(session: Session, args: argparse.Namespace) -> int:
    records = query.list_pages(session, kind=args.kind, limit=args.limit or None)
    if not records:
        which = f" of kind {args.kind}" if args.kind else ""
        print(f"No crawled pages{which} recorded.", file=sys.stderr)
        return 0
    width = max(len(record.reason) for record in records)
    for record in records:
        print(f"{record.kind:<8} {record.reason:<{width}}  {record.url}")
    return 0


def _cmd_upgrade(session: Session, args: argparse.Namespace) -> int:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    if before == after:
        print(f"The archive is up to date (revision {after}).")
    else:
        print(f"Upgraded the archive: {before or 'empty'} -> {after} (head {head_revision()}).")
    return 0


def _cmd_search(session: Session, args: argparse.Namespace) -> int:
    colour = sys.stdout.isatty()
    try:
        hits = query.search(
            session,
            args.query,
            limit=args.limit or 1000,
            highlight=("\x1b[1m", "\x1b[0m") if colour else ("[", "]"),
            **_filters(args),
        )
    except query.SearchSyntaxError as exc:
        raise CliError(f"bad search query: {exc}") from None
    if not hits:
        print("No stories match.", file=sys.stderr)
        return 0
    _emit(render.search_lines(hits))
    return 0


def _cmd_history(session: Session, args: argparse.Namespace) -> int:
    try:
        versions = query.history(session, args.story, include_trivial=not args.no_trivial)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    current = query.get_version(session, args.story)
    print(f"{current.url}: {current.of} versions")
    _emit(render.history_line(version) for version in versions)
    return 0


def _cmd_diff(session: Session, args: argparse.Namespace) -> int:
    try:
        new = query.get_version(session, args.story, args.to)
        if args.from_ is None:
            if new.number == 1:
                raise CliError(f"{new.url} has one version: nothing to compare")
            old = query.get_version(session, args.story, new.number - 1)
        else:
            old = query.get_version(session, args.story, args.from_)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    _emit(render.diff_lines(old, new, colour=colour))
    return 0


def _cmd_list(session: Session, args: argparse.Namespace) -> int:
    records = query.list_stories(session, limit=args.limit or None, **_filters(args))
    if not records:
        print("No stories match.", file=sys.stderr)
        return 0
    _emit(render.listing_lines(records))
    if args.limit and len(records) == args.limit:
        print(f"(first {args.limit}; use --limit N or --limit 0 for more)", file=sys.stderr)
    return 0


def _cmd_show(session: Session, args: argparse.Namespace) -> int:
    if args.as_of is not None:
        try:
            content = query.as_of(session, args.story, args.as_of)
        except LookupError as exc:  # NotArchivedYet too
            raise CliError(str(exc)) from None
        _emit(render.version_lines(content, args.as_of))
        return 0
    detail = query.get_story(session, args.story)
    if detail is None:
        raise CliError(f"no story with id, URL or alias {args.story!r}")
    _emit(render.story_lines(detail))
    return 0


def _cmd_export(session: Session, args: argparse.Namespace) -> int:
    records: Iterable[ExportedStory] = query.iter_export(session, **_filters(args))
    if sys.stderr.isatty():
        records = _progress(records, sys.stderr)
    write = render.write_csv if args.format == "csv" else render.write_jsonl
    if args.output is None:
        write(records, sys.stdout)
        return 0
    count = _export_to_file(records, args.output, write)
    print(f"exported {count} stories to {args.output}", file=sys.stderr)
    return 0


def _progress(
    records: Iterable[ExportedStory], out: TextIO, every: int = 1000
) -> Iterator[ExportedStory]:
    """Pass records through, counting them on ``out`` (a terminal) as they go."""
    started = time.monotonic()
    count = 0
    for count, record in enumerate(records, 1):
        yield record
        if count % every == 0:
            rate = count / max(time.monotonic() - started, 1e-9)
            out.write(f"\rexported {count:,} stories ({rate:,.0f}/s)")
            out.flush()
    out.write(f"\rexported {count:,} stories in {time.monotonic() - started:.1f}s\n")
    out.flush()


def _export_to_file(
    records: Iterable[ExportedStory],
    path: Path,
    write: Callable[[Iterable[ExportedStory], TextIO], int],
) -> int:
    """Write through a temporary file so that a failed export never leaves half a file.

    The folder must exist: a typo in it should be an error, not a new tree of folders."""
    if not path.parent.is_dir():
        raise CliError(f"no folder {path.parent} for the export: create it first")
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(records, out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count
