"""Bad input never raises: what can be read is extracted and the reason is recorded."""

from __future__ import annotations

import json

import pytest

from newscrawl.extraction import Problem, extract_article

from .helpers import page

URL = "https://demo-news.example/?p=4211"
STORY = (
    "<p>The harbour master said the channel would reopen once the wreck had been lifted and"
    " the divers had checked the sea bed for debris.</p>"
)


def _with_jsonld(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body><article>{STORY}</article></body></html>"


def test_malformed_jsonld_is_skipped_and_other_blocks_still_read() -> None:
    good = json.dumps({"@type": "NewsArticle", "headline": "Channel to reopen"})
    article = extract_article(_with_jsonld('{"@type": "NewsArticle", "headline": ', good), URL)

    assert article.title == "Channel to reopen"
    assert Problem("jsonld", "malformed") in article.problems
    assert article.body.startswith("The harbour master said")


def test_lenient_jsonld_with_trailing_comma_and_comment_wrapper() -> None:
    block = '<!-- {"@type": "NewsArticle", "headline": "Channel to reopen", } -->'
    article = extract_article(_with_jsonld(block), URL)

    assert article.title == "Channel to reopen"
    assert article.problems == []


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_jsonld(depth: int) -> None:
    nested = '{"a":' * depth + "1" + "}" * depth
    good = json.dumps({"@type": "NewsArticle", "headline": "Channel to reopen"})
    article = extract_article(_with_jsonld(nested, good), URL)

    assert article.title == "Channel to reopen"
    assert article.body.startswith("The harbour master said")
    assert article.problems  # the reason is recorded, whichever limit was hit


def test_huge_jsonld_block_is_skipped() -> None:
    huge = json.dumps({"@type": "NewsArticle", "headline": "x", "articleBody": "y" * 3_000_000})
    article = extract_article(_with_jsonld(huge), URL)

    assert [p.key for p in article.problems] == ["jsonld/oversized"]
    assert article.body.startswith("The harbour master said")


def test_nul_bytes_are_removed() -> None:
    html = page("seed-article.html").replace(b"Kazakhstani Ministry", b"Kazakh\x00stani Ministry")
    article = extract_article(html, URL)

    assert article.body.startswith("The Kazakhstani Ministry of Defence")
    assert [str(p) for p in article.problems] == ["html: 2 NUL or control characters removed"]


def test_nul_characters_in_text_input() -> None:
    article = extract_article(f"<html><body>\x00<article>{STORY}</article></body></html>", URL)

    assert article.body.startswith("The harbour master said")
    assert article.problems == [Problem("html", "control_characters", "1")]


def test_bytes_that_are_not_the_declared_charset() -> None:
    text = page("seed-article.html").decode("utf-8")
    # Declared UTF-8, stored as windows-1252: the curly quotes are invalid UTF-8.
    data = text.encode("cp1252", "replace")
    article = extract_article(data, URL)

    assert "“other issues”" in article.body
    assert [p.key for p in article.problems] == ["charset/not_utf8"]


def test_undecodable_bytes_do_not_raise() -> None:
    data = b"<html><body><article><p>caf\xe9 \x81\x8d\xff\xfe " + b"word " * 20
    data += b"</p></article></body></html>"
    article = extract_article(data, URL)

    assert article.body.startswith("caf")
    assert article.problems


def test_utf16_with_bom() -> None:
    html = f"<html><body><article>{STORY}</article></body></html>"
    article = extract_article(html.encode("utf-16"), URL)

    assert article.body.startswith("The harbour master said")


@pytest.mark.parametrize("html", [b"", "", b"   \n", b"<!-- nothing -->", b"\x00\x00"])
def test_empty_documents(html: bytes | str) -> None:
    article = extract_article(html, URL)

    assert article.url == URL
    assert article.body == ""
    assert article.title is None
    assert Problem("html", "empty") in article.problems


def test_xml_declaration_in_text_input() -> None:
    html = f'<?xml version="1.0" encoding="ISO-8859-1"?><html><body>{STORY}</body></html>'
    article = extract_article(html, URL)

    assert article.body.startswith("The harbour master said")


@pytest.mark.parametrize("depth", [1000, 5000])
def test_deeply_nested_html(depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + STORY + "</div>" * depth + "</body></html>"
    article = extract_article(html, URL)

    assert article.url == URL  # never an exception
    if depth < 2000:  # libxml2 itself keeps nothing deeper than 2048 levels
        assert article.body.startswith("The harbour master said")


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("shift_jis", "shift_jis"), ("euc-jp", "euc_jp"), ("gbk", "gbk"), ("koi8-r", "koi8_r")],
)
def test_legacy_charsets(charset: str, encoding: str) -> None:
    text = "東京 Москва" if encoding != "koi8_r" else "Москва"
    story = f"<p>{text} " + "word " * 20 + "</p>"
    html = f'<html><head><meta charset="{charset}"></head><body><article>{story}</article>'
    article = extract_article(html.encode(encoding) + b"</body></html>", URL)

    assert article.body.startswith(text)
    assert article.problems == []


def test_utf8_bytes_declared_latin1() -> None:
    story = "<p>Le café crème coûte désormais trois euros dans la plupart des brasseries.</p>"
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{story}</body></html>'
    article = extract_article(html.encode("utf-8"), URL)

    assert article.body.startswith("Le café crème coûte")
    assert [(p.key, str(p)) for p in article.problems] == [
        ("charset/mislabelled", "charset: declared cp1252 but the bytes are UTF-8; read as UTF-8")
    ]


def test_meta_declaring_utf16_in_ascii_bytes() -> None:
    html = f'<html><head><meta charset="utf-16"></head><body><article>{STORY}</article>'
    article = extract_article(html.encode("utf-8") + b"</body></html>", URL)

    assert article.body.startswith("The harbour master said")
