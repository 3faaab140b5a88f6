"""Recurring crawls on the demo site: what a rerun costs, and what edits leave in the archive.

In one run, against one demo site (``--articles``, default 300) and one SQLite archive:

1. a first crawl (everything is new);
2. a rerun with nothing changed (the default schedule: stories are fetched only when due);
3. a full check, ``NEWSCRAWL_REVISIT_ALL=true`` (every story, with conditional GET);
4. the site then edits ``--edits`` stories (default 10), all older than the revisit schedule
   reaches; a normal rerun, which finds them through the sitemap's and feed's dates;
5. a full check again (nothing more should change).

For each run it prints the pages the server answered (article bodies with 200, article 304s,
listing pages) from the demo server's own counts, and the archive's new / updated / unchanged
stories. Goals: an unchanged rerun answers <= 5 % of article requests with a full 200 body; N
edits store exactly N new versions in the normal rerun, with few other full bodies.

    .venv/bin/python -m benchmarks.recrawl [--articles 300] [--edits 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from demosite import DemoSiteProcess

PROJECT = Path(__file__).resolve().parent.parent

# The demo site is on loopback, refused unless NEWSCRAWL_ALLOW_PRIVATE_NETWORKS is true.
QUICK = [
    "-s",
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
]


def crawl(url: str, archive_url: str, *settings: str) -> dict[str, Any]:
    """``scrapy crawl site`` as a user runs it; its final stats, read back from the archive."""
    env = {**os.environ, "ARCHIVE_URL": archive_url}
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={url}", *QUICK]
    for setting in settings:
        command += ["-s", setting]
    command += ["-s", "LOG_LEVEL=WARNING"]
    subprocess.run(command, cwd=PROJECT, env=env, check=True)
    from sqlalchemy import select

    from archive.db import make_engine, make_sessionmaker
    from archive.models import Crawl

    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            row = session.scalars(select(Crawl).order_by(Crawl.id.desc()).limit(1)).one()
            return dict(row.stats) | {
                "new": row.stories_new,
                "updated": row.stories_updated,
                "unchanged": row.stories_unchanged,
            }
    finally:
        engine.dispose()


def report(name: str, served: dict[str, dict[str, int]], stats: dict[str, Any]) -> float:
    article = served["article"]
    requests = article.get("200", 0) + article.get("304", 0)
    share = article.get("200", 0) / requests if requests else 0.0
    print(
        f"{name:28} article 200: {article.get('200', 0):5}  article 304: {article.get('304', 0):5}"
        f"  full-body share: {share:6.1%}  listing pages: {served['listing'].get('200', 0):4}"
        f"  | archive new {stats['new']:4} updated {stats['updated']:3}"
        f" unchanged {stats['unchanged']:4}  not due {stats.get('newscrawl/revisit/not_due', 0)}",
        flush=True,
    )
    return share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive_url = f"sqlite:///{tmp}/archive.db"
        site = DemoSiteProcess(args.articles, seed=1)
        try:
            url = site.site.url
            first = crawl(url, archive_url)
            report("1. first crawl", site.site.server_stats(reset=True), first)
            rerun = crawl(url, archive_url)
            share = report("2. rerun, nothing changed", site.site.server_stats(reset=True), rerun)
            check = crawl(url, archive_url, "NEWSCRAWL_REVISIT_ALL=true")
            report("3. full check, unchanged", site.site.server_stats(reset=True), check)
            port = urlsplit(url).port or 0
            legacy = urlsplit(site.site.legacy_url or "").port
        finally:
            site.stop()
        edited = DemoSiteProcess(
            args.articles, seed=1, port=port, legacy_port=legacy, edits=args.edits
        )
        try:
            after = crawl(edited.site.url, archive_url)
            served = edited.site.server_stats(reset=True)
            report(f"4. rerun, {args.edits} edits", served, after)
            bodies = served["article"].get("200", 0)
            final = crawl(edited.site.url, archive_url, "NEWSCRAWL_REVISIT_ALL=true")
            report("5. full check after it", edited.site.server_stats(), final)
        finally:
            edited.stop()
    print(f"\nunchanged rerun: {share:.1%} of article requests got a full 200 body (goal <= 5 %)")
    print(
        f"normal rerun after {args.edits} edits: {after['updated']} new versions "
        f"(goal: exactly {args.edits}), {bodies} article bodies fetched; "
        f"the full check after it: {final['updated']} more"
    )


if __name__ == "__main__":
    main()
