"""The archive: the database side of newscrawl. It never imports Scrapy or the crawler.

What it takes in is :class:`archive.record.StoryRecord`; :mod:`archive.writer` writes a crawl
(through :mod:`archive.store`, one module per concern, and :mod:`archive.neardup`); reading is
:mod:`archive.query` and :mod:`archive.search`, which never load the writer; ``archive`` on the
command line is :mod:`archive.cli`.
"""
