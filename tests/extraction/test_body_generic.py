"""Body extraction on page shapes every site has, written generically (no site's markup)."""

from __future__ import annotations

from newscrawl.extraction.body import extract_body
from newscrawl.extraction.document import parse_html

STORY = [
    "The council voted on Tuesday evening to close the old bridge for repairs this spring.",
    "Engineers found cracks in two of the supports during the inspection last autumn.",
    "Traffic will be sent through the town centre while the work goes on, the mayor said.",
]
SIDE = (
    "This blog is written in my spare time. I am not responsible for the content of any "
    "external site I link to, and I do not necessarily share the opinions found there. "
    "Everything outside this address is not mine; please read the terms before you comment "
    "on anything, and be kind to each other in the comments below every post on this blog."
)


def body(html: str) -> str:
    tree = parse_html(html.encode(), [])
    assert tree is not None
    return extract_body(tree)[0]


def page(story: str, sidebar: str) -> str:
    return f"""<html><head><title>t</title></head><body>
    <div id="wrapper"><div class="post">{story}</div>{sidebar}</div></body></html>"""


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def test_a_sidebar_widget_with_one_long_paragraph_does_not_beat_a_short_story() -> None:
    # "textwidget" names a sidebar widget although "widget" is not a part of it by -/_.
    html = page(paragraphs(STORY), f'<div class="textwidget"><p>{SIDE}</p></div>')
    text = body(html)
    assert STORY[0] in text
    assert SIDE not in text


def test_an_author_box_is_not_the_story() -> None:
    bio = f'<div id="author-description"><p>{SIDE}</p></div>'
    text = body(page(paragraphs(STORY[:2]), bio))
    assert STORY[0] in text
    assert SIDE not in text


def test_the_story_in_noscript_is_read() -> None:
    # Script-rendered pages (Blogger) keep their only static copy of the story in <noscript>.
    html = f"""<html><body><div class="post-body"><script>render()</script>
    <noscript>{paragraphs(STORY)}</noscript></div>
    <div class="header-desc"><p>Notes on the security of the web, by its engineers.</p></div>
    </body></html>"""
    text = body(html)
    assert STORY[1] in text


def test_datelines_with_dotted_dates_and_in_other_languages_are_dropped() -> None:
    lines = ["Aktualisiert: 11.04.2020, 10:27", "Publiziert: 03.04.2020, 12:35"]
    html = f"""<html><body><article class="article-body">
    {paragraphs(lines + STORY)}</article></body></html>"""
    text = body(html)
    assert STORY[0] in text
    for line in lines:
        assert line not in text


def test_teasers_and_disclaimers_beside_the_story_are_dropped() -> None:
    teaser = "A teaser of another story with enough words to count as a paragraph of prose."
    disclaimer = "NOTE: The advertising disclaimer below does not apply to this article at all."
    html = f"""<html><body><div class="article-body">{paragraphs(STORY)}
    <div class="modTeaser"><p>{teaser}</p></div>
    <div class="editorial-disclaimer"><p>{disclaimer}</p></div></div></body></html>"""
    text = body(html)
    assert STORY[2] in text
    assert teaser not in text
    assert disclaimer not in text
