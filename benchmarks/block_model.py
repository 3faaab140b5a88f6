"""An experiment, not shipped: a small learned block classifier, how likely each text block
of a page is story text. Host-grouped cross-validation (``python -m benchmarks.train_blocks
--table --balance``) found it no better than the rules of ``newscrawl/extraction/body.py``
(trafilatura corpus snippet F1 +0.002 at best, aeb body F1 unchanged or lower), so the
extractor does not use it; it is kept to be measured again as the rules or the corpora change.

In the dragnet/boilerpipe line: a logistic regression over cheap, generic features of a block
(its length, link density, punctuation, digits, position, depth, its neighbours, whether the
rules put it inside boilerplate or inside the story's container) and hashed words of its tag
and of its ancestors' class/id names. ``benchmarks/train_blocks.py`` trains it from the two
corpora of ``benchmarks/corpora.py``; :func:`choose` applies it (container choice, dropped
blocks) in plain Python.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newscrawl.extraction.body import find_container

if TYPE_CHECKING:
    from newscrawl.extraction.body import Cut


#: The dense features, in the order of :func:`block_features`' first list.
DENSE = (
    "log_length",
    "link_density",
    "sentence_marks",
    "digits",
    "log_chars_per_sentence",
    "ends_sentence",
    "junk",
    "hidden",
    "position",
    "depth",
    "prev_log_length",
    "prev_link_density",
    "next_log_length",
    "next_link_density",
    "parent_prose_share",
    "prose",
    "in_container",
    "page_share",
)
# Sentence ends and clause marks in many scripts.
_SENTENCE_END = frozenset(".!?\u3002\uff01\uff1f\u0964\u061f")
_CLAUSE_ONLY = frozenset(",;:\uff0c\uff1b\uff1a\u3001\u060c")
_NAME_SPLIT_RE = re.compile(r"[^a-z]+")
# A block of this many characters or more counts as prose for the parent's prose share.
_PROSE_CHARS = 80


@lru_cache(maxsize=16384)
def _bucket(token: str, buckets: int) -> int:
    return zlib.crc32(token.encode()) % buckets


@lru_cache(maxsize=8192)
def _name_words(names: str) -> tuple[str, ...]:
    # "article__body main-content" -> article, body, main, content: words, not whole tokens,
    # so that a name never seen whole still shares its words with names seen in training.
    return tuple({w for w in _NAME_SPLIT_RE.split(names.lower()) if len(w) > 1})


def _names(el: Any) -> str:
    attrib = el.attrib
    names = attrib.get("class") or ""
    ident = attrib.get("id")
    return f"{names} {ident}" if ident else names


@dataclass(slots=True)
class _Context:
    """What the walk up from an element found: its depth and its ancestors' name buckets."""

    depth: int
    ancestors: frozenset[int]


class _Features:
    def __init__(self, buckets: int) -> None:
        self.buckets = buckets
        self.contexts: dict[Any, _Context] = {}

    def context(self, el: Any) -> _Context:
        found = self.contexts.get(el)
        if found is not None:
            return found
        parent = el.getparent()
        if parent is None:
            found = _Context(0, frozenset())
        else:
            above = self.context(parent)
            own = _name_words(_names(parent)) if parent.attrib else ()
            ancestors = above.ancestors
            if own:
                ancestors = ancestors | {_bucket("a:" + w, self.buckets) for w in own}
            found = _Context(above.depth + 1, ancestors)
        self.contexts[el] = found
        return found


_QUOTES_AND_BRACKETS = "\"'\u201d\u00bb)"


def _text_stats(text: str) -> tuple[float, float, float, float]:
    # str.count and str.translate run in C: this is called for every block of every page.
    length = len(text)
    ends = 0
    for ch in _SENTENCE_END:
        ends += text.count(ch)
    marks = ends
    for ch in _CLAUSE_ONLY:
        marks += text.count(ch)
    digits = 0
    for ch in "0123456789":
        digits += text.count(ch)
    last = text[-1]
    return (
        marks / length,
        digits / length,
        math.log1p(length / (ends + 1)),
        1.0 if last in _SENTENCE_END or last in _QUOTES_AND_BRACKETS else 0.0,
    )


