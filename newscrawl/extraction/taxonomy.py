"""Where the site files a story: its tags and its section (category)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newscrawl.urls import absolute_url

from .jsonld import as_text, as_texts
from .places import elsewhere
from .sources import first
from .text import clean, element_text, unique
from .xpath import XPath

if TYPE_CHECKING:
    from .sources import Sources

_REL_TAGS = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
_REL_CATEGORY = XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")
_HREFS = XPath("//body//a[@href]")
_HREFS_AFTER = XPath("following::a[@href]")
_CRUMB_LINKS = XPath("//body//*[contains(@class, 'crumb')]//a[@href]")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_TAG_LABEL_RE = re.compile(
    r"^(?:category|categories|topic|topics|section|tags?|keywords?):\s*", re.I
)
_MACHINE_TAG_RE = re.compile(r"^[\w.-]*(?:_|:)[\w.:-]*$")
_TAG_META = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags", "dc.subject")
# Words that label a story's list of tags, in many languages: "Tags:", "Schlagwörter:",
# "Mots-clés :", "Etiquetas:", "Argomenti", "Trefwoorden", "Теги:"...
_TAG_LIST_LABEL_RE = re.compile(
    r"^\W*(?:tags?|tagged(?:\s+(?:with|in|as))?|topics?|themen|schlagw(?:ö|oe)rter|"
    r"schlagworte?|stichw(?:ö|oe)rter|stichworte?|mots?[-\s]cl(?:é|e)s?|(?:é|e)tiquettes?|"
    r"etiquetas?|etichette|tematy|tagi|temas?|argomenti|trefwoorden|onderwerpen|emneord|"
    r"nyckelord|etiketter|avainsanat|asiasanat|tagit|címkék|štítky|teme|теги|метки|"
    r"ключевые\s+слова|keywords?|palavras[-\s]chave|parole\s+chiave|słowa\s+kluczowe|"
    r"etiketler|标签|タグ|태그)\s*[:：]?\s*$",
    re.I,
)
# A link to a tag's page: a path segment or a file name that says so ("/tag/police/",
# "/thema/stadtrat/", "/etiqueta/x", "tag.php?t=x", "?tag=x").
_TAG_HREF_RE = re.compile(
    r"(?:^|/)(?:tags?|tagged|topics?|thema|themen|schlagw(?:ö|oe)rter|schlagworte?|"
    r"stichworte?|etiquetas?|etichette|tema|temas|argomenti|argomento|sujets?|mots?-cles?|"
    r"onderwerpen|onderwerp|trefwoord(?:en)?|emne(?:ord)?|aihe|tagi|keywords?)"
    r"(?:/[^/?#]+/?$|\.\w+\?|/?\?)|[?&]tags?=",
    re.I,
)
# Places of a page's template that hold site-wide menus, not the story's tags.
_TEMPLATE_PLACES = frozenset({"nav", "header", "footer", "aside", "menu"})
_TEMPLATE_WORDS_RE = re.compile(r"\b(?:nav|navigation|menu|sidebar|widget|cloud)", re.I)
_MAX_TAGS = 30
_MAX_TAG_CHARS = 60
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


def _in_template(el: Any) -> bool:
    """Whether ``el`` sits in a site-wide menu, sidebar or tag cloud, or in comments or
    other stories' teasers."""
    for node in itertools.chain([el], el.iterancestors()):
        if node.tag in ("body", "html"):
            break
        if node.tag in _TEMPLATE_PLACES or _TEMPLATE_WORDS_RE.search(
            f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}"
        ):
            return True
    return elsewhere(el)


def _link_texts(links: list[Any]) -> list[str]:
    texts = [element_text(a) for a in links]
    if not texts or len(texts) > _MAX_TAGS or any(len(t) > _MAX_TAG_CHARS for t in texts):
        return []
    return unique(_clean_tag(t) for t in texts)


def _labelled_links(label: Any) -> list[Any]:
    """The links a tag label introduces: those inside the element whose text opens with the
    label ("<p>Tags: <a>..</a></p>"), else those after the label element in its parent (or
    grandparent): "<div><span>Tags:</span> <a>..</a></div>", "<h3>Tags</h3><ul>..</ul>"."""
    own = list(label.iter("a"))
    if own:
        return own
    container = label
    for _ in range(2):
        container = container.getparent()
        if container is None or container.tag in ("body", "html"):
            return []
        after = False
        links = []
        for el in container.iter():
            if el is label:
                after = True
            elif after and el.tag == "a" and label not in el.iterancestors():
                links.append(el)
        if links:
            return links
    return []


def visible_tags(tree: Any) -> list[str]:
    """The story's tags as the page lists them: links after a label in one of many languages
    ("Tags:", "Schlagwörter:", "Mots-clés :"), outside menus, sidebars and comments."""
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        return []
    for el in body.iter():
        text = el.text
        if not text or len(text) > 40 or not isinstance(el.tag, str) or el.tag == "a":
            continue
        if _TAG_LIST_LABEL_RE.match(text) and not _in_template(el):
            tags = _link_texts(_labelled_links(el))
            if tags:
                return tags
    return []


def linked_tags(tree: Any, headline: Any = None) -> list[str]:
    """Tags from links to tag pages ("/tag/x/", "/thema/x/", "tag.php?t=x") that sit together
    in one place after the story's ``headline`` (trending-topic bars stand above it), outside
    menus, sidebars and comments."""
    groups: dict[Any, list[Any]] = {}
    links = _HREFS.nodes(tree) if headline is None else _HREFS_AFTER.nodes(headline)
    for a in links:
        if _TAG_HREF_RE.search(a.get("href", "")) and element_text(a):
            parent = a.getparent()
            holder = parent.getparent() if parent is not None and parent.tag == "li" else parent
            if holder is not None:
                groups.setdefault(holder, []).append(a)
    for links in groups.values():
        if not _in_template(links[0]):
            tags = _link_texts(links)
            if tags:
                return tags
    return []


def read_tags(src: Sources) -> tuple[list[str] | None, str | None]:
    """The tags of the first source that has any (sources are not mixed: they disagree in
    spelling and granularity), and that source. A list the page shows beats the
    ``<meta name=keywords>``, which many sites fill with the same words on every page."""
    return first(
        [
            ("jsonld", lambda: split_keywords(as_texts(next(src.ld_values("keywords"), [])))),
            ("microdata", lambda: split_keywords(src.micro.texts("keywords"))),
            ("og", lambda: split_keywords(src.meta.all("article:tag"))),
            ("link", lambda: unique(element_text(a) for a in _REL_TAGS.nodes(src.tree)[:50])),
            ("byline", lambda: visible_tags(src.tree)),
            ("link", lambda: linked_tags(src.tree, src.walk.headline)),
            ("meta", lambda: split_keywords(src.meta.all(*_TAG_META)[:1])),
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
