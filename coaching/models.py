"""Models of the coaching app (filled by its own issue)."""
