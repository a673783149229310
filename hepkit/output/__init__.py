"""Stage 4, write: `write` swaps a new site into place atomically under a lock, `record` is the
output's own record of each page's key and bytes, and `cache` is the build cache beside it."""
