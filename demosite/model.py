"""The demo site's content: sections, tags, authors and articles, generated from a seed.

Everything here is plain data; :mod:`demosite.pages` renders it. The same
``(articles, seed)`` always yields the same content, so pages are byte-identical across runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from demosite import vocabulary as voc
from demosite.text import Fragment, Prose, plain, slugify

# The day the site is "today" (shown in the date bar); stories spread over the months before it.
SITE_NOW = datetime(2022, 5, 26, 11, 0, tzinfo=UTC)
SPREAD = timedelta(days=180)

# Several offsets on one site, so that a crawler has to normalise to UTC.
OFFSETS: tuple[timezone, ...] = tuple(
    timezone(timedelta(minutes=m)) for m in (0, -7 * 60, 2 * 60, 60, -4 * 60, 5 * 60 + 30)
)

LISTING_PAGE_SIZE = 10


@dataclass(frozen=True)
class Section:
    slug: str
    name: str

    @property
    def path(self) -> str:
        return f"/category/{self.slug}/"


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str

    @property
    def path(self) -> str:
        return f"/tag/{self.slug}/"


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    agency: bool = False  # a news agency's account ("Reuters"), not a person

    @property
    def path(self) -> str:
        return f"/author/{self.slug}/"


@dataclass(frozen=True)
class Block:
    """One block of the story body: a paragraph (``p``) or a subheading (``h2``)."""

    kind: str
    content: Fragment


@dataclass
class Article:
    """One article and the choices that decide how its page is marked up."""

    post_id: int
    slug: str
    title: str
    section: Section
    tags: list[Tag]
    authors: list[Author]
    published: datetime  # aware, in the offset the page states
    modified: datetime
    blocks: list[Block]
    description: str
    image_caption: str
    image_credit: str
    # Markup choices
    has_jsonld: bool
    schema_type: str  # NewsArticle or Article
    has_article_meta: bool  # article:published_time, article:section, article:tag
    og_title_suffix: bool
    newsletter_in_body: bool
    # Other articles' indexes, filled once every article exists
    read_more: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    # The duplicate cases (see :mod:`demosite.variants`)
    old_slug: str | None = None  # the slug before an edit; its address redirects here
    cluster: str | None = None  # the key of the wire story this article carries
    topic_group: str | None = None  # the key of a group of distinct stories on one topic
    # Links on this page that point at another address of their target article:
    # ("read_more" | "related", target index) -> "amp" | "old" | "legacy".
    variant_links: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def amp_path(self) -> str:
        return self.path + "amp/"

    @property
    def print_path(self) -> str:
        return self.path + "print/"

    @property
    def old_path(self) -> str | None:
        if self.old_slug is None:
            return None
        return f"/{self.published:%Y/%m/%d}/{self.old_slug}/"

    @property
    def image_path(self) -> str:
        return f"/wp-content/uploads/{self.published:%Y/%m}/{self.slug}-1200x675.jpg"

    @property
    def body(self) -> str:
        return "\n\n".join(" ".join(b.content.text.split()) for b in self.blocks)


@dataclass
class WireStory:
    """One agency story that several articles carry, lightly edited (see ``variants``)."""

    key: str
    topic: int  # index into TOPICS
    agency: Author
    paragraphs: list[list[Fragment]]  # the original copy, sentence by sentence
    members: list[int]  # article indexes, oldest first; the first is the original


@dataclass
class TopicGroup:
    """Distinct stories on one topic that share boilerplate sentences, and nothing else."""

    key: str
    topic: int
    shared: list[Fragment]  # the standard paragraphs every member carries
    members: list[int]


@dataclass
class SiteModel:
    """All content of one demo site, with the indexes the listings need (newest first)."""

    sections: list[Section]
    tags: list[Tag]
    authors: list[Author]
    articles: list[Article]  # oldest first; index = position
    by_path: dict[str, int]
    by_section: dict[str, list[int]]
    by_tag: dict[str, list[int]]
    by_author: dict[str, list[int]]
    newest: list[int]
    popular: list[int]
    now: datetime = SITE_NOW  # "today" on the date bar
    all_tags: list[Tag] = field(default_factory=list)  # every tag the vocabulary has
    all_authors: list[Author] = field(default_factory=list)  # staff, then agencies used
    by_old_path: dict[str, int] = field(default_factory=dict)
    wires: list[WireStory] = field(default_factory=list)
    topic_groups: list[TopicGroup] = field(default_factory=list)

    @property
    def titles(self) -> set[str]:
        return {a.title for a in self.articles}

    @property
    def slugs(self) -> set[str]:
        return {a.slug for a in self.articles} | {
            a.old_slug for a in self.articles if a.old_slug is not None
        }

    def reindex(self) -> None:
        """Recompute the listings, paths and used tags and authors from ``articles``."""
        by_section: dict[str, list[int]] = {s.slug: [] for s in self.sections}
        by_tag: dict[str, list[int]] = {}
        by_author: dict[str, list[int]] = {}
        newest = list(range(len(self.articles) - 1, -1, -1))
        for i in newest:
            article = self.articles[i]
            by_section[article.section.slug].append(i)
            for tag in article.tags:
                by_tag.setdefault(tag.slug, []).append(i)
            for author in article.authors:
                by_author.setdefault(author.slug, []).append(i)
        self.by_section, self.by_tag, self.by_author, self.newest = (
            by_section,
            by_tag,
            by_author,
            newest,
        )
        self.by_path = {a.path: i for i, a in enumerate(self.articles)}
        self.by_old_path = {
            path: i for i, a in enumerate(self.articles) if (path := a.old_path) is not None
        }
        self.tags = [t for t in self.all_tags if t.slug in by_tag]
        self.authors = [a for a in self.all_authors if a.slug in by_author]


def _authors(rng: random.Random) -> list[Author]:
    names: list[str] = []
    while len(names) < 24:
        name = f"{rng.choice(voc.FIRST_NAMES)} {rng.choice(voc.LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return [Author(slugify(n), n) for n in names]


def body(prose: Prose, rng: random.Random) -> list[Block]:
    count = rng.randint(5, 12)
    blocks: list[Block] = []
    for i in range(count):
        # A subheading now and then, never first or last, as editors break up long copy.
        if 2 <= i < count - 1 and rng.random() < 0.12:
            blocks.append(Block("h2", plain(prose.subheading())))
        blocks.append(Block("p", prose.paragraph()))
    return blocks


def _short_slug(slug: str, limit: int = 75) -> str:
    """*slug* cut at a word boundary, as editors trim long headlines' slugs."""
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0]


