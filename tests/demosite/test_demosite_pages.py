"""The rendered pages agree with the ground truth and can be crawled from the homepage."""

from __future__ import annotations

import math
from collections import deque
from datetime import UTC, datetime
from typing import Any

import pytest

from demosite import DemoSite
from tests.demosite.helpers import (
    BASE,
    ORIGIN,
    fetch,
    internal_links,
    jsonld_graph,
    normalise,
    parse,
)

PAGE_SIZE = 10


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite(articles=120, seed=2)


@pytest.fixture(scope="module")
def truth(site: DemoSite) -> dict[str, dict[str, Any]]:
    return {story["url"]: story for story in site.ground_truth(BASE)}


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def bylined(story: dict[str, Any]) -> list[str]:
    """The names in the byline: the people, or a wire story's agency alone."""
    return [*story["authors"], *([story["agency"]] if story["agency"] else [])]


def story_blocks(doc: Any) -> list[str]:
    """The story as a careful extractor would take it: no promos, captions or share bar."""
    (content,) = doc.xpath('//article//div[@class="entry-content"]')
    blocks = []
    for element in content:
        if element.tag not in ("p", "h2"):
            continue
        if element.xpath("./strong[starts-with(., 'READ MORE:')]"):
            continue
        blocks.append(normalise(element.text_content()))
    return blocks


