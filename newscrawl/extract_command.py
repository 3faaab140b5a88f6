"""``newscrawl extract``: what extraction makes of one page, fetched over HTTP or saved.

- ``newscrawl extract https://example.com/2024/01/02/story/`` fetches the page the way a crawl
  does: with the project's settings (its user agent, robots.txt obeyed, private addresses
  refused unless ``NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true``, the same size and time limits,
  redirects followed), through Scrapy itself, but with no archive, frontier or pipeline.
- ``newscrawl extract saved.html --url URL`` reads a saved page (``-`` for stdin, gzip
  accepted), as :mod:`newscrawl.extraction.cli` always did.

Either way it prints JSON: the page's kind as the page alone tells it (``article``,
``listing``, ``static``...: a crawl also weighs the rest of the site), the address it was read
from, and the fields extraction found with where each came from.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.extraction import cli as saved_page
from newscrawl.extraction.article import extract_article
from newscrawl.extraction.model import ExtractOptions

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.http import Response
    from twisted.python.failure import Failure

DESCRIPTION = """\
Run the extraction the crawler uses on one page and print, as JSON, the page's kind and the
fields it finds, with where each came from. For debugging a site.

Give a URL to fetch the page as a crawl does (the project's user agent, robots.txt obeyed,
private addresses refused unless NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true), or a saved HTML file
with --url."""
EPILOG = """\
exit status:
  0  the page was read and extracted
  1  the page could not be fetched (robots.txt forbids it, an HTTP error, a refused or
     unreachable address): one line says why
  2  bad arguments, or a saved file that cannot be read

examples:
  newscrawl extract https://example.com/2024/01/02/story/
  newscrawl extract saved-page.html --url https://example.com/2024/01/02/story/
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        metavar="URL|FILE",
        help="an http(s) URL to fetch, or a saved HTML file ('-' for stdin; .gz accepted)",
    )
    parser.add_argument(
        "--url",
        help="for a saved file: the address it was fetched from (required then); for a URL: "
        "not needed",
    )
    parser.add_argument(
        "--timezone", default="UTC", help="IANA zone for dates without an offset (default UTC)"
    )


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def run(args: argparse.Namespace) -> int:
    if not is_url(args.source):
        if "://" in args.source:
            return _usage(f"{args.source!r}: only http and https URLs are fetched")
        if not args.url:
            return _usage(f"give the address {args.source} was fetched from: --url URL")
        args.file = args.source
        return saved_page.run(args)
    if not urlsplit(args.source).hostname:
        return _usage(f"{args.source!r} is not an absolute URL like https://example.com/")
    page = fetch(args.source)
    if page.error is not None:
        print(f"newscrawl extract: {args.source}: {page.error}", file=sys.stderr)
        return 1
    show(page, ExtractOptions(timezone=args.timezone))
    return 0


def show(page: FetchedPage, options: ExtractOptions) -> None:
    """Print the page's kind, where it was fetched, and its extracted fields as JSON."""
    from newscrawl.extraction.pagekind import page_features

    # The tree the crawl's spider works on (Scrapy's parse of the page), for the same answers.
    article = extract_article(page.body, page.url, tree=page.tree, options=options)
    features = page_features(page.tree, page.url)
    result: dict[str, Any] = {"page_kind": features.kind}
    if features.typed is not None:
        result["declared_kind"] = f"{features.typed} ({features.typed_by})"
    result["fetched"] = {"url": page.url, "status": page.status}
    result.update(article.to_json_dict())
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _usage(message: str) -> int:
    print(f"newscrawl extract: error: {message}", file=sys.stderr)
    return 2


# --- fetching one page as a crawl does --------------------------------------------------------


@dataclass
class FetchedPage:
    """One page as fetched: its final address (after redirects), status and body; or why not."""

    url: str
    status: int = 0
    body: bytes = b""
    tree: Any = None
    error: str | None = None


def one_page_settings() -> Any:
    """The project's settings, less what a crawl keeps: no archive, frontier, pipelines,
    crawl record, or log on the terminal (a failure is reported in one line instead)."""
    from scrapy.settings import Settings

    # The project's settings module itself, not a scrapy.cfg found from the working folder:
    # from any folder the page is fetched as the crawl fetches it.
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["newscrawl.middlewares.revisit.RevisitMiddleware"] = None
    settings.setdict(
        {
            "DOWNLOADER_MIDDLEWARES": downloader,
            "ARCHIVE_URL": "",
            "NEWSCRAWL_FRONTIER_DIR": "",
            "NEWSCRAWL_REDIS_URL": "",
            "NEWSCRAWL_WARC": False,
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "LOG_ENABLED": False,
            "RETRY_TIMES": 0,
        },
        priority="cmdline",
    )
    return settings


def fetch(url: str) -> FetchedPage:
    """Fetch ``url`` in a one-request Scrapy crawl with the project's settings."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import HtmlResponse
    from scrapy.spidermiddlewares.httperror import HttpError

    page = FetchedPage(url=url, error="nothing was fetched")

    class OnePage(Spider):
        name = "extract"

        async def start(self) -> AsyncIterator[Request]:
            yield Request(url, callback=self.fetched, errback=self.failed, dont_filter=True)

        def fetched(self, response: Response) -> None:
            page.url, page.status, page.body = response.url, response.status, response.body
            if isinstance(response, HtmlResponse):
                page.tree, page.error = response.selector.root, None
            else:
                kind = response.headers.get(b"Content-Type") or b"no Content-Type"
                page.error = f"not an HTML page ({kind.decode('latin-1')})"

        def failed(self, failure: Failure) -> None:
            error = failure.value
            if isinstance(error, HttpError):
                page.error = f"the server answered {error.response.status}"
            elif isinstance(error, IgnoreRequest) and "robots.txt" in str(error):
                page.error = "robots.txt of the site forbids fetching it"
            else:
                page.error = str(error) or failure.getErrorMessage()

    process = CrawlerProcess(one_page_settings())
    process.crawl(OnePage)
    process.start()
    return page
