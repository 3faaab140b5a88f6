"""Versions, sightings, search, history, diff and as-of views, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import tracemalloc
from datetime import timedelta

import pytest
from sqlalchemy import select

from archive import query
from archive.cli import main
from archive.models import Sighting
from archive.query import NotArchivedYet, SearchSyntaxError

from .helpers import T0, make_story, new_crawl, store

EDITED_BODY = "First paragraph of story 1, now with the mayor's reply.\n\nSecond paragraph."


def _versions(sessions, url):
    with sessions() as session:
        return query.history(session, url)


def test_an_edit_makes_a_version_with_a_word_summary(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)], seen_at=T0)
    edited = make_story(1, body=EDITED_BODY, fetched_at=T0 + timedelta(days=2))
    store(sessions, crawl, [edited], seen_at=T0 + timedelta(days=2))
    url = make_story(1).url

    first, second = _versions(sessions, url)
    assert first.summary == "first version" and not first.trivial
    assert second.changed == ("body",)
    # "1." -> "1," and "now with the mayor's reply." added.
    assert (second.words_added, second.words_removed) == (6, 1)
    assert second.summary == "body: +6 -1 words"
    assert not second.trivial
    assert second.crawled_at == T0 + timedelta(days=2)


def test_a_punctuation_only_change_is_a_version_flagged_trivial(sessions):
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1)])
    story = make_story(1)
    store(sessions, crawl, [make_story(1, title=story.title + "!")])
    # Whitespace alone is no change at all.
    store(sessions, crawl, [make_story(1, title=story.title + "!  ")])

    versions = _versions(sessions, story.url)
    assert len(versions) == 2
    assert versions[1].trivial is True
    assert versions[1].summary == "title: punctuation only"
    with sessions() as session:
        assert len(query.history(session, story.url, include_trivial=False)) == 1


def test_each_crawl_that_sees_a_story_is_a_sighting(sessions):
    first, second = new_crawl(sessions), new_crawl(sessions, started_at=T0 + timedelta(days=1))
    store(sessions, first, [make_story(1), make_story(2)], seen_at=T0)
    store(sessions, first, [make_story(1)], seen_at=T0 + timedelta(hours=1))
    store(sessions, second, [make_story(1)], seen_at=T0 + timedelta(days=1))
    with sessions() as session:
        rows = session.execute(
            select(
                Sighting.story_id, Sighting.crawl_id, Sighting.seen_at, Sighting.listing_url
            ).order_by(Sighting.crawl_id, Sighting.story_id)
        ).all()
    assert rows == [
        (1, first, T0, None),
        (2, first, T0, None),
        (1, second, T0 + timedelta(days=1), None),
    ]


@pytest.fixture
def edited(sessions):
    """Story 1 in three versions (days 1, 3, 5), story 2 once, story 3 about a bridge."""
    crawl = new_crawl(sessions)
    store(sessions, crawl, [make_story(1), make_story(2)], seen_at=T0 + timedelta(days=1))
    store(
        sessions,
        crawl,
        [make_story(1, title="Story number 1 updated", fetched_at=T0 + timedelta(days=3))],
        seen_at=T0 + timedelta(days=3),
    )
    store(
        sessions,
        crawl,
        [
            make_story(
                1,
                title="Story number 1 updated",
                body=EDITED_BODY,
                fetched_at=T0 + timedelta(days=5),
            ),
            make_story(
                3,
                title="Harbour bridge reopens",
                body="The harbour bridge reopened on Monday after months of repairs.",
                authors=["Ida Wells"],
                tags=["Transport"],
                fetched_at=T0 + timedelta(days=5),
            ),
        ],
        seen_at=T0 + timedelta(days=5),
    )
    return make_story(1).url


def test_as_of_shows_the_version_current_then(sessions, edited):
    with sessions() as session:
        assert query.as_of(session, edited, T0 + timedelta(days=2)).number == 1
        assert query.as_of(session, edited, T0 + timedelta(days=3)).number == 2
        now = query.as_of(session, edited, T0 + timedelta(days=30))
        assert now.number == 3 and now.body == EDITED_BODY
        with pytest.raises(NotArchivedYet, match="first seen at"):
            query.as_of(session, edited, T0)


def test_search_ranks_filters_and_snippets(sessions, edited):
    with sessions() as session:
        hits = query.search(session, "bridge")
        assert [hit.url for hit in hits] == [make_story(3).url]
        assert "[bridge]" in hits[0].snippet
        # Stemming: "bridges" finds "bridge"; a phrase; an exclusion; a prefix.
        assert len(query.search(session, "bridges")) == 1
        assert len(query.search(session, '"harbour bridge"')) == 1
        assert query.search(session, '"bridge harbour"') == []
        assert query.search(session, "bridge -harbour") == []
        assert len(query.search(session, "harb*")) == 1
        # Title matches outrank body matches: story 1's title says "updated".
        ranked = query.search(session, "paragraph OR updated")
        assert ranked[0].url == edited and len(ranked) == 2
        assert query.search(session, "paragraph", author="ida wells") == []
        assert len(query.search(session, "bridge", author="Ida Wells", tag="transport")) == 1
        assert query.search(session, "bridge", site="other.example.com") == []
        assert query.search(session, "bridge", until=T0) == []
        assert len(query.search(session, "paragraph", limit=1)) == 1


@pytest.mark.parametrize("bad", ['"unclosed', "OR bridge", "bridge OR", "-bridge", ""])
def test_search_syntax_errors(sessions, edited, bad):
    with sessions() as session, pytest.raises(SearchSyntaxError):
        query.search(session, bad)


def test_search_follows_edits(sessions, edited):
    with sessions() as session:
        assert [hit.url for hit in query.search(session, "mayor")] == [edited]
        store(sessions, new_crawl(sessions), [make_story(1, body="Nothing left.")])
        assert query.search(session, "mayor") == []


def test_cli_search(db_url, edited, capsys):
    assert main(["--db", db_url, "search", "harbour bridge", "--since", "2024-05-01"]) == 0
    out = capsys.readouterr().out
    assert "1. Harbour bridge reopens" in out and "[bridge]" in out
    assert main(["--db", db_url, "search", '"unclosed']) == 2
    assert "bad search query: unclosed quote" in capsys.readouterr().err


def test_cli_history_diff_and_as_of(db_url, edited, capsys):
    assert main(["--db", db_url, "history", edited]) == 0
    out = capsys.readouterr().out
    assert "3 versions" in out
    assert "  1  2024-05-02T12:00:00Z  crawl 1  first version" in out
    assert "  3  2024-05-06T12:00:00Z  crawl 1  body: +6 -1 words" in out

    assert main(["--db", db_url, "diff", edited]) == 0
    out = capsys.readouterr().out
    assert "version 2 (2024-05-06T12:00:00Z) -> version 3" not in out  # crawled_at, not seen_at
    assert "[-1.-] {+1, now with the mayor's reply.+}" in out
    assert "title:" not in out

    assert main(["--db", db_url, "diff", edited, "--from", "1", "--to", "2"]) == 0
    out = capsys.readouterr().out
    assert "title:\nStory number 1 {+updated+}" in out

    assert main(["--db", db_url, "diff", edited, "--from", "9"]) == 2
    assert "not 9" in capsys.readouterr().err

    assert main(["--db", db_url, "show", edited, "--as-of", "2024-05-05T00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "Version:      2 of 3" in out and "Title:        Story number 1 updated" in out
    assert main(["--db", db_url, "show", edited, "--as-of", "2024-04-01"]) == 2
    assert "not in the archive yet" in capsys.readouterr().err


def test_stats_chart_of_stories_per_day(db_url, edited, capsys):
    assert main(["--db", db_url, "stats"]) == 0
    out = capsys.readouterr().out
    assert "Stories first seen per day (UTC):" in out
    assert "2024-05-02 Thu        2  ########################################" in out
    assert "2024-05-06 Mon        1  ####################" in out
    assert "2024-05-03 Fri        0  \n" in out
    # No empty days before the first story was seen (the window would reach back to April).
    assert "2024-05-01 Wed" not in out and "2024-04-30 Tue" not in out
    assert main(["--db", db_url, "stats", "--json"]) == 0
    per_day = json.loads(capsys.readouterr().out)["per_day"]
    assert per_day == [
        ["2024-05-02", 2],
        ["2024-05-03", 0],
        ["2024-05-04", 0],
        ["2024-05-05", 0],
        ["2024-05-06", 1],
    ]


def test_export_streams_in_constant_memory(sessions):
    crawl = new_crawl(sessions)
    body = "word " * 200
    for start in range(0, 1000, 250):
        store(
            sessions, crawl, [make_story(n, body=f"{body} {n}") for n in range(start, start + 500)]
        )

    def peak(limit):
        with sessions() as session:
            tracemalloc.start()
            try:
                for number, record in enumerate(query.iter_export(session, batch_size=100)):
                    assert tuple(vars(record)) == query.EXPORT_KEYS
                    if number + 1 >= limit:
                        break
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    small, large = peak(200), peak(1000)
    # Five times the stories, not five times the memory: one batch in memory at a time.
    assert large < small * 2, (small, large)
