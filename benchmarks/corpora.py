"""The two extraction corpora, their metrics, and folds grouped by host.

- ``aeb``: the article-extraction-benchmark pages (``tests/data/article-extraction-benchmark``):
  a whole hand-checked body per page; scored with :mod:`benchmarks.metric` (shingle P/R/F1).
- ``trafilatura``: trafilatura's evaluation pages (``tests/data/trafilatura-eval``, or
  ``../shared/corpus/trafilatura-eval``): snippets that must and must not be in the text, and
  title, author and date on most pages; scored as its README says (:func:`snippet_counts`,
  :func:`same_title`, :func:`same_authors`, :func:`same_date`).

:func:`host_folds` splits pages into folds so that all pages of one host (``www.`` dropped) fall
in the same fold: a rule tuned on the other folds is scored on hosts it never saw.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.metric import PageScore, score_corpus, score_page

ROOT = Path(__file__).resolve().parent.parent
AEB_DIR = ROOT / "tests" / "data" / "article-extraction-benchmark"
TRAFILATURA_DIRS = (
    ROOT / "tests" / "data" / "trafilatura-eval",
    ROOT.parent / "shared" / "corpus" / "trafilatura-eval",
)


@dataclass(frozen=True)
class CorpusPage:
    """One page of either corpus, with whatever ground truth it has."""

    corpus: str
    page_id: str
    url: str
    html: bytes
    body: str | None = None  # aeb: the whole body
    with_: tuple[str, ...] = ()  # trafilatura: snippets that must be in the text
    without: tuple[str, ...] = ()  # trafilatura: snippets that must not
    title: str | None = None
    authors: str | list[str] | None = None
    date: str | None = None  # YYYY-MM-DD
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return host_of(self.url)


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def load_aeb(directory: Path = AEB_DIR) -> list[CorpusPage]:
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(directory / "html" / f"{page_id}.html.gz", "rb") as f:
            data = f.read()
        entry = truth[page_id]
        pages.append(CorpusPage("aeb", page_id, entry["url"], data, body=entry["articleBody"]))
    return pages


def trafilatura_dir() -> Path:
    for directory in TRAFILATURA_DIRS:
        if (directory / "evaldata.json").exists():
            return directory
    raise FileNotFoundError(
        "trafilatura-eval corpus not found in " + ", ".join(map(str, TRAFILATURA_DIRS))
    )


def load_trafilatura(directory: Path | None = None) -> list[CorpusPage]:
    directory = directory or trafilatura_dir()
    truth = json.loads((directory / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(truth):
        entry = truth[url]
        with gzip.open(directory / "html" / f"{entry['file']}.gz", "rb") as f:
            data = f.read()
        pages.append(
            CorpusPage(
                "trafilatura",
                entry["file"],
                url,
                data,
                with_=tuple(entry.get("with") or ()),
                without=tuple(entry.get("without") or ()),
                title=entry.get("title") or None,
                authors=entry.get("author") or None,
                date=entry.get("date") or None,
                extra={k: entry[k] for k in ("tags", "categories", "sitename") if k in entry},
            )
        )
    return pages


def load(name: str) -> list[CorpusPage]:
    if name == "aeb":
        return load_aeb()
    if name == "trafilatura":
        return load_trafilatura()
    raise ValueError(f"unknown corpus {name!r}: aeb or trafilatura")


def host_folds(pages: Sequence[CorpusPage], folds: int = 5) -> list[list[CorpusPage]]:
    """``folds`` groups of pages, all pages of a host in one group, assigned by a hash of the
    host (stable across runs and machines, independent of page order)."""
    groups: list[list[CorpusPage]] = [[] for _ in range(folds)]
    for page in pages:
        digest = hashlib.sha256(page.host.encode()).digest()
        groups[int.from_bytes(digest[:4], "big") % folds].append(page)
    return groups


# --- the trafilatura corpus's metric -------------------------------------------------------


def squash(text: str | None) -> str:
    """Whitespace collapsed to single spaces, as the snippet tests compare."""
    return " ".join((text or "").split())


@dataclass
class SnippetCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: SnippetCounts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def snippet_counts(page: CorpusPage, text: str | None) -> SnippetCounts:
    found = squash(text)
    counts = SnippetCounts()
    for snippet in page.with_:
        if squash(snippet) in found:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in page.without:
        if squash(snippet) in found:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)


def fold_text(text: str | None) -> str:
    """NFKC, quotes and dashes folded, whitespace collapsed, casefolded."""
    return squash(unicodedata.normalize("NFKC", text or "").translate(_FOLD)).casefold()


def same_title(expected: str | None, got: str | None) -> bool:
    return bool(expected) and fold_text(expected) == fold_text(got)


_CONJUNCTIONS = {"and", "und", "et", "y", "e", "i", "og", "en", "och", "a", "&"}
_WORD = re.compile(r"\w+", re.UNICODE)


def author_words(authors: str | Iterable[str] | None) -> set[str]:
    if not authors:
        return set()
    names = [authors] if isinstance(authors, str) else list(authors)
    words = set()
    for name in names:
        words.update(_WORD.findall(fold_text(name)))
    return words - _CONJUNCTIONS


def same_authors(expected: str | list[str] | None, got: Iterable[str] | None) -> bool:
    want = author_words(expected)
    return bool(want) and want == author_words(list(got or ()))


def same_date(expected: str | None, got: datetime | date | None) -> bool:
    if not expected or got is None:
        return False
    try:
        year, month, day_ = (int(part) for part in expected.strip()[:10].split("-"))
        want = date(year, month, day_)  # some annotations write 2022-11-1
    except ValueError:
        return False
    day = got.date() if isinstance(got, datetime) else got
    return abs((day - want).days) <= 1


@dataclass
class FieldScore:
    """Share of pages with a truth value for the field whose extracted value matches."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


