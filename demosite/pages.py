"""HTML for each kind of demo page: article, listing (home, category, tag, author), static, 404.

*base* is always the site's origin without a trailing slash (``http://127.0.0.1:8123``) and
every ``path`` starts with ``/``.
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING

from demosite import jsonld
from demosite.layout import NEWSLETTER_BOX, Head, attr, human_date, page, text
from demosite.model import LISTING_PAGE_SIZE
from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from collections.abc import Callable

    from demosite.model import Article, SiteModel

EXCERPT_WORDS = 30
DESCRIPTION_CHARS = 155


def _shorten(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0] + "…"


def _excerpt(article: Article) -> str:
    words = article.body.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" […]" if len(words) > EXCERPT_WORDS else "")


def _byline(article: Article, base: str) -> str:
    links = [
        f'<a class="url fn n" rel="author" href="{base}{a.path}">{text(a.name)}</a>'
        for a in article.authors
    ]
    names = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    return f'<span class="byline">By <span class="author vcard">{names}</span></span>'


def _times(article: Article) -> str:
    published = (
        f'<time class="entry-date published" datetime="{article.published.isoformat()}">'
        f"{human_date(article.published)}</time>"
    )
    if article.modified == article.published:
        # WordPress themes keep the updated time in the markup, hidden, when it is the same.
        updated = (
            f'<time class="updated" datetime="{article.modified.isoformat()}" hidden>'
            f"{human_date(article.modified)}</time>"
        )
    else:
        updated = (
            f' <span class="updated-on">Updated: <time class="updated" '
            f'datetime="{article.modified.isoformat()}">{human_date(article.modified)}</time>'
            "</span>"
        )
    return f'<span class="posted-on">Published: {published}{updated}</span>'


def _article_meta(article: Article) -> str:
    """The Open Graph ``article:*`` properties some pages carry."""
    if not article.has_article_meta:
        return ""
    lines = [
        f'<meta property="article:published_time" content="{article.published.isoformat()}">',
        f'<meta property="article:modified_time" content="{article.modified.isoformat()}">',
        f'<meta property="article:section" content="{attr(article.section.name)}">',
        *(f'<meta property="article:tag" content="{attr(t.name)}">' for t in article.tags),
    ]
    return "\n".join(lines) + "\n"


def _link_list(
    site: SiteModel,
    base: str,
    indexes: list[int],
    tag: str = "ul",
    href: Callable[[int], str] | None = None,
) -> str:
    items = "".join(
        f'<li><a href="{attr(href(i) if href else base + site.articles[i].path)}">'
        f"{text(site.articles[i].title)}</a></li>"
        for i in indexes
    )
    return f"<{tag}>{items}</{tag}>"


POPULAR_QUERY = "?utm_source=demodaily&utm_medium=most-popular"


def _fbclid(path: str) -> str:
    """A click id as Facebook appends to shared links: opaque, but the same every time."""
    return "?fbclid=IwAR" + hashlib.sha256(path.encode()).hexdigest()[:24]


def _variant_href(
    site: SiteModel, base: str, legacy: str | None, source: Article, place: str, target: int
) -> str:
    """Where a link on *source* (in *place*) to article *target* points: its own URL, or
    another address of it that the model chose (AMP page, old slug, legacy origin)."""
    other = site.articles[target]
    kind = source.variant_links.get((place, target))
    path = other.path
    if kind == "amp":
        path = other.amp_path
    elif kind == "old" and other.old_path is not None:
        path = other.old_path
    elif kind == "legacy" and legacy is not None:
        return legacy + other.path
    # READ MORE promos are root-relative, as editors paste them; the lists are absolute.
    return path if place == "read_more" else base + path


def _entry_content(
    site: SiteModel, base: str, article: Article, image_url: str, legacy: str | None
) -> str:
    url = base + article.path
    credit = f"Image: {article.image_credit}"
    figure = (
        '<figure class="wp-block-image size-large">'
        f'<img src="{attr(image_url)}" alt="{attr(article.image_caption)}" width="1200" '
        'height="675" loading="lazy">'
        f"<figcaption>{text(article.image_caption)} ({text(credit)})</figcaption></figure>"
    )
    paragraphs = [i for i, b in enumerate(article.blocks) if b.kind == "p"]
    # READ MORE promos sit between story paragraphs, a third and two thirds of the way down.
    promo_after = {
        paragraphs[max(0, len(paragraphs) * (n + 1) // 3 - 1)]: index
        for n, index in enumerate(article.read_more)
    }
    parts: list[str] = []
    for position, block in enumerate(article.blocks):
        parts.append(f"<{block.kind}>{block.content.html}</{block.kind}>")
        if position == paragraphs[0]:
            parts.append(figure)
        if position in promo_after:
            target = promo_after[position]
            href = _variant_href(site, base, legacy, article, "read_more", target)
            parts.append(
                f'<p><strong>READ MORE: <a href="{attr(href)}">'
                f"{text(site.articles[target].title)}</a></strong></p>"
            )
        if article.newsletter_in_body and position == paragraphs[len(paragraphs) // 2]:
            parts.append(NEWSLETTER_BOX)
    share_url = attr(url)
    parts.append(
        '<div class="share">Share on '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={share_url}">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={share_url}">Twitter</a> '
        f'<a href="mailto:?body={share_url}">Email</a></div>'
    )
    return '<div class="entry-content">\n' + "\n".join(parts) + "\n</div>\n"


def article_page(site: SiteModel, base: str, index: int, legacy: str | None = None) -> str:
    """The page of article *index*; links the model sends via the legacy origin use *legacy*
    (an origin like *base*), or the site's own origin when it is None."""
    article = site.articles[index]
    url = base + article.path
    image_url = base + article.image_path
    tag_classes = " ".join(f"tag-{t.slug}" for t in article.tags)
    tag_links = ", ".join(
        f'<a href="{base}{t.path}" rel="tag">{text(t.name)}</a>' for t in article.tags
    )
    others = [t for t in site.tags if t not in article.tags][:12]
    other_tags = " ".join(
        f'<a class="tag-cloud-link" href="{base}{t.path}">{text(t.name)}</a>' for t in others
    )

    def related(target: int) -> str:
        return _variant_href(site, base, legacy, article, "related", target)

    def popular(target: int) -> str:
        return base + site.articles[target].path + POPULAR_QUERY

    main = (
        f'<div class="sticky-headline" aria-hidden="true">{text(article.title)}</div>\n'
        f'<article id="post-{article.post_id}" class="post-{article.post_id} post type-post '
        f"status-publish format-standard has-post-thumbnail hentry "
        f'category-{article.section.slug} {tag_classes}">\n'
        '<header class="entry-header">'
        f'<span class="crumb"><a href="{base}{article.section.path}">'
        f"{text(article.section.name)}</a></span>"
        f'<h1 class="entry-title">{text(article.title)}</h1>\n'
        f'<div class="entry-meta">{_byline(article, base)} {_times(article)}</div>'
        "</header>\n"
        f"{_entry_content(site, base, article, image_url, legacy)}"
        f'<footer class="entry-footer"><span class="tags-links">Tags: {tag_links}</span> '
        f'<span class="print-link"><a href="{base}{article.print_path}">'
        "Print this story</a></span></footer>\n"
        "</article>\n"
        '<section class="related-content"><h3>Check out our other content</h3>'
        f"{_link_list(site, base, article.related, href=related)}</section>\n"
        f'<section class="other-tags"><h3>Check out other tags:</h3>{other_tags}</section>\n'
        '<section class="most-popular"><h3>Most Popular Articles</h3>'
        f"{_link_list(site, base, site.popular, 'ol', href=popular)}</section>\n"
    )
    suffixed = f"{article.title} | {SITE_NAME}"
    head = Head(
        title=suffixed,
        canonical=url,
        description=_shorten(article.description, DESCRIPTION_CHARS),
        og_type="article",
        og_title=suffixed if article.og_title_suffix else article.title,
        og_image=image_url,
        extra_meta=_article_meta(article),
        jsonld=jsonld.script(jsonld.article_graph(base, article, image_url))
        if article.has_jsonld
        else "",
        amphtml=base + article.amp_path,
    )
    body_class = f"post-template-default single single-post postid-{article.post_id}"
    return page(site, base, head, body_class, main)


