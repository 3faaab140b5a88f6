"""Body extraction on both corpora, in-sample and cross-validated by host, and its speed.

Usage::

    .venv/bin/python -m benchmarks.body_cv [--grid MODULE.NAME=v1,v2,...]... [--worst N]
        [--time N] [--trafilatura]

- Body quality: ``extract_body`` over the page parsed by ``parse_html`` (what
  ``extract_article`` does for the body), scored with snippet P/R/F1 on the trafilatura corpus
  and shingle P/R/F1 (``benchmarks/metric.py``) on the aeb pages. ``zero`` counts trafilatura
  pages with ``with`` snippets of which none was found (a wrong container).
- ``--grid``: constants of ``newscrawl.extraction`` modules to choose, e.g.
  ``--grid body._MIN_PROSE_CHARS=30,40,60``. Every combination runs on every page. In-sample:
  the combination with the best objective (mean of the two corpora's F1) on all pages. CV: for
  each of 5 host-grouped folds (``host_folds``; aeb and trafilatura pages folded alike), the
  combination best on the other 4 folds, scored on that fold; the held-out pages' scores
  pooled. Without ``--grid`` the two are the same figure, per fold spread shown.
- ``--time N``: median ms per page of ``extract_article`` (every field, parse included) and of
  ``trafilatura.extract`` on N pages of each corpus, interleaved page by page, best of 3.
- ``--trafilatura``: trafilatura's body figures on the same pages (for comparison).
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.corpora import (
    CorpusPage,
    SnippetCounts,
    host_folds,
    load_aeb,
    load_trafilatura,
    snippet_counts,
)
from benchmarks.metric import PageScore, score_corpus, score_page
from newscrawl.extraction import extract_article
from newscrawl.extraction.body import extract_body
from newscrawl.extraction.document import parse_html

_TREES: dict[str, Any] = {}


def body_of(page: CorpusPage) -> str:
    # extract_body never modifies the tree: each page is parsed once for every combination.
    key = f"{page.corpus}/{page.page_id}"
    if key not in _TREES:
        _TREES[key] = parse_html(page.html, [])
    tree = _TREES[key]
    return "" if tree is None else extract_body(tree)[0]


def trafilatura_body(page: CorpusPage) -> str:
    import trafilatura

    text = trafilatura.extract(
        page.html.decode("utf-8", "replace"),
        url=page.url,
        output_format="txt",
        include_comments=False,
    )
    return text or ""


@dataclass
class PageResult:
    page: CorpusPage
    fold: int
    aeb: PageScore | None = None
    snippets: SnippetCounts | None = None


@dataclass
class Figures:
    aeb_p: float
    aeb_r: float
    aeb_f1: float
    tr_p: float
    tr_r: float
    tr_f1: float
    zero: int

    @property
    def objective(self) -> float:
        return (self.aeb_f1 + self.tr_f1) / 2

    def line(self) -> str:
        return (
            f"aeb P {self.aeb_p:.4f} R {self.aeb_r:.4f} F1 {self.aeb_f1:.4f} | "
            f"trafilatura P {self.tr_p:.4f} R {self.tr_r:.4f} F1 {self.tr_f1:.4f} "
            f"zero {self.zero}"
        )


def figures(results: Sequence[PageResult]) -> Figures:
    aeb = score_corpus(r.aeb for r in results if r.aeb is not None)
    total = SnippetCounts()
    zero = 0
    for r in results:
        if r.snippets is not None:
            total.add(r.snippets)
            if r.snippets.tp == 0 and r.snippets.fn:
                zero += 1
    return Figures(
        aeb.precision,
        aeb.recall,
        aeb.f1,
        total.precision,
        total.recall,
        total.f1,
        zero,
    )


def run(pages: Sequence[tuple[CorpusPage, int]], extractor: Any = body_of) -> list[PageResult]:
    results = []
    for page, fold in pages:
        text = extractor(page)
        if page.corpus == "aeb":
            results.append(PageResult(page, fold, aeb=score_page(page.body, text)))
        else:
            results.append(PageResult(page, fold, snippets=snippet_counts(page, text)))
    return results


def _page_badness(result: PageResult) -> float:
    if result.aeb is not None:
        p, r = result.aeb.precision or 0.0, result.aeb.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0
    assert result.snippets is not None
    s = result.snippets
    with_share = s.tp / (s.tp + s.fn) if s.tp + s.fn else 1.0
    without_share = s.tn / (s.tn + s.fp) if s.tn + s.fp else 1.0
    return (with_share + without_share) / 2


def _set(name: str, value: Any) -> None:
    module_name, _, attr = name.rpartition(".")
    module = importlib.import_module(f"newscrawl.extraction.{module_name}")
    setattr(module, attr, value)


def _parse_grid(specs: list[str]) -> list[tuple[str, list[Any]]]:
    grid = []
    for spec in specs:
        name, _, values = spec.partition("=")
        grid.append((name, [_number(v) for v in values.split(",")]))
    return grid


def _number(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _best_of_3(call: Any, *args: Any, **kwargs: Any) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best


def timing(pages: Sequence[CorpusPage]) -> tuple[float, float]:
    import trafilatura

    ours, theirs = [], []
    for page in pages:
        ours.append(_best_of_3(extract_article, page.html, page.url))
        theirs.append(
            _best_of_3(
                trafilatura.extract,
                page.html.decode("utf-8", "replace"),
                url=page.url,
                output_format="txt",
                include_comments=False,
            )
        )
    return statistics.median(ours) * 1000, statistics.median(theirs) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", action="append", default=[])
    parser.add_argument("--worst", type=int, default=0)
    parser.add_argument("--time", type=int, default=0)
    parser.add_argument("--trafilatura", action="store_true")
    args = parser.parse_args(argv)

    pages: list[tuple[CorpusPage, int]] = []
    for corpus in (load_aeb(), load_trafilatura()):
        for fold, group in enumerate(host_folds(corpus, 5)):
            pages.extend((page, fold) for page in group)

    grid = _parse_grid(args.grid)
    combos = list(itertools.product(*(values for _, values in grid))) or [()]
    by_combo: dict[tuple[Any, ...], list[PageResult]] = {}
    for combo in combos:
        for (name, _), value in zip(grid, combo, strict=True):
            _set(name, value)
        by_combo[combo] = run(pages)
        if len(combos) > 1:
            print(f"  {combo}: {figures(by_combo[combo]).line()}")

    best_all = max(combos, key=lambda c: figures(by_combo[c]).objective)
    in_sample = by_combo[best_all]
    print(f"in-sample {best_all or ''}: {figures(in_sample).line()}")
    held_out: list[PageResult] = []
    for fold in range(5):
        chosen = max(
            combos,
            key=lambda c: figures([r for r in by_combo[c] if r.fold != fold]).objective,
        )
        scored = [r for r in by_combo[chosen] if r.fold == fold]
        held_out.extend(scored)
        print(f"  fold {fold} {chosen or ''}: {figures(scored).line()}")
    print(f"cross-validated: {figures(held_out).line()}")

    if args.trafilatura:
        print(f"trafilatura: {figures(run(pages, trafilatura_body)).line()}")
    if args.worst:
        for result in sorted(in_sample, key=_page_badness)[: args.worst]:
            print(f"  {_page_badness(result):.3f} {result.page.corpus} {result.page.page_id}")
    if args.time:
        sample = [p for p, _ in pages if p.corpus == "aeb"][: args.time]
        sample += [p for p, _ in pages if p.corpus == "trafilatura"][: args.time]
        ours, theirs = timing(sample)
        print(
            f"median ms/page on {len(sample)} pages: newscrawl {ours:.1f}, "
            f"trafilatura {theirs:.1f}, ratio {ours / theirs:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
