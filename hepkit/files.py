"""Writing a file hepkit makes, never through a link someone planted.

Every file is written under a fresh random temporary name, opened with O_CREAT | O_EXCL |
O_NOFOLLOW (so an existing file or link there is an error, never followed), then renamed into
place whole. A link at the final name is replaced, not written through.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def create_file(path: Path, data: bytes, mode: int = 0o666, replace: bool = True) -> None:
    """Write `data` to `path` whole. replace=False refuses to touch an existing `path` (even a
    dangling link): FileExistsError. `mode` is narrowed by the umask, as open() does."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    descriptor = os.open(temporary, _FLAGS, mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path, follow_symlinks=False)  # fails if anything, a link too, is at `path`
    finally:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