AMP_BOILERPLATE = (
    "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
    "animation:-amp-start 8s steps(1,end) 0s 1 normal both}@keyframes -amp-start{from"
    "{visibility:hidden}to{visibility:visible}}</style><noscript><style amp-boilerplate>"
    "body{-webkit-animation:none;animation:none}</style></noscript>"
)


def _story_blocks(article: Article) -> str:
    return "\n".join(f"<{b.kind}>{b.content.html}</{b.kind}>" for b in article.blocks)


def amp_page(site: SiteModel, base: str, index: int) -> str:
    """The AMP version of article *index*, as the WordPress AMP plugin's reader mode serves it:
    ``<html amp>``, the same story and metadata, a canonical link to the article, no chrome."""
    article = site.articles[index]
    url = base + article.path
    image_url = base + article.image_path
    suffixed = f"{article.title} | {SITE_NAME}"
    tag_links = ", ".join(
        f'<a href="{base}{t.path}" rel="tag">{text(t.name)}</a>' for t in article.tags
    )
    # AMP pages always carry the JSON-LD: Google requires it of them.
    graph = jsonld.script(jsonld.article_graph(base, article, image_url))
    description = _shorten(article.description, DESCRIPTION_CHARS)
    og_title = suffixed if article.og_title_suffix else article.title
    return (
        "<!DOCTYPE html>\n"
        '<html amp lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        f"<title>{text(suffixed)}</title>\n"
        f'<meta name="description" content="{attr(description)}">\n'
        f'<link rel="canonical" href="{attr(url)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{attr(og_title)}">\n'
        f'<meta property="og:url" content="{attr(url)}">\n'
        f'<meta property="og:site_name" content="{attr(SITE_NAME)}">\n'
        f"{_article_meta(article)}"
        f'<meta property="og:image" content="{attr(image_url)}">\n'
        f"{graph}\n"
        f"{AMP_BOILERPLATE}\n"
        "<style amp-custom>body{font-family:Georgia,serif}.amp-wp-header{padding:12px}</style>\n"
        "</head>\n"
        '<body class="amp-wp-article-page">\n'
        f'<header class="amp-wp-header"><a href="{base}/">{SITE_NAME}</a></header>\n'
        '<article class="amp-wp-article">\n'
        '<header class="amp-wp-article-header">'
        f'<h1 class="amp-wp-title">{text(article.title)}</h1>\n'
        f'<div class="amp-wp-meta">{_byline(article, base)} {_times(article)}</div></header>\n'
        '<figure class="amp-wp-article-featured-image">'
        f'<amp-img src="{attr(image_url)}" alt="{attr(article.image_caption)}" width="1200" '
        f'height="675" layout="responsive"></amp-img>'
        f"<figcaption>{text(article.image_caption)} (Image: {text(article.image_credit)})"
        "</figcaption></figure>\n"
        f'<div class="amp-wp-article-content">\n{_story_blocks(article)}\n</div>\n'
        '<footer class="amp-wp-article-footer">'
        f'<div class="amp-wp-tax-category">Categories: <a href="{base}{article.section.path}">'
        f"{text(article.section.name)}</a></div>"
        f'<div class="amp-wp-tax-tag">Tags: {tag_links}</div></footer>\n'
        "</article>\n"
        f'<footer class="amp-wp-footer"><p>&copy; {site.now.year} {SITE_NAME}</p>'
        f'<a href="{attr(url)}">View the full site version</a></footer>\n'
        "</body>\n</html>\n"
    )


