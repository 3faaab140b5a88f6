"""The ``archive`` command: read what the crawls stored. A thin layer over :mod:`archive.query`."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, TextIO

from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from archive import query
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
from archive.diff import render_diff
from archive.timeutil import iso_z, parse_when, utcnow

DEFAULT_URL = "sqlite:///data/archive.db"
LIST_LIMIT = 50
TITLE_WIDTH = 60
SECTION_WIDTH = 16

DESCRIPTION = """\
Query the news archive that crawls fill.

The archive is the database given by --db, else the ARCHIVE_URL environment variable,
else sqlite:///data/archive.db (relative to the working directory).
"""

EPILOG = """\
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
  archive --db postgresql://postgres@localhost/news upgrade
  archive health --max-age 2 || echo "a crawl needs attention"
"""


class CliError(Exception):
    """A problem with the user's input or setup: reported in one line, exit status 2."""


# -- argument parsing -------------------------------------------------------------------------


def _since(text: str) -> datetime:
    return _parse_date(text, end_of_day=False)


def _until(text: str) -> datetime:
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
    parser = argparse.ArgumentParser(
        prog="archive",
        description=DESCRIPTION,
        epilog=EPILOG,
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
        "--since", type=_since, metavar="DATE", help="published (or first seen) at or after DATE"
    )
    group.add_argument(
        "--until",
        type=_until,
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
        default=LIST_LIMIT,
        metavar="N",
        help=f"show at most N stories (default {LIST_LIMIT}; 0 for all)",
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
        type=_when_arg,
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

    health = commands.add_parser(
        "health",
        parents=[common],
        help="is each site's crawl still working? exit 1 if not",
        description="Per site: the last successful crawl and the new stories of recent crawls. "
        "Exits 1 when a site's last success is older than --max-age hours, when its story "
        "count collapsed (--window crawls in a row found nothing new after crawls that did), "
        "or when most article pages of its last crawl gave no text: for cron or monitoring.",
    )
    health.add_argument(
        "--max-age", type=float, default=26.0, metavar="HOURS", help="default: 26 hours"
    )
    health.add_argument(
        "--window", type=int, default=3, metavar="N", help="crawls compared (default: 3)"
    )
    health.add_argument("--site", metavar="HOST", help="only this site")
    health.set_defaults(handler=_cmd_health)
    return parser


# -- entry point ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for bad input or a missing archive)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on errors; report, don't exit
        return exc.code if isinstance(exc.code, int) else 2
    url = args.db or os.environ.get("ARCHIVE_URL") or DEFAULT_URL
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


def _cmd_stats(session: Session, args: argparse.Namespace) -> int:
    stats = query.archive_stats(session)
    if args.json:
        print(json.dumps(_jsonable(stats), indent=2, ensure_ascii=False))
        return 0
    print(f"Stories:  {stats['stories']} ({stats['versions']} versions)")
    print(f"Sites:    {stats['sites']}")
    print(f"Authors:  {stats['authors']}")
    print(f"Tags:     {stats['tags']}")
    print(f"Crawls:   {stats['crawls']} ({stats['crawl_errors']} page errors recorded)")
    if stats["first_seen_at"] is not None:
        print(f"Seen:     {_when(stats['first_seen_at'])} to {_when(stats['last_seen_at'])}")
    crawl = stats["last_crawl"]
    if crawl is not None:
        print()
        print(f"Last crawl #{crawl['id']} ({crawl['spider']}): {crawl['status']}")
        print(f"  start URL: {crawl['start_url'] or '-'}")
        print(f"  started:   {_when(crawl['started_at'])}")
        print(f"  finished:  {_when(crawl['finished_at'])}")
        print(
            f"  pages {crawl['pages']}, new {crawl['stories_new']}, "
            f"updated {crawl['stories_updated']}, unchanged {crawl['stories_unchanged']}, "
            f"errors {crawl['errors']}"
        )
    if stats["per_day"]:
        print()
        print("Stories first seen per day (UTC):")
        for line in _day_chart(stats["per_day"]):
            print(f"  {line}")
    if stats["per_site"]:
        print()
        print("Stories per site:")
        width = max(len(row["site"]) for row in stats["per_site"])
        for row in stats["per_site"]:
            last = _when(row["last_seen_at"])
            print(f"  {row['site']:<{width}}  {row['stories']:>7}  last seen {last}")
    return 0


def _when_arg(text: str) -> datetime:
    return _parse_date(text, end_of_day=False)


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
            site=args.site,
            tag=args.tag,
            author=args.author,
            since=args.since,
            until=args.until,
            limit=args.limit or 1000,
            highlight=("\x1b[1m", "\x1b[0m") if colour else ("[", "]"),
        )
    except query.SearchSyntaxError as exc:
        raise CliError(f"bad search query: {exc}") from None
    if not hits:
        print("No stories match.", file=sys.stderr)
        return 0
    for rank, hit in enumerate(hits, 1):
        published = hit["published_at"]
        day = published.date().isoformat() if published else "-"
        print(f"{rank:>3}. {hit['title'] or '(untitled)'}")
        print(f"     {day}  {hit['url']}  (score {hit['score']:.3g})")
        print(f"     {' '.join(hit['snippet'].split())}")
    return 0


