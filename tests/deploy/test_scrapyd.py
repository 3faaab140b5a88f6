"""The deployment for real: Scrapyd with deploy/scrapyd.conf, the egg from scrapyd-deploy, crawls
of the demo site started by ``newscrawl schedule``.

Scrapyd runs in a Python that has the project's dependencies but not newscrawl itself (as on a
server, see deploy/README.md), so a crawl that works proves the egg carries the code.
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
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl, Story
from demosite import RunningSite
from newscrawl import schedule

pytestmark = pytest.mark.slow

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


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
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


def schedule_cmd(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = schedule.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_egg_carries_both_packages_the_migrations_and_the_settings_entry_point(
    project_copy: Path, tmp_path: Path
) -> None:
    egg = tmp_path / "newscrawl.egg"
    result = subprocess.run(
        [BIN / "scrapyd-deploy", "--build-egg", str(egg)],
        cwd=project_copy,
        env={**os.environ, "SCRAPYD_URL": "http://127.0.0.1:9/"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(egg) as contents:
        names = set(contents.namelist())
        entry_points = contents.read("EGG-INFO/entry_points.txt").decode()
    product = {"newscrawl/spiders/site.py", "newscrawl/settings.py", "archive/store/stories.py"}
    assert product <= names
    assert not any(name.startswith(("demosite/", "tests/", "benchmarks/")) for name in names)
    migrations = {name for name in names if name.startswith("archive/migrations/")}
    shipped = {
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / "archive" / "migrations").rglob("*")
        if path.is_file() and path.suffix in (".py", ".mako") and "__pycache__" not in path.parts
    }
    assert shipped, "archive/migrations is empty"
    assert shipped <= migrations, f"missing from the egg: {sorted(shipped - migrations)}"
    assert not any(name.startswith("tests/") for name in names)
    # Scrapyd's runner finds the settings module of an egg through this entry point only.
    assert "[scrapy]" in entry_points and "settings = newscrawl.settings" in entry_points, (
        "pyproject.toml needs [project.entry-points.scrapy] settings = 'newscrawl.settings'; "
        f"the egg has:\n{entry_points}"
    )


def test_the_api_refuses_calls_without_the_right_credentials(
    scrapyd: RunningScrapyd, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for endpoint in ("daemonstatus.json", "listjobs.json", "listprojects.json"):
        with pytest.raises(urllib.error.HTTPError) as raised:
            scrapyd.call(endpoint, auth=False)
        assert raised.value.code == 401
        raised.value.close()
    monkeypatch.delenv("SCRAPYD_USERNAME", raising=False)
    monkeypatch.delenv("SCRAPYD_PASSWORD", raising=False)
    args = ("--site", "demo", "--url", "http://127.0.0.1:9/", "--scrapyd", scrapyd.url)
    code, _, err = schedule_cmd(*args, capsys=capsys)
    assert code == schedule.EXIT_FAILED
    assert "401 Unauthorized" in err and "no credentials" in err
    monkeypatch.setenv("SCRAPYD_USERNAME", USERNAME)
    monkeypatch.setenv("SCRAPYD_PASSWORD", "wrong")
    code, _, err = schedule_cmd(*args, capsys=capsys)
    assert code == schedule.EXIT_FAILED
    assert "401 Unauthorized" in err


def test_two_scheduled_crawls_one_at_a_time_into_one_archive(
    deployed: RunningScrapyd,
    demo_site: RunningSite,
    tmp_path: Path,
    credentials: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    argv = [
        "--site",
        "demo",
        "--url",
        demo_site.url,
        "--archive-url",
        archive_url,
        "--scrapyd",
        deployed.url,
        *QUICK,
    ]

    code, out, err = schedule_cmd(*argv, capsys=capsys)
    assert code == schedule.EXIT_OK, err
    first = out.split("Scheduled job ", 1)[1].split()[0]
    assert schedule.is_job_of("demo", first)

    # While the first crawl is pending or running, the next tick of the timer is refused.
    code, out, err = schedule_cmd(*argv, capsys=capsys)
    assert code == schedule.EXIT_STILL_RUNNING, out + err
    assert f"its job {first} is still" in err
    assert out == ""

    deployed.wait_finished(first)
    # Job ids name the second: make sure the second run gets its own.
    time.sleep(max(0.0, 1.05 - (time.time() % 1)))
    code, out, err = schedule_cmd(*argv, capsys=capsys)
    assert code == schedule.EXIT_OK, err
    second = out.split("Scheduled job ", 1)[1].split()[0]
    assert second != first
    deployed.wait_finished(second)

    jobs = deployed.call("listjobs.json", {"project": "newscrawl"})
    assert not jobs["pending"] and not jobs["running"]
    assert {first, second} <= {job["id"] for job in jobs["finished"]}

    log = deployed.job_log(first)
    engine = make_engine(archive_url)
    try:
        with make_sessionmaker(engine)() as session:
            stories = session.scalar(select(func.count()).select_from(Story))
            crawls = session.scalars(select(Crawl).order_by(Crawl.id)).all()
    except OperationalError as exc:
        pytest.fail(f"the crawls left no archive ({exc}); the first job's log:\n{log}")
    finally:
        engine.dispose()
    assert stories == demo_site.articles, log
    assert [crawl.status for crawl in crawls] == ["finished", "finished"], log
    assert crawls[0].stories_new == demo_site.articles
    # The second run is incremental: no story was due again, none was fetched.
    assert crawls[1].stories_new == crawls[1].stories_unchanged == 0
    assert crawls[1].stats.get("newscrawl/revisit/not_due", 0) >= demo_site.articles
    # Scrapyd kept each job's log and items where deploy/scrapyd.conf says.
    for jobid in (first, second):
        assert (deployed.root / "logs" / "newscrawl" / "site" / f"{jobid}.log").exists()
        assert (deployed.root / "items" / "newscrawl" / "site" / f"{jobid}.jl").exists()
    # The items are the stories, nothing else: the first job's are the site's articles, and the
    # incremental second job fetched no story, so its items file is empty.
    items = deployed.root / "items" / "newscrawl" / "site"
    first_items = [json.loads(line) for line in (items / f"{first}.jl").read_text().splitlines()]
    assert len(first_items) == demo_site.articles
    assert all(item["url"] and item["body"] and item["site"] for item in first_items)
    assert (items / f"{second}.jl").read_text() == ""


def test_scheduling_errors_end_non_zero_with_scrapyds_message(
    deployed: RunningScrapyd,
    credentials: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--site", "demo", "--url", "http://127.0.0.1:9/"]
    code, _, err = schedule_cmd(
        *args, "--scrapyd", f"http://127.0.0.1:{free_port()}/", capsys=capsys
    )
    assert code == schedule.EXIT_FAILED
    assert "cannot reach Scrapyd" in err

    monkeypatch.setattr(schedule, "PROJECT", "not-deployed")
    code, _, err = schedule_cmd(*args, "--scrapyd", deployed.url, capsys=capsys)
    assert code == schedule.EXIT_FAILED
    assert "project 'not-deployed' not found" in err and "deploy the project first" in err

    monkeypatch.setattr(schedule, "PROJECT", "newscrawl")
    monkeypatch.setattr(schedule, "SPIDER", "no-such-spider")
    code, _, err = schedule_cmd(*args, "--scrapyd", deployed.url, capsys=capsys)
    assert code == schedule.EXIT_FAILED
    assert "spider 'no-such-spider' not found" in err


def test_job_ids_name_the_site_and_time_and_tell_sites_apart() -> None:
    from datetime import UTC, datetime

    jobid = schedule.job_id("demo", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert jobid == "demo-20240102T030405Z"
    assert schedule.is_job_of("demo", jobid)
    assert not schedule.is_job_of("demo-2", jobid)
    assert not schedule.is_job_of("demo", "demo-2-20240102T030405Z")
    assert not schedule.is_job_of("dem", jobid)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--site", "../etc", "--url", "http://x/"], "--site: '../etc'"),
        (["--site", "a", "--url", "http://x/", "--setting", "NOVALUE"], "expected NAME=VALUE"),
        (["--url", "http://x/"], "--site"),
    ],
)
def test_bad_arguments_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        schedule.main(argv)
    assert raised.value.code == 2
    assert message in capsys.readouterr().err
