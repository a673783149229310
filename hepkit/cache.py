"""The build cache: `.hepkit-cache/` beside the output folder, so a build with nothing changed does
almost nothing and an edit re-renders only the pages made from the edited file.

It holds four tables, each keyed by a hash of everything its values were made from:
- parsed: a content file's fields, by the file's bytes (so YAML is parsed once per edit);
- markdown: converted Markdown, by its text;
- figures: drawn illustrations, by the poses;
- pages: for each output page, the key of its sources (Page.key, made in pages.py) and its size.
Every key also holds hepkit's own code, so a new hepkit never reuses an old result. The tables
are JSON, never pickle: a damaged or foreign cache is noticed, ignored and rebuilt, and cannot run
anything. Files are replaced whole, so a build stopped half way leaves the old cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

FORMAT = 1
TABLES = ("parsed", "markdown", "figures", "pages")


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """hepkit's own code and its catalogs of words: any change to them makes every cached result stale."""
    folder = Path(__file__).resolve().parent
    return digest(*(path.read_bytes() for path in sorted([*folder.glob("*.py"), *folder.glob("locale/*.po")])))


CODE = code_digest()


def folder_for(output: Path) -> Path:
    return output.parent / ".hepkit-cache"


class BuildCache:
    """The tables in memory; `used` collects what this build touched, and only that is saved, so
    the cache never grows past the content."""

    def __init__(self, folder: Path | None, output_name: str = "output"):
        self.folder = folder  # None: --no-cache, nothing is read or written
        self.output_name = output_name
        self.tables: dict[str, dict] = {name: {} for name in TABLES}
        self.used: dict[str, dict] = {name: {} for name in TABLES}
        # In memory only, for a dev server that keeps one cache: files by (size, time), and objects
        # made from a file's bytes (see `made`).
        self.in_memory = False
        self.files: dict[str, tuple] = {}
        self.objects: dict[tuple, object] = {}
        self.objects_used: dict[tuple, object] = {}
        if folder is not None:
            for name in TABLES:
                self.tables[name] = self._read(name)

    def _path(self, name: str) -> Path:
        suffix = f"-{self.output_name}" if name == "pages" else ""
        return self.folder / f"{name}{suffix}.json"

    def _read(self, name: str) -> dict:
        try:
            data = json.loads(self._path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, damaged, not ours: start afresh
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != CODE:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def seen_entry(self, entry: os.DirEntry):
        """The Source read from this file before, if it has the same size and time (dev server
        only). Taken from the directory entry: a dev server checks every file on every save."""
        if not self.in_memory or entry.is_symlink():
            return None
        try:
            stat = entry.stat()
        except OSError:
            return None
        known = self.files.get(entry.path)
        return known[2] if known and known[:2] == (stat.st_size, stat.st_mtime_ns) else None

    def remember(self, path: Path, source) -> None:
        if self.in_memory:
            stat = path.stat()
            self.files[str(path)] = (stat.st_size, stat.st_mtime_ns, source)

    def made(self, key: tuple, make):
        """make(), or what it returned before for the same key (dev server only). Keys hold the
        digests of every file the object is made from."""
        if not self.in_memory:
            return make()
        if key not in self.objects:
            self.objects[key] = make()
        self.objects_used[key] = self.objects[key]
        return self.objects[key]

    def get(self, table: str, key: str):
        value = self.used[table].get(key, self.tables[table].get(key))
        if value is not None:
            self.used[table][key] = value
        return value

    def put(self, table: str, key: str, value) -> None:
        self.used[table][key] = value

    def save(self) -> None:
        """Write the tables this build used, each replaced whole. A cache that cannot be written
        (a read-only disk) only makes the next build slower: the site itself is already in place."""
        self.objects, self.objects_used = self.objects_used, {}  # in memory, too, keep what was used
        if self.folder is None:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            for name in TABLES:
                if self.used[name] == self.tables[name]:
                    continue
                path = self._path(name)
                partial = path.with_name(path.name + ".new")
                partial.write_text(json.dumps({"format": FORMAT, "code": CODE, "entries": self.used[name]},
                                              sort_keys=True, separators=(",", ":")), encoding="utf-8")
                os.replace(partial, path)
                self.tables[name] = dict(self.used[name])
        except OSError:
            pass
        self.used = {name: {} for name in TABLES}


def forget_pages(folder: Path, output_name: str) -> None:
    """A build without the cache makes the recorded pages stale: drop them."""
    try:
        (folder / f"pages-{output_name}.json").unlink()
    except OSError:
        pass


def clean(output: Path) -> list[Path]:
    """Remove the cache beside `output`; returns what was removed."""
    folder = folder_for(output)
    if folder.is_dir():
        shutil.rmtree(folder)
        return [folder]
    return []
