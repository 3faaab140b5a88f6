"""deploy/README.md as written, against the real Scrapyd of tests/deploy/test_scrapyd.py: its curl
commands reach the API (no doubled slash), its rollback really deletes a version, its site env
file survives a shell, and the one-crawl-per-site guard of ``newscrawl schedule`` sees jobs
scheduled through Scrapyd's API directly. A job killed by a bad setting names the value it got.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from demosite import RunningSite
from newscrawl import schedule
from tests.deploy.scrapyd import (
    BIN,
    PASSWORD,
    PROJECT,
    QUICK,
    USERNAME,
    RunningScrapyd,
    deploy_env,
    schedule_cmd,
)

pytestmark = pytest.mark.slow

README = (PROJECT / "deploy" / "README.md").read_text()


def documented_curls() -> list[str]:
    """Every curl command of deploy/README.md, continuation lines joined, comments dropped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for command in re.split(r"(?<!\\)\n", block):
            command = command.replace("\\\n", " ").strip()
            if command.startswith("curl "):
                commands.append(re.sub(r"\s+#.*$", "", command))
    for row in re.findall(r"`(curl [^`]+)`", README):
        commands.append(row)
    return commands


def run_documented(command: str, scrapyd_url: str) -> str:
    """A documented command in bash, with the variables of /etc/newscrawl/scrapyd.env as the
    README writes them (SCRAPYD_URL without a trailing slash)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "SCRAPYD_URL": scrapyd_url.rstrip("/"),
        "SCRAPYD_USERNAME": USERNAME,
        "SCRAPYD_PASSWORD": PASSWORD,
    }
    result = subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    return result.stdout


def test_the_scrapyd_url_of_the_env_file_has_no_trailing_slash_and_each_curl_works(
    deployed: RunningScrapyd,
) -> None:
    assert re.search(r"^SCRAPYD_URL=http://127\.0\.0\.1:6800$", README, re.M)
    curls = documented_curls()
    assert len(curls) >= 6, curls
    assert not [c for c in curls if '"$SCRAPYD_URL/' in c], "a trailing slash would double"
    for command in curls:
        if "delversion.json" in command or "schedule.json" in command:
            continue  # below, with a version to delete; schedule.json starts a crawl
        out = run_documented(command, deployed.url)
        if "-w '%{http_code}" in command:
            assert out.strip() == "401", command
        else:
            assert json.loads(out)["status"] == "ok", f"{command}\n{out}"
    # Either way of writing the variable works.
    status = 'curl -s -u "$SCRAPYD_USERNAME:$SCRAPYD_PASSWORD" "${SCRAPYD_URL%/}/daemonstatus.json"'
    for url in (deployed.url.rstrip("/"), deployed.url.rstrip("/") + "/"):
        out = subprocess.run(
            ["bash", "-c", status],
            env={
                "PATH": "/usr/bin:/bin",
                "SCRAPYD_URL": url,
                "SCRAPYD_USERNAME": USERNAME,
                "SCRAPYD_PASSWORD": PASSWORD,
            },
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        assert json.loads(out)["status"] == "ok"


def test_the_documented_rollback_deletes_the_version(
    deployed: RunningScrapyd, project_copy: Path
) -> None:
    result = subprocess.run(
        [BIN / "scrapyd-deploy", "--version", "test-rollback"],
        cwd=project_copy,
        env=deploy_env(deployed.url.rstrip("/")),  # as the env file writes it
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "test-rollback" in deployed.call("listversions.json", {"project": "newscrawl"})["versions"]
    )
    (delete,) = [c for c in documented_curls() if "delversion.json" in c]
    out = run_documented(delete.replace("VERSION", "test-rollback"), deployed.url)
    assert json.loads(out)["status"] == "ok", out
    versions = deployed.call("listversions.json", {"project": "newscrawl"})["versions"]
    assert "test-rollback" not in versions and versions


def test_the_site_env_file_survives_a_shell(tmp_path: Path) -> None:
    (body,) = re.findall(
        r"/etc/newscrawl/sites/example\.env >/dev/null <<'EOF'\n(.*?)\nEOF", README, re.S
    )
    env_file = tmp_path / "example.env"
    env_file.write_text(body + "\n")
    out = subprocess.run(
        [
            "sh",
            "-c",
            f'set -a; . "{env_file}"; set +a; printf "%s|%s" "$SITE_URL" "$SCHEDULE_OPTIONS"',
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == "https://example.com/|--setting CLOSESPIDER_PAGECOUNT=20000"


def test_the_upgrade_copies_the_units_then_reloads_then_restarts() -> None:
    (upgrade,) = re.findall(r"## Upgrading\n.*?```sh\n(.*?)```", README, re.S)
    steps = [
        upgrade.index("deploy/systemd/"),
        upgrade.index("systemctl daemon-reload"),
        upgrade.index("systemctl restart scrapyd"),
        upgrade.index("scrapyd-deploy"),
    ]
    assert steps == sorted(steps), upgrade


def test_a_bad_url_is_one_line_and_schedules_nothing(
    deployed: RunningScrapyd, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = deployed.call("listjobs.json", {"project": "newscrawl"})
    for url in ("not-a-url", "ftp://example.com/", "https://", ""):
        code, out, err = schedule_cmd(
            "--site", "demo", "--url", url, "--scrapyd", deployed.url, capsys=capsys
        )
        assert code == 2, (url, out, err)
        assert out == "" and err.count("\n") == 1 and "--url" in err, err
    after = deployed.call("listjobs.json", {"project": "newscrawl"})
    for state in ("pending", "running", "finished"):
        assert len(after[state]) == len(before[state])


def post_form(scrapyd: RunningScrapyd, endpoint: str, body: str) -> dict[str, object]:
    """A form posted as ``curl -d`` posts it: the body as written, '+' unescaped."""
    import base64

    request = urllib.request.Request(
        urllib.parse.urljoin(scrapyd.url, endpoint), data=body.encode(), method="POST"
    )
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, object] = json.loads(response.read())
    return result


def test_the_guard_sees_a_crawl_scheduled_through_the_api_directly(
    deployed: RunningScrapyd,
    demo_site: RunningSite,
    tmp_path: Path,
    credentials: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive_url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = [s for s in QUICK if s != "--setting"] + [f"ARCHIVE_URL={archive_url}"]
    body = urllib.parse.urlencode(
        [("project", "newscrawl"), ("spider", "site"), ("url", demo_site.url)]
        + [("setting", s) for s in settings]
    )
    direct = str(post_form(deployed, "schedule.json", body)["jobid"])  # Scrapyd's own id
    assert not schedule.is_job_of("demo", direct)
    code, out, err = schedule_cmd(
        "--site",
        "demo",
        "--url",
        demo_site.url,
        "--scrapyd",
        deployed.url,
        *QUICK,
        "--archive-url",
        archive_url,
        capsys=capsys,
    )
    assert code == schedule.EXIT_STILL_RUNNING, out + err
    assert direct in err and out == ""
    # Another site's crawl, scheduled by this command, is no reason to wait...
    jobs = deployed.call("listjobs.json", {"project": "newscrawl"})
    mine = [j for j in jobs["pending"] + jobs["running"] if j["id"] == direct]
    assert mine, "the direct job finished before the guard was asked"
    deployed.wait_finished(direct)
    # ...and once the direct crawl is done, the site's next crawl is scheduled.
    code, out, err = schedule_cmd(
        "--site",
        "demo",
        "--url",
        demo_site.url,
        "--scrapyd",
        deployed.url,
        *QUICK,
        "--archive-url",
        archive_url,
        capsys=capsys,
    )
    assert code == schedule.EXIT_OK, err
    deployed.wait_finished(out.split("Scheduled job ", 1)[1].split()[0])


def test_a_job_killed_by_a_bad_setting_shows_the_value_without_its_password(
    deployed: RunningScrapyd, demo_site: RunningSite
) -> None:
    # What `curl -d setting=ARCHIVE_URL=postgresql+psycopg://...` sends: the '+' unescaped.
    body = (
        "project=newscrawl&spider=site&url="
        + urllib.parse.quote(demo_site.url, safe="")
        + "&setting=ARCHIVE_URL=postgresql+psycopg://newscrawl:hunter2@127.0.0.1/news"
    )
    jobid = str(post_form(deployed, "schedule.json", body)["jobid"])
    deployed.wait_finished(jobid)
    log = deployed.job_log(jobid)
    assert "ARCHIVE_URL='postgresql psycopg://newscrawl:***@127.0.0.1/news'" in log, log
    assert "hunter2" not in log
    assert "Traceback" not in log
