"""``python -m archive``: the same as the ``archive`` command."""

from __future__ import annotations

from archive.cli import main

raise SystemExit(main())
