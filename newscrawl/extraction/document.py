"""Turning stored bytes or text into an lxml tree, whatever state they are in."""

from __future__ import annotations

import codecs
import re

from lxml import etree

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


def decode_html(data: bytes, problems: list[str]) -> tuple[str, str, bool]:
    """Decode page bytes: BOM, then ``<meta charset>``, then UTF-8, then windows-1252.

    :returns: the text, the encoding used, and whether the bytes decoded cleanly in it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding, False
    declared = _declared_encoding(data)
    # Browsers treat a declared latin-1 or ascii as windows-1252; so do we.
    if declared in ("latin-1", "iso8859-1", "ascii"):
        declared = "cp1252"
    for encoding in dict.fromkeys(e for e in (declared, "utf-8") if e):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != (declared or "utf-8"):
            problems.append(f"charset: bytes are not {declared}; decoded as {encoding}")
        return text, encoding, True
    problems.append(
        f"charset: bytes are neither {declared or 'declared'} nor UTF-8; decoded as windows-1252"
    )
    return data.decode("cp1252", "replace"), "cp1252", False


def _parse_bytes(data: bytes, encoding: str, problems: list[str]) -> etree._Element | None:
    # A plain etree parser: lxml.html's element classes cost a Python look-up per element.
    # huge_tree as parsel sets it: without it libxml2 drops everything below depth 256.
    parser = etree.HTMLParser(
        encoding=encoding, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, LookupError) as exc:
        problems.append(f"html: unreadable document ({exc})")
        return None
    if root is None:
        problems.append("html: empty document")
    return root


def parse_html(source: str | bytes, problems: list[str]) -> etree._Element | None:
    """Parse a page into its root element; ``None`` (and a reason) when nothing can be read."""
    if isinstance(source, bytes):
        text, encoding, clean = decode_html(source, problems)
        # The common case: bytes valid in an ASCII-compatible charset and free of NULs go
        # to libxml2 as they are, which spares a copy of the page.
        if clean and b"\x00" not in source and not encoding.startswith("utf-16"):
            if not text.strip():
                problems.append("html: empty document")
                return None
            return _parse_bytes(source, encoding, problems)
    else:
        text = source
    text, count = _CONTROL_RE.subn("", text)
    if count:
        problems.append(f"html: {count} NUL or control characters removed")
    # lxml refuses text that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        problems.append("html: empty document")
        return None
    # Re-encoding lets lone surrogates become '?' instead of an exception inside lxml.
    return _parse_bytes(text.encode("utf-8", "replace"), "utf-8", problems)
