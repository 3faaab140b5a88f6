"""Train the block model (``newscrawl/extraction/blockmodel.py``) from the two corpora.

Usage::

    .venv/bin/python -m benchmarks.train_blocks [--table] [--cv] [--balance]
        [--weak-negatives] [--save PATH]

Not shipped: see :mod:`benchmarks.block_model` for what cross-validation found.

- Blocks: ``body.cut_blocks`` of each page's ``<body>``; features ``blockmodel.block_features``
  (the rules' container given). Labels: aeb, a block is story (1) when at least
  ``AEB_POSITIVE`` of its 4-token shingles are in the gold body, boilerplate (0) when at most
  ``AEB_NEGATIVE``, else unlabelled; trafilatura, a block holding (or held by) a ``with``
  snippet is story, one holding a ``without`` snippet boilerplate, the rest unlabelled.
- Model: L2 logistic regression, full-batch Adam in numpy, dense features standardised (the
  scaling folded into the weights written), hashed words of tags and class/id names.
- Then the two constants of ``body.choose`` (switch margin, drop threshold) are chosen on the
  same training pages, by the mean of the two corpora's body F1.
- ``--cv``: 5 host-grouped folds (``host_folds``): train and choose on 4, score the 5th; prints
  the rules alone, the model in-sample (trained on all) and cross-validated.
- ``--table``: out-of-fold probabilities (5 host folds), and the figures of every pair of
  constants on them: whether any use of the model beats the rules on held-out hosts.
- ``--balance``: each corpus weighs the same in training (else each page does);
  ``--weak-negatives``: trafilatura blocks far from any story block count as boilerplate.
- ``--save PATH``: the model trained on every page, as JSON.

``train_block_extractor(pages)`` is a trainer for ``benchmarks/extraction.py``
(``--trainer benchmarks.train_blocks:train_block_extractor``); it is not the default hook, as
the extractor does not use the model.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.block_model import DENSE, BlockModel, block_features, choose
from benchmarks.body_cv import Figures, PageResult, figures
from benchmarks.corpora import (
    CorpusPage,
    host_folds,
    load_aeb,
    load_trafilatura,
    snippet_counts,
    squash,
)
from benchmarks.metric import score_page, shingles
from newscrawl.extraction import extract_article
from newscrawl.extraction.body import Cut, _headlines, cut_blocks, emit, find_container
from newscrawl.extraction.document import parse_html
from newscrawl.extraction.model import Article
from newscrawl.extraction.xpath import XPath

BUCKETS = 1024
AEB_POSITIVE = 0.5
AEB_NEGATIVE = 0.1
L2 = 1e-3
STEPS = 300
INNER_FOLDS = 4
BALANCE = False
MARGINS = (1.0, 2.0, 4.0, float("inf"))
DROPS = (0.0, 0.1, 0.2, 0.3, 0.4)
_TOKEN_RE = re.compile(r"\w+")
_BODY = XPath("//body")


@dataclass
class PageData:
    page: CorpusPage
    cut: Cut | None
    rows: list[tuple[list[float], list[int]]]
    labels: list[float | None]


_CACHE: dict[str, PageData] = {}


def page_data(page: CorpusPage, weak_negatives: bool = False) -> PageData:
    key = f"{page.corpus}/{page.page_id}/{weak_negatives}"
    if key in _CACHE:
        return _CACHE[key]
    tree = parse_html(page.html, [])
    if tree is None:
        data = PageData(page, None, [], [])
    else:
        bodies = _BODY.nodes(tree)
        cut = cut_blocks(bodies[0] if bodies else tree)
        rows = block_features(cut, find_container(cut), BUCKETS)
        data = PageData(page, cut, rows, labels(page, cut, weak_negatives))
    _CACHE[key] = data
    return data


def labels(page: CorpusPage, cut: Cut, weak_negatives: bool) -> list[float | None]:
    out: list[float | None] = []
    if page.corpus == "aeb":
        gold = shingles(page.body)
        gold_text = " " + " ".join(_TOKEN_RE.findall(page.body or "")) + " "
        for block in cut.blocks:
            tokens = _TOKEN_RE.findall(block.text)
            if not tokens:
                out.append(None)
            elif len(tokens) < 4:
                out.append(1.0 if f" {' '.join(tokens)} " in gold_text else 0.0)
            else:
                own = shingles(block.text)
                share = sum(n for s, n in own.items() if s in gold) / sum(own.values())
                if share >= AEB_POSITIVE:
                    out.append(1.0)
                elif share <= AEB_NEGATIVE:
                    out.append(0.0)
                else:
                    out.append(None)
        return out
    with_ = [squash(s) for s in page.with_ if squash(s)]
    without = [squash(s) for s in page.without if squash(s)]
    for block in cut.blocks:
        text = squash(block.text)
        label: float | None = None
        if any(s in text for s in with_) or (len(text) >= 20 and any(text in s for s in with_)):
            label = 1.0
        elif any(s in text for s in without) or (
            len(text) >= 20 and any(text in s for s in without)
        ):
            label = 0.0
        out.append(label)
    if weak_negatives:
        # Far (more than 10 blocks) from any story block: boilerplate, weakly.
        positives = [i for i, v in enumerate(out) if v == 1.0]
        if positives:
            for i, v in enumerate(out):
                if v is None and min(abs(i - j) for j in positives) > 10:
                    out[i] = 0.0
    return out


def train(data: Sequence[PageData], l2: float = L2, steps: int = STEPS) -> BlockModel:
    pages_of: dict[str, int] = {}
    for page in data:
        pages_of[page.page.corpus] = pages_of.get(page.page.corpus, 0) + 1
    dense_rows: list[list[float]] = []
    hashed_rows: list[list[int]] = []
    targets: list[float] = []
    weights: list[float] = []
    for page in data:
        labelled = [(r, y) for r, y in zip(page.rows, page.labels, strict=True) if y is not None]
        # Each page weighs the same in all, whatever its number of labelled blocks; with
        # BALANCE, each corpus weighs the same.
        share = 1.0 / pages_of[page.page.corpus] if BALANCE else 1.0
        for (dense, hashed), y in labelled:
            dense_rows.append(dense)
            hashed_rows.append(hashed)
            targets.append(y)
            weights.append(share / len(labelled))
    x = np.asarray(dense_rows, dtype=np.float64)
    target = np.asarray(targets)
    sw = np.asarray(weights)
    sw /= sw.sum()
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    xs = (x - mean) / std
    rows = np.repeat(np.arange(len(hashed_rows)), [len(h) for h in hashed_rows])
    cols = np.fromiter(itertools.chain.from_iterable(hashed_rows), dtype=np.int64)
    params = np.zeros(1 + len(DENSE) + BUCKETS)
    m = np.zeros_like(params)
    v = np.zeros_like(params)
    rate, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        bias, wd, wh = params[0], params[1 : 1 + len(DENSE)], params[1 + len(DENSE) :]
        z = bias + xs @ wd + np.bincount(rows, weights=wh[cols], minlength=len(target))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = (p - target) * sw
        grad = np.empty_like(params)
        grad[0] = r.sum()
        grad[1 : 1 + len(DENSE)] = xs.T @ r + l2 * wd
        grad[1 + len(DENSE) :] = np.bincount(cols, weights=r[rows], minlength=BUCKETS) + l2 * wh
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        params -= rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
    bias, wd, wh = params[0], params[1 : 1 + len(DENSE)], params[1 + len(DENSE) :]
    # Standardisation folded into the weights: the model reads raw features.
    return BlockModel(
        float(bias - (wd * mean / std).sum()),
        tuple(float(w) for w in wd / std),
        tuple(float(w) for w in wh),
    )


def page_result(
    data: PageData, model: BlockModel | None, margin: float, drop: float, probs: Any
) -> PageResult:
    text = ""
    if data.cut is not None:
        container, dropped = choose(data.cut, model, margin, drop, probs)
        if container is not None:
            text = emit(data.cut, container, dropped)
    page = data.page
    if page.corpus == "aeb":
        return PageResult(page, 0, aeb=score_page(page.body, text))
    return PageResult(page, 0, snippets=snippet_counts(page, text))


def score(
    data: Sequence[PageData], model: BlockModel | None, margin: float, drop: float
) -> Figures:
    results = []
    for page in data:
        probs = None
        if model is not None and page.cut is not None and page.cut.blocks:
            probs = model.probabilities(page.cut, find_container(page.cut))
        results.append(page_result(page, model, margin, drop, probs))
    return figures(results)


def fit(
    data: Sequence[PageData], folds: int = INNER_FOLDS, verbose: bool = False
) -> tuple[BlockModel, float, float]:
    """The model trained on ``data``, and the constants best on ``data``.

    The constants are chosen on out-of-fold probabilities (``INNER_FOLDS`` host-grouped folds
    of ``data``): a model scores its own training pages too well, and constants chosen on
    those would trust it more than held-out pages deserve."""
    by_id = {id(d.page): d for d in data}
    probs: dict[int, list[float] | None] = {}
    for inner in host_folds([d.page for d in data], folds):
        held = {id(p) for p in inner}
        model = train([d for d in data if id(d.page) not in held])
        for page in inner:
            d = by_id[id(page)]
            probs[id(page)] = (
                model.probabilities(d.cut, find_container(d.cut))
                if d.cut is not None and d.cut.blocks
                else None
            )
    best: tuple[float, float, float] | None = None
    for margin, drop in itertools.product(MARGINS, DROPS):
        results = [page_result(d, model, margin, drop, probs[id(d.page)]) for d in data]
        found = figures(results)
        if verbose:
            print(f"    margin {margin} drop {drop}: {found.line()}")
        if best is None or found.objective > best[0]:
            best = (found.objective, margin, drop)
    assert best is not None
    return train(data), best[1], best[2]


def train_block_extractor(pages: Sequence[CorpusPage]) -> Callable[[bytes, str], Article]:
    """The extractor with a block model and constants learned from ``pages`` only."""
    model, margin, drop = fit([page_data(p) for p in pages])

    def extract(data: bytes, url: str) -> Article:
        article = extract_article(data, url)
        tree = parse_html(data, [])
        if tree is None:
            return article
        bodies = _BODY.nodes(tree)
        cut = cut_blocks(bodies[0] if bodies else tree)
        container, dropped = choose(cut, model, margin, drop)
        if container is None:
            return replace(article, body="")
        body = emit(cut, container, dropped | _headlines(cut, tree))
        return replace(article, body=body)

    return extract


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--save", help="write the model trained on every page here (JSON)")
    parser.add_argument("--weak-negatives", action="store_true")
    parser.add_argument(
        "--table", action="store_true", help="every constant pair's figures, out of fold"
    )
    parser.add_argument("--balance", action="store_true", help="each corpus weighs the same")
    args = parser.parse_args(argv)
    global BALANCE
    BALANCE = args.balance

    corpora = [load_aeb(), load_trafilatura()]
    folds: list[list[PageData]] = [[] for _ in range(5)]
    for corpus in corpora:
        for k, group in enumerate(host_folds(corpus, 5)):
            folds[k].extend(page_data(p, args.weak_negatives) for p in group)
    everything = [d for fold in folds for d in fold]
    labelled = sum(1 for d in everything for y in d.labels if y is not None)
    print(f"{len(everything)} pages, {labelled} labelled blocks")
    print(f"rules alone: {score(everything, None, 0, 0).line()}")
    if args.table:
        print("out-of-fold probabilities (5 host folds), every pair of constants:")
        fit(everything, folds=5, verbose=True)
        return 0
    model, margin, drop = fit(everything)
    print(
        f"in-sample (margin {margin}, drop {drop}): {score(everything, model, margin, drop).line()}"
    )
    if args.cv:
        held_out: list[PageResult] = []
        for k in range(5):
            training = [d for j, fold in enumerate(folds) if j != k for d in fold]
            fold_model, fold_margin, fold_drop = fit(training)
            for d in folds[k]:
                probs = None
                if d.cut is not None and d.cut.blocks:
                    probs = fold_model.probabilities(d.cut, find_container(d.cut))
                held_out.append(page_result(d, fold_model, fold_margin, fold_drop, probs))
            scored = figures(held_out[-len(folds[k]) :])
            print(f"  fold {k} (margin {fold_margin}, drop {fold_drop}): {scored.line()}")
        print(f"cross-validated: {figures(held_out).line()}")
    if args.save:
        Path(args.save).write_text(json.dumps(model.to_json()) + "\n", encoding="utf-8")
        print(f"wrote {args.save} (margin {margin}, drop {drop})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
