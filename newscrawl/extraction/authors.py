"""Bylines into people: "By Jane Doe and John Roe | Reuters" gives two names and an agency.

"Staff", e-mail addresses, URLs and organisation names are not people; a news agency is kept
apart as the story's agency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .jsonld import ORGANISATION_TYPES, as_text, as_texts, type_names
from .text import clean, element_text, unique
from .xpath import XPath

if TYPE_CHECKING:
    from .model import Article
    from .sources import Sources

_AGENCIES = {
    name.casefold(): name
    for name in (
        "Reuters",
        "Thomson Reuters",
        "AP",
        "Associated Press",
        "The Associated Press",
        "AFP",
        "Agence France-Presse",
        "Agence France Presse",
        "Bloomberg",
        "Bloomberg News",
        "PA",
        "PA Media",
        "Press Association",
        "PA Wire",
        "dpa",
        "EFE",
        "ANSA",
        "Xinhua",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Kyodo",
        "Kyodo News",
        "Jiji Press",
        "Yonhap",
        "UPI",
        "AAP",
        "Anadolu Agency",
        "Canadian Press",
        "The Canadian Press",
        "PTI",
        "IANS",
        "ANI",
        "Bernama",
        "Antara",
        "Lusa",
        "Agência Brasil",
        "Europa Press",
        "Notimex",
        "SDA",
        "APA",
        "KNA",
        "CNA",
        "NTB",
        "TT",
        "Ritzau",
        "WENN",
    )
}
# "By Jane Doe", "Written by", "Por", "Von", "Par", "Door": byline openers in several languages.
_PREFIX_RE = re.compile(
    r"^(?:(?:written|words|reporting|story|text|posted|published)\s+by|by|por|von|par|door|av|di|от|автор)\b[:\s]*",
    re.I,
)
# "Jane Doe | Reuters", "Jane Doe - Reuters", "Finian Cunningham. Sputnik" (not "John F. Kennedy").
_SPLIT_SEGMENTS_RE = re.compile(r"\s*(?:\||/|\s[-–—]\s|;|\n|(?<=\w\w)\.\s+(?=[A-Z]))\s*")
# Conjunctions in lower case only: "Sarah E. Needleman" is one person.
_SPLIT_NAMES_RE = re.compile(r"\s*(?:,|&|\s(?:and|AND|And|und|et|y|e|и|with|With)\s|、)\s*")
_TRAILER_RE = re.compile(r"\s+(?:for|in|at|from)\s+\S.*$|\s*\(.*\)\s*$")
_ROLE_RE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|columnist|contributor|journalist|producer|"
    r"analyst|chief|senior|staff|desk|bureau|updated|published|photos?|video|minutes?|read)\b",
    re.I,
)
_ORG_RE = re.compile(
    r"\b(?:news|media|press|times|post|daily|herald|tribune|journal|gazette|agency|network|inc|"
    r"ltd|llc|gmbh|group|team|staff|editors?|editorial|newsroom|bureau|service|wire|online|"
    r"magazine|radio|tv|television|broadcasting|corporation|company|admin|administrator|"
    r"redaktion|redacción|redação|redazione|rédaction|desk|business|international|"
    r"associates|partners|university|institute|foundation|council|ministry|department)\b",
    re.I,
)
_BYLINES = XPath(
    "//body//*[@rel='author' or contains(@class, 'byline') or contains(@class, 'author')"
    " or contains(@id, 'byline')][not(ancestor::form)]"
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
_NOT_NAME_CHARS_RE = re.compile(r"[*#:|<>{}\[\]=_]")
_EMAIL_URL_RE = re.compile(r"@|https?:|www\.|\.(?:com|org|net|co|io)\b", re.I)


@dataclass
class Byline:
    """People and the agency found in one or more author strings."""

    authors: list[str] = field(default_factory=list)
    agency: str | None = None


def agency_name(text: str) -> str | None:
    """The agency when the whole of ``text`` names one ("Reuters", "The Associated Press")."""
    return _AGENCIES.get(clean(text).strip(" .").casefold())


def person_name(text: str, organisations: frozenset[str] = frozenset()) -> str | None:
    """``text`` cleaned into a person's name, or ``None`` when it is not one."""
    name = _PREFIX_RE.sub("", clean(text)).strip(" .,:;-–—|")
    name = _TRAILER_RE.sub("", name).strip(" .,:;-–—")
    if not name or len(name) > 60 or _EMAIL_URL_RE.search(name) or any(c.isdigit() for c in name):
        return None
    words = name.split()
    if len(words) > 5 or name.casefold() in organisations or agency_name(name):
        return None
    # Form labels ("Name *"), markup debris, and acronyms such as "CNN", "MS", "RDN".
    if _NOT_NAME_CHARS_RE.search(name) or (len(words) == 1 and name.isupper()):
        return None
    if _ORG_RE.search(name) or _ROLE_RE.search(name):
        return None
    if name.isupper() and len(words) > 1:
        name = name.title()
    # A name starts with a capital in the scripts that have them; one lower-case word is prose.
    if name[0].islower() and name[0].upper() != name[0].lower():
        return None
    return name


def split_byline(texts: list[str], organisations: frozenset[str] = frozenset()) -> Byline:
    """Split author strings into people and an agency."""
    byline = Byline()
    people: list[str] = []
    for text in texts:
        text = _PREFIX_RE.sub("", clean(text))
        for segment in _SPLIT_SEGMENTS_RE.split(text):
            agency = agency_name(segment)
            if agency:
                byline.agency = byline.agency or agency
                continue
            for piece in _SPLIT_NAMES_RE.split(segment):
                agency = agency_name(piece)
                if agency:
                    byline.agency = byline.agency or agency
                    continue
                name = person_name(piece, organisations)
                if name:
                    people.append(name)
    byline.authors = unique(people)
    return byline


def _ld_authors(src: Sources, organisations: frozenset[str]) -> Byline:
    people: list[str] = []
    agency = None
    for value in src.ld_values("author", "creator"):
        for item in value if isinstance(value, list) else [value]:
            item = src.ld.resolve(item)
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


def _visible_bylines(src: Sources) -> list[str]:
    texts = []
    for el in _BYLINES.nodes(src.tree)[:20]:
        cls = (el.get("class") or "").lower()
        if "bio" in cls or "avatar" in cls:
            continue
        text = element_text(el)
        if 3 <= len(text) <= 120:
            texts.append(text)
            if len(texts) >= 3:
                break
    return texts


def read_authors(src: Sources, article: Article) -> None:
    """Set ``authors`` (and ``agency``) from the first source that names people."""
    organisations = frozenset(n.casefold() for n in src.site_names())
    og_authors = [v for v in src.meta.all("article:author") if not v.startswith("http")]
    sources: list[tuple[str, Callable[[], Byline]]] = [
        ("jsonld", lambda: _ld_authors(src, organisations)),
        ("microdata", lambda: split_byline(src.micro.texts("author"), organisations)),
        ("og", lambda: split_byline(og_authors, organisations)),
        ("meta", lambda: split_byline(src.meta.all(*_AUTHOR_META)[:3], organisations)),
        ("byline", lambda: split_byline(_visible_bylines(src), organisations)),
    ]
    selector = src.options.author_selector
    if selector:
        texts = [src.select_text(selector)]
        sources.insert(0, ("selector", lambda: split_byline(texts, organisations)))
    for source, thunk in sources:
        byline = thunk()
        if byline.agency and not article.agency:
            article.agency = byline.agency
            article.provenance["agency"] = source
        if byline.authors:
            article.authors = byline.authors
            article.provenance["authors"] = source
            return
