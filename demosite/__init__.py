"""The bundled demo news site: a deterministic WordPress/Yoast-style site served on loopback.

``make demo``, the end-to-end tests and the crawl benchmark crawl it with the generic ``site``
spider and compare the archive with :meth:`DemoSite.ground_truth`.
"""

from __future__ import annotations

from newscrawl.demosite.server import DemoServer, serve
from newscrawl.demosite.site import DemoSite

__all__ = ["DemoServer", "DemoSite", "serve"]
