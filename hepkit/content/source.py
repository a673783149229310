"""One content file, read and parsed: its bytes (at most 1 MB, readable), its text (UTF-8), its
front matter and Markdown body, its YAML with lines, and, with a build cache, its parse kept by
the hash of its bytes (a patient's only sealed)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError
from ..hashes import digest
from .yaml_lines import CONTROL, CONTROL_HINT, LineDict, control_message, decode, encode, parse_yaml

if TYPE_CHECKING:  # passed in by the pipeline; loading never imports the output stage
    from ..output.cache import BuildCache

MAX_BYTES = 1_000_000  # far above any real content file; keeps a pasted blob from eating memory


@dataclass
class Source:
    """One content file as read: its data (a LineDict), and for Markdown files the body."""

    path: str  # as shown in messages
    id: str
    data: LineDict
    body: str = ""
    body_line: int = 0
    digest: str = ""  # of the file's bytes: what a page made from this file depends on
    language: str = ""  # of a translation, such as single-leg-bridge.es.md; "" for an original


def read_bytes(path: Path, shown: str, errors: list[ContentError], size: int | None = None) -> bytes | None:
    try:
        size = path.stat().st_size if size is None else size
        if size > MAX_BYTES:
            errors.append(ContentError(shown, 1, f"this file is {size / 1_000_000:.1f} MB, more than the 1 MB a "
                                       "content file may be", "check that nothing was pasted into it by mistake"))
            return None
        return path.read_bytes()
    except OSError as error:
        errors.append(ContentError(shown, 1, f"this file cannot be read: {_reason(error)}",
                                   "check the file's permissions, or save it again"))
        return None


def read_text(path: Path, shown: str, errors: list[ContentError], raw: bytes | None = None) -> str | None:
    raw = read_bytes(path, shown, errors) if raw is None else raw
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        errors.append(ContentError(shown, line, "this file is not UTF-8 text",
                                   "open it in your editor and save it with the UTF-8 encoding"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, shown: str, errors: list[ContentError]):
    """Split `---` YAML front matter from the Markdown body: (yaml_text, body, body_line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(shown, 1, "the file must start with a `---` line (front matter)",
                                   "put `---`, the title and other fields, then `---` again above the text"))
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:number - 1]), "\n".join(lines[number:]), number + 1
    errors.append(ContentError(shown, 1, "the front matter is never closed",
                               "add a line with only `---` after the last field"))
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def read_source(path: Path, root: Path, shown: str, errors: list[ContentError], cache: BuildCache,
                entry: os.DirEntry | None = None, private: bool = False) -> Source | None:
    """One content file as a Source. With a cache, a file whose bytes were parsed before is not
    parsed again (only files that parsed without a problem are kept there). A `private` file (a
    patient's) goes into the cache on disk only sealed with the salt (cache.py). A dev server's
    cache also remembers each file by its size, time and inode (see _load_kind), so an unchanged
    file is not even read."""
    # The walk never follows a link to a folder, so only a link can lead outside content/.
    if (entry.is_symlink() if entry else path.is_symlink()) and not _inside(path, root):
        errors.append(ContentError(shown, 1, "this file points outside the content folder",
                                   "copy the file into the content folder instead of linking to it"))
        return None
    raw = read_bytes(path, shown, errors, entry.stat().st_size if entry else None)
    if raw is None:
        return None
    key = digest(".md" if shown.endswith(".md") else ".yaml", raw)
    cached = (cache.get_private if private else cache.get)("parsed", key)
    data = _decoded(cached["data"]) if _cached_shape(cached) else None
    if isinstance(data, LineDict):
        source = Source(shown, path.stem, data, cached["body"], cached["body_line"], key)
        cache.remember(path, source)
        return source
    found = len(errors)
    source = _parse_source(path, raw, shown, errors)
    if source is not None:
        source.digest = key
        if len(errors) == found:
            (cache.put_private if private else cache.put)(
                "parsed", key, {"data": encode(source.data), "body": source.body, "body_line": source.body_line})
            cache.remember(path, source)
    return source


def _cached_shape(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("body"), str) and isinstance(value.get("body_line"), int)


def _decoded(value):
    """A cached value back as LineDict, or None when it is not of the shape encode() writes."""
    try:
        return decode(value)
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None


def _parse_source(path: Path, raw: bytes, shown: str, errors: list[ContentError]) -> Source | None:
    text = read_text(path, shown, errors, raw)
    if text is None:
        return None
    body, body_line, first_line = "", 0, 1
    if path.suffix == ".md":
        parts = split_front_matter(text, shown, errors)
        if parts is None:
            return None
        text, body, body_line = parts
        first_line = 2
        found = CONTROL.search(body)
        if found:
            line = body_line + body[:found.start()].count("\n")
            errors.append(ContentError(shown, line, control_message(found[0]), CONTROL_HINT))
            return None
    if not text.strip():
        errors.append(ContentError(shown, first_line, "there are no fields in this file",
                                   "add the fields described in docs/content.md"))
        return None
    data = parse_yaml(text, shown, errors, first_line)
    if data is None:
        return None
    if not isinstance(data, LineDict):
        errors.append(ContentError(shown, first_line, "expected `name: value` fields at the top level",
                                   "start each field at the left edge as `name: value`"))
        return None
    return Source(shown, path.stem, data, body, body_line)


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
