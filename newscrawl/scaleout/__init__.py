"""One site crawled by several workers that share one frontier in Redis (scrapy-redis).

Off unless ``NEWSCRAWL_REDIS_URL`` is set; then :class:`newscrawl.scaleout.addon.ScaleOut`
puts :class:`newscrawl.scaleout.scheduler.RedisScheduler` in place of the durable SQLite
frontier (:mod:`newscrawl.frontier`) and gives the same guarantee across workers: a request the
crawl accepted stays in Redis until its page is in a recorded state, leased to the worker
fetching it, so a worker killed at any moment loses nothing (its leases expire and another
worker takes them up). The modules:

- ``addon``: the switch (settings, applied only with ``NEWSCRAWL_REDIS_URL``);
- ``scheduler``: scrapy-redis's scheduler with leases, local requests, a crawl's life, outages;
- ``queue``: scrapy-redis's priority queue with leases (Lua scripts, atomic on the server);
- ``codec``: requests as JSON, never pickle; poisoned entries rejected;
- ``dupefilter``: scrapy-redis's dupefilter over the crawl's canonical fingerprints;
- ``pages``: when a leased request is done (the frontier's rules), and the spider middleware
  that says when a callback has given all its output;
- ``outage``: back-off and reconnection while Redis restarts.
"""
