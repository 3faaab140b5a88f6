"""Issue 11, guarantees 1-3: nothing lost (bad text, kill -9, database outages)."""
