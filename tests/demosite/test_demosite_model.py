"""The generated content: determinism and the shape of the ground truth."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from demosite import DemoSite
from demosite.model import SITE_NOW, SPREAD
from tests.demosite.helpers import BASE, ORIGIN

FIELDS = {
    "url",
    "title",
    "body",
    "authors",
    "published_at",
    "modified_at",
    "tags",
    "section",
    "language",
    "image_url",
    "agency",
    "aliases",
    "cluster",
    "duplicate_of",
    "distinct_topic_group",
}


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return DemoSite(articles=150, seed=1)


def test_same_arguments_give_byte_identical_pages() -> None:
    first, second = DemoSite(articles=40, seed=3), DemoSite(articles=40, seed=3)
    paths = first.paths()
    assert paths == second.paths()
    for path in paths:
        assert first.render(path, BASE) == second.render(path, BASE)
    assert first.ground_truth(BASE) == second.ground_truth(BASE)


def test_another_seed_gives_another_site() -> None:
    assert DemoSite(articles=40, seed=3).paths() != DemoSite(articles=40, seed=4).paths()


def test_ground_truth_shape(site: DemoSite) -> None:
    truth = site.ground_truth(BASE)
    assert len(truth) == 150
    assert len({story["url"] for story in truth}) == 150
    assert len({story["title"] for story in truth}) == 150
    for story in truth:
        assert set(story) == FIELDS
        assert story["url"].startswith(ORIGIN + "/20") and story["url"].endswith("/")
        assert story["image_url"].startswith(ORIGIN + "/wp-content/uploads/")
        assert story["language"] == "en"
        assert "Demo Daily" not in story["title"]
        assert 1 <= len(story["authors"]) <= 2 or (story["agency"] and not story["authors"])
        assert 1 <= len(story["tags"]) == len(set(story["tags"]))
        assert story["published_at"].tzinfo is UTC
        assert story["modified_at"].tzinfo is UTC
        assert story["published_at"] <= story["modified_at"] <= SITE_NOW
        assert story["published_at"] >= SITE_NOW - SPREAD - timedelta(days=1)


def test_bodies_read_like_wire_copy(site: DemoSite) -> None:
    for story in site.ground_truth(BASE):
        blocks = story["body"].split("\n\n")
        assert all(block == " ".join(block.split()) for block in blocks)
        paragraphs = [b for b in blocks if b.endswith((".", "”"))]
        assert 5 <= len(paragraphs) <= 12
        assert "READ MORE" not in story["body"]
        assert "Image:" not in story["body"]
        assert story["title"] not in story["body"]


def test_markup_varies_across_articles(site: DemoSite) -> None:
    articles = site.model.articles
    with_jsonld = sum(a.has_jsonld for a in articles)
    assert 0.65 * len(articles) < with_jsonld < 0.95 * len(articles)
    assert any(len(a.authors) == 2 for a in articles)
    offsets = {a.published.utcoffset() for a in articles}
    assert len(offsets) >= 4
    assert any(a.modified > a.published for a in articles)


def test_ground_truth_follows_the_base_url(site: DemoSite) -> None:
    other = site.ground_truth("http://localhost:9999")
    assert other[0]["url"].startswith("http://localhost:9999/20")
    assert other[0]["url"].removeprefix("http://localhost:9999") == site.ground_truth(BASE)[0][
        "url"
    ].removeprefix(ORIGIN)


def test_base_url_must_be_an_origin(site: DemoSite) -> None:
    with pytest.raises(ValueError, match="origin"):
        site.render("/", "http://127.0.0.1:8123/news/")
