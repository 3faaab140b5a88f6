"""The lxml parsers for documents from the network, set up in this one place.

XML (feeds, sitemaps) is parsed hardened: entities are never expanded (an entity bomb stays a
handful of unexpanded references), no DTD is loaded and nothing is fetched from the network,
and libxml2's limits on depth and text size stay on. HTML pages are parsed without the depth
limit, as parsel does: with it libxml2 drops everything below depth 256 of a real page, and
its HTML parser neither loads DTDs nor expands declared entities anyway.
"""

from __future__ import annotations

from typing import Any, TypeVar

from lxml import etree

_XMLParser = TypeVar("_XMLParser", bound=etree.XMLParser)


def _hardened(kind: type[_XMLParser], encoding: str, **options: Any) -> _XMLParser:
    return kind(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        **options,
    )


def xml_parser(encoding: str, *, recover: bool = False) -> etree.XMLParser:
    """A hardened parser for bytes in ``encoding``; ``recover`` reads on past errors."""
    return _hardened(etree.XMLParser, encoding, recover=recover)


def xml_pull_parser(encoding: str, base_url: str) -> etree.XMLPullParser:
    """A hardened parser fed bytes in ``encoding``, reporting ``start`` and ``end`` events."""
    return _hardened(etree.XMLPullParser, encoding, events=("start", "end"), base_url=base_url)


def html_parser(encoding: str) -> etree.HTMLParser:
    """A parser for HTML pages in ``encoding``, comments and processing instructions left out.

    A plain etree parser: lxml.html's element classes cost a Python look-up per element.
    """
    return etree.HTMLParser(
        encoding=encoding, remove_comments=True, remove_pis=True, huge_tree=True, no_network=True
    )
