"""Requests as JSON text in Redis, never pickle: what a worker reads back is data, not code.

scrapy-redis pickles requests by default, so anyone who can write to the Redis server could run
code in every worker. Here a request is a JSON object holding what the ``site`` spider's
requests carry and nothing else:

- ``url`` (http or https), ``priority``, ``dont_filter``;
- ``callback`` and ``errback`` by the *name* of a spider method (the spider's own, public ones:
  not a method of Scrapy's base ``Spider`` other than ``parse``), found again on the worker's
  spider;
- ``meta``: the keys the durable frontier keeps (:func:`newscrawl.frontier.encode_meta`: start,
  optional, listing, item, depth, known_pages, date signals), plus what a revisit needs
  (``revisit``, ``handle_httpstatus_list``) and the redirect history (``redirect_urls``: the
  story's aliases);
- ``headers``: only the validators of a conditional revisit (``If-None-Match``,
  ``If-Modified-Since``).

Anything else in a request is per-process plumbing and is not kept. An entry that is not such an
object (a poisoned or foreign entry) raises :class:`PoisonedEntry`; the scheduler logs it and
drops it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider

from newscrawl.frontier import decode_meta, encode_meta

if TYPE_CHECKING:
    from collections.abc import Callable

# Meta keys kept besides the frontier's: a revisit's, and the addresses that redirected here.
_EXTRA_META: dict[str, type] = {
    "revisit": bool,
    "handle_httpstatus_list": list,
    "redirect_urls": list,
    "redirect_times": int,
}
_KEPT_HEADERS = ("If-None-Match", "If-Modified-Since")
_FIELDS = {"url", "callback", "errback", "priority", "dont_filter", "meta", "headers"}


class PoisonedEntry(ValueError):
    """A queue entry that is not a request this crawler wrote."""


def encode(spider: Spider, request: Request) -> str:
    """The request as one line of JSON (keys sorted, so equal requests are equal text)."""
    meta: dict[str, Any] = json.loads(encode_meta(request.meta))
    for key, kind in _EXTRA_META.items():
        value = request.meta.get(key)
        if isinstance(value, kind):
            meta[key] = value
    headers = {}
    for name in _KEPT_HEADERS:
        value = request.headers.get(name)
        if value:
            headers[name] = value.decode("latin-1")
    entry = {
        "url": request.url,
        "callback": _method_name(spider, request.callback),
        "errback": _method_name(spider, request.errback),
        "priority": request.priority,
        "dont_filter": request.dont_filter,
        "meta": meta,
        "headers": headers,
    }
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def decode(spider: Spider, text: str) -> Request:
    """The request ``text`` encodes; :class:`PoisonedEntry` when it is anything else."""
    try:
        entry = json.loads(text)
    except ValueError as exc:
        raise PoisonedEntry(f"not JSON ({exc})") from None
    if not isinstance(entry, dict) or set(entry) != _FIELDS:
        raise PoisonedEntry("not a request object")
    url, meta, headers = entry["url"], entry["meta"], entry["headers"]
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise PoisonedEntry("url is not an http(s) URL")
    if not isinstance(entry["priority"], int) or not isinstance(entry["dont_filter"], bool):
        raise PoisonedEntry("priority or dont_filter of the wrong type")
    if not isinstance(meta, dict) or not isinstance(headers, dict):
        raise PoisonedEntry("meta or headers is not an object")
    if set(headers) - set(_KEPT_HEADERS) or not all(isinstance(v, str) for v in headers.values()):
        raise PoisonedEntry("headers other than a revisit's validators")
    extra = {key: meta.pop(key) for key in _EXTRA_META if key in meta}
    for key, value in extra.items():
        if not isinstance(value, _EXTRA_META[key]):
            raise PoisonedEntry(f"meta {key} of the wrong type")
    try:
        decoded = decode_meta(json.dumps(meta))
    except (TypeError, ValueError, KeyError) as exc:
        raise PoisonedEntry(f"meta that the frontier cannot read ({exc})") from None
    return Request(
        url,
        callback=_method(spider, entry["callback"]),
        errback=_method(spider, entry["errback"]),
        priority=entry["priority"],
        dont_filter=entry["dont_filter"],
        meta={**decoded, **extra},
        headers=headers or None,
    )


def _method_name(spider: Spider, method: Any) -> str | None:
    name = getattr(method, "__name__", None)
    if name and getattr(method, "__self__", None) is spider and _is_callback_name(spider, name):
        return str(name)
    return None


def _is_callback_name(spider: Spider, name: str) -> bool:
    """The spider's own public methods (and ``parse``): never Scrapy's lifecycle methods."""
    if name.startswith("_") or (name != "parse" and hasattr(Spider, name)):
        return False
    return callable(getattr(type(spider), name, None))


def _method(spider: Spider, name: Any) -> Callable[..., Any] | None:
    if name is None:
        return None
    if not isinstance(name, str) or not _is_callback_name(spider, name):
        raise PoisonedEntry(f"callback {name!r} is not a method of the spider")
    method: Callable[..., Any] = getattr(spider, name)
    return method
