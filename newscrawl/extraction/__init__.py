"""Pure extraction of a story from one HTML page: no network, no Scrapy.

>>> art = extract_article(html_bytes, "https://example.com/2022/05/26/story/")
>>> page_kind(tree, url)  # "article", "listing" or "other"
"""

from __future__ import annotations

from .article import extract_article
from .model import Article, ExtractOptions, Problem
from .pagekind import PageKind, page_kind

__all__ = ["Article", "ExtractOptions", "PageKind", "Problem", "extract_article", "page_kind"]
