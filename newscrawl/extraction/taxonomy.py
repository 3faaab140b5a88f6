"""Where the site files a story: its tags and its section (category)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newscrawl.urls import absolute_url

from .jsonld import as_text, as_texts
from .sources import first
from .text import clean, element_text, unique
from .xpath import XPath

if TYPE_CHECKING:
    from .sources import Sources

_REL_TAGS = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
_REL_CATEGORY = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")
_CRUMB_LINKS = XPath("//body//*[contains(@class, 'crumb')]//a[@href]")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_TAG_LABEL_RE = re.compile(
    r"^(?:category|categories|topic|topics|section|tags?|keywords?):\s*", re.I
)
_MACHINE_TAG_RE = re.compile(r"^[\w.-]*(?:_|:)[\w.:-]*$")
_TAG_META = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags", "dc.subject")
_HOME = frozenset(
    {"home", "homepage", "start", "inicio", "início", "accueil", "startseite", "главная"}
)


def _clean_tag(tag: str) -> str:
    """A tag without a "Category:" label; "" for machine labels ("@post-id:1", "ctp_video")."""
    tag = _TAG_LABEL_RE.sub("", clean(tag))
    if not tag or tag.startswith("@") or _MACHINE_TAG_RE.match(tag):
        return ""
    return tag


def split_keywords(values: Iterable[str]) -> list[str]:
    """Tags from keyword strings ("a, b; c"), de-duplicated case-insensitively, in order."""
    return unique(_clean_tag(k) for v in values for k in _KEYWORD_SPLIT_RE.split(v))


def read_tags(src: Sources) -> tuple[list[str] | None, str | None]:
    """The tags of the first source that has any (sources are not mixed: they disagree in
    spelling and granularity), and that source."""
    return first(
        [
            ("jsonld", lambda: split_keywords(as_texts(next(src.ld_values("keywords"), [])))),
            ("microdata", lambda: split_keywords(src.micro.texts("keywords"))),
            ("og", lambda: split_keywords(src.meta.all("article:tag"))),
            ("meta", lambda: split_keywords(src.meta.all(*_TAG_META)[:1])),
            ("link", lambda: unique(element_text(a) for a in _REL_TAGS.nodes(src.tree)[:50])),
        ]
    )


def _crumb_section(src: Sources, crumbs: list[tuple[str, str]]) -> str:
    """The last breadcrumb that is neither the home page nor the page itself."""
    section = ""
    for name, href in crumbs:
        target = absolute_url(href, src.url)
        path = target.split("//", 1)[-1].partition("/")[2].strip("/") if target else "x"
        if not name or name.casefold() in _HOME or not path or target == src.url:
            continue
        section = name
    return section


def _ld_breadcrumbs(src: Sources) -> list[tuple[str, str]]:
    for node in src.ld.of_type("breadcrumblist"):
        items = node.get("itemListElement")
        if not isinstance(items, list):
            continue
        crumbs = []
        for item in items:
            item = src.ld.resolve(item)
            if not isinstance(item, dict):
                continue
            target: Any = src.ld.resolve(item.get("item"))
            name = as_text(item.get("name"))
            if isinstance(target, dict):
                name = name or as_text(target.get("name"))
                target = target.get("@id") or target.get("url")
            crumbs.append((name, target if isinstance(target, str) else ""))
        # The last crumb is usually the story itself, named by its headline.
        if crumbs and crumbs[-1][0] == as_text(src.node.get("headline")):
            crumbs.pop()
        return crumbs
    return []


def read_section(src: Sources) -> tuple[str | None, str | None]:
    """The section: declared (JSON-LD, microdata, article:section, meta), else breadcrumbs."""

    def visible_crumbs() -> str:
        links = _CRUMB_LINKS.nodes(src.tree)[:10]
        return _crumb_section(src, [(element_text(a), a.get("href", "")) for a in links])

    value, source = first(
        [
            ("jsonld", lambda: as_text(next(src.ld_values("articleSection"), ""))),
            ("microdata", lambda: next(iter(src.micro.texts("articleSection")), "")),
            ("og", lambda: src.meta_value("article:section")),
            ("meta", lambda: src.meta_value("parsely-section", "section", "category")),
            ("jsonld", lambda: _crumb_section(src, _ld_breadcrumbs(src))),
            ("link", lambda: next((element_text(a) for a in _REL_CATEGORY.nodes(src.tree)), "")),
            ("byline", visible_crumbs),
        ]
    )
    # A path or an address is not a section name.
    if value and str(value).startswith(("/", "http://", "https://")):
        return None, None
    return value, source
