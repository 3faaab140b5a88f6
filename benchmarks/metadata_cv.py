"""Title, authors and date of ``newscrawl.extraction`` on the trafilatura corpus, in-sample and
cross-validated over hosts, with trafilatura 2.3.1 beside.

Usage::

    .venv/bin/python -m benchmarks.metadata_cv [--no-trafilatura] [--show title|authors|date]
        [--folds 5]

- in-sample: the share of pages whose field matches (the corpus README's metric), all pages.
- cross-validated: the metadata readers have tunable constants (:data:`GRID`); for each of the
  host-grouped folds the setting that scores best on the other folds is chosen and scored on
  the held-out fold, and the held-out counts are summed. With no tunable left the two figures
  are equal by construction; the per-fold figures show how much the score varies between hosts.
- timing: ``extract_article`` (all fields, body included) and trafilatura's
  ``bare_extraction(with_metadata=True)``, interleaved page by page, the median ms per page.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from benchmarks.corpora import (
    CorpusPage,
    FieldScore,
    host_folds,
    load_trafilatura,
    same_authors,
    same_date,
    same_title,
)
from newscrawl.extraction import extract_article
from newscrawl.extraction.authors import read_authors
from newscrawl.extraction.dates import read_dates
from newscrawl.extraction.document import parse_html
from newscrawl.extraction.model import Article, ExtractOptions
from newscrawl.extraction.sources import Sources
from newscrawl.extraction.titles import read_title

FIELDS = ("title", "authors", "date")

#: Tunable constants of the metadata readers: ``(module, name) -> candidate values``. Each is
#: chosen on four folds and scored on the fifth.
GRID: dict[tuple[str, str], tuple[Any, ...]] = {
    ("newscrawl.extraction.dates", "TEXT_REACH_AFTER"): (1500, 5000),
    ("newscrawl.extraction.dates", "TEXT_REACH_BEFORE"): (500, 2000),
    ("newscrawl.extraction.authors", "BYLINE_REACH_AFTER"): (1500, 5000),
}


@dataclass
class Result:
    title: str | None
    authors: list[str]
    date: Any
    ms: float = 0.0
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class Scores:
    fields: dict[str, FieldScore] = field(
        default_factory=lambda: {name: FieldScore() for name in FIELDS}
    )

    def add(self, page: CorpusPage, result: Result) -> None:
        if page.title:
            self.fields["title"].add(same_title(page.title, result.title))
        if page.authors:
            self.fields["authors"].add(same_authors(page.authors, result.authors))
        if page.date:
            self.fields["date"].add(same_date(page.date, result.date))

    def merge(self, other: Scores) -> None:
        for name in FIELDS:
            self.fields[name].right += other.fields[name].right
            self.fields[name].total += other.fields[name].total

    def line(self) -> str:
        return "  ".join(f"{n} {self.fields[n].share:.3f}" for n in FIELDS)


def ours(page: CorpusPage) -> Result:
    start = time.perf_counter()
    article = _extract(page.html, page.url)
    ms = (time.perf_counter() - start) * 1000
    return Result(
        article.title, list(article.authors or []), article.published_at, ms, article.provenance
    )


def _metadata_only(html: bytes, url: str) -> Article:
    """The metadata readers alone (no body), for quick runs while working on them."""
    article = Article(url=url)
    tree = parse_html(html, article.problems)
    if tree is not None:
        src = Sources(tree, url, ExtractOptions(), article.problems)
        article.title, source = read_title(src)
        if source:
            article.provenance["title"] = source
        read_authors(src, article)
        read_dates(src, article)
    return article


_extract: Callable[[bytes, str], Article] = extract_article


def theirs(page: CorpusPage) -> Result:
    import trafilatura

    start = time.perf_counter()
    doc = trafilatura.bare_extraction(
        page.html,
        url=page.url,
        with_metadata=True,
        include_tables=True,
        include_comments=False,
    )
    ms = (time.perf_counter() - start) * 1000
    if doc is None:
        return Result(None, [], None, ms)
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    day = None
    if doc.date:
        from datetime import date

        try:
            day = date.fromisoformat(doc.date[:10])
        except ValueError:
            day = None
    return Result(doc.title, authors, day, ms)


@contextmanager
def setting(values: dict[tuple[str, str], Any]) -> Iterator[None]:
    import importlib

    old = {}
    for (module, name), value in values.items():
        mod = importlib.import_module(module)
        old[(module, name)] = getattr(mod, name)
        setattr(mod, name, value)
    try:
        yield
    finally:
        for (module, name), value in old.items():
            setattr(importlib.import_module(module), name, value)


def _run(page: CorpusPage) -> Result:
    return ours(page)


def score(pages: list[CorpusPage], run: Callable[[CorpusPage], Result]) -> Scores:
    scores = Scores()
    # Worker processes fork after any setting is made, so they see it.
    with multiprocessing.get_context("fork").Pool(JOBS) as pool:
        results = pool.map(run, pages, chunksize=8) if JOBS > 1 else map(run, pages)
        for page, result in zip(pages, results, strict=True):
            scores.add(page, result)
    return scores


JOBS = 1


def cross_validated(folds: list[list[CorpusPage]]) -> tuple[Scores, list[str]]:
    """Held-out scores summed over folds, each fold scored with the setting best on the others."""
    keys = list(GRID)
    settings = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*GRID.values())]
    # Each page's result under each setting, computed once.
    per_setting: list[list[Scores]] = []
    for values in settings:
        with setting(values):
            per_setting.append([score(fold, _run) for fold in folds])
    total = Scores()
    chosen = []
    for held_out in range(len(folds)):

        def training(index: int, held_out: int = held_out) -> float:
            train = Scores()
            for k, fold_scores in enumerate(per_setting[index]):
                if k != held_out:
                    train.merge(fold_scores)
            return sum(train.fields[n].right for n in FIELDS)

        best = max(range(len(settings)), key=training)
        total.merge(per_setting[best][held_out])
        chosen.append(", ".join(f"{name}={value!r}" for (_, name), value in settings[best].items()))
    return total, chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--show", choices=FIELDS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="in-sample figures only")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the fold scores")
    parser.add_argument(
        "--metadata-only", action="store_true", help="skip the body (quick; timing meaningless)"
    )
    args = parser.parse_args(argv)
    global _extract, JOBS
    JOBS = args.jobs
    if args.metadata_only:
        _extract = _metadata_only

    pages = load_trafilatura()
    folds = host_folds(pages, args.folds)
    ours_in = Scores()
    theirs_in = Scores()
    ours_ms: list[float] = []
    theirs_ms: list[float] = []
    misses = []
    by_page: dict[str, Result] = {}
    for page in pages:
        result = ours(page)
        by_page[page.page_id] = result
        ours_in.add(page, result)
        ours_ms.append(result.ms)
        if args.show:
            want = {"title": page.title, "authors": page.authors, "date": page.date}[args.show]
            got = {"title": result.title, "authors": result.authors, "date": result.date}
            check = {"title": same_title, "authors": same_authors, "date": same_date}[args.show]
            if want and not check(want, got[args.show]):  # type: ignore[operator]
                source = result.provenance.get(
                    {"title": "title", "authors": "authors", "date": "published_at"}[args.show]
                )
                misses.append(
                    f"{page.url}\n    want {want!r}\n    got  {got[args.show]!r} ({source})"
                )
        if not args.no_trafilatura:
            other = theirs(page)
            theirs_in.add(page, other)
            theirs_ms.append(other.ms)
    for miss in misses:
        print(miss)
    print(f"trafilatura corpus, {len(pages)} pages, {args.folds} folds by host")
    print(f"ours in-sample        {ours_in.line()}")
    for index, fold in enumerate(folds):
        fold_scores = Scores()
        for page in fold:
            fold_scores.add(page, by_page[page.page_id])
        print(f"  fold {index} ({len(fold):3} pages) {fold_scores.line()}")
    if GRID and not args.no_cv:
        cv, chosen = cross_validated(folds)
        print(f"ours cross-validated  {cv.line()}")
        for index, text in enumerate(chosen):
            print(f"  fold {index} chose {text}")
    elif not GRID:
        print("ours cross-validated  (no tunable constants: equal to in-sample)")
    if not args.no_trafilatura:
        print(f"trafilatura           {theirs_in.line()}")
    print(f"median ms/page ours {statistics.median(ours_ms):.1f}", end="")
    if theirs_ms:
        ratio = statistics.median(ours_ms) / statistics.median(theirs_ms)
        print(f", trafilatura {statistics.median(theirs_ms):.1f}, ratio {ratio:.2f}")
    else:
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
