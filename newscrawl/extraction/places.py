"""Where on a page a story's own metadata is shown, and where other stories' or readers' is.

Shared by the date and byline readers: an XPath test for elements whose class, id or itemprop
contains one of some words (any case), and the test for elements inside comments or related
stories, whose dates and names belong to someone else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .xpath import XPath

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Class and id words of comment threads, in several languages.
_COMMENTS_RE = re.compile(r"comment|kommentar|commentaire|comentario|commento|reply|respond", re.I)
# Class and id words of other stories' teasers; a story's own lead is often called a teaser
# too, so these count only where the place links elsewhere.
_OTHER_STORIES_RE = re.compile(r"related|recommend|teaser|similar", re.I)
_LINKS = XPath(".//a[@href]")


def hinted(words: tuple[str, ...]) -> str:
    """An XPath predicate: the class, id or itemprop contains one of ``words`` (any case)."""
    attrs = "concat(@class, ' ', @id, ' ', @itemprop)"
    lower = f"translate({attrs}, '{_UPPER}', '{_UPPER.lower()}')"
    test = " or ".join(f"contains({lower}, '{word}')" for word in words)
    return f"[{test}]"


def class_words(el: Any) -> str:
    """The class, id and itemprop of ``el`` as one string."""
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"


def elsewhere(el: Any, story: frozenset[Any] = frozenset()) -> bool:
    """Whether ``el`` sits in a comment thread, a footer or another story's teaser.

    :param story: the elements that hold the story's headline; the search stops at the first
        of them (a story's own wrapper may carry "comments-open" or "teaser" in its class).
    """
    for node in el.iterancestors():
        if node.tag in ("body", "html") or node in story:
            break
        if node.tag == "footer":
            return True
        words = class_words(node)
        if _COMMENTS_RE.search(words):
            return True
        if _OTHER_STORIES_RE.search(words) and _LINKS.boolean(node):
            return True
    return False


_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "select", "option"})
_HEADLINES = XPath("//body//h1")
_TITLE = XPath("string(//head/title)")
# The nodes around the headline, in document order. Counted in nodes, which bounds the work;
# the reach in characters is applied on top.
_AFTER = XPath("following::node()[position() <= 1200]")
_BEFORE = XPath("preceding::node()[position() <= 300]")


class PageWalk:
    """The text nodes and marked elements around the page's first headline, each with its
    offset: the characters of text between it and the headline (negative before it). With no
    headline, the top of the page, offsets from its start.

    Dates and bylines are looked for near the headline; measuring that distance in the text
    makes it independent of how deep the markup nests. Only a window of nodes around the
    headline is read, so the cost does not grow with the page.
    """

    def __init__(
        self,
        tree: Any,
        marks: Callable[[Any, str], str | None],
        title: str = "",
        shown: Any = None,
    ) -> None:
        #: ``(offset, text, element it belongs to)``, in document order.
        self.texts: list[tuple[int, str, Any]] = []
        #: ``(offset, name, element)`` for every element ``marks`` names, in document order.
        self.marked: list[tuple[int, str, Any]] = []
        self._marks = marks
        headline = _headline(tree, title, shown)
        #: The element the offsets are counted from (``None``: the top of the page).
        self.headline: Any = headline
        #: The elements that hold the headline: the story's own containers.
        self.story: frozenset[Any] = (
            frozenset(headline.iterancestors()) if headline is not None else frozenset()
        )
        if headline is not None:
            self._read_before(_BEFORE.nodes(headline))
            self._read(_AFTER.nodes(headline), 0)
        else:
            self._read(_top(tree), 0)

    def _read(self, nodes: list[Any], offset: int) -> None:
        for node in nodes:
            if isinstance(node, str):
                parent = node.getparent()  # type: ignore[attr-defined]
                if parent is not None and parent.tag not in _SKIPPED and not node.isspace():
                    self.texts.append((offset, node, parent))
                    offset += len(node.strip())
            elif isinstance(node.tag, str) and node.tag not in _SKIPPED:
                self._mark(node, offset)

    def _read_before(self, nodes: list[Any]) -> None:
        offset = 0
        texts: list[tuple[int, str, Any]] = []
        marked: list[tuple[int, str, Any]] = []
        for node in reversed(nodes):
            if isinstance(node, str):
                parent = node.getparent()  # type: ignore[attr-defined]
                if parent is not None and parent.tag not in _SKIPPED and not node.isspace():
                    offset -= len(node.strip())
                    texts.append((offset, node, parent))
            elif isinstance(node.tag, str) and node.tag not in _SKIPPED:
                name = self._name(node)
                if name:
                    marked.append((offset, name, node))
        self.texts[:0] = texts[::-1]
        self.marked[:0] = marked[::-1]

    def _name(self, el: Any) -> str | None:
        attrib = el.attrib
        if not attrib and el.tag != "time" and el.tag != "byline":
            return None
        return self._marks(el, f"{attrib.get('class', '')} {attrib.get('id', '')}".lower())

    def _mark(self, el: Any, offset: int) -> None:
        name = self._name(el)
        if name:
            self.marked.append((offset, name, el))

    def elsewhere(self, el: Any) -> bool:
        """Whether ``el`` sits in comments, a footer or a teaser outside the story's own
        containers (:func:`elsewhere`)."""
        return elsewhere(el, self.story)

    def near(
        self, items: list[tuple[int, str, Any]], after: int, before: int
    ) -> list[tuple[str, Any]]:
        """``items`` within ``after`` characters after the headline, in order, then those
        within ``before`` characters before it, nearest first."""
        ahead = [(name, el) for offset, name, el in items if 0 <= offset <= after]
        behind = [(name, el) for offset, name, el in items if -before <= offset < 0]
        return ahead + behind[::-1]


def _headline(tree: Any, title: str, shown: Any = None) -> Any:
    """The ``<h1>`` that heads the story: the first whose text the page's title (``title``,
    else ``<title>``) holds ("Skip to content" h1s of site templates come before the
    story's), else the first ``<h1>`` with text; with no ``<h1>``, ``shown`` (another element
    showing the title's headline part)."""
    title = _fold(title or _TITLE.string(tree))
    first = None
    for h1 in _HEADLINES.nodes(tree)[:10]:
        text = _fold("".join(h1.itertext()))
        if not text:
            continue
        if title and (text in title or title in text):
            return h1
        first = first if first is not None else h1
    return first if first is not None else shown


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _top(tree: Any, limit: int = 800) -> list[Any]:
    """The first ``limit`` elements of the body with their texts (tails left out), in order."""
    body = tree.find("body") if tree.tag == "html" else None
    nodes: list[Any] = []
    for el in (body if body is not None else tree).iter():
        nodes.append(el)
        if isinstance(el.tag, str) and el.tag not in _SKIPPED and el.text:
            nodes.append(_Text(el.text, el))
        if len(nodes) >= limit:
            break
    return nodes


class _Text(str):
    """A text with its element, as lxml's XPath text results are."""

    _parent: Any

    def __new__(cls, text: str, parent: Any) -> _Text:
        made = super().__new__(cls, text)
        made._parent = parent
        return made

    def getparent(self) -> Any:
        return self._parent


# Class and id words of the places that show a date or a byline, in several languages.
_DATE_HINT_RE = re.compile(r"date|time|publi|posted|created|datum|fecha|data|meta")
_AUTHOR_HINT_RE = re.compile(r"author|byline|autor|auteur|autore|writer|creator|verfasser")
_ANY_HINT_RE = re.compile(_DATE_HINT_RE.pattern + "|" + _AUTHOR_HINT_RE.pattern)
_AUTHOR_HREF_RE = re.compile(r"/(?:author|autor|auteur|autore|writers?)(?:s|en|in)?/", re.I)


def author_link(el: Any) -> bool:
    """Whether the link ``el`` leads to an author's page ("/author/jane-doe/")."""
    return bool(_AUTHOR_HREF_RE.search(el.get("href", "")))


def metadata_marks(el: Any, words: str) -> str | None:
    """What ``el`` may show of the story's metadata: ``time`` for ``<time>``, and ``date``,
    ``author`` (or both) from its class, id, itemprop, ``rel`` and link target."""
    tag = el.tag
    if tag == "time":
        return "time"
    itemprop = el.get("itemprop")
    if itemprop:
        words += " " + itemprop.lower()
    if not (_ANY_HINT_RE.search(words) or tag in ("a", "byline") or el.get("rel")):
        return None
    names = []
    if _DATE_HINT_RE.search(words):
        names.append("date")
    if (
        tag == "byline"
        or _AUTHOR_HINT_RE.search(words)
        or el.get("rel") == "author"
        or (tag == "a" and author_link(el))
    ):
        names.append("author")
    return " ".join(names) or None
