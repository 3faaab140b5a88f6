"""Visible dates: many languages and formats, the story's own date before others."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newscrawl.dateparse import find_dates, parse_date
from newscrawl.extraction import extract_article
from newscrawl.extraction.model import ExtractOptions

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12. März 2024", date(2024, 3, 12)),
        ("am 25.08.2015 22:30", date(2015, 8, 25)),
        ("March 12, 2024", date(2024, 3, 12)),
        ("2024年3月12日", date(2024, 3, 12)),
        ("2024년 3월 12일", date(2024, 3, 12)),
        ("12 de marzo de 2024", date(2024, 3, 12)),
        ("1er mars 2024", date(2024, 3, 1)),
        ("12 maggio 2024", date(2024, 5, 12)),
        ("12 maart 2024", date(2024, 3, 12)),
        ("12 października 2024", date(2024, 10, 12)),
        ("12 марта 2024 г.", date(2024, 3, 12)),
        ("2024. március 12.", date(2024, 3, 12)),
        ("Do 9 Apr 2020", date(2020, 4, 9)),
        ("2024/03/12", date(2024, 3, 12)),
        ("12.03.24", date(2024, 3, 12)),
    ],
)
def test_find_dates_reads_many_languages(text: str, expected: date) -> None:
    found = find_dates(text, UTC)
    assert [d.date() for _, d in found][:1] == [expected]
    assert parse_date(text, UTC) is not None


def test_find_dates_skips_version_numbers_and_reads_us_order_when_asked() -> None:
    assert find_dates("version 1.9.15", UTC) == []
    assert find_dates("03/12/2024", UTC)[0][1].date() == date(2024, 12, 3)
    assert find_dates("03/12/2024", UTC, month_first=True)[0][1].date() == date(2024, 3, 12)


def _page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>".encode()


def _published(body: str, url: str = "https://news.example/story") -> date | None:
    article = extract_article(_page(body), url)
    return article.published_at.date() if article.published_at else None


def test_the_date_line_under_the_headline_beats_the_header_date_bar() -> None:
    body = (
        "<div class='topbar'><span class='today-date'>Saturday, 1 June 2024</span></div>"
        "<nav>Home News Sport</nav><h1>Council votes on the budget</h1>"
        "<div class='post-meta'>Von Jana Beispiel, 12.03.2024</div><p>Text.</p>"
    )
    assert _published(body) == date(2024, 3, 12)


def test_an_unmarked_date_next_to_the_headline_is_read() -> None:
    body = "<h1>Ein Titel</h1><p><em>12. März 2024</em></p><p>Der Text der Meldung.</p>"
    assert _published(body) == date(2024, 3, 12)


def test_updated_dates_and_comment_dates_are_not_the_published_date() -> None:
    body = (
        "<h1>Title</h1><p class='info'>Aktualisiert am 20.05.2024, erschienen am 10.05.2024</p>"
        "<p>Text.</p><div class='comments'><span class='date'>11.05.2024</span></div>"
    )
    assert _published(body) == date(2024, 5, 10)
    body = (
        "<h1>Title</h1><p>Story text without a date.</p>"
        "<div id='comments'><span class='comment-date'>11.05.2024</span></div>"
    )
    assert _published(body) is None


def test_a_published_label_anywhere_near_the_story_wins() -> None:
    body = "<h1>Title</h1><p>Meeting on 03.04.2024.</p><p>Veröffentlicht am 28.03.2024</p>"
    assert _published(body) == date(2024, 3, 28)


def test_a_modified_date_is_kept_apart_and_used_only_when_alone() -> None:
    body = "<h1>Title</h1><div class='date-updated'>Stand: 02.12.2022</div><p>Text.</p>"
    assert _published(body) == date(2022, 12, 2)


def test_future_visible_dates_are_rejected() -> None:
    article = extract_article(
        _page("<h1>Title</h1><p class='date'>12.03.2030</p>"),
        "https://news.example/story",
        options=ExtractOptions(now=NOW),
    )
    assert article.published_at is None
    assert any(p.key == "published_at/future_date" for p in article.problems)


def test_the_story_s_own_wrappers_are_not_comments_or_teasers() -> None:
    # WordPress marks the post's wrapper "comments-open"; a lead is often a "teaser".
    body = (
        "<div class='post comments-open'><h1>Title</h1><div class='meta'>2. August 2012</div>"
        "<p>Text.</p></div>"
    )
    assert _published(body) == date(2012, 8, 2)
    body = (
        "<div class='intro'><h1>Title</h1><p class='detail__teaser-text'>Meldung vom "
        "25. Januar 2022 | Berlin</p></div><p>Text.</p>"
    )
    assert _published(body) == date(2022, 1, 25)
    # Another story's teaser links to it: its date stays its own.
    body = (
        "<h1>Title</h1><p>Text without a date.</p><div class='teaser'>"
        "<a href='/other'>Other story</a> 25. Januar 2022</div>"
    )
    assert _published(body) is None


def test_an_updated_date_alone_and_a_date_in_a_title_attribute() -> None:
    assert _published("<h1>Title</h1><p>Stand: 05. Februar 2020</p><p>Text.</p>") == date(
        2020, 2, 5
    )
    body = "<h1>Title</h1><span class='date' title='2013-04-04T18:52:11+00:00'></span><p>T</p>"
    assert _published(body) == date(2013, 4, 4)