# --- what an extractor gave, and a corpus's figures ------------------------------------------


@dataclass(frozen=True)
class Fields:
    """What one extractor gave for one page, in the terms the metrics compare."""

    body: str | None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: date | datetime | None = None


def article_fields(article: Any) -> Fields:
    """:class:`Fields` of a ``newscrawl.extraction.Article``."""
    return Fields(article.body, article.title, tuple(article.authors), article.published_at)


def trafilatura_fields(document: Any) -> Fields:
    """:class:`Fields` of what ``trafilatura.bare_extraction(..., with_metadata=True)`` returns
    (``None`` when it found nothing). Its ``author`` is one string, names joined by ``;``
    (the word-set comparison needs no split); its ``date`` is ``YYYY-MM-DD``."""
    if document is None:
        return Fields(None)
    published = None
    if document.date:
        try:
            published = date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    authors = (document.author,) if document.author else ()
    return Fields(document.text, document.title, authors, published)


class Tally:
    """A corpus's figures for one extractor, page by page.

    Body: on ``aeb`` pages the shingle metric (:mod:`benchmarks.metric`, P and R the means of
    the page values); on ``trafilatura`` pages the snippet counts summed over pages. Title,
    authors and date: the share of pages with a truth value whose extracted value matches
    (trafilatura pages only; aeb has no metadata truth).
    """

    def __init__(self) -> None:
        self.pages = 0
        self.shingles: list[PageScore] = []  # aeb pages
        self.snippets = SnippetCounts()
        self.title = FieldScore()
        self.authors = FieldScore()
        self.date = FieldScore()

    def add(self, page: CorpusPage, fields: Fields) -> None:
        self.pages += 1
        if page.body is not None:
            self.shingles.append(score_page(page.body, fields.body))
        if page.with_ or page.without:
            self.snippets.add(snippet_counts(page, fields.body))
        if page.title:
            self.title.add(same_title(page.title, fields.title))
        if page.authors:
            self.authors.add(same_authors(page.authors, fields.authors))
        if page.date:
            self.date.add(same_date(page.date, fields.published))

    def _body(self) -> tuple[float, float, float]:
        if self.shingles:
            result = score_corpus(self.shingles)
            return result.precision, result.recall, result.f1
        counts = self.snippets
        return counts.precision, counts.recall, counts.f1

    @property
    def precision(self) -> float:
        return self._body()[0]

    @property
    def recall(self) -> float:
        return self._body()[1]

    @property
    def f1(self) -> float:
        return self._body()[2]

    def figures(self) -> dict[str, float]:
        """``precision``, ``recall``, ``f1`` and, where the corpus has the truth, ``title``,
        ``authors``, ``date``."""
        precision, recall, f1 = self._body()
        result = {"precision": precision, "recall": recall, "f1": f1}
        for name in ("title", "authors", "date"):
            score: FieldScore = getattr(self, name)
            if score.total:
                result[name] = score.share
        return result


def tally(pairs: Iterable[tuple[CorpusPage, Fields]]) -> Tally:
    """The :class:`Tally` of ``(page, fields)`` pairs (all of one corpus)."""
    result = Tally()
    for page, fields in pairs:
        result.add(page, fields)
    return result
