"""The seed page: a WordPress-like story with the usual furniture around and inside it."""

from __future__ import annotations

from pathlib import Path

from newscrawl.extraction import extract_article

PAGES = Path(__file__).parent / "pages"
URL = "https://demo-news.example/?p=4211"


def test_seed_page_body_is_exactly_the_story() -> None:
    html = (PAGES / "seed-article.html").read_bytes()
    expected = (PAGES / "seed-article.body.txt").read_text(encoding="utf-8").strip()

    article = extract_article(html, URL)

    assert article.body == expected
    assert article.problems == []


def test_seed_page_metadata() -> None:
    article = extract_article((PAGES / "seed-article.html").read_bytes(), URL)

    assert article.url == (
        "https://demo-news.example/2022/05/26/putin-humiliation-kazakhstan-cancels-victory-day/"
    )
    assert article.title == (
        "Putin humiliation: Losing allies 'in own backyard' as Kazakhstan cancels Victory Day"
    )
    assert article.authors == ["Jane Doe"]
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2022-05-26T09:15:00+00:00"
    assert article.tags == ["Kazakhstan", "Russia", "Vladimir Putin"]
    assert article.section == "News"
    assert article.language == "en-US"
    assert article.image_url == "https://demo-news.example/wp-content/uploads/2022/05/parade.jpg"
