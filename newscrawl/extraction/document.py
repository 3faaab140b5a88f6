"""Turning stored bytes or text into an lxml tree, whatever state they are in."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from newscrawl.parsers import html_parser

from .model import Problem

# Characters libxml2 refuses or mangles: NUL and the other C0 controls except tab, LF, CR.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _declared_encoding(data: bytes) -> str | None:
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, problems: list[Problem]) -> tuple[str, str, bool]:
    """Decode page bytes: BOM, then UTF-8 when the bytes are valid UTF-8, then the
    ``<meta charset>``, then windows-1252.

    UTF-8 goes before the declaration because pages often declare latin-1 and send UTF-8,
    while text in a legacy charset is almost never valid UTF-8 by chance.

    :returns: the text, the encoding used, and whether the bytes decoded cleanly in it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding, False
    declared = _declared_encoding(data)
    # A <meta> in ASCII bytes cannot be telling the truth about UTF-16 (browsers agree).
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = "utf-8"
    # Browsers treat a declared latin-1 or ascii as windows-1252; so do we.
    if declared in ("latin-1", "iso8859-1", "ascii"):
        declared = "cp1252"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared not in (None, "utf-8") and not data.isascii():
            problems.append(Problem("charset", "mislabelled", declared))
        return text, "utf-8", True
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared, True
        except UnicodeDecodeError:
            pass
    if declared and declared != "utf-8":
        problems.append(Problem("charset", "not_as_declared", declared))
        return data.decode(declared, "replace"), declared, False
    problems.append(Problem("charset", "not_utf8"))
    return data.decode("cp1252", "replace"), "cp1252", False


def _parse_bytes(data: bytes, encoding: str, problems: list[Problem]) -> etree._Element | None:
    try:
        root = etree.fromstring(data, parser=html_parser(encoding))
    except (etree.ParserError, ValueError, LookupError) as exc:
        problems.append(Problem("html", "unreadable", str(exc)))
        return None
    if root is None:
        problems.append(Problem("html", "empty"))
    return root


def parse_html(source: str | bytes, problems: list[Problem]) -> etree._Element | None:
    """Parse a page into its root element; ``None`` (and a reason) when nothing can be read."""
    if isinstance(source, bytes):
        text, encoding, clean = decode_html(source, problems)
        # The common case: valid UTF-8 free of NULs goes to libxml2 as it is, which spares a
        # copy of the page. Other charsets go through Python's codecs, which know them all.
        if clean and encoding == "utf-8" and b"\x00" not in source:
            if not text.strip():
                problems.append(Problem("html", "empty"))
                return None
            return _parse_bytes(source, encoding, problems)
    else:
        text = source
    text, count = _CONTROL_RE.subn("", text)
    if count:
        problems.append(Problem("html", "control_characters", str(count)))
    # lxml refuses text that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        problems.append(Problem("html", "empty"))
        return None
    # Re-encoding lets lone surrogates become '?' instead of an exception inside lxml.
    return _parse_bytes(text.encode("utf-8", "replace"), "utf-8", problems)
