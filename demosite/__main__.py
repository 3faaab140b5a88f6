"""``python -m newscrawl.demosite --port 0``."""

from __future__ import annotations

import sys

from newscrawl.demosite.cli import main

sys.exit(main())
