from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.profiles import ProfileError, load_profile


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text)
    return path


def test_a_full_profile(tmp_path: Path) -> None:
    profile = load_profile(
        write(
            tmp_path,
            """
start_urls = ["https://example.com/news/"]
allow = ['^https://example\\.com/(news|tag)/']
deny = ['/live/']
article_url = '/\\d{4}/\\d{2}/\\d{2}/'
timezone = "Europe/Berlin"
[selectors]
body = "div.story-body"
""",
        )
    )
    assert profile.start_urls == ("https://example.com/news/",)
    assert profile.follows("https://example.com/news/2024/01/02/x/")
    assert not profile.follows("https://example.com/news/live/blog/")
    assert not profile.follows("https://example.com/about/")
    assert profile.article_url is not None and profile.article_url.search("/2024/01/02/x")
    assert profile.timezone == "Europe/Berlin"
    assert profile.selectors == {"body": "div.story-body"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("strat_urls = []", "unknown key(s) strat_urls"),
        ('allow = ["(x"]', "is not a valid regular expression"),
        ('timezone = "Mars/Olympus"', "unknown timezone 'Mars/Olympus'"),
        ("[selectors]\nbdy = 'x'", "unknown selector(s) bdy"),
        ("start_urls = 3", "start_urls must be a list of strings"),
        ("start_urls = [", "not valid TOML"),
    ],
)
def test_bad_profiles_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_profile(write(tmp_path, text))


def test_missing_profile(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(tmp_path / "nope.toml")
