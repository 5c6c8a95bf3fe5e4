"""Models of the municipalities app (filled by its own issue)."""
