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
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from . import body as body_mod
from .authors import Byline, agency_name, split_byline
from .dates import date_from_url, get_timezone, parse_date
from .document import parse_html
from .jsonld import ORGANISATION_TYPES, JsonLd, as_text, as_texts, read_jsonld, type_names
from .meta import MetaTags, Microdata, absolute, html_lang, link_hrefs
from .model import Article, ExtractOptions
from .text import clean, element_text, normalise_language, unique
from .titles import common_site_suffix, strip_site_name
from .xpath import XPath

logger = logging.getLogger(__name__)

_H1 = XPath("//h1")
_TITLE = XPath("//title")
_TIMES = XPath("//time[@datetime]")
_BYLINES = XPath(
    "//body//*[@rel='author' or contains(@class, 'byline') or contains(@class, 'author')"
    " or contains(@id, 'byline')][not(ancestor::form)]"
)
_VISIBLE_DATES = XPath(
    "//body//*[contains(@class, 'date') or contains(@class, 'time') or"
    " contains(@class, 'publish')][string-length(normalize-space()) < 80]"
)
_REL_TAGS = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
_REL_CATEGORY = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")
_CRUMB_LINKS = XPath("//body//*[contains(@class, 'crumb')]//a[@href]")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_TAG_LABEL_RE = re.compile(
    r"^(?:category|categories|topic|topics|section|tags?|keywords?):\s*", re.I
)
_MACHINE_TAG_RE = re.compile(r"^[\w.-]*(?:_|:)[\w.:-]*$")
_MODIFIED_HINT_RE = re.compile(r"modif|updat|revis", re.I)

_PUBLISHED_META = (
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "datepublished",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "cxenseparse:recs:publishtime",
    "displaydate",
)
_MODIFIED_META = (
    "article.updated",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "revised",
)
_AUTHOR_META = (
    "author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
)
_TAG_META = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags", "dc.subject")


class _Context:
    """What every field reader needs: the sources, read once."""

    def __init__(self, tree: Any, url: str, options: ExtractOptions, problems: list[str]) -> None:
        self.tree = tree
        self.url = url
        self.options = options
        self.problems = problems
        self.tz: tzinfo = get_timezone(options.timezone)
        self.now = options.now or datetime.now(UTC)
        if self.now.tzinfo is None:
            self.now = self.now.replace(tzinfo=self.tz)
        self.ld: JsonLd = read_jsonld(tree, problems, options.max_jsonld_chars)
        self.node: dict[str, Any] = self.ld.article() or {}
        pages = list(self.ld.of_type("webpage", "itempage", "newsarticle"))
        self.page_node: dict[str, Any] = pages[0] if pages else {}
        self.meta = MetaTags(tree)
        self.micro = Microdata(tree)

    def ld_values(self, *keys: str) -> Iterator[Any]:
        """Values of ``keys`` on the article node, then on the WebPage node."""
        for node in (self.node, self.page_node):
            for key in keys:
                value = node.get(key)
                if value not in (None, "", []):
                    yield value

    def site_names(self) -> list[str]:
        names = self.meta.all("og:site_name", "application-name", "twitter:site")
        for value in self.ld_values("publisher"):
            names.extend(as_texts(self.ld.resolve(value)))
        for node in self.ld.of_type("website", *ORGANISATION_TYPES):
            names.extend(as_texts(node.get("name")))
        return [n.lstrip("@") for n in names if n]


def _first(candidates: Iterable[tuple[str, Callable[[], Any]]]) -> tuple[Any, str | None]:
    """The first source whose thunk gives a truthy value."""
    for source, thunk in candidates:
        value = thunk()
        if value:
            return value, source
    return None, None


def _select_text(ctx: _Context, selector: str | None) -> str:
    if not selector:
        return ""
    for el in body_mod.select(ctx.tree, selector):
        text = clean(el.get("datetime") or el.get("content")) or element_text(el)
        if text:
            return text
    return ""


# -- title --------------------------------------------------------------------------------------


