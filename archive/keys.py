"""The archive's identity keys: what makes two tags one tag and two bodies one content.

Shared by the writer (which stores them) and the readers (which look rows up by them), so both
sides always agree.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime

from archive.timeutil import iso_z

_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def squash(text: str | None) -> str:
    """Runs of whitespace as one space, trimmed; ``None`` as ``""``."""
    return _SPACES.sub(" ", text or "").strip()


def tag_key(name: str) -> str:
    """The case-insensitive identity of a tag: ``"Climate  Change"`` -> ``"climate change"``."""
    return squash(name).casefold()


def body_key(body: str) -> str:
    """A body with spacing normalised inside lines and runs of blank lines made one."""
    lines = (squash(line) for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(
    *,
    title: str | None,
    body: str,
    authors: Sequence[str],
    tags: Sequence[str],
    section: str | None,
    published_at: datetime | None,
    modified_at: datetime | None,
) -> str:
    """SHA-256 of the normalised content that decides whether a story changed.

    Its arguments are :data:`archive.record.HASHED_FIELDS`. Whitespace and tag case do not
    count: re-extracting the same page must not make a version.
    """
    payload = {
        "title": squash(title),
        "body": body_key(body),
        "authors": [squash(name) for name in authors],
        "published_at": iso_z(published_at) if published_at else None,
        "modified_at": iso_z(modified_at) if modified_at else None,
        "tags": [tag_key(tag) for tag in tags],
        "section": squash(section),
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
