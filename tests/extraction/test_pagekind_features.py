"""page_features and the site model: what a page says of its kind, and the judgement with the
site in view. Pure: parsed HTML, no crawl."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from newscrawl.extraction.pagekind import page_features
from newscrawl.sitemodel import SiteModel, copy_links_of, url_shape

SITE = "https://paper.example"
PROSE = "".join(
    "<p>" + f"Sentence number {n} of a long story paragraph. " * 4 + "</p>" for n in range(4)
)


def _features(body: str, url: str, head: str = ""):  # type: ignore[no-untyped-def]
    document = f"<html><head>{head}</head><body>{body}</body></html>"
    return page_features(lxml_html.document_fromstring(document), url)


@pytest.mark.parametrize(
    "path",
    [
        "/impressum/",
        "/datenschutz",
        "/mentions-legales.html",
        "/contacto/",
        "/privacy-policy/",
        "/about.php",
        "/de/agb/",
        "/info/terms-of-use/",
    ],
)
def test_static_pages_by_address_in_many_languages(path: str) -> None:
    assert (_features(PROSE, SITE + path).static_word or "").startswith("address:")


@pytest.mark.parametrize("heading", ["Über uns", "Politique de confidentialité", "Chi siamo"])
def test_static_pages_by_heading(heading: str) -> None:
    features = _features(f"<h1>{heading}</h1>{PROSE}", SITE + "/page.php?id=3")
    assert features.static_word is not None and features.static_word.startswith("heading:")


@pytest.mark.parametrize(
    "path",
    [
        "/2024/03/14/privacy-concerns-over-new-app/",  # a story about privacy
        "/news/contact-tracing-app-launched",
        "/a/b/c/impressum/",  # too deep for a page about the site
        "/tag/jobs/",  # a tag listing named like a static page
        "/category/privacy/",
    ],
)
def test_stories_with_static_words_are_not_static(path: str) -> None:
    assert _features(f"<h1>Privacy fears grow</h1>{PROSE}", SITE + path).static_word is None


def test_print_links_and_views() -> None:
    url = SITE + "/news/story.php?id=12"
    body = (
        f"<h1>Council votes</h1>{PROSE}"
        '<a href="/news/print.php?id=12">Printer-friendly version</a>'
        '<a href="/druck/12" title="Druckversion"><img src="p.gif"></a>'
        '<a href="/print-edition/">Print edition</a>'  # a product, not a view of this page
        '<a href="javascript:window.print()">Print</a>'
    )
    head = '<link rel="amphtml" href="/amp/news/12">'
    features = _features(body, url, head)
    assert set(features.copy_links) == {
        SITE + "/amp/news/12",
        SITE + "/news/print.php?id=12",
        SITE + "/druck/12",
    }
    assert set(copy_links_of(url, features)) == {
        SITE + "/amp/news/12",
        SITE + "/news/print.php?id=12",
        SITE + "/druck/12",
    }
    assert _features(PROSE, SITE + "/news/print.php?id=12").copy_word == "address:print"
    amp = page_features(
        lxml_html.document_fromstring(f"<html amp><body>{PROSE}</body></html>"), SITE + "/x"
    )
    assert amp.copy_word == "amp-html"


def test_url_shapes() -> None:
    assert url_shape(SITE + "/news/story.php?id=12") == ("w", "story.php", "?id=#")
    assert url_shape(SITE + "/2024/03/14/council-votes-on-budget/") == ("Y", "#", "#", "s")
    assert url_shape(SITE + "/archiv/2024-02-27/") == ("w", "D")
    assert url_shape(SITE + "/lokales/rat-beschliesst-haushalt-a12345.html") == ("w", "s")


def _judge(model: SiteModel, url: str, body: str, *, item: bool = False, final: bool = False):  # type: ignore[no-untyped-def]
    features = _features(body, url)
    text = "\n".join(
        p.text_content() for p in lxml_html.fragment_fromstring(body, create_parent=True).iter("p")
    )
    return model.judge(url, features, text, item=item, final=final)


def _learn_template(model: SiteModel) -> None:
    nav = [(SITE + f"/section/{n}", f"Section {n}") for n in range(10)]
    for _ in range(6):
        model.observe_links([*nav, (SITE + "/about-the-paper/", "Impressum")])


def test_the_whole_site_decides() -> None:
    model = SiteModel()
    story = f"<h1>Council votes on budget</h1>{PROSE}"
    # Nothing known yet: an undeclared page waits.
    assert _judge(model, SITE + "/news/story.php?id=1", story, item=True) is None
    _learn_template(model)
    verdict = _judge(model, SITE + "/news/story.php?id=1", story, item=True)
    assert verdict is not None and (verdict.kind, verdict.reason) == ("article", "listed item")
    # A static page named only by the text of the links to it.
    verdict = _judge(model, SITE + "/about-the-paper/", PROSE)
    assert verdict is not None and verdict.kind == "static"
    # A listing: headline links to several pages of one shape other than its own.
    teasers = "".join(
        f'<a href="/news/story.php?id={n}">Headline of story number {n} here</a><p>Lead.</p>'
        for n in range(2, 8)
    )
    verdict = _judge(model, SITE + "/news/archive.php?m=2024-03", f"{teasers}{PROSE}")
    assert verdict is not None and verdict.kind == "listing"


def test_a_copy_of_a_story_is_an_alias_of_it() -> None:
    model = SiteModel()
    _learn_template(model)
    story_url = SITE + "/news/story.php?id=1"
    body = f"<h1>Council votes on budget</h1>{PROSE}"
    features = _features(body + '<a href="/news/print.php?id=1">Print</a>', story_url)
    text = "\n".join(
        p.text_content() for p in lxml_html.fragment_fromstring(PROSE, create_parent=True)
    )
    model.learn_story(story_url, features, text, copy_links_of(story_url, features))
    named = model.judge(SITE + "/news/print.php?id=1", features, text, item=False)
    assert named is not None and (named.kind, named.story_url) == ("copy", story_url)
    # The same heading and text at another address that no link called a view.
    moved = model.judge(
        SITE + "/old/council-votes", _features(body, SITE + "/old/x"), text, item=False
    )
    assert moved is not None and (moved.kind, moved.story_url) == ("copy", story_url)
    # Another headline over the same wire text is a story of its own (near-duplicate, not copy).
    other = _features(
        f"<h1>Budget passes after long night</h1>{PROSE}", SITE + "/news/story.php?id=9"
    )
    verdict = model.judge(SITE + "/news/story.php?id=9", other, text, item=True)
    assert verdict is not None and verdict.kind == "article"
