"""Does extraction give the same output as at another revision? For refactors that must not
change what is extracted.

Extracts every field (problems as their text) and the page kind (article, listing, other) of
the 91 benchmark pages and the test pages, under UTC and a zone with an offset, at the working
tree and at ``--base`` (checked out in a temporary git worktree), and prints how many page x
zone results differ, naming the first few.

    .venv/bin/python -m benchmarks.same_output --base 9a8fb24
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
ZONES = ("UTC", "Asia/Kolkata")
# A fixed "now", so that the future-date check cannot differ between the two runs.
NOW = datetime(2026, 11, 29, tzinfo=UTC)


def dump(root: Path) -> dict[str, Any]:
    """Every page's extraction, by ``page|zone`` (run with ``root`` first on sys.path)."""
    import lxml.html

    from newscrawl.extraction import ExtractOptions, extract_article, page_kind

    corpus = root / "tests/data/article-extraction-benchmark"
    truth = json.loads((corpus / "ground-truth.json").read_text())
    pages = sorted((corpus / "html").glob("*.html.gz")) + sorted(
        (root / "tests/extraction/pages").glob("*.html")
    )
    results: dict[str, Any] = {}
    for page in pages:
        html = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
        url = truth.get(page.name.split(".")[0], {}).get("url", "https://example.com/2024/01/02/a/")
        for zone in ZONES:
            article = extract_article(html, url, options=ExtractOptions(timezone=zone, now=NOW))
            fields = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}
            fields["problems"] = [str(problem) for problem in article.problems]
            fields["page_kind"] = page_kind(lxml.html.fromstring(html), url)
            results[f"{page.name}|{zone}"] = json.loads(json.dumps(fields, default=str))
    return results


def run_at(root: Path) -> dict[str, Any]:
    """:func:`dump` in a process that imports ``newscrawl`` from ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, __file__, "--dump", str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="the git revision to compare with")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.dump is not None:
        json.dump(dump(args.dump), sys.stdout)
        return 0
    if not args.base:
        parser.error("--base REV is required")
    with tempfile.TemporaryDirectory() as scratch:
        base_tree = Path(scratch) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(base_tree), args.base],
            cwd=PROJECT,
            check=True,
        )
        try:
            before = run_at(base_tree)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base_tree)], cwd=PROJECT, check=True
            )
    after = run_at(PROJECT)
    differing = sorted(
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    )
    print(f"{len(after)} page x zone results; {len(differing)} differ from {args.base}")
    for key in differing[:10]:
        changed = [
            name for name in after.get(key, {}) if before.get(key, {}).get(name) != after[key][name]
        ]
        print(f"  {key}: {', '.join(changed) or 'missing on one side'}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
