"""The project's own Scrapy signals: what a crawl learns besides its stories.

Items are stories only (``scrapy crawl site -O stories.jsonl`` gives stories); these carry the
rest to :class:`newscrawl.extensions.crawl_record.CrawlRecord`, which keeps it in the archive.
Send them with ``crawler.signals.send_catch_log(signal, **arguments)``.
"""

from __future__ import annotations

#: An address turned out to be another address of a page: a redirect.
#: Arguments: ``target`` (where it led), ``url`` (the other address).
address_redirected = object()

#: Pages are other addresses of a story: an AMP or print view naming its canonical page, or a
#: second copy of a story this crawl already has. Arguments: ``story_url``, ``urls`` (list).
story_aliases = object()

#: Archived stories a listing page links to that the crawl does not fetch again.
#: Arguments: ``listing_url``, ``stories`` (list of ``(url, position or None)``).
stories_listed = object()

#: Dates a feed or sitemap gave for an address, candidate signals with their source.
#: Arguments: ``url``, ``dates`` (list of ``(source, aware datetime)``).
story_dates = object()

#: A revisited story answered ``304 Not Modified``. Arguments: ``url``, ``fetched_at``.
story_not_modified = object()

#: A page gave no story: it failed to download, answered an error, or had no story text.
#: Arguments: ``problem`` (:class:`archive.record.PageProblem`).
page_problem = object()

#: A fetched page was judged not to be a story: a listing, a static page (about, privacy...),
#: a copy of a story (print, AMP or text-only view, another address) or something else.
#: Arguments: ``url``, ``kind`` (``listing``, ``static``, ``copy`` or ``other``), ``reason``.
page_judged = object()
