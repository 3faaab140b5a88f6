"""What the WARC tests share: a captured crawl, the archive's versions, the warcio tools."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.db import make_engine, make_sessionmaker
from archive.models import Site, Story, StoryVersion
from archive.query import iter_export
from demosite.process import RunningSite

WARCIO = str(Path(sys.executable).with_name("warcio"))
ARCHIVE = str(Path(sys.executable).with_name("archive"))
# Fields of an export that depend on when or in which order a story was stored, not on it.
UNSTABLE = ("id", "cluster_id", "first_seen_at", "last_seen_at", "versions")


@dataclass(frozen=True)
class Captured:
    """A crawl of the demo site with WARC capture: its archive and its WARC folder."""

    site: RunningSite
    db: Path
    warc_dir: Path

    @property
    def archive_url(self) -> str:
        return f"sqlite:///{self.db}"

    def files(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WARCIO, *args], capture_output=True, text=True, timeout=120)


def archive_command(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ARCHIVE, *args], capture_output=True, text=True, timeout=timeout)


def versions(archive_url: str) -> dict[str, list[dict[str, Any]]]:
    """Each story's versions (by URL), oldest first, with the stamps and the WARC record."""
    engine = make_engine(archive_url)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        with make_sessionmaker(engine)() as session:
            rows = session.execute(
                select(Story.url, Site.host, StoryVersion)
                .join(Site, Site.id == Story.site_id)
                .join(StoryVersion, StoryVersion.story_id == Story.id)
                .order_by(Story.url, StoryVersion.number)
            )
            for url, host, version in rows:
                found.setdefault(url, []).append(
                    {
                        "site": host,
                        "number": version.number,
                        "title": version.title,
                        "section": version.section,
                        "content_hash": version.content_hash,
                        "origin": version.origin,
                        "extractor_version": version.extractor_version,
                        "software_version": version.software_version,
                        "warc_file": version.warc_file,
                        "warc_offset": version.warc_offset,
                        "warc_record_id": version.warc_record_id,
                    }
                )
    finally:
        engine.dispose()
    return found


def exported(archive_url: str) -> dict[str, dict[str, Any]]:
    """The archive's export by URL, without what depends on when a story was stored."""
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            records = {record.url: asdict(record) for record in iter_export(session)}
    finally:
        engine.dispose()
    for record in records.values():
        for key in UNSTABLE:
            record.pop(key, None)
    return records


def clusters(archive_url: str) -> set[frozenset[str]]:
    """The near-duplicate clusters, as sets of URLs."""
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            groups: dict[int, set[str]] = {}
            for record in iter_export(session):
                if record.cluster_id is not None:
                    groups.setdefault(record.cluster_id, set()).add(record.url)
    finally:
        engine.dispose()
    return {frozenset(group) for group in groups.values()}
