"""``extract_article``: every field of one story page, each from the best source that has it.

Sources, in order of trust (the first that yields a usable value wins; ``provenance`` names it):

1. ``selector``: a site profile's selector from :class:`ExtractOptions`, when given.
2. ``jsonld``: JSON-LD, every block (arrays, ``@graph``, ``@id`` references resolved); the
   article-typed node first, then the WebPage node for dates.
3. ``microdata``: ``itemprop`` values (headline, author, datePublished, keywords...).
4. ``og``: OpenGraph and its ``article:*`` properties.
5. ``meta``: other ``<meta>`` names: author, keywords, news_keywords, description, parsely-*,
   sailthru.*, dc.* / dcterms.*, date variants; ``link``: ``<link rel=canonical>``.
6. ``time``: ``<time datetime>`` elements.
7. ``byline`` / ``text``: visible bylines and dates; ``h1`` / ``title`` for the headline;
   ``html`` for ``<html lang>``; ``body`` for the story text.
8. ``url``: the date in the URL path (``/2022/05/26/``).

Published and modified dates are kept apart; a date more than a day in the future is rejected
and the rejection recorded in ``problems``. Nothing raises: unreadable parts are skipped with a
reason in ``problems``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from newscrawl.urls import absolute_url

from .authors import read_authors
from .body import extract_body
from .dates import read_dates
from .document import parse_html
from .jsonld import as_text
from .meta import html_lang, link_hrefs
from .model import Article, ExtractOptions, Problem
from .sources import Sources, first
from .taxonomy import read_section, read_tags
from .text import normalise_language
from .titles import read_title

logger = logging.getLogger(__name__)


def _description(src: Sources) -> tuple[str | None, str | None]:
    return first(
        [
            ("jsonld", lambda: as_text(src.node.get("description"))),
            ("microdata", lambda: next(iter(src.micro.texts("description")), "")),
            ("og", lambda: src.meta_value("og:description")),
            ("meta", lambda: src.meta_value("description", "twitter:description")),
        ]
    )


def _image(src: Sources) -> tuple[str | None, str | None]:
    def ld_image() -> str:
        for value in src.ld_values("image", "thumbnailUrl"):
            for item in value if isinstance(value, list) else [value]:
                item = src.ld.resolve(item)
                if isinstance(item, dict):
                    item = item.get("url") or item.get("contentUrl") or ""
                if isinstance(item, str) and item.strip():
                    return item
        return ""

    value, source = first(
        [
            ("jsonld", ld_image),
            ("microdata", lambda: next(iter(src.micro.texts("image")), "")),
            ("og", lambda: src.meta_value("og:image:secure_url", "og:image", "og:image:url")),
            ("meta", lambda: src.meta_value("twitter:image", "twitter:image:src")),
        ]
    )
    return (absolute_url(value, src.url), source) if value else (None, None)


def _language(src: Sources) -> tuple[str | None, str | None]:
    candidates: list[tuple[str, Callable[[], Any]]] = [
        ("jsonld", lambda: as_text(next(src.ld_values("inLanguage"), ""))),
        ("html", lambda: html_lang(src.tree)),
        ("meta", lambda: src.meta_value("content-language", "dc.language", "language")),
        ("og", lambda: src.meta_value("og:locale")),
    ]
    for source, thunk in candidates:
        value = thunk()
        language = normalise_language(value.split(",")[0]) if value else None
        if language:
            return language, source
    return None, None


def _canonical(src: Sources) -> tuple[str, str]:
    for href in link_hrefs(src.tree, "canonical"):
        resolved = absolute_url(href, src.url)
        if resolved:
            return resolved, "link"
    og_url = src.meta_value("og:url")
    resolved = absolute_url(og_url, src.url) if og_url else None
    if resolved:
        return resolved, "og"
    return src.url, "url"


def _set(article: Article, name: str, value: Any, source: str | None) -> None:
    if value and source:
        setattr(article, name, value)
        article.provenance[name] = source


def _fill(src: Sources, article: Article) -> None:
    article.url, article.provenance["url"] = _canonical(src)
    _set(article, "title", *read_title(src))
    _set(article, "description", *_description(src))
    read_authors(src, article)
    read_dates(src, article)
    _set(article, "tags", *read_tags(src))
    _set(article, "section", *read_section(src))
    _set(article, "language", *_language(src))
    _set(article, "image_url", *_image(src))
    _set(article, "body", *extract_body(src.tree, src.options.body_selector))


def extract_article(
    html: str | bytes,
    url: str,
    *,
    tree: Any | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract the story of one page.

    :param html: the page as stored (bytes in any charset, or text); ignored when ``tree`` is
        given.
    :param url: the address the page was fetched from; relative links resolve against it.
    :param tree: the page already parsed by lxml (Scrapy's ``response.selector.root``); it is
        only read, never modified.
    :param options: timezone, site-profile selectors, the clock.
    """
    options = options or ExtractOptions()
    article = Article(url=url)
    problems = article.problems
    if tree is None:
        tree = parse_html(html, problems)
        if tree is None:
            return article
    try:
        _fill(Sources(tree, url, options, problems), article)
    except (RecursionError, MemoryError) as exc:
        # Pathological nesting in the HTML itself; keep what was read before it.
        problems.append(Problem("html", "stopped", type(exc).__name__))
    except Exception as exc:
        # One odd page must never stop a crawl: report it and keep what was read.
        logger.exception("extraction failed for %s", url)
        problems.append(Problem("page", "failed", f"{type(exc).__name__}: {exc}"))
    # A value read twice (published_at is also the fallback of modified_at) is reported once.
    article.problems[:] = dict.fromkeys(problems)
    return article