def _cmd_history(session: Session, args: argparse.Namespace) -> int:
    try:
        versions = query.history(session, args.story, include_trivial=not args.no_trivial)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    record = query.get_version(session, args.story)
    print(f"{record['url']}: {record['of']} versions")
    for version in versions:
        print(_history_line(version))
    return 0


def _cmd_diff(session: Session, args: argparse.Namespace) -> int:
    try:
        new = query.get_version(session, args.story, args.to)
        if args.from_ is None:
            if new["number"] == 1:
                raise CliError(f"{new['url']} has one version: nothing to compare")
            old = query.get_version(session, args.story, new["number"] - 1)
        else:
            old = query.get_version(session, args.story, args.from_)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(f"{new['url']}")
    print(f"version {old['number']} ({_when(old['crawled_at'])}) -> ", end="")
    print(f"version {new['number']} ({_when(new['crawled_at'])})")
    changed = False
    for name in ("title", "authors", "tags", "section", "published_at", "modified_at", "body"):
        before, after = _diff_text(old[name]), _diff_text(new[name])
        if before == after:
            continue
        changed = True
        print()
        print(f"{name}:")
        print(render_diff(before, after, colour=colour))
    if not changed:
        print("\nNo difference.")
    return 0


def _diff_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _cmd_list(session: Session, args: argparse.Namespace) -> int:
    records = query.list_stories(
        session,
        site=args.site,
        tag=args.tag,
        author=args.author,
        since=args.since,
        until=args.until,
        limit=args.limit or None,
    )
    if not records:
        print("No stories match.", file=sys.stderr)
        return 0
    print(f"{'DATE':<10}  {'SECTION':<{SECTION_WIDTH}}  {'TITLE':<{TITLE_WIDTH}}  URL")
    for record in records:
        published = record["published_at"]
        day = published.date().isoformat() if published else "-"
        section = _fit(record["section"] or "-", SECTION_WIDTH)
        title = _fit(record["title"] or "(untitled)", TITLE_WIDTH)
        print(f"{day:<10}  {section:<{SECTION_WIDTH}}  {title:<{TITLE_WIDTH}}  {record['url']}")
    if args.limit and len(records) == args.limit:
        print(f"(first {args.limit}; use --limit N or --limit 0 for more)", file=sys.stderr)
    return 0


def _cmd_show(session: Session, args: argparse.Namespace) -> int:
    if args.as_of is not None:
        return _show_as_of(session, args.story, args.as_of)
    record = query.get_story(session, args.story)
    if record is None:
        raise CliError(f"no story with id, URL or alias {args.story!r}")
    fields = [
        ("Title", record["title"]),
        ("URL", record["url"]),
        ("Id", record["id"]),
        ("Site", record["site"]),
        ("Published", _when(record["published_at"])),
        ("Modified", _when(record["modified_at"])),
        ("Section", record["section"]),
        ("Language", record["language"]),
        ("Authors", "; ".join(record["authors"])),
        ("Tags", "; ".join(record["tags"])),
        ("Description", record["description"]),
        ("Image", record["image_url"]),
        ("First seen", _when(record["first_seen_at"])),
        ("Last seen", _when(record["last_seen_at"])),
        ("Last crawled", _when(record["last_crawled_at"])),
        ("Versions", record["versions"]),
    ]
    for label, value in fields:
        print(f"{label + ':':<14}{'-' if value in (None, '') else value}")
    _print_block("Provenance", [f"{name:<14}{src}" for name, src in record["provenance"].items()])
    _print_block("Aliases", record["aliases"])
    signals = record.get("date_signals") or {}
    _print_block(
        "Dates from feeds and sitemaps",
        [f"{source:<32}{_when(value)}" for source, value in signals.items()],
    )
    cluster = record.get("cluster")
    if cluster is not None:
        _print_block(
            f"Near-duplicates (cluster {cluster['id']}; canonical: {cluster['canonical_url']})",
            [
                f"{member['similarity']:.2f}  {member['url']}"
                for member in cluster["members"]
                if member["url"] != record["url"]
            ],
        )
    _print_block("History", [_history_line(version) for version in record["history"]])
    print()
    print(record["body"] or "(no body)")
    return 0


