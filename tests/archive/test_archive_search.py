"""Search on archives larger than its ranking window: only the newest matches are ranked, and
filters and exclusions stay exact however far back the matches are."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archive import query, search

from .helpers import T0, make_story, new_crawl, store


@pytest.fixture
def many(sessions, monkeypatch):
    """Twelve "harbour" stories (ids 1-12, newest last); the oldest has it in its title too, so
    would rank first; 2 and 5 say "tunnel" too, 3 and 4 are by Ida Wells. The ranking windows
    shrink to three matches."""
    crawl = new_crawl(sessions)
    stories = []
    for n in range(1, 13):
        body = "The harbour " + ("tunnel " if n in (2, 5) else "") + f"story {n}."
        authors = ["Ida Wells"] if n in (3, 4) else ["Ada Lovelace"]
        title = "Harbour news" if n == 1 else f"Item {n}"
        stories.append(make_story(n, title=title, body=body, authors=authors, tags=[]))
        # One at a time, so that ids follow n.
        store(sessions, crawl, stories[-1:], seen_at=T0)
    monkeypatch.setattr(search, "SQLITE_CANDIDATES", 3)
    monkeypatch.setattr(search, "CANDIDATES_PER_RESULT", 1)
    monkeypatch.setattr(search, "PG_CANDIDATES", 3)
    monkeypatch.setattr(search, "PG_WINDOW", 2)
    return stories


def _numbers(hits):
    return sorted(int(hit.url.rsplit("-", 1)[1]) for hit in hits)


def test_only_the_newest_matches_are_ranked(sessions, many):
    with sessions() as session:
        hits = query.search(session, "harbour", limit=2)
        assert set(_numbers(hits)) <= {10, 11, 12} and len(hits) == 2
        # A page larger than the window widens it.
        assert _numbers(query.search(session, "harbour", limit=20)) == list(range(1, 13))
        assert query.search(session, "harbour", limit=20)[0].url == many[0].url


def test_filters_look_further_back_than_the_window(sessions, many):
    with sessions() as session:
        assert _numbers(query.search(session, "harbour", author="Ida Wells")) == [3, 4]
        assert _numbers(query.search(session, "harbour", until=T0 + timedelta(hours=3))) == [
            1,
            2,
        ]
        assert _numbers(query.search(session, "harbour", author="Ida Wells", limit=1)) in (
            [3],
            [4],
        )
        assert query.search(session, "harbour", author="Nobody") == []


def test_exclusions_and_a_small_page(sessions, many):
    with sessions() as session:
        assert _numbers(query.search(session, "tunnel")) == [2, 5]
        assert 2 not in _numbers(query.search(session, "harbour -tunnel", limit=20))
        hits = query.search(session, "harbour -tunnel", limit=2)
        assert len(hits) == 2 and "[harbour]" in hits[0].snippet
        assert query.search(session, "tunnel -harbour") == []
