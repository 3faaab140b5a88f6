"""``python -m archive.web``: the same as ``archive serve``."""

import sys

from archive.web.command import main

sys.exit(main())
