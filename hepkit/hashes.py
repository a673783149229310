"""The one hash hepkit keys everything by: SHA-256 over the parts, each ended by a NUL, so that
("ab", "c") and ("a", "bc") differ."""
from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()
