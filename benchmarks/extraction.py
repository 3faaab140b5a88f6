"""Body-text quality and speed of ``newscrawl.extraction`` against trafilatura, on the
article-extraction-benchmark pages (``tests/data/article-extraction-benchmark``).

Usage::

    .venv/bin/python -m benchmarks.extraction [--repeat 3] [--corpus DIR] [--half even|odd]
        [--no-trafilatura] [--worst N]

Both extractors run on every page in one process, interleaved page by page, so that machine
load affects them alike. Each page is timed ``--repeat`` times and its fastest run kept.

- ``newscrawl``: ``extract_article(html_bytes, url)``, all fields, including the lxml parse.
- ``newscrawl (tree given)``: the same with ``tree=`` an already parsed page, as in the crawl
  where Scrapy has parsed the response; the parse is not timed.
- ``trafilatura``: ``trafilatura.extract(html_text, url=url, output_format="txt")`` with its
  defaults otherwise (comments included, as shipped; no fallback changes).

Prints corpus precision, recall and F1 (the corpus README's metric, ``benchmarks/metric.py``),
exact-token accuracy, the median milliseconds per page, and the speed ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from benchmarks.metric import CorpusScore, PageScore, score_corpus, score_page
from newscrawl.extraction import extract_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "data" / "article-extraction-benchmark"


def load_corpus(corpus: Path, half: str | None = None) -> list[tuple[str, str, bytes, str]]:
    """``(page_id, url, html_bytes, expected_body)`` for every page, sorted by id."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for index, page_id in enumerate(sorted(truth)):
        if (half == "even" and index % 2) or (half == "odd" and not index % 2):
            continue
        with gzip.open(corpus / "html" / f"{page_id}.html.gz", "rb") as f:
            data = f.read()
        pages.append((page_id, truth[page_id]["url"], data, truth[page_id]["articleBody"]))
    return pages


Extractor = Callable[[str, bytes, Any], str | None]


def _timed(
    extractor: Extractor, url: str, data: bytes, tree: Any, repeat: int
) -> tuple[str | None, float]:
    best = float("inf")
    result: str | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = extractor(url, data, tree)
        best = min(best, time.perf_counter() - start)
    return result, best


def _parse(data: bytes) -> Any:
    """Parse as parsel does for Scrapy's ``response.selector.root``."""
    return lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8"))


def _parse_only(url: str, data: bytes, tree: Any) -> str:
    _parse(data)
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--half", choices=["even", "odd"], help="score one half of the pages")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages (ours)")
    args = parser.parse_args(argv)

    extractors: dict[str, Extractor] = {
        "newscrawl": lambda url, data, tree: extract_article(data, url).body,
        "newscrawl (tree given)": lambda url, data, tree: (
            extract_article(data, url, tree=tree).body
        ),
        "lxml parse only": _parse_only,
    }
    if not args.no_trafilatura:
        import trafilatura

        extractors["trafilatura " + trafilatura.__version__] = lambda url, data, tree: (
            trafilatura.extract(
                data.decode("utf-8"), url=url, output_format="txt", include_comments=False
            )
        )

    scores: dict[str, list[PageScore]] = {name: [] for name in extractors}
    times: dict[str, list[float]] = {name: [] for name in extractors}
    worst: list[tuple[float, str, PageScore]] = []
    for page_id, url, data, expected in load_corpus(args.corpus, args.half):
        tree = _parse(data)
        for name, extractor in extractors.items():
            text, seconds = _timed(extractor, url, data, tree, args.repeat)
            times[name].append(seconds)
            score = score_page(expected, text)
            scores[name].append(score)
            if name == "newscrawl":
                worst.append((min(score.precision or 0, score.recall or 0), page_id, score))

    results: dict[str, CorpusScore] = {}
    print(f"{len(next(iter(scores.values())))} pages, best of {args.repeat} runs per page")
    print(f"{'extractor':28} {'P':>7} {'R':>7} {'F1':>7} {'exact':>6} {'median ms':>10}")
    for name in extractors:
        median_ms = statistics.median(times[name]) * 1000
        if name == "lxml parse only":
            print(f"{name:28} {'':>7} {'':>7} {'':>7} {'':>6} {median_ms:10.1f}")
            continue
        result = results[name] = score_corpus(scores[name])
        print(
            f"{name:28} {result.precision:7.4f} {result.recall:7.4f} {result.f1:7.4f} "
            f"{result.accuracy:6.3f} {median_ms:10.1f}"
        )
    traf = [n for n in extractors if n.startswith("trafilatura")]
    if traf:
        base = statistics.median(times[traf[0]])
        for name in ("newscrawl", "newscrawl (tree given)"):
            ratio = statistics.median(times[name]) / base
            print(f"speed ratio {name} / trafilatura: {ratio:.2f}")
    for _, page_id, score in sorted(worst)[: args.worst]:
        print(f"  {page_id[:12]}  P={score.precision or 0:.3f} R={score.recall or 0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
