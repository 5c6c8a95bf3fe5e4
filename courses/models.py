"""Models of the courses app (filled by its own issue)."""
