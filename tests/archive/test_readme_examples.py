"""README.md's "Querying the archive": every ``archive`` command and the Python example run as
written, from a folder whose ``data/archive.db`` holds the stories they name."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.cli import main
from archive.db import create_schema, make_engine, make_sessionmaker
from archive.record import PageProblem
from archive.store import finish_crawl, record_problems, start_crawl
from archive.store.pages import JudgedPage, record_pages

from .helpers import make_story, store

README = Path(__file__).resolve().parents[2] / "README.md"
STORY = "https://example.com/2024/01/02/story/"
# Commands that run until stopped, and what else shows them working.
NOT_RUN = {"archive serve": "a server: tests/web/test_command.py"}


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section("Querying the archive"), re.S)


def shell_examples() -> list[str]:
    lines = [line.strip() for block in blocks("sh") for line in block.splitlines()]
    return [
        line
        for line in lines
        if line.startswith("archive ") and not any(line.startswith(c) for c in NOT_RUN)
    ]


def when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with ``data/archive.db`` (the default archive) holding what the README's
    examples name: a Politics story about the harbour bridge at ``STORY``, edited once, a
    crawl of example.com with an HTTP error, and a static page."""
    monkeypatch.delenv("ARCHIVE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    engine = make_engine("sqlite:///data/archive.db")
    try:
        create_schema(engine)
        sessions = make_sessionmaker(engine)
        with sessions.begin() as session:
            crawl = start_crawl(
                session,
                spider="site",
                start_url="https://example.com/",
                started_at=when("2024-01-02"),
            )
            record_problems(
                session,
                crawl,
                [
                    PageProblem(
                        url="https://example.com/gone/",
                        reason="http-404",
                        detail="the server answered 404",
                        at=when("2024-01-02T00:05"),
                    )
                ],
            )
            record_pages(
                session, crawl, [JudgedPage("https://example.com/about/", "static", "name:about")]
            )
        story = {
            "url": STORY,
            "site": "example.com",
            "section": "Politics",
            "tags": ["Climate"],
            "published_at": when("2024-01-02T08:00"),
            "body": "The harbour bridge reopens after repairs.",
            "fetched_at": when("2024-01-02T09:00"),
        }
        store(sessions, crawl, [make_story(1, **story)], seen_at=when("2024-01-02T09:00"))
        edited = {
            **story,
            "body": "The harbour bridge reopens after long repairs.",
            "fetched_at": when("2024-03-01"),
        }
        store(sessions, crawl, [make_story(1, **edited)], seen_at=when("2024-03-01"))
        with sessions.begin() as session:
            finish_crawl(
                session,
                crawl,
                finished_at=when("2024-01-02T00:10"),
                status="finished",
                pages=3,
                stories_new=1,
                stories_updated=0,
                stories_unchanged=0,
                errors=1,
                stats={},
            )
    finally:
        engine.dispose()
    return tmp_path


def test_the_readme_has_the_examples():
    examples = shell_examples()
    assert len(examples) >= 15
    assert {line.split()[1] for line in examples} >= {
        "list", "search", "show", "history", "diff", "export", "crawls", "errors",
    }  # fmt: skip
    assert len(blocks("python")) == 1


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(line, id=" ".join(shlex.split(line, comments=True)))
        for line in shell_examples()
    ],
)
def test_each_archive_command_works_as_written(project, capsys, line):
    words = shlex.split(line, comments=True)[1:]
    output = None
    if ">" in words:  # a redirection to a file, as the shell does it
        words, (_arrow, output) = words[: words.index(">")], words[words.index(">") :]
    assert not {"|", "&&", "||", ";"} & set(words), "a shell construct this test does not run"
    status = main(words)
    captured = capsys.readouterr()
    # `archive health` exits 1 for a site whose crawls stopped (this one's crawl is old).
    assert status in ((0, 1) if words[0] == "health" else (0,)), captured.err
    assert "Traceback" not in captured.err
    if output is not None:
        Path(output).write_text(captured.out, encoding="utf-8")
        assert STORY in (project / output).read_text(encoding="utf-8")
    elif words[0] in ("list", "search", "show", "history", "diff", "export"):
        assert "harbour bridge" in captured.out or STORY in captured.out, captured.err
    elif words[0] in ("crawls", "errors", "pages"):
        assert "example.com/" in captured.out, captured.err
    else:
        assert captured.out


def test_the_python_example_works_as_written(project):
    namespace: dict[str, object] = {}
    exec(compile(blocks("python")[0], str(README), "exec"), namespace)
    assert namespace["story"].url == STORY
    assert [version.number for version in namespace["versions"]] == [1, 2]
    assert namespace["then"].number == 2
    assert [row.url for row in namespace["rows"]] == [STORY]
    assert [crawl.site for crawl in namespace["crawls"]] == ["example.com"]
    namespace["engine"].dispose()
