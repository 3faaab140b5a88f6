"""Bylines in many languages, near the headline; labels, roles and comment authors left out."""

from __future__ import annotations

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.authors import person_name, split_byline


def _authors(body: str) -> tuple[list[str], str | None]:
    html = f"<html><head><title>T</title></head><body>{body}</body></html>".encode()
    article = extract_article(html, "https://news.example/story")
    return list(article.authors or []), article.agency


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h1>Titel</h1><p>Von Jana Beispiel</p><p>Text.</p>", ["Jana Beispiel"]),
        ("<h1>Titre</h1><p>Par <a href='/x'>Marie Exemple</a></p>", ["Marie Exemple"]),
        ("<h1>Título</h1><p>Por María López y Juan Pérez</p>", ["María López", "Juan Pérez"]),
        ("<h1>Titolo</h1><p>Di Marco Esempio</p><p>Testo.</p>", ["Marco Esempio"]),
        ("<h1>Titel</h1><p>Door Jan de Vries</p>", ["Jan de Vries"]),
        ("<h1>Titel</h1><p>Autor: Jana Beispiel</p>", ["Jana Beispiel"]),
        (
            "<h1>Titel</h1><div class='entry-meta'>Veröffentlicht von<a href='/u/c'>Chris "
            "Muster</a></div>",
            ["Chris Muster"],
        ),
        (
            "<h1>T</h1><span class='author vcard'><a rel='author' href='/u/j'>jancak</a></span>",
            ["jancak"],
        ),
    ],
)
def test_bylines_in_many_languages(body: str, expected: list[str]) -> None:
    assert _authors(body)[0] == expected


def test_comment_authors_are_not_the_story_s() -> None:
    body = (
        "<h1>Title</h1><p>Story text.</p><div class='comments'>"
        "<div class='comment-author vcard'><b class='fn'>Anna Leserin</b> sagt:</div></div>"
    )
    assert _authors(body)[0] == []


def test_the_byline_nearest_the_headline_wins() -> None:
    body = (
        "<div class='author-box'>Jane Sidebar</div>" + "<p>Menu item</p>" * 300 + "<h1>Title</h1>"
        "<p class='byline'>By John Near</p><p>Text.</p>"
    )
    assert _authors(body)[0] == ["John Near"]


def test_agency_kept_apart() -> None:
    assert _authors("<h1>T</h1><byline>Von David Muster, dpa</byline>") == (
        ["David Muster"],
        "dpa",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Veröffentlicht am",
        "Posted on",
        "Alle Artikel",
        "Redaktion",
        "Anna sagt",
        "Lars ist Chemiker",
    ],
)
def test_labels_desks_and_prose_are_not_names(text: str) -> None:
    assert person_name(text) is None


def test_roles_after_a_name_are_dropped() -> None:
    assert split_byline(["Christoph Beispiel, Chefredakteur"]).authors == ["Christoph Beispiel"]
    assert person_name("Ursula von der Leyen") == "Ursula von der Leyen"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A byline label after the date on one line.
        (
            "<h1>Titel</h1><span>06.11.2023 13:30 von Olga Beispiel</span><p>Text.</p>",
            ["Olga Beispiel"],
        ),
        # What follows the name on the byline's line.
        ("<h1>Title</h1><h2>Posted by Jane Example under News</h2>", ["Jane Example"]),
        ("<h1>Titel</h1><p>Von Rita Roth am</p><p>12. März 2024</p>", ["Rita Roth"]),
        # After words, "von" is a preposition, not a byline.
        ("<h1>Titel</h1><p>Zum Schutz von Grundrechten</p>", []),
    ],
)
def test_bylines_inside_a_line(body: str, expected: list[str]) -> None:
    assert _authors(body)[0] == expected


def _site_named(byline: str, url: str) -> list[str]:
    html = f"""<html><head><title>T</title>
<meta property="og:site_name" content="Jana Beispiel"><meta property="og:site_name"
content="Daily Example"></head><body><h1>T</h1>{byline}</body></html>""".encode()
    return list(extract_article(html, url).authors or [])


def test_a_personal_site_named_after_its_author() -> None:
    link = '<p>By <a href="https://jana.example/author/jana/">Jana Beispiel</a></p>'
    assert _site_named(link, "https://jana.example/2024/post/") == ["Jana Beispiel"]
    # Without the author page's link the site's name is no byline.
    assert _site_named("<p class='byline'>Jana Beispiel</p>", "https://jana.example/p/") == []
    # The site's own account, named as its address: no person.
    account = '<a href="https://dailyexample.example/author/daily/">Daily Example</a>'
    assert _site_named(account, "https://dailyexample.example/p/") == []


def test_microdata_authors_of_the_story_not_of_cited_works() -> None:
    body = """<article itemscope itemtype="https://schema.org/ScholarlyArticle">
<h1 itemprop="headline">T</h1><span itemprop="author">Jana Beispiel</span>
<ol><li itemscope itemtype="https://schema.org/CreativeWork"><span itemprop="author">Paul
Cited</span></li></ol></article>"""
    assert _authors(body)[0] == ["Jana Beispiel"]


def test_a_first_name_in_structured_data_gives_way_to_the_byline_in_full() -> None:
    html = b"""<html><head><script type="application/ld+json">{"@type": "NewsArticle",
"headline": "T", "author": {"@type": "Person", "name": "Jana"}}</script></head>
<body><h1>T</h1><p class="byline">By Jana Beispiel</p><p>Text.</p></body></html>"""
    assert extract_article(html, "https://news.example/s").authors == ["Jana Beispiel"]


def test_capitals_inside_a_name_are_no_glued_label() -> None:
    assert person_name("Connor MacLeod") == "Connor MacLeod"
    assert person_name("vonJana Beispiel") == "Jana Beispiel"
