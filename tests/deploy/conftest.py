"""One Scrapyd (deploy/scrapyd.conf) for the deployment tests, started once and deployed to with
``scrapyd-deploy`` (see tests/deploy/scrapyd.py)."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.scrapyd import (
    BIN,
    PASSWORD,
    USERNAME,
    RunningScrapyd,
    copy_project,
    deploy_env,
    free_port,
    python_without_newscrawl,
    scrapyd_conf,
)


@pytest.fixture(scope="package")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="package")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningScrapyd]:
    root = tmp_path_factory.mktemp("scrapyd")
    python = python_without_newscrawl(root / "venv")
    port = free_port()
    (root / "scrapyd.conf").write_text(scrapyd_conf(root, port))
    log = root / "scrapyd.log"
    url = f"http://127.0.0.1:{port}/"
    env = {
        **deploy_env(url),
        "SCRAPYD_URL": "",
        # Scrapyd and its crawls must not find the project through this checkout.
        "PYTHONPATH": "",
        "ARCHIVE_URL": f"sqlite:///{root / 'unused.db'}",
    }
    with log.open("w") as out:
        # Run where deploy/README.md runs it: a directory with scrapyd.conf and no scrapy.cfg.
        proc = subprocess.Popen(
            [python, "-m", "scrapyd", "--pidfile="], cwd=root, env=env, stdout=out, stderr=out
        )
    server = RunningScrapyd(url=url, root=root, log=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                server.call("daemonstatus.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Scrapyd did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="package")
def deployed(scrapyd: RunningScrapyd, project_copy: Path) -> RunningScrapyd:
    """The project deployed with ``scrapyd-deploy``, configured by scrapy.cfg and the
    environment alone."""
    result = subprocess.run(
        [BIN / "scrapyd-deploy", "--version", "test-1"],
        cwd=project_copy,
        env=deploy_env(scrapyd.url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    response = json.loads(result.stdout)
    assert response["status"] == "ok", response
    assert response["project"] == "newscrawl"
    assert response["spiders"] == 1, f"the egg must list the site spider: {response}"
    return scrapyd


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRAPYD_USERNAME", USERNAME)
    monkeypatch.setenv("SCRAPYD_PASSWORD", PASSWORD)
    monkeypatch.delenv("SCRAPYD_URL", raising=False)
