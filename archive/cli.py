"""The ``archive`` command: read what the crawls stored.

A thin layer: :mod:`archive.query` reads, :mod:`archive.render` formats, this module parses
arguments, opens the archive and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from archive import arguments, query, render, replay
from archive.commands import modules as command_modules
from archive.db import (
    NoArchive,
    SchemaOutOfDate,
    current_revision,
    has_schema,
    head_revision,
    make_engine,
    normalise_url,
    open_archive,
    upgrade,
)
from archive.filters import StoryFilters
from archive.results import ExportedStory
from archive.web import command as web_command

__all__ = ["DEFAULT_URL", "CliError", "build_parser", "main"]

#: The archive when neither --db nor ARCHIVE_URL names one.
DEFAULT_URL = "sqlite:///data/archive.db"
_LIST_LIMIT = 50
# A search counts its matches up to this many: counting all of a common word's is seconds.
_COUNT_CAP = 10_000
_SEARCH_LIMIT = 20

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
  archive list --section Politics --page 2 --limit 20
  archive list --tag climate --until 2024-06-01 --json
  archive show https://example.com/2024/05/01/story.html
  archive show 42
  archive show https://example.com/a/story --as-of 2024-05-01T12:00Z
  archive search '"harbour bridge" -tunnel' --site example.com --since 2024-05-01
  archive search harbour AND bridge -tunnel --json
  archive history https://example.com/a/story
  archive diff https://example.com/a/story --from 1 --to 3
  archive export --format csv --output stories.csv --site example.com
  archive export --format jsonl | jq .title
  archive pages --kind static
  archive crawls --site example.com --limit 10
  archive errors --since 2024-05-01 --reason http
  archive --db postgresql://postgres@localhost/news upgrade
  archive health --max-age 2 || echo "a crawl needs attention"
  archive serve                 # a web view on http://127.0.0.1:8000/
"""


class CliError(Exception):
    """A problem with the user's input or setup: reported in one line, exit status 2."""


# -- argument parsing -------------------------------------------------------------------------


