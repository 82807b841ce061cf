"""Machine-readable renderings of library results; each format is a small class."""
