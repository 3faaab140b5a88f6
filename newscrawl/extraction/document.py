"""Turning stored bytes or text into an lxml tree, whatever state they are in."""

from __future__ import annotations

import codecs
import re

from lxml import etree, html

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


def decode_html(data: bytes, problems: list[str]) -> str:
    """Decode page bytes: BOM, then ``<meta charset>``, then UTF-8, then windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    declared = _declared_encoding(data)
    # Browsers treat a declared latin-1 as windows-1252; so do we.
    if declared in ("latin-1", "iso8859-1", "ascii"):
        declared = "cp1252"
    for encoding in dict.fromkeys(e for e in (declared, "utf-8") if e):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != (declared or "utf-8"):
            problems.append(f"charset: bytes are not {declared}; decoded as {encoding}")
        return text
    problems.append(
        f"charset: bytes are neither {declared or 'declared'} nor UTF-8; decoded as windows-1252"
    )
    return data.decode("cp1252", "replace")


def parse_html(source: str | bytes, problems: list[str]) -> html.HtmlElement | None:
    """Parse a page into its root element; ``None`` (and a reason) when nothing can be read."""
    text = decode_html(source, problems) if isinstance(source, bytes) else source
    text, count = _CONTROL_RE.subn("", text)
    if count:
        problems.append(f"html: {count} NUL or control characters removed")
    # lxml refuses text that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        problems.append("html: empty document")
        return None
    # Re-encoding lets lone surrogates become '?' instead of an exception inside lxml.
    data = text.encode("utf-8", "replace")
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        problems.append(f"html: unreadable document ({exc})")
        return None
    return root
