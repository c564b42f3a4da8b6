"""Search backends of our own (see `search.backends.database`)."""
