"""Build shim for ``scrapyd-deploy``, which builds its egg with ``python setup.py bdist_egg``.

Everything is declared in pyproject.toml, including the ``scrapy`` entry point through which
Scrapyd finds ``newscrawl.settings`` in the egg. Without this file scrapyd-deploy writes its own
setup.py, which would package the wrong name and version and leave out the migration templates.
"""

from setuptools import setup

setup()
