"""``newscrawl schedule``: start one crawl of a site on Scrapyd, unless its last one still runs.

The systemd timer and the crontab line in ``deploy/`` call this command; it talks to Scrapyd's
JSON API with the standard library only, so it needs neither Scrapy nor the archive.

- ``listjobs.json``: a pending or running job of the same site means the previous crawl has not
  finished; nothing is scheduled and the exit status is :data:`EXIT_STILL_RUNNING`. A job is
  the site's when its id is one this command made for the site, when it is pending with a
  ``url`` on the same host (Scrapyd lists the arguments of pending jobs), or when it is a
  running ``site`` job scheduled some other way (through Scrapyd's API directly), whose site
  Scrapyd does not tell: two crawls of one site must never run at once.
- ``schedule.json``: project ``newscrawl``, spider ``site``, the ``url`` argument, the archive and
  any extra settings, and a job id naming the site and the time (``example-20240102T030405Z``),
  which is how the next run recognises this one.

Scrapyd's credentials come from ``SCRAPYD_USERNAME`` and ``SCRAPYD_PASSWORD`` (HTTP basic auth).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

DEFAULT_SCRAPYD = "http://127.0.0.1:6800/"
PROJECT = "newscrawl"
SPIDER = "site"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_STILL_RUNNING = 3

# A site name is the systemd instance name and the start of every job id of the site.
SITE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Any job id this command makes, whatever its site.
_SCHEDULED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}-\d{8}T\d{6}Z")
_JOB_TIME = "%Y%m%dT%H%M%SZ"

HELP = "schedule one crawl of a site on Scrapyd, unless its previous one still runs"
DESCRIPTION = (
    "Schedule one crawl of a site on Scrapyd (project newscrawl, spider site), unless the "
    "site's previous job is still pending or running. The recurring schedule (systemd timer or "
    "cron, see deploy/) calls this command."
)
EPILOG = f"""\
exit status:
  {EXIT_OK}  the crawl was scheduled; its job id is printed
  {EXIT_FAILED}  Scrapyd could not be reached, refused the credentials or the request (its message
     is printed)
  2  bad arguments (one line saying which); nothing was scheduled
  {EXIT_STILL_RUNNING}  the site's previous job is still pending or running, or a crawl scheduled
     through Scrapyd's API directly runs and may be of this site; nothing was scheduled

environment:
  SCRAPYD_URL       Scrapyd's address when --scrapyd is not given (default {DEFAULT_SCRAPYD})
  SCRAPYD_USERNAME  HTTP basic auth user for Scrapyd
  SCRAPYD_PASSWORD  HTTP basic auth password for Scrapyd

examples:
  newscrawl schedule --site example --url https://example.com/
  newscrawl schedule --site example --url https://example.com/ \\
      --archive-url postgresql+psycopg://newscrawl@/news --setting CLOSESPIDER_PAGECOUNT=5000
"""


class ScheduleError(Exception):
    """Scrapyd could not be reached or did not do what was asked; the message says why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site",
        required=True,
        type=_site_name,
        help="a short name for the site (letters, digits, '.', '_', '-'); job ids start with it, "
        "and a site gets one job at a time",
    )
    parser.add_argument(
        "--url",
        required=True,
        help="the start URL: a homepage or listing page (several, comma-separated, are fine)",
    )
    parser.add_argument(
        "--archive-url",
        default=None,
        metavar="URL",
        help="the archive (ARCHIVE_URL) for this crawl; default: Scrapyd's own ARCHIVE_URL "
        "environment variable. The value shows in Scrapyd's job list and log: prefer "
        "the environment for URLs that carry a password",
    )
    parser.add_argument(
        "--scrapyd",
        default=None,
        metavar="URL",
        help=f"Scrapyd's address; default: $SCRAPYD_URL, else {DEFAULT_SCRAPYD}",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        type=_name_value,
        metavar="NAME=VALUE",
        help="a Scrapy setting for this crawl, like `scrapy crawl -s`; repeatable",
    )
    parser.add_argument(
        "--arg",
        action="append",
        default=[],
        type=_name_value,
        metavar="NAME=VALUE",
        help="an argument for the site spider, like `scrapy crawl -a` (e.g. profile=PATH, a path "
        "on the Scrapyd server); repeatable",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for Scrapyd (default 30)"
    )


def run(args: argparse.Namespace) -> int:
    problem = url_problem(args.url)
    if problem is not None:
        print(f"newscrawl schedule: error: {problem}", file=sys.stderr)
        return 2
    settings = list(args.setting)
    if args.archive_url:
        settings.append(("ARCHIVE_URL", args.archive_url))
    try:
        scrapyd = Scrapyd(
            args.scrapyd or os.environ.get("SCRAPYD_URL") or DEFAULT_SCRAPYD,
            username=os.environ.get("SCRAPYD_USERNAME", ""),
            password=os.environ.get("SCRAPYD_PASSWORD", ""),
            timeout=args.timeout,
        )
        active = scrapyd.active_jobs(args.site, args.url)
        if active:
            job = active[0]
            since = f", started {job['start_time']}" if job.get("start_time") else ""
            whose = (
                "its job"
                if job["why"] == "site"
                else "the site crawl"
                if job["why"] == "host"
                else "a site crawl scheduled outside `newscrawl schedule` (of an unknown site),"
            )
            print(
                f"Not scheduling site {args.site}: {whose} {job['id']} is still "
                f"{job['state']}{since} on {scrapyd.url}",
                file=sys.stderr,
            )
            return EXIT_STILL_RUNNING
        jobid = scrapyd.schedule(
            args.site, url=args.url, settings=settings, spider_args=list(args.arg)
        )
    except ScheduleError as exc:
        print(f"newscrawl schedule: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Scheduled job {jobid} for site {args.site} ({args.url}) on {scrapyd.url}")
    return EXIT_OK


