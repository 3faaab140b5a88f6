"""The project's own Scrapy signals."""

from __future__ import annotations

#: Sent when an address turned out to be another address of a page: a redirect.
#: Arguments: ``target`` (where it led), ``url`` (the other address).
address_redirected = object()
