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
DOWNLOAD_TIMEOUT = 60
# Pages larger than this are not news articles; don't let one exhaust memory.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024

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
    # Redirecting addresses become aliases of the story they lead to.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.middlewares.redirect.AliasRedirectMiddleware": 600,
}

# The crawl's record in the archive: opened with the spider, closed with what the crawl learnt
# besides its stories (aliases, sightings, feed dates, page problems) and its stats.
EXTENSIONS = {
    "newscrawl.extensions.crawl_record.CrawlRecord": 500,
}

# The stages a story goes through, in order: extract (the spider) -> normalise -> deduplicate
# -> archive. Each stage's module says what it does.
ITEM_PIPELINES = {
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
