"""deploy/systemd/newscrawl-health.service as written: its command, run by a shell as systemd
would (``$$`` is ``$``), with the environment file of deploy/README.md, judges the archive
and runs the alert command with a whole command line; the timer starts it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.store import finish_crawl, start_crawl
from archive.timeutil import utcnow

PROJECT = Path(__file__).resolve().parents[2]
UNITS = PROJECT / "deploy" / "systemd"
README = (PROJECT / "deploy" / "README.md").read_text()


def unit_setting(unit: str, name: str) -> str:
    (value,) = re.findall(rf"^{name}=(.*)$", (UNITS / unit).read_text(), re.M)
    return value


def documented_env_file() -> str:
    (block,) = re.findall(r"```sh\n(# /etc/newscrawl/health.env\n.*?)```", README, re.S)
    return block


def test_the_service_runs_archive_health_with_the_alert_command(
    sessions: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    with sessions.begin() as session:  # a site whose last crawl fetched nothing
        started = utcnow() - timedelta(minutes=10)
        crawl = start_crawl(
            session, spider="site", start_url="https://down.example/", started_at=started
        )
        finish_crawl(
            session,
            crawl,
            finished_at=started + timedelta(minutes=1),
            status="nothing_fetched",
            pages=0,
            stories_new=0,
            stories_updated=0,
            stories_unchanged=0,
            errors=1,
            stats={},
        )
    env_file = tmp_path / "health.env"
    env_file.write_text(documented_env_file())
    alert = tmp_path / "alert"
    # The documented environment, read by a shell as systemd reads it; the mail command
    # replaced by one that keeps its arguments (with the quotes and spaces it was given).
    command = shlex.split(unit_setting("newscrawl-health.service", "ExecStart"))
    assert command[:2] == ["/bin/sh", "-c"]
    script = (
        command[2]
        .replace("$$", "$")
        .replace("/opt/newscrawl/venv/bin/archive", f"{sys.executable} -m archive")
    )
    keep = f'printf "%s|%s\\n" "$ARCHIVE_HEALTH_SITE is $ARCHIVE_HEALTH_STATE" "$(cat)" > {alert}'
    shell = (
        f"set -a; . {env_file}; set +a;"
        f" test \"$HEALTH_OPTIONS\" = '--max-age 3' || exit 99;"
        f" HEALTH_NOTIFY_COMMAND={shlex.quote(keep)}; {script}"
    )
    result = subprocess.run(
        ["/bin/sh", "-c", shell],
        env={**os.environ, "ARCHIVE_URL": db_url},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.split()[:2] == ["down.example", "DOWN"]
    said, summary = alert.read_text().rstrip("\n").split("|")
    assert said == "down.example is down"
    assert summary.startswith("newscrawl health: down.example is down: the last crawl could")


def test_the_timer_starts_the_service_hourly() -> None:
    assert unit_setting("newscrawl-health.timer", "OnCalendar") == "*-*-* *:30:00"
    assert unit_setting("newscrawl-health.service", "Type") == "oneshot"
    assert "newscrawl-health.timer" in README and "newscrawl-health.service" in README