def print_page(site: SiteModel, base: str, index: int) -> str:
    """The print view of article *index*: the story alone, ``noindex``, canonical to the
    article, ``<body class="print">``; no navigation, metadata or structured data."""
    article = site.articles[index]
    url = base + article.path
    names = " and ".join(a.name for a in article.authors)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="UTF-8">\n'
        f"<title>{text(article.title)} | {SITE_NAME}</title>\n"
        '<meta name="robots" content="noindex, follow">\n'
        f'<link rel="canonical" href="{attr(url)}">\n'
        f'<link rel="stylesheet" href="{base}/wp-content/plugins/print/print.css" media="all">\n'
        "</head>\n"
        '<body class="print">\n'
        f'<p class="print-site">{SITE_NAME}</p>\n'
        '<div class="print-article">\n'
        f'<h1 class="print-title">{text(article.title)}</h1>\n'
        f'<p class="print-meta">By {text(names)} | {human_date(article.published)}</p>\n'
        f'<div class="print-content">\n{_story_blocks(article)}\n</div>\n'
        "</div>\n"
        f'<p class="print-url">Article printed from {SITE_NAME}: {text(url)}</p>\n'
        f'<p class="print-copyright">&copy; {site.now.year} {SITE_NAME} Ltd.</p>\n'
        "</body>\n</html>\n"
    )


