"""The extractor ``archive reextract`` runs: a crawl's extraction over a stored response.

The archive finds it through the ``archive.extractors`` entry point (``newscrawl``), so the
archive package never imports the crawler. Given a WARC file and offset, it reads the
response record back (:func:`newscrawl.warc.records.read_response`), makes the response the
spider would have had (decoded, charset corrected), extracts the story as the ``site`` spider
does (:meth:`newscrawl.spiders.site.SiteSpider.story`) and normalises it as the first stage of
``ITEM_PIPELINES`` does, then stamps it with this extractor's version and the record it came
from. Whether the page is a story is not asked again: it was, when it was crawled.

A test, or a study of a new rule, can give ``archive reextract --extractor module:Class`` a
subclass that changes :meth:`Reextractor.story` and :attr:`Reextractor.extractor_version`.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from newscrawl import __version__
from newscrawl.extraction import EXTRACTOR_VERSION, Article, ExtractOptions, extract_article
from newscrawl.items import Story
from newscrawl.links import is_same_site
from newscrawl.pipelines.normalise import NormalisePipeline
from newscrawl.profiles import SiteProfile, load_profile
from newscrawl.warc.records import DEFAULT_MAX_SIZE, StoredResponse, read_response, to_response

# What a story takes from its article page as extracted (as the spider's _ARTICLE_FIELDS).
ARTICLE_FIELDS = tuple(
    sorted({f.name for f in fields(Story)} & {f.name for f in fields(Article)} - {"url"})
)


class Reextractor:
    """Extracts the story of a stored response, stamped with this extractor's version.

    :param profile: a site profile (TOML) whose selectors and timezone the crawl used.
    :param timezone: the timezone of dates printed without one (``NEWSCRAWL_TIMEZONE``).
    """

    extractor_version: int = EXTRACTOR_VERSION
    software_version: str = __version__

    def __init__(self, *, profile: str | None = None, timezone: str = "UTC") -> None:
        site_profile = load_profile(profile) if profile else SiteProfile()
        selectors = site_profile.selectors
        self.options = ExtractOptions(
            timezone=site_profile.timezone or timezone,
            body_selector=selectors.get("body"),
            title_selector=selectors.get("title"),
            author_selector=selectors.get("authors"),
            date_selector=selectors.get("published"),
        )
        self.normalise = NormalisePipeline()
        self.max_size = DEFAULT_MAX_SIZE

    def extract(self, path: Path, offset: int, *, url: str, site: str) -> Story | None:
        """The story of the response at ``offset`` of ``path``; None when the page gives no
        story text now.

        :param url: the archived story's URL; :param site: its site's host.
        :raises newscrawl.warc.records.WarcReadError: when the record cannot be read.
        """
        stored = read_response(path, offset, max_size=self.max_size)
        story = self.story(stored, site)
        if story is None:
            return None
        try:
            normalised: Story = self.normalise.process_item(story)
        except DropItem:
            return None
        story = normalised
        story.extractor_version = self.extractor_version
        story.software_version = self.software_version
        story.warc_file = path.name.removesuffix(".open")
        story.warc_offset = offset
        story.warc_record_id = stored.record_id
        return story

    def story(self, stored: StoredResponse, site: str) -> Story | None:
        """The story as the ``site`` spider extracts it from this response."""
        response = to_response(stored)
        if not isinstance(response, HtmlResponse):
            return None
        article = extract_article(
            response.body, response.url, tree=response.selector.root, options=self.options
        )
        if not article.body.strip():
            return None
        return Story(
            url=article.url if is_same_site(article.url, site) else response.url,
            **{name: getattr(article, name) for name in ARTICLE_FIELDS},
            site=site,
            fetched_url=response.url,
            fetched_at=stored.date,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )


def _header(response: HtmlResponse, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
