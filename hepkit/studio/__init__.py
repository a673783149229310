"""The pose studio, served by `build.py serve` at /_studio/ and never written to output/: pick an
exercise and a frame, move a slider for any joint, and see the figure redrawn by the same code the
build uses, with `check`'s own words for what is wrong. Save writes the `illustration:` block back
into the exercise file and nothing else (blocks.py); api.py answers the page's requests, only for
this server's own pages (loopback host, same Origin)."""
