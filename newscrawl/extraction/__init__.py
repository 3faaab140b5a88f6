"""Pure extraction of a story from one HTML page: no network, no Scrapy.

>>> art = extract_article(html_bytes, "https://example.com/2022/05/26/story/")
>>> page_kind(tree, url)  # "article", "listing" or "other"
"""

from __future__ import annotations

from .article import extract_article
from .model import Article, ExtractOptions, Problem
from .pagekind import PageKind, page_kind

#: The version of what extraction makes of a page. Bump it in the commit that changes any
#: extracted field for some page (rules, selectors, normalisation), never otherwise: each story
#: version is stamped with it, and `archive reextract --extractor-below N` re-reads the stored
#: responses of stories an older extractor made.
EXTRACTOR_VERSION = 1

__all__ = [
    "EXTRACTOR_VERSION",
    "Article",
    "ExtractOptions",
    "PageKind",
    "Problem",
    "extract_article",
    "page_kind",
]
