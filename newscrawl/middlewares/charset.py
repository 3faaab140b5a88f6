"""Pages whose header names the wrong charset are read in the charset of their bytes.

A server that says ``charset=utf-8`` in front of a page written in windows-1252 (an old CMS
behind a new proxy) would have every accented letter of the story replaced by U+FFFD. When
the bytes are not valid in the charset the header names, the page's own ``<meta charset>``
is tried, then the charset detected from the bytes (Scrapy's detection, as for a page that
names none). A page that names no charset at all is Scrapy's: the ``<meta>``, a byte order
mark, then detection.

Stats: ``newscrawl/charset/mismatch``.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes
from scrapy.http import TextResponse

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def body_encoding(body: bytes, declared: str | None) -> str:
    """The charset ``body`` is written in: ``declared`` (the page's own ``<meta>``) when the
    bytes decode in it, else the one detected, else windows-1252 (the web's fallback)."""
    if declared and _decodes(body, declared):
        return declared
    match = from_bytes(body[:65536]).best()
    if match is not None and _decodes(body, match.encoding):
        return match.encoding
    return "cp1252"


class CharsetMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        header = response._headers_encoding()
        if not header or response._bom_encoding() or _decodes(response.body, header):
            return response
        encoding = body_encoding(response.body, response._body_declared_encoding())
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/charset/mismatch")
        return response.replace(encoding=encoding)
