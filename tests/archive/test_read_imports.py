"""The read side of the archive stands alone: reading never loads the writer, near-duplicate
detection (datasketch, numpy) or Scrapy, and each module's ``__all__`` is its public API."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_MODULES = [
    "archive.cli",
    "archive.diff",
    "archive.filters",
    "archive.health",
    "archive.query",
    "archive.render",
    "archive.results",
    "archive.search",
]
# Packages whose modules reading must not load, with their submodules.
NOT_FOR_READING = (
    "archive.store",
    "archive.writer",
    "archive.neardup",
    "datasketch",
    "numpy",
    "scrapy",
    "newscrawl",
)


def loaded_by(module: str) -> set[str]:
    """The modules ``import module`` loads in a fresh interpreter."""
    code = f"import sys, {module}; print(*sorted(sys.modules), sep='\\n')"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", READ_MODULES)
def test_reading_does_not_load_the_writer(module: str) -> None:
    loaded = loaded_by(module)
    assert module in loaded
    unwanted = {
        name
        for name in loaded
        if any(name == banned or name.startswith(banned + ".") for banned in NOT_FOR_READING)
    }
    assert not unwanted, f"import {module} loads {sorted(unwanted)}"


@pytest.mark.parametrize("name", READ_MODULES)
def test_all_lists_exactly_the_public_api(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__)
    assert len(exported) == len(module.__all__), "no name twice"
    assert all(hasattr(module, attribute) for attribute in exported)
    assert not {attribute for attribute in exported if attribute.startswith("_")}
    # Every public function and class the module defines is exported.
    defined = {
        attribute
        for attribute, value in vars(module).items()
        if not attribute.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == name
    }
    assert defined <= exported, f"{name} defines but does not export {defined - exported}"
