"""The article-extraction-benchmark metric, as tests/data/article-extraction-benchmark/README.md
describes it: ``\\w+`` tokens, 4-token shingle multisets, per-page P and R normalised, corpus P and
R the means of the per-page values, F1 the harmonic mean of those two means."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+")


def shingles(text: str | None, size: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles; a shorter text gives one shorter shingle."""
    tokens = _TOKEN_RE.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass
class PageScore:
    precision: float | None
    recall: float | None
    exact: bool


def score_page(truth: str | None, prediction: str | None) -> PageScore:
    """Per-page precision and recall over shingles (``None`` where a denominator is zero)."""
    expected, predicted = shingles(truth), shingles(prediction)
    tp = sum((expected & predicted).values())
    fp = sum(predicted.values()) - tp
    fn = sum(expected.values()) - tp
    exact = _TOKEN_RE.findall(truth or "") == _TOKEN_RE.findall(prediction or "")
    if fp == 0 and fn == 0:
        return PageScore(1.0, 1.0, exact)
    total = tp + fp + fn
    tp_n, fp_n, fn_n = tp / total, fp / total, fn / total
    precision = tp_n / (tp_n + fp_n) if tp_n + fp_n else None
    recall = tp_n / (tp_n + fn_n) if tp_n + fn_n else None
    return PageScore(precision, recall, exact)


@dataclass
class CorpusScore:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def score_corpus(pages: Iterable[PageScore]) -> CorpusScore:
    """Corpus P and R are means of the page values; F1 is their harmonic mean."""
    scores = list(pages)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return CorpusScore(p, r, f1, accuracy, len(scores))