def _add_paging(parser: argparse.ArgumentParser, limit: int) -> None:
    group = parser.add_argument_group("paging")
    group.add_argument(
        "--limit",
        type=arguments.count,
        default=limit,
        metavar="N",
        help=f"show at most N (default {limit}; 0 for all)",
    )
    where = group.add_mutually_exclusive_group()
    where.add_argument(
        "--offset",
        type=arguments.count,
        default=0,
        metavar="N",
        help="skip the first N (default 0)",
    )
    where.add_argument(
        "--page",
        type=arguments.page_number,
        metavar="N",
        help="show page N of --limit each (from 1)",
    )


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
    group.add_argument(
        "--site",
        metavar="HOST",
        help="only stories from this site (example.com; www., a port or a whole URL are fine)",
    )
    group.add_argument("--section", help="only stories filed under this section (any case)")
    group.add_argument("--tag", help="only stories with this tag (any case)")
    group.add_argument("--author", help="only stories by this author (full name, any case)")
    group.add_argument(
        "--since",
        type=arguments.instant,
        metavar="DATE",
        help="published (or first seen) at or after DATE",
    )
    group.add_argument(
        "--until",
        type=arguments.day_end,
        metavar="DATE",
        help="published (or first seen) before DATE; a bare date includes that whole day",
    )
    group.add_argument(
        "--extractor-below",
        type=arguments.count,
        metavar="VERSION",
        help="only stories whose current version an extractor older than VERSION made (or one"
        " stored before versions were stamped); see archive reextract",
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
    _add_paging(listing, _LIST_LIMIT)
    listing.add_argument(
        "--json", action="store_true", help="one JSON object per story (the export's keys)"
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
        type=arguments.instant,
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
            "  bridge AND tunnel   both words (the same as: bridge tunnel)\n"
            "  bridge -tunnel      bridge but not tunnel (no -- needed before -tunnel)\n"
            "  bridg*              words starting with bridg\n\n"
            "Without quotes the words are taken one by one; quote a phrase for the shell:\n"
            "  archive search '\"harbour bridge\"' -tunnel"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", nargs="+", help="what to look for")
    _add_paging(search, _SEARCH_LIMIT)
    search.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per hit: the export's keys, then score and snippet",
    )
    search.set_defaults(handler=_cmd_search, query_words_last=True)

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
        "--limit",
        type=arguments.count,
        default=0,
        metavar="N",
        help="show at most N (default: all)",
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
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(_query_words_last(parser, argv))
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
    try:
        if create:
            engine = make_engine(parsed)
            has_schema(engine)  # connects: an unreachable server is reported here
        else:
            engine = open_archive(parsed)
    except (NoArchive, SchemaOutOfDate) as exc:
        raise CliError(str(exc)) from None
    except (ArgumentError, ImportError) as exc:
        raise CliError(f"cannot use {shown}: {_first_line(exc)}") from None
    except SQLAlchemyError as exc:
        raise CliError(f"cannot open the archive at {shown}: {_first_line(exc)}") from None
    try:
        yield engine
    finally:
        engine.dispose()


def _query_words_last(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``argv`` with the query words of a command that takes them (``search``) moved behind
    ``--``, so that ``archive search bridge -tunnel --limit 5`` reads ``-tunnel`` as a word
    to exclude, not as an unknown option. The command's own options keep their values."""
    start = 0
    while start < len(argv) and argv[start].startswith("-"):
        start += 2 if argv[start] == "--db" else 1  # the main parser's options
    if start >= len(argv):
        return argv
    command = _subcommands(parser).get(argv[start])
    if command is None or not command.get_default("query_words_last"):
        return argv
    options: dict[str, argparse.Action] = {}
    for each in command._actions:
        options.update(dict.fromkeys(each.option_strings, each))
    kept: list[str] = []
    words: list[str] = []
    rest = iter(argv[start + 1 :])
    for token in rest:
        if token == "--":
            words += rest
            break
        name = token.split("=", 1)[0]
        action = options.get(name) or _abbreviated(options, name)
        if action is None and not token.startswith("--"):
            words.append(token)  # a word, "-tunnel" too
            continue
        kept.append(token)
        if action is not None and action.nargs != 0 and "=" not in token:
            value = next(rest, None)  # the option's value, whatever it looks like
            if value is not None:
                kept.append(value)
    if not words:
        return argv
    return [*argv[: start + 1], *kept, "--", *words]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _abbreviated(options: dict[str, argparse.Action], name: str) -> argparse.Action | None:
    """The action a unique prefix of a long option names (argparse accepts ``--lim 5``)."""
    if not name.startswith("--"):
        return None
    found = {action for option, action in options.items() if option.startswith(name)}
    return found.pop() if len(found) == 1 else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- commands ---------------------------------------------------------------------------------


def _emit(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


def _filters(args: argparse.Namespace) -> StoryFilters:
    return StoryFilters(
        site=args.site,
        section=args.section,
        tag=args.tag,
        author=args.author,
        since=args.since,
        until=args.until,
        extractor_below=args.extractor_below,
    )


def _offset(args: argparse.Namespace) -> int:
    """The first result to show, from ``--offset`` or ``--page`` (which needs a limit)."""
    if args.page is None:
        return int(args.offset)
    if not args.limit:
        raise CliError("--page needs a --limit above 0 (the size of a page)")
    return int((args.page - 1) * args.limit)


def _report_page(args: argparse.Namespace, offset: int, shown: int, total: int) -> None:
    """ "showing 21-40 of 134" on stderr (stdout stays the results), and how to see more."""
    if not shown:
        if total:
            print(f"No stories past {offset}: {total} in all.", file=sys.stderr)
        else:
            print("No stories match.", file=sys.stderr)
        return
    of = f"more than {_COUNT_CAP:,}" if total > _COUNT_CAP and args.limit else str(total)
    line = f"showing {offset + 1}-{offset + shown} of {of}"
    if offset + shown < total and args.limit:
        more = f"--page {args.page + 1}" if args.page else f"--offset {offset + shown}"
        line += f" ({more} for more, --limit 0 for all)"
    print(line, file=sys.stderr)


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
    colour = sys.stdout.isatty() and not args.json
    text = " ".join(args.query)
    offset = _offset(args)
    try:
        # Counted up to a cap unless every result is asked for (--limit 0).
        cap = _COUNT_CAP if args.limit else None
        total = query.count_matches(session, text, cap=cap, **_filters(args))
        # Ranked from the best: a later page is the tail of a longer search.
        wanted = offset + args.limit if args.limit else total
        hits = query.search(
            session,
            text,
            limit=max(wanted, 1),
            highlight=("\x1b[1m", "\x1b[0m") if colour else ("[", "]"),
            **_filters(args),
        )[offset:]
    except query.SearchSyntaxError as exc:
        raise CliError(f"bad search query: {exc}") from None
    if args.json:
        records = query.export_records(session, [hit.id for hit in hits])
        for record, hit in zip(records, hits, strict=True):
            print(json.dumps(render.search_json(record, hit), ensure_ascii=False))
    else:
        _emit(render.search_lines(hits, first=offset + 1))
    _report_page(args, offset, len(hits), total)
    return 0


def _cmd_history(session: Session, args: argparse.Namespace) -> int:
    try:
        versions = query.history(session, args.story, include_trivial=not args.no_trivial)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    current = query.get_version(session, args.story)
    print(f"{current.url}: {render.plural(current.of, 'version')}")
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
    offset = _offset(args)
    filters = _filters(args)
    records = query.list_stories(session, limit=args.limit or None, offset=offset, **filters)
    total = query.count_stories(session, **filters)
    if args.json:
        render.write_jsonl(records, sys.stdout)
    elif records:
        _emit(render.listing_lines(records))
    _report_page(args, offset, len(records), total)
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
