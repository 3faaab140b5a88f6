"""Reading untrusted feed and sitemap bytes into an lxml tree without surprises.

Gzip is detected by its magic bytes (a ``.gz`` sitemap served without Content-Encoding), the
encoding is checked against the bytes (declarations lie), entities are never expanded (an
entity bomb stays a handful of unexpanded references), nothing is fetched from the network,
and a broken document is recovered as far as it goes. Every surprise is told in ``problems``.
"""

from __future__ import annotations

import codecs
import re
import zlib
from html.entities import name2codepoint

from lxml import etree, html

from newscrawl.extraction.text import clean
from newscrawl.parsers import xml_parser, xml_pull_parser

#: Uncompressed bytes read per document: the sitemap protocol's 50 MB limit, also applied to
#: feeds, so a gzip bomb stops here.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_XML_DECLARATION_RE = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_ENTITY_REF_RE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
# A DOCTYPE with an internal subset that declares entities, after the XML declaration,
# comments and processing instructions that may precede it.
_ENTITY_DOCTYPE_RE = re.compile(
    rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*"
    rb"(?P<doctype><!DOCTYPE[^\[>]*\[(?=[^\]]*<!ENTITY)[^\]]*\]\s*>)",
    re.S | re.I,
)
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
# What the parser is told the bytes are: _to_utf8 makes them so, whatever they declare.
_ENCODING = "utf-8"


def gunzip(data: bytes, problems: list[str]) -> bytes:
    """``data`` decompressed when it is gzip, at most :data:`MAX_DOCUMENT_BYTES` of it."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    out = bytearray()
    rest = data
    # Concatenated gzip members are one valid gzip stream (gzip(1) and some CMSes write them).
    while rest.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, MAX_DOCUMENT_BYTES + 1 - len(out))
        except zlib.error as error:
            problems.append(f"gzip: corrupt data ({error}); read what came before")
            break
        if len(out) > MAX_DOCUMENT_BYTES:
            problems.append(f"gzip: over {MAX_DOCUMENT_BYTES} bytes uncompressed; read the start")
            del out[MAX_DOCUMENT_BYTES:]
            break
        if not inflater.eof:
            problems.append("gzip: truncated stream; read what came before")
            break
        rest = inflater.unused_data
    return bytes(out)


def _to_utf8(data: bytes, problems: list[str]) -> bytes:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    match = _XML_DECLARATION_RE.match(data)
    declared = match.group(1).decode("ascii") if match else None
    try:
        codec = codecs.lookup(declared).name if declared else "utf-8"
    except LookupError:
        problems.append(f"unknown declared encoding {declared!r}")
        codec = "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if codec != "utf-8":
            return data.decode(codec, errors="replace").encode("utf-8")
        if error.start >= len(data) - 3:
            # A file cut in the middle of a character: UTF-8 all the same.
            return data.decode("utf-8", errors="ignore").encode("utf-8")
        # Declared (or defaulting to) UTF-8 yet not UTF-8: most often Windows-1252 from a CMS.
        problems.append("encoding: the bytes are not UTF-8; read as windows-1252")
        return data.decode("cp1252", errors="replace").encode("utf-8")
    # Non-ASCII bytes that happen to form valid UTF-8 are almost never Latin-1 or
    # Windows-1252 text, so a single-byte declaration on them is the mistake.
    if codec != "utf-8" and not data.isascii() and not codec.startswith(("utf_16", "utf_32")):
        problems.append(f"encoding: declared {declared}, but the bytes are UTF-8; read as UTF-8")
    return data


def _html_entities_to_numeric(data: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode("ascii")
        if name in _XML_ENTITIES or name not in name2codepoint:
            return match.group(0)
        return b"&#%d;" % name2codepoint[name]

    return _ENTITY_REF_RE.sub(replace, data)


def read_xml(
    data: bytes, url: str, problems: list[str], entries: frozenset[str]
) -> etree._Element | None:
    """The root element of the XML document in ``data``, or None with the reason in ``problems``.

    ``entries`` names the elements that hold one entry each (``item``, ``url``...): a document
    cut short keeps the entries completed before the cut and loses the one it cut, so no
    truncated URL or title is ever read as a real one.
    """
    data = gunzip(data, problems)
    if not data.strip():
        problems.append("empty document")
        return None
    if _HTML_START_RE.match(data[:4096]):
        problems.append("an HTML page, not XML")
        return None
    data = _to_utf8(data, problems)
    doctype = _ENTITY_DOCTYPE_RE.match(data)
    if doctype is not None:
        # No feed or sitemap needs its own entities; declaring them is how entity bombs
        # work, and libxml2 then refuses the whole document. Their references are dropped.
        problems.append("entity declarations removed; their references dropped")
        data = data[: doctype.start("doctype")] + data[doctype.end() :]
    try:
        return etree.fromstring(data, xml_parser(_ENCODING), base_url=url)
    except etree.XMLSyntaxError as error:
        message = str(error)
        undeclared = _undeclared_entity(error)
    if undeclared:
        # &nbsp; and friends, copied from HTML into a feed with no DTD to define them.
        data = _html_entities_to_numeric(data)
        try:
            root = etree.fromstring(data, xml_parser(_ENCODING), base_url=url)
        except etree.XMLSyntaxError as error:
            message = str(error)
            undeclared = _undeclared_entity(error)
        else:
            problems.append("HTML named entities read as characters")
            return root
    if undeclared:
        # The recovering parser drops references it cannot resolve and reads on.
        problems.append(f"undefined entities dropped ({message})")
        try:
            return etree.fromstring(data, xml_parser(_ENCODING, recover=True), base_url=url)
        except etree.XMLSyntaxError:
            return None
    root = _complete_part(data, url, entries)
    if root is None:
        problems.append(f"not XML ({message})")
    else:
        problems.append(f"malformed XML ({message}); read the entries before the error")
    return root


def _undeclared_entity(error: etree.XMLSyntaxError) -> bool:
    # The exception's own code, not its error_log, which holds earlier parses' errors too.
    return bool(getattr(error, "code", None) == etree.ErrorTypes.ERR_UNDECLARED_ENTITY)


def _complete_part(data: bytes, url: str, entries: frozenset[str]) -> etree._Element | None:
    """The document up to its first error, without the entry the error interrupted."""
    parser = xml_pull_parser(_ENCODING, url)
    root: etree._Element | None = None
    closed: set[etree._Element] = set()
    try:
        parser.feed(data)
        parser.close()
    except etree.XMLSyntaxError:
        pass
    for event, element in parser.read_events():
        if not isinstance(element, etree._Element):
            continue
        if root is None:
            root = element
        if event == "end":
            closed.add(element)
    if root is None:
        return None
    for element in list(root.iter()):
        if element not in closed and localname(element) in entries:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    return root


def localname(element: etree._Element) -> str:
    """The tag without namespace or an undeclared ``prefix:`` (sitemaps that forget xmlns)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]


def text_of(element: etree._Element | None) -> str:
    """The element's text, whitespace collapsed; entity references are skipped, never expanded."""
    if element is None:
        return ""
    return clean(_raw_text(element))


def _raw_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        # Entity references (and anything else that is not an element) give only their tail.
        if isinstance(child.tag, str):
            parts.append(_raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment (an RSS description), whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return clean(markup)
    try:
        fragment = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean(markup)
    for junk in fragment.xpath(".//script | .//style"):
        junk.drop_tree()
    return clean(fragment.text_content())
