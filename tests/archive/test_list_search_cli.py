"""``archive list`` and ``archive search``: section, JSON lines, paging with the total, query
words that start with ``-``, ``AND``; and the wording of counts."""

from __future__ import annotations

import json

import pytest

from archive import query
from archive.cli import main
from archive.query import EXPORT_KEYS

from .helpers import make_story, new_crawl, store

# Seven stories: odd ones in Politics, even ones in Sport; every third mentions a tunnel.
NUMBERS = range(1, 8)


def body(n: int) -> str:
    tunnel = " The tunnel is closed." if n % 3 == 0 else ""
    return f"The harbour bridge opened, part {n}.{tunnel}"


@pytest.fixture
def archive_url(db_url, sessions):
    stories = [
        make_story(n, section="Politics" if n % 2 else "Sport", body=body(n)) for n in NUMBERS
    ]
    store(sessions, new_crawl(sessions), stories)
    return db_url


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def listed_urls(out: str) -> list[str]:
    return [line.split()[-1] for line in out.splitlines()[1:]]


def test_list_section_any_case(archive_url, capsys):
    status, out, err = run(capsys, "--db", archive_url, "list", "--section", "politics")
    assert status == 0
    assert listed_urls(out) == [make_story(n).url for n in (7, 5, 3, 1)]
    assert err == "showing 1-4 of 4\n"


def test_list_pages_with_the_total(archive_url, capsys):
    newest_first = [make_story(n).url for n in reversed(NUMBERS)]
    status, out, err = run(capsys, "--db", archive_url, "list", "--limit", "3", "--page", "2")
    assert status == 0
    assert listed_urls(out) == newest_first[3:6]
    assert err == "showing 4-6 of 7 (--page 3 for more, --limit 0 for all)\n"
    status, out, err = run(capsys, "--db", archive_url, "list", "--limit", "3", "--offset", "5")
    assert listed_urls(out) == newest_first[5:]
    assert err == "showing 6-7 of 7\n"
    status, out, err = run(capsys, "--db", archive_url, "list", "--limit", "3", "--page", "9")
    assert (status, out) == (0, "") and "No stories past 24: 7 in all" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--limit", "0", "--page", "2"], "--page needs a --limit above 0"),
        (["list", "--page", "0"], "not a page number: '0'"),
        (["list", "--page", "2", "--offset", "3"], "not allowed with argument"),
        (["search", "bridge", "--page", "x"], "not a page number: 'x'"),
    ],
)
def test_bad_paging_is_one_line_and_exit_2(archive_url, capsys, argv, message):
    status, out, err = run(capsys, "--db", archive_url, *argv)
    assert status == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_list_json_lines_are_the_export_records(archive_url, capsys):
    status, out, err = run(capsys, "--db", archive_url, "list", "--json", "--section", "Sport")
    assert status == 0 and err == "showing 1-3 of 3\n"
    records = [json.loads(line) for line in out.splitlines()]
    assert [record["url"] for record in records] == [make_story(n).url for n in (6, 4, 2)]
    assert all(list(record) == list(EXPORT_KEYS) for record in records)
    status, out, _err = run(capsys, "--db", archive_url, "export", "--format", "jsonl")
    exported = {json.loads(line)["id"]: json.loads(line) for line in out.splitlines()}
    assert all(record == exported[record["id"]] for record in records)
    assert records[0]["site"] == "news.example.com"
    assert records[0]["description"] == "About story 6"
    assert records[0]["image_url"] == "https://news.example.com/img/6.jpg"


def test_search_words_starting_with_a_dash_need_no_double_dash(archive_url, capsys):
    without_tunnel = {make_story(n).url for n in NUMBERS if n % 3}
    for argv in (
        ["search", "bridge", "-tunnel"],
        ["search", "-tunnel", "bridge", "--limit", "10"],
        ["search", "--limit=10", "bridge", "-tunnel"],
        ["search", "--lim", "10", "bridge", "-tunnel", "--site", "news.example.com"],
        ["search", "bridge -tunnel"],
        ["search", "--", "bridge", "-tunnel"],
    ):
        status, out, err = run(capsys, "--db", archive_url, *argv)
        assert status == 0, (argv, err)
        assert {line.split()[2] for line in out.splitlines()[1::3]} == without_tunnel, argv
        assert "of 5" in err
    # An unknown option is still an error, not a word.
    status, _out, err = run(capsys, "--db", archive_url, "search", "bridge", "--limt", "3")
    assert status == 2 and "unrecognized arguments: --limt" in err