def url_problem(text: str) -> str | None:
    """What is wrong with ``--url`` (one start URL, or several separated by commas), or None."""
    urls = [u.strip() for u in text.split(",") if u.strip()]
    if not urls:
        return "--url is empty: give the site's start URL, like https://example.com/"
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"--url {url!r} is not an absolute http(s) URL like https://example.com/"
    return None


def _hosts(text: str) -> set[str]:
    """The hosts of the start URLs, without ``www.``: what makes two crawls the same site's."""
    hosts = set()
    for url in text.split(","):
        host = (urllib.parse.urlsplit(url.strip()).hostname or "").lower()
        if host:
            hosts.add(host.removeprefix("www."))
    return hosts


def job_id(site: str, now: datetime | None = None) -> str:
    """The job id of a crawl of ``site`` started at ``now``: ``site-YYYYMMDDTHHMMSSZ``."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{site}-{moment.strftime(_JOB_TIME)}"


def is_job_of(site: str, jobid: str) -> bool:
    """Whether ``jobid`` was made by :func:`job_id` for ``site`` (not for ``site-other``)."""
    return re.fullmatch(re.escape(site) + r"-\d{8}T\d{6}Z", jobid) is not None


class Scrapyd:
    """The few calls of Scrapyd's JSON API this command makes."""

    def __init__(self, url: str, *, username: str, password: str, timeout: float) -> None:
        self.url = url if url.endswith("/") else url + "/"
        if bool(username) != bool(password):
            raise ScheduleError("set both SCRAPYD_USERNAME and SCRAPYD_PASSWORD, or neither")
        self._auth = (
            "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
            if username
            else None
        )
        self.timeout = timeout

    def active_jobs(self, site: str, url: str = "") -> list[dict[str, Any]]:
        """The jobs that are pending or running and are, or may be, crawls of the site (see the
        module's docstring), each with a ``state`` key and a ``why``: ``site`` (its job id),
        ``host`` (a pending job's start URL) or ``unknown`` (a crawl scheduled some other way)."""
        listing = self._call("listjobs.json", {"project": PROJECT})
        hosts = _hosts(url)
        found = []
        for state in ("running", "pending"):
            for job in listing.get(state, []):
                jobid = str(job.get("id", ""))
                args = job.get("args")
                if job.get("spider", SPIDER) != SPIDER:
                    continue
                if is_job_of(site, jobid):
                    why = "site"
                elif isinstance(args, dict) and "url" in args:
                    if not hosts & _hosts(str(args["url"])):
                        continue
                    why = "host"
                elif not _SCHEDULED_ID.fullmatch(jobid):
                    why = "unknown"
                else:
                    continue  # another site's job, scheduled by this command
                found.append({**job, "state": state, "why": why})
        return found

    def schedule(
        self,
        site: str,
        *,
        url: str,
        settings: Sequence[tuple[str, str]] = (),
        spider_args: Sequence[tuple[str, str]] = (),
    ) -> str:
        """Schedule one crawl of ``site``; return its job id."""
        jobid = job_id(site)
        fields: list[tuple[str, str]] = [
            ("project", PROJECT),
            ("spider", SPIDER),
            ("jobid", jobid),
            *spider_args,
            ("url", url),
        ]
        fields += [("setting", f"{name}={value}") for name, value in settings]
        result = self._call("schedule.json", fields, post=True)
        return str(result.get("jobid", jobid))

    def _call(
        self, endpoint: str, fields: dict[str, str] | list[tuple[str, str]], *, post: bool = False
    ) -> dict[str, Any]:
        query = urllib.parse.urlencode(fields)
        address = urllib.parse.urljoin(self.url, endpoint)
        if post:
            request = urllib.request.Request(address, data=query.encode(), method="POST")
        else:
            request = urllib.request.Request(f"{address}?{query}")
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            if exc.code == 401:
                given = "the credentials in" if self._auth else "no credentials: set"
                raise ScheduleError(
                    f"Scrapyd at {self.url} answered 401 Unauthorized ({given} "
                    "SCRAPYD_USERNAME and SCRAPYD_PASSWORD)"
                ) from exc
            raise ScheduleError(
                f"Scrapyd at {self.url} answered {exc.code} {exc.reason} to {endpoint}: {detail}"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScheduleError(f"cannot reach Scrapyd at {self.url}: {reason}") from exc
        try:
            result = json.loads(body)
        except ValueError as exc:
            raise ScheduleError(
                f"Scrapyd at {self.url} answered {endpoint} with something that is not JSON: "
                f"{body[:200]!r}"
            ) from exc
        if not isinstance(result, dict) or result.get("status") != "ok":
            message = result.get("message", result) if isinstance(result, dict) else result
            hint = (
                " (deploy the project first: see deploy/README.md)"
                if "not found" in str(message) and "project" in str(message)
                else ""
            )
            raise ScheduleError(f"Scrapyd refused {endpoint}: {message}{hint}")
        return result


def _site_name(value: str) -> str:
    if not SITE_NAME.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"{value!r}: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit"
        )
    return value


def _name_value(value: str) -> tuple[str, str]:
    name, sep, rest = value.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{value!r}: expected NAME=VALUE")
    return name.strip(), rest


def build_parser(prog: str = "newscrawl schedule") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser("python -m newscrawl.schedule").parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
