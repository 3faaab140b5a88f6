"""Near-duplicate detection on real news text, stored and matched in real databases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Cluster, ClusterMember, Story, StoryBand
from archive.neardup import BANDS, THRESHOLD, signature, similarity
from tests.archive.helpers import T0, make_story, new_crawl, store

CORPUS = Path(__file__).parents[1] / "data" / "article-extraction-benchmark" / "ground-truth.json"
BOILERPLATE = (
    "\n\nThe governor's office has been approached for comment. Sign up for our daily newsletter"
    " to get the latest news. Copyright 2019 The Associated Press. All rights reserved."
)


@cache
def bodies() -> dict[str, str]:
    truth = json.loads(CORPUS.read_text(encoding="utf-8"))
    return {key[:8]: item["articleBody"] for key, item in truth.items()}


def wire_story() -> str:
    return bodies()["05844573"]  # an AP story (Los Angeles Auto Show) as a US paper ran it


def republished(body: str) -> str:
    """The same wire story as another paper runs it: lead dropped, a closing sentence added."""
    paragraphs = body.split("\n\n")
    return "\n\n".join([*paragraphs[1:], "The show runs through Dec. 1, organisers said."])


def one_topic_pair() -> tuple[str, str]:
    """Two different real stories on one topic (South Dakota's "Meth. We're on it." campaign),
    given the same boilerplate sentences."""
    return bodies()["156770d6"] + BOILERPLATE, bodies()["3f65af7b"] + BOILERPLATE


def score(a: str, b: str) -> float:
    sa, sb = signature(a).minhash, signature(b).minhash
    assert sa is not None and sb is not None
    return similarity(sa, sb)


def test_a_republished_wire_story_is_a_near_duplicate() -> None:
    assert score(wire_story(), republished(wire_story())) >= THRESHOLD + 0.3


def test_stories_on_one_topic_with_shared_boilerplate_are_not() -> None:
    assert score(*one_topic_pair()) < THRESHOLD - 0.3


def test_short_bodies_get_no_minhash_only_an_exact_hash() -> None:
    short = signature("Breaking: markets closed early today.")
    assert short.minhash is None and short.bands() == []
    assert short.body_hash == signature("Breaking:  markets closed\n early today.").body_hash


def members(sessions: sessionmaker[Session]) -> dict[str, tuple[int, float]]:
    with sessions() as session:
        rows = session.execute(
            select(Story.url, ClusterMember.cluster_id, ClusterMember.similarity).join(
                ClusterMember, ClusterMember.story_id == Story.id
            )
        )
        return {url: (cluster, sim) for url, cluster, sim in rows}


def canonical_url(sessions: sessionmaker[Session], cluster_id: int) -> str:
    with sessions() as session:
        cluster = session.get(Cluster, cluster_id)
        assert cluster is not None
        story = session.get(Story, cluster.canonical_story_id)
        assert story is not None
        return story.url


def test_copies_join_one_cluster_across_crawls(sessions: sessionmaker[Session]) -> None:
    original = make_story(1, url="https://a.example/auto-show", body=wire_story())
    distinct_a, distinct_b = one_topic_pair()
    first = new_crawl(sessions)
    counts = store(
        sessions,
        first,
        [
            original,
            make_story(2, url="https://a.example/meth-1", body=distinct_a),
            make_story(3, url="https://b.example/meth-2", body=distinct_b, site="b.example"),
        ],
    )
    assert counts.clustered == 0
    with sessions() as session:
        assert len(session.scalars(select(StoryBand)).all()) == 3 * BANDS

    # A month later, in a new crawl and a new session: the signatures were kept.
    later = new_crawl(sessions, T0 + timedelta(days=30))
    copy = make_story(
        4,
        url="https://b.example/new-suvs-and-evs",
        title="New SUVs and EVs star in Los Angeles",
        body=republished(wire_story()),
        site="b.example",
        published_at=original.published_at + timedelta(hours=5),
    )
    exact = make_story(5, url="https://c.example/auto", body=wire_story(), site="c.example")
    counts = store(sessions, later, [copy, exact], seen_at=T0 + timedelta(days=30))
    assert counts.new == 2 and counts.clustered == 2

    found = members(sessions)
    assert set(found) == {original.url, copy.url, exact.url}
    cluster_id = found[original.url][0]
    assert {cluster for cluster, _ in found.values()} == {cluster_id}
    assert found[exact.url][1] == 1.0
    assert THRESHOLD <= found[copy.url][1] < 1.0
    assert canonical_url(sessions, cluster_id) == original.url


def test_the_earliest_published_member_is_canonical(sessions: sessionmaker[Session]) -> None:
    crawl = new_crawl(sessions)
    later = make_story(1, url="https://a.example/later", body=wire_story())
    store(sessions, crawl, [later])
    earlier = make_story(
        2,
        url="https://b.example/earlier",
        body=republished(wire_story()),
        site="b.example",
        published_at=later.published_at - timedelta(days=1),
    )
    store(sessions, crawl, [earlier])
    (cluster_id, _), _ = members(sessions).values()
    assert canonical_url(sessions, cluster_id) == earlier.url


def test_an_edited_story_keeps_its_cluster_and_new_bands(sessions: sessionmaker[Session]) -> None:
    crawl = new_crawl(sessions)
    a = make_story(1, url="https://a.example/x", body=wire_story())
    b = make_story(2, url="https://b.example/x", body=republished(wire_story()), site="b.example")
    store(sessions, crawl, [a, b])
    before = members(sessions)
    with sessions() as session:
        old_bands = set(
            session.scalars(select(StoryBand.hash).join(Story).where(Story.url == b.url))
        )
    shorter = "\n\n".join(b.body.split("\n\n")[:6])  # an edit that cut the story short
    store(sessions, crawl, [replace(b, body=shorter)])
    assert members(sessions) == before
    with sessions() as session:
        new_bands = set(
            session.scalars(select(StoryBand.hash).join(Story).where(Story.url == b.url))
        )
    assert len(new_bands) == BANDS and new_bands != old_bands


def test_a_story_is_never_its_own_duplicate(sessions: sessionmaker[Session]) -> None:
    crawl = new_crawl(sessions)
    story = make_story(1, url="https://a.example/self", body=wire_story())
    store(sessions, crawl, [story])
    store(
        sessions, crawl, [replace(story, body=story.body + "\n\nOne more line for a new version.")]
    )
    assert members(sessions) == {}


def test_export_and_show_name_the_cluster(
    sessions: sessionmaker[Session], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive.cli import main
    from archive.query import iter_export

    crawl = new_crawl(sessions)
    a = make_story(1, url="https://a.example/x", body=wire_story())
    b = make_story(2, url="https://b.example/x", body=republished(wire_story()), site="b.example")
    c = make_story(3, url="https://c.example/other", body=one_topic_pair()[0], site="c.example")
    store(sessions, crawl, [a, b, c])
    with sessions() as session:
        clusters = {r.url: r.cluster_id for r in iter_export(session)}
    assert clusters[a.url] is not None and clusters[a.url] == clusters[b.url]
    assert clusters[c.url] is None

    assert main(["--db", db_url, "show", b.url]) == 0
    out = capsys.readouterr().out
    assert f"Near-duplicates (cluster {clusters[a.url]}; canonical: {a.url})" in out
    assert f"  {a.url}" in out