def test_and_is_an_operator_not_a_word(archive_url, capsys):
    # No story holds the word "and": as a word, AND would match nothing.
    for argv in (["harbour", "AND", "bridge"], ["harbour AND bridge -tunnel"]):
        status, _out, err = run(capsys, "--db", archive_url, "search", *argv)
        assert status == 0, err
        assert "showing 1-" in err
    status, _out, err = run(capsys, "--db", archive_url, "search", "harbour AND bridge")
    assert err.endswith(" of 7\n")
    status, _out, err = run(capsys, "--db", archive_url, "search", "tunnel OR part AND bridge")
    assert err.endswith(" of 7\n")


@pytest.mark.parametrize("text", ["AND bridge", "bridge AND", "bridge AND OR tunnel", "a OR AND b"])
def test_a_dangling_and_is_a_syntax_error(archive_url, capsys, text):
    status, _out, err = run(capsys, "--db", archive_url, "search", text)
    assert status == 2
    assert "bad search query" in err and "needs a term on each side" in err


def test_search_section_json_and_pages(archive_url, capsys):
    status, out, err = run(
        capsys, "--db", archive_url, "search", "bridge", "--section", "SPORT", "--json"
    )
    assert status == 0 and err == "showing 1-3 of 3\n"
    records = [json.loads(line) for line in out.splitlines()]
    assert {record["url"] for record in records} == {make_story(n).url for n in (2, 4, 6)}
    assert all(list(record) == [*EXPORT_KEYS, "score", "snippet"] for record in records)
    assert all("[bridge]" in record["snippet"] for record in records)
    status, everything, _err = run(capsys, "--db", archive_url, "search", "bridge", "--limit", "0")
    ranked = [line.split()[2] for line in everything.splitlines()[1::3]]
    assert len(ranked) == 7
    status, out, err = run(
        capsys, "--db", archive_url, "search", "bridge", "--limit", "2", "--page", "2"
    )
    assert [line.split()[2] for line in out.splitlines()[1::3]] == ranked[2:4]
    assert out.splitlines()[0].startswith("  3. ")  # ranks go on from the previous page
    assert err == "showing 3-4 of 7 (--page 3 for more, --limit 0 for all)\n"


def test_count_matches_counts_every_match(sessions, archive_url):
    with sessions() as session:
        assert query.count_matches(session, "bridge") == 7
        assert query.count_matches(session, "bridge -tunnel") == 5
        assert query.count_matches(session, "bridge", section="politics") == 4
        assert query.count_matches(session, "tunnel OR nothing", site="www.news.example.com") == 2
        assert query.count_matches(session, "bridge", site="elsewhere.example") == 0


def test_a_capped_count_stops_one_past_the_cap(sessions, archive_url):
    # The CLI counts up to a cap ("of more than 10,000"): counting every match of a common word
    # in a large archive takes seconds.
    with sessions() as session:
        assert query.count_matches(session, "bridge", cap=3) == 4
        assert query.count_matches(session, "bridge -tunnel", cap=3) == 4
        assert query.count_matches(session, "bridge", cap=3, section="politics") == 4
        assert query.count_matches(session, "bridge", cap=2, section="politics") == 3
        assert query.count_matches(session, "bridge", cap=100) == 7


def test_counts_read_in_the_right_number(archive_url, sessions, capsys):
    status, out, _err = run(capsys, "--db", archive_url, "history", make_story(1).url)
    assert (status, out.splitlines()[0]) == (0, f"{make_story(1).url}: 1 version")
    store(sessions, new_crawl(sessions), [make_story(1, title="Changed")])
    status, out, _err = run(capsys, "--db", archive_url, "history", make_story(1).url)
    assert (status, out.splitlines()[0]) == (0, f"{make_story(1).url}: 2 versions")
    _status, out, _err = run(capsys, "--db", archive_url, "stats")
    assert "Stories:  7 (8 versions)" in out
    assert "Crawls:   2 (0 page errors recorded)" in out