def test_every_article_is_reachable_from_the_homepage(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    seen = {ORIGIN + "/"}
    queue = deque(seen)
    articles_linked_from_listings: dict[str, set[str]] = {"category": set(), "tag": set()}
    while queue:
        url = queue.popleft()
        status, _headers, body = fetch(site, url)
        if status != 200:
            continue
        doc = parse(body)
        kind = url.removeprefix(ORIGIN).split("/")[1]
        if kind in articles_linked_from_listings:
            teasers = doc.xpath('//article[contains(@class, "post-teaser")]//h2/a/@href')
            articles_linked_from_listings[kind].update(teasers)
        for link in internal_links(doc):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert set(truth) <= seen
    assert set(truth) == articles_linked_from_listings["category"]
    assert set(truth) == articles_linked_from_listings["tag"]


def test_every_listed_page_renders(site: DemoSite) -> None:
    for path in site.paths():
        status, headers, body = site.render(path, BASE)
        assert status == 200, path
        assert body
        assert "Content-Type" in headers


@pytest.mark.parametrize("kind", ["category", "tag", "author"])
def test_listing_pagination_ends_correctly(site: DemoSite, kind: str) -> None:
    model = site.model
    listings = {
        "category": [(s.path, model.by_section[s.slug]) for s in model.sections],
        "tag": [(t.path, model.by_tag[t.slug]) for t in model.tags],
        "author": [(a.path, model.by_author[a.slug]) for a in model.authors],
    }[kind]
    for root, indexes in listings:
        expected = [ORIGIN + model.articles[i].path for i in indexes]
        listed: list[str] = []
        url: str | None = ORIGIN + root
        pages = 0
        while url is not None:
            status, _headers, body = fetch(site, url)
            assert status == 200, url
            doc = parse(body)
            pages += 1
            teasers = doc.xpath('//article[contains(@class, "post-teaser")]//h2/a/@href')
            assert len(teasers) <= PAGE_SIZE
            listed += teasers
            assert doc.xpath('//meta[@property="og:type"]/@content') == ["website"]
            assert jsonld_graph(doc)[0]["@type"] == "CollectionPage"
            assert not doc.xpath('//div[@class="entry-content"]')
            nexts = doc.xpath('//a[@rel="next"][contains(@class, "next")]/@href')
            url = nexts[0] if nexts else None
        last = max(1, math.ceil(len(indexes) / PAGE_SIZE))
        assert pages == last
        assert listed == expected, "newest first, each article once"
        assert site.render(f"{root}page/{last + 1}/", BASE)[0] == 404
        status, headers, _ = site.render(f"{root}page/1/", BASE)
        assert (status, headers["Location"]) == (301, ORIGIN + root)


def test_article_pages_agree_with_ground_truth(
    site: DemoSite, truth: dict[str, dict[str, Any]]
) -> None:
    for url, story in truth.items():
        status, headers, body = fetch(site, url)
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=UTF-8"
        doc = parse(body)
        assert doc.get("lang") == "en"
        assert doc.findtext(".//title") == f"{story['title']} | Demo Daily"
        assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
        assert doc.xpath('//meta[@property="og:url"]/@content') == [url]
        assert doc.xpath('//meta[@property="og:type"]/@content') == ["article"]
        assert doc.xpath('//meta[@property="og:image"]/@content') == [story["image_url"]]
        assert doc.xpath('//meta[@property="og:title"]/@content')[0].startswith(story["title"])
        assert doc.xpath('//meta[@name="description"]/@content')[0]

        # Visible markup: every page carries it; the pages without JSON-LD rely on it alone.
        crumb = doc.xpath('//span[@class="crumb"][following-sibling::*[1][self::h1]]/a/text()')
        assert crumb == [story["section"]]
        assert doc.xpath("//h1/text()") == [story["title"]]
        assert doc.xpath('//span[@class="byline"]//a[@rel="author"]/text()') == bylined(story)
        assert doc.xpath('//article//a[@rel="tag"]/text()') == story["tags"]
        (published,) = doc.xpath('//time[contains(@class, "published")]/@datetime')
        (modified,) = doc.xpath('//time[contains(@class, "updated")]/@datetime')
        assert utc(published) == story["published_at"]
        assert utc(modified) == story["modified_at"]

        assert "\n\n".join(story_blocks(doc)) == story["body"]
        content = doc.xpath('//div[@class="entry-content"]')[0]
        assert content.xpath('.//p/strong[starts-with(., "READ MORE:")]/a')
        assert content.xpath(".//figure/figcaption[contains(., 'Image: ')]")
        assert normalise(content.xpath('./div[@class="share"]')[0].text_content()) == (
            "Share on Facebook Twitter Email"
        )
        text = normalise(doc.text_content())
        for boilerplate in (
            "16.1 C",
            "Los Angeles",
            "Thursday, May 26, 2022",
            "Check out our other content",
            "Check out other tags:",
            "Most Popular Articles",
            "Sign up to our newsletter",
            "All rights reserved",
        ):
            assert boilerplate in text


def test_jsonld_agrees_with_ground_truth(site: DemoSite, truth: dict[str, dict[str, Any]]) -> None:
    without = 0
    for url, story in truth.items():
        graph = jsonld_graph(parse(fetch(site, url)[2]))
        if not graph:
            without += 1
            continue
        by_id = {node["@id"]: node for node in graph}
        (article,) = [n for n in graph if n["@type"] in ("NewsArticle", "Article")]
        assert article["headline"] == story["title"]
        assert utc(article["datePublished"]) == story["published_at"]
        assert utc(article["dateModified"]) == story["modified_at"]
        assert article["keywords"] == story["tags"]
        assert article["articleSection"] == [story["section"]]
        assert article["inLanguage"] == "en"
        assert article["mainEntityOfPage"]["@id"] == url
        refs = article["author"] if isinstance(article["author"], list) else [article["author"]]
        people = [by_id[ref["@id"]] for ref in refs]
        assert all(p["@type"] == "Person" for p in people)
        assert [p["name"] for p in people] == bylined(story)
        assert by_id[article["image"]["@id"]]["url"] == story["image_url"]
        assert {"WebSite", "WebPage", "ImageObject", "BreadcrumbList", "Organization"} <= {
            n["@type"] for n in graph
        }
    assert 0 < without < len(truth) / 2


def test_html_special_characters_are_escaped() -> None:
    site = DemoSite(articles=300, seed=1)
    escaped = [
        a for a in site.model.articles if any("&" in t.name for t in a.tags) or "&" in a.body
    ]
    assert escaped, "the vocabulary has names with '&' in them"
    for article in escaped[:5]:
        doc = parse(site.render(article.path, BASE)[2])
        assert doc.xpath('//article//a[@rel="tag"]/text()') == [t.name for t in article.tags]
        assert "\n\n".join(story_blocks(doc)) == article.body


def test_robots_redirects_and_not_found(site: DemoSite) -> None:
    status, headers, body = site.render("/robots.txt", BASE)
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"Disallow: /wp-admin/" in body

    article = site.model.articles[0]
    assert site.render(article.path + "?utm_source=x", BASE) == site.render(article.path, BASE)
    status, headers, _ = site.render(article.path.rstrip("/"), BASE)
    assert (status, headers["Location"]) == (301, ORIGIN + article.path)

    for missing in ("/nope/", "/category/nope/", "/2022/01/01/nope/", "/tag/nato/page/0/"):
        status, headers, body = site.render(missing, BASE)
        assert status == 404, missing
        assert headers["Content-Type"].startswith("text/html")
        doc = parse(body)
        assert doc.xpath('//meta[@name="robots"]/@content') == ["noindex, follow"]
        assert not doc.xpath('//link[@rel="canonical"]')
