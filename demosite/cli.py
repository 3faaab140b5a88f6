"""``python -m demosite``: serve the site until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING

from demosite.builds import BUILD_NAMES, load
from demosite.server import DemoSite as ServedSite
from demosite.server import PortUnavailable, serve
from demosite.site import DemoSite

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType


# The port is taken or not allowed: a problem with the input, as for bad arguments.
EXIT_PORT_UNAVAILABLE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on; 0: a free one")
    parser.add_argument("--articles", type=int, default=300, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="seed the content is generated from")
    parser.add_argument(
        "--week", type=int, default=0, help="the site this many weeks later, with newer stories"
    )
    parser.add_argument(
        "--edits",
        type=int,
        default=0,
        help="correct this many stories (body and dateModified), as if edited since a crawl",
    )
    parser.add_argument(
        "--build",
        choices=BUILD_NAMES,
        default="wordpress",
        help="which kind of news site to serve: the generated WordPress site (default; "
        "--articles, --seed, --week, --edits and --legacy-port apply to it) or one of the "
        "small hand-made builds (see demosite/builds/)",
    )
    parser.add_argument(
        "--legacy-port",
        type=int,
        default=None,
        help="also serve a legacy origin on this port (0: a free one) that redirects every "
        "request to the site, and link to some stories through it; default: off",
    )


def run(args: argparse.Namespace) -> int:
    """Serve the site until SIGTERM or SIGINT; the first line printed gives its URL, and with
    ``--legacy-port`` the second line gives the legacy origin's. A port that cannot be listened
    on is one line on stderr naming it, exit status :data:`EXIT_PORT_UNAVAILABLE`."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    site: ServedSite
    legacy_port = args.legacy_port
    if args.build == "wordpress":
        site = DemoSite(articles=args.articles, seed=args.seed, week=args.week, edits=args.edits)
    else:
        site, legacy_port = load(args.build), None
    try:
        server = serve(site, host=args.host, port=args.port, legacy_port=legacy_port)
    except PortUnavailable as exc:
        option = "--port" if exc.port == args.port else "--legacy-port"
        print(
            f"python -m demosite: error: cannot listen on {exc.host}:{exc.port} ({exc.reason}):"
            f" stop what uses it, or give another {option} (0 picks a free one)",
            file=sys.stderr,
        )
        return EXIT_PORT_UNAVAILABLE
    with server:
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            # Rendering is the only slow part of serving; do it all before announcing the URL
            # so that a crawl benchmark measures the crawler, not the site (~1 s per 2000 pages).
            site.warm(server.url, server.legacy_url)
            # Test fixtures read this exact line from a subprocess to learn the port.
            print(f"Serving the demo news site at {server.url}", flush=True)
            if server.legacy_url is not None:
                print(f"Legacy origin at {server.legacy_url}", flush=True)
            while not stop.wait(0.5):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demosite",
        description="Serve the generated demo news site over HTTP until interrupted. "
        "The first line printed is its URL.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
