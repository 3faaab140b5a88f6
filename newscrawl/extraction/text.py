"""Text normalising for every stage that handles text (extraction, discovery, the pipeline),
and the small text helpers of extraction.

- :func:`clean`: whitespace collapsed; what extraction and discovery apply to what they read.
- :func:`normalise_text`, :func:`normalise_body`, :func:`normalise_list`: also Unicode NFC and
  no invisible characters; what a story is stored with.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# Zero-width characters, byte-order marks and C0/C1 controls except tab and newline.
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAGRAPH_BREAK_RE = re.compile(r"\s*\n\s*\n\s*")


def words(text: str) -> frozenset[str]:
    """A set of words written as one string (long vocabularies stay readable)."""
    return frozenset(text.split())


def clean(value: Any) -> str:
    """Whitespace collapsed and stripped; non-strings give ``""``."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())


def _visible(text: str) -> str:
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def normalise_text(text: str | None) -> str:
    """One line of text: NFC, no invisible characters, whitespace collapsed to single spaces."""
    return clean(_visible(text)) if text else ""


def normalise_body(body: str) -> str:
    """Body text: paragraphs kept (one blank line between), each normalised as one line."""
    # Invisible characters go first, so that a line holding only a zero-width space still
    # separates paragraphs.
    body = _visible(body.replace("\r\n", "\n"))
    paragraphs = (clean(p) for p in _PARAGRAPH_BREAK_RE.split(body))
    return "\n\n".join(p for p in paragraphs if p)


def normalise_list(values: Iterable[str]) -> list[str]:
    """Each value normalised, empty values and case-insensitive repeats dropped, order kept."""
    return unique(normalise_text(value) for value in values)


def clean_value(value: Any) -> str:
    """:func:`clean` for values written into attributes or JSON, where CMSs often leave HTML
    entities escaped once too often ("&#8217;", "&amp;amp;")."""
    text = clean(value)
    return clean(html.unescape(text)) if "&" in text else text


def element_text(el: Any) -> str:
    """The collapsed text of an element, or of an attribute/text result of an XPath."""
    if isinstance(el, str):
        return clean(el)
    try:
        return clean("".join(el.itertext()))
    except (AttributeError, TypeError, ValueError):
        return ""


def unique(values: Iterable[str]) -> list[str]:
    """Values in order without case-insensitive duplicates or empties."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            result.append(value)
    return result


def normalise_language(value: str) -> str | None:
    """``en_us`` -> ``en-US``, ``pt-br`` -> ``pt-BR``, ``zh-hant-tw`` -> ``zh-Hant-TW``."""
    parts = [p for p in re.split(r"[-_]", value.strip()) if p]
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    result = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            result.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            result.append(part.upper())
        else:
            break
    return "-".join(result)
