"""Alerts for ``archive health``: a shell command, or a JSON POST to a webhook.

Each sender gets one site that is not ok and raises :class:`NotifyError` with one line when
the alert could not be delivered; the caller reports it and goes on with the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from archive.health import SiteHealth

__all__ = [
    "COMMAND_TIMEOUT",
    "URL_TIMEOUT",
    "NotifyError",
    "check_url",
    "notify_command",
    "notify_url",
    "summary",
]

#: Seconds a notify command may take; a hanging one is a failed alert, not a hanging timer.
COMMAND_TIMEOUT = 60.0
#: Seconds a webhook may take to answer.
URL_TIMEOUT = 10.0


class NotifyError(Exception):
    """An alert that could not be delivered, in one line."""


def summary(health: SiteHealth) -> str:
    """The alert in one line: the site, its state and its reasons."""
    reasons = "; ".join(health.problems) or "no reason recorded"
    return f"newscrawl health: {health.site} is {health.state}: {reasons}"


def notify_command(command: str, health: SiteHealth) -> None:
    """Run ``command`` through the shell with the site's verdict in its environment and the
    summary on its standard input."""
    env = {
        **os.environ,
        "ARCHIVE_HEALTH_SITE": health.site,
        "ARCHIVE_HEALTH_STATE": health.state,
        "ARCHIVE_HEALTH_REASONS": "\n".join(health.problems),
        "ARCHIVE_HEALTH_SUMMARY": summary(health),
    }
    try:
        done = subprocess.run(
            command,
            shell=True,  # the operator's own command line, as cron would run it
            input=summary(health) + "\n",
            text=True,
            env=env,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise NotifyError(f"--notify-command took more than {COMMAND_TIMEOUT:.0f} s") from exc
    except OSError as exc:
        raise NotifyError(f"--notify-command could not start: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        detail = f": {said[-1][:200]}" if said else ""
        raise NotifyError(f"--notify-command exited {done.returncode}{detail}")


def check_url(url: str) -> str | None:
    """What is wrong with a webhook URL, or None: only http and https, with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} must be an http:// or https:// URL"
    return None


def notify_url(url: str, health: SiteHealth) -> None:
    """POST the site's verdict as JSON to ``url``."""
    problem = check_url(url)
    if problem:  # checked before the run too; never hand urllib a file: or ftp: URL
        raise NotifyError(problem)
    body = json.dumps(
        {
            "site": health.site,
            "state": health.state,
            "reasons": list(health.problems),
            "summary": summary(health),
            "text": summary(health),
        }
    ).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "newscrawl-archive-health"},
    )
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise NotifyError(f"--notify-url answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NotifyError(f"--notify-url could not be reached: {reason}") from exc
