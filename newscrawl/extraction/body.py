"""The story text of a page: find the main-content container, then emit its paragraphs.

One read-only walk over ``<body>`` cuts the page into text blocks (paragraphs, headings, list
items, cells...), noting for each its link text and the containers that look like boilerplate.
Every element then scores the prose it holds minus everything else it holds; the best-scoring
element is the story container. Its blocks are emitted, minus those inside boilerplate
containers nested in it and minus inline promos ("READ MORE: ...", link-only lines).

The passed tree is never modified: the spider reads links from the same tree afterwards.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from .boilerplate import SKIP_TAGS, classify
from .furniture import is_furniture
from .text import clean, words
from .xpath import XPath

# Elements that start a new block of text.
_BLOCK_TAGS = words(
    """
    p div section article main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre table thead
    tbody tfoot tr td th caption figure header footer nav aside address hr center form fieldset
    details summary body html
    """
)
# Where a story's prose lives; a block in one of these counts as prose when long enough.
_PROSE_TAGS = words("p pre blockquote li dd td div section article")
# Below this depth a subtree is read as plain text: Python recursion has limits, pages do not.
_MAX_DEPTH = 300
# The numbers below sit on plateaus, not peaks: over grids of their neighbouring values the
# corpus F1 stays between 0.973 and 0.984 (the "Generality check" of the extraction section
# of benchmarks/RESULTS.md).
# A block is prose when it is at least this long and mostly not link text.
_MIN_PROSE_CHARS = 40
_PROSE_MAX_LINK_DENSITY = 0.35
# What link text and short non-link text cost a container, per character of prose gained.
_LINK_WEIGHT = 1.0
_OTHER_WEIGHT = 0.25
# A container inside boilerplate, or hidden, must be this much better to win. Chosen by
# host-grouped cross-validation (benchmarks/body_cv.py): 0.3 over 0.5 and 0.8 on every fold.
_JUNK_PENALTY = 0.3
_HIDDEN_PENALTY = 0.5
# What a block inside a boilerplate container costs the elements that hold that container,
# as a share of what it would cost outside one: little, as emit() drops it anyway (a
# "related posts" list inside the story's container must not sink the container), but not
# nothing, so that the page's outer wrappers do not tie with the story's container.
_JUNK_INSIDE_WEIGHT = 0.1


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries."""

    container: Any
    tag: str
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    junk: tuple[Any, ...] = ()
    text: str = ""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


class _Walker:
    """Cuts a subtree into blocks without touching it.

    The hot loop of extraction: it visits every element of the page, hence the plain code.
    """

    def __init__(self) -> None:
        self.hints: dict[Any, float] = {}
        self.in_junk: set[Any] = set()
        self.in_hidden: set[Any] = set()
        self.blocks: list[Block] = []
        self.junk: list[Any] = []
        self.container: Any = None
        self.tag = ""
        self.current: Block | None = None
        self.in_link = 0
        self.hidden = 0

    def add(self, text: str) -> None:
        block = self.current
        if block is None:
            # Whitespace before any text of a block separates nothing.
            if text.isspace():
                return
            block = self.current = Block(self.container, self.tag, junk=tuple(self.junk))
        block.parts.append(text)
        if self.in_link:
            block.link_chars += len(text.strip())

    def flush(self) -> None:
        block = self.current
        if block is None:
            return
        self.current = None
        text = clean("".join(block.parts))
        if text:
            block.text = text
            block.parts = []
            block.link_chars = min(block.link_chars, len(text))
            self.blocks.append(block)

    def walk(self, el: Any, depth: int = 0) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            # Comments, processing instructions, scripts...: only their tail is text.
            if el.tail:
                self.add(el.tail)
            return
        if depth > _MAX_DEPTH:
            self.add("".join(el.itertext()))
            if el.tail:
                self.add(el.tail)
            return
        if tag == "br":
            self.flush()
            if el.tail:
                self.add(el.tail)
            return
        is_block = tag in _BLOCK_TAGS
        is_junk, is_hidden, hint = classify(el, tag)
        if is_junk and not is_block:
            # Inline boilerplate (a tooltip, a share icon) sits inside a paragraph's text, where
            # blocks cannot drop it later.
            if el.tail:
                self.add(el.tail)
            return
        if is_junk:
            self.junk.append(el)
        if is_hidden:
            self.hidden += 1
        if is_block:
            self.flush()
            outer = self.container, self.tag
            self.container, self.tag = el, tag
            if self.junk:
                self.in_junk.add(el)
            if self.hidden:
                self.in_hidden.add(el)
            # Nothing hidden claims the story: a display:none microdata copy of it is
            # marked itemprop=articleBody too.
            if hint != 1.0 and not self.hidden:
                self.hints[el] = hint
        is_link = tag == "a" and el.get("href") is not None
        if is_link:
            self.in_link += 1
        if el.text:
            self.add(el.text)
        for child in el:
            self.walk(child, depth + 1)
        if is_link:
            self.in_link -= 1
        if is_block:
            self.flush()
            self.container, self.tag = outer
        if is_junk:
            self.junk.pop()
        if is_hidden:
            self.hidden -= 1
        if el.tail:
            self.add(el.tail)


