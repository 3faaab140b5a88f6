"""The article-extraction-benchmark pages: the metric follows the corpus README, and every page
is taken for an article. The body figures' floors on both corpora are in
``test_corpus_regression.py``.
"""

from __future__ import annotations

import gzip
import json

from lxml import html as lxml_html

from benchmarks import metric
from newscrawl.extraction import page_kind

from .helpers import CORPUS


def _pages() -> list[tuple[str, bytes, str]]:
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(CORPUS / "html" / f"{page_id}.html.gz", "rb") as f:
            pages.append((truth[page_id]["url"], f.read(), truth[page_id]["articleBody"]))
    return pages


def test_metric_follows_the_readme() -> None:
    perfect = metric.score_page("one two three four five", "one two, three four five!")
    assert (perfect.precision, perfect.recall, perfect.exact) == (1.0, 1.0, True)
    half = metric.score_page("a b c d e f", "a b c d x y")
    # truth shingles: abcd bcde cdef; predicted: abcd bcdx cdxy -> TP 1, FP 2, FN 2
    assert half.precision == half.recall == 1 / 3
    short = metric.score_page("a b", "a b")
    assert short.precision == 1.0
    empty = metric.score_page("a b c d", "")
    assert (empty.precision, empty.recall) == (None, 0.0)
    corpus = metric.score_corpus([perfect, half, empty])
    assert corpus.precision == (1 + 1 / 3) / 2
    assert corpus.recall == (1 + 1 / 3 + 0) / 3


def test_every_corpus_page_is_an_article() -> None:
    for url, data, _ in _pages():
        assert page_kind(lxml_html.document_fromstring(data), url) == "article", url
