"""Scrapy settings for newscrawl.

This is the only module that reads environment variables. Everything else reads
``crawler.settings``; override any value per run with ``scrapy crawl site -s NAME=VALUE``.
"""

from __future__ import annotations

import os

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# Our `crawl` command ends with a non-zero exit when stories could not be archived.
COMMANDS_MODULE = "newscrawl.commands"

# --- Politeness: this crawler visits other people's sites -------------------------------------
USER_AGENT = f"newscrawl/{__version__} (news archive crawler; +https://pypi.org/project/newscrawl/)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2

# --- Bounded against hostile sites (newscrawl/middlewares/bounds.py) ----------------------------
# A deadline for a whole response, headers and body: a page that hangs after its headers or a
# body that never ends costs this, once (a timeout is not retried; the next run tries again).
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
]
# Pages larger than this are not news articles; don't let one exhaust memory. Also the limit
# after decompression (gzip, deflate, brotli, zstd bombs).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
# A truncated body (a lying Content-Length, broken chunking) is a failure, never a page.
DOWNLOAD_FAIL_ON_DATALOSS = True
# Redirect chains longer than this are not followed (loops end at the duplicate filter).
REDIRECT_MAX_TIMES = 10
# Requests per crawl at most (0: no limit); traps are stopped earlier by the URL rules.
NEWSCRAWL_MAX_PAGES = 200_000
# A family of query variants (/calendar?month=N) is left after so many of its pages in a row
# that gave no story and linked nothing new outside the family (newscrawl/middlewares/traps.py).
NEWSCRAWL_TRAP_UNPRODUCTIVE = 5
# 429 and 503 wait the Retry-After the site asks for, up to this many seconds; a longer wait
# fails the page now. Without Retry-After: this back-off, doubled for each retry.
NEWSCRAWL_RETRY_AFTER_MAX = 30.0
NEWSCRAWL_RETRY_BACKOFF = 1.0

# --- Secure by default (newscrawl/network.py) ---------------------------------------------------
# Only http and https: no handlers for other schemes (data: is the spider's own bookkeeping).
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None}
# Private, loopback and link-local addresses are refused, after DNS, unless this is true (the
# demo site, the tests and local benchmarks crawl loopback).
NEWSCRAWL_ALLOW_PRIVATE_NETWORKS = os.environ.get("NEWSCRAWL_ALLOW_PRIVATE_NETWORKS", "false")
TWISTED_DNS_RESOLVER = "newscrawl.network.GuardedResolver"

# Measured here (shared/PERF-NOTES.md): 1.42x pages/s against the default of 100, because a
# response's items are processed while fewer responses wait in the scraper.
CONCURRENT_ITEMS = 10

TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control server runs code sent to it; a crawler on a server needs none.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("NEWSCRAWL_LOG_LEVEL", "INFO")

# Address variants (tracking parameters, host case, default ports) are one request.
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprint.CanonicalRequestFingerprinter"
DUPEFILTER_CLASS = "newscrawl.fingerprint.CountingDupeFilter"

DOWNLOADER_MIDDLEWARES = {
    # Archived stories are fetched again only when due, conditionally; first in line, so a
    # request it drops costs nothing further (not even a robots.txt check).
    "newscrawl.middlewares.revisit.RevisitMiddleware": 50,
    # robots.txt: 404 allows, a 5xx or no answer means "not yet".
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.robots.PatientRobotsTxtMiddleware": 100,
    # 429 and 503 wait the Retry-After they ask for (within a cap).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry.RetryAfterMiddleware": 550,
    # The page budget, download errors counted by reason, a crawl that fetched nothing. Its
    # exceptions are seen before the retries'.
    "newscrawl.middlewares.bounds.BoundsMiddleware": 560,
    # http(s) and public addresses only (after robots.txt, whose fetch it guards as well).
    "newscrawl.middlewares.network.NetworkGuardMiddleware": 570,
    # Pages whose header names the wrong charset, read in their bytes' charset.
    "newscrawl.middlewares.charset.CharsetMiddleware": 585,
    # Decompression bombs and undecodable bodies are recorded failures.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.bounds.BoundedCompressionMiddleware": 590,
    # Redirecting addresses become aliases of the story they lead to.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.middlewares.redirect.AliasRedirectMiddleware": 600,
    # WARC capture (NEWSCRAWL_WARC): next to the downloader, so it keeps the bytes as received
    # (before decompression) and every response, redirects and 304s included.
    "newscrawl.warc.capture.WarcCaptureMiddleware": 950,
}