def _pagination(base: str, path: str, current: int, last: int) -> str:
    if last <= 1:
        return ""

    def href(n: int) -> str:
        return f"{base}{path}" if n == 1 else f"{base}{path}page/{n}/"

    links: list[str] = []
    if current > 1:
        links.append(
            f'<a class="prev page-numbers" rel="prev" href="{href(current - 1)}">Newer posts</a>'
        )
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    previous = 0
    for n in shown:
        if n - previous > 1:
            links.append('<span class="page-numbers dots">&hellip;</span>')
        if n == current:
            links.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            links.append(f'<a class="page-numbers" href="{href(n)}">{n}</a>')
        previous = n
    if current < last:
        links.append(
            f'<a class="next page-numbers" rel="next" href="{href(current + 1)}">Older posts</a>'
        )
    return (
        '<nav class="navigation pagination" aria-label="Posts">'
        '<h2 class="screen-reader-text">Posts navigation</h2>'
        f'<div class="nav-links">{" ".join(links)}</div></nav>\n'
    )


def _teaser(site: SiteModel, base: str, index: int) -> str:
    article = site.articles[index]
    url = base + article.path
    return (
        f'<article class="post-teaser post-{article.post_id}">'
        f'<h2 class="entry-title"><a href="{url}" rel="bookmark">{text(article.title)}</a></h2>'
        f'<div class="entry-meta"><time datetime="{article.published.isoformat()}">'
        f"{human_date(article.published)}</time></div>"
        f'<div class="entry-summary"><p>{text(_excerpt(article))}</p></div>'
        f'<a class="more-link" href="{url}">Read more</a></article>\n'
    )


def listing_pages(count: int) -> int:
    """How many pages a listing of *count* articles has (at least one, even when empty)."""
    return max(1, math.ceil(count / LISTING_PAGE_SIZE))


def listing_page(
    site: SiteModel,
    base: str,
    path: str,
    heading: str,
    indexes: list[int],
    number: int,
    body_class: str,
    feeds: tuple[tuple[str, str], ...] = (),
) -> str:
    """Page *number* of a listing at *path* (e.g. ``/tag/nato/``) of *indexes*, newest first."""
    last = listing_pages(len(indexes))
    url = base + path + (f"page/{number}/" if number > 1 else "")
    chunk = indexes[(number - 1) * LISTING_PAGE_SIZE : number * LISTING_PAGE_SIZE]
    teasers = "".join(_teaser(site, base, i) for i in chunk) or (
        '<section class="no-results"><p>It seems we can’t find what you’re looking for.</p>'
        "</section>\n"
    )
    main = (
        f'<header class="page-header"><h1 class="page-title">{text(heading)}</h1>'
        f'<div class="archive-description"><p>The latest {text(heading)} news, analysis and '
        "comment.</p></div></header>\n"
        f"{teasers}{_pagination(base, path, number, last)}"
    )
    page_note = f" - Page {number} of {last}" if number > 1 else ""
    name = f"{heading} Archives{page_note} | {SITE_NAME}"
    head = Head(
        title=name,
        canonical=url,
        description=f"The latest {heading} news from {SITE_NAME}.",
        og_type="website",
        og_title=name,
        jsonld=jsonld.script(jsonld.collection_graph(base, url, name, heading)),
        feeds=feeds,
    )
    if number > 1:
        body_class += f" paged paged-{number}"
    return page(site, base, head, f"archive {body_class}", main)