def _title(ctx: _Context) -> tuple[str | None, str | None]:
    h1s = _H1.nodes(ctx.tree)
    titles = _TITLE.nodes(ctx.tree)
    page_title = element_text(titles[0]) if titles else ""
    candidates: list[tuple[str, Callable[[], str]]] = [
        ("selector", lambda: _select_text(ctx, ctx.options.title_selector)),
        ("jsonld", lambda: as_text(ctx.node.get("headline") or ctx.node.get("name"))),
        ("microdata", lambda: next(iter(ctx.micro.texts("headline")), "")),
        ("og", lambda: (ctx.meta.first("og:title") or ("", ""))[1]),
        ("meta", lambda: (ctx.meta.first("twitter:title", "title") or ("", ""))[1]),
        ("h1", lambda: element_text(h1s[0]) if h1s else ""),
        ("title", lambda: page_title),
    ]
    value, source = _first((source, _usable_title(thunk)) for source, thunk in candidates)
    if not value:
        return None, None
    names = ctx.site_names()
    og_title = (ctx.meta.first("og:title") or ("", ""))[1]
    shared = common_site_suffix([t for t in (page_title, og_title) if t])
    if shared:
        names.append(shared)
    return strip_site_name(value, names, ctx.url), source


def _usable_title(thunk: Callable[[], str]) -> Callable[[], str]:
    def title() -> str:
        value = thunk()
        # Some CMSs put the site's address where the headline belongs.
        return "" if value.startswith(("http://", "https://", "www.")) else value

    return title


# -- authors ------------------------------------------------------------------------------------


def _ld_authors(ctx: _Context, organisations: frozenset[str]) -> Byline:
    people: list[str] = []
    agency = None
    for value in ctx.ld_values("author", "creator"):
        for item in value if isinstance(value, list) else [value]:
            item = ctx.ld.resolve(item)
            if isinstance(item, dict):
                name = as_text(item.get("name"))
                if type_names(item) & ORGANISATION_TYPES:
                    agency = agency or agency_name(name)
                    continue
                texts = [name]
            else:
                texts = as_texts(item)
            byline = split_byline(texts, organisations)
            people.extend(byline.authors)
            agency = agency or byline.agency
        if people or agency:
            break
    return Byline(unique(people), agency)


def _visible_bylines(ctx: _Context) -> list[str]:
    texts = []
    for el in _BYLINES.nodes(ctx.tree)[:20]:
        cls = (el.get("class") or "").lower()
        if "bio" in cls or "avatar" in cls:
            continue
        text = element_text(el)
        if 3 <= len(text) <= 120:
            texts.append(text)
            if len(texts) >= 3:
                break
    return texts


def _authors(ctx: _Context, article: Article) -> None:
    organisations = frozenset(n.casefold() for n in ctx.site_names())
    meta_og = [v for v in ctx.meta.all("article:author") if not v.startswith("http")]
    sources: list[tuple[str, Callable[[], Byline]]] = [
        (
            "selector",
            lambda: split_byline([_select_text(ctx, ctx.options.author_selector)], organisations),
        ),
        ("jsonld", lambda: _ld_authors(ctx, organisations)),
        ("microdata", lambda: split_byline(ctx.micro.texts("author"), organisations)),
        ("og", lambda: split_byline(meta_og, organisations)),
        ("meta", lambda: split_byline(ctx.meta.all(*_AUTHOR_META)[:3], organisations)),
        ("byline", lambda: split_byline(_visible_bylines(ctx), organisations)),
    ]
    for source, thunk in sources:
        if source == "selector" and not ctx.options.author_selector:
            continue
        byline = thunk()
        if byline.agency and not article.agency:
            article.agency = byline.agency
            article.provenance["agency"] = source
        if byline.authors:
            article.authors = byline.authors
            article.provenance["authors"] = source
            break


# -- dates --------------------------------------------------------------------------------------


def _time_elements(ctx: _Context, modified: bool) -> list[str]:
    values = []
    for el in _TIMES.nodes(ctx.tree):
        parent = el.getparent()
        hint = " ".join(
            (el.get("class") or "", el.get("itemprop") or "", parent.get("class") or "")
            if parent is not None
            else (el.get("class") or "", el.get("itemprop") or "")
        )
        if bool(_MODIFIED_HINT_RE.search(hint)) == modified:
            values.append(el.get("datetime", ""))
    return values


def _visible_dates(ctx: _Context) -> list[str]:
    return [element_text(el) for el in _VISIBLE_DATES.nodes(ctx.tree)[:10]]


def _date(
    ctx: _Context, field: str, candidates: list[tuple[str, Callable[[], list[str]]]]
) -> tuple[datetime | None, str | None]:
    for source, thunk in candidates:
        for value in thunk():
            parsed = parse_date(value, ctx.tz) if isinstance(value, str) else None
            if parsed is None:
                continue
            if parsed > ctx.now + timedelta(days=1):
                ctx.problems.append(f"{field}: date in the future rejected ({value})")
                continue
            return parsed, source
    return None, None


