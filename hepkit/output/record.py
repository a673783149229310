"""What an output folder holds: for each page, the key of the sources it was made from, the hash
of its bytes and which content files those sources were, kept *inside* the folder
(.hepkit-record.json).

The record is written into the staging folder with the pages and swapped in with them in the same
atomic step, so it can never disagree with the folder it describes: not after a build cut off at
any point, not when two contents are built into one output, not when the folder is reached under
two names. Pages are named in it by a hash of their path, so a published record lists no sheet.
A page is trusted only when its bytes still hash to what was recorded.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from ..files import create_file

RECORD = ".hepkit-record.json"
MARKER = ".hepkit-output"
FORMAT = 2


def is_page(path: str) -> bool:
    """A page, as build counts them: not the reminders file (.ics) written beside each sheet."""
    return path.endswith(".html")


@functools.lru_cache(maxsize=65536)  # asked three times a page a build
def page_id(path: str) -> str:
    return hashlib.sha256(f"page\0{path}".encode()).hexdigest()[:32]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: str | Path) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def read_record(output: Path) -> dict[str, list]:
    """{page id: [key, content hash, [source ids]]} of what output/ holds; {} when unknown, damaged
    or foreign. The source ids are the content files the page was made from (site/reads.py)."""
    try:
        data = json.loads((output / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    entries = data.get("pages") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items()
            if isinstance(v, list) and len(v) == 3 and isinstance(v[0], str) and isinstance(v[1], str)
            and isinstance(v[2], list) and all(isinstance(x, str) for x in v[2])}


def record_bytes(entries: dict[str, list[str]]) -> bytes:
    return json.dumps({"format": FORMAT, "pages": entries}, sort_keys=True, separators=(",", ":")).encode()


def write_record(folder: Path, entries: dict[str, list[str]]) -> None:
    create_file(folder / RECORD, record_bytes(entries))


def pages_in(output: Path) -> set[str]:
    """Every file under output/ as a page path ("sheets/x.html"), besides hepkit's own two."""
    found, root = set(), str(output)
    for folder, _, names in os.walk(root):
        prefix = folder[len(root):].lstrip(os.sep).replace(os.sep, "/")
        found.update(f"{prefix}/{name}" if prefix else name for name in names)
    return found - {MARKER, RECORD}


def holds_exactly(output: Path, expected: dict[str, str]) -> bool:
    """True when output/ holds exactly these pages ({path: content hash}), byte for byte, besides
    hepkit's own two files: then there is nothing to do."""
    if not (output / MARKER).is_file() or pages_in(output) != set(expected):
        return False
    return all(file_hash(output / path) == want for path, want in expected.items())
