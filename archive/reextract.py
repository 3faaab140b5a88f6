"""Re-extraction: the archive's stories read again from their stored responses.

::

    extractor = load_extractor("newscrawl")          # the `archive.extractors` entry point
    summary = reextract(engine, extractor, Selection(site="example.com"), [Path("data/warc")])

Each selected story's current version names the WARC record of the response it was extracted
from (file, offset); the extractor reads that record and extracts the story again. Where the
story it makes differs from the current content (the content hash, the rule a crawl applies to
a changed page), a new version is stored with origin ``reextract``
(:func:`archive.store.reextracted.write_reextracted`); elsewhere nothing is written.

- **Streams**: stories are read in batches in id order; memory stays flat in their number.
- **Resumable**: where a run has got to is kept in ``reextract_run`` (keyed by the selection
  and the extractor's version), committed with each batch's versions; the same command again
  goes on from there. A run that completes removes its row.
- **Beside a crawl** (PostgreSQL): a story a crawl changes meanwhile keeps the crawl's version
  (counted as skipped); rows are locked in the order the crawl's writer locks them.
- A date the page does not give but a feed or sitemap did (provenance ``feed:*`` or
  ``sitemap:*``) is kept, as the crawl kept it.

The archive never imports the crawler: the extractor is found at run time, by entry point
name or as ``module:attribute``, and must follow :class:`Extractor`.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Engine, and_, delete, func, or_, select

from archive.db import make_sessionmaker
from archive.filters import apply_filters
from archive.models import FieldProvenance, ReextractRun, Site, Story, StoryVersion
from archive.record import StoryRecord
from archive.store.batch import prepare
from archive.store.reextracted import Reextracted, write_reextracted
from archive.timeutil import utcnow

__all__ = [
    "ENTRY_POINT_GROUP",
    "Extractor",
    "ReextractError",
    "Selection",
    "Summary",
    "find_warc",
    "load_extractor",
    "reextract",
]

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "archive.extractors"
# Dates from outside the page that the crawl used when the page named none.
_OUTSIDE_SOURCES = ("feed:", "sitemap:")


class Extractor(Protocol):
    """What ``archive reextract`` runs over a stored response."""

    extractor_version: int
    software_version: str

    def extract(self, path: Path, offset: int, *, url: str, site: str) -> StoryRecord | None:
        """The story of the response record at ``offset`` of ``path`` (None: no story text);
        raises when the record cannot be read."""
        ...


class ReextractError(Exception):
    """Bad input for a re-extraction (an unknown extractor): one line."""


def load_extractor(name: str, **options: Any) -> Extractor:
    """The extractor registered as ``name`` in the ``archive.extractors`` entry points, or a
    ``module:attribute`` factory, made with ``options``.

    :raises ReextractError: when there is no such extractor.
    """
    if ":" in name:
        module_name, _, attribute = name.partition(":")
        try:
            factory = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as exc:
            raise ReextractError(f"no extractor {name!r}: {exc}") from None
    else:
        found = entry_points(group=ENTRY_POINT_GROUP, name=name)
        if not found:
            known = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
            raise ReextractError(
                f"no extractor {name!r} (installed: {', '.join(known) or 'none'}; is newscrawl"
                " installed?)"
            )
        factory = next(iter(found)).load()
    extractor: Extractor = factory(**options)
    return extractor


@dataclass(frozen=True)
class Selection:
    """Which stories to read again; None does not narrow.

    ``since``/``until`` bound the publication time (or the first sighting of undated
    stories), as ``archive list`` does; ``extractor_below`` keeps the stories whose current
    version an extractor older than this version made (or an unstamped one).
    """

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    extractor_below: int | None = None

    def key(self, extractor_version: int) -> str:
        """The run's name in ``reextract_run``: the selection and the extractor's version."""
        text = (
            f"site={self.site or ''}|since={self.since.isoformat() if self.since else ''}"
            f"|until={self.until.isoformat() if self.until else ''}"
            f"|below={self.extractor_below if self.extractor_below is not None else ''}"
            f"|extractor={extractor_version}"
        )
        return text if len(text) <= 512 else hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Summary:
    """What a run did, so far.

    :ivar total: stories selected (at the start of this run, the resumed part included).
    :ivar checked: stories read again, this run and the runs it resumes.
    :ivar changed: new versions written.
    :ivar unchanged: stories whose content the extractor gives again.
    :ivar no_record: stories with no stored response (crawled without capture).
    :ivar missing: stories whose WARC file is not in the folders searched.
    :ivar unreadable: records that could not be read or extracted, with the first reasons.
    :ivar no_story: responses that give no story text now (left as they are).
    :ivar skipped: stories a crawl changed while they were read (the crawl's version stays).
    :ivar resumed_from: the story id a resumed run went on after (0: a fresh run).
    :ivar checked_before: stories the runs it resumes had read.
    """

    total: int = 0
    checked: int = 0
    changed: int = 0
    unchanged: int = 0
    no_record: int = 0
    missing: int = 0
    unreadable: int = 0
    no_story: int = 0
    skipped: int = 0
    resumed_from: int = 0
    checked_before: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    story_id: int
    url: str
    version: int
    content_hash: str
    host: str
    published_at: datetime | None
    published_source: str | None
    warc_file: str | None
    warc_offset: int | None


def find_warc(name: str, folders: Sequence[Path]) -> Path | None:
    """The WARC file called ``name`` in the first folder that has it, complete or still
    ``.open`` (a crawl that was killed: its records before the cut are whole)."""
    for folder in folders:
        for candidate in (folder / name, folder / f"{name}.open"):
            if candidate.is_file():
                return candidate
    return None


def reextract(
    engine: Engine,
    extractor: Extractor,
    selection: Selection,
    warc_dirs: Sequence[Path],
    *,
    batch_size: int = 100,
    restart: bool = False,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Read the selected stories again with ``extractor``; see the module's docstring."""
    sessions = make_sessionmaker(engine)
    key = selection.key(extractor.extractor_version)
    summary = Summary()
    with sessions.begin() as session:
        run = session.get(ReextractRun, key)
        if run is not None and restart:
            session.delete(run)
            run = None
        if run is None:
            now = utcnow()
            run = ReextractRun(
                key=key, last_story_id=0, checked=0, changed=0, started_at=now, updated_at=now
            )
            session.add(run)
        summary.resumed_from = run.last_story_id
        summary.checked = summary.checked_before = run.checked
        summary.changed = run.changed
        last_id = run.last_story_id
        remaining = session.scalar(
            select(func.count()).select_from(_selected(selection, last_id).subquery())
        )
        summary.total = summary.checked + (remaining or 0)
    while True:
        with sessions() as session:
            rows = [
                _Row(*row)
                for row in session.execute(_selected(selection, last_id).limit(batch_size))
            ]
        if not rows:
            break
        found = _read_again(extractor, rows, warc_dirs, summary)
        now = utcnow()
        with sessions.begin() as session:
            written = write_reextracted(session, found, now)
            summary.changed += written
            summary.skipped += len(found) - written
            last_id = rows[-1].story_id
            summary.checked += len(rows)
            run = session.get(ReextractRun, key, with_for_update=True)
            if run is None:  # another run of the same selection finished it meanwhile
                run = ReextractRun(key=key, started_at=now)
                session.add(run)
            run.last_story_id = last_id
            run.checked = summary.checked
            run.changed = summary.changed
            run.updated_at = now
        if progress is not None:
            progress(summary)
    with sessions.begin() as session:
        session.execute(delete(ReextractRun).where(ReextractRun.key == key))
    return summary


def _selected(selection: Selection, after_id: int) -> Any:
    """The selected stories after ``after_id``, in id order, with their current version's
    WARC record and where their publication date came from."""
    statement = (
        select(
            Story.id,
            Story.url,
            Story.version,
            Story.content_hash,
            Site.host,
            Story.published_at,
            FieldProvenance.source,
            StoryVersion.warc_file,
            StoryVersion.warc_offset,
        )
        .join(Site, Site.id == Story.site_id)
        .join(
            StoryVersion,
            and_(StoryVersion.story_id == Story.id, StoryVersion.number == Story.version),
        )
        .outerjoin(
            FieldProvenance,
            and_(FieldProvenance.story_id == Story.id, FieldProvenance.field == "published_at"),
        )
        .where(Story.id > after_id)
        .order_by(Story.id)
    )
    if selection.extractor_below is not None:
        statement = statement.where(
            or_(
                StoryVersion.extractor_version.is_(None),
                StoryVersion.extractor_version < selection.extractor_below,
            )
        )
    filtered: Any = apply_filters(
        cast(Any, statement), site=selection.site, since=selection.since, until=selection.until
    )
    return filtered


def _read_again(
    extractor: Extractor, rows: list[_Row], warc_dirs: Sequence[Path], summary: Summary
) -> list[Reextracted]:
    """Extract each row's stored response; the stories whose content changed."""
    changed = []
    now = utcnow()
    for row in rows:
        if row.warc_file is None or row.warc_offset is None:
            summary.no_record += 1
            continue
        path = find_warc(row.warc_file, warc_dirs)
        if path is None:
            summary.missing += 1
            _reason(summary, f"{row.warc_file}: not in {', '.join(map(str, warc_dirs))}")
            continue
        try:
            record = extractor.extract(path, row.warc_offset, url=row.url, site=row.host)
        except Exception as exc:  # counted, reported and the exit status says so
            summary.unreadable += 1
            _reason(summary, f"{row.url}: {str(exc).splitlines()[0] if str(exc) else exc!r}")
            continue
        if record is None:
            summary.no_story += 1
            continue
        # The story keeps its address and site, whatever the page now declares.
        record = replace(record, url=row.url, site=row.host, aliases=[], fetched_url="")
        if (
            record.published_at is None
            and row.published_at is not None
            and (row.published_source or "").startswith(_OUTSIDE_SOURCES)
        ):
            assert row.published_source is not None
            record.published_at = row.published_at
            record.provenance = {**record.provenance, "published_at": row.published_source}
        prepared = prepare(record, now)
        if prepared.content_hash == row.content_hash:
            summary.unchanged += 1
        else:
            changed.append(Reextracted(row.story_id, row.version, prepared))
    return changed


def _reason(summary: Summary, reason: str) -> None:
    if len(summary.reasons) < 5:
        summary.reasons.append(reason)
    logger.warning("reextract: %s", reason)