@dataclass(slots=True)
class Cut:
    """A page cut into blocks, with what the walk noticed about its elements."""

    blocks: list[Block]
    hints: dict[Any, float]
    in_junk: set[Any]
    in_hidden: set[Any]


def cut_blocks(root: Any) -> Cut:
    """The text blocks of ``root`` in document order."""
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    cut = Cut(walker.blocks, walker.hints, walker.in_junk, walker.in_hidden)
    _mark_unnamed_junk(cut, root)
    return cut


# A heading that opens a comment thread, in many languages: "Comments (3)", "12 Kommentare",
# "Leave a reply", "Reacties", "4 Responses".
_THREAD_HEADING_RE = re.compile(
    r"^\W*(?:\d+\s+)?(?:(?:reader\s+)?comments?|kommentare?|kommentar(?:er)?|commentaires?|"
    r"comentarios?|coment(?:á|a)rios?|commenti|reacties|reacciones|kommentit|komentarze|"
    r"komentáře|komentari|yorumlar|hozzászólások|комментарии|комментариев|коментарі|评论|"
    r"評論|コメント|댓글|leave a (?:comment|reply))\s*(?:\(\d+\)|\d+)?\W*$"
    # Counted replies only: a bare "Discussion" or "Responses" heads sections of stories.
    r"|^\W*\d+\s+(?:responses?|replies|reactions)\W*$",
    re.I,
)
# Text a one-cell layout table beside an image may hold and still be a figure's caption.
_CAPTION_MAX_CHARS = 300


def _mark_unnamed_junk(cut: Cut, root: Any) -> None:
    """Boilerplate that no markup names, found from the blocks: an element whose first block
    is a comment-thread heading is the thread; a one-cell table holding an image and a short
    text is a figure (the tables of pre-CSS layouts)."""
    found: list[tuple[int, Any]] = []
    figures: set[Any] = set()
    for i, block in enumerate(cut.blocks):
        text = block.text
        if len(text) < 40 and _THREAD_HEADING_RE.match(text) and block.link_density < 0.5:
            found.append((i, block))
        elif block.tag == "td" and len(text) <= _CAPTION_MAX_CHARS:
            table = block.container.getparent()
            while table is not None and table.tag != "table":
                table = table.getparent()
            if table is None or table in figures:
                continue
            figures.add(table)
            if (
                next(block.container.iter("img"), None) is not None
                and sum(1 for _ in itertools.islice(table.iter("td", "th"), 2)) == 1
            ):
                _junk(cut, table)
    if not found:
        return
    first: dict[Any, int] = {}
    for i, block in enumerate(cut.blocks):
        el = block.container
        while el is not None and el not in first:
            first[el] = i
            el = el.getparent()
    for i, block in found:
        thread = None
        el = block.container
        while el is not None and el is not root and first.get(el) == i:
            thread, el = el, el.getparent()
        if thread is not None:
            _junk(cut, thread)


def _junk(cut: Cut, el: Any) -> None:
    inside = set(el.iter())
    for block in cut.blocks:
        if block.container in inside and el not in block.junk:
            block.junk = (*block.junk, el)
    cut.in_junk.update(inside)


def _is_prose(block: Block) -> bool:
    return (
        block.tag in _PROSE_TAGS
        and len(block.text) >= _MIN_PROSE_CHARS
        and block.link_density < _PROSE_MAX_LINK_DENSITY
    )


def find_container(cut: Cut) -> Any | None:
    """The element whose prose most outweighs its other text, were it the container.

    A block inside a boilerplate container counts against every element that holds that
    container, and not against the container itself or what it holds: choosing a
    "has-sidebar" page wrapper as the container means keeping what is in it. Markup that
    names the story's container (``itemprop=articleBody``, "entry-content") raises its score.
    """
    best, best_score = None, 0.0
    for el, score in container_scores(cut).items():
        if score > best_score:
            best, best_score = el, score
    return best


def container_scores(cut: Cut) -> dict[Any, float]:
    """Every element holding a block, scored as :func:`find_container` describes."""
    scores: dict[Any, float] = {}
    for block in cut.blocks:
        el = block.container
        if el is None:
            continue
        length = len(block.text)
        links = block.link_chars
        bad = -_LINK_WEIGHT * links - _OTHER_WEIGHT * (length - links)
        good = length - links - _LINK_WEIGHT * links if _is_prose(block) else bad
        junk = block.junk
        junked = False
        while el is not None:
            scores[el] = scores.get(el, 0.0) + (bad * _JUNK_INSIDE_WEIGHT if junked else good)
            if junk and not junked and el in junk:
                junked = True
            el = el.getparent()
    for el, hint in cut.hints.items():
        if scores.get(el, 0.0) > 0:
            scores[el] *= hint
    for el in cut.in_junk:
        if scores.get(el, 0.0) > 0:
            scores[el] *= _JUNK_PENALTY
    for el in cut.in_hidden:
        if scores.get(el, 0.0) > 0:
            scores[el] *= _HIDDEN_PENALTY
    return scores


