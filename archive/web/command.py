"""``archive serve``: the web view of the archive on a local port.

It listens on 127.0.0.1 unless told otherwise. Any other address (``0.0.0.0``, a LAN
address) needs both ``--allow-remote`` and a password, read from a file
(``--password-file``) or from the ``ARCHIVE_WEB_PASSWORD`` environment variable, never from
the command line where other users see it; with a password every request needs it (HTTP Basic,
any user name, or ``Authorization: Bearer``). Put TLS in front (a reverse proxy) for anything
beyond a trusted network.

The ``archive`` command adds this one with :func:`add_parser` and runs it with :func:`run`;
the web stack (Starlette, Jinja2, uvicorn: the ``web`` extra) is imported only then.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "PASSWORD_VARIABLE", "add_parser", "main", "run"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PASSWORD_VARIABLE = "ARCHIVE_WEB_PASSWORD"
# Where a crawl writes its WARC files (NEWSCRAWL_WARC_DIR) and archive reextract looks: the
# same as archive.web.warc_record's, which this module cannot import before the web stack.
DEFAULT_WARC_DIR = Path("data/warc")
# A password shorter than this is refused for a server others can reach.
MIN_PASSWORD = 12

_DESCRIPTION = """\
Serve a web view of the archive: full-text search with filters, each story with its
provenance, aliases, near-duplicates and versions, word diffs between versions, and per-site
charts of stories published and of crawls, with each site's health. Each version links the
WARC record it was extracted from (a crawl with NEWSCRAWL_WARC=true): its headers, and the
stored page as a download, looked up in --warc-dir (default data/warc, as archive reextract).

It listens on 127.0.0.1 (this machine only) unless --host names another address, which also
needs --allow-remote and a password (--password-file FILE, or the ARCHIVE_WEB_PASSWORD
environment variable). Stop it with Ctrl-C.
"""

_EPILOG = """\
examples:
  archive serve                                 # http://127.0.0.1:8000/
  archive --db postgresql://postgres@localhost/news serve --port 8080
  archive serve --warc-dir /srv/warc --warc-dir old-warcs/
  ARCHIVE_WEB_PASSWORD=... archive serve --host 0.0.0.0 --allow-remote
"""


class ServeError(Exception):
    """Input or setup that stops the server before it starts: one line, exit status 2."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``serve`` command to the ``archive`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="a web view of the archive on http://127.0.0.1:8000/",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    parser.set_defaults(handler=None, serve=run)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    # Like every archive command, --db is taken after the command name too.
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port (default {DEFAULT_PORT}; 0 picks a free one and prints it)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow an address other machines can reach (needs a password)",
    )
    parser.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help=f"the password, the file's first line (else ${PASSWORD_VARIABLE})",
    )
    parser.add_argument(
        "--warc-dir",
        type=Path,
        action="append",
        metavar="DIR",
        help="where the WARC files of the versions' records are (repeat for more;"
        " default: data/warc, which may be missing)",
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m archive.web [--db URL] [serve options]``."""
    parser = argparse.ArgumentParser(prog="python -m archive.web", description=_DESCRIPTION)
    _add_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Check the options and the archive, then serve until interrupted; the exit status."""
    try:
        secret = _password(args)
        _check_address(args.host, allow_remote=args.allow_remote, secret=secret)
        url = _archive_url(args)
        warc_dirs = _warc_dirs(args)
        _check_archive(url)
        try:
            import uvicorn

            from archive.web.app import create_app
        except ImportError as exc:
            raise ServeError(
                f"the web view needs the web extra ({exc.name} is missing):"
                " pip install 'newscrawl[web]'"
            ) from None
        listener = _listen(args.host, args.port)
    except ServeError as exc:
        print(f"archive: error: {exc}", file=sys.stderr)
        return 2
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"archive: serving {_shown(url)} at http://{shown}:{port}/ (Ctrl-C to stop)", flush=True)
    config = uvicorn.Config(
        create_app(url, secret=secret, warc_dirs=warc_dirs),
        log_level="warning",
        access_log=False,
        server_header=False,
        # Behind no proxy unless the user sets one up: client addresses are the socket's.
        proxy_headers=False,
    )
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
    return 0


def _archive_url(args: argparse.Namespace) -> str:
    from archive.cli import DEFAULT_URL

    return getattr(args, "db", None) or os.environ.get("ARCHIVE_URL") or DEFAULT_URL


def _warc_dirs(args: argparse.Namespace) -> list[Path]:
    """The folders given, which must exist; else the default, which need not: an archive
    crawled without capture has no WARC folder and its pages show that no record was kept."""
    given: list[Path] | None = args.warc_dir
    if not given:
        return [DEFAULT_WARC_DIR]
    for folder in given:
        if not folder.is_dir():
            raise ServeError(f"no WARC folder {folder} (--warc-dir names a folder)")
    return given


def _password(args: argparse.Namespace) -> str | None:
    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ServeError(f"cannot read the password file: {exc.strerror}") from None
        secret = lines[0].strip() if lines else ""
        if not secret:
            raise ServeError(f"the password file {args.password_file} is empty")
        return secret
    return os.environ.get(PASSWORD_VARIABLE, "").strip() or None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine reaches."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_address(host: str, *, allow_remote: bool, secret: str | None) -> None:
    if is_loopback(host):
        return
    if not allow_remote:
        raise ServeError(
            f"--host {host} lets other machines reach the archive: add --allow-remote and a"
            f" password (--password-file FILE or ${PASSWORD_VARIABLE}), or leave --host out"
        )
    if secret is None:
        raise ServeError(
            f"--host {host} needs a password: --password-file FILE or ${PASSWORD_VARIABLE}"
        )
    if len(secret) < MIN_PASSWORD:
        raise ServeError(f"the password is too short for --host {host}: {MIN_PASSWORD} or more")


def _check_archive(url: str) -> None:
    """Refuse a URL that names no archive, as the other read commands do."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from archive.db import (
        SchemaOutOfDate,
        check_schema,
        has_schema,
        make_engine,
        normalise_url,
        sqlite_path,
    )

    try:
        parsed = normalise_url(url)
    except ArgumentError:
        raise ServeError(f"not a database URL: {url!r}") from None
    path = sqlite_path(parsed)
    if path is not None and not path.is_file():
        raise ServeError(f"no archive at {path}: run a crawl first")
    try:
        engine = make_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise ServeError(f"cannot use {_shown(url)}: {exc}") from None
    try:
        if not has_schema(engine):
            raise ServeError(f"no archive at {_shown(url)}: run a crawl first")
        check_schema(engine)
    except SchemaOutOfDate as exc:
        raise ServeError(str(exc)) from None
    except SQLAlchemyError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ServeError(f"cannot open the archive at {_shown(url)}: {first}") from None
    finally:
        engine.dispose()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that port 0 gives a real port to print."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, _, _, _, address = info[0]
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    listener.set_inheritable(True)
    return listener


def _shown(url: str) -> str:
    from archive.db import normalise_url

    try:
        return normalise_url(url).render_as_string(hide_password=True)
    except Exception:  # any unparsable URL is shown as given, minus nothing to hide
        return url
