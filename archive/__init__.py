"""The archive: the database side of newscrawl. It never imports Scrapy."""