def block_features(
    cut: Cut, container: Any | None, buckets: int
) -> list[tuple[list[float], list[int]]]:
    """Each block's dense features (:data:`DENSE`) and hashed name/tag buckets."""
    blocks = cut.blocks
    count = len(blocks)
    if not count:
        return []
    inside: set[Any] = set(container.iter()) if container is not None else set()
    total = sum(len(b.text) for b in blocks) or 1
    # The prose share of the element holding each block's container: a story paragraph's
    # siblings are paragraphs too; a menu item's are links.
    prose: dict[Any, int] = {}
    chars: dict[Any, int] = {}
    for block in blocks:
        parent = block.container.getparent() if block.container is not None else None
        n = len(block.text)
        chars[parent] = chars.get(parent, 0) + n
        if n >= _PROSE_CHARS and block.link_density < 0.35:
            prose[parent] = prose.get(parent, 0) + n
    walker = _Features(buckets)
    logs = [math.log1p(len(b.text)) for b in blocks]
    rows: list[tuple[list[float], list[int]]] = []
    for i, block in enumerate(blocks):
        el = block.container
        text = block.text
        marks, digits, per_sentence, ends = _text_stats(text)
        parent = el.getparent() if el is not None else None
        hashed: set[int] = {_bucket("t:" + block.tag, buckets)}
        depth = 0
        if el is not None:
            context = walker.context(el)
            depth = context.depth
            hashed |= context.ancestors
            if el.attrib:
                hashed.update(_bucket("c:" + w, buckets) for w in _name_words(_names(el)))
            if parent is not None:
                hashed.add(_bucket("p:" + str(parent.tag), buckets))
        prev = blocks[i - 1] if i else None
        nxt = blocks[i + 1] if i + 1 < count else None
        dense = [
            logs[i],
            block.link_density,
            marks,
            digits,
            per_sentence,
            ends,
            1.0 if block.junk else 0.0,
            1.0 if el in cut.in_hidden else 0.0,
            i / count,
            min(depth, 40) / 20,
            logs[i - 1] if prev is not None else 0.0,
            prev.link_density if prev is not None else 0.0,
            logs[i + 1] if nxt is not None else 0.0,
            nxt.link_density if nxt is not None else 0.0,
            prose.get(parent, 0) / (chars.get(parent, 0) or 1),
            1.0 if len(text) >= _PROSE_CHARS and block.link_density < 0.35 else 0.0,
            1.0 if el in inside else 0.0,
            len(text) / total,
        ]
        rows.append((dense, list(hashed)))
    return rows


@dataclass(frozen=True, slots=True)
class BlockModel:
    """Weights of the logistic regression, dense features already standardised into them."""

    bias: float
    dense: tuple[float, ...]
    hashed: tuple[float, ...]

    @property
    def buckets(self) -> int:
        return len(self.hashed)

    def probabilities(self, cut: Cut, container: Any | None) -> list[float]:
        """For each block of ``cut``, the probability that it is story text."""
        out = []
        weights, hashed = self.dense, self.hashed
        for dense, buckets in block_features(cut, container, self.buckets):
            z = self.bias
            for w, x in zip(weights, dense, strict=True):
                z += w * x
            for b in buckets:
                z += hashed[b]
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(DENSE),
            "bias": round(self.bias, 5),
            "dense": [round(w, 5) for w in self.dense],
            "hashed": [round(w, 4) for w in self.hashed],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BlockModel:
        if tuple(data["features"]) != DENSE:
            raise ValueError("block model weights do not match the features")
        return cls(
            float(data["bias"]),
            tuple(float(w) for w in data["dense"]),
            tuple(float(w) for w in data["hashed"]),
        )


def learned_scores(cut: Cut, probabilities: list[float]) -> dict[Any, float]:
    """Every element's characters of likely story text minus those of likely boilerplate."""
    scores: dict[Any, float] = {}
    for block, p in zip(cut.blocks, probabilities, strict=True):
        value = len(block.text) * (2 * p - 1)
        el = block.container
        while el is not None:
            scores[el] = scores.get(el, 0.0) + value
            el = el.getparent()
    return scores


def choose(
    cut: Cut,
    model: BlockModel | None,
    margin: float,
    drop_below: float,
    probabilities: list[float] | None = None,
) -> tuple[Any | None, set[int]]:
    """The story's container (the rules', unless an element outside it has a learned score
    ``margin`` times larger, or the rules' is negative), and the ids of blocks the model
    rejects (probability below ``drop_below``)."""
    container = find_container(cut)
    if model is None or not cut.blocks:
        return container, set()
    if probabilities is None:
        probabilities = model.probabilities(cut, container)
    learned = learned_scores(cut, probabilities)
    # Only an element outside the rules' container may replace it: within it, the blocks
    # the model rejects are dropped one by one, not the container narrowed.
    inside = set(container.iter()) if container is not None else set()
    best, best_score = None, 0.0
    for el, score in learned.items():
        if score > best_score and el not in inside:
            best, best_score = el, score
    current = learned.get(container, 0.0) if container is not None else 0.0
    if best is not None and (current <= 0 or best_score > margin * current):
        container = best
    dropped = {id(b) for b, p in zip(cut.blocks, probabilities, strict=True) if p < drop_below}
    return container, dropped
