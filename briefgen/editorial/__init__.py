"""Editorial lint: what an editor misses, reported as warnings by `check`."""
