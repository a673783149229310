"""The build cache: `.hepkit-cache/` beside the output folder, so parsing, Markdown and figures are
done once per edit, not once per build.

It holds four tables, each keyed by a hash of everything its values were made from:
- parsed: a content file's fields, by the file's bytes (so YAML is parsed once per edit);
- markdown: converted Markdown, by its text;
- poses: illustration blocks as read and checked, with the joints the solver found, by the block;
- figures: drawn illustrations, by the poses.
Which page came from which sources is not here: it is the output's own record (record.py).
Every key also holds hepkit's code and the versions of everything that shapes the output
(Python, Jinja, Markdown, Babel and its CLDR data, PyYAML), so an upgrade never reuses an old
result. The tables are JSON, never pickle, each with the hash of its entries: a damaged, foreign or
hand-edited table is noticed, ignored and rebuilt, and cannot run anything. Nothing about a
patient is written here in plain form: a patient file's fields are sealed with a key made from
the private sheet salt (or not cached at all while there is none), and the folder is its owner's
only (0700).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..files import create_file
from ..hashes import digest

FORMAT = 2
TABLES = ("parsed", "markdown", "poses", "figures")
FOLDER = ".hepkit-cache"
SHAPED_BY = ("jinja2", "markupsafe", "markdown", "babel", "pyyaml")


def versions() -> dict[str, str]:
    """The versions of what shapes the output besides hepkit's own code."""
    from importlib import metadata  # 20 ms to import: only when a key is first made
    found = {"python": sys.version}
    for name in SHAPED_BY:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "none"
    return found  # Babel's CLDR data ships inside it: its version is Babel's


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """hepkit's own code, its catalogs of words and the versions above: any change to them makes
    every cached result, and every page's key, stale."""
    folder = Path(__file__).resolve().parent.parent  # the whole hepkit package
    files = sorted([*folder.rglob("*.py"), *folder.glob("locale/*.po")])
    return digest(json.dumps(versions(), sort_keys=True), *(path.read_bytes() for path in files))


def folder_for(output: Path) -> Path:
    return output.parent / FOLDER


def _shaped(table: str, value) -> bool:
    """A value of the shape its table holds (a hand-made JSON file of the right hash can still lie)."""
    if table == "markdown":
        return isinstance(value, str)
    if table == "parsed" and isinstance(value, str):
        return True  # a sealed patient entry, checked when opened
    if table == "parsed":
        return isinstance(value, dict) and isinstance(value.get("body"), str) \
            and isinstance(value.get("body_line"), int) and "data" in value
    if table == "poses":
        return isinstance(value, dict) and isinstance(value.get("frames"), list)
    return isinstance(value, dict) and isinstance(value.get("moving"), str) and isinstance(value.get("frames"), list) \
        and all(isinstance(panel, list) and all(isinstance(svg, str) for svg in panel) for panel in value["frames"])


T = TypeVar("T")


