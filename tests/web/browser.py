"""Driving the web view in a real browser: Playwright's sync API on the system's Chromium.

The sync API runs its own event loop, and pytest-twisted keeps the asyncio reactor's loop
running in the test thread (``--reactor=asyncio``), where a second loop cannot start. So each
browser session runs in a thread of its own: :func:`in_browser` runs a function with a fresh
page there and hands back its result or its exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from playwright.sync_api import Page, sync_playwright

T = TypeVar("T")

VIEWPORT = {"width": 1280, "height": 900}


def in_browser(launch: dict[str, Any], work: Callable[[Page], T], *, timeout: float = 120.0) -> T:
    """Run ``work(page)`` in a new Chromium (``launch``: Playwright's launch options)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch)
                try:
                    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
                    outcome["result"] = work(context.new_page())
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test's thread, raised there
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="browser", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"the browser session took more than {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]
