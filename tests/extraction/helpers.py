"""Saved pages for the extraction tests."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).parent / "pages"
CORPUS = Path(__file__).parent.parent / "data" / "article-extraction-benchmark"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()
