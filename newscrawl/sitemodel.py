"""What a crawl learns about a site as it goes, and the judgement of each page with it in view.

A page alone often cannot say whether it is a story: a hand-written site declares no types, a
short story has few paragraphs, a homepage of teasers reads like prose, an "About us" page
carries ``og:type=article``. The site as a whole can tell:

- **addresses**: the shapes of the addresses of the site's stories (``/2024/03/14/<slug>/``,
  ``/story.php?id=<n>``), learned from pages confirmed as stories;
- **listings**: a page that links, with headline-long text, to several pages of one address
  shape other than its own is a listing; the pages a listing links to are its items;
- **the template**: a link found on most pages (navigation, footer) leads to a section front or
  a page about the site, not to a story;
- **static pages**: their names in many languages (:data:`~newscrawl.extraction.pagekind.
  STATIC_WORDS`), in an address, a heading, or the text of a link to the page;
- **copies**: a story's own print, text-only and AMP links, and a page whose heading and text
  are those of a story already taken, are other addresses of that story (its aliases).

:meth:`SiteModel.judge` returns a :class:`Verdict` or None when the page must wait until the
site is better known; :meth:`SiteModel.settle` decides a waiting page for good. Memory is
bounded: link counts stop after :data:`TEMPLATE_PAGES` pages, and every table has a cap.
Pure: no Scrapy, no archive.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from newscrawl.extraction.pagekind import STATIC_WORDS, PageFeatures, segments, word_key
from newscrawl.urls import canonical_url

#: Pages whose links are counted to find the site's template.
TEMPLATE_PAGES = 40
#: A link on at least this share of those pages is part of the template.
TEMPLATE_SHARE = 0.6
#: Links a page must have to count for the template.
TEMPLATE_MIN_LINKS = 10
#: Pages counted before the template is known.
TEMPLATE_KNOWN = 5
#: Stories confirmed before the site's story addresses are trusted.
MATURE_STORIES = 4
#: Headline links to pages of one address shape (not the page's own) that make a listing.
LISTING_ITEMS = 4
#: Shortest paragraph compared when looking for copies of a story.
PARAGRAPH_CHARS = 60
_MAX_PARAGRAPHS = 300_000
_MAX_COPIES = 100_000
_MAX_STATIC_LINKS = 2_000
_MAX_TITLES = 100_000

_DIGITS = re.compile(r"\d+")
_NUMBERS = re.compile(r"[\d\-_.:]+")
_ID = re.compile(r"[a-z]*\d[a-z\d]*", re.IGNORECASE)
_SCRIPT = re.compile(r"\.(php|aspx?|jsp|cgi|pl|cfm)$", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """A page's kind: ``article``, ``listing``, ``static``, ``copy`` or ``other``; why; and for a
    copy, the story it copies (None when that story was never found)."""

    kind: str
    reason: str
    story_url: str | None = None


def _segment_class(segment: str) -> str:
    if segment.isdigit():
        return "Y" if len(segment) == 4 and 1900 <= int(segment) <= 2100 else "#"
    if _NUMBERS.fullmatch(segment):
        return "D"  # a date or a range: 2024-02-27
    tokens = [t for t in re.split(r"[-_.+~,]+", segment) if t]
    if len(tokens) >= 3 or len(segment) >= 25:
        return "s"
    if _ID.fullmatch(segment) and any(c.isalpha() for c in segment):
        return "i"
    return "w"


def url_shape(url: str) -> tuple[str, ...]:
    """The shape of an address: its path segments as classes (``Y`` a year, ``#`` a number,
    ``D`` a date, ``s`` a slug, ``i`` an id, ``w`` a word), a script's name kept as it is
    (``story.php``), then the query's keys with their values' class."""
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    shape = []
    for position, segment in enumerate(path):
        if position == len(path) - 1 and _SCRIPT.search(segment):
            shape.append(segment.lower())
        else:
            shape.append(_segment_class(segment))
    for key, value in sorted(parse_qsl(parts.query, keep_blank_values=True)):
        shape.append(f"?{key.lower()}={'#' if _DIGITS.fullmatch(value) else 'v'}")
    return tuple(shape)


def paragraph_keys(body: str) -> list[int]:
    """Hashes of a body's paragraphs long enough to compare, folded like word lists."""
    keys = []
    for paragraph in re.split(r"\n+", body):
        key = word_key(paragraph)
        if len(key) >= PARAGRAPH_CHARS:
            keys.append(hash(key))
    return keys


