"""PostgreSQL ranks search results from a story's headline and lead (``story_fts_rank``, kept in
the row, migration 0010) while matching on the whole text; the search's settings are put back
afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from archive import query

from .helpers import T0, make_story, new_crawl, store

# About 900 characters without "lantern": pushes what follows past the lead (600 characters).
FILLER = " ".join(
    f"The council met on day {n} to discuss the harbour budget and the river works."
    for n in range(12)
)


@pytest.fixture
def lead_and_tail(sessions) -> None:
    """Story 1 names "lantern" once, in its lead; story 2 three times, after its lead."""
    crawl = new_crawl(sessions)
    bodies = {1: "Lantern festival tonight. " + FILLER, 2: FILLER + " Lantern, lantern, lantern."}
    for n, body in bodies.items():
        story = make_story(n, title=f"Item {n}", body=body, tags=[])
        store(sessions, crawl, [story], seen_at=T0)


def _numbers(hits) -> list[int]:
    return [int(hit.url.rsplit("-", 1)[1]) for hit in hits]


def test_words_past_the_lead_still_match(sessions, lead_and_tail):
    with sessions() as session:
        assert sorted(_numbers(query.search(session, "lantern"))) == [1, 2]
        assert _numbers(query.search(session, "lantern -festival")) == [2]
        assert query.count_matches(session, "lantern") == 2


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_ranks_from_the_headline_and_lead(sessions, lead_and_tail):
    # From the whole text, three mentions would outrank one.
    with sessions() as session:
        hits = query.search(session, "lantern")
        assert _numbers(hits) == [1, 2]
        assert hits[0].score > hits[1].score


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_rank_vector_is_small_and_kept_in_the_row(sessions):
    crawl = new_crawl(sessions)
    body = " ".join(f"word{n} harbour lantern council" for n in range(5000))  # ~100 kB
    store(sessions, crawl, [make_story(1, body=body, tags=[])], seen_at=T0)
    with sessions() as session:
        storage = session.scalar(
            text(
                "SELECT attstorage FROM pg_attribute"
                " WHERE attrelid = 'story'::regclass AND attname = 'story_fts_rank'"
            )
        )
        assert storage == "m"  # MAIN: compressed in the row before any move to TOAST
        sizes = session.execute(
            text("SELECT pg_column_size(story_fts_rank), pg_column_size(search_vector) FROM story")
        ).one()
        assert sizes[0] < 2000 < sizes[1]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_search_puts_work_mem_back(sessions, lead_and_tail):
    with sessions() as session:
        session.execute(text("SET work_mem = '5MB'"))
        assert query.search(session, "lantern")
        assert query.search(session, "lantern", site="news.example.com")
        assert session.scalar(text("SHOW work_mem")) == "5MB"