def _show_as_of(session: Session, story: str, instant: datetime) -> int:
    try:
        record = query.as_of(session, story, instant)
    except LookupError as exc:  # NotArchivedYet too
        raise CliError(str(exc)) from None
    fields = [
        ("Title", record["title"]),
        ("URL", record["url"]),
        ("As of", _when(instant)),
        ("Version", f"{record['number']} of {record['of']}, crawled {_when(record['crawled_at'])}"),
        ("Published", _when(record["published_at"])),
        ("Modified", _when(record["modified_at"])),
        ("Section", record["section"]),
        ("Authors", "; ".join(record["authors"])),
        ("Tags", "; ".join(record["tags"])),
    ]
    for label, value in fields:
        print(f"{label + ':':<14}{'-' if value in (None, '') else value}")
    print()
    print(record["body"] or "(no body)")
    return 0


def _print_block(title: str, lines: list[str]) -> None:
    print()
    print(f"{title}:" if lines else f"{title}: none")
    for line in lines:
        print(f"  {line}")


def _history_line(version: dict[str, Any]) -> str:
    crawl = f"crawl {version['crawl_id']}" if version["crawl_id"] is not None else "crawl -"
    if version["number"] == 1:
        what = "first version"
    elif version.get("summary"):
        what = version["summary"]
    else:  # stored before summaries existed
        what = "changed " + ", ".join(version["changed"])
    flag = "  (trivial)" if version.get("trivial") else ""
    return f"{version['number']:>3}  {_when(version['crawled_at'])}  {crawl}  {what}{flag}"


def _cmd_health(session: Session, args: argparse.Namespace) -> int:
    from archive.health import site_health

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
    for health in sites:
        state = "ok" if health.healthy else "UNHEALTHY"
        recent = ", ".join(str(n) for n in health.recent_stories) or "-"
        print(
            f"{health.site:<30} {state:<10} last success {_when(health.last_success_at)}"
            f"  new stories by crawl (newest first): {recent}"
        )
        for problem in health.problems:
            print(f"  - {problem}")
    return 0 if all(h.healthy for h in sites) else 1


def _cmd_export(session: Session, args: argparse.Namespace) -> int:
    records: Iterable[dict[str, Any]] = query.iter_export(
        session,
        site=args.site,
        tag=args.tag,
        author=args.author,
        since=args.since,
        until=args.until,
    )
    if sys.stderr.isatty():
        records = _progress(records, sys.stderr)
    write = _write_csv if args.format == "csv" else _write_jsonl
    if args.output is None:
        write(records, sys.stdout)
        return 0
    count = _export_to_file(records, args.output, write)
    print(f"exported {count} stories to {args.output}", file=sys.stderr)
    return 0


def _progress(
    records: Iterable[dict[str, Any]], out: TextIO, every: int = 1000
) -> Iterator[dict[str, Any]]:
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
    records: Iterable[dict[str, Any]],
    path: Path,
    write: Callable[[Iterable[dict[str, Any]], TextIO], int],
) -> int:
    """Write through a temporary file so that a failed export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(records, out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(_jsonable(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=query.EXPORT_KEYS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _csv_cell(value) for key, value in record.items()})
        count += 1
    return count


# -- rendering --------------------------------------------------------------------------------


CHART_WIDTH = 40


def _day_chart(per_day: list[tuple[Any, int]], width: int = CHART_WIDTH) -> list[str]:
    """One line per day: the date, the count and a bar scaled to the busiest day."""
    most = max((count for _day, count in per_day), default=0)
    lines = []
    for day, count in per_day:
        bar = "#" * round(width * count / most) if most else ""
        if count and not bar:
            bar = "."
        lines.append(f"{day.isoformat()} {day:%a}  {count:>7}  {bar}")
    return lines


def _when(value: datetime | None) -> str:
    return iso_z(value) if value is not None else "-"


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return value
