"""Project commands for ``scrapy``; ``crawl`` here replaces Scrapy's own."""
