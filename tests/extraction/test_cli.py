"""``newscrawl extract FILE --url URL`` through ``add_arguments`` and ``run``."""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from newscrawl.extraction.cli import add_arguments, run

from .helpers import PAGES

URL = "https://demo-news.example/?p=4211"


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_prints_the_article_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(_args(str(PAGES / "seed-article.html"), "--url", URL))

    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["title"].startswith("Putin humiliation")
    assert out["published_at"] == "2022-05-26T09:15:00+00:00"
    assert out["body"].startswith("The Kazakhstani Ministry of Defence")


def test_problems_are_printed_as_their_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        (PAGES / "seed-article.html").read_bytes().replace(b"Ministry", b"Min\x00istry")
    )

    assert run(_args(str(path), "--url", URL)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["problems"] == ["html: 2 NUL or control characters removed"]


def test_gzip_file_and_timezone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((PAGES / "byline-only.html").read_bytes()))

    code = run(_args(str(path), "--url", URL, "--timezone", "Europe/Lisbon"))

    assert code == 0
    assert json.loads(capsys.readouterr().out)["published_at"] == "2022-05-26T10:05:00+01:00"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = (PAGES / "byline-only.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    assert run(_args("-", "--url", URL)) == 0
    assert json.loads(capsys.readouterr().out)["authors"] == ["Jane Doe", "John Roe"]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(_args(str(tmp_path / "nope.html"), "--url", URL))

    captured = capsys.readouterr()
    assert code == 2
    assert "cannot read" in captured.err
    assert captured.out == ""


def test_url_is_required() -> None:
    with pytest.raises(SystemExit):
        _args("page.html")
