"""Bylines into people: "By Jane Doe and John Roe | Reuters" gives two names and an agency.

"Staff", e-mail addresses, URLs and organisation names are not people; a news agency is kept
apart as the story's agency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .headline import host_key, text_key
from .jsonld import ORGANISATION_TYPES, as_text, as_texts, type_names
from .meta import Microdata
from .places import author_link, class_words
from .text import clean, element_text, unique

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
_TRAILER_RE = re.compile(
    r"\s+(?:for|in|at|from|für|aus|à|en|em|da|dal|für)\s+\S.*$|\s*\(.*\)\s*$"
    # What follows a byline's name on its line: "am 12.", "on May 3", "under News", "le 3 mai".
    r"|\s+(?:am|um|on|under|le|el|op|il|dans|sous)(?:\s+\S.*)?$"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that label a byline or a profile link, never part of a name, in several languages:
# stripped from the front of a name ("Veröffentlicht von", "Autor:"), and a name holding one
# elsewhere is no name ("Posted on", "Alle Artikel", "Jane sagt").
_LABEL_WORDS = _words(
    """posted published written reported updated by on at am um le el il em von vom par por
    di da door av af od de veröffentlicht publiziert erstellt geschrieben verfasst publié
    écrit publicado publicada escrito pubblicato scritto gepubliceerd geschreven author
    authors autor autoren autorin autorinnen auteur auteurs autore autori autora autores
    article articles artikel beitrag beiträge alle all more mehr see view follow folgen
    suivre seguir segui says said sagt schreibt writes dit dice scrive profile profil posts
    contact kontakt e-mail email mail share teilen text texte texto testo words photo photos
    foto fotos bild bilder"""
)
# Connecting words that stay lower case inside a name ("Ursula von der Leyen", "Van de Berg").
_PARTICLES = _words(
    "von van der den de del della di da dos das du la le zu ter ten bin ibn al el y e"
)
# A byline label stuck to the name by markup ("Veröffentlicht von<a>Chris</a>").
_GLUED_LABEL_RE = re.compile(r"(?<=[a-zäöü])(?=[A-ZÄÖÜ][a-zäöüß])")
_ROLE_RE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|columnist|contributor|journalist|producer|"
    r"analyst|chief|senior|staff|desk|bureau|updated|published|photos?|video|minutes?|read|"
    r"(?:chef)?redakteur(?:in)?|redakteurin|korrespondent(?:in)?|journalist(?:in|e|a)?|"
    r"r[ée]dact(?:eur|rice)|redactor(?:a)?|periodista|giornalista|reporter(?:in)?|"
    r"fotograf(?:in)?|photograph(?:er|e)|volont[äa]r(?:in)?|praktikant(?:in)?|"
    r"herausgeber(?:in)?|moderator(?:in)?)\b",
    re.I,
)
_ORG_RE = re.compile(
    r"\b(?:news|media|press|times|post|daily|herald|tribune|journal|gazette|agency|network|inc|"
    r"ltd|llc|gmbh|group|team|staff|editors?|editorial|newsroom|bureau|service|wire|online|"
    r"magazine|radio|tv|television|broadcasting|corporation|company|admin|administrator|"
    r"redaktion|redacción|redação|redazione|rédaction|desk|business|international|"
    r"associates|partners|university|institute|foundation|council|ministry|department|"
    r"verlag|verband|e\.\s?v|gesellschaft|stiftung|universität|institut|ministerium|"
    r"agentur|agenturen|agencies|agence|agencia|redaktionsteam|team)\b",
    re.I,
)
# A byline label opening a text: "By", "Von", "Par", "Por", "Di", "Door", "Av", "Autor:",
# "Text:", "Written by", "Ein Beitrag von"...
_LABEL_RE = re.compile(
    r"^\W*(?:(?:written|posted|published|reported|words|text|story|reporting)\s+by|by|von|"
    r"(?:ein\s+beitrag|verfasst|geschrieben|veröffentlicht|erstellt)\s+von|par|(?:écrit|publié)"
    r"\s+par|por|(?:escrito|publicado)\s+por|di|(?:scritto|pubblicato)\s+da|door|"
    r"(?:geschreven)\s+door|av|af|od|от|autor(?:in)?|author|auteur|autore|autora|text|texte|"
    r"texto|testo)(?:\s*:\s*|\s+|$)",
    re.I,
)
# A byline label after a date or time in a short text: "06.11.2023 13:30 von Olga",
# "(c) 2008 by Jane Doe". After words it is a preposition ("Schutz von Grundrechten").
_MID_LABEL_RE = re.compile(r"(?:^|[\s|•·,–—-])(?:by|von|par|por|door|av)\s+(?=[^\W\d_])", re.I)
_MID_LABEL_MAX = 80
_DIGIT_RE = re.compile(r"\d")
#: How far from the headline (characters of the page's text) a byline is looked for; chosen
#: by host-grouped cross-validation (``benchmarks/metadata_cv.py``).
BYLINE_REACH_AFTER = 5000
BYLINE_REACH_BEFORE = 500
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


def _without_labels(text: str) -> str:
    """``text`` without leading label words ("Veröffentlicht von", "Posted by", "Autor:")."""
    words = text.split()
    while words:
        first = words[0].casefold().strip(":~-–—|•·")
        if first in _LABEL_WORDS | {""}:
            words.pop(0)
            continue
        # A label glued to the name ("vonChris"); a name's own capitals stay ("MacLeod").
        glued = _GLUED_LABEL_RE.split(words[0], maxsplit=1)
        if len(glued) == 2 and glued[0].casefold() in _LABEL_WORDS:
            words[0] = glued[1]
            continue
        break
    return " ".join(words)


def person_name(
    text: str, organisations: frozenset[str] = frozenset(), *, username: bool = False
) -> str | None:
    """``text`` cleaned into a person's name, or ``None`` when it is not one.

    :param username: accept one lower-case word ("jancak"): where the page marks the text as
        its author (JSON-LD, ``rel=author``), a user name is the byline.
    """
    name = _without_labels(_PREFIX_RE.sub("", clean(text))).strip(" .,:;-–—|~•·")
    name = _TRAILER_RE.sub("", name).strip(" .,:;-–—~•·")
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
    folded = [w.casefold() for w in words]
    if any(w in _LABEL_WORDS and w not in _PARTICLES for w in folded):
        return None
    if name.isupper() and len(words) > 1:
        name = name.title()
    if username and len(words) == 1 and not _NOT_NAME_CHARS_RE.search(name):
        return name
    # A name starts with a capital in the scripts that have them, and so does each of its
    # words but particles ("Ursula von der Leyen"); lower-case words are prose.
    for word, low in zip(words, folded, strict=True):
        if word[0].islower() and word[0].upper() != word[0].lower() and low not in _PARTICLES:
            return None
    if words[0].casefold() in _PARTICLES and len(words) == 1:
        return None
    return name


def split_byline(
    texts: list[str], organisations: frozenset[str] = frozenset(), *, username: bool = False
) -> Byline:
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
                name = person_name(piece, organisations, username=username)
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
            byline = split_byline(texts, organisations, username=True)
            people.extend(byline.authors)
            agency = agency or byline.agency
        if people or agency:
            break
    return Byline(unique(people), agency)


def _scope(el: Any) -> Any:
    """The item ``el`` is a property of: its nearest ``itemscope`` ancestor."""
    for node in el.iterancestors():
        if node.get("itemscope") is not None:
            return node
    return None


def _micro_authors(src: Sources) -> list[str]:
    """The microdata authors of the page's first item that has any: cited works and other
    stories on the page have authors of their own."""
    elements = src.micro.elements("author")
    if not elements:
        return []
    item = _scope(elements[0])
    return [text for el in elements if _scope(el) is item for text in Microdata.texts_of([el])]


def _visible_bylines(src: Sources, organisations: frozenset[str]) -> Byline:
    """The byline nearest the headline: the first place after it within
    :data:`BYLINE_REACH_AFTER` characters, else the nearest before it within
    :data:`BYLINE_REACH_BEFORE`, that names people or an agency.

    Places are elements marked as author or byline (class, id, itemprop, ``rel=author``, a
    ``<byline>`` element, a link to an author page) and texts opening with a byline label
    ("By", "Von", "Par", "Autor:"; a bare label takes the text after it as the name).
    """
    walk = src.walk
    host = host_key(src.url)
    marked = [(o, "", el) for o, names, el in walk.marked if "author" in names]
    texts = walk.texts
    labelled = []
    for index, (offset, text, parent) in enumerate(texts):
        if len(text) < 200 and _LABEL_RE.match(text.lstrip()):
            rest = _LABEL_RE.sub("", text.strip()).strip()
            if not rest and index + 1 < len(texts):
                # A bare label ("Von", "Autor:"): the name follows ("Von <a>Jane Doe</a>").
                rest = texts[index + 1][1]
            labelled.append((offset, clean(rest), parent))
        elif len(text) < _MID_LABEL_MAX:
            found = _MID_LABEL_RE.search(text)
            if found and _DIGIT_RE.search(text[: found.start()]):
                labelled.append((offset, clean(text[found.end() :]), parent))
    candidates = sorted(marked + labelled, key=lambda item: item[0])
    for text, el in walk.near(candidates, BYLINE_REACH_AFTER, BYLINE_REACH_BEFORE)[:40]:
        if el is None or src.walk.elsewhere(el):
            continue
        username = False
        not_people = organisations
        if not text:
            words = class_words(el).lower()
            if "bio" in words or "avatar" in words or "comment" in words:
                continue
            text = element_text(el)
            username = el.get("rel") == "author" or len(text.split()) == 1
            if el.tag == "a" and (el.get("rel") == "author" or author_link(el)):
                # A link to an author's page names a person even when the site carries the
                # same name (a personal site called after its author); not when the name is
                # the one the site's address spells (the site's own account).
                not_people = frozenset()
        if not 2 <= len(text) <= 160:
            continue
        byline = split_byline([text], not_people, username=username)
        if not_people is not organisations:
            byline.authors = [name for name in byline.authors if text_key(name) not in host]
        if byline.authors or byline.agency:
            return byline
    return Byline()


def _fuller_names(names: list[str], shown: Byline) -> list[str] | None:
    """The byline's names when they are ``names`` in full: structured data that gives an
    account's first name ("Jane") where the byline shows "Jane Doe"."""
    if len(shown.authors) != len(names):
        return None
    for name, full in zip(names, shown.authors, strict=True):
        if len(full.split()) < 2 or full.split()[0].casefold() != name.casefold():
            return None
    return shown.authors


def read_authors(src: Sources, article: Article) -> None:
    """Set ``authors`` (and ``agency``) from the first source that names people."""
    organisations = frozenset(n.casefold() for n in src.site_names())
    og_authors = [v for v in src.meta.all("article:author") if not v.startswith("http")]
    sources: list[tuple[str, Callable[[], Byline]]] = [
        ("jsonld", lambda: _ld_authors(src, organisations)),
        ("microdata", lambda: split_byline(_micro_authors(src), organisations)),
        ("og", lambda: split_byline(og_authors, organisations)),
        ("meta", lambda: split_byline(src.meta.all(*_AUTHOR_META)[:3], organisations)),
        ("byline", lambda: _visible_bylines(src, organisations)),
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
            if source != "byline" and all(len(name.split()) == 1 for name in byline.authors):
                fuller = _fuller_names(byline.authors, _visible_bylines(src, organisations))
                if fuller:
                    byline.authors, source = fuller, "byline"
            article.authors = byline.authors
            article.provenance["authors"] = source
            return
