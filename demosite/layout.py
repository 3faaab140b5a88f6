"""The chrome around every demo page: head, top bar, navigation, sidebar and footer.

Modelled on a WordPress theme: the boilerplate a generic extractor has to see past (weather
widget, date bar, menus, newsletter box, footer) is the same on every page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from demosite.model import SITE_NOW
from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from datetime import datetime

    from demosite.model import SiteModel


def attr(value: str) -> str:
    """Escape *value* for a double-quoted attribute."""
    return html.escape(value, quote=True)


def text(value: str) -> str:
    """Escape *value* for element content."""
    return html.escape(value, quote=False)


def human_date(moment: datetime) -> str:
    """``May 26, 2022 9:30 am``, in the moment's own offset, as WordPress themes print it."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{moment:%B} {moment.day}, {moment.year} {hour}:{moment:%M} {suffix}"


def date_bar(now: datetime) -> str:
    """``Thursday, May 26, 2022``: the day the site is "today"."""
    return f"{now:%A}, {now:%B} {now.day}, {now.year}"


DATE_BAR = date_bar(SITE_NOW)

NEWSLETTER_BOX = (
    '<div class="newsletter-signup"><h3>Sign up to our newsletter</h3>'
    "<p>Get the day’s top stories delivered straight to your inbox every morning.</p>"
    '<form action="/newsletter/" method="post"><input type="email" name="email" '
    'placeholder="Your email address"><button type="submit">Subscribe</button></form>'
    '<p class="small">We use your sign-up to provide content in ways you’ve consented to. '
    "Read our Privacy Policy.</p></div>"
)


@dataclass(frozen=True)
class Head:
    """What differs between pages in ``<head>``."""

    title: str
    canonical: str | None  # None on error pages, which have no address of their own
    description: str
    og_type: str
    og_title: str
    og_image: str | None = None
    extra_meta: str = ""
    jsonld: str = ""
    robots: str = "index, follow, max-image-preview:large, max-snippet:-1"
    amphtml: str | None = None  # the AMP version of an article
    # Feeds of this page's own archive, as (title, path): a category's feed on its listing.
    feeds: tuple[tuple[str, str], ...] = ()


def _head(head: Head, base: str) -> str:
    image = head.og_image or f"{base}/wp-content/uploads/default-share.jpg"
    canonical = og_url = ""
    if head.canonical is not None:
        canonical = f'<link rel="canonical" href="{attr(head.canonical)}">\n'
        og_url = f'<meta property="og:url" content="{attr(head.canonical)}">\n'
    amphtml = ""
    if head.amphtml is not None:
        amphtml = f'<link rel="amphtml" href="{attr(head.amphtml)}">\n'
    # Feeds are announced here only, never linked in the page, so crawlers have to autodiscover.
    own_feeds = "".join(
        f'<link rel="alternate" type="application/rss+xml" title="{attr(title)}" '
        f'href="{attr(base + path)}">\n'
        for title, path in head.feeds
    )
    return (
        "<head>\n"
        '<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(head.title)}</title>\n"
        f'<meta name="description" content="{attr(head.description)}">\n'
        f'<meta name="robots" content="{attr(head.robots)}">\n'
        f"{canonical}"
        f"{amphtml}"
        '<meta property="og:locale" content="en_GB">\n'
        f'<meta property="og:type" content="{attr(head.og_type)}">\n'
        f'<meta property="og:title" content="{attr(head.og_title)}">\n'
        f'<meta property="og:description" content="{attr(head.description)}">\n'
        f"{og_url}"
        f'<meta property="og:site_name" content="{attr(SITE_NAME)}">\n'
        f"{head.extra_meta}"
        f'<meta property="og:image" content="{attr(image)}">\n'
        '<meta property="og:image:width" content="1200">\n'
        '<meta property="og:image:height" content="675">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        '<meta name="twitter:site" content="@demodaily">\n'
        f"{head.jsonld}\n"
        f'<link rel="stylesheet" href="{base}/wp-content/themes/demodaily/style.css?ver=6.0">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
        f'href="{base}/feed/">\n'
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{SITE_NAME} &raquo; Atom Feed" href="{base}/feed/atom/">\n'
        f"{own_feeds}"
        "</head>\n"
    )


def _top(site: SiteModel, base: str) -> str:
    menu = "".join(
        f'<li class="menu-item"><a href="{base}{s.path}">{text(s.name)}</a></li>'
        for s in site.sections
    )
    return (
        '<div class="top-bar">'
        '<div class="weather-widget"><span class="weather-temp">16.1 C</span>\n'
        '<span class="weather-location">Los Angeles</span></div>\n'
        f'<div class="date-bar">{date_bar(site.now)}</div>'
        "</div>\n"
        '<header id="masthead" class="site-header">'
        f'<p class="site-title"><a href="{base}/" rel="home">{SITE_NAME}</a></p>'
        '<nav id="site-navigation" class="main-navigation" aria-label="Main menu">'
        f'<ul id="primary-menu" class="menu"><li class="menu-item"><a href="{base}/">Home</a>'
        f"</li>{menu}</ul></nav>"
        '<form role="search" class="search-form" action="/"><input type="search" name="s">'
        "</form></header>\n"
    )


def _sidebar(site: SiteModel, base: str) -> str:
    latest = "".join(
        f'<li><a href="{base}{site.articles[i].path}">{text(site.articles[i].title)}</a></li>'
        for i in site.newest[:5]
    )
    return (
        '<aside id="secondary" class="widget-area">'
        f'<section class="widget widget_recent_entries"><h2 class="widget-title">Latest news</h2>'
        f"<ul>{latest}</ul></section>"
        f'<section class="widget widget_newsletter">{NEWSLETTER_BOX}</section>'
        '<section class="widget ad-slot"><span>Advertisement</span></section>'
        "</aside>\n"
    )


def _footer(site: SiteModel, base: str) -> str:
    sections = " ".join(f'<a href="{base}{s.path}">{text(s.name)}</a>' for s in site.sections)
    return (
        '<footer id="colophon" class="site-footer">'
        f'<nav class="footer-sections">{sections}</nav>'
        f'<nav class="footer-links"><a href="{base}/about/">About us</a> '
        f'<a href="{base}/contact/">Contact</a> '
        f'<a href="{base}/privacy-policy/">Privacy policy</a></nav>'
        '<div class="social">Follow us on <a href="https://twitter.example/demodaily">Twitter</a>'
        ' and <a href="https://facebook.example/demodaily">Facebook</a></div>'
        f'<div class="site-info">&copy; {site.now.year} {SITE_NAME} Ltd. All rights reserved.'
        " Proudly powered by WordPress.</div>"
        "</footer>\n"
    )


def page(site: SiteModel, base: str, head: Head, body_class: str, main: str) -> str:
    """A whole HTML document: *main* wrapped in the site chrome."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        f"{_head(head, base)}"
        f'<body class="{attr(body_class)}">\n'
        '<div id="page" class="site">'
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
        f"{_top(site, base)}"
        '<div id="content" class="site-content">\n'
        f'<main id="main" class="site-main">\n{main}</main>\n'
        f"{_sidebar(site, base)}"
        "</div>\n"
        f"{_footer(site, base)}"
        "</div>\n"
        f'<script src="{base}/wp-includes/js/wp-embed.min.js?ver=6.0"></script>\n'
        "</body>\n</html>\n"
    )
