"""Getting entries in and out: lossless JSON, a readable Markdown copy, and importers for other apps."""
