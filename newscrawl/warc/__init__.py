"""Keeping what was fetched: WARC files (ISO 28500), written by warcio.

- :mod:`~newscrawl.warc.files`: gzipped WARC files in a folder, rotated by size, ``.open``
  while written;
- :mod:`~newscrawl.warc.capture`: the downloader middleware that writes every exchange of a
  crawl (``NEWSCRAWL_WARC=true``);
- :mod:`~newscrawl.warc.stamp`: the pipeline stage that stamps each story with the extractor
  version and the WARC record of its response;
- :mod:`~newscrawl.warc.records`: reading a response back from a file and offset;
- :mod:`~newscrawl.warc.reextract`: the extractor ``archive reextract`` runs over stored
  responses (entry point ``archive.extractors``);
- :mod:`~newscrawl.warc.replay` and :mod:`~newscrawl.warc.importer`: ``archive import-warc``,
  a crawl whose pages are read from WARC files instead of the network (entry point
  ``archive.warc_importers``).
"""
