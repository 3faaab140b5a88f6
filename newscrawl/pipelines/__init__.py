"""Item pipelines, in order: normalise, deduplicate, store in the archive."""
