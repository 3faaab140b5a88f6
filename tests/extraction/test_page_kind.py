"""page_kind tells stories from listings by the page itself, never by the URL."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from newscrawl.extraction import page_kind

from .helpers import page

# A URL that looks like a story, so that only the page can decide.
URL = "https://news.example/2023/03/14/some-story/"


def _tree(data: bytes | str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(data)


@pytest.mark.parametrize(
    "name",
    [
        "seed-article.html",
        "yoast-graph.html",
        "newsarticle-authors.html",
        "opengraph-only.html",
        "byline-only.html",
    ],
)
def test_articles(name: str) -> None:
    assert page_kind(_tree(page(name)), URL) == "article"


def test_yoast_collection_page_is_a_listing() -> None:
    assert page_kind(_tree(page("listing.html")), URL) == "listing"


def test_listing_recognised_by_structure_alone() -> None:
    html = re.sub(rb"<script.*?</script>", b"", page("listing.html"), flags=re.S)
    assert page_kind(_tree(html), URL) == "listing"


def test_article_recognised_by_structure_alone() -> None:
    html = page("seed-article.html").replace(b'property="og:type"', b'property="og:x"')
    assert page_kind(_tree(html), URL) == "article"


def test_several_types_per_node_and_yoast_webpage() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@graph": ['
        '{"@type": "WebPage"}, {"@type": ["Thing", "schema:ReportageNews"]}]}</script>'
        "</head><body></body></html>"
    )
    assert page_kind(_tree(html), URL) == "article"


def test_types_read_as_the_metadata_readers_read_them() -> None:
    # One reading of "@type" for page_kind and extraction: fragment IRIs and stray spaces too.
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "http://schema.org#CollectionPage "}</script></head><body></body></html>'
    )
    assert page_kind(_tree(html), URL) == "listing"


def test_a_page_with_little_text_is_other() -> None:
    html = "<html><body><h1>Contact us</h1><p>Call us.</p></body></html>"
    assert page_kind(_tree(html), URL) == "other"


def test_malformed_jsonld_falls_through_to_the_structure() -> None:
    html = page("listing.html").replace(b'"CollectionPage"', b"CollectionPage")
    assert page_kind(_tree(html), URL) == "listing"