def _dates(ctx: _Context, article: Article) -> None:
    def ld(*keys: str) -> Callable[[], list[str]]:
        return lambda: [as_text(v) for v in ctx.ld_values(*keys)]

    published, source = _date(
        ctx,
        "published_at",
        [
            ("selector", lambda: [_select_text(ctx, ctx.options.date_selector)]),
            ("jsonld", ld("datePublished", "dateCreated", "uploadDate")),
            ("microdata", lambda: ctx.micro.texts("datePublished")),
            ("og", lambda: ctx.meta.all("article:published_time", "og:published_time")),
            ("meta", lambda: ctx.meta.all(*_PUBLISHED_META)),
            ("time", lambda: _time_elements(ctx, modified=False)),
            ("text", lambda: _visible_dates(ctx)),
        ],
    )
    if published is None:
        from_url = date_from_url(ctx.url, ctx.tz)
        if from_url is not None and from_url <= ctx.now + timedelta(days=1):
            published, source = from_url, "url"
    if published is not None and source:
        article.published_at = published
        article.provenance["published_at"] = source
    modified, source = _date(
        ctx,
        "modified_at",
        [
            ("jsonld", ld("dateModified")),
            ("microdata", lambda: ctx.micro.texts("dateModified")),
            ("og", lambda: ctx.meta.all("article:modified_time", "og:updated_time")),
            ("meta", lambda: ctx.meta.all(*_MODIFIED_META)),
            ("time", lambda: _time_elements(ctx, modified=True)),
        ],
    )
    if modified is not None and source:
        article.modified_at = modified
        article.provenance["modified_at"] = source


# -- tags, section, language, image, url, description -------------------------------------------


def _clean_tag(tag: str) -> str:
    """A tag without a "Category:" label; "" for machine labels ("@post-id:1", "ctp_video")."""
    tag = _TAG_LABEL_RE.sub("", clean(tag))
    if not tag or tag.startswith("@") or _MACHINE_TAG_RE.match(tag):
        return ""
    return tag


def _split_keywords(values: Iterable[str]) -> list[str]:
    return unique(_clean_tag(k) for v in values for k in _KEYWORD_SPLIT_RE.split(v))


def _tags(ctx: _Context, article: Article) -> None:
    value, source = _first(
        [
            ("jsonld", lambda: _split_keywords(as_texts(next(ctx.ld_values("keywords"), [])))),
            ("microdata", lambda: _split_keywords(ctx.micro.texts("keywords"))),
            ("og", lambda: _split_keywords(ctx.meta.all("article:tag"))),
            ("meta", lambda: _split_keywords(ctx.meta.all(*_TAG_META)[:1])),
            ("link", lambda: unique(element_text(a) for a in _REL_TAGS.nodes(ctx.tree)[:50])),
        ]
    )
    if value and source:
        article.tags = value
        article.provenance["tags"] = source


def _crumb_section(ctx: _Context, crumbs: list[tuple[str, str]]) -> str:
    """The last breadcrumb that is neither the home page nor the page itself."""
    home = {"home", "homepage", "start", "inicio", "início", "accueil", "startseite", "главная"}
    section = ""
    for name, href in crumbs:
        target = absolute(href, ctx.url) if href else None
        path = target.split("//", 1)[-1].partition("/")[2].strip("/") if target else "x"
        if not name or name.casefold() in home or not path or target == ctx.url:
            continue
        section = name
    return section


def _ld_breadcrumbs(ctx: _Context) -> list[tuple[str, str]]:
    for node in ctx.ld.of_type("breadcrumblist"):
        items = node.get("itemListElement")
        if not isinstance(items, list):
            continue
        crumbs = []
        for item in items:
            item = ctx.ld.resolve(item)
            if not isinstance(item, dict):
                continue
            target = ctx.ld.resolve(item.get("item"))
            name = as_text(item.get("name")) or (
                as_text(target.get("name")) if isinstance(target, dict) else ""
            )
            href = target.get("@id") or target.get("url") if isinstance(target, dict) else target
            crumbs.append((name, href if isinstance(href, str) else ""))
        # The last crumb is usually the story itself, named by its headline.
        if crumbs and crumbs[-1][0] == as_text(ctx.node.get("headline")):
            crumbs.pop()
        return crumbs
    return []


def _section(ctx: _Context) -> tuple[str | None, str | None]:
    value, source = _section_candidate(ctx)
    # A path or an address is not a section name.
    if value and str(value).startswith(("/", "http://", "https://")):
        return None, None
    return value, source


