"""Lines inside the story container that are page furniture, not story: labels, promos,
datelines, credits, copyright notices, bare links.

Each rule looks at one block of text and its share of link text; none names a site.
"""

from __future__ import annotations

import re

# Labels and widgets that stand alone on a line.
_LABEL_RE = re.compile(
    r"^\W*(?:advert|advertisement|advertising|anzeige|publicidade|publicité|pubblicità|"
    r"publicidad|реклама|sponsored|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|scroll to continue.*|"
    r"share(?: this)?(?: article| story| on \w+)?|tweet|e-?mail|print|comments?|"
    r"caption|close|expand|enlarge|hide caption|toggle caption|view gallery|"
    r"explore further|loading\W*|skip (?:to )?(?:content|ad(?:vert)?)|"
    r"this slideshow requires javascript|tell us what you think)\W*$",
    re.I,
)
# "READ MORE: <a>Other story</a>": a label, then mostly a link.
_PROMO_RE = re.compile(
    r"^\W*(?:read more|read also|also read|see also|related|related articles?|related stories|"
    r"more on this|more from|recommended|watch|watch now|listen|click here|sign up|subscribe|"
    r"follow us|share this|more|trending|popular|don't miss|must read|next|previous|also on|"
    r"leia (?:também|mais)|lesen sie auch|lire aussi|leggi anche|lee también|читайте также)\b",
    re.I,
)
# "Updated 11:21 pm CST, Tuesday, November 19, 2019", "Published: 2019-11-20".
_DATELINE_RE = re.compile(
    r"^\W*(?:(?:last )?updated|published|posted|modified|first published|date|"
    r"atualizado|publicado|aktualisiert|veröffentlicht|publiziert|erschienen|stand|"
    r"mis à jour|publié|aggiornato|pubblicato|actualizado|bijgewerkt|gepubliceerd|"
    r"publicerad|uppdaterad|opublikowano|zaktualizowano|обновлено|опубликовано)"
    r"(?: on| at| am| le| el| il| em)?\b[\s:]*[^.!?]{0,60}\d[^.!?]{0,40}$",
    re.I,
)
# The dots of "11.04.2020, 10.27" are not sentence ends; they go before the dateline test.
_DIGIT_DOT_RE = re.compile(r"(?<=\d)\.(?=\d)")
_BARE_DATE_RE = re.compile(
    r"^\W*(?:\w+,?\s+)?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\w+\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\.?\s+\w+\.?,?\s+\d{4})(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4})?)?\W*$",
    re.I,
)
# "Photo: Hau Dinh, AP", "Image: Getty", "Credit: ...".
_CREDIT_RE = re.compile(
    r"^\W*(?:photo|photograph|image|picture|pic|credit|foto|bild|imagem|photo credit|"
    r"illustration|video)s?\s*(?:by|credit)?\s*[:|/]\s*.{0,80}$",
    re.I,
)
# "Follow us on Twitter", "Follow Newsbeat on Instagram, Facebook and YouTube."
_FOLLOW_RE = re.compile(
    r"^\W*(?:follow|like|join|find)\b.{0,60}\b(?:on|at|via)\s+"
    r"(?:twitter|facebook|instagram|youtube|tiktok|linkedin|telegram|whatsapp|x)\b",
    re.I,
)
_COPYRIGHT_RE = re.compile(r"^\W*(?:©|\(c\)\s|copyright\b)|all rights reserved", re.I)
# A short line whose text is more link than this is a teaser or a "related" entry.
_LINK_ONLY_DENSITY = 0.8
_URL_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)


# "Tags: <a>x</a>, <a>y</a>", "Themen: ...", "Topics: ...": a label of one or two words and a
# colon, then a list (separators) of mostly links; in any language.
_LINK_LIST_LABEL_RE = re.compile(r"^\W*(?:[^\W\d]+\s*){1,2}[:：](?!//)\s*")
_LIST_SEPARATORS = frozenset(",|;·•/、，")
_LINK_LIST_DENSITY = 0.6


def _is_link_list(text: str, link_density: float) -> bool:
    label = _LINK_LIST_LABEL_RE.match(text)
    if label is None or link_density == 0:
        return False
    rest = len(text) - label.end()
    return (
        rest > 0
        and link_density * len(text) >= _LINK_LIST_DENSITY * rest
        and any(ch in _LIST_SEPARATORS for ch in text[label.end() :])
    )


# "By Jane Doe, Sports Editor", "Von Max Muster", "Par Jean Dupont": a byline line, in many
# languages; a name is capitalised, and a byline ends no sentence.
_BYLINE_RE = re.compile(
    r"^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor|[Aa]v|[Aa]f|[Pp]rzez|[Aa]utor:?|"
    r"[Aa]uthor:?|Автор:?)\s+[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|\||/|–|—|-|and|und|et|y|e)\s*[^.!?]{0,40})?$"
)
_BYLINE_MAX_CHARS = 80


def is_furniture(text: str, link_density: float) -> bool:
    """Whether a block of story-container text is furniture to drop."""
    if len(text) < 200:
        if _LABEL_RE.match(text) or _URL_RE.match(text) or _CREDIT_RE.match(text):
            return True
        if _PROMO_RE.match(text) and (link_density > 0.4 or len(text) < 60):
            return True
        if len(text) < 110 and (
            _DATELINE_RE.match(_DIGIT_DOT_RE.sub("", text)) or _BARE_DATE_RE.match(text)
        ):
            return True
        if _COPYRIGHT_RE.search(text) or _FOLLOW_RE.match(text):
            return True
        if link_density > _LINK_ONLY_DENSITY or _is_link_list(text, link_density):
            return True
        if len(text) < _BYLINE_MAX_CHARS and _BYLINE_RE.match(text):
            return True
    return False
