"""Story addresses and site names as users type them: found as the crawl stored them."""

from __future__ import annotations

import pytest

from archive import query
from archive.cli import main
from archive.keys import address_candidates, canonical_address, site_key
from newscrawl.urls import canonical_url

from .helpers import make_story, new_crawl, store

# Spellings the crawl canonicalises; the archive's reading must agree with the crawl's writing.
SPELLINGS = [
    "https://example.com/a/b",
    "HTTPS://Example.COM/a/b?utm_source=x&utm_medium=y",
    "https://example.com:443/a/b/?fbclid=1#comments",
    "http://example.com:80/a?b=2&a=1",
    "https://example.com:8443/x/?gclid=z&id=7",
    "https://example.com/caf%c3%a9/?q=a+b",
    "https://example.com",
]


@pytest.mark.parametrize("url", SPELLINGS)
def test_the_archive_spells_addresses_as_the_crawl_does(url):
    assert canonical_address(url) == canonical_url(url)


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("example.com", "example.com"),
        ("WWW.Example.com", "example.com"),
        ("example.com:8080", "example.com"),
        ("https://www.example.com/news/?page=2", "example.com"),
        ("127.0.0.1:8765", "127.0.0.1"),
        ("http://a.example/, http://b.example/", "a.example"),
    ],
)
def test_site_key(typed, site):
    assert site_key(typed) == site


def test_candidates_start_with_the_canonical_spelling():
    candidates = address_candidates("example.com/a/?utm_source=x")
    assert candidates[0] == "https://example.com/a/"
    assert {"https://example.com/a", "https://www.example.com/a/", "http://example.com/a"} <= set(
        candidates
    )
    assert address_candidates("http://[::1") == []  # not an address: nothing to look up
    assert not any("www." in c for c in address_candidates("127.0.0.1:8765/a"))


STORY = "https://news.example.com/2024/05/story-1/"
PLAIN = "https://news.example.com/2024/05/story-2"


@pytest.fixture
def archive_url(db_url, sessions):
    store(
        sessions,
        new_crawl(sessions),
        [
            make_story(1, url=STORY, aliases=["https://news.example.com/?p=1"]),
            make_story(2, url=PLAIN),
            make_story(3, url="http://127.0.0.1:8765/2024/05/local/", site="127.0.0.1"),
        ],
    )
    return db_url


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        (STORY + "?utm_source=newsletter&utm_campaign=x", STORY),
        (STORY.rstrip("/"), STORY),  # the slash forgotten
        (PLAIN + "/", PLAIN),  # a slash too many
        ("news.example.com/2024/05/story-1/", STORY),  # no scheme
        ("http://news.example.com/2024/05/story-2", PLAIN),  # the other scheme
        ("https://www.news.example.com/2024/05/story-2", PLAIN),
        ("https://NEWS.example.com:443/2024/05/story-1/#comments", STORY),
        ("127.0.0.1:8765/2024/05/local", "http://127.0.0.1:8765/2024/05/local/"),
        ("https://news.example.com/?p=1&utm_source=x", STORY),  # an alias, with a tracker
    ],
)
def test_show_finds_the_story_however_it_is_typed(archive_url, capsys, typed, url):
    assert main(["--db", archive_url, "show", typed]) == 0
    assert f"URL:          {url}\n" in capsys.readouterr().out


def test_an_address_of_no_story_is_still_unknown(archive_url, capsys):
    assert main(["--db", archive_url, "show", "news.example.com/2024/05/story-9"]) == 2
    assert "no story with id, URL or alias" in capsys.readouterr().err


def test_history_and_the_api_take_typed_addresses_too(archive_url, sessions, capsys):
    assert main(["--db", archive_url, "history", STORY.rstrip("/") + "?fbclid=1"]) == 0
    assert capsys.readouterr().out.startswith(f"{STORY}: 1 version\n")
    with sessions() as session:
        assert query.get_story(session, "news.example.com/2024/05/story-2/").url == PLAIN


@pytest.mark.parametrize(
    "typed",
    [
        "news.example.com",
        "www.News.example.com",
        "news.example.com:8080",
        "https://news.example.com/",
    ],
)
def test_site_filter_takes_what_users_type(archive_url, capsys, typed):
    assert main(["--db", archive_url, "list", "--site", typed]) == 0
    out = capsys.readouterr().out
    assert STORY in out and PLAIN in out and "127.0.0.1" not in out


def test_site_filter_of_a_host_with_a_port(archive_url, capsys):
    assert main(["--db", archive_url, "list", "--site", "127.0.0.1:8765"]) == 0
    out = capsys.readouterr().out
    assert "/2024/05/local/" in out and STORY not in out
