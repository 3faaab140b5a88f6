"""Regression floors on both extraction corpora: ``extract_article`` over every page, the
corpus figures compared with floors set a little below the figures measured when they were
last raised (see :data:`MEASURED`).

- ``aeb`` (``tests/data/article-extraction-benchmark``, 91 pages): body P/R/F1, the shingle
  metric of ``benchmarks/metric.py``.
- ``trafilatura`` (``tests/data/trafilatura-eval``, 775 pages): body P/R/F1 with the snippet
  metric, and the share of pages whose title, authors and date match the truth (the corpus
  README's comparisons, ``benchmarks/corpora.py``).

The same figures, beside trafilatura's and cross-validated by host, come from
``python -m benchmarks.extraction`` (``benchmarks/RESULTS.md``). When extraction gets better,
raise the floors to a little below the new figures; a floor is never lowered to let a change in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

from benchmarks.corpora import (
    AEB_DIR,
    CorpusPage,
    Fields,
    article_fields,
    host_folds,
    load_aeb,
    load_trafilatura,
    tally,
)
from newscrawl.extraction import extract_article

TRAFILATURA_DIR = Path(__file__).parent.parent / "data" / "trafilatura-eval"

#: Figures of ``extract_article`` when the floors were last set (metadata at 511305d).
MEASURED = {
    "aeb": {"precision": 0.978, "recall": 0.990, "f1": 0.984},
    "trafilatura": {
        "precision": 0.907,
        "recall": 0.907,
        "f1": 0.907,
        "title": 0.768,
        "authors": 0.631,
        "date": 0.886,
    },
}

#: The floors: about one point below :data:`MEASURED` for body figures, two for field shares
#: (one page moves a share by about 0.0015 for titles, 0.0023 for authors).
FLOORS = {
    "aeb": {"precision": 0.965, "recall": 0.980, "f1": 0.975},
    "trafilatura": {
        "precision": 0.895,
        "recall": 0.895,
        "f1": 0.896,
        "title": 0.750,
        "authors": 0.610,
        "date": 0.865,
    },
}

Extract = Callable[[bytes, str], Fields]


def ours(data: bytes, url: str) -> Fields:
    return article_fields(extract_article(data, url))


def whole_page(data: bytes, url: str) -> Fields:
    """A broken extractor: the page's whole text as the body, ``<title>`` as the title, no
    authors, no date."""
    tree = lxml_html.document_fromstring(data)
    return Fields(tree.text_content(), tree.findtext(".//title"))


def figures(pages: list[CorpusPage], extract: Extract) -> dict[str, float]:
    return tally((page, extract(page.html, page.url)) for page in pages).figures()


def shortfalls(found: dict[str, float], floors: dict[str, float]) -> list[str]:
    return [
        f"{name} {found.get(name, 0.0):.4f} < floor {floor:.3f}"
        for name, floor in floors.items()
        if found.get(name, 0.0) < floor
    ]


def describe(found: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.4f}" for name, value in found.items())


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[CorpusPage]]:
    return {"aeb": load_aeb(AEB_DIR), "trafilatura": load_trafilatura(TRAFILATURA_DIR)}


def test_the_corpora_are_complete(corpora: dict[str, list[CorpusPage]]) -> None:
    assert len(corpora["aeb"]) == 91
    pages = corpora["trafilatura"]
    assert len(pages) == 775
    assert all(page.with_ and page.without for page in pages)
    assert sum(bool(page.title) for page in pages) > 600


def test_folds_keep_each_host_in_one_fold_in_both_corpora(
    corpora: dict[str, list[CorpusPage]],
) -> None:
    fold_of: dict[str, int] = {}
    for pages in corpora.values():
        folds = host_folds(pages, 5)
        assert sum(map(len, folds)) == len(pages)
        assert all(len(fold) > len(pages) / 10 for fold in folds)
        for number, fold in enumerate(folds):
            for page in fold:
                assert fold_of.setdefault(page.host, number) == number, page.url


@pytest.mark.parametrize("corpus", ["aeb", "trafilatura"])
def test_figures_stay_at_or_above_the_floors(
    corpora: dict[str, list[CorpusPage]], corpus: str
) -> None:
    found = figures(corpora[corpus], ours)
    failed = shortfalls(found, FLOORS[corpus])
    assert not failed, f"{corpus}: {'; '.join(failed)} (all figures: {describe(found)})"


@pytest.mark.parametrize("corpus", ["aeb", "trafilatura"])
def test_the_floors_catch_a_broken_extractor(
    corpora: dict[str, list[CorpusPage]], corpus: str
) -> None:
    # A quarter of the pages is enough to show it, and keeps the test quick.
    found = figures(corpora[corpus][::4], whole_page)
    failed = shortfalls(found, FLOORS[corpus])
    assert {"precision", "f1"} <= {line.split()[0] for line in failed}, describe(found)
    if corpus == "trafilatura":
        assert {"authors", "date"} <= {line.split()[0] for line in failed}, describe(found)
