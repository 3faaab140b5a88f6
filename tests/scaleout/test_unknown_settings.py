"""A NEWSCRAWL_* or ARCHIVE_* setting nobody reads is a warning naming the nearest known one."""

from __future__ import annotations

import logging

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.extensions.unknown_settings import UnknownSettings, known_names


def project_settings(**values: object) -> dict[str, object]:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.setdict(values, priority="cmdline")
    return dict(settings)


def test_a_misspelt_setting_names_the_one_meant(caplog: pytest.LogCaptureFixture) -> None:
    crawler = get_crawler(
        settings_dict=project_settings(
            NEWSCRAWL_REDIS_UR="redis://:secret@host:6379/0",
            ARCHIVE_BACH_SIZE="10",
            NEWSCRAWL_XYZZY="1",
        )
    )
    with caplog.at_level(logging.WARNING, logger="newscrawl.extensions.unknown_settings"):
        extension = UnknownSettings.from_crawler(crawler)
    assert extension.unknown == [
        ("ARCHIVE_BACH_SIZE", "ARCHIVE_BATCH_SIZE"),
        ("NEWSCRAWL_REDIS_UR", "NEWSCRAWL_REDIS_URL"),
        ("NEWSCRAWL_XYZZY", None),
    ]
    messages = [record.getMessage() for record in caplog.records]
    assert "Unknown setting NEWSCRAWL_REDIS_UR is ignored: did you mean NEWSCRAWL_REDIS_URL?" in (
        messages
    )
    assert not any("secret" in message for message in messages), "values are not logged"


def test_the_project_settings_and_what_the_code_reads_are_known(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Defined in newscrawl/settings.py, read only in code (archive's web password), and set
    # on the command line as the tests and `make demo` do.
    known = known_names()
    assert {"NEWSCRAWL_REDIS_URL", "ARCHIVE_URL", "ARCHIVE_WEB_PASSWORD"} <= known
    crawler = get_crawler(
        settings_dict=project_settings(NEWSCRAWL_REDIS_LEASE=5, ARCHIVE_BATCH_SIZE=10)
    )
    with caplog.at_level(logging.WARNING):
        assert UnknownSettings.from_crawler(crawler).unknown == []
    assert not caplog.records


def test_the_check_is_one_of_the_crawls_extensions() -> None:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    assert "newscrawl.extensions.unknown_settings.UnknownSettings" in settings.getdict("EXTENSIONS")