def home_page(site: SiteModel, base: str) -> str:
    def shared(index: int) -> str:
        # The section blocks are where readers arriving from social media land.
        path = site.articles[index].path
        return base + path + (_fbclid(path) if index % 3 == 0 else "")

    teasers = "".join(_teaser(site, base, i) for i in site.newest[:15])
    sections = "".join(
        f'<section class="section-block"><h2><a href="{base}{s.path}">{text(s.name)}</a></h2>'
        f"{_link_list(site, base, site.by_section[s.slug][:3], href=shared)}</section>\n"
        for s in site.sections
    )
    trending = " ".join(f'<a href="{base}{t.path}">{text(t.name)}</a>' for t in site.tags[::5][:8])
    main = (
        f'<h1 class="screen-reader-text">{SITE_NAME}</h1>\n'
        f'<section class="trending"><span>Trending:</span> {trending}</section>\n'
        f'<section class="latest"><h2>Latest news</h2>\n{teasers}</section>\n'
        f"{sections}"
    )
    name = f"{SITE_NAME} | News, sport and opinion"
    head = Head(
        title=name,
        canonical=f"{base}/",
        description="The latest news, sport and opinion from the Demo Daily.",
        og_type="website",
        og_title=name,
        jsonld=jsonld.script(jsonld.collection_graph(base, f"{base}/", name, None)),
    )
    return page(site, base, head, "home blog", main)


STATIC_PAGES: dict[str, tuple[str, str]] = {
    "/about/": ("About us", "The Demo Daily is a made-up newspaper that exists to be crawled."),
    "/contact/": ("Contact", "Write to the newsdesk at newsdesk@demodaily.example."),
    "/privacy-policy/": ("Privacy policy", "We store nothing about you; there is nothing here."),
}


def static_page(site: SiteModel, base: str, path: str) -> str:
    heading, blurb = STATIC_PAGES[path]
    url = base + path
    name = f"{heading} | {SITE_NAME}"
    main = (
        f'<div class="page-content"><h1 class="page-title">{text(heading)}</h1>'
        f"<p>{text(blurb)}</p></div>\n"
    )
    head = Head(
        title=name,
        canonical=url,
        description=blurb,
        og_type="website",
        og_title=name,
        jsonld=jsonld.script(jsonld.webpage_graph(base, url, name)),
    )
    return page(site, base, head, "page-template-default page", main)


def not_found_page(site: SiteModel, base: str) -> str:
    main = (
        '<section class="error-404 not-found"><header class="page-header">'
        '<h1 class="page-title">Oops! That page can’t be found.</h1></header>'
        '<div class="page-content"><p>It looks like nothing was found at this location. '
        "Maybe try one of the links below or a search?</p></div></section>\n"
    )
    name = f"Page not found | {SITE_NAME}"
    head = Head(
        title=name,
        canonical=None,
        description="Page not found",
        og_type="website",
        og_title=name,
        robots="noindex, follow",
    )
    return page(site, base, head, "error404", main)


ROBOTS_TXT = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"


def robots_txt(base: str, sitemaps: list[str]) -> str:
    """robots.txt as Yoast writes it: the rules, then the *sitemaps*' absolute URLs."""
    return ROBOTS_TXT + "\n" + "".join(f"Sitemap: {base}{path}\n" for path in sitemaps)