class BuildCache:
    """One face for everything kept between builds: fetch() for the tables on disk, memo() for
    objects a dev server keeps in memory. `used` collects what this build touched, and only that
    is saved, so the cache never grows past the content. BuildCache(None) keeps nothing (--no-cache,
    check); BuildCache(folder, memory=True) is a dev server's, which also remembers files by their
    size, time and inode and the objects made from them."""

    def __init__(self, folder: Path | None, memory: bool = False):
        self.folder = folder  # None: --no-cache, nothing is read or written
        self.seal_key = b""  # from the salt (see keep_private): what patient entries are sealed with
        if folder is not None and folder.is_symlink():
            self.folder = None  # never write through a link someone put in its place
        self.tables: dict[str, dict] = {name: {} for name in TABLES}
        self.used: dict[str, dict] = {name: {} for name in TABLES}
        # In memory only, for a dev server that keeps one cache: files by (size, time, inode), and
        # objects made from a file's bytes (see `memo`).
        self.in_memory = memory
        self.files: dict[str, tuple] = {}
        self.pages_seen: dict[str, tuple] = {}  # output pages by identity, with their content hash
        self.objects: dict[tuple, object] = {}
        self.objects_used: dict[tuple, object] = {}
        if self.folder is not None:
            for name in TABLES:
                self.tables[name] = self._read(name)

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def _read(self, name: str) -> dict:
        try:
            text = self._path(name).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError, RecursionError):  # missing, damaged, not ours: start afresh
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != code_digest():
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict) or data.get("check") != digest(_entries_text(text)):
            return {}
        return {key: value for key, value in entries.items() if _shaped(name, value)}

    def seen_entry(self, entry: os.DirEntry):
        """The Source read from this file before, if its size, time and inode are the same (dev
        server only). Taken from the directory entry: a dev server checks every file on every save."""
        if not self.in_memory or entry.is_symlink():
            return None
        try:
            stat = entry.stat()
        except OSError:
            return None
        known = self.files.get(entry.path)
        return known[-1] if known and known[:-1] == _identity(stat) else None

    def remember(self, path: Path, source) -> None:
        if self.in_memory:
            self.files[str(path)] = (*_identity(path.stat()), source)

    def output_hash(self, path: str, hash_of: Callable[[str], str | None]) -> str | None:
        """hash_of(path): the content hash of a page in output/. A dev server remembers each page
        it wrote or checked by its size, time and inode, and hashes it again only when they change
        (at 10,000 pages, hashing them all on every save would take longer than the save)."""
        try:
            identity = _identity(os.stat(path))
        except OSError:
            return None
        known = self.pages_seen.get(path) if self.in_memory else None
        if known and known[0] == identity:
            return known[1]
        value = hash_of(path)
        if self.in_memory:
            self.pages_seen[path] = (identity, value)
        return value

    def forget(self, paths) -> None:
        """The watcher saw these files change: read them again whatever their size and time say
        (a file system with 1–2 s times can keep both through an edit)."""
        for path in paths:
            self.files.pop(str(path), None)
            self.files.pop(os.path.realpath(path), None)

    def memo(self, key: tuple, make: Callable[[], T], keep: Callable[[T], bool] = lambda value: True) -> T:
        """make(), or what it returned before for the same key (a dev server's memory; a one-shot
        build just makes it). Keys hold the digests of every file the object is made from; a
        value `keep` refuses is made again next time."""
        if not self.in_memory:
            return make()
        if key in self.objects:
            value = self.objects[key]
        else:
            value = make()
            if not keep(value):
                return value
            self.objects[key] = value
        self.objects_used[key] = value
        return value

    def remembers(self, key: tuple) -> bool:
        """Whether memo() holds an object for this key (a dev server's memory)."""
        return self.in_memory and key in self.objects

    def fetch(self, table: str, key: str, make: Callable[[], T | None]) -> T | None:
        """The value kept for `key` in `table`, else make() kept there (None keeps nothing)."""
        value = self.get(table, key)
        if value is None:
            value = make()
            if value is not None:
                self.put(table, key, value)
        return value

    def get(self, table: str, key: str):
        value = self.used[table].get(key, self.tables[table].get(key))
        if value is not None:
            self.used[table][key] = value
        return value

    def put(self, table: str, key: str, value) -> None:
        if self.folder is not None or self.in_memory:  # NO_CACHE keeps nothing between calls
            self.used[table][key] = value

    def keep_private(self, salt: str) -> None:
        """Seal patient entries with a key made from the sheet salt; without one they are not kept."""
        self.seal_key = hashlib.sha256(b"hepkit cache seal\0" + salt.encode()).digest() if salt else b""

    def get_private(self, table: str, key: str):
        """A sealed value (see put_private), or None when there is none or it does not open."""
        if not self.seal_key:
            return None
        name = self._sealed_name(key)
        sealed = self.get(table, name)
        value = unseal(self.seal_key, name, sealed) if isinstance(sealed, str) else None
        if value is None:
            self.used[table].pop(name, None)
        return value

    def put_private(self, table: str, key: str, value) -> None:
        """Keep a value only sealed: a stream from SHAKE-256 under the salt's key, and an HMAC, so
        whoever reads the cache without the salt learns nothing of it and cannot change it."""
        if self.seal_key:
            name = self._sealed_name(key)
            self.put(table, name, seal(self.seal_key, name, value))

    def _sealed_name(self, key: str) -> str:
        return hmac.new(self.seal_key, key.encode(), hashlib.sha256).hexdigest()

    def save(self) -> None:
        """Write the tables this build used, each replaced whole. A cache that cannot be written
        (a read-only disk) only makes the next build slower: the site itself is already in place."""
        self.objects, self.objects_used = self.objects_used, {}  # in memory, too, keep what was used
        if self.folder is None:
            return
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            if self.folder.is_symlink():
                return
            os.chmod(self.folder, 0o700)  # one made by an older hepkit may be readable by all
            for name in TABLES:
                if self.used[name] == self.tables[name]:
                    continue
                create_file(self._path(name), table_text(self.used[name]).encode("utf-8"), mode=0o600)
                self.tables[name] = dict(self.used[name])
        except OSError:
            pass
        self.used = {name: {} for name in TABLES}


def _stream(key: bytes, name: str, data: bytes) -> bytes:
    pad = hashlib.shake_256(key + name.encode()).digest(len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(pad, "big")).to_bytes(len(data), "big")


def seal(key: bytes, name: str, value) -> str:
    sealed = _stream(key, name, json.dumps(value, sort_keys=True, separators=(",", ":")).encode())
    tag = hmac.new(key, name.encode() + sealed, hashlib.sha256).hexdigest()
    return tag + base64.b64encode(sealed).decode()


def unseal(key: bytes, name: str, text: str):
    try:
        sealed = base64.b64decode(text[64:], validate=True)
    except ValueError:
        return None
    tag = hmac.new(key, name.encode() + sealed, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(tag, text[:64]):
        return None
    try:
        return json.loads(_stream(key, name, sealed))
    except (ValueError, RecursionError):
        return None


def _identity(stat: os.stat_result) -> tuple:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def table_text(entries: dict) -> str:
    """A table as its file holds it: the entries written once, with the hash of exactly that text
    (checked as it is read, without writing 25 MB of figures out again to hash them)."""
    body = json.dumps(entries, sort_keys=True, separators=(",", ":"))
    return f'{{"check":"{digest(body)}","code":{json.dumps(code_digest())},"entries":{body},"format":{FORMAT}}}'


def _entries_text(text: str) -> str:
    """The entries of a table's file as written (table_text); anything else hashes to another check."""
    start, end = text.find('"entries":'), text.rfind(',"format":')
    return text[start + len('"entries":'):end] if 0 <= start < end else ""


def clean(output: Path) -> list[Path]:
    """Remove the cache beside `output`; returns what was removed. A link in its place is removed,
    never what it points to."""
    folder = folder_for(output)
    if folder.is_symlink():
        folder.unlink()
        return [folder]
    if folder.is_dir():
        shutil.rmtree(folder)
        return [folder]
    return []


NO_CACHE = BuildCache(None)  # keeps nothing: what check and tests use (it holds no state worth keeping)
