"""Scale-out: one worker against two workers sharing the crawl through Redis.

Serves the demo site (2,000 articles by default) on loopback and crawls it, in one run, with

(1) one ``site`` worker, and
(2) two ``site`` workers at once,

both through the Redis frontier (``NEWSCRAWL_REDIS_URL``, :mod:`newscrawl.scaleout`) into the
same archive backend (a fresh PostgreSQL database for each crawl). Each worker is a process of
its own. The time of a crawl runs from the first worker's start to the last page any worker
received (the workers' wait for an empty frontier to stay empty is left out). Prints pages/s
for each and the ratio (2)/(1) (the project's goal: >= 1.7).

Everything runs on this machine: the demo site, PostgreSQL and Redis share its cores with the
workers, so the ratio is a floor of what two machines would give.

    .venv/bin/python -m benchmarks.scaleout [--articles 2000] [--rounds 1]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/12]

The Redis database given is flushed before each crawl.
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
# How long a worker waits for the emptied frontier to stay empty: not part of the crawl's time.
IDLE_CLOSE = 2

COMMON: dict[str, Any] = {
    # The demo site is on loopback, refused unless allowed.
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS": True,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
    "NEWSCRAWL_REDIS_IDLE_CLOSE": IDLE_CLOSE,
    # The frontier is Redis: no SQLite frontier (nor its lock, which two workers would share).
    "NEWSCRAWL_FRONTIER_DIR": "",
}


def worker(url: str, archive_url: str, redis_url: str, workdir: str, out: str) -> None:
    """Run one worker's crawl in this process and write what it did to ``out``."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newscrawl.spiders.site import SiteSpider

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(
        {
            **COMMON,
            "ARCHIVE_URL": archive_url,
            "NEWSCRAWL_REDIS_URL": redis_url,
            "ARCHIVE_SPOOL_DIR": f"{workdir}/spool",
            "ARCHIVE_FAILED_FILE": f"{workdir}/failed.jsonl",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    times = {"start": time.time(), "last_response": 0.0}

    def received(*args: Any, **kwargs: Any) -> None:
        times["last_response"] = time.time()

    crawler.signals.connect(received, signal=signals.response_received)
    process.crawl(crawler, url=url)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    result = {
        **times,
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "reason": stats.get("finish_reason"),
    }
    Path(out).write_text(json.dumps(result))


def crawl(
    workers: int, url: str, postgres: str, redis_url: str, workdir: Path, site_pid: int
) -> dict[str, Any]:
    """``workers`` workers crawling the site into a fresh database; their figures together."""
    import psycopg
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    server, name = postgres.rsplit("/", 1)[0], f"scaleout_bench_{workers}"
    libpq = postgres.replace("+psycopg", "")
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    archive_url = f"{server}/{name}"
    # The archive's schema first, so that the workers do not race to create it.
    subprocess.run(
        [str(Path(sys.executable).with_name("archive")), "--db", archive_url, "upgrade"],
        cwd=PROJECT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    site_cpu = cpu_seconds(site_pid)
    procs = []
    outs = []
    for n in range(workers):
        folder = workdir / f"w{workers}-{n}"
        folder.mkdir(parents=True)
        outs.append(folder / "result.json")
        argv = [sys.executable, "-m", "benchmarks.scaleout", "--worker", "--url", url]
        argv += ["--archive-url", archive_url, "--redis", redis_url]
        argv += ["--workdir", str(folder), "--out", str(outs[-1])]
        procs.append(subprocess.Popen(argv, cwd=PROJECT))
    codes, cpu = [], 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        codes.append(proc.returncode)
        cpu += usage.ru_utime + usage.ru_stime
    if any(codes):
        raise SystemExit(f"a worker failed: exit statuses {codes}")
    results = [json.loads(out.read_text()) for out in outs]
    with psycopg.connect(f"{libpq.rsplit('/', 1)[0]}/{name}") as connection:
        row = connection.execute("SELECT count(*), count(DISTINCT url) FROM story").fetchone()
    stored, distinct = row if row else (0, 0)
    seconds = max(r["last_response"] for r in results) - min(r["start"] for r in results)
    pages = sum(r["pages"] for r in results)
    return {
        "cpu_per_page_ms": 1000 * cpu / pages,
        "site_cpu_per_page_ms": 1000 * (cpu_seconds(site_pid) - site_cpu) / pages,
        "workers": workers,
        "pages": pages,
        "per_worker": [r["pages"] for r in results],
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "stored": stored,
        "distinct": distinct,
    }


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Needs PostgreSQL and Redis; the demo site is started here.",
    )
    parser.add_argument("--articles", type=int, default=2000, help="articles of the demo site")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of (1) and (2), alternated")
    parser.add_argument(
        "--postgres",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a database on the server where the benchmark's databases are made",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/12", help="a Redis database (flushed)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--archive-url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.url, args.archive_url, args.redis, args.workdir, args.out)
        return
    if args.articles < 1 or args.rounds < 1:
        parser.error("--articles and --rounds must be at least 1")

    site = DemoSiteProcess(args.articles, seed=1, legacy_port=None)
    results: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for round_no in range(args.rounds):
                order = [1, 2] if round_no % 2 == 0 else [2, 1]
                for workers in order:
                    workdir = Path(tmp, f"round{round_no}")
                    r = crawl(
                        workers, site.site.url, args.postgres, args.redis, workdir, site.proc.pid
                    )
                    results[workers].append(r)
                    print(
                        f"round {round_no + 1}, {workers} worker(s): {r['pages']} pages"
                        f" {r['per_worker']} in {r['seconds']:.1f} s = {r['pages_per_s']:.1f}"
                        f" pages/s; {r['stored']} stories stored ({r['distinct']} distinct);"
                        f" CPU per page: workers {r['cpu_per_page_ms']:.1f} ms,"
                        f" site {r['site_cpu_per_page_ms']:.1f} ms",
                        flush=True,
                    )
    finally:
        site.stop()
    med = {k: statistics.median(r["pages_per_s"] for r in v) for k, v in results.items()}
    print(f"\ndemo site: {args.articles} articles; medians of {args.rounds} round(s)")
    print(f"(1) one worker  : {med[1]:.1f} pages/s")
    print(f"(2) two workers : {med[2]:.1f} pages/s")
    print(f"ratio (2)/(1)   : {med[2] / med[1]:.2f} (goal >= 1.7)")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