# The crawl's record in the archive: opened with the spider, closed with what the crawl learnt
# besides its stories (aliases, sightings, feed dates, page problems) and its stats.
EXTENSIONS = {
    "newscrawl.extensions.crawl_record.CrawlRecord": 500,
    # Progress in pages and stories every LOGSTATS_INTERVAL, instead of Scrapy's pages and
    # "items" (newscrawl/extensions/progress.py).
    "scrapy.extensions.logstats.LogStats": None,
    "newscrawl.extensions.progress.ProgressLog": 0,
    # The crawl frontier (below) keeps what a resumed crawl needs; nothing is unpickled.
    "scrapy.extensions.spiderstate.SpiderState": None,
    # A NEWSCRAWL_* or ARCHIVE_* setting nobody reads (a typo) is a warning naming the nearest.
    "newscrawl.extensions.unknown_settings.UnknownSettings": 0,
}

# The crawl frontier (newscrawl/frontier.py): every request the crawl accepted, kept in a SQLite
# file until its page is in a recorded state, so a crawl killed at any moment resumes where it
# stopped. The file is JOBDIR/frontier.sqlite with JOBDIR, else one per site and archive in
# NEWSCRAWL_FRONTIER_DIR (empty, and no JOBDIR: no frontier). Scrapy's disk queues are not used.
SCHEDULER = "newscrawl.frontier.FrontierScheduler"
SPIDER_MIDDLEWARES = {
    "newscrawl.frontier.FrontierSpiderMiddleware": 10,
    # Crawler traps (endless calendars, self-nesting paths, query variants) are left, counted
    # (newscrawl/middlewares/traps.py).
    "newscrawl.middlewares.traps.TrapMiddleware": 750,
}
# A crawl shared through Redis (below) keeps its frontier there instead.
NEWSCRAWL_FRONTIER_DIR = "" if os.environ.get("NEWSCRAWL_REDIS_URL") else "data/frontier"

# --- Scaling out (newscrawl/scaleout/) ----------------------------------------------------------
# With a Redis URL (redis://:PASSWORD@host:6379/0), several `scrapy crawl site` workers share one
# frontier there (scrapy-redis, with leases): each page is fetched by one of them, and a worker
# killed at any moment loses nothing. Empty: the single-process crawl and its SQLite frontier.
NEWSCRAWL_REDIS_URL = os.environ.get("NEWSCRAWL_REDIS_URL", "")
# Seconds a worker's lease on a request lasts unless renewed (a killed worker's requests are
# taken up by the others after this), and seconds the shared frontier must stay empty before a
# worker closes; seconds of Redis outage after which a worker stops (redis_unreachable).
NEWSCRAWL_REDIS_LEASE = 60.0
NEWSCRAWL_REDIS_IDLE_CLOSE = 30.0
NEWSCRAWL_REDIS_OUTAGE_DEADLINE = 600.0
ADDONS = {"newscrawl.scaleout.addon.ScaleOut": 0}

# The stages a story goes through, in order: extract (the spider) -> normalise -> deduplicate
# -> archive. Each stage's module says what it does.
ITEM_PIPELINES = {
    # The extractor's version, and the WARC record of the story's response, go with the story
    # (before normalise, while its fetched_url is still the address of its response).
    "newscrawl.warc.stamp.StampPipeline": 50,
    "newscrawl.pipelines.normalise.NormalisePipeline": 100,
    "newscrawl.pipelines.deduplicate.DeduplicatePipeline": 200,
    "newscrawl.pipelines.archive.ArchivePipeline": 900,
}

