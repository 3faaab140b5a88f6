"""Extraction quality and speed of ``newscrawl.extraction`` beside trafilatura 2.3.1, on both
corpora, in-sample and cross-validated by host.

Usage::

    .venv/bin/python -m benchmarks.extraction [--corpus aeb|trafilatura|both] [--folds 5]
        [--repeat N] [--no-trafilatura] [--worst N] [--trainer MODULE:FUNCTION]

Corpora (:mod:`benchmarks.corpora`):

- ``aeb``: the 91 article-extraction-benchmark pages; body P/R/F1 with the shingle metric of
  :mod:`benchmarks.metric` (per-page P and R, corpus P and R their means). No metadata truth.
- ``trafilatura``: trafilatura's 775 development pages; body P/R/F1 with the snippet metric
  (``with``/``without`` counts summed over pages), and the share of pages whose title, authors
  and date match the truth (the corpus README's comparisons), out of the pages that have it.

Extractors, called on every page in one process, interleaved page by page so that machine load
affects both alike; each call is timed ``--repeat`` times and its fastest run kept; the speed
figure is the median over pages, and the ratio newscrawl / trafilatura of the two medians:

- ``newscrawl``: ``extract_article(html_bytes, url)``, every field, decoding and parse included.
- ``trafilatura``: ``bare_extraction(html_bytes, url=url, with_metadata=True,
  include_tables=True, include_comments=False)`` (the call behind the corpus README's
  reference figures).

Cross-validation: pages are split into ``--folds`` folds by host (:func:`host_folds`; a host
falls in the same fold in both corpora). If a *trainer* exists (``--trainer``, or the first of
:data:`TRAINERS` that imports), it is called once per fold with the pages of the other folds
(of the corpora in the run) and returns the extractor to score the held-out fold with; the
held-out scores are pooled into the cross-validated figure, beside the in-sample figure of the
shipped extractor on all pages. Without a trainer the rules have no fitted parameters: the
cross-validated figure equals the in-sample one, and what is printed is the spread of the
per-fold figures (each fold scored alone), min and max.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpora import (
    CorpusPage,
    Fields,
    Tally,
    article_fields,
    host_folds,
    load,
    tally,
    trafilatura_fields,
)
from newscrawl.extraction import extract_article

#: An extractor as the benchmark calls it: ``(html_bytes, url) -> Fields``.
Extractor = Callable[[bytes, str], Fields]

#: A trainer: given the training pages (both corpora), the extractor to score other pages with.
Trainer = Callable[[Sequence[CorpusPage]], Extractor]

#: Where a trainer is looked for when ``--trainer`` is not given (``module:function``). The
#: function takes a sequence of :class:`~benchmarks.corpora.CorpusPage` and returns a callable
#: ``(html_bytes, url) -> newscrawl.extraction.Article`` that extracts with what it learned
#: (a block model, chosen constants) from those pages only.
TRAINERS = ("benchmarks.train_blocks:train_extractor",)

FIELD_NAMES = ("title", "authors", "date")
ROOT = Path(__file__).resolve().parent.parent


def revision() -> str:
    """The commit measured, and whether ``newscrawl/`` differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "newscrawl"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes in newscrawl/" if dirty else "")


def newscrawl_extractor(data: bytes, url: str) -> Fields:
    return article_fields(extract_article(data, url))


def trafilatura_extractor() -> tuple[str, Extractor]:
    import trafilatura

    def extract(data: bytes, url: str) -> Fields:
        document = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_tables=True,
            include_comments=False,
        )
        return trafilatura_fields(document)

    return f"trafilatura {trafilatura.__version__}", extract


