"""Archive benchmark: fill an archive with synthetic stories, then time search and export.

    .venv/bin/python -m benchmarks.archive_scale --stories 1000000            # SQLite
    .venv/bin/python -m benchmarks.archive_scale --stories 1000000 \\
        --db postgresql://postgres@127.0.0.1/archive_bench                   # PostgreSQL

The schema comes from the migrations (``create_schema``), so the FTS5 triggers (SQLite) and the
generated tsvector column (PostgreSQL) do their real work; rows go in with executemany (SQLite)
or COPY (PostgreSQL). Printed: insert throughput, search latency p50/p95 over a fixed set of
50 queries (``archive.query.search``, limit 20, with snippets) unfiltered, for one site of 20
and for the newest 10% (``since``), and the peak RSS of ``archive export`` run in a subprocess
over the first 10% and over all stories. ``--reuse`` keeps an archive this script filled with
the same ``--stories`` (search changes can be timed without a refill); ``--no-export`` skips
the export. ``--index-after`` (PostgreSQL) drops the full-text GIN indexes of ``story`` before
the COPY and builds them once after it: much quicker for a large fill (the word-pair index costs
~1 ms a story kept up row by row); the insert figure is then COPY plus the builds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from archive import query
from archive.db import create_schema, make_engine

ROOT = Path(__file__).resolve().parent.parent

BATCH = 10_000
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def vocabulary(size: int, rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ra", "te", "vu", "sen", "dor", "pli", "an", "es", "ul", "ba"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_rows(n: int, start: int, words: list[str], weights: list[float], rng: random.Random):
    for i in range(start, start + n):
        title = " ".join(rng.choices(words, cum_weights=weights, k=8)).capitalize()
        body = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(80, 160)))
        when = T0 + timedelta(minutes=i)
        yield {
            "id": i + 1,
            "url": f"https://site{i % 20}.example.com/story/{i}",
            "site_id": i % 20 + 1,
            "title": title,
            "body": body,
            "seen": when,
            "hash": f"{i:064x}",
        }


def fill_sqlite(engine, count: int, words, weights, rng) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.executemany(
            "INSERT INTO site (id, host) VALUES (?, ?)",
            [(k + 1, f"site{k}.example.com") for k in range(20)],
        )
        for start in range(0, count, BATCH):
            rows = [
                (
                    r["id"],
                    r["url"],
                    r["site_id"],
                    r["title"],
                    r["body"],
                    "en",
                    r["seen"].strftime("%Y-%m-%d %H:%M:%S.%f"),
                    r["seen"].strftime("%Y-%m-%d %H:%M:%S.%f"),
                    r["hash"],
                )
                for r in make_rows(min(BATCH, count - start), start, words, weights, rng)
            ]
            cursor.executemany(
                "INSERT INTO story (id, url, site_id, title, body, language, published_at,"
                " first_seen_at, last_seen_at, last_crawled_at, content_hash, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [(*row[:7], row[7], row[7], row[7], row[8]) for row in rows],
            )
            raw.commit()
        cursor.execute("PRAGMA optimize")
        raw.commit()
    finally:
        raw.close()


def fill_postgresql(engine, count: int, words, weights, rng) -> None:
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        with driver.cursor() as cursor:
            for k in range(20):
                cursor.execute(
                    "INSERT INTO site (id, host) VALUES (%s, %s)", (k + 1, f"site{k}.example.com")
                )
            for start in range(0, count, BATCH):
                with cursor.copy(
                    "COPY story (id, url, site_id, title, body, language, published_at,"
                    " first_seen_at, last_seen_at, last_crawled_at, content_hash, version)"
                    " FROM STDIN"
                ) as copy:
                    for r in make_rows(min(BATCH, count - start), start, words, weights, rng):
                        seen = r["seen"]
                        copy.write_row(
                            (
                                r["id"],
                                r["url"],
                                r["site_id"],
                                r["title"],
                                r["body"],
                                "en",
                                seen,
                                seen,
                                seen,
                                seen,
                                r["hash"],
                                1,
                            )
                        )
                driver.commit()
            cursor.execute("SELECT setval('story_id_seq', %s)", (count,))
            cursor.execute("ANALYZE story")
        driver.commit()
    finally:
        raw.close()


def queries(words: list[str], rng: random.Random) -> list[str]:
    # Mid-frequency words: rare enough to be a real search, common enough to have many hits.
    middle = words[200:2000]
    out = [rng.choice(middle) for _ in range(25)]
    out += [f"{rng.choice(middle)} {rng.choice(middle)}" for _ in range(10)]
    out += [f'"{rng.choice(words[:200])} {rng.choice(words[:200])}"' for _ in range(5)]
    out += [f"{rng.choice(middle)} OR {rng.choice(middle)}" for _ in range(5)]
    out += [f"{rng.choice(middle)} -{rng.choice(words[:50])}" for _ in range(5)]
    return out


def export_peak_rss(url: str, limit_site: str | None) -> tuple[float, float]:
    """Run ``archive export`` in a child; return (peak RSS MiB, seconds)."""
    argv = [sys.executable, "-m", "archive", "--db", url, "export", "--format", "jsonl"]
    if limit_site:
        argv += ["--site", limit_site]
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"export failed: {status}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="default: a fresh SQLite file in data/bench")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an archive this script already filled with --stories (upgrading its schema)",
    )
    parser.add_argument("--no-export", action="store_true", help="time search only")
    parser.add_argument(
        "--index-after",
        action="store_true",
        help="PostgreSQL: build story's GIN indexes after the COPY, not row by row (a quick fill)",
    )
    parser.add_argument(
        "--passes",
        type=int,
        default=1,
        help="time each query this many times and take its median (a noisy machine)",
    )
    args = parser.parse_args()
    url = args.db or f"sqlite:///{ROOT / 'data' / 'bench' / f'archive-{args.stories}.db'}"
    rng = random.Random(5)
    words = vocabulary(20_000, rng)
    weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(words))))  # Zipf
    engine = make_engine(url)
    print(f"backend: {engine.dialect.name}, stories: {args.stories:,}")
    if args.reuse and filled(engine, args.stories):
        started = time.perf_counter()
        create_schema(engine)
        print(f"insert: skipped (--reuse); schema upgrade {time.perf_counter() - started:.1f} s")
    else:
        engine = refill(engine, url, args.stories, words, weights, rng, args.index_after)

    passes = args.passes
    search_latencies(engine, words, "search", {}, passes)
    # Filtered: one site (1/20 of the stories) and the newest tenth, where the ranked
    # candidates of the unfiltered search mostly fall outside the filter.
    search_latencies(engine, words, "search --site", {"site": "site3.example.com"}, passes)
    newest = T0 + timedelta(minutes=int(args.stories * 0.9))
    search_latencies(engine, words, "search --since", {"since": newest}, passes)
    engine.dispose()
    if args.no_export:
        return

    # One site is 1/20 of the archive; all sites is the whole of it.
    for label, site in (("1/20 of the stories", "site0.example.com"), ("all stories", None)):
        rss, took = export_peak_rss(url, site)
        print(f"export {label}: peak RSS {rss:.0f} MiB, {took:.1f} s")


def filled(engine, count: int) -> bool:
    with engine.connect() as connection:
        if not inspect(connection).has_table("story"):
            return False
        return connection.execute(text("SELECT count(*) FROM story")).scalar() == count


def refill(engine, url: str, count: int, words, weights, rng, index_after: bool = False):
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None
    if path is not None:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    create_schema(engine)

    started = time.perf_counter()
    postgresql = engine.dialect.name == "postgresql"
    deferred = drop_gin_indexes(engine) if index_after and postgresql else []
    fill = fill_postgresql if postgresql else fill_sqlite
    fill(engine, count, words, weights, rng)
    if deferred:
        copied = time.perf_counter() - started
        print(f"COPY without the GIN indexes: {copied:.1f} s, {count / copied:,.0f} stories/s")
        build_indexes(engine, deferred)
    seconds = time.perf_counter() - started
    print(f"insert: {seconds:.1f} s, {count / seconds:,.0f} stories/s (with FTS upkeep)")
    return engine


def drop_gin_indexes(engine) -> list[tuple[str, str]]:
    """Drop story's GIN indexes; return (name, definition) of each, to build them again."""
    with engine.begin() as connection:
        found = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = 'story' AND indexdef LIKE '%USING gin%'"
            )
        ).all()
        for name, _definition in found:
            connection.execute(text(f'DROP INDEX "{name}"'))
    return [(name, definition) for name, definition in found]


