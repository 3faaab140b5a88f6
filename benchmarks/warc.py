"""What WARC capture costs a crawl, what it costs on disk, and how fast re-extraction reads it.

Serves the demo site on loopback and, in one run, crawls it with the real ``site`` crawl

(a) ``plain``: ``NEWSCRAWL_WARC`` off;
(b) ``warc``: ``NEWSCRAWL_WARC`` on (gzipped WARC files beside the archive);

rounds alternating a and b (this machine is shared and noisy), each crawl in its own process
and into its own archive. Then it re-extracts the last captured crawl from its WARC files
(``archive reextract --restart``, the current extractor, in its own process). Prints pages/s
per round and their medians, the ratio b/a (the goal: >= 0.9), WARC bytes per page, and
re-extraction stories/s with its peak RSS.

    .venv/bin/python -m benchmarks.warc [--articles 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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
    "NEWSCRAWL_FRONTIER_DIR": "",
}


def crawl_worker(kind: str, url: str, workdir: Path, out: Path) -> None:
    """Run one crawl in this process and write its figures to ``out``."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newscrawl.spiders.site import SiteSpider

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(
        {
            **COMMON,
            "ARCHIVE_URL": f"sqlite:///{workdir / 'archive.db'}",
            "ARCHIVE_SPOOL_DIR": str(workdir / "spool"),
            "ARCHIVE_FAILED_FILE": str(workdir / "failed.jsonl"),
            "NEWSCRAWL_WARC": kind == "warc",
            "NEWSCRAWL_WARC_DIR": str(workdir / "warc"),
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, url=url)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    out.write_text(
        json.dumps(
            {
                "pages": stats.get("response_received_count", 0),
                "seconds": stats.get("elapsed_time_seconds", 0.0),
                "stored": stats.get("archive/stored/new", 0),
                "warc_bytes": stats.get("newscrawl/warc/bytes", 0),
                "warc_files": stats.get("newscrawl/warc/files", 0),
                "warc_seconds": stats.get("newscrawl/warc/crawl_thread_us", 0) / 1e6,
            }
        )
    )


def reextract_worker(workdir: Path, out: Path) -> None:
    """Re-extract the crawl in ``workdir`` from its WARC files; write the figures."""
    from archive.db import open_archive
    from archive.reextract import Selection, load_extractor, reextract

    engine = open_archive(f"sqlite:///{workdir / 'archive.db'}")
    started = time.perf_counter()
    summary = reextract(
        engine, load_extractor("newscrawl"), Selection(), [workdir / "warc"], restart=True
    )
    seconds = time.perf_counter() - started
    engine.dispose()
    out.write_text(
        json.dumps(
            {
                "stories": summary.checked,
                "changed": summary.changed,
                "unreadable": summary.unreadable + summary.missing,
                "seconds": seconds,
            }
        )
    )


def run_worker(args: list[str], out: Path) -> dict[str, Any]:
    """Run ``python -m benchmarks.warc ARGS`` alone; its figures and peak RSS (MB)."""
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.warc", *args], cwd=PROJECT)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"benchmarks.warc {' '.join(args)} failed with exit status {code}")
    result: dict[str, Any] = json.loads(out.read_text())
    result["rss_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="demo site size (300)")
    parser.add_argument("--rounds", type=int, default=3, help="crawls of each kind (3)")
    parser.add_argument("--worker", choices=["plain", "warc", "reextract"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "reextract":
        reextract_worker(args.workdir, args.out)
        return
    if args.worker:
        crawl_worker(args.worker, args.url, args.workdir, args.out)
        return
    if args.articles < 1 or args.rounds < 1:
        parser.error("--articles and --rounds must be at least 1")

    site = DemoSiteProcess(args.articles, seed=1, legacy_port=None)
    url = site.site.url
    crawls: dict[str, list[dict[str, Any]]] = {"plain": [], "warc": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            last_warc = Path(tmp)
            for round_no in range(args.rounds):
                order = ["plain", "warc"] if round_no % 2 == 0 else ["warc", "plain"]
                for kind in order:
                    workdir = Path(tmp) / f"{kind}-{round_no}"
                    workdir.mkdir()
                    out = workdir / "result.json"
                    worker = ["--worker", kind, "--url", url, "--workdir", str(workdir)]
                    r = run_worker([*worker, "--out", str(out)], out)
                    r["pages_per_s"] = r["pages"] / r["seconds"]
                    crawls[kind].append(r)
                    extra = ""
                    if kind == "warc":
                        last_warc = workdir
                        extra = (
                            f", WARC {r['warc_bytes'] / 1e6:.1f} MB in {r['warc_files']} files"
                            f" = {r['warc_bytes'] / r['pages'] / 1024:.1f} KiB/page; crawl thread"
                            f" {r['warc_seconds']:.2f} s"
                            f" = {1000 * r['warc_seconds'] / r['pages']:.2f} ms/page"
                        )
                    print(
                        f"round {round_no + 1} {kind:5}: {r['pages']} pages in"
                        f" {r['seconds']:.1f} s = {r['pages_per_s']:.1f} pages/s,"
                        f" {r['stored']} stories, peak RSS {r['rss_mb']:.0f} MB{extra}",
                        flush=True,
                    )
            out = last_warc / "reextract.json"
            worker = ["--worker", "reextract", "--workdir", str(last_warc)]
            again = run_worker([*worker, "--out", str(out)], out)
    finally:
        site.stop()
    med = {kind: statistics.median(r["pages_per_s"] for r in rs) for kind, rs in crawls.items()}
    per_page = statistics.median(r["warc_bytes"] / r["pages"] for r in crawls["warc"])
    # The capture's own time, measured inside the crawl: steadier than the ratio on a busy host.
    writing = statistics.median(r["warc_seconds"] / r["seconds"] for r in crawls["warc"])
    write_ms = statistics.median(1000 * r["warc_seconds"] / r["pages"] for r in crawls["warc"])
    rate = again["stories"] / again["seconds"]
    print(f"\ndemo site: {args.articles} articles; medians of {args.rounds} rounds")
    print(f"(a) crawl, no capture : {med['plain']:.1f} pages/s")
    print(f"(b) crawl, WARC       : {med['warc']:.1f} pages/s, {per_page / 1024:.1f} KiB/page")
    print(f"ratio b/a             : {med['warc'] / med['plain']:.2f} (goal >= 0.9)")
    print(
        f"capture, crawl thread : {write_ms:.2f} ms/page, {100 * writing:.1f}% of the crawl's"
        " time (records are built and written in a writer thread)"
    )
    print(
        f"re-extraction         : {again['stories']} stories in {again['seconds']:.1f} s ="
        f" {rate:.0f} stories/s, peak RSS {again['rss_mb']:.0f} MB,"
        f" {again['changed']} changed, {again['unreadable']} unreadable"
    )


if __name__ == "__main__":
    main()
