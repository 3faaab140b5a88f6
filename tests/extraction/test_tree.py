"""In the crawl the spider passes the tree parsel built and reads links from it afterwards."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector

from newscrawl.extraction import extract_article, page_kind

from .helpers import PAGES, page

URL = "https://demo-news.example/?p=4211"


def test_the_passed_tree_is_not_modified() -> None:
    data = page("seed-article.html")
    tree = Selector(text=data.decode("utf-8")).root
    before = etree.tostring(tree)

    article = extract_article(data, URL, tree=tree)
    page_kind(tree, URL)

    assert article.body == (PAGES / "seed-article.body.txt").read_text(encoding="utf-8").strip()
    assert etree.tostring(tree) == before


def test_a_tree_gives_the_same_article_as_bytes() -> None:
    data = page("yoast-graph.html")
    from_bytes = extract_article(data, URL)
    from_tree = extract_article(b"", URL, tree=lxml_html.document_fromstring(data))

    assert from_tree == from_bytes
