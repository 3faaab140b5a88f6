"""Compare what a crawl archived with a demo-site build's ground truth, field by field.

Used by the end-to-end tests of :mod:`demosite.builds`: every mismatch is one line, so a failing
test says exactly which story, field or page is wrong.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from archive import query
from benchmarks.metric import score_page
from demosite.builds import SiteTruth

#: The body F1 (the benchmark's shingle metric) a stored story must reach.
MIN_BODY_F1 = 0.97


def _day(moment: datetime | None, zone: str) -> str | None:
    return moment.astimezone(ZoneInfo(zone)).date().isoformat() if moment else None


def build_mismatches(truth: SiteTruth, archive_url: str, *, timezone: str = "UTC") -> list[str]:
    """One line per difference between the archive at *archive_url* and *truth*.

    Checked: the set of stored story URLs; each story's title, publication day (in
    *timezone*, the site's), authors, tags and body (F1 >= :data:`MIN_BODY_F1`); that every
    alias of the truth is recorded as an alias of its story; that no page of ``truth.others``
    was stored as a story.
    """
    with Session(query.engine(archive_url)) as session:
        stored = {story.url: story for story in query.iter_export(session)}
    expected = {story.url: story for story in truth.stories}
    problems = [f"missing story {url}" for url in sorted(expected.keys() - stored.keys())]
    for url in sorted(stored.keys() - expected.keys()):
        kind = truth.others.get(url, "not in the ground truth")
        problems.append(f"stored as a story but is not one ({kind}): {url}")
    for url in sorted(expected.keys() & stored.keys()):
        want, got = expected[url], stored[url]
        if got.title != want.title:
            problems.append(f"{url}: title {got.title!r}, expected {want.title!r}")
        day = _day(got.published_at, timezone)
        if day != want.published:
            problems.append(f"{url}: published {day}, expected {want.published}")
        if tuple(got.authors) != want.authors:
            problems.append(f"{url}: authors {list(got.authors)}, expected {list(want.authors)}")
        if tuple(got.tags) != want.tags:
            problems.append(f"{url}: tags {list(got.tags)}, expected {list(want.tags)}")
        score = score_page(want.body, got.body)
        f1 = (
            2 * score.precision * score.recall / (score.precision + score.recall)
            if score.precision and score.recall
            else 0.0
        )
        if f1 < MIN_BODY_F1:
            problems.append(
                f"{url}: body F1 {f1:.3f} (P {score.precision or 0:.3f}, "
                f"R {score.recall or 0:.3f}) < {MIN_BODY_F1}"
            )
        missing = sorted(set(want.aliases) - set(got.aliases))
        if missing:
            problems.append(f"{url}: aliases not recorded: {missing}")
    return problems