def build_indexes(engine, indexes: list[tuple[str, str]]) -> None:
    for name, definition in indexes:
        started = time.perf_counter()
        with engine.begin() as connection:
            # At the default (64 MB) a large GIN build writes its entries out many times over.
            connection.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
            connection.execute(text(definition))
        print(f"index {name} built after the COPY: {time.perf_counter() - started:.1f} s")


# What each of the 50 queries is, in the order queries() makes them.
KINDS = ["word"] * 25 + ["two words"] * 10 + ["phrase"] * 5 + ["OR"] * 5 + ["exclusion"] * 5


def search_latencies(engine, words: list[str], label: str, filters: dict, passes: int = 1) -> None:
    """Time the query set: each query's latency is its median over ``passes`` passes (after
    one warm-up pass); printed: p50, p95 (the 47th of 50) and max over the queries, and the
    median and max of each kind of query."""
    texts = queries(words, random.Random(7))
    timings: list[list[float]] = [[] for _ in texts]
    hits = []
    with Session(engine) as session:
        for q in texts:
            query.search(session, q, limit=20, **filters)  # warm the cache once
        for _ in range(passes):
            hits = []
            for q, timing in zip(texts, timings, strict=True):
                began = time.perf_counter()
                found = query.search(session, q, limit=20, **filters)
                timing.append((time.perf_counter() - began) * 1000)
                hits.append(len(found))
    latencies = [statistics.median(timing) for timing in timings]
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label}: {len(ordered)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms,"
        f" max {ordered[-1]:.1f} ms, mean hits {statistics.mean(hits):.1f}"
    )
    by_kind: dict[str, list[float]] = {}
    for kind, latency in zip(KINDS, latencies, strict=True):
        by_kind.setdefault(kind, []).append(latency)
    print(
        "    "
        + ", ".join(
            f"{kind} {statistics.median(values):.1f}/{max(values):.1f}"
            for kind, values in by_kind.items()
        )
        + " (median/max ms)"
    )


if __name__ == "__main__":
    main()
