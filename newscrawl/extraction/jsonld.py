"""JSON-LD: every ``<script type="application/ld+json">`` block, flattened into typed nodes.

Handles top-level arrays, ``@graph``, nested objects (author, publisher, image), several types
per node, and ``{"@id": ...}`` references to other nodes, which is how Yoast links an Article
to its Person and Organization. Malformed, oversized or absurdly deep blocks are skipped with
a reason; nothing here raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .model import Problem
from .text import clean_value
from .xpath import XPath

#: The page's ``<script type="application/ld+json">`` elements, whatever the type's case.
JSONLD_SCRIPTS = XPath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
# Some CMSs wrap the JSON in HTML comments or CDATA markers.
_WRAPPER_RE = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")
_TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")
_MAX_DEPTH = 24
_MAX_NODES = 2000

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenews",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "asknewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "advertisercontentarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "discussionforumposting",
        "report",
        "techarticle",
        "scholarlyarticle",
        "medicalscholarlyarticle",
    }
)
LISTING_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "blog", "series"}
)
ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "newsorganization", "ngo"}
)


def type_names(node: dict[str, Any]) -> set[str]:
    """A node's types, lower-case, without ``schema:`` or ``https://schema.org/`` prefixes."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {
        re.split(r"[/:#]", v)[-1].strip().lower()
        for v in values
        if isinstance(v, str) and v.strip()
    }


@dataclass
class JsonLd:
    """The typed nodes of a page's JSON-LD, in page order, with an ``@id`` index."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference that carries nothing else."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
            target = self.by_id.get(str(value["@id"]))
            if target is not None:
                return target
        return value

    def article(self) -> dict[str, Any] | None:
        """The node describing the story: the first article-typed node with a headline."""
        articles = [n for n in self.nodes if type_names(n) & ARTICLE_TYPES]
        for node in articles:
            if node.get("headline") or node.get("articleBody"):
                return node
        return articles[0] if articles else None

    def of_type(self, *names: str) -> Iterator[dict[str, Any]]:
        wanted = set(names)
        return (n for n in self.nodes if type_names(n) & wanted)


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    # Common breakage: comment wrappers, trailing commas, raw newlines inside strings.
    text = _WRAPPER_RE.sub("", text)
    text = _TRAILING_COMMA_RE.sub(r"\1", text)
    return json.loads(text, strict=False)


def _walk(data: Any, ld: JsonLd) -> bool:
    """Collect every dict node; iterative so that depth costs no Python recursion."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    too_deep = False
    while stack and len(ld.nodes) < _MAX_NODES:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            too_deep = True
            continue
        if isinstance(value, list):
            stack.extend((v, depth + 1) for v in reversed(value))
        elif isinstance(value, dict):
            if "@type" in value or ("@id" in value and len(value) > 2):
                ld.nodes.append(value)
                node_id = value.get("@id")
                if isinstance(node_id, str) and node_id not in ld.by_id and len(value) > 1:
                    ld.by_id[node_id] = value
            stack.extend(
                (v, depth + 1)
                for k, v in reversed(value.items())
                if isinstance(v, dict | list) and k != "@context"
            )
    return too_deep


def read_jsonld(tree: Any, problems: list[Problem], max_chars: int) -> JsonLd:
    """All JSON-LD nodes of the page; broken blocks, and blocks longer than ``max_chars``, are
    skipped and reported."""
    ld = JsonLd()
    for script in JSONLD_SCRIPTS.nodes(tree):
        text = script.text or ""
        if not text.strip():
            continue
        if len(text) > max_chars:
            problems.append(Problem("jsonld", "oversized", str(len(text))))
            continue
        try:
            data = _load(text)
        except RecursionError:
            problems.append(Problem("jsonld", "block_too_deep"))
            continue
        except ValueError:
            problems.append(Problem("jsonld", "malformed"))
            continue
        if _walk(data, ld):
            problems.append(Problem("jsonld", "nodes_too_deep"))
    return ld


def as_text(value: Any) -> str:
    """A JSON-LD value as plain text: strings, numbers, ``{"@value"}``, ``{"name"}``."""
    if isinstance(value, list):
        return as_text(value[0]) if value else ""
    if isinstance(value, dict):
        return as_text(value.get("@value") or value.get("name") or "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return clean_value(value)


def as_texts(value: Any) -> list[str]:
    """A JSON-LD value that may be one item or a list, as texts."""
    values = value if isinstance(value, list) else [value]
    return [t for t in (as_text(v) for v in values) if t]
