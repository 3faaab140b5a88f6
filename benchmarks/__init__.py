"""Scripts that print figures; ``RESULTS.md`` records each figure with the command behind it.

Run them from the repository root as modules, e.g. ``.venv/bin/python -m benchmarks.crawl``.
"""
