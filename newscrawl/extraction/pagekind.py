"""Is this page a story, a listing of stories, or something else? What the page itself says.

:func:`page_kind` decides from the page alone. :func:`page_features` gathers what the page
tells for a decision with the whole site in view (:mod:`newscrawl.sitemodel`): its declared
type, words of its address and heading that name static pages (about, imprint, privacy...)
or listings (tag, category, author...) or copies (print, AMP, text only), the page's own links
to its print and AMP views, and its links with headline-long text.

Order: JSON-LD types (an article type wins; Yoast's WebPage node is on every page and says
nothing, its CollectionPage marks a listing), then og:type, then the structure: a block of
several long paragraphs side by side reads as a story, many linked headlines as a listing,
and a couple of paragraphs side by side, with few linked headlines, as a short story.
Only C-level XPath and a JSON parse of small blocks: a few hundred microseconds.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from posixpath import splitext
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from newscrawl.urls import resolve

from .jsonld import ARTICLE_TYPES, JSONLD_SCRIPTS, LISTING_TYPES, type_names
from .xpath import XPath

PageKind = Literal["article", "listing", "other"]

_OG_TYPE = XPath("string(//meta[@property='og:type']/@content)")
_PROSE_BLOCK = XPath(
    "boolean(//*[count(p[string-length(normalize-space()) > 100]) >= 3])",
)
_SHORT_PROSE_BLOCK = XPath(
    "boolean(//*[count(p[string-length(normalize-space()) > 80]) >= 2])",
)
_LONG_PARAGRAPHS = XPath("count(//p[string-length(normalize-space()) > 100])")
_TEASERS = XPath(
    "count(//h2[.//a] | //h3[.//a] | //h4[.//a] | //article[.//a])",
)
_MAX_JSONLD_CHARS = 500_000


def _types(data: Any, found: set[str], depth: int = 0) -> None:
    """Types of top-level nodes, their ``@graph``, and ``mainEntity`` (not of every nested one:
    a listing's items are articles)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data[:200]:
            _types(item, found, depth + 1)
    elif isinstance(data, dict):
        found |= type_names(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                _types(data[key], found, depth + 1)


def page_kind(tree: Any, url: str) -> PageKind:
    """``"article"``, ``"listing"`` or ``"other"`` for the page at ``url`` parsed as ``tree``."""
    found: set[str] = set()
    for script in JSONLD_SCRIPTS.nodes(tree):
        text = script.text or ""
        if len(text) > _MAX_JSONLD_CHARS:
            continue
        try:
            _types(json.loads(text), found)
        except (ValueError, RecursionError):
            continue
    if found & ARTICLE_TYPES:
        return "article"
    if found & LISTING_TYPES:
        return "listing"
    og_type = str(_OG_TYPE.string(tree)).strip().lower()
    if og_type == "article" or og_type.startswith("article:"):
        return "article"
    if _PROSE_BLOCK.boolean(tree):
        return "article"
    if _TEASERS.number(tree) >= 6:
        return "listing"
    if _SHORT_PROSE_BLOCK.boolean(tree) or _LONG_PARAGRAPHS.number(tree) >= 5:
        return "article"
    return "other"


# --- features for whole-site decisions ------------------------------------------------------


# What word_key drops: whatever is not a letter or digit (``\w`` is str.isalnum() plus "_").
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def word_key(text: str) -> str:
    """``text`` folded for matching against the word lists: lower case, accents dropped, only
    letters and digits kept ("Mentions légales" and "mentions-legales" both give
    ``mentionslegales``).

    Cached: a site's navigation and footer links come again on every page (measured: 11 s of a
    57 s crawl of the 500-article demo site went to this function before).
    """
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKD", text.casefold()))


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(word_key(p) for p in phrases)


#: Names of pages that are about the site, not news: matched on a whole address segment, a
#: page's heading, or the text of a link to it. Many languages; no site's own wording.
STATIC_WORDS = _keys(
    # about
    "about", "about us", "about-us", "who we are", "our story", "our team", "the team",
    "masthead", "staff", "über uns", "ueber uns", "wir über uns", "redaktion", "team",
    "à propos", "a propos", "qui sommes-nous", "l'équipe", "quienes somos", "quiénes somos",
    "sobre nosotros", "acerca de", "sobre", "sobre nós", "quem somos", "chi siamo",
    "la redazione", "over ons", "om oss", "om os", "o nas", "hakkımızda", "o nás",
    # contact
    "contact", "contact us", "contacts", "get in touch", "kontakt", "kontaktformular",
    "contacto", "contáctenos", "contactenos", "contato", "fale conosco", "contatti",
    "contattaci", "nous contacter", "contactez-nous", "kontakt oss", "iletişim",
    # imprint and legal
    "impressum", "imprint", "imprenta", "legal", "legal notice", "legal notices",
    "legal information", "mentions légales", "mentions legales", "aviso legal",
    "nota legal", "note legali", "informazioni legali", "colofon", "colophon",
    "disclaimer", "haftungsausschluss", "avertissement", "descargo de responsabilidad",
    # privacy and cookies
    "privacy", "privacy policy", "privacy notice", "privacy statement", "your privacy",
    "data protection", "datenschutz", "datenschutzerklärung", "datenschutzhinweise",
    "datenschutzerklaerung", "confidentialité", "politique de confidentialité",
    "vie privée", "données personnelles", "privacidad", "política de privacidad",
    "politica de privacidad", "aviso de privacidad", "privacidade",
    "política de privacidade", "informativa sulla privacy", "informativa privacy",
    "privacybeleid", "personvern", "integritetspolicy", "polityka prywatności",
    "cookies", "cookie policy", "cookie notice", "cookie settings", "cookie-richtlinie",
    "cookie richtlinie", "politique des cookies", "política de cookies",
    # terms
    "terms", "terms of use", "terms of service", "terms and conditions",
    "terms & conditions", "conditions of use", "user agreement", "tos", "agb",
    "allgemeine geschäftsbedingungen", "nutzungsbedingungen", "cgu", "cgv",
    "conditions générales", "conditions générales d'utilisation", "términos y condiciones",
    "terminos y condiciones", "términos de uso", "condiciones de uso", "termos de uso",
    "termini e condizioni", "condizioni d'uso", "gebruiksvoorwaarden", "regulamin",
    # help, service, subscriptions, advertising, jobs, accessibility
    "help", "faq", "faqs", "hilfe", "aide", "ayuda", "ajuda", "aiuto",
    "newsletter", "newsletters", "subscribe", "subscriptions", "subscription", "abo",
    "abonnement", "abonnieren", "s'abonner", "suscripción", "suscribirse", "assinatura",
    "abbonamenti", "advertise", "advertising", "advertise with us", "werbung",
    "mediadaten", "anzeigen", "publicité", "publicidad", "pubblicità", "careers", "jobs",
    "karriere", "stellenangebote", "emplois", "empleo", "lavora con noi",
    "accessibility", "barrierefreiheit", "accessibilité", "accesibilidad",
    "sitemap", "site map", "plan du site", "mapa del sitio", "corrections",
    "editorial standards", "ethics policy", "code of ethics",
)  # fmt: skip

#: Names of a story's printer-friendly, text-only or AMP view: on the link to it (text,
#: title, class) or in its address.
PRINT_WORDS = _keys(
    "print", "printer", "print this", "print article", "print this article", "print page",
    "print story", "print version", "printer friendly", "printer-friendly",
    "printer friendly version", "printable version", "printable", "text only", "text-only",
    "text version", "plain text", "textonly", "druck", "drucken", "druckversion",
    "druckansicht", "artikel drucken", "seite drucken", "nur text", "imprimer",
    "version imprimable", "imprimir", "versión para imprimir", "version para imprimir",
    "versão para impressão", "stampa", "versione stampabile", "afdrukken",
    "printvriendelijk", "skriv ut", "tulosta", "drukuj", "wydrukuj", "yazdır", "amp",
)  # fmt: skip

# The longest text that can fold to a print word (generous: spaces, punctuation, markup).
_PRINT_TEXT_MAX = 4 * max(len(word) for word in PRINT_WORDS) + 20

#: Address segments and query keys of listings (tag, category, author, archive, search).
LISTING_WORDS = _keys(
    "tag", "tags", "category", "categories", "cat", "topic", "topics", "section",
    "sections", "author", "authors", "autor", "autoren", "auteur", "auteurs", "autore",
    "thema", "themen", "schlagwort", "rubrik", "ressort", "kategorie", "rubrique", "theme",
    "thème", "mot-clé", "etiqueta", "etiquetas", "categoria", "categoría", "tema", "temas",
    "archive", "archives", "archiv", "archivio", "archivo", "search", "suche", "recherche",
    "buscar", "busca", "cerca", "zoeken", "page", "paged", "seite",
)  # fmt: skip

_SCRIPT_EXTENSIONS = frozenset({".php", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".cfm"})
_PAGE_EXTENSIONS = frozenset({".html", ".htm", ".shtml", ".xhtml", *_SCRIPT_EXTENSIONS})

_ANCHORS = XPath("//a[@href]")
_PRINT_ALTERNATES = XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
    "[contains(@media, 'print')]/@href | //link[@rel='amphtml']/@href"
)
_NOINDEX = XPath(
    "boolean(//meta[translate(@name, 'ROBTS', 'robts')='robots']"
    "[contains(translate(@content, 'NOIDEX', 'noidex'), 'noindex')])"
)
_H1 = XPath("normalize-space((//h1)[1])")
_TITLE = XPath("normalize-space(//title)")
_HEADLINE_WORDS = 4
_MAX_HEADLINE_LINKS = 400


@dataclass(frozen=True)
class PageFeatures:
    """What one page says about its own kind, for a decision with the whole site in view.

    :ivar kind: :func:`page_kind`'s decision from the page alone.
    :ivar typed: ``"article"`` or ``"listing"`` when JSON-LD or og:type declares it, else None.
    :ivar typed_by: where the type came from (``jsonld:NewsArticle``, ``og:article``).
    :ivar static_word: a static page's name in the address (``address:impressum``) or heading
        (``heading:aboutus``), else None.
    :ivar listing_word: a listing's word in the address (``tag``, ``author``), else None.
    :ivar copy_word: why the page looks like a view of another page (``address:print``,
        ``amp-html``, ``noindex``), else None.
    :ivar copy_links: absolute URLs the page names as its own print, text-only or AMP views.
    :ivar headline_links: ``(absolute URL, text)`` of links whose text is headline-long.
    :ivar title: the page's heading (its first ``<h1>``, else ``<title>``).
    """

    kind: PageKind
    typed: str | None = None
    typed_by: str = ""
    static_word: str | None = None
    listing_word: str | None = None
    copy_word: str | None = None
    copy_links: tuple[str, ...] = ()
    headline_links: tuple[tuple[str, str], ...] = ()
    title: str = ""


def segments(url: str) -> list[str]:
    """The address's path segments, unquoted, with a page extension (``.html``) dropped."""
    parts = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    if parts:
        stem, extension = splitext(parts[-1])
        if extension.lower() in _PAGE_EXTENSIONS and stem:
            parts[-1] = stem
    return parts


def static_address_word(url: str) -> str | None:
    """A static page's name as the address's last segment, near the site's root."""
    parts = segments(url)
    if not parts or len(parts) > 3:
        return None
    if any(word_key(part) in LISTING_WORDS for part in parts[:-1]):
        return None  # /tag/jobs/, /category/privacy/: a listing named like a static page
    key = word_key(parts[-1])
    if key in STATIC_WORDS:
        return key
    query = dict(parse_qsl(urlsplit(url).query))
    for value in query.values():  # page.php?name=impressum
        if word_key(value) in STATIC_WORDS and not value.isdigit():
            return word_key(value)
    return None


def listing_address_word(url: str) -> str | None:
    """A listing's word as a segment of the address, or as a query key."""
    parts = [word_key(part) for part in segments(url)]
    for part in parts[:3]:
        if part in LISTING_WORDS:
            return part
    for key, _value in parse_qsl(urlsplit(url).query):
        if word_key(key) in LISTING_WORDS:
            return word_key(key)
    return None


def copy_address_word(url: str) -> str | None:
    """A print, text-only or AMP view's word in the address (a segment, a script's name, a
    query key or value)."""
    for part in segments(url):
        if word_key(part) in PRINT_WORDS:
            return word_key(part)
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if word_key(key) in PRINT_WORDS or word_key(value) in PRINT_WORDS:
            return word_key(key) if word_key(key) in PRINT_WORDS else word_key(value)
    return None


def _declared(tree: Any) -> tuple[str | None, str]:
    found: set[str] = set()
    for script in JSONLD_SCRIPTS.nodes(tree):
        text = script.text or ""
        if len(text) > _MAX_JSONLD_CHARS:
            continue
        try:
            _types(json.loads(text), found)
        except (ValueError, RecursionError):
            continue
    if found & ARTICLE_TYPES:
        return "article", "jsonld:" + sorted(found & ARTICLE_TYPES)[0]
    if found & LISTING_TYPES:
        return "listing", "jsonld:" + sorted(found & LISTING_TYPES)[0]
    og_type = str(_OG_TYPE.string(tree)).strip().lower()
    if og_type == "article" or og_type.startswith("article:"):
        return "article", "og:" + og_type
    return None, ""


def _is_amp(tree: Any) -> bool:
    """``<html amp>`` or ``<html \u26a1>``: an AMP page."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    return any(name in ("amp", "\u26a1") for name in getattr(root, "attrib", {}))


def _is_print_link(anchor: Any) -> bool:
    for value in (
        anchor.text_content(),
        anchor.get("title") or "",
        anchor.get("aria-label") or "",
    ):
        # A headline is no print link: only short texts are folded and looked up.
        if len(value) <= _PRINT_TEXT_MAX and word_key(value) in PRINT_WORDS:
            return True
    classes = re.split(r"[\s_-]+", (anchor.get("class") or "").lower())
    return "print" in classes


def page_features(tree: Any, url: str) -> PageFeatures:
    """What the page at ``url``, parsed as ``tree``, says about its own kind."""
    typed, typed_by = _declared(tree)
    title = str(_H1.string(tree)) or str(_TITLE.string(tree))
    static_word = static_address_word(url)
    if static_word is not None:
        static_word = "address:" + static_word
    elif word_key(title) in STATIC_WORDS:
        static_word = "heading:" + word_key(title)
    copy_word = copy_address_word(url)
    if copy_word is not None:
        copy_word = "address:" + copy_word
    elif _is_amp(tree):
        copy_word = "amp-html"
    elif _NOINDEX.boolean(tree):
        copy_word = "noindex"  # weak: print views say it, and so do search pages
    copy_links: list[str] = []
    headlines: list[tuple[str, str]] = []
    own = url.split("#", 1)[0]
    for href in _PRINT_ALTERNATES.nodes(tree):
        copy_links.append(urljoin(url, str(href).strip()))
    for anchor in _ANCHORS.nodes(tree):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = resolve(url, href).split("#", 1)[0]
        if target == own:
            continue
        if _is_print_link(anchor):
            copy_links.append(target)
        elif len(headlines) < _MAX_HEADLINE_LINKS:
            text = " ".join(anchor.text_content().split())
            if len(text.split()) >= _HEADLINE_WORDS:
                headlines.append((target, text))
    return PageFeatures(
        kind=page_kind(tree, url),
        typed=typed,
        typed_by=typed_by,
        static_word=static_word,
        listing_word=listing_address_word(url),
        copy_word=copy_word,
        copy_links=tuple(dict.fromkeys(copy_links)),
        headline_links=tuple(headlines),
        title=title,
    )