def unique_title(prose: Prose, titles: set[str]) -> str:
    title = prose.headline()
    for _ in range(20):
        if title not in titles:
            break
        title = prose.headline()
    titles.add(title)
    return title


def unique_slug(title: str, slugs: set[str]) -> str:
    slug = base_slug = _short_slug(slugify(title))
    n = 2
    while slug in slugs:
        slug, n = f"{base_slug}-{n}", n + 1
    slugs.add(slug)
    return slug


@dataclass
class Vocabulary:
    """The taxonomy and staff articles are drawn from, and the titles and slugs taken."""

    sections: list[Section]
    tags_by_name: dict[str, Tag]
    authors: list[Author]
    titles: set[str]
    slugs: set[str]


def new_article(
    rng: random.Random, vocab: Vocabulary, index: int, moment: datetime, now: datetime
) -> Article:
    """Article number *index*, published at *moment* (UTC), last modified by *now* at the latest."""
    topic_index = rng.randrange(len(voc.TOPICS))
    topic = voc.TOPICS[topic_index]
    prose = Prose(rng, topic)
    title = unique_title(prose, vocab.titles)
    slug = unique_slug(title, vocab.slugs)

    tz = rng.choice(OFFSETS)
    published = moment.astimezone(tz)
    modified = published
    if rng.random() < 0.45:
        modified = min(published + timedelta(minutes=rng.randint(5, 4 * 24 * 60)), now)
        modified = modified.astimezone(tz)

    own = rng.sample(topic.tags, rng.randint(1, 4))
    if rng.random() < 0.3:
        own.append(rng.choice(voc.GENERAL_TAGS))
    blocks = body(prose, rng)
    return Article(
        post_id=1000 + index * 7,
        slug=slug,
        title=title,
        section=vocab.sections[topic_index],
        tags=[vocab.tags_by_name[name] for name in own],
        authors=rng.sample(vocab.authors, 2 if rng.random() < 0.2 else 1),
        published=published,
        modified=modified,
        blocks=blocks,
        description=next(b for b in blocks if b.kind == "p").content.text,
        image_caption=prose.caption(),
        image_credit=rng.choice(voc.IMAGE_CREDITS),
        has_jsonld=rng.random() < 0.8,
        schema_type="NewsArticle" if rng.random() < 0.7 else "Article",
        has_article_meta=rng.random() < 0.5,
        og_title_suffix=rng.random() < 0.5,
        newsletter_in_body=rng.random() < 0.3,
    )


def add_promos(site: SiteModel, rng: random.Random, indexes: list[int]) -> None:
    """Fill the READ MORE promos and related links of the articles at *indexes*."""
    for i in indexes:
        article = site.articles[i]
        # READ MORE promos point at earlier stories in the same section, as real ones do.
        same = [j for j in site.by_section[article.section.slug] if j != i]
        older = [j for j in same if j < i] or same or [j for j in site.newest if j != i]
        article.read_more = rng.sample(older[:30], min(len(older), rng.randint(1, 2)))
        others = [j for j in site.newest[:60] if j != i]
        article.related = rng.sample(others, min(len(others), 4))


def vocabulary(rng: random.Random) -> Vocabulary:
    sections = [Section(slugify(t.section), t.section) for t in voc.TOPICS]
    tag_names = [name for t in voc.TOPICS for name in t.tags] + list(voc.GENERAL_TAGS)
    tags_by_name = {name: Tag(slugify(name), name) for name in dict.fromkeys(tag_names)}
    return Vocabulary(sections, tags_by_name, _authors(rng), set(), set())


def build(articles: int, seed: int) -> tuple[SiteModel, Vocabulary]:
    """Generate the site: *articles* stories from random source *seed*, as of ``SITE_NOW``."""
    if articles < 1:
        raise ValueError("the demo site needs at least one article")
    rng = random.Random(seed)
    vocab = vocabulary(rng)

    # Publication times first, sorted, so that post ids grow with time as in WordPress.
    seconds = sorted(rng.randrange(int(SPREAD.total_seconds())) for _ in range(articles))
    start = SITE_NOW - SPREAD
    made = [
        new_article(rng, vocab, index, start + timedelta(seconds=offset), SITE_NOW)
        for index, offset in enumerate(seconds)
    ]
    site = SiteModel(
        sections=vocab.sections,
        tags=[],
        authors=[],
        articles=made,
        by_path={},
        by_section={},
        by_tag={},
        by_author={},
        newest=[],
        popular=[],
        all_tags=list(vocab.tags_by_name.values()),
        all_authors=list(vocab.authors),
    )
    site.reindex()
    add_promos(site, rng, list(range(len(made))))
    site.popular = rng.sample(site.newest[:40], min(len(site.newest), 5))
    return site, vocab
