"""``python -m demosite --port 0``."""

from __future__ import annotations

import sys

from demosite.cli import main

sys.exit(main())
