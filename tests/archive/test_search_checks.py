"""Exclusions and phrases are checked on the best-ranked candidates only (PostgreSQL); when
candidates failing the check crowd the ranking window, the page is still filled from older
matches, on both backends."""

from __future__ import annotations

import pytest

from archive import query, search

from .helpers import T0, make_story, new_crawl, store


@pytest.fixture
def crowded(sessions, monkeypatch):
    """Twelve "harbour bridge" stories (ids 1-12, newest last); the newest four also say
    "tunnel", and hold the word pairs of "harbour bridge story" but not the phrase. The
    windows shrink to three."""
    crawl = new_crawl(sessions)
    for n in range(1, 13):
        body = f"The harbour bridge story {n}."
        if n > 8:
            body = f"The harbour bridge and the bridge story {n}, by the tunnel."
        store(sessions, crawl, [make_story(n, title=f"Item {n}", body=body, tags=[])], seen_at=T0)
    monkeypatch.setattr(search, "SQLITE_CANDIDATES", 3)
    monkeypatch.setattr(search, "CANDIDATES_PER_RESULT", 1)
    monkeypatch.setattr(search, "PG_CANDIDATES", 3)
    monkeypatch.setattr(search, "PG_WINDOW", 2)


def _numbers(hits) -> set[int]:
    return {int(hit.url.rsplit("-", 1)[1]) for hit in hits}


def test_an_exclusion_failing_the_newest_candidates_still_fills_the_page(sessions, crowded):
    with sessions() as session:
        hits = query.search(session, "harbour -tunnel", limit=2)
        assert len(hits) == 2 and _numbers(hits) <= set(range(1, 9))
        assert _numbers(query.search(session, "harbour -tunnel", limit=20)) == set(range(1, 9))
        assert query.count_matches(session, "harbour -tunnel") == 8


def test_a_phrase_failing_the_newest_candidates_still_fills_the_page(sessions, crowded):
    with sessions() as session:
        hits = query.search(session, '"harbour bridge story"', limit=2)
        assert len(hits) == 2 and _numbers(hits) <= set(range(1, 9))
        assert _numbers(query.search(session, '"harbour bridge"', limit=20)) == set(range(1, 13))


def test_stop_words_beside_an_exclusion_change_nothing(sessions, crowded):
    with sessions() as session:
        plain = _numbers(query.search(session, "harbour -tunnel", limit=20))
        assert _numbers(query.search(session, "the harbour -tunnel", limit=20)) == plain
        assert _numbers(query.search(session, '"harbour bridge story" the', limit=20)) == set(
            range(1, 9)
        )
