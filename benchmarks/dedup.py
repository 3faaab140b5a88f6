"""Near-duplicate index: lookup time as the archive grows, and detection quality.

1. Fills an archive (SQLite by default, or ``--db URL``) with synthetic story signatures in
   three steps (10 k, 100 k, 1 M stories by default) and after each step times
   :func:`archive.neardup.find_match` for a fixed set of probe stories: half new stories, half
   near-copies of archived ones. Prints the median lookup time per size and the ratio of the
   largest to the smallest (goal <= 1.2: a lookup must not scan the archive).
2. Precision and recall of duplicate detection on labelled pairs: the demo site's syndicated
   copies (duplicates) and distinct stories on one topic (not), plus pairs made from the real
   pages of the extraction corpus (each body against a republished version of itself; each
   body against another body given the same boilerplate sentences).

    .venv/bin/python -m benchmarks.dedup [--sizes 10000 100000 1000000] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from archive.db import create_schema, make_engine, make_sessionmaker
from archive.models import Site, Story, StoryBand, StorySignature
from archive.neardup import NUM_PERM, THRESHOLD, Signature, find_match, signature

ROOT = Path(__file__).resolve().parent.parent

PROBES = 200
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def synthetic(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint64).astype(np.uint32)


def fill(sessions, start: int, stop: int, rng: np.random.Generator, site_id: int) -> None:
    chunk = 20_000
    for lo in range(start, stop, chunk):
        hi = min(stop, lo + chunk)
        sigs = synthetic(rng, hi - lo)
        with sessions.begin() as session:
            session.execute(
                insert(Story),
                [
                    {
                        "id": i + 1,
                        "url": f"https://example.com/story/{i}",
                        "site_id": site_id,
                        "body": "",
                        "first_seen_at": NOW,
                        "last_seen_at": NOW,
                        "last_crawled_at": NOW,
                        "content_hash": f"{i:064x}",
                        "version": 1,
                    }
                    for i in range(lo, hi)
                ],
            )
            session.execute(
                insert(StorySignature),
                [
                    {
                        "story_id": i + 1,
                        "body_hash": f"{i:064x}",
                        "minhash": sig.astype("<u4").tobytes(),
                    }
                    for i, sig in zip(range(lo, hi), sigs, strict=True)
                ],
            )
            rows = []
            for i, sig in zip(range(lo, hi), sigs, strict=True):
                rows.extend(
                    {"band": b, "hash": h, "story_id": i + 1} for b, h in Signature("", sig).bands()
                )
            session.execute(insert(StoryBand), rows)


def probes(sessions, size: int, rng: np.random.Generator) -> list[Signature]:
    """Half brand-new signatures, half archived ones with 20 % of their values changed."""
    result = [Signature("new", sig) for sig in synthetic(rng, PROBES // 2)]
    ids = rng.choice(size, PROBES // 2, replace=False) + 1
    with sessions() as session:
        stored = session.scalars(
            select(StorySignature.minhash).where(StorySignature.story_id.in_(ids.tolist()))
        ).all()
    for raw in stored:
        sig = np.frombuffer(raw, dtype="<u4").copy()
        changed = rng.choice(NUM_PERM, NUM_PERM // 5, replace=False)
        sig[changed] = synthetic(rng, 1)[0][: len(changed)]
        result.append(Signature("copy", sig))
    return result


def time_lookups(sessions, sigs: list[Signature]) -> tuple[float, int]:
    times, found = [], 0
    with sessions() as session:
        for sig in sigs:
            started = time.perf_counter()
            match = find_match(session, -1, sig)
            times.append(time.perf_counter() - started)
            found += match is not None
    return statistics.median(times) * 1000, found


def index_scaling(db_url: str, sizes: list[int]) -> None:
    engine = make_engine(db_url)
    create_schema(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        site_id = session.execute(
            insert(Site).values(host="example.com").returning(Site.id)
        ).scalar_one()
    rng = np.random.default_rng(1)
    filled, medians = 0, {}
    print("stories    fill s   lookup median ms (3 rounds)   copies found / new matched")
    for size in sorted(sizes):
        started = time.perf_counter()
        fill(sessions, filled, size, rng, site_id)
        filled = size
        fill_s = time.perf_counter() - started
        sigs = probes(sessions, size, rng)
        rounds = [time_lookups(sessions, sigs) for _ in range(3)]
        medians[size] = statistics.median(ms for ms, _ in rounds)
        copies = sum(1 for s in sigs if s.body_hash == "copy")
        found = rounds[0][1]
        print(
            f"{size:>9,}  {fill_s:7.1f}   {medians[size]:6.2f} "
            f"({', '.join(f'{ms:.2f}' for ms, _ in rounds)})   {found} of {copies} copies",
            flush=True,
        )
    engine.dispose()
    smallest, largest = min(medians), max(medians)
    print(
        f"ratio {largest:,} / {smallest:,}:"
        f" {medians[largest] / medians[smallest]:.2f} (goal <= 1.2)"
    )


def labelled_pairs() -> list[tuple[str, str, bool, str]]:
    from demosite import DemoSite

    pairs: list[tuple[str, str, bool, str]] = []
    site = DemoSite(articles=300, seed=1, week=1)
    bodies = {story["url"]: story["body"] for story in site.ground_truth("http://127.0.0.1:8000/")}
    for a, b, duplicate in site.duplicate_pairs("http://127.0.0.1:8000/"):
        pairs.append((bodies[a], bodies[b], duplicate, "demo"))
    truth = json.loads(
        (ROOT / "tests/data/article-extraction-benchmark/ground-truth.json").read_text(
            encoding="utf-8"
        )
    )
    corpus = [
        item["articleBody"] for item in truth.values() if len(item["articleBody"].split()) >= 150
    ]
    boilerplate = (
        "\n\nThe company has been approached for comment. Sign up for our newsletter to get"
        " the latest news in your inbox. Copyright 2019. All rights reserved."
    )
    for i, body in enumerate(corpus):
        paragraphs = body.split("\n\n")
        copy = "\n\n".join([*paragraphs[1:], "This story has been updated with more details."])
        pairs.append((body, copy if len(paragraphs) > 2 else body + "\n\nUpdated.", True, "corpus"))
        other = corpus[(i + 1) % len(corpus)]
        pairs.append((body + boilerplate, other + boilerplate, False, "corpus"))
    return pairs


def detection_quality() -> None:
    pairs = labelled_pairs()
    tp = fp = fn = tn = 0
    for a, b, duplicate, _source in pairs:
        sa, sb = signature(a), signature(b)
        if sa.body_hash == sb.body_hash:
            predicted = True
        elif sa.minhash is None or sb.minhash is None:
            predicted = False
        else:
            predicted = float(np.count_nonzero(sa.minhash == sb.minhash)) / NUM_PERM >= THRESHOLD
        tp += predicted and duplicate
        fp += predicted and not duplicate
        fn += (not predicted) and duplicate
        tn += (not predicted) and not duplicate
    print(
        f"\nlabelled pairs: {len(pairs)} ({tp + fn} duplicates, {fp + tn} not),"
        f" threshold {THRESHOLD}"
    )
    print(
        f"precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f}"
        f" (tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--db", help="an empty archive URL (default: a temporary SQLite file)")
    parser.add_argument("--skip-index", action="store_true", help="only measure detection")
    args = parser.parse_args()
    detection_quality()
    if args.skip_index:
        return
    with tempfile.TemporaryDirectory() as tmp:
        index_scaling(args.db or f"sqlite:///{tmp}/dedup.db", args.sizes)


if __name__ == "__main__":
    main()