# --- The archive -----------------------------------------------------------------------------
# Any SQLAlchemy URL: sqlite:///data/archive.db (the default, relative to the working directory)
# or postgresql+psycopg://user@host/dbname.
ARCHIVE_URL = os.environ.get("ARCHIVE_URL", "sqlite:///data/archive.db")
# Stories per transaction, and how long (seconds) a story may wait for its batch to fill.
ARCHIVE_BATCH_SIZE = 50
ARCHIVE_FLUSH_INTERVAL = 0.5
# Tries of a write before a batch is split into single stories (or a write given up), and the
# delay (seconds) before the second try, doubled for each further one.
ARCHIVE_WRITE_ATTEMPTS = 3
ARCHIVE_RETRY_DELAY = 0.2
# Stories that could not be written are kept here (JSON lines), and the crawl exits 1.
ARCHIVE_FAILED_FILE = "data/failed-stories.jsonl"
# While the archive is unreachable, stories wait in a durable local spool (JSON lines, one file
# per archive, in this folder) and are written when it returns; an outage longer than
# ARCHIVE_OUTAGE_DEADLINE seconds stops the crawl (reason archive_unreachable, exit 1). The
# next crawl into the same archive, or `archive replay FILE`, writes the spool first.
ARCHIVE_SPOOL_DIR = "data/spool"
ARCHIVE_OUTAGE_DEADLINE = 600.0
# A crawl whose pages ended as errors more often than this share (0-1; 1: never) is recorded
# as failed (status too_many_errors) and exits 1; a crawl that fetched nothing always is.
NEWSCRAWL_MAX_ERROR_SHARE = 0.5
# Seconds between updates of a running crawl's row (also updated after each batch of stories).
NEWSCRAWL_PROGRESS_INTERVAL = 10.0

# --- Crawl behaviour -------------------------------------------------------------------------
# A site profile (TOML) for sites where the generic rules fail; see newscrawl/profiles.py.
NEWSCRAWL_PROFILE = os.environ.get("NEWSCRAWL_PROFILE", "")
# The timezone for dates a site prints without one, unless its profile names another.
NEWSCRAWL_TIMEZONE = "UTC"
# Read the site's feeds (autodiscovered) and sitemaps (from robots.txt) as well as its pages.
NEWSCRAWL_DISCOVER = True
# Recurring runs (newscrawl/middlewares/revisit.py): a listing's pagination is left after this
# many pages in a row with nothing new; archived stories are fetched again only when due, on a
# schedule by age (archive/revisits.py: for stories younger than AGE, every EVERY);
# REVISIT_ALL makes every archived story due now.
NEWSCRAWL_STOP_AFTER_KNOWN_PAGES = 1
NEWSCRAWL_REVISIT_ALL = False
NEWSCRAWL_REVISIT_SCHEDULE = "1h:15m, 1d:1h, 3d:6h, 7d:1d, 30d:7d"
# An ISO date: listings are not paged past teasers older than it, nor older feed or sitemap
# entries fetched. Empty: no cutoff.
NEWSCRAWL_SINCE = ""

# --- Keeping what was fetched (newscrawl/warc/) -------------------------------------------------
# Write every response (articles, listings, feeds, sitemaps, redirects; 304s as revisit
# records) to gzipped WARC files in NEWSCRAWL_WARC_DIR, a new file after NEWSCRAWL_WARC_MAX_SIZE
# (bytes, or 500M, 1G...); `archive reextract` reads the stories' responses back from them.
# Also read from the environment: the Scrapyd deployment turns it on there
# (deploy/systemd/scrapyd.service).
NEWSCRAWL_WARC = os.environ.get("NEWSCRAWL_WARC", "false")
NEWSCRAWL_WARC_DIR = "data/warc"
NEWSCRAWL_WARC_MAX_SIZE = "1G"
