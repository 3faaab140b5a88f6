"""Downloader middlewares: redirects as aliases (:mod:`.redirect`), conditional revisits of
archived stories (:mod:`.revisit`)."""