class SiteModel:
    """What the crawl of one site has learned so far; see the module's docstring."""

    def __init__(self) -> None:
        self.story_shapes: Counter[tuple[str, ...]] = Counter()
        self.other_shapes: Counter[tuple[str, ...]] = Counter()
        self.stories = 0
        self.pages_counted = 0
        self.link_pages: Counter[str] = Counter()
        # Address -> the static page name a link to it showed ("impressum").
        self.static_links: dict[str, str] = {}
        # Address of a print, text-only or AMP view -> the story that named it.
        self.copies: dict[str, str] = {}
        # Paragraph hash -> the story it first appeared in; story -> its paragraph count.
        self.paragraphs: dict[int, str] = {}
        self.paragraph_counts: dict[str, int] = {}
        self.titles: dict[str, str] = {}

    # --- learning ----------------------------------------------------------------------------

    def observe_links(self, links: list[tuple[str, str]]) -> None:
        """A fetched page's links, ``(canonical address, link text)``: counted for the template
        (the first :data:`TEMPLATE_PAGES` pages), and their texts read for static pages."""
        targets = {url for url, _text in links}
        # Pages with few links (print views, bare pages) show no template.
        if self.pages_counted < TEMPLATE_PAGES and len(targets) >= TEMPLATE_MIN_LINKS:
            self.pages_counted += 1
            self.link_pages.update(targets)
        for url, text in links:
            key = word_key(text)
            if key in STATIC_WORDS and len(self.static_links) < _MAX_STATIC_LINKS:
                self.static_links.setdefault(url, key)

    def is_template_link(self, url: str) -> bool:
        """Whether most pages link to ``url`` (navigation, footer), once enough are counted."""
        if not self.template_known:
            return False
        return self.link_pages[url] >= max(3, TEMPLATE_SHARE * self.pages_counted)

    def learn_story(
        self, url: str, features: PageFeatures, body: str, copy_links: list[str]
    ) -> None:
        """A page taken as a story: its address shape, text and own views are remembered."""
        self.stories += 1
        self.story_shapes[url_shape(url)] += 1
        for link in copy_links:
            if len(self.copies) < _MAX_COPIES and link != url:
                self.copies.setdefault(link, url)
        keys = paragraph_keys(body)
        if len(self.paragraphs) < _MAX_PARAGRAPHS:
            for key in keys:
                self.paragraphs.setdefault(key, url)
        self.paragraph_counts[url] = len(keys)
        if features.title and len(self.titles) < _MAX_TITLES:
            self.titles[url] = word_key(features.title)

    def learn_other(self, url: str) -> None:
        """A page judged not a story by strong evidence: its shape counts against stories."""
        self.other_shapes[url_shape(url)] += 1

    # --- judging -----------------------------------------------------------------------------

    @property
    def template_known(self) -> bool:
        return self.pages_counted >= TEMPLATE_KNOWN

    @property
    def mature(self) -> bool:
        return self.stories >= MATURE_STORIES

    def story_shaped(self, url: str) -> bool:
        """Whether ``url`` has the shape of the site's stories (seen twice, and more often on
        stories than on other pages)."""
        shape = url_shape(url)
        found = self.story_shapes[shape]
        return found >= 2 and found > self.other_shapes[shape]

    def copied_story(self, url: str, features: PageFeatures, body: str) -> str | None:
        """The story whose text this page repeats: most of its paragraphs are that story's,
        and it is named as a view of it, or has its heading, or most of its text."""
        keys = paragraph_keys(body)
        if not keys:
            return None
        owners = Counter(self.paragraphs[key] for key in keys if key in self.paragraphs)
        if not owners:
            return None
        story, shared = owners.most_common(1)[0]
        if story == url or shared < max(1, 0.8 * len(keys)):
            return None
        whole = shared >= 0.8 * self.paragraph_counts.get(story, shared)
        same_title = bool(features.title) and self.titles.get(story) == word_key(features.title)
        if (features.copy_word is not None and whole) or (same_title and whole):
            return story
        return None

    def listed_items(self, url: str, features: PageFeatures) -> int:
        """How many pages of one address shape (not this page's own) the page links to with
        headline-long text, template links left out."""
        own = url_shape(url)
        shapes: Counter[tuple[str, ...]] = Counter()
        seen: set[str] = set()
        for link, _text in features.headline_links:
            target = canonical_url(link)
            if target in seen or self.is_template_link(target):
                continue
            seen.add(target)
            shape = url_shape(target)
            if shape != own and urlsplit(target).netloc == urlsplit(url).netloc:
                shapes[shape] += 1
        return shapes.most_common(1)[0][1] if shapes else 0

    def judge(
        self,
        url: str,
        features: PageFeatures,
        body: str,
        *,
        item: bool,
        final: bool = False,
    ) -> Verdict | None:
        """The kind of the page at ``url``; None: wait until the site is better known.

        ``body`` is the story text extraction found (empty if none); ``item`` says a listing
        or a feed linked to the page as one of its items; ``final`` forbids waiting.
        """
        story = self.copies.get(url)
        if story is not None and story != url:
            return Verdict("copy", "view named by its story", story)
        static = features.static_word
        if static is not None and (static.startswith("address:") or features.typed is None):
            return Verdict("static", static)
        if url in self.static_links and features.typed is None:
            return Verdict("static", "link-text:" + self.static_links[url])
        if body:
            story = self.copied_story(url, features, body)
            if story is not None:
                return Verdict("copy", "same text as its story", story)
        if features.typed == "listing":
            return Verdict("listing", features.typed_by)
        # og:type=article on a page every page links to is a theme's default, not a story.
        template_og = self.is_template_link(url) and features.typed_by.startswith("og:")
        if features.typed == "article" and body and not template_og:
            return Verdict("article", features.typed_by)
        if not final and not self.template_known:
            return None  # a link on every page is no story: wait to know the template
        if item and self.is_template_link(url):
            item = False  # a link on every page, headline-long or not, is not a listed item
        if features.copy_word is not None and features.copy_word != "noindex":
            if not final:
                return None  # its story may come later
            return Verdict("copy", "view of no stored story: " + features.copy_word)
        items = self.listed_items(url, features)
        if items >= LISTING_ITEMS and not (item and features.kind == "article"):
            return Verdict("listing", f"links to {items} pages of one shape")
        if features.kind == "listing":
            return Verdict("listing", "teasers")
        if not body:
            return Verdict("other", "no story text")
        shaped = self.story_shaped(url)
        if self.is_template_link(url) and not shaped:
            return Verdict("listing" if features.listing_word else "static", "site-wide link")
        if item and features.kind == "article":
            return Verdict("article", "listed item")
        if shaped and features.kind == "article":
            return Verdict("article", "story-shaped address")
        if features.listing_word is not None and not shaped:
            return Verdict("listing", "address:" + features.listing_word)
        if item or shaped:
            if features.kind == "other" and ((item and shaped) or final or self.mature):
                # Short, but where the site's stories are: a short story.
                return Verdict("article", "short " + ("listed item" if item else "story"))
            if features.kind == "other":
                return None
        if not self.mature and not final:
            return None
        if features.kind == "article":
            if not self.mature:
                return Verdict("article", "prose")
            return Verdict("other", "prose at an address unlike the site's stories")
        return Verdict("other", "little text")


def copy_links_of(url: str, features: PageFeatures) -> list[str]:
    """The page's own views worth recording as its aliases: print, text-only and AMP links
    that are not the page itself and name it (same path stem, or a query naming it)."""
    return [link for link in features.copy_links if link != url and _names(link, url)]


def _names(link: str, url: str) -> bool:
    """Whether ``link`` refers to the page at ``url``: its address extends the page's, or
    they share a number or slug that identifies the page."""
    if link.startswith(url.rstrip("/")):
        return True
    mine = {v for _k, v in parse_qsl(urlsplit(url).query) if v}
    parts = segments(url)
    if parts and (len(parts[-1]) >= 3 or parts[-1].isdigit()):
        mine.add(parts[-1])
    theirs = set(segments(link)) | {v for _k, v in parse_qsl(urlsplit(link).query) if v}
    return bool(mine & theirs - {"index", "www"})
