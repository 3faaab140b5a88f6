"""``archive serve`` (``python -m archive.web``): where it may listen, its password, the
archive it refuses, and a real server over HTTP."""

from __future__ import annotations

import argparse
import base64
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.web import command
from tests.web.archive_data import SITE, Built
from tests.web.server import serving


def serve_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_other_addresses_need_the_flag_and_a_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(command.PASSWORD_VARIABLE, raising=False)
    assert command.run(serve_args("--host", "0.0.0.0")) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert command.run(serve_args("--host", "0.0.0.0", "--allow-remote")) == 2
    assert "needs a password" in capsys.readouterr().err
    monkeypatch.setenv(command.PASSWORD_VARIABLE, "short")
    assert command.run(serve_args("--host", "0.0.0.0", "--allow-remote")) == 2
    assert "too short" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.write_text("\n")
    assert command.run(serve_args("--host", "::", "--allow-remote", "--password-file", str(empty)))
    assert "is empty" in capsys.readouterr().err


def test_loopback_is_the_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = serve_args("--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert args.host == "127.0.0.1" and args.serve is command.run
    assert command.is_loopback("127.0.0.1") and command.is_loopback("::1")
    assert command.is_loopback("localhost") and not command.is_loopback("0.0.0.0")
    # Past the address checks: no archive there, and none is created.
    assert command.run(args) == 2
    assert "no archive at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_the_command_line_does_not_load_the_web_stack() -> None:
    """``archive`` imports this module for every command; Starlette only loads to serve."""
    code = (
        "import sys, archive.web.command;"
        "loaded = {'starlette', 'uvicorn', 'jinja2'} & set(sys.modules);"
        "sys.exit(sorted(loaded) or 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def fetch(address: str, secret: str | None = None, scheme: str = "Basic") -> tuple[int, str]:
    request = urllib.request.Request(address)
    if secret is not None:
        token = base64.b64encode(f"me:{secret}".encode()).decode() if scheme == "Basic" else secret
        request.add_header("Authorization", f"{scheme} {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_real_server_with_a_password(built_archive: tuple[str, Built], tmp_path: Path) -> None:
    secret = "correct horse battery staple"
    password = tmp_path / "password"
    password.write_text(secret + "\n")
    with serving(built_archive[0], "--password-file", str(password)) as address:
        assert address.startswith("http://127.0.0.1:")
        assert fetch(address)[0] == 401
        assert fetch(address, "wrong password")[0] == 401
        status, text = fetch(f"{address}sites", secret)
        assert status == 200 and SITE in text
        status, text = fetch(f"{address}?q=harbour", secret, scheme="Bearer")
        assert status == 200 and "Harbour story" in text
