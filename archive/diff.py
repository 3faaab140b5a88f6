"""What changed between two versions of a story: word counts, a summary line, a word diff.

Pure functions over plain values; the writer summarises each new version with
:func:`summarise`, and ``archive diff`` renders :func:`word_diff`.

A change is *trivial* when every field has the same words in the same order and only
punctuation (or spacing, which never makes a version) differs: ``"Tax rates rise."`` ->
``"Tax rates rise!"``. Such changes are still stored as versions, flagged ``trivial``, so the
archive keeps exactly what each page said; history and diff can leave them out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from archive.record import HASHED_FIELDS

__all__ = [
    "SUMMARY_FIELDS",
    "Change",
    "render_diff",
    "summarise",
    "word_diff",
    "words",
]

#: The fields of a version that decide whether it changed (those of the content hash).
SUMMARY_FIELDS = HASHED_FIELDS
_TEXT_FIELDS = ("title", "body", "authors", "tags", "section")

_WORD = re.compile(r"\w+")
# The length of ``story_version.summary``.
_SUMMARY_LENGTH = 255


@dataclass(frozen=True)
class Change:
    """How a version differs from the one before it."""

    fields: tuple[str, ...]
    words_added: int
    words_removed: int
    trivial: bool

    @property
    def summary(self) -> str:
        """One line: ``"title, body: +12 -3 words"``, ``"body: punctuation only"``."""
        if not self.fields:
            return "no change"
        names = ", ".join(self.fields)
        if self.trivial:
            text = f"{names}: punctuation only"
        elif self.words_added or self.words_removed:
            text = f"{names}: +{self.words_added} -{self.words_removed} words"
        else:
            text = f"{names} changed"
        return text[:_SUMMARY_LENGTH]


def words(value: Any) -> list[str]:
    """The whitespace-separated words of a field; lists (authors, tags) are joined first."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [word for item in value for word in str(item).split()]
    if isinstance(value, datetime):
        return [value.isoformat()]
    return str(value).split()


def _bare(value: Any) -> list[str]:
    """The words without punctuation, to tell a trivial change from a real one."""
    return _WORD.findall(" ".join(words(value)))


def summarise(old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    """Compare two versions given as mappings with the :data:`SUMMARY_FIELDS` keys."""
    fields: list[str] = []
    added = removed = 0
    trivial = True
    for name in SUMMARY_FIELDS:
        before, after = old.get(name), new.get(name)
        if _same(before, after):
            continue
        fields.append(name)
        if name not in _TEXT_FIELDS or _bare(before) != _bare(after):
            trivial = False
        if name in _TEXT_FIELDS:
            plus, minus = _count(words(before), words(after))
            added += plus
            removed += minus
    return Change(tuple(fields), added, removed, trivial and bool(fields))


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, list | tuple) or isinstance(after, list | tuple):
        return list(before or []) == list(after or [])
    if isinstance(before, str) or isinstance(after, str):
        return words(before) == words(after)
    return bool(before == after)


def _count(before: Sequence[str], after: Sequence[str]) -> tuple[int, int]:
    added = removed = 0
    for tag, i1, i2, j1, j2 in _matcher(before, after).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def _matcher(before: Sequence[str], after: Sequence[str]) -> difflib.SequenceMatcher[str]:
    # No autojunk: in a long article, common words would otherwise count as changed.
    return difflib.SequenceMatcher(None, before, after, autojunk=False)


def word_diff(before: str | None, after: str | None) -> Iterator[tuple[str, str]]:
    """``(op, text)`` pieces, ``op`` one of ``"="``, ``"-"``, ``"+"``; words joined by spaces.

    Paragraph breaks are kept as ``"\\n\\n"`` words so the rendered diff keeps its shape.
    """
    old = _paragraph_words(before or "")
    new = _paragraph_words(after or "")
    for tag, i1, i2, j1, j2 in _matcher(old, new).get_opcodes():
        if tag == "equal":
            yield "=", _join(old[i1:i2])
            continue
        if i2 > i1:
            yield "-", _join(old[i1:i2])
        if j2 > j1:
            yield "+", _join(new[j1:j2])


def _paragraph_words(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if out:
            out.append("\n\n")
        out.extend(paragraph.split())
    return out


def _join(items: Sequence[str]) -> str:
    return " ".join(items).replace(" \n\n ", "\n\n").replace("\n\n ", "\n\n")


_COLOURS = {"-": ("\x1b[31;9m", "\x1b[0m"), "+": ("\x1b[32;1m", "\x1b[0m")}
_MARKERS = {"-": ("[-", "-]"), "+": ("{+", "+}")}


def render_diff(before: str | None, after: str | None, *, colour: bool = False) -> str:
    """The word diff as text: ``[-removed-]{+added+}`` markers, or ANSI colours for a tty."""
    marks = _COLOURS if colour else _MARKERS
    parts: list[str] = []
    for op, text in word_diff(before, after):
        if op == "=":
            parts.append(text)
        else:
            start, end = marks[op]
            parts.append(f"{start}{text}{end}")
    return " ".join(part for part in parts if part).replace(" \n\n", "\n\n")
