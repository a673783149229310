"""What the last build of an output said, so that a build with nothing changed can stop after
hashing its inputs: no YAML parsed, no template compiled, and no renderer, Markdown or Babel
imported.

The inputs are every file the build reads (the content, hepkit's templates and static files),
the salt from the environment, hepkit's code and its dependencies' versions, and the folders as
named. Their digest is also the key the report is sealed with (cache.seal): the report names
patient files and sheets, and only someone who holds every input byte can open it. It lives in
the cache folder, one file per output, and is trusted only when the output still holds exactly the
pages it lists, byte for byte: a page is hashed again unless its size, time and inode are as they
were and its time is well before the report was written (as git trusts its index: a page changed
within a clock tick of being written keeps its time, so such a page is always hashed).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..files import create_file
from .cache import code_digest, folder_for, seal, unseal
from .record import RECORD, file_hash, is_page, page_id, pages_in

FORMAT = 2
TICK = 2_000_000_000  # ns: the coarsest file times in use (FAT, some network disks)
SKIPPED = {".git", ".hg", ".svn", "__pycache__", ".hepkit-cache"}


@dataclass
class Report:
    """What a build tells the physio besides its pages: warnings, files skipped by rule, and which
    sheet belongs to which patient file."""

    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (patient file, sheet path in output/)


def inputs_digest(content_dir, output_dir, folders: list[Path]) -> str:
    """A hash of everything a build of `content_dir` into `output_dir` reads: every file's name
    and bytes (content files are small: reading them all costs less than checking their times)."""
    output = os.path.realpath(output_dir)
    h = hashlib.sha256("\0".join([code_digest(), str(content_dir), str(output_dir),
                                  os.environ.get("HEPKIT_SHEET_SALT", "")]).encode())
    for root in (str(content_dir), *map(str, folders)):
        h.update(f"\0@{root}".encode())
        _walk(root, "", output, h)
    return h.hexdigest()


def _walk(folder: str, shown: str, output: str, h) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        h.update(f"\0{shown}:unreadable".encode())
        return
    for entry in entries:
        name = f"{shown}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIPPED and os.path.realpath(entry.path) != output:
                _walk(entry.path, name, output, h)
            continue
        try:
            with open(entry.path, "rb") as file:
                data = file.read()
        except OSError:
            data = b"\0unreadable"
        h.update(f"\0{name}\0{len(data)}\0".encode())
        h.update(data)


def _path(output_dir) -> Path:
    output = Path(output_dir)
    name = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:16]
    return folder_for(output) / f"build-{name}.json"


def _key(inputs: str) -> bytes:
    return hashlib.sha256(b"hepkit last build\0" + inputs.encode()).digest()


def unchanged(output_dir, inputs: str) -> tuple[int, Report] | None:
    """(pages, report) when the last build read exactly these inputs and output/ still holds what
    it wrote; otherwise None, and the build goes on as usual."""
    try:
        stored = json.loads(_path(output_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or not isinstance(stored.get("sealed"), str):
        return None
    last = unseal(_key(inputs), "last build", stored["sealed"])
    try:
        pages, record, written, report = last["pages"], last["record"], last["at"], Report(**last["report"])
        report.sheets = [tuple(pair) for pair in report.sheets]
        output = Path(output_dir)
        fresh = _holds(output, pages, written)
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    if fresh is None or file_hash(output / RECORD) != record:
        return None
    if fresh:  # pages hashed only for being new are old enough now to be known by their times
        _store(output, inputs, pages, record, report)
    return sum(is_page(path) for path in pages), report


def _holds(output: Path, pages: dict, written: int) -> bool | None:
    """None unless output/ holds exactly `pages` as they were written; else whether any page had to
    be hashed for being too new to trust its time."""
    root = str(output)
    if pages_in(output) != set(pages):
        return None
    hashed = False
    for path, entry in pages.items():
        if _as_noted(os.path.join(root, path), entry, written):
            continue
        if file_hash(os.path.join(root, path)) != entry[0]:
            return None
        hashed = True
    return hashed


def _as_noted(path: str, entry: list, written: int) -> bool:
    """Whether a page's size, time and inode are as noted ([hash, size, time, inode]) and its time
    is well before the note was written (a page changed within a clock tick keeps its time)."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino] == entry[1:] and entry[2] < written - TICK


def page_hashes(output_dir) -> Callable[[str, str], str | None]:
    """hash_of(path in output/, hash the record gives it) for a build that keeps pages: the
    recorded hash without reading the page when the last build noted the page with that hash and
    it is as noted (see _as_noted), else the page hashed. The note is not sealed (it names pages
    by a hash of their path, and holds nothing else of theirs); one that does not open is no note."""
    try:
        stored = json.loads(_times_path(output_dir).read_text(encoding="utf-8"))
        noted, written = stored["pages"], int(stored["at"])
        if stored.get("format") != FORMAT or not isinstance(noted, dict):
            noted = {}
    except (OSError, ValueError, RecursionError, TypeError, KeyError):
        noted, written = {}, 0
    root = str(output_dir)

    def hash_of(path: str, recorded: str) -> str | None:
        entry = noted.get(page_id(path))
        full = os.path.join(root, path)
        if isinstance(entry, list) and len(entry) == 4 and entry[0] == recorded and _as_noted(full, entry, written):
            return recorded
        return file_hash(full)
    return hash_of


def remember(output_dir, inputs: str, pages: dict[str, str], report: Report) -> None:
    """Keep what this build read and wrote ({page path: content hash}) for the next one."""
    output = Path(output_dir)
    try:
        known = {}
        for path, want in pages.items():
            stat = os.stat(output / path)
            known[path] = [want, stat.st_size, stat.st_mtime_ns, stat.st_ino]
        _store(output, inputs, known, file_hash(output / RECORD), report)
        _note_times(output, known)
    except OSError:
        pass  # the next build is only slower


def _times_path(output_dir) -> Path:
    return _path(output_dir).with_name(_path(output_dir).name.replace("build-", "times-"))


def _note_times(output: Path, known: dict) -> None:
    """For the next build that keeps pages (page_hashes): each page's hash, size, time and inode."""
    folder = folder_for(output)
    if folder.is_symlink():
        return
    folder.mkdir(mode=0o700, exist_ok=True)
    noted = {page_id(path): entry for path, entry in known.items()}
    create_file(_times_path(output), json.dumps({"format": FORMAT, "at": time.time_ns(), "pages": noted}).encode(),
                mode=0o600)


def _store(output: Path, inputs: str, pages: dict, record: str | None, report: Report) -> None:
    sealed = seal(_key(inputs), "last build", {"pages": pages, "record": record, "at": time.time_ns(),
                                                "report": asdict(report)})
    try:
        folder = folder_for(output)
        if folder.is_symlink():
            return
        folder.mkdir(mode=0o700, exist_ok=True)
        create_file(_path(output), json.dumps({"format": FORMAT, "sealed": sealed}).encode(), mode=0o600)
    except OSError:
        pass  # the next build is only slower
