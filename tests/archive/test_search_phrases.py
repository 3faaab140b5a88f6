"""Phrases of common words: each word is in most stories, the phrase in few. A search for the
phrase gives exactly the stories holding it, on both backends, with filters, exclusions and
alternatives, however small the ranking windows; on PostgreSQL through the word-pair index."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from archive import query, search
from archive.db import alembic_config, make_engine, make_sessionmaker, upgrade
from tests.services import postgres_database

from .helpers import T0, make_story, new_crawl, store

# Distinct stems on both backends, none of them a stop word.
WORDS = (
    "harbour",
    "bridge",
    "river",
    "stone",
    "market",
    "council",
    "train",
    "garden",
    "winter",
    "signal",
    "copper",
    "lantern",
)
STORIES = 40
# Stories whose words are written out, for the cases random text may miss.
CRAFTED = {
    41: "copper bridge river harbour bridge",  # both pairs of "harbour bridge river", not it
    42: "harbour bridge river",
    43: "Harbour, bridge; river!",  # punctuation between words does not break a phrase
}


def _bodies() -> dict[int, str]:
    rng = random.Random(14)
    bodies = {n: " ".join(rng.choices(WORDS, k=20)) + "." for n in range(1, STORIES + 1)}
    return bodies | CRAFTED


def _holding(phrase: str, bodies: dict[int, str]) -> set[int]:
    wanted = phrase.lower().split()
    found = set()
    for n, body in bodies.items():
        words = re.findall(r"\w+", body.lower())
        if any(words[i : i + len(wanted)] == wanted for i in range(len(words))):
            found.add(n)
    return found


@pytest.fixture
def common(sessions) -> dict[int, str]:
    """Stories 1-43 (ids follow n): every third by Ida Wells, published n hours after T0."""
    crawl = new_crawl(sessions)
    bodies = _bodies()
    for n, body in bodies.items():
        authors = ["Ida Wells"] if n % 3 == 0 else ["Ada Lovelace"]
        story = make_story(n, title=f"Item {n}", body=body, authors=authors, tags=[])
        store(sessions, crawl, [story], seen_at=T0)  # one at a time, so that ids follow n
    return bodies


def _numbers(hits) -> set[int]:
    return {int(hit.url.rsplit("-", 1)[1]) for hit in hits}


def test_the_words_are_common_and_the_phrases_rare(common):
    # The premise of the other tests: otherwise they would not test phrases of common words.
    for word in ("harbour", "bridge", "river"):
        assert len(_holding(word, common)) > 0.7 * len(common)
    assert 0 < len(_holding("harbour bridge", common)) < 0.25 * len(common)


@pytest.mark.parametrize(
    "phrase", ["harbour bridge", "bridge harbour", "river stone", "harbour bridge river"]
)
def test_a_phrase_finds_exactly_the_stories_holding_it(sessions, common, phrase):
    expected = _holding(phrase, common)
    assert expected  # the seed gives each phrase some stories
    with sessions() as session:
        assert _numbers(query.search(session, f'"{phrase}"', limit=100)) == expected


def test_a_longer_phrase_needs_its_words_in_a_row(sessions, common):
    with sessions() as session:
        found = _numbers(query.search(session, '"harbour bridge river"', limit=100))
    assert {42, 43} <= found and 41 not in found


def test_phrases_with_filters_exclusions_and_alternatives(sessions, common):
    pair = _holding("harbour bridge", common)
    other = _holding("winter signal", common)
    by_ida = {n for n in common if n % 3 == 0}
    copper = _holding("copper", common)
    late = {n for n in common if n >= 20}
    with sessions() as session:

        def found(q: str, **filters) -> set[int]:
            return _numbers(query.search(session, q, limit=100, **filters))

        assert found('"harbour bridge"', author="Ida Wells") == pair & by_ida
        assert found('"harbour bridge"', since=T0 + timedelta(hours=20)) == pair & late
        assert found('"harbour bridge" -copper') == pair - copper
        assert found('"harbour bridge" OR "winter signal"') == pair | other
        assert found('copper "harbour bridge"') == pair & copper
        assert found('"harbour bridge" "winter signal"') == pair & other


def test_small_windows_rank_the_newest_phrase_matches(sessions, common, monkeypatch):
    monkeypatch.setattr(search, "SQLITE_CANDIDATES", 3)
    monkeypatch.setattr(search, "CANDIDATES_PER_RESULT", 1)
    monkeypatch.setattr(search, "PG_CANDIDATES", 3)
    monkeypatch.setattr(search, "PG_WINDOW", 2)
    newest = sorted(_holding("harbour bridge", common))[-3:]
    with sessions() as session:
        hits = query.search(session, '"harbour bridge"', limit=2)
        assert len(hits) == 2 and _numbers(hits) <= set(newest)
        assert all("[harbour" in hit.snippet.lower() for hit in hits)
        by_ida = sorted(_holding("harbour bridge", common) & {n for n in common if n % 3 == 0})
        assert _numbers(query.search(session, '"harbour bridge"', author="Ida Wells")) == set(
            by_ida
        )


# -- PostgreSQL: the pair index --------------------------------------------------------------

MESSY = [
    "The state-of-the-art harbour bridge, said the council, opens in the winter.",
    "A bridge over the harbour; the harbour-bridge plan of the council.",
    "Harbour Bridge! Harbour bridges. Bridging the harbour.",
    "State of the union: the harbour and the bridge.",
    "e-mail the council about the e-mail address of the harbour bridge",
]
PHRASES = [
    "harbour bridge",
    "the harbour bridge",
    "bridge harbour",
    "state of the union",
    "state-of-the-art harbour",
    "harbour-bridge",
    "e-mail address",
    "council opens",
    "bridges",
]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_phrase_results_equal_the_tsvector_test_of_every_story(sessions):
    """Against a brute-force ``search_vector @@ phraseto_tsquery`` over all stories: stop
    words, hyphenated words, punctuation, stemming and repeated words."""
    crawl = new_crawl(sessions)
    for n, body in enumerate(MESSY * 3, start=1):
        store(sessions, crawl, [make_story(n, title=f"Item {n}", body=body, tags=[])], seen_at=T0)
    with sessions() as session:
        for phrase in PHRASES:
            every = session.scalars(
                text(
                    "SELECT id FROM story"
                    " WHERE search_vector @@ phraseto_tsquery('english', :phrase)"
                ),
                {"phrase": phrase},
            )
            ids = {hit.id for hit in query.search(session, f'"{phrase}"', limit=100)}
            assert ids == set(every), phrase


def _plan(session: Session, phrase: str) -> str:
    matching = search._matching(session, search.parse_query(f'"{phrase}"'))
    statement = matching.select({}).compile(session.get_bind())
    rows = session.connection().exec_driver_sql(f"EXPLAIN {statement}", statement.params)
    return "\n".join(row[0] for row in rows)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_phrase_is_looked_up_in_the_pair_index(sessions, common):
    with sessions() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))  # a small table: force indexes
        plan = _plan(session, "harbour bridge")
        assert "story_fts_phrase_pairs" in plan
        # One word has no pair: the words' index serves it.
        assert "story_fts_phrase_pairs" not in _plan(session, "bridges")


@pytest.fixture
def archive_at_0007(archive_postgres_url) -> Iterator[str]:
    with postgres_database("archive_pairs") as url:
        engine = make_engine(url)
        try:
            upgrade(engine, "0007")
        finally:
            engine.dispose()
        yield url


@pytest.mark.postgres
def test_upgrading_indexes_the_pairs_of_existing_stories(archive_at_0007):
    engine = make_engine(archive_at_0007)
    try:
        # Stories are written by today's code at today's schema, which is then taken back
        # to 0007 (before the pairs) and upgraded again: the upgrade must index them.
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        crawl = new_crawl(sessions)
        for n, body in CRAFTED.items():
            store(sessions, crawl, [make_story(n, title=f"Item {n}", body=body)], seen_at=T0)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0007")
        with sessions() as session:
            assert session.scalar(text("SELECT to_regclass('story_fts_phrase_pairs')")) is None
        upgrade(engine)
        with sessions() as session:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            pairs = session.scalar(
                text(
                    "SELECT count(*) FROM story"
                    " WHERE story_phrase_pairs(search_vector)"
                    " @> story_phrase_pairs(to_tsvector('english', 'harbour bridge'))"
                )
            )
            assert pairs == 3
            assert "story_fts_phrase_pairs" in _plan(session, "harbour bridge")
            found = _numbers(query.search(session, '"harbour bridge river"'))
            assert found == {42, 43}
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_search_puts_the_planner_setting_back(sessions, common):
    with sessions() as session:
        for before in ("on", "off"):
            session.execute(text(f"SET enable_indexscan = {before}"))
            assert query.search(session, '"harbour bridge"') and query.search(session, "harbour")
            assert session.scalar(text("SHOW enable_indexscan")) == before
