"""What is never story text: tags that hold no prose, and containers whose names, roles or
visibility mark them as navigation, promotion, sharing, comments and the like.

The rules are generic web conventions, not any one site's markup.
"""

from __future__ import annotations

import re
from typing import Any

# Never text of the story, whatever they contain.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "figcaption",
        "picture",
        "img",
    }
)
# Usually not the story; dropped unless they hold most of it (ASP.NET wraps pages in a <form>).
SOFT_SKIP_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "figure", "menu", "dialog"})
_SKIP_ROLES = frozenset(
    {
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "search",
        "toolbar",
        "tablist",
    }
)
# Words that, as a whole class/id token or as one of its dash/underscore parts, name a
# non-story container. Parts, not substrings: "shared-content" must not match "share".
_JUNK_WORDS = frozenset(
    [
        "share",
        "shares",
        "sharing",
        "sharebar",
        "sharetools",
        "social",
        "socials",
        "newsletter",
        "newsletters",
        "subscribe",
        "subscription",
        "subscriptions",
        "signup",
        "sign-up",
        "related",
        "recommended",
        "recommendations",
        "recirculation",
        "promo",
        "promos",
        "promotion",
        "promoted",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "ads",
        "ad",
        "adslot",
        "adunit",
        "sponsor",
        "sponsored",
        "sponsors",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "comment",
        "comments",
        "commenting",
        "disqus",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
        "popular",
        "mostread",
        "trending",
        "widget",
        "widgets",
        "sidebar",
        "footer",
        "modal",
        "popup",
        "overlay",
        "outbrain",
        "taboola",
        "toolbar",
        "byline",
        "caption",
        "captions",
        "credit",
        "credits",
        "hidden",
        "sr-only",
        "visually-hidden",
        "screen-reader-text",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "masthead",
        "tags",
        "tagcloud",
        "taglist",
        "keywords",
        "author-bio",
        "authorbio",
        "author-box",
        "bio",
        "share-buttons",
        "follow",
        "follow-us",
        "more-stories",
        "read-more",
        "readmore",
        "also-read",
        "see-also",
        "next-article",
        "prev-next",
        "timestamp",
        "dateline",
        "print",
        "skip",
        "jump-link",
        "paywall",
        "login",
    ]
)
_JUNK_TOKEN_RE = re.compile(
    r"^(?:"
    r"(?:post|entry|article|story)-(?:tags|meta|footer|share|sharing|author|byline|info|date)"
    r"|(?:tags|tag)-(?:list|links|cloud|wrap|container)"
    r"|(?:most|more)-(?:read|popular|viewed|stories|news)"
    r"|(?:related|recommended)[\w-]*|social[\w-]*|share[\w-]*|newsletter[\w-]*|comments?[\w-]*"
    r"|ad|ads|advert[\w-]*|sponsor[\w-]*|promo[\w-]*|cookie[\w-]*"
    r")$",
    re.I,
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _junk_token(token: str) -> bool:
    token = token.lower()
    if token in _JUNK_WORDS or _JUNK_TOKEN_RE.match(token):
        return True
    parts = re.split(r"[-_]+", token)
    # "c-share", "js-newsletter", "site-footer": a junk word as the last or only real part.
    return len(parts) > 1 and (
        parts[-1] in _JUNK_WORDS or (parts[0] in _JUNK_WORDS and len(parts) <= 2)
    )


def is_junk_container(el: Any, tag: str) -> bool:
    """Whether ``el`` is, by its tag, role, visibility or class/id, not part of the story."""
    if tag in SOFT_SKIP_TAGS:
        return True
    attrib = el.attrib
    if not attrib:
        return False
    role = attrib.get("role")
    if role and role.lower() in _SKIP_ROLES:
        return True
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    if style and _HIDDEN_STYLE_RE.search(style):
        return True
    names = (attrib.get("class") or "") + " " + (attrib.get("id") or "")
    return any(_junk_token(token) for token in names.split())
