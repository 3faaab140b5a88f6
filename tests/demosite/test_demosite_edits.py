"""``edits=N``: the same site with N stories corrected since a crawl."""

from __future__ import annotations

import argparse
from datetime import UTC
from typing import Any

import pytest

from demosite import DemoSite
from demosite.cli import add_arguments
from tests.demosite.helpers import BASE, ORIGIN, fetch, jsonld_graph, normalise, parse

EDITS = 5


@pytest.fixture(scope="module")
def plain() -> DemoSite:
    return DemoSite(articles=120, seed=2)


@pytest.fixture(scope="module")
def edited() -> DemoSite:
    return DemoSite(articles=120, seed=2, edits=EDITS)


def by_url(site: DemoSite) -> dict[str, dict[str, Any]]:
    return {story["url"]: story for story in site.ground_truth(BASE)}


def test_edits_change_body_and_modified_date_of_exactly_n_articles(
    plain: DemoSite, edited: DemoSite
) -> None:
    before, after = by_url(plain), by_url(edited)
    assert list(before) == list(after), "no address changes"
    changed = [url for url in before if before[url] != after[url]]
    assert changed == edited.edited_urls(BASE)
    assert len(changed) == EDITS
    assert plain.edited_urls(BASE) == []
    for url in changed:
        old, new = before[url], after[url]
        differing = {key for key in old if old[key] != new[key]}
        assert differing == {"body", "modified_at"}, url
        assert old["modified_at"] < new["modified_at"] < edited.model.now
        old_blocks, new_blocks = old["body"].split("\n\n"), new["body"].split("\n\n")
        assert len(old_blocks) == len(new_blocks)
        diff = [n for n, (a, b) in enumerate(zip(old_blocks, new_blocks, strict=True)) if a != b]
        assert len(diff) == 1, "one paragraph corrected"
        assert new_blocks[diff[0]].startswith(old_blocks[diff[0]])
        assert "Updated:" in new_blocks[diff[0]] or "Correction:" in new_blocks[diff[0]]
        assert new["cluster"] is None and new["distinct_topic_group"] is None


def test_edits_are_spread_and_deterministic(edited: DemoSite) -> None:
    urls = edited.edited_urls(BASE)
    assert urls == DemoSite(articles=120, seed=2, edits=EDITS).edited_urls(BASE)
    indexes = edited.edited
    assert indexes == sorted(indexes)
    assert indexes[0] < len(edited.model.articles) // 4
    assert indexes[-1] > len(edited.model.articles) * 3 // 4


def test_edited_pages_show_the_change_everywhere(plain: DemoSite, edited: DemoSite) -> None:
    truth = by_url(edited)
    for url in edited.edited_urls(BASE):
        story = truth[url]
        article = edited.model.articles[edited.model.by_path[url.removeprefix(ORIGIN)]]
        assert article.modified.astimezone(UTC) == story["modified_at"]
        doc = parse(fetch(edited, url)[2])
        (updated,) = doc.xpath('//article//time[@class="updated"]/@datetime')
        assert updated == article.modified.isoformat()
        meta = doc.xpath('//meta[@property="article:modified_time"]/@content')
        assert meta == ([updated] if article.has_article_meta else [])
        dated = [node["dateModified"] for node in jsonld_graph(doc) if "dateModified" in node]
        assert dated == ([updated, updated] if article.has_jsonld else [])
        correction = story["body"].split("\n\n")[-1].rsplit(". ", 1)[-1]
        assert correction in normalise(doc.text_content())
        old = fetch(plain, url)[1]
        new = fetch(edited, url)[1]
        assert new["Last-Modified"] != old["Last-Modified"] and new["ETag"] != old["ETag"]


def test_other_pages_of_articles_are_untouched(plain: DemoSite, edited: DemoSite) -> None:
    changed = set(edited.edited_urls(BASE))
    for article in plain.model.articles:
        url = BASE.rstrip("/") + article.path
        if url not in changed:
            assert fetch(plain, article.path) == fetch(edited, article.path), url


def test_too_many_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="edits"):
        DemoSite(articles=20, seed=1, edits=21)
    with pytest.raises(ValueError, match="edits"):
        DemoSite(articles=20, seed=1, edits=-1)


def test_cli_takes_edits() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["--edits", "3"]).edits == 3
    assert parser.parse_args([]).edits == 0
