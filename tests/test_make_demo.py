"""``make demo`` and ``make clean`` as the README documents them, run for real in a scratch
folder (the Makefile, scrapy.cfg and the demo site linked in; the project's .venv used as it
is, never reinstalled): the crawl's log is written at INFO while the terminal stays quiet, a
busy port is one line saying what to do, and ``make clean`` keeps the archive."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "scrapy.cfg", "demosite"):
        (tmp_path / name).symlink_to(PROJECT / name)
    (tmp_path / "stamp").touch()
    return tmp_path


def make(folder: Path, *targets: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """``make`` with this test's Python tools; the install step is never run (``-o``)."""
    stamp = str(folder / "stamp")
    assignments = [f"{k}={v}" for k, v in {"BIN": str(BIN), "STAMP": stamp, **variables}.items()]
    if "VENV" not in variables:
        assignments.append("VENV=.no-venv")  # `make clean` must not touch the real one
    return subprocess.run(
        ["make", "--no-print-directory", "-o", stamp, *targets, *assignments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_make_demo_logs_the_crawl_to_its_file_and_make_clean_keeps_the_archive(
    scratch: Path,
) -> None:
    done = make(scratch, "demo", DEMO_PORT=str(free_port()), DEMO_ARTICLES="30")
    assert done.returncode == 0, done.stdout + done.stderr
    log = (scratch / "data" / "demo-crawl.log").read_text()
    assert " INFO: " in log and "Spider closed (finished)" in log
    # The terminal shows the summary, not the crawl's log lines.
    assert " INFO: " not in done.stdout + done.stderr
    assert "== What was archived" in done.stdout
    archive = scratch / "data" / "archive.db"
    assert archive.stat().st_size > 0

    cleaned = make(scratch, "clean")
    assert cleaned.returncode == 0, cleaned.stderr
    assert archive.exists(), "make clean must keep the archive"
    assert "Kept data/" in cleaned.stdout and "make distclean" in cleaned.stdout

    removed = make(scratch, "distclean")
    assert removed.returncode == 0, removed.stderr
    assert "Removing data/" in removed.stdout
    assert not (scratch / "data").exists()


def test_make_demo_on_a_busy_port_says_which_and_what_to_do(scratch: Path, busy_port: int) -> None:
    done = make(scratch, "demo", DEMO_PORT=str(busy_port), DEMO_ARTICLES="30")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert f"cannot listen on 127.0.0.1:{busy_port}" in output
    assert "DEMO_PORT=" in output and "Traceback" not in output


def test_python_m_demosite_on_a_busy_port_is_one_line(busy_port: int) -> None:
    for args in (["--port", str(busy_port)], ["--port", "0", "--legacy-port", str(busy_port)]):
        done = subprocess.run(
            [sys.executable, "-m", "demosite", "--articles", "5", *args],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        (line,) = done.stderr.splitlines()
        option = "--legacy-port" if "--legacy-port" in args else "--port"
        assert f"cannot listen on 127.0.0.1:{busy_port}" in line
        assert f"give another {option}" in line