def _keep(block: Block) -> bool:
    # The headline is not part of the body.
    return block.tag != "h1" and not is_furniture(block.text, block.link_density)


def _wrappers(blocks: list[Block], inside: set[Any] | None) -> set[Any]:
    """Junk-looking containers that hold most of the prose: layout wrappers ("has-sidebar",
    an ASP.NET page-wide <form>), not junk. ``inside`` limits them to one container."""
    held: dict[Any, int] = {}
    total = 0
    for block in blocks:
        if _is_prose(block):
            total += len(block.text)
            for el in block.junk:
                if inside is None or el in inside:
                    held[el] = held.get(el, 0) + len(block.text)
    return {el for el, chars in held.items() if chars > total / 2}


_ENTRY_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _entry_heading(block: Block, junk: list[Any], container: Any) -> bool:
    """Whether ``block`` is the heading in the ``<header>`` of an entry (an ``<article>``) the
    story holds: a live blog's update, a post of a thread shown whole. The header's other
    lines (its time, its labels) stay out."""
    if block.tag not in _ENTRY_HEADINGS:
        return False
    for el in junk:
        parent = el.getparent()
        if el.tag != "header" or parent is None or parent.tag != "article" or parent is container:
            return False
    return True


def emit(cut: Cut, container: Any, dropped: set[int] | None = None) -> str:
    """The text of ``container``'s blocks, minus boilerplate, paragraphs split by blank lines.

    ``dropped``: ids of other blocks to leave out."""
    inside = set(container.iter())
    own = [b for b in cut.blocks if b.container in inside]
    ignored = _wrappers(own, inside)
    paragraphs: list[str] = []
    previous_row = None
    for block in own:
        junk = [el for el in block.junk if el in inside and el not in ignored]
        if junk and not _entry_heading(block, junk, container):
            continue
        if not _keep(block):
            continue
        if dropped and id(block) in dropped:
            continue
        row = block.container.getparent() if block.tag in ("td", "th") else None
        if row is not None and row is previous_row and paragraphs:
            paragraphs[-1] += "\n" + block.text
        else:
            paragraphs.append(block.text)
        previous_row = row
    return "\n\n".join(paragraphs)


def select(tree: Any, selector: str) -> list[Any]:
    """Elements matched by a site profile's CSS or XPath selector; none for a bad selector."""
    try:
        found = _compiled(selector)(tree)
    except (etree.XPathError, ImportError, SyntaxError, RuntimeError, ValueError):
        return []
    if not isinstance(found, list):
        return []
    return [el for el in found if isinstance(getattr(el, "tag", None), str)]


@lru_cache(maxsize=256)
def _compiled(selector: str) -> Any:
    """A profile's selector compiled once, not on every page."""
    if selector.lstrip().startswith(("/", "(", "./")):
        return etree.XPath(selector)
    # cssselect comes with Scrapy (through parsel); imported here, as only profiles use it.
    from lxml.cssselect import CSSSelector

    return CSSSelector(selector)


_BODY = XPath("//body")


def extract_body(tree: Any, selector: str | None = None) -> tuple[str, str]:
    """The story text of the page and how it was found (``body`` or ``selector``)."""
    if selector:
        texts = []
        for el in select(tree, selector):
            texts.append(emit(cut_blocks(el), el))
        text = "\n\n".join(t for t in texts if t)
        if text:
            return text, "selector"
    bodies = _BODY.nodes(tree)
    root = bodies[0] if bodies else tree
    cut = cut_blocks(root)
    container = find_container(cut)
    if container is None:
        return "", "body"
    return emit(cut, container, _headlines(cut, tree)), "body"


_TITLES = XPath("//head/title | //meta[@property='og:title']/@content")
# A block shorter than this is not taken for the headline: a title holds short words too.
_HEADLINE_MIN_CHARS = 15


def _headlines(cut: Cut, tree: Any) -> set[int]:
    """Blocks that repeat the page's title when no ``<h1>`` does: the headline, marked up
    with fonts or classes only; not story text."""
    titles = []
    for found in _TITLES.nodes(tree):
        text = found if isinstance(found, str) else "".join(found.itertext())
        text = clean(text)
        if len(text) >= _HEADLINE_MIN_CHARS:
            titles.append(text)
    if not titles:
        return set()
    repeats = {
        id(block): block.tag
        for block in cut.blocks
        if len(block.text) >= _HEADLINE_MIN_CHARS
        # Most of a title ("Headline | Site"), not a subheading made of its first words.
        and any(block.text in t and 2 * len(block.text) >= len(t) for t in titles)
    }
    # Where an <h1> shows the headline, that is the headline (never emitted), and a line
    # repeating it below is the story's own.
    return set() if "h1" in repeats.values() else set(repeats)
