"""newscrawl: crawl news sites with Scrapy and keep their stories in a SQL archive."""

__version__ = "0.1.0"
