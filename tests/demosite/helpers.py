"""Parsing helpers shared by the demo site tests."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from demosite import DemoSite

BASE = "http://127.0.0.1:8123/"
ORIGIN = BASE.rstrip("/")


def fetch(site: DemoSite, url_or_path: str) -> tuple[int, dict[str, str], bytes]:
    path = url_or_path.removeprefix(ORIGIN)
    return site.render(path, BASE)


def http_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """One GET over HTTP, redirects not followed: status, headers (lower-case names), body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, body
    finally:
        connection.close()


def parse(body: bytes) -> Any:
    return lxml.html.document_fromstring(body)


def internal_links(doc: Any) -> list[str]:
    """Absolute same-site URLs of every ``<a href>`` in *doc*, without fragments or queries."""
    links = []
    for href in doc.xpath("//a/@href"):
        if href.startswith("/") and not href.startswith("//"):
            href = ORIGIN + href
        if href.startswith(ORIGIN + "/"):
            links.append(href.split("#", 1)[0].split("?", 1)[0])
    return links


def jsonld_graph(doc: Any) -> list[dict[str, Any]]:
    scripts = doc.xpath('//script[@type="application/ld+json"]/text()')
    nodes: list[dict[str, Any]] = []
    for script in scripts:
        nodes += json.loads(script)["@graph"]
    return nodes


def normalise(text: str) -> str:
    return " ".join(text.split())
