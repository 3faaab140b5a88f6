"""Headlines that no ``<h1>`` shows: the part of the title that an element of the body shows
as its whole text, and the dates and bylines read around it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.headline import title_runs
from newscrawl.extraction.model import ExtractOptions

NOW = datetime(2024, 6, 1, tzinfo=UTC)
OPTIONS = ExtractOptions(now=NOW)

PROSE = "<p>" + "Words of the story itself, long enough to be a paragraph of text. " * 4 + "</p>"


def _page(title: str, heading: str, *, before: str = "", after: str = "") -> bytes:
    return f"""<html><head><title>{title}</title></head><body>
<table><tr><td><img src="/logo.gif" alt="Weekly Courier"></td>
<td>{before}</td></tr></table>
<table><tr><td>{heading}<br>{after}{PROSE * 3}
<ul><li><a href="/other.html">Another Story Somewhere Else</a></li></ul>
</td></tr></table></body></html>""".encode()


def test_title_runs_cover_every_part_and_run() -> None:
    runs = title_runs("A Site - A Headline - News")
    assert set(runs.values()) == {
        "A Site",
        "A Headline",
        "News",
        "A Site - A Headline",
        "A Headline - News",
        "A Site - A Headline - News",
    }


def test_headline_in_bold_text_is_the_title_part() -> None:
    html = _page(
        "Weekly Courier - Bridge Reopens After Repairs",
        '<font size="+2"><b>Bridge Reopens After Repairs</b></font>',
    )
    article = extract_article(html, "http://example.org/story.php?id=4", options=OPTIONS)
    assert article.title == "Bridge Reopens After Repairs"


def test_headline_at_either_end_and_in_any_heading() -> None:
    html = _page(
        "Bridge Reopens After Repairs :: Weekly Courier",
        '<h3 class="x">Bridge Reopens After Repairs</h3>',
    )
    article = extract_article(html, "http://example.org/s/4", options=OPTIONS)
    assert article.title == "Bridge Reopens After Repairs"


def test_a_link_to_another_page_is_no_headline() -> None:
    html = _page(
        "Weekly Courier - Bridge Reopens After Repairs",
        '<a href="/elsewhere.html">Bridge Reopens After Repairs</a>',
    )
    article = extract_article(html, "http://example.org/story.php?id=4", options=OPTIONS)
    # Nothing on the page shows the headline alone: the title is kept whole.
    assert article.title == "Weekly Courier - Bridge Reopens After Repairs"


def test_the_date_next_to_the_headline_beats_the_date_bar_above_it() -> None:
    html = _page(
        "Weekly Courier - Bridge Reopens After Repairs",
        "<b>Bridge Reopens After Repairs</b>",
        before="Friday, May 31, 2024",
        after="By Ann Smith<br>Mar. 12, 2024<br>",
    )
    article = extract_article(html, "http://example.org/story.php?id=4", options=OPTIONS)
    assert article.published_at is not None
    assert article.published_at.date() == date(2024, 3, 12)
    assert article.authors == ["Ann Smith"]


def _story(tags_html: str, *, head: str = "", nav: str = "") -> bytes:
    return f"""<html><head><title>Bridge Reopens | Courier</title>{head}</head><body>
<nav>{nav}</nav><h1>Bridge Reopens</h1>{PROSE}{tags_html}</body></html>""".encode()


SITE_WIDE = '<meta name="keywords" content="Courier, news, county">'


@pytest.mark.parametrize(
    "tags_html",
    [
        '<p><font size="2">Tags: <a href="tag.php?t=roads">roads</a>, '
        '<a href="tag.php?t=council">council</a></font></p>',
        '<div class="x"><span>Schlagwörter:</span> <a href="/a/roads/">roads</a>, '
        '<a href="/a/council/">council</a></div>',
        '<div><h3>Mots-clés</h3><ul><li><a href="/m/roads">roads</a></li>'
        '<li><a href="/m/council">council</a></li></ul></div>',
        # No label: the links' addresses say they are tags.
        '<div class="meta"><a href="/thema/roads/">roads</a> '
        '<a href="/thema/council/">council</a></div>',
    ],
)
def test_a_visible_tag_list_beats_site_wide_meta_keywords(tags_html: str) -> None:
    article = extract_article(_story(tags_html, head=SITE_WIDE), "http://example.org/s/1")
    assert article.tags == ["roads", "council"]


def test_tag_lists_in_menus_are_not_the_story_s() -> None:
    nav = 'Topics: <a href="/topics/sports/">Sports</a> <a href="/topics/weather/">Weather</a>'
    article = extract_article(_story("", head=SITE_WIDE, nav=nav), "http://example.org/s/1")
    assert article.tags == ["Courier", "news", "county"]
