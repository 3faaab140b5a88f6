"""``archive serve`` (through the ``archive`` command's own entry point) in a subprocess on a
free port."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# The `archive` console script, without depending on where the venv put it.
_ARCHIVE = "import sys; from archive.cli import main; sys.exit(main())"


@contextmanager
def serving(url: str, *argv: str) -> Iterator[str]:
    """Serve the archive at ``url``; yields the address the server prints."""
    with subprocess.Popen(
        [sys.executable, "-c", _ARCHIVE, "--db", url, "serve", "--port", "0", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if "http://" not in line:
                process.kill()
                raise AssertionError(f"no address printed: {line!r} {process.communicate()[1]}")
            yield line.split(" at ", 1)[1].split()[0]
        finally:
            process.terminate()
            process.communicate(timeout=10)