def _section_candidate(ctx: _Context) -> tuple[str | None, str | None]:
    def visible_crumbs() -> str:
        links = _CRUMB_LINKS.nodes(ctx.tree)[:10]
        return _crumb_section(ctx, [(element_text(a), a.get("href", "")) for a in links])

    return _first(
        [
            ("jsonld", lambda: as_text(next(ctx.ld_values("articleSection"), ""))),
            ("microdata", lambda: next(iter(ctx.micro.texts("articleSection")), "")),
            ("og", lambda: (ctx.meta.first("article:section") or ("", ""))[1]),
            (
                "meta",
                lambda: (ctx.meta.first("parsely-section", "section", "category") or ("", ""))[1],
            ),
            ("jsonld", lambda: _crumb_section(ctx, _ld_breadcrumbs(ctx))),
            ("link", lambda: next((element_text(a) for a in _REL_CATEGORY.nodes(ctx.tree)), "")),
            ("byline", visible_crumbs),
        ]
    )


def _image(ctx: _Context) -> tuple[str | None, str | None]:
    def ld_image() -> str:
        for value in ctx.ld_values("image", "thumbnailUrl"):
            for item in value if isinstance(value, list) else [value]:
                item = ctx.ld.resolve(item)
                if isinstance(item, dict):
                    item = item.get("url") or item.get("contentUrl") or ""
                if isinstance(item, str) and item.strip():
                    return item
        return ""

    value, source = _first(
        [
            ("jsonld", ld_image),
            ("microdata", lambda: next(iter(ctx.micro.texts("image")), "")),
            (
                "og",
                lambda: (
                    ctx.meta.first("og:image:secure_url", "og:image", "og:image:url") or ("", "")
                )[1],
            ),
            ("meta", lambda: (ctx.meta.first("twitter:image", "twitter:image:src") or ("", ""))[1]),
        ]
    )
    return (absolute(value, ctx.url), source) if value else (None, None)


def _language(ctx: _Context) -> tuple[str | None, str | None]:
    candidates: list[tuple[str, Callable[[], Any]]] = [
        ("jsonld", lambda: as_text(next(ctx.ld_values("inLanguage"), ""))),
        ("html", lambda: html_lang(ctx.tree)),
        (
            "meta",
            lambda: (ctx.meta.first("content-language", "dc.language", "language") or ("", ""))[1],
        ),
        ("og", lambda: (ctx.meta.first("og:locale") or ("", ""))[1]),
    ]
    for source, thunk in candidates:
        value = thunk()
        language = normalise_language(value.split(",")[0]) if value else None
        if language:
            return language, source
    return None, None


def _canonical(ctx: _Context) -> tuple[str, str]:
    for href in link_hrefs(ctx.tree, "canonical"):
        resolved = absolute(href, ctx.url)
        if resolved:
            return resolved, "link"
    og_url = ctx.meta.first("og:url")
    if og_url:
        resolved = absolute(og_url[1], ctx.url)
        if resolved:
            return resolved, "og"
    return ctx.url, "url"


def _set(article: Article, name: str, value: Any, source: str | None) -> None:
    if value and source:
        setattr(article, name, value)
        article.provenance[name] = source


def _fill(ctx: _Context, article: Article) -> None:
    article.url, source = _canonical(ctx)
    article.provenance["url"] = source
    _set(article, "title", *_title(ctx))
    _set(
        article,
        "description",
        *_first(
            [
                ("jsonld", lambda: as_text(ctx.node.get("description"))),
                ("microdata", lambda: next(iter(ctx.micro.texts("description")), "")),
                ("og", lambda: (ctx.meta.first("og:description") or ("", ""))[1]),
                (
                    "meta",
                    lambda: (ctx.meta.first("description", "twitter:description") or ("", ""))[1],
                ),
            ]
        ),
    )
    _authors(ctx, article)
    _dates(ctx, article)
    _tags(ctx, article)
    _set(article, "section", *_section(ctx))
    _set(article, "language", *_language(ctx))
    _set(article, "image_url", *_image(ctx))
    text, source = body_mod.extract_body(ctx.tree, ctx.options.body_selector)
    _set(article, "body", text, source)


def extract_article(
    html: str | bytes,
    url: str,
    *,
    tree: Any | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract the story of one page.

    :param html: the page as stored (bytes in any charset, or text); ignored when ``tree`` is given.
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
        _fill(_Context(tree, url, options, problems), article)
    except (RecursionError, MemoryError) as exc:
        # Pathological nesting in the HTML itself; keep what was read before it.
        problems.append(f"html: extraction stopped ({type(exc).__name__})")
    except Exception as exc:
        logger.exception("extraction failed for %s", url)
        problems.append(f"extraction failed: {type(exc).__name__}: {exc}")
    return article
