"""The web view of the archive (``archive serve``): search, stories with their versions and
diffs, and per-site charts of what the crawls found.

Importing this package loads nothing of the web stack: :mod:`archive.web.command` is what the
``archive`` command line imports, and it loads Starlette and uvicorn (the ``web`` extra) only
when ``archive serve`` runs. :func:`archive.web.app.create_app` builds the application.
"""
