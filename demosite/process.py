"""The demo site in a subprocess, for the tests and the benchmarks.

The child listens on port 0 and prints its URL; the parent reads it back, so there is no race
for a free port.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from demosite.builds import SiteTruth, load
from demosite.site import DemoSite

# `python -m demosite` must find this package whatever the caller's working directory.
ROOT = Path(__file__).resolve().parent.parent
# The site the end-to-end tests crawl: small, so that a crawl takes seconds.
DEMO_ARTICLES = 60
DEMO_SEED = 7


@dataclass
class RunningSite:
    """A demo site being served: its URLs and the arguments it was generated from."""

    url: str
    articles: int
    seed: int
    legacy_url: str | None = None
    week: int = 0
    edits: int = 0

    def demo(self) -> DemoSite:
        return DemoSite(articles=self.articles, seed=self.seed, week=self.week, edits=self.edits)

    def ground_truth(self) -> list[dict[str, Any]]:
        return self.demo().ground_truth(self.url, self.legacy_url)

    def server_stats(self, *, reset: bool = False) -> dict[str, dict[str, int]]:
        """What the demo server answered, by kind of page and status (``/__stats__``)."""
        with urlopen(self.url + "__stats__" + ("?reset=1" if reset else "")) as answer:
            stats: dict[str, dict[str, int]] = json.load(answer)
        return stats


class DemoSiteProcess:
    """``python -m demosite`` in a subprocess; port 0 picks free ports, read back here.

    With ``legacy_port=None`` the site has no legacy origin. Call :meth:`stop` when done.
    """

    def __init__(
        self,
        articles: int,
        seed: int,
        *,
        port: int = 0,
        legacy_port: int | None = 0,
        week: int = 0,
        edits: int = 0,
    ) -> None:
        command = [
            sys.executable, "-m", "demosite", "--port", str(port), "--articles", str(articles),
            "--seed", str(seed), "--week", str(week), "--edits", str(edits),
        ]  # fmt: skip
        if legacy_port is not None:
            command += ["--legacy-port", str(legacy_port)]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self.site = RunningSite(self._read_url(), articles, seed, week=week, edits=edits)
        if legacy_port is not None:
            self.site.legacy_url = self._read_url()

    def _read_url(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"the demo site did not start: {line!r}")
        return line[line.index("http://") :].strip()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class BuildProcess:
    """``python -m demosite --build NAME`` in a subprocess: one of the hand-made builds of
    :mod:`demosite.builds`, with its ground truth for the URL it is served at."""

    def __init__(self, build: str, *, port: int = 0) -> None:
        self.build = build
        command = [sys.executable, "-m", "demosite", "--build", build, "--port", str(port)]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            raise RuntimeError(f"the demo site build {build!r} did not start: {line!r}")
        self.url = line[line.index("http://") :].strip()

    def ground_truth(self) -> SiteTruth:
        return load(self.build).ground_truth(self.url.rstrip("/"))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
