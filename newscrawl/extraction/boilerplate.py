"""What is never story text: tags that hold no prose, and containers whose names, roles or
visibility mark them as navigation, promotion, sharing, comments and the like.

The rules are generic web conventions, not any one site's markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .text import words

# Never text of the story, whatever they contain. Not <noscript>: Blogger and other
# script-rendered pages put the story's only static copy in it; what else it holds (a
# "please enable JavaScript" line, a tracking pixel) is short and loses the container vote.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
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


# Class/id tokens that name a non-story container when they are the whole token.
_JUNK_TOKENS = words(
    """
    share shares sharing sharebar sharetools social socials newsletter newsletters subscribe
    subscription signup related recommended recommendations recirculation promo promos
    promotion promoted advert adverts advertisement advertising ads ad adslot adunit sponsor
    sponsored sponsors cookie cookies consent gdpr comment comments commenting disqus
    breadcrumb breadcrumbs pagination pager popular mostread trending widget widgets sidebar
    footer modal popup overlay outbrain taboola toolbar byline caption captions credit credits
    hidden sr-only visually-hidden screen-reader-text nav navbar navigation menu masthead tags
    tagcloud taglist keywords bio follow timestamp dateline print skip paywall login
    wp-caption-text tooltip popover rollover hovercard dropdown
    """
)
# Words that name a non-story container as the first or last part of a compound token
# ("c-share", "share-bar", "site-footer", "related-posts"). Fewer than above: as a part,
# "hidden" or "caption" says less ("field-label-hidden" is a visible field).
_JUNK_PARTS = words(
    """
    share sharing sharebar social newsletter subscribe subscription signup related
    recommended recirculation promo promos advert advertisement advertising ads ad sponsor
    sponsored cookie cookies consent gdpr comment comments commenting disqus breadcrumb
    breadcrumbs pagination sidebar footer popup modal outbrain taboola nav navbar navigation
    menu byline tags tagcloud taglist mostread trending tooltip popover rollover hovercard
    dropdown
    """
)
_PART_SPLIT_RE = re.compile(r"[-_]+")
# Words that name a non-story container wherever they sit in a token, run together with
# others ("textwidget", "relatedPosts", "commentlist", "rightsidebar").
_JUNK_INFIXES = (
    "sidebar",
    "widget",
    "comment",
    "related",
    "newsletter",
    "breadcrumb",
    "cookie",
    "footer",
    "teaser",
    "disclaimer",
    "copyright",
    "flyout",
)


def _junk_token(token: str) -> bool:
    token = token.lower()
    # Captions and credits under any name: "newsCaption", "imageEmbedCredit".
    if "caption" in token or "credit" in token:
        return True
    # Embedded posts ("social-media-embed", "twitter-tweet") are quoted story.
    if "embed" in token or "tweet" in token:
        return False
    if token in _JUNK_TOKENS:
        return True
    if any(word in token for word in _JUNK_INFIXES):
        return True
    parts = [part for part in _PART_SPLIT_RE.split(token) if part]
    # An author's box ("author-bio", "about-author", "post-author-info") is not the story.
    if len(parts) > 1 and "author" in parts:
        return True
    return len(parts) > 1 and (parts[0] in _JUNK_PARTS or parts[-1] in _JUNK_PARTS)


_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# "article-body", "story__content", "entry-content", "post-text", "articleBody", "newsText":
# a story word and a body word in one class/id token name the story's container.
_CONTENT_TOKEN_RE = re.compile(
    r"(?:article|story|entry|post|news|blog|content)[-_]*(?:body|content|text|main|inner)"
    r"|(?:body|main)[-_]*(?:article|story|text)",
    re.I,
)
# Score multipliers for markup that names the story's container.
_ARTICLE_BODY_BONUS = 2.0
_CONTENT_NAME_BONUS = 1.2


def classify(el: Any, tag: str) -> tuple[bool, bool, float]:
    """What ``el``'s markup says about it: whether it is boilerplate (by tag, role, visibility
    or class/id), whether it is hidden, and how strongly it claims to hold the story (a
    multiplier for its score, 1.0 for no opinion)."""
    attrib = el.attrib
    junk = tag in SOFT_SKIP_TAGS
    if not attrib:
        return junk, False, 1.0
    hidden = (
        "hidden" in attrib
        or attrib.get("aria-hidden") == "true"
        or _HIDDEN_STYLE_RE.search(attrib.get("style") or "") is not None
    )
    if attrib.get("itemprop") == "articleBody":
        return junk or hidden, hidden, _ARTICLE_BODY_BONUS
    if not junk:
        role = attrib.get("role")
        junk = bool(role) and role.lower() in _SKIP_ROLES
    names = attrib.get("class")
    ident = attrib.get("id")
    if ident:
        names = f"{names} {ident}" if names else ident
    if not names:
        return junk or hidden, hidden, 1.0
    names_junk, hint = _classify_names(names)
    return junk or hidden or names_junk, hidden, hint


@lru_cache(maxsize=8192)
def _classify_names(names: str) -> tuple[bool, float]:
    # Pages repeat the same class strings many times over; the cache makes each one cost once.
    junk = any(_junk_token(token) for token in names.split())
    return junk, _CONTENT_NAME_BONUS if _CONTENT_TOKEN_RE.search(names) else 1.0
