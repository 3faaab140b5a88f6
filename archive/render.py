"""How the ``archive`` command shows the records of :mod:`archive.results`: lines of text for
a terminal, JSON lines and CSV for export.

The text functions return lines and print nothing, so the command decides where they go.
Times are ISO 8601 UTC (``...Z``) everywhere, ``-`` when missing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import IO, Any

from archive.diff import render_diff
from archive.health import SiteHealth
from archive.jsonvalue import json_safe
from archive.record import HASHED_FIELDS
from archive.results import (
    EXPORT_KEYS,
    ArchiveStats,
    CrawlErrorRecord,
    CrawlSummary,
    ExportedStory,
    ListedStory,
    SearchHit,
    StoryDetail,
    VersionContent,
    VersionEntry,
)
from archive.timeutil import iso_z

__all__ = [
    "crawl_lines",
    "day_chart",
    "diff_lines",
    "duration",
    "error_lines",
    "flat_text",
    "health_lines",
    "history_line",
    "listing_lines",
    "plural",
    "search_json",
    "search_lines",
    "stats_lines",
    "story_lines",
    "to_second",
    "version_lines",
    "when",
    "write_csv",
    "write_json",
    "write_jsonl",
]

_TITLE_WIDTH = 60
_SECTION_WIDTH = 16
_CHART_WIDTH = 40
_LABEL_WIDTH = 14
# What ``archive diff`` compares: the fields whose change makes a version, the long body last.
_DIFFED_FIELDS = (*(name for name in HASHED_FIELDS if name != "body"), "body")


def when(value: datetime | None) -> str:
    """``value`` as ISO 8601 UTC, or ``-``."""
    return iso_z(value) if value is not None else "-"


def flat_text(value: Any) -> str:
    """A value as one CSV cell or one diffable text: lists joined with ``"; "``, times ISO
    8601 UTC, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def to_second(value: datetime | None) -> str:
    """As :func:`when`, without fractions of a second: for columns of times."""
    return when(value.replace(microsecond=0)) if value is not None else "-"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 version``, ``2 versions``: the count with the noun in the right number."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def duration(value: timedelta | None) -> str:
    """``45s``, ``3m05s``, ``2h01m``; ``-`` when unknown."""
    if value is None:
        return "-"
    seconds = max(0, round(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value is not None else "-"


def _labelled(fields: Sequence[tuple[str, object]]) -> list[str]:
    return [
        f"{label + ':':<{_LABEL_WIDTH}}{'-' if value in (None, '') else value}"
        for label, value in fields
    ]


def _block(title: str, lines: Sequence[str]) -> list[str]:
    """A titled, indented block after a blank line; ``title: none`` when empty."""
    return ["", f"{title}:" if lines else f"{title}: none", *(f"  {line}" for line in lines)]


# -- stats ------------------------------------------------------------------------------------


def stats_lines(stats: ArchiveStats) -> list[str]:
    """``archive stats``: counts, the archive's span, the last crawl, stories by day and site."""
    lines = [
        f"Stories:  {stats.stories} ({plural(stats.versions, 'version')})",
        f"Sites:    {stats.sites}",
        f"Authors:  {stats.authors}",
        f"Tags:     {stats.tags}",
        f"Crawls:   {stats.crawls} ({plural(stats.crawl_errors, 'page error')} recorded)",
    ]
    if stats.first_seen_at is not None:
        lines.append(f"Seen:     {when(stats.first_seen_at)} to {when(stats.last_seen_at)}")
    crawl = stats.last_crawl
    if crawl is not None:
        lines += [
            "",
            f"Last crawl #{crawl.id} ({crawl.spider}): {crawl.status}",
            f"  start URL: {crawl.start_url or '-'}",
            f"  started:   {when(crawl.started_at)}",
            f"  finished:  {when(crawl.finished_at)}",
            f"  pages {crawl.pages}, new {crawl.stories_new}, "
            f"updated {crawl.stories_updated}, unchanged {crawl.stories_unchanged}, "
            f"errors {crawl.errors}"
            + (f"; saw {crawl.stories_seen} archived stories" if crawl.stories_seen else ""),
        ]
    if stats.per_day:
        lines += ["", "Stories first seen per day (UTC):"]
        lines += [f"  {line}" for line in day_chart(stats.per_day)]
    if stats.per_site:
        lines += ["", "Stories per site:"]
        width = max(len(row.site) for row in stats.per_site)
        lines += [
            f"  {row.site:<{width}}  {row.stories:>7}  last seen {when(row.last_seen_at)}"
            for row in stats.per_site
        ]
    return lines


def day_chart(per_day: Iterable[tuple[date, int]], width: int = _CHART_WIDTH) -> list[str]:
    """One line per day: the date, the count and a bar scaled to the busiest day."""
    per_day = list(per_day)
    most = max((count for _day, count in per_day), default=0)
    lines = []
    for day, count in per_day:
        bar = "#" * round(width * count / most) if most else ""
        if count and not bar:
            bar = "."
        lines.append(f"{day.isoformat()} {day:%a}  {count:>7}  {bar}")
    return lines


# -- stories ----------------------------------------------------------------------------------


def listing_lines(records: Iterable[ListedStory]) -> list[str]:
    """``archive list``: a header, then id, date, section, title and URL of each story."""
    records = list(records)
    width = max([2, *(len(str(record.id)) for record in records)])
    lines = [
        f"{'ID':>{width}}  {'DATE':<10}  {'SECTION':<{_SECTION_WIDTH}}"
        f"  {'TITLE':<{_TITLE_WIDTH}}  URL"
    ]
    for record in records:
        section = _fit(record.section or "-", _SECTION_WIDTH)
        title = _fit(record.title or "(untitled)", _TITLE_WIDTH)
        lines.append(
            f"{record.id:>{width}}  {_day(record.published_at):<10}"
            f"  {section:<{_SECTION_WIDTH}}  {title:<{_TITLE_WIDTH}}  {record.url}"
        )
    return lines


def search_lines(hits: Iterable[SearchHit], *, first: int = 1) -> list[str]:
    """``archive search``: rank (from ``first``) and title, date, id, URL and score, the
    snippet on one line."""
    lines = []
    for rank, hit in enumerate(hits, first):
        lines += [
            f"{rank:>3}. {hit.title or '(untitled)'}",
            f"     {_day(hit.published_at)}  #{hit.id}  {hit.url}  (score {hit.score:.3g})",
            f"     {' '.join(hit.snippet.split())}",
        ]
    return lines


def story_lines(detail: StoryDetail) -> list[str]:
    """``archive show``: the fields, provenance, aliases, date signals, near-duplicates,
    history, then the body."""
    fields: list[tuple[str, object]] = [
        ("Title", detail.title),
        ("URL", detail.url),
        ("Id", detail.id),
        ("Site", detail.site),
        ("Published", when(detail.published_at)),
        ("Modified", when(detail.modified_at)),
        ("Section", detail.section),
        ("Language", detail.language),
        ("Authors", "; ".join(detail.authors)),
        *_agency(detail.agency),
        ("Tags", "; ".join(detail.tags)),
        ("Description", detail.description),
        ("Image", detail.image_url),
        ("First seen", when(detail.first_seen_at)),
        ("Last seen", when(detail.last_seen_at)),
        ("Last crawled", when(detail.last_crawled_at)),
        ("Versions", detail.versions),
    ]
    lines = _labelled(fields)
    lines += _block("Provenance", [f"{name:<14}{src}" for name, src in detail.provenance.items()])
    lines += _block("Aliases", detail.aliases)
    lines += _block(
        "Dates from feeds and sitemaps",
        [f"{source:<32}{when(value)}" for source, value in detail.date_signals.items()],
    )
    cluster = detail.cluster
    if cluster is not None:
        lines += _block(
            f"Near-duplicates (cluster {cluster.id}; canonical: {cluster.canonical_url})",
            [
                f"{member.similarity:.2f}  {member.url}"
                for member in cluster.members
                if member.url != detail.url
            ],
        )
    history = []
    for entry in detail.history:
        history.append(history_line(entry))
        if (record := entry.source.record()) is not None:
            history.append(f"       from WARC {record}")
    lines += _block("History", history)
    return [*lines, "", detail.body or "(no body)"]


def _warc(record: str | None) -> list[tuple[str, object]]:
    return [("WARC record", record)] if record else []


def _agency(agency: str | None) -> list[tuple[str, object]]:
    # Most stories have none: a line of "-" would only be noise.
    return [("Agency", agency)] if agency else []


def version_lines(content: VersionContent, instant: datetime) -> list[str]:
    """``archive show --as-of``: the version current at ``instant``, then its body."""
    lines = _labelled(
        [
            ("Title", content.title),
            ("URL", content.url),
            ("As of", when(instant)),
            (
                "Version",
                f"{content.number} of {content.of}, crawled {when(content.crawled_at)}",
            ),
            ("Published", when(content.published_at)),
            ("Modified", when(content.modified_at)),
            ("Section", content.section),
            ("Authors", "; ".join(content.authors)),
            *_agency(content.agency),
            ("Tags", "; ".join(content.tags)),
            ("Extracted by", content.source.stamp()),
            *_warc(content.source.record()),
        ]
    )
    return [*lines, "", content.body or "(no body)"]


def history_line(entry: VersionEntry) -> str:
    """Number, crawl time, crawl and what changed, e.g. ``  2  2024-05-03T12:00:00Z  crawl 4
    title: +2 -1 words``."""
    crawl = f"crawl {entry.crawl_id}" if entry.crawl_id is not None else "crawl -"
    if entry.number == 1:
        what = "first version"
    elif entry.summary:
        what = entry.summary
    else:  # stored before summaries existed
        what = "changed " + ", ".join(entry.changed)
    if entry.source.origin == "reextract":
        # Not an edit by the site: the stored page read again by a newer extractor.
        what = f"re-extracted: {what}"
    flag = "  (trivial)" if entry.trivial else ""
    stamp = f"  [{entry.source.stamp()}]" if entry.source.extractor_version is not None else ""
    return f"{entry.number:>3}  {when(entry.crawled_at)}  {crawl}  {what}{flag}{stamp}"


def diff_lines(old: VersionContent, new: VersionContent, *, colour: bool) -> list[str]:
    """``archive diff``: the two versions, then a word diff of each field that differs."""
    changes = []
    for name in _DIFFED_FIELDS:
        before, after = flat_text(getattr(old, name)), flat_text(getattr(new, name))
        if before != after:
            changes += ["", f"{name}:", render_diff(before, after, colour=colour)]
    return [
        new.url,
        f"version {old.number} ({when(old.crawled_at)}) -> "
        f"version {new.number} ({when(new.crawled_at)})",
        *(changes or ["", "No difference."]),
    ]


def crawl_lines(crawls: Iterable[CrawlSummary]) -> list[str]:
    """``archive crawls``: a header, then one line per crawl: id, start, duration, status,
    pages, stories new / updated / unchanged, archived stories seen, errors, site and start
    URL."""
    lines = [
        f"{'ID':>5}  {'STARTED':<20}  {'TOOK':>7}  {'STATUS':<12}  {'PAGES':>6}  {'NEW':>5}"
        f"  {'UPDATED':>7}  {'UNCHANGED':>9}  {'SEEN':>6}  {'ERRORS':>6}  {'SITE':<20}  START URL"
    ]
    for crawl in crawls:
        seen = "-" if crawl.stories_seen is None else str(crawl.stories_seen)
        lines.append(
            f"{crawl.id:>5}  {to_second(crawl.started_at):<20}  {duration(crawl.duration):>7}"
            f"  {_fit(crawl.status, 12):<12}  {crawl.pages:>6}  {crawl.stories_new:>5}"
            f"  {crawl.stories_updated:>7}  {crawl.stories_unchanged:>9}  {seen:>6}"
            f"  {crawl.errors:>6}  {crawl.site:<20}  {crawl.start_url or '-'}"
        )
    return lines


def error_lines(errors: Iterable[CrawlErrorRecord]) -> list[str]:
    """``archive errors``: one line per problem: crawl, time, reason, URL, then the detail."""
    errors = list(errors)
    width = max((len(error.reason) for error in errors), default=6)
    lines = [f"{'CRAWL':>5}  {'TIME':<20}  {'REASON':<{width}}  URL  DETAIL"]
    for error in errors:
        detail = _fit(error.detail, 100) if error.detail else "-"
        lines.append(
            f"{error.crawl_id:>5}  {to_second(error.at):<20}  {error.reason:<{width}}"
            f"  {error.url or '-'}  {detail}"
        )
    return lines


def health_lines(sites: Iterable[SiteHealth]) -> list[str]:
    """``archive health``: one line per site, then its problems."""
    lines = []
    for health in sites:
        state = "ok" if health.healthy else "UNHEALTHY"
        recent = ", ".join(str(n) for n in health.recent_stories) or "-"
        lines.append(
            f"{health.site:<30} {state:<10} last success {when(health.last_success_at)}"
            f"  new stories by crawl (newest first): {recent}"
        )
        lines += [f"  - {problem}" for problem in health.problems]
    return lines


# -- export -----------------------------------------------------------------------------------


def write_json(value: object, out: IO[str]) -> None:
    """Any record (or value) as indented JSON."""
    out.write(json.dumps(json_safe(value), indent=2, ensure_ascii=False) + "\n")


def search_json(record: ExportedStory, hit: SearchHit) -> dict[str, Any]:
    """A search hit as ``archive search --json`` writes it: the export record, then the
    hit's ``score`` and ``snippet``."""
    return {**json_safe(record), "score": hit.score, "snippet": hit.snippet}


def write_jsonl(records: Iterable[ExportedStory], out: IO[str]) -> int:
    """One JSON object per line with the :data:`~archive.results.EXPORT_KEYS`; the count."""
    count = 0
    for record in records:
        out.write(json.dumps(json_safe(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[ExportedStory], out: IO[str]) -> int:
    """A header of the export keys, then one row per record; the count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_KEYS)
    count = 0
    for record in records:
        writer.writerow([flat_text(getattr(record, key)) for key in EXPORT_KEYS])
        count += 1
    return count
