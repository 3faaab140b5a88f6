"""``newscrawl extract FILE --url URL``: print what extraction finds in a stored page, as JSON."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from .article import extract_article
from .model import ExtractOptions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``extract`` arguments to ``parser``."""
    parser.add_argument("file", metavar="FILE", help="HTML file ('-' for stdin; .gz accepted)")
    parser.add_argument("--url", required=True, help="the address the page was fetched from")
    parser.add_argument(
        "--timezone", default="UTC", help="IANA zone for dates without an offset (default UTC)"
    )


def _read(name: str) -> bytes:
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    # Recognise gzip by its magic bytes, so stdin and oddly named files work too.
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def run(args: argparse.Namespace) -> int:
    """Extract ``args.file`` and print the Article; 2 when the file cannot be read."""
    try:
        data = _read(args.file)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        print(f"newscrawl extract: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    article = extract_article(data, args.url, options=ExtractOptions(timezone=args.timezone))
    json.dump(article.to_json_dict(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command on its own (``python -m newscrawl.extraction.cli``)."""
    parser = argparse.ArgumentParser(prog="newscrawl extract", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
