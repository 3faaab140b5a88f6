from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from scrapy.exceptions import DropItem

from newscrawl.extraction.text import normalise_body, normalise_list
from newscrawl.items import Story
from newscrawl.pipelines.normalise import NormalisePipeline


def test_normalise_body_keeps_paragraphs_and_collapses_the_rest() -> None:
    body = "  First\u00a0 line\n continues.\r\n\r\n\n\u200bSecond\x00 para\u0301.  \n\n  \n"
    assert normalise_body(body) == "First line continues.\n\nSecond pará."


def test_normalise_list_trims_and_drops_case_duplicates() -> None:
    assert normalise_list([" Politics ", "politics", "", "Climate  change", "POLITICS"]) == [
        "Politics",
        "Climate change",
    ]


def test_pipeline_normalises_a_story() -> None:
    cest = timezone(timedelta(hours=2))
    story = Story(
        url="https://Example.com/a/?utm_medium=social#x",
        title="  Headline\n here ",
        body="One.\n\nTwo.",
        authors=[" Jane Doe ", "jane doe"],
        tags=["A", " a ", "B"],
        published_at=datetime(2022, 5, 26, 9, 30, tzinfo=cest),
        fetched_url="https://example.com/a/?utm_source=x",
        section="  World ",
    )
    item = NormalisePipeline().process_item(story)
    assert item.url == "https://example.com/a/"
    assert item.title == "Headline here"
    assert item.authors == ["Jane Doe"]
    assert item.tags == ["A", "B"]
    assert item.section == "World"
    assert item.published_at == datetime(2022, 5, 26, 7, 30, tzinfo=UTC)
    assert item.published_at.utcoffset() == timedelta(0)
    assert item.aliases == []  # the fetched URL is the same page once canonical


def test_pipeline_records_the_fetched_address_as_an_alias() -> None:
    story = Story(url="https://example.com/a/", fetched_url="https://example.com/amp/a/")
    assert NormalisePipeline().process_item(story).aliases == ["https://example.com/amp/a/"]


def test_a_naive_date_is_a_bug_not_a_guess() -> None:
    story = Story(url="https://example.com/a/", published_at=datetime(2022, 5, 26))
    with pytest.raises(ValueError, match="naive datetime"):
        NormalisePipeline().process_item(story)


def test_a_dict_item_with_story_fields_becomes_a_story() -> None:
    item = {
        "url": "https://Example.com/a/?utm_source=x",
        "title": " A  title ",
        "body": "One.\n\n\nTwo.",
        "published_at": "2024-05-01T12:00:00+02:00",
        "site": "example.com",
        "unknown_field": "ignored",
    }
    story = NormalisePipeline().process_item(item)
    assert isinstance(story, Story)
    assert story.url == "https://example.com/a/"
    assert story.title == "A title"
    assert story.body == "One.\n\nTwo."
    assert story.published_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_an_item_that_is_no_story_passes_unchanged() -> None:
    item = {"name": "not a story"}
    assert NormalisePipeline().process_item(item) is item


def test_an_unreadable_date_drops_the_item_with_its_reason() -> None:
    with pytest.raises(DropItem, match="not a readable story"):
        NormalisePipeline().process_item(
            {"url": "https://e.com/a", "body": "x", "published_at": "soon"}
        )
