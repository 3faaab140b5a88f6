"""The web view in a real browser (Chromium driven by Playwright): searching with the form,
following results to a story, its diff and a site's charts, as a reader would; and no stored
text runs as a script. The screenshots of the main pages are kept in ``test-results/web/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from archive.db import create_schema, make_engine, make_sessionmaker
from tests.web.archive_data import HOSTILE_TITLE, SITE, Built, build
from tests.web.browser import in_browser
from tests.web.server import serving


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Built]:
    """The test archive on SQLite (the HTTP tests cover both backends)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'archive.db'}"
    engine = make_engine(url)
    try:
        create_schema(engine)
        return url, build(make_sessionmaker(engine))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def address(archive: tuple[str, Built]) -> Iterator[str]:
    with serving(archive[0]) as served:
        yield served


def test_a_reader_searches_reads_compares_and_looks_at_a_site(
    address: str,
    archive: tuple[str, Built],
    browser_type_launch_args: dict[str, Any],
    screenshots: Path,
) -> None:
    built = archive[1]

    def session(page: Page) -> dict[str, Any]:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        seen: dict[str, Any] = {}

        # Search with the form: words and a section.
        page.goto(address)
        form = page.locator("form#filters")
        form.locator("input[name=q]").fill("harbour story")
        form.locator("select[name=section]").select_option("Business")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**section=Business**")
        expect(page.locator("li.result").first).to_be_visible()
        seen["results"] = page.locator("li.result a.title").all_inner_texts()
        page.screenshot(path=screenshots / "search.png", full_page=True)

        # The edited story, its versions, then the diff of its first and last versions.
        page.goto(f"{address}story?url={built.edited_url}")
        expect(page.locator("#title")).to_have_text("Harbour story number 1, corrected")
        page.screenshot(path=screenshots / "story.png", full_page=True)
        page.locator("form.compare select[name=from]").select_option("1")
        page.locator("form.compare button").click()
        page.wait_for_url("**/diff?from=1&to=3")
        seen["inserted"] = page.locator("#field-title ins").all_inner_texts()
        seen["deleted"] = page.locator("#field-title del").all_inner_texts()
        # Removed words are struck through, added ones are not: the CSS applies.
        seen["del_style"] = page.locator("#field-title del").first.evaluate(
            "e => getComputedStyle(e).textDecorationLine"
        )
        page.screenshot(path=screenshots / "diff.png", full_page=True)

        # The story whose stored texts are markup: shown as text, nothing runs.
        page.goto(f"{address}story?url={built.hostile_url}")
        seen["hostile_title"] = page.locator("#title").inner_text()
        seen["scripts"] = page.locator("script").count()

        # From the sites table to a site's page with its charts.
        page.goto(f"{address}sites")
        page.locator("#sites a", has_text=SITE).click()
        page.wait_for_url(f"**/site/{SITE}")
        charts = page.locator("svg.chart")
        expect(charts.first).to_be_visible()
        seen["charts"] = [box["width"] for box in (c.bounding_box() for c in charts.all()) if box]
        seen["bars"] = page.locator("#published svg rect.bar").count()
        seen["badge"] = page.locator("#health").inner_text()
        seen["problems"] = page.locator("ul.problems").inner_text()
        page.screenshot(path=screenshots / "site.png", full_page=True)
        seen["dialogs"] = dialogs
        return seen

    seen = in_browser(browser_type_launch_args, session)
    assert seen["results"] and all(title.startswith("Harbour story") for title in seen["results"])
    assert seen["inserted"] == ["1, corrected"] and seen["deleted"] == ["1"]
    assert seen["del_style"] == "line-through"
    assert seen["hostile_title"] == HOSTILE_TITLE
    assert seen["scripts"] == 0 and seen["dialogs"] == []
    assert len(seen["charts"]) == 3 and min(seen["charts"]) > 300
    assert seen["bars"] == 60
    # The served archive is judged by the real clock: its crawls are from 2024.
    # (a stopped schedule: archive health calls it failing, and so does the badge).
    assert seen["badge"] == "failing" and "last successful crawl" in seen["problems"]
    for name in ("search", "story", "diff", "site"):
        assert (screenshots / f"{name}.png").stat().st_size > 10_000
