"""A real Scrapyd for the deployment tests: deploy/scrapyd.conf with a free port and a Python
that has the project's dependencies but not newscrawl (as on a server), and helpers to call it.
The fixtures that start it and deploy the egg are in conftest.py, shared by the package's
test modules (one Scrapyd for all of them).
"""

from __future__ import annotations

import base64
import configparser
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl import schedule

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
USERNAME = "crawler"
PASSWORD = "s3cret:with%odd$chars"
# The demo site is ours and on loopback: no need to be polite to it, and loopback is refused
# unless allowed.
QUICK = [
    "--setting",
    "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true",
    "--setting",
    "AUTOTHROTTLE_ENABLED=False",
    "--setting",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "--setting",
    "ARCHIVE_FLUSH_INTERVAL=0.1",
]
JOB_TIMEOUT = 60.0


@dataclass
class RunningScrapyd:
    url: str
    root: Path
    log: Path

    def call(
        self, endpoint: str, fields: dict[str, str] | None = None, *, auth: bool = True
    ) -> dict[str, Any]:
        request = urllib.request.Request(
            urllib.parse.urljoin(self.url, endpoint)
            + ("?" + urllib.parse.urlencode(fields) if fields else "")
        )
        if auth:
            token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            result: dict[str, Any] = json.loads(response.read())
            return result

    def wait_finished(self, jobid: str) -> None:
        deadline = time.monotonic() + JOB_TIMEOUT
        while time.monotonic() < deadline:
            jobs = self.call("listjobs.json", {"project": "newscrawl"})
            if any(job["id"] == jobid for job in jobs["finished"]):
                return
            time.sleep(0.2)
        pytest.fail(f"job {jobid} did not finish in {JOB_TIMEOUT} s:\n{self.job_log(jobid)}")

    def job_log(self, jobid: str) -> str:
        log = self.root / "logs" / "newscrawl" / "site" / f"{jobid}.log"
        return log.read_text()[-5000:] if log.exists() else f"(no log at {log})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def python_without_newscrawl(root: Path) -> Path:
    """A Python seeing this venv's packages but not the editable newscrawl: like the server's
    Scrapyd venv, where the code comes only from the deployed egg."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=60
    )
    python = root / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # A plain path line: the .pth files of that directory (the editable install's) are not run.
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(purelib) / "newscrawl-deps.pth").write_text("\n".join(paths) + "\n")
    deps = subprocess.run([python, "-c", "import scrapyd, sqlalchemy, alembic"], cwd=root)
    assert deps.returncode == 0, "the dependencies must be importable beside Scrapyd"
    ours = subprocess.run(
        [python, "-c", "import newscrawl"], cwd=root, capture_output=True, env={"PATH": ""}
    )
    assert ours.returncode != 0, "newscrawl must not be importable beside Scrapyd"
    return python


def scrapyd_conf(root: Path, port: int) -> str:
    """deploy/scrapyd.conf with this test's port and directories."""
    config = configparser.ConfigParser()
    assert config.read(PROJECT / "deploy" / "scrapyd.conf")
    section = config["scrapyd"]
    assert section["bind_address"] == "127.0.0.1"
    assert section["jobstorage"] == "scrapyd.jobstorage.SqliteJobStorage"
    section["http_port"] = str(port)
    for option in ("eggs_dir", "dbs_dir", "logs_dir", "items_dir"):
        assert section[option], f"deploy/scrapyd.conf must set {option}"
        section[option] = str(root / option.removesuffix("_dir"))
    # Start jobs soon after they are scheduled; the rest as deployed.
    section["poll_interval"] = "0.2"
    lines: list[str] = []
    for name, values in config.items():
        if name == "DEFAULT":
            continue
        lines.append(f"[{name}]")
        lines += [f"{key} = {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def copy_project(target: Path) -> Path:
    """The files scrapyd-deploy packs, away from the shared tree (it writes build/ and
    *.egg-info/ next to scrapy.cfg)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("newscrawl", "archive"):
        shutil.copytree(PROJECT / name, target / name, ignore=ignore)
    for name in ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, target / name)
    return target


def deploy_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SCRAPYD_URL": url,
        "SCRAPYD_USERNAME": USERNAME,
        "SCRAPYD_PASSWORD": PASSWORD,
    }


def schedule_cmd(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = schedule.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
