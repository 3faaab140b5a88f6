"""Stories waiting for the archive: a local file that survives a crash and a database outage.

While the database is unreachable, :class:`archive.writer.ArchiveWriter` appends each batch
here (JSON lines, flushed and fsynced before the crawl moves on) and writes the spool back when
the database returns, before anything newer; the next crawl into the same archive does so
first, and so does ``archive replay FILE``, which also reads a failed-stories file (the same
lines with an ``error`` key).

A crash while appending can leave a torn last line: it is skipped with a warning (its stories
were not acknowledged, so the crawl that wrote them had not counted them as kept). What is left
after a partial write-back is rewritten atomically (a new file renamed over the old one).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.jsonvalue import json_safe
from archive.record import StoryRecord, cleaned

__all__ = ["Spool", "SpoolError", "dump_story", "load_story", "read_stories", "spool_path"]

logger = logging.getLogger(__name__)

_FIELDS = {f.name for f in fields(StoryRecord)}
_DATETIMES = ("published_at", "modified_at", "fetched_at")


class SpoolError(Exception):
    """A spool or failed-stories file that cannot be read; the message names file and line."""


def spool_path(folder: Path, archive_url: str) -> Path:
    """The spool of the archive at ``archive_url`` (one per archive) in ``folder``."""
    digest = hashlib.sha256(archive_url.encode()).hexdigest()[:16]
    return folder / f"archive-{digest}.jsonl"


def dump_story(story: StoryRecord, **extra: Any) -> str:
    """One JSON line; escaped to ASCII, so any text (a lone surrogate too) can be written."""
    return json.dumps(json_safe(cleaned(story)) | extra, ensure_ascii=True) + "\n"


def load_story(data: dict[str, Any]) -> StoryRecord:
    """A story from :func:`dump_story`'s JSON; keys that are no field (``error``) are ignored."""
    values = {key: value for key, value in data.items() if key in _FIELDS}
    for name in _DATETIMES:
        if isinstance(values.get(name), str):
            values[name] = datetime.fromisoformat(values[name].replace("Z", "+00:00"))
    return cleaned(StoryRecord(**values))


def read_stories(path: Path) -> Iterator[StoryRecord]:
    """The stories of a spool or failed-stories file, in order.

    :raises SpoolError: for a line that is not a story (except a torn last line).
    """
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as exc:
        raise SpoolError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            story = load_story(data)
        except (ValueError, TypeError) as exc:
            if number == len(lines) - 1:  # no newline after it: its write was cut short
                logger.warning("%s: skipped a torn last line (a crash while writing it)", path)
                continue
            raise SpoolError(f"{path}, line {number + 1}: not a story ({exc})") from exc
        yield story


class Spool:
    """The stories of one archive that wait for it, in ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.pending = self._count()

    def _count(self) -> int:
        if not self.path.exists():
            return 0
        return sum(1 for line in self.path.read_bytes().split(b"\n") if line.strip())

    def append(self, stories: Sequence[StoryRecord]) -> None:
        """Add ``stories``; on disk (fsynced) when this returns."""
        if not stories:
            return
        data = "".join(dump_story(story) for story in stories).encode("ascii")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            self.pending += len(stories)

    def read(self) -> list[StoryRecord]:
        with self._lock:
            if not self.path.exists():
                return []
            return list(read_stories(self.path))

    def keep_only(self, stories: Sequence[StoryRecord]) -> None:
        """Replace the spool by ``stories`` (what is left after a partial write-back)."""
        with self._lock:
            if not stories:
                self.path.unlink(missing_ok=True)
                self.pending = 0
                return
            temporary = self.path.with_suffix(".tmp")
            with temporary.open("wb") as out:
                out.write("".join(dump_story(story) for story in stories).encode("ascii"))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
            self.pending = len(stories)
