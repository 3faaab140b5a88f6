"""Edits between crawls: some stories corrected after publication, as newsrooms do.

``DemoSite(..., edits=N)`` is the same site with *N* stories edited: a correction or update
line added to the story's last paragraph and dateModified moved later, between the story's
last modification and the site date. Address, title, aliases and every other story stay as
they were, so a recurring crawl of the edited site should find exactly these *N* changes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from demosite.text import Fragment, plain

if TYPE_CHECKING:
    from demosite.model import Article, SiteModel

# A story edited less than this before the site date is left alone: its next edit would
# squeeze between the two.
MIN_GAP = timedelta(hours=6)

CORRECTIONS = (
    "Updated: This article has been updated to correct a figure given in an earlier version.",
    "Correction: An earlier version of this story misstated the date of the meeting.",
    "Updated: This story has been updated with additional reporting.",
    "Correction: An earlier version of this article misspelled the name of a spokesperson.",
    "Updated: This story has been updated to include a response from the officials concerned.",
)


def editable(site: SiteModel) -> list[int]:
    """Indexes of the articles an edit may touch: not wire copies nor topic-group stories
    (whose similarity the duplicate cases fix), and modified well before the site date."""
    return [
        i
        for i, a in enumerate(site.articles)
        if a.cluster is None and a.topic_group is None and site.now - a.modified >= MIN_GAP
    ]


def choose(site: SiteModel, count: int) -> list[int]:
    """*count* editable articles spread evenly across the site, oldest first."""
    candidates = editable(site)
    if count < 0:
        raise ValueError("edits must be 0 or more")
    if count > len(candidates):
        raise ValueError(f"edits must be at most {len(candidates)} on this site, got {count}")
    return [candidates[(2 * k + 1) * len(candidates) // (2 * count)] for k in range(count)]


def edit(site: SiteModel, article: Article, seed: int) -> None:
    """Correct *article*: a line added to its last paragraph, dateModified moved later."""
    rng = random.Random(f"demosite:{seed}:edit:{article.post_id}")
    last = max(n for n, b in enumerate(article.blocks) if b.kind == "p")
    block = article.blocks[last]
    line = plain(rng.choice(CORRECTIONS))
    content = Fragment(block.content.text + " ", block.content.html + " ") + line
    blocks = list(article.blocks)
    blocks[last] = replace(block, content=content)
    article.blocks = blocks
    if last == 0:  # never on generated bodies, which have five paragraphs or more
        article.description = content.text
    gap = site.now - article.modified
    moved = article.modified + gap * rng.uniform(0.25, 0.75)
    article.modified = moved.replace(second=0, microsecond=0).astimezone(article.modified.tzinfo)


def apply(site: SiteModel, seed: int, count: int) -> list[int]:
    """Edit *count* articles of *site* (see :func:`choose`); their indexes, oldest first."""
    chosen = choose(site, count) if count else []
    for index in chosen:
        edit(site, site.articles[index], seed)
    return chosen
