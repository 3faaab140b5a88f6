"""The deployment for real: Scrapyd with deploy/scrapyd.conf, the egg from scrapyd-deploy, crawls
of the demo site started by ``newscrawl schedule``.

Scrapyd runs in a Python that has the project's dependencies but not newscrawl itself (as on a
server, see deploy/README.md), so a crawl that works proves the egg carries the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from archive.db import make_engine, make_sessionmaker
from archive.models import Crawl, Story
from demosite import RunningSite
from newscrawl import schedule
from tests.deploy.scrapyd import (
    BIN,
    PROJECT,
    QUICK,
    USERNAME,
    RunningScrapyd,
    free_port,
    schedule_cmd,
)

pytestmark = pytest.mark.slow


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
