"""Small text helpers shared by the extraction modules."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

_SPACE_RE = re.compile(r"\s+")


def words(text: str) -> frozenset[str]:
    """A set of words written as one string (long vocabularies stay readable)."""
    return frozenset(text.split())


def clean(value: Any) -> str:
    """Whitespace collapsed and stripped; non-strings give ``""``."""
    if not isinstance(value, str):
        return ""
    return _SPACE_RE.sub(" ", value).strip()


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
