"""Body extraction where no markup names the boilerplate: table layouts, comment threads
without classes, live-blog updates, tag lines, bylines and headlines set in fonts."""

from __future__ import annotations

from newscrawl.extraction.body import extract_body
from newscrawl.extraction.document import parse_html

STORY = [
    "The council voted on Tuesday evening to close the old bridge for repairs this spring.",
    "Engineers found cracks in two of the supports during the inspection last autumn.",
    "Traffic will be sent through the town centre while the work goes on, the mayor said.",
]
COMMENT = (
    "I have crossed that bridge every day for thirty years and never once felt safe on it, "
    "so this is welcome news for everybody who lives on the east side of the river here."
)


def body(html: str) -> str:
    tree = parse_html(html.encode(), [])
    assert tree is not None
    return extract_body(tree)[0]


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def table_page(title: str, story: str, after: str = "") -> str:
    return f"""<html><head><title>{title}</title></head><body>
    <table><tr><td>menu</td><td>{story}{after}</td></tr></table></body></html>"""


def test_a_comment_thread_without_classes_is_left_out() -> None:
    # (A thread holding most of the text would be taken for a layout wrapper: the story
    # here is longer, as stories are.)
    thread = (
        "<table><tr><td><b>Comments (1)</b></td></tr>"
        f"<tr><td><b>Ann</b> wrote on 3/4/2020:<br>{COMMENT}</td></tr></table>"
    )
    text = body(table_page("Bridge to close", paragraphs(STORY), thread))
    assert STORY[2] in text
    assert "bridge every day" not in text
    assert "Comments" not in text


def test_a_comments_heading_inside_the_story_text_is_not_a_thread() -> None:
    # The heading opens no element of its own: the story holding it is not dropped.
    story = paragraphs(STORY[:2]) + "<p>Comments</p>" + paragraphs(STORY[2:])
    text = body(table_page("Bridge to close", story))
    assert all(line in text for line in STORY)


def test_a_one_cell_table_beside_the_story_holding_an_image_is_a_caption() -> None:
    figure = (
        '<table align="right"><tr><td><img src="/p.jpg"><br>'
        "<i>The old bridge at dusk (Photo: A. Person)</i></td></tr></table>"
    )
    text = body(table_page("Bridge to close", figure + paragraphs(STORY)))
    assert STORY[0] in text
    assert "at dusk" not in text


def test_a_tag_line_of_links_is_left_out_in_any_language() -> None:
    for label in ("Tags", "Schlagwörter", "Etiquetas"):
        tags = f'<p>{label}: <a href="/t/a">bridge</a>, <a href="/t/b">council</a></p>'
        text = body(table_page("Bridge to close", paragraphs(STORY) + tags))
        assert STORY[2] in text
        assert "council</a>" not in text and "bridge, council" not in text, label


def test_a_line_with_a_label_and_one_link_stays() -> None:
    # A list has separators; "See it here: <a>shop</a>" is the story's own line.
    line = 'Read the full report: <a href="/r">the inspection report</a>'
    text = body(table_page("Bridge to close", paragraphs(STORY) + f"<p>{line}</p>"))
    assert "Read the full report" in text


def test_a_byline_line_is_left_out_and_a_sentence_starting_with_by_stays() -> None:
    lines = ["By Dale Hendricks, Sports Editor", *STORY, "By Monday the work had begun."]
    text = body(table_page("Bridge to close", paragraphs(lines)))
    assert "Hendricks" not in text
    assert "By Monday the work had begun." in text


def test_a_headline_in_fonts_repeating_the_title_is_left_out() -> None:
    headline = "Council votes to close the old bridge for repairs"
    story = f'<font size="+2"><b>{headline}</b></font><br>' + paragraphs(STORY)
    text = body(table_page(f"{headline} - The Town Paper", story))
    assert STORY[0] in text
    assert headline not in text


def test_a_line_repeating_a_headline_an_h1_shows_stays() -> None:
    headline = "Council votes to close the old bridge for repairs"
    story = f"<h1>{headline}</h1>" + paragraphs([headline, *STORY])
    text = body(table_page(headline, story))
    assert headline in text


def test_live_blog_update_headings_stay_and_their_times_go() -> None:
    updates = "".join(
        f'<article class="block"><header><a href="#u{i}"><time>09.1{i}</time></a>'
        f"<h2>Update heading number {i}</h2></header><p>{line}</p></article>"
        for i, line in enumerate(STORY)
    )
    html = f"""<html><head><title>Live</title></head><body>
    <article><h1>Live: the bridge</h1><div class="liveblog-body">{updates}</div></article>
    <aside><p>{COMMENT}</p></aside></body></html>"""
    text = body(html)
    for i, line in enumerate(STORY):
        assert line in text
        assert f"Update heading number {i}" in text
    assert "09.1" not in text


def test_the_story_header_of_the_container_itself_stays_out() -> None:
    html = f"""<html><head><title>t</title></head><body>
    <article><header><h2>Section name here</h2></header>{paragraphs(STORY)}</article>
    </body></html>"""
    text = body(html)
    assert STORY[0] in text
    assert "Section name here" not in text
