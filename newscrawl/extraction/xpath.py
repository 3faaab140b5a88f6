"""Compiled XPath expressions with the plain result types the callers expect.

lxml-stubs types every XPath result as one wide union; each expression here knows what it
returns, so the rest of the package can stay strictly typed.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class XPath:
    """An XPath compiled once, at import (cheap, and reused on every page)."""

    def __init__(self, path: str) -> None:
        self._compiled = etree.XPath(path)

    def nodes(self, node: Any) -> list[Any]:
        """Elements or strings of a node-set expression."""
        result = self._compiled(node)
        return list(result) if isinstance(result, list) else []

    def number(self, node: Any) -> float:
        result = self._compiled(node)
        return float(result) if isinstance(result, int | float) else 0.0

    def string(self, node: Any) -> str:
        result = self._compiled(node)
        return str(result) if isinstance(result, str) else ""

    def boolean(self, node: Any) -> bool:
        return bool(self._compiled(node))
