"""Writing to the archive. Every function takes a Session and leaves the transaction to the
caller; :class:`archive.writer.ArchiveWriter` is the one caller in a crawl.

- :mod:`~archive.store.batch`: validating and cleaning incoming story records;
- :mod:`~archive.store.stories`: upserting stories (new, changed with a new version, unchanged);
- :mod:`~archive.store.versions`: version rows and their change summaries;
- :mod:`~archive.store.links`: authors, tags and field provenance;
- :mod:`~archive.store.addresses`: sightings, aliases and date signals;
- :mod:`~archive.store.fetches`: validators and next visits for revisits;
- :mod:`~archive.store.crawls`: the crawl record and its page problems.

Near-duplicates are the writer's next step after :func:`store_stories` (:mod:`archive.neardup`).
"""

from archive.store.addresses import (
    AliasCounts,
    add_aliases,
    record_date_signals,
    record_sightings,
    story_ids_by_address,
)
from archive.store.crawls import finish_crawl, record_problems, start_crawl
from archive.store.fetches import record_fetches, touch_unmodified
from archive.store.stories import StoreCounts, StoredBatch, store_stories

__all__ = [
    "AliasCounts",
    "StoreCounts",
    "StoredBatch",
    "add_aliases",
    "finish_crawl",
    "record_date_signals",
    "record_fetches",
    "record_problems",
    "record_sightings",
    "start_crawl",
    "store_stories",
    "story_ids_by_address",
    "touch_unmodified",
]
