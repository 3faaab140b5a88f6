"""A small archive for the web view's tests, written as crawls write: three crawls of one site
(new stories, then edits, then a crawl with errors), a wire story copied by a second site, a
story whose stored texts are markup, aliases, sections, tags and authors.

Built with the store functions the crawl's writer uses (through :mod:`tests.archive.helpers`),
on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from archive.record import PageProblem
from archive.store import finish_crawl, record_problems, start_crawl
from tests.archive.helpers import T0, make_story, store

SITE = "news.example.com"
WIRE_SITE = "wire.example.org"
# The clock the health badges are judged by: a day after the last crawl.
NOW = T0 + timedelta(days=3)
STORIES = 45  # more than two pages of 20; 23 with the word harbour in the title
HOSTILE_TITLE = '<script>alert("title")</script> Mayor & <b>council</b>'
HOSTILE_BODY = (
    'Opening words <script>alert("body")</script> and <img src=x onerror=alert(1)>.'
    "\n\nA second paragraph about the harbour."
)
WIRE_BODY = " ".join(
    f"The regional harbour authority said on Tuesday that shipment {n} of grain left the"
    f" quay at dawn after the strike ended, and officials expect traffic to recover."
    for n in range(6)
)


@dataclass(frozen=True)
class Built:
    """What the tests look for: the URLs of the notable stories and the crawl ids."""

    edited_url: str
    hostile_url: str
    wire_url: str
    copy_url: str
    alias_url: str
    crawls: tuple[int, ...]


def section_of(n: int) -> str:
    return "Business" if n % 3 == 0 else "World"


def _crawl(sessions: sessionmaker[Session], started: datetime, host: str = SITE) -> int:
    with sessions.begin() as session:
        return start_crawl(session, spider="site", start_url=f"https://{host}/", started_at=started)


def _finish(
    sessions: sessionmaker[Session],
    crawl_id: int,
    started: datetime,
    *,
    pages: int,
    new: int,
    updated: int,
    unchanged: int = 0,
    errors: int = 0,
) -> None:
    with sessions.begin() as session:
        finish_crawl(
            session,
            crawl_id,
            finished_at=started + timedelta(minutes=4),
            status="finished",
            pages=pages,
            stories_new=new,
            stories_updated=updated,
            stories_unchanged=unchanged,
            errors=errors,
            stats={},
        )


def build(sessions: sessionmaker[Session]) -> Built:
    """Fill an empty archive; return where its notable stories are."""
    url = f"https://{SITE}/2024/05/story-%d"
    first = T0
    crawl_1 = _crawl(sessions, first)
    stories = [
        make_story(
            n,
            url=url % n,
            title=f"Harbour story number {n}" if n % 2 else f"Story number {n}",
            published_at=T0 - timedelta(days=n % 9, hours=n),
            section=section_of(n),
            tags=["Harbour", "Politics"] if n % 2 else ["Climate"],
            authors=["Ada Lovelace"] if n % 2 else ["Grace Hopper"],
            fetched_at=first + timedelta(minutes=1),
        )
        for n in range(1, STORIES + 1)
    ]
    hostile = make_story(
        99,
        url=f"https://{SITE}/2024/05/hostile",
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
        description="<i>standfirst</i>",
        section="<em>Opinion</em>",
        tags=["<script>tag</script>"],
        authors=["<b>Mallory</b>"],
        fetched_at=first + timedelta(minutes=1),
        aliases=[f"https://{SITE}/amp/hostile"],
    )
    wire = make_story(
        50,
        url=f"https://{SITE}/2024/05/grain-shipments",
        title="Grain shipments resume",
        body=WIRE_BODY,
        authors=["Wire Desk"],
        tags=["Grain"],
        published_at=T0 - timedelta(days=1),
        fetched_at=first + timedelta(minutes=1),
    )
    store(sessions, crawl_1, [*stories, hostile, wire], seen_at=first)
    _finish(sessions, crawl_1, first, pages=40, new=STORIES + 2, updated=0)

    # The wire copy on another site: a near-duplicate of the story above.
    copy_crawl = _crawl(sessions, first + timedelta(hours=1), WIRE_SITE)
    copy = make_story(
        51,
        url=f"https://{WIRE_SITE}/world/grain",
        title="Grain ships leave port as strike ends",
        body=WIRE_BODY + " Reporting by the wire desk.",
        site=WIRE_SITE,
        authors=["Wire Desk"],
        tags=["Grain"],
        published_at=T0 - timedelta(hours=12),
        fetched_at=first + timedelta(hours=1),
    )
    store(sessions, copy_crawl, [copy], seen_at=first + timedelta(hours=1))
    _finish(sessions, copy_crawl, first + timedelta(hours=1), pages=3, new=1, updated=0)

    # A day later the site edits story 1 (title and body) and story 2's punctuation.
    second = T0 + timedelta(days=1)
    crawl_2 = _crawl(sessions, second)
    edited = make_story(
        1,
        url=url % 1,
        title="Harbour story number 1, corrected",
        body="First paragraph of story 1, now with a correction.\n\nSecond paragraph.",
        published_at=stories[0].published_at,
        section=section_of(1),
        tags=["Harbour", "Politics"],
        authors=["Ada Lovelace"],
        fetched_at=second + timedelta(minutes=1),
    )
    store(sessions, crawl_2, [edited], seen_at=second)
    _finish(sessions, crawl_2, second, pages=12, new=0, updated=1, unchanged=5)

    # Two days later a crawl with errors and a third version of story 1.
    third = T0 + timedelta(days=2)
    crawl_3 = _crawl(sessions, third)
    again = make_story(
        1,
        url=url % 1,
        title="Harbour story number 1, corrected",
        body="First paragraph of story 1, now with a correction and more.\n\nSecond paragraph.",
        published_at=stories[0].published_at,
        section=section_of(1),
        tags=["Harbour", "Politics"],
        authors=["Ada Lovelace"],
        fetched_at=third + timedelta(minutes=1),
    )
    store(sessions, crawl_3, [again], seen_at=third)
    with sessions.begin() as session:
        record_problems(
            session,
            crawl_3,
            [PageProblem(url=f"https://{SITE}/broken", reason="http-500", detail="", at=third)],
        )
    _finish(sessions, crawl_3, third, pages=9, new=0, updated=1, errors=1)
    return Built(
        edited_url=url % 1,
        hostile_url=hostile.url,
        wire_url=wire.url,
        copy_url=copy.url,
        alias_url=f"https://{SITE}/amp/hostile",
        crawls=(crawl_1, copy_crawl, crawl_2, crawl_3),
    )
