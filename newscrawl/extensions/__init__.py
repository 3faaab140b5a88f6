"""Extensions: the crawl's record in the archive (:mod:`.crawl_record`)."""