def find_trainer(spec: str | None) -> tuple[str, Trainer] | None:
    """The trainer named by ``spec``, else the first of :data:`TRAINERS` that exists."""
    for candidate in [spec] if spec else TRAINERS:
        module_name, _, function = candidate.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if spec or exc.name != module_name:
                raise
            continue
        train = getattr(module, function, None)
        if train is None:
            if spec:
                raise SystemExit(f"{module_name} has no {function}")
            continue

        def trainer(pages: Sequence[CorpusPage], train: Any = train) -> Extractor:
            extract = train(pages)
            return lambda data, url: article_fields(extract(data, url))

        return candidate, trainer
    return None


def timed(extractor: Extractor, page: CorpusPage, repeat: int) -> tuple[Fields, float]:
    best = float("inf")
    fields = Fields(None)
    for _ in range(repeat):
        start = time.perf_counter()
        fields = extractor(page.html, page.url)
        best = min(best, time.perf_counter() - start)
    return fields, best


@dataclass
class Run:
    """One extractor's output and time on every page of one corpus."""

    fields: list[Fields] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0


def header(corpus: str) -> str:
    columns = f"{'':34} {'P':>6} {'R':>6} {'F1':>6}"
    if corpus == "trafilatura":
        columns += f" {'title':>6} {'author':>6} {'date':>6}"
    return columns


def row(label: str, corpus: str, result: Tally, extra: str = "") -> str:
    figures = result.figures()
    line = f"{label:34} {figures['precision']:6.3f} {figures['recall']:6.3f} {figures['f1']:6.3f}"
    if corpus == "trafilatura":
        line += "".join(f" {figures.get(name, 0.0):6.3f}" for name in FIELD_NAMES)
    return line + extra


def report_corpus(
    corpus: str,
    pages: list[CorpusPage],
    runs: dict[str, Run],
    folds: list[list[CorpusPage]],
    cv: dict[str, Fields] | None,
    trainer_name: str | None,
    worst: int,
) -> None:
    hosts = len({page.host for page in pages})
    print(f"\n== {corpus}: {len(pages)} pages, {hosts} hosts")
    if corpus == "trafilatura":
        counts = Tally()
        for page in pages:
            counts.add(page, Fields(None))
        print(
            "   pages with truth: "
            + ", ".join(f"{n} {getattr(counts, n).total}" for n in FIELD_NAMES)
        )
    print("in-sample (all pages)")
    print(header(corpus) + f" {'med ms':>7}")
    results = {name: tally(zip(pages, run.fields, strict=True)) for name, run in runs.items()}
    for name, run in runs.items():
        print(row(name, corpus, results[name], f" {run.median_ms:7.1f}"))
    names = list(runs)
    if len(names) == 2 and runs[names[1]].median_ms:
        ratio = runs[names[0]].median_ms / runs[names[1]].median_ms
        print(f"speed ratio {names[0]} / {names[1]} (median ms per page): {ratio:.2f}")

    index = {page.page_id: i for i, page in enumerate(pages)}
    print(f"cross-validated ({len(folds)} folds grouped by host)")
    if cv is None:
        print(
            "   no trainer: the rules have no fitted parameters, so the cross-validated figure"
            " equals the in-sample one;\n   per-fold figures (each fold scored alone) show how"
            " much they vary between hosts"
        )
    else:
        held_out = tally((page, cv[page.page_id]) for page in pages)
        print(f"   trainer {trainer_name}: trained on the other folds, scored on each fold")
        print(header(corpus))
        print(row("newscrawl, held-out folds pooled", corpus, held_out))
    print(header(corpus) + f" {'pages':>6} {'hosts':>6}")
    sources = {name: run.fields for name, run in runs.items()}
    if cv is not None:
        sources["newscrawl (cv-trained)"] = [cv[page.page_id] for page in pages]
    per_fold: dict[str, list[Tally]] = {name: [] for name in sources}
    for number, fold in enumerate(folds, 1):
        if not fold:
            continue
        for name, outputs in sources.items():
            result = tally((page, outputs[index[page.page_id]]) for page in fold)
            per_fold[name].append(result)
            label = f"fold {number} {name}"[:34]
            extra = f" {len(fold):6d} {len({p.host for p in fold}):6d}"
            print(row(label, corpus, result, extra))
    print("spread over folds (min - max)")
    keys = ["f1"] + (list(FIELD_NAMES) if corpus == "trafilatura" else [])
    for name, tallies in per_fold.items():
        spans = []
        for key in keys:
            values = [t.figures().get(key, 0.0) for t in tallies]
            spans.append(f"{key} {min(values):.3f}-{max(values):.3f}")
        print(f"   {name:31} " + ", ".join(spans))

    if worst:
        ours = runs[names[0]].fields
        other = runs[names[1]].fields if len(names) > 1 else None
        print(f"{worst} worst pages for {names[0]}:")
        for line in worst_pages(corpus, pages, ours, other)[:worst]:
            print("   " + line)


