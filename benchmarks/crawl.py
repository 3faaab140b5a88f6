"""Crawl throughput: a bare link-following spider against the full ``site`` crawl.

Serves the demo site (2,000 articles by default) on loopback and crawls it, in one run, with

(a) ``bare``: a spider that only follows the same links and yields url and title, no pipelines;
(b) ``site``: the real ``site`` spider with extraction, normalisation, dedup and the SQLite archive.

Each crawl runs in its own process (so peak RSS is its own); rounds alternate a and b because
this machine is shared and noisy. Prints pages/s and peak RSS per round, the medians and the
ratio b/a (the project's goal: >= 0.6).

    .venv/bin/python -m benchmarks.crawl [--articles 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from demosite import DemoSiteProcess

PROJECT = Path(__file__).resolve().parent.parent

COMMON = {
    # The demo site is on loopback, refused unless allowed.
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": True,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
}


def worker(kind: str, url: str, archive_url: str, out: str) -> None:
    """Run one crawl in this process and write its stats to ``out``."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newscrawl.links import page_links, site_host
    from newscrawl.spiders.site import SiteSpider

    class BareSpider(scrapy.Spider):
        name = "bare"

        def __init__(self, url: str, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.start_urls = [url]
            self.host = site_host(url)

        def parse(self, response: Any) -> Any:
            yield {"url": response.url, "title": response.xpath("//title/text()").get()}
            for link in page_links(response.xpath("//a/@href").getall(), response.url, self.host):
                yield scrapy.Request(link, callback=self.parse)

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict({**COMMON, "ARCHIVE_URL": archive_url}, priority="cmdline")
    if kind == "bare":
        # The reference has no archive at all: no pipelines, no crawl record, no revisits.
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")
        settings.set("ARCHIVE_URL", "", priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider if kind == "bare" else SiteSpider)
    process.crawl(crawler, url=url)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    result = {
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "seconds": stats.get("elapsed_time_seconds", 0.0),
        "stored": stats.get("archive/stored/new", 0) + stats.get("archive/stored/unchanged", 0),
    }
    Path(out).write_text(json.dumps(result))


def run_one(kind: str, url: str, workdir: Path, round_no: int) -> dict[str, Any]:
    out = workdir / f"{kind}-{round_no}.json"
    # Each crawl its own archive: a second crawl into the first's would be a rerun.
    archive_url = f"sqlite:///{workdir / f'archive-{kind}-{round_no}.db'}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.crawl",
            "--worker",
            kind,
            "--url",
            url,
            "--archive-url",
            archive_url,
            "--out",
            str(out),
        ],
        cwd=PROJECT,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the {kind} crawl failed with exit status {proc.returncode}")
    result: dict[str, Any] = json.loads(out.read_text())
    result["rss_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    result["pages_per_s"] = result["pages"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", choices=["bare", "site"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--archive-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.url, args.archive_url, args.out)
        return

    site = DemoSiteProcess(args.articles, seed=1, legacy_port=None)
    url = site.site.url
    results: dict[str, list[dict[str, Any]]] = {"bare": [], "site": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for round_no in range(args.rounds):
                order = ["bare", "site"] if round_no % 2 == 0 else ["site", "bare"]
                for kind in order:
                    r = run_one(kind, url, Path(tmp), round_no)
                    results[kind].append(r)
                    print(
                        f"round {round_no + 1} {kind:4}: {r['pages']} pages in {r['seconds']:.1f} s"
                        f" = {r['pages_per_s']:.1f} pages/s, peak RSS {r['rss_mb']:.0f} MB,"
                        f" {r['items']} items, {r['stored']} archived",
                        flush=True,
                    )
    finally:
        site.stop()
    med = {k: statistics.median(r["pages_per_s"] for r in v) for k, v in results.items()}
    rss = {k: statistics.median(r["rss_mb"] for r in v) for k, v in results.items()}
    print(f"\ndemo site: {args.articles} articles; medians of {args.rounds} rounds")
    print(f"(a) bare spider : {med['bare']:.1f} pages/s, peak RSS {rss['bare']:.0f} MB")
    print(f"(b) site crawl  : {med['site']:.1f} pages/s, peak RSS {rss['site']:.0f} MB")
    print(f"ratio b/a       : {med['site'] / med['bare']:.2f} (goal >= 0.6)")


if __name__ == "__main__":
    main()
