"""The demo news site: a deterministic WordPress/Yoast-style site served on loopback.

``make demo``, the end-to-end tests and the crawl benchmarks crawl it with the generic ``site``
spider and compare the archive with :meth:`DemoSite.ground_truth`. It is a fixture of this
repository, not part of the ``newscrawl`` distribution: run it from the repository root with
``python -m demosite --port 0``, or start it in a subprocess with :class:`DemoSiteProcess`.
"""

from __future__ import annotations

from demosite.process import DemoSiteProcess, RunningSite
from demosite.server import DemoServer, serve
from demosite.site import DemoSite

__all__ = ["DemoServer", "DemoSite", "DemoSiteProcess", "RunningSite", "serve"]