def worst_pages(
    corpus: str, pages: list[CorpusPage], ours: list[Fields], other: list[Fields] | None
) -> list[str]:
    scored = []
    for i, page in enumerate(pages):
        ours_page = tally([(page, ours[i])])
        badness: float
        if corpus == "aeb":
            badness = -min(ours_page.precision, ours_page.recall)
            text = f"P {ours_page.precision:.3f} R {ours_page.recall:.3f}"
        else:
            counts = ours_page.snippets
            badness = counts.fn + counts.fp
            text = f"missed {counts.fn} leaked {counts.fp}"
            wrong = [n for n in FIELD_NAMES if getattr(ours_page, n).total == 1]
            wrong = [n for n in wrong if not getattr(ours_page, n).right]
            if wrong:
                text += " wrong " + "/".join(wrong)
        if other is not None:
            theirs = tally([(page, other[i])])
            text += f" (trafilatura F1 {theirs.f1:.3f})"
        name = f"{page.page_id[:12]} {page.host}" if corpus == "aeb" else page.url[:72]
        scored.append((-badness, page.page_id, f"{name}  {text}"))
    scored.sort()
    return [line for _, _, line in scored]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", choices=["aeb", "trafilatura", "both"], default="both")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1, help="time each call N times, keep best")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages (ours)")
    parser.add_argument(
        "--trainer", help="MODULE:FUNCTION training an extractor on pages (see TRAINERS)"
    )
    args = parser.parse_args(argv)

    names = ["aeb", "trafilatura"] if args.corpus == "both" else [args.corpus]
    corpora = {name: load(name) for name in names}
    extractors: dict[str, Extractor] = {"newscrawl": newscrawl_extractor}
    if not args.no_trafilatura:
        label, extract = trafilatura_extractor()
        extractors[label] = extract

    start = time.perf_counter()
    runs: dict[str, dict[str, Run]] = {}
    for name, pages in corpora.items():
        runs[name] = {label: Run() for label in extractors}
        for page in pages:
            for label, extractor in extractors.items():
                fields, seconds = timed(extractor, page, args.repeat)
                runs[name][label].fields.append(fields)
                runs[name][label].seconds.append(seconds)

    # Folds by host: the same host falls in the same fold in both corpora.
    folds = {name: host_folds(pages, args.folds) for name, pages in corpora.items()}
    found = find_trainer(args.trainer)
    cv: dict[str, dict[str, Fields]] | None = None
    if found is not None:
        trainer = found[1]
        cv = {name: {} for name in corpora}
        for k in range(args.folds):
            training = [
                page
                for name in corpora
                for j, fold in enumerate(folds[name])
                if j != k
                for page in fold
            ]
            extract = trainer(training)
            for name in corpora:
                for page in folds[name][k]:
                    cv[name][page.page_id] = extract(page.html, page.url)

    print(f"revision {revision()}")
    print(
        f"best of {args.repeat} timed run(s) per page and extractor, interleaved page by page;"
        f" {time.perf_counter() - start:.0f} s in all"
    )
    for name, pages in corpora.items():
        report_corpus(
            name,
            pages,
            runs[name],
            folds[name],
            None if cv is None else cv[name],
            None if found is None else found[0],
            args.worst,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
