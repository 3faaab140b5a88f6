"""Each metadata path, one saved page each: JSON-LD (Yoast @graph, NewsArticle), OpenGraph
only, visible byline only, other scripts and charsets, no date at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newscrawl.extraction import ExtractOptions, extract_article

from .helpers import page

NOW = datetime(2025, 1, 1, tzinfo=UTC)
OPTIONS = ExtractOptions(now=NOW)


def test_yoast_graph_resolves_author_references() -> None:
    article = extract_article(
        page("yoast-graph.html"), "https://riverside-courier.example/?p=1", options=OPTIONS
    )

    assert article.url == "https://riverside-courier.example/news/council-approves-cycle-lanes/"
    assert article.title == "Council approves new cycle lanes for the city centre"
    assert article.authors == ["Priya Natarajan", "Tom O'Neill"]
    assert article.published_at == datetime(2023, 3, 14, 8, 30, tzinfo=UTC)
    assert article.modified_at == datetime(2023, 3, 15, 10, 0, tzinfo=UTC)
    assert article.tags == ["Cycling", "Transport", "council"]
    assert article.section == "Local News"
    assert article.language == "en-GB"
    assert article.image_url == (
        "https://riverside-courier.example/wp-content/uploads/2023/03/lanes.jpg"
    )
    assert article.provenance["authors"] == "jsonld"
    assert article.provenance["url"] == "link"
    assert article.body.startswith("Councillors voted on Tuesday night")
    assert "Objections from traders" in article.body
    assert "All rights reserved" not in article.body
    assert article.problems == []


def test_newsarticle_author_list_drops_staff_and_organisations() -> None:
    url = "https://coastal-times.example/2024/01/09/storm-closes-ports"
    article = extract_article(page("newsarticle-authors.html"), url, options=OPTIONS)

    assert article.title == "Storm closes ports along the northern coast"
    assert article.authors == ["Maria Gonzalez", "Ahmed Karim"]
    assert article.agency == "Reuters"
    assert article.published_at == datetime(2024, 1, 9, 6, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert article.modified_at is not None
    assert article.modified_at > article.published_at
    # Comma string, de-duplicated case-insensitively, in page order.
    assert article.tags == ["weather", "storms", "Ports", "ferries"]
    assert article.section == "Weather"
    assert (
        article.description == "Ferries were cancelled and harbours shut as winds reached 120 km/h."
    )
    assert article.image_url == "https://coastal-times.example/img/storm-1.jpg"


def test_opengraph_only() -> None:
    url = "https://jornaldovale.example/cidades/chuva-forte-alaga-ruas?utm_source=x"
    article = extract_article(page("opengraph-only.html"), url, options=OPTIONS)

    assert article.url == "https://jornaldovale.example/cidades/chuva-forte-alaga-ruas"
    assert article.provenance["url"] == "og"
    assert article.title == "Chuva forte alaga ruas no centro"
    assert article.published_at == datetime(
        2023, 11, 2, 17, 20, tzinfo=timezone(timedelta(hours=-3))
    )
    assert article.provenance["published_at"] == "og"
    # article:author is a profile URL, not a name.
    assert article.authors == []
    assert article.tags == ["Chuva", "Defesa Civil"]
    assert article.section == "Cidades"
    assert article.language == "pt-BR"
    assert article.image_url == "https://cdn.jornaldovale.example/fotos/chuva.jpg"
    # The "LEIA TAMBÉM:" promo is not story.
    assert "Previsão" not in article.body
    assert article.body.endswith("desobstrução de bueiros.")


def test_visible_byline_and_date_only() -> None:
    url = "https://news.example/story?id=42"
    article = extract_article(page("byline-only.html"), url, options=OPTIONS)

    assert article.title == "Factory fire forces evacuation of 200 homes"
    assert article.provenance["title"] == "h1"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.agency == "Reuters"
    assert article.provenance["authors"] == "byline"
    assert article.published_at == datetime(2022, 5, 26, 10, 5, tzinfo=UTC)
    assert article.body.split("\n\n") == [
        "Around 200 homes were evacuated on Thursday after a fire broke out at a chemical plant"
        " on the edge of the town, officials said.",
        "Firefighters brought the blaze under control by mid-afternoon, and residents were told"
        " they could return home in the evening.",
        "The cause of the fire is under investigation.",
    ]


def test_naive_dates_take_the_configured_timezone() -> None:
    options = ExtractOptions(timezone="America/New_York", now=NOW)
    article = extract_article(page("byline-only.html"), "https://news.example/a", options=options)

    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(hours=-4)
    assert article.published_at.isoformat() == "2022-05-26T10:05:00-04:00"


def test_date_from_url_when_the_page_has_none() -> None:
    url = "https://minato.example/2024/02/29/library/"
    article = extract_article(page("japanese-no-date.html"), url, options=OPTIONS)

    assert article.published_at == datetime(2024, 2, 29, tzinfo=UTC)
    assert article.provenance["published_at"] == "url"


def test_japanese_page_without_any_date() -> None:
    url = "https://minato.example/library/"
    article = extract_article(page("japanese-no-date.html"), url, options=OPTIONS)

    assert article.published_at is None
    assert article.modified_at is None
    assert "published_at" not in article.provenance
    assert article.title == "図書館の開館時間を延長へ"
    assert article.language == "ja"
    assert article.authors == ["山田 花子"]
    assert article.tags == ["図書館", "市政", "読書"]
    assert article.body.startswith("市は来月から中央図書館の開館時間を")
    assert "みなと新聞" not in article.body


def test_russian_page_in_windows_1251() -> None:
    article = extract_article(page("russian-cp1251.html"), "https://vesti.example/metro")

    assert article.title == "В Москве открылась новая станция метро"
    assert article.authors == ["Иван Петров"]
    assert article.language == "ru"
    assert article.published_at == datetime(2021, 9, 1, 12, 30, tzinfo=UTC)
    assert article.body.startswith("В среду в Москве открылась новая станция метро")
    assert article.problems == []


def test_future_date_is_rejected_and_recorded() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2030-01-01T00:00:00Z">'
        '<meta name="date" content="2024-12-30"></head><body><p>Text.</p></body></html>'
    )
    article = extract_article(html, "https://news.example/a", options=OPTIONS)

    assert article.published_at == datetime(2024, 12, 30, tzinfo=UTC)
    assert article.provenance["published_at"] == "meta"
    (problem,) = [p for p in article.problems if p.key == "published_at/future_date"]
    assert str(problem) == "published_at: date in the future rejected (2030-01-01T00:00:00Z)"


def test_site_profile_selectors_take_precedence() -> None:
    options = ExtractOptions(
        now=NOW,
        body_selector="//div[@class='main']/p[last()]",
        title_selector="p.date",
        author_selector="p.byline",
        date_selector="//p[@class='date']",
    )
    article = extract_article(page("byline-only.html"), "https://news.example/a", options=options)

    assert article.body == "The cause of the fire is under investigation."
    assert article.provenance["body"] == "selector"
    assert article.title == "Published May 26, 2022 10:05 AM"
    assert article.published_at == datetime(2022, 5, 26, 10, 5, tzinfo=UTC)
    assert article.provenance["published_at"] == "selector"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.provenance["authors"] == "selector"


MICRODATA_PAGE = """<html lang="de"><head><title>Neue Brücke eröffnet</title></head><body>
<div itemscope itemtype="https://schema.org/NewsArticle">
  <h1 itemprop="headline">Neue Brücke über den Rhein eröffnet</h1>
  <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    Von <span itemprop="name">Klaus Becker</span></span>
  <meta itemprop="datePublished" content="2022-06-01T09:00:00+02:00">
  <time class="updated" datetime="2022-06-02T08:00:00+02:00">2. Juni 2022</time>
  <meta itemprop="keywords" content="Verkehr, Rhein, Brücken">
  <div itemprop="articleBody">
    <p>Nach vier Jahren Bauzeit ist die neue Brücke über den Rhein am Mittwoch für den Verkehr
    freigegeben worden.</p>
    <p>Die Stadt rechnet mit rund 30.000 Fahrzeugen am Tag.</p>
  </div>
</div></body></html>"""


def test_microdata_and_time_elements() -> None:
    article = extract_article(MICRODATA_PAGE, "https://rhein.example/bruecke", options=OPTIONS)
    berlin_summer = timezone(timedelta(hours=2))

    assert article.title == "Neue Brücke über den Rhein eröffnet"
    assert article.provenance["title"] == "microdata"
    assert article.authors == ["Klaus Becker"]
    assert article.published_at == datetime(2022, 6, 1, 9, 0, tzinfo=berlin_summer)
    assert article.provenance["published_at"] == "microdata"
    assert article.modified_at == datetime(2022, 6, 2, 8, 0, tzinfo=berlin_summer)
    assert article.provenance["modified_at"] == "time"
    assert article.tags == ["Verkehr", "Rhein", "Brücken"]
    assert article.language == "de"
    assert article.body.split("\n\n")[1] == "Die Stadt rechnet mit rund 30.000 Fahrzeugen am Tag."
