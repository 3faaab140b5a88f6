"""``<meta>`` tags (OpenGraph, article:*, parsely, sailthru, Dublin Core), links and microdata."""

from __future__ import annotations

from typing import Any

from .text import clean, clean_value, element_text
from .xpath import XPath

_METAS = XPath("//meta[@content]")
_LINKS = XPath("//link[@rel][@href]")
_HTML_LANG = XPath("(/html/@lang | /html/@xml:lang)[1]")
_ITEMPROPS = XPath("//*[@itemprop]")


class MetaTags:
    """Meta tag contents by lower-cased ``property``/``name``/``http-equiv``, in page order."""

    def __init__(self, tree: Any) -> None:
        self.values: dict[str, list[str]] = {}
        for el in _METAS.nodes(tree):
            content = clean_value(el.get("content"))
            if not content:
                continue
            for attr in ("property", "name", "http-equiv", "itemprop"):
                key = el.get(attr)
                if key:
                    for k in key.lower().split():
                        self.values.setdefault(k, []).append(content)

    def first(self, *keys: str) -> tuple[str, str] | None:
        """The first present key (in the order given) and its first value."""
        for key in keys:
            values = self.values.get(key)
            if values:
                return key, values[0]
        return None

    def all(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self.values.get(key, [])]


def link_hrefs(tree: Any, rel: str) -> list[str]:
    """``href``s of ``<link>`` elements whose ``rel`` contains the token ``rel``."""
    return [
        el.get("href").strip()
        for el in _LINKS.nodes(tree)
        if rel in el.get("rel", "").lower().split() and el.get("href").strip()
    ]


def html_lang(tree: Any) -> str:
    values = _HTML_LANG.nodes(tree)
    return clean(values[0]) if values else ""


class Microdata:
    """The ``itemprop`` values of the page's article-like item (or of the whole page)."""

    def __init__(self, tree: Any) -> None:
        self.values: dict[str, list[Any]] = {}
        for el in _ITEMPROPS.nodes(tree):
            for prop in el.get("itemprop", "").split():
                self.values.setdefault(prop, []).append(el)

    def elements(self, prop: str) -> list[Any]:
        return self.values.get(prop, [])

    def texts(self, prop: str) -> list[str]:
        """Values of ``prop``: the ``content``/``datetime``/``href`` attribute, else the text.

        For an ``itemscope`` (an author Person), its ``name`` property's text.
        """
        return self.texts_of(self.elements(prop))

    @staticmethod
    def texts_of(elements: list[Any]) -> list[str]:
        """The values of property ``elements``, as :meth:`texts` reads them."""
        result = []
        for el in elements:
            value = ""
            if el.get("itemscope") is not None:
                names = el.xpath(".//*[@itemprop='name']")
                value = clean(names[0].get("content")) or element_text(names[0]) if names else ""
            if not value:
                value = clean(el.get("content")) or clean(el.get("datetime"))
            if not value and el.tag in ("meta", "link", "a", "img"):
                value = clean(el.get("href") or el.get("src"))
            if not value:
                value = element_text(el)
            if value:
                result.append(value)
        return result
