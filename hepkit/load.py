"""Stage 1: read every file under content/ into plain Python data that remembers its line numbers.

Nothing here knows what an exercise or a dose is; that is validate's job. Load only makes sure
each file is readable UTF-8, stays inside content/, and parses as (safe) YAML.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .cache import digest
from .errors import ContentError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser: ~8x faster, equally safe

KINDS = {"conditions": ".md", "exercises": ".md", "programs": ".yaml", "patients": ".yaml"}
MAX_BYTES = 1_000_000  # far above any real content file; keeps a pasted blob from eating memory
ALIASES_REFUSED = "YAML anchors and aliases (& and *) are not allowed"
UNREADABLE_TAG = "the value"


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers the line of each item (1-based)."""

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _Loader(_BaseLoader):
    def __init__(self, stream, first_line: int = 1):
        super().__init__(stream)
        self.offset = first_line  # file line of the YAML's first line: front matter starts on line 2
        self.problems: list[tuple[int, str, str]] = []

    def line(self, node) -> int:
        return node.start_mark.line + self.offset

    def construct_object(self, node, deep=False):
        # A node met twice is an alias (*name). Refusing them keeps a "billion laughs" file from
        # growing into billions of values; a physio's files never need them.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, ALIASES_REFUSED, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as error:  # `!!float abc`, `!!int 1e9999`, ...
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f'{UNREADABLE_TAG} "{node.value}" cannot be read as {tag}', node.start_mark) from error


# YAML as a physio means it (YAML 1.2 style): only true/false are yes/no values ("on", "no" stay
# words); 010 stays "010" (not octal 8), 1:30 stays "1:30" (not 90) and dates stay text, so that
# validate reads them as meant or says what is wrong ("there is no 30 February").
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


def _construct_map(loader: _Loader, node):
    data = LineDict(loader.line(node))
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = loader.line(key_node)
        if not isinstance(key, (str, int, float, bool, datetime.date)) or key is None:
            loader.problems.append((line, "a key must be a plain word", "write it as `name: value`"))
            continue
        if key in data:
            loader.problems.append(
                (line, f'"{key}" appears twice in the same block (first on line {data.lines[key]})',
                 "keep one of them and delete the other"))
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines.setdefault(key, line)


def _construct_seq(loader: _Loader, node):
    data = LineList(loader.line(node))
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(loader.line(item))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


@dataclass
class Source:
    """One content file as read: its data (a LineDict), and for Markdown files the body."""

    path: str  # as shown in messages
    id: str
    data: LineDict
    body: str = ""
    body_line: int = 0
    digest: str = ""  # of the file's bytes: what a page made from this file depends on


@dataclass
class RawContent:
    root: Path
    site: Source | None = None
    files: dict[str, list[Source]] = field(default_factory=lambda: {k: [] for k in KINDS})
    unreadable: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    errors: list[ContentError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # editor and system files, skipped by rule
    salt: str = ""  # the private sheet salt, when it is kept outside site.yaml


def parse_yaml(text: str, shown: str, errors: list[ContentError], first_line: int = 1):
    """Parse YAML safely; report syntax errors and duplicate keys at their file line."""
    loader = _Loader(text, first_line)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        errors.append(_syntax_error(e, text, shown, first_line))
        return None
    except RecursionError:
        errors.append(ContentError(shown, first_line, "the lists or blocks in this file are nested too deeply",
                                   "a content file needs only a few levels; look for a long run of [ or { or -"))
        return None
    except yaml.YAMLError as e:
        errors.append(ContentError(shown, first_line, f"YAML syntax error: {e}", "check the file's layout"))
        return None
    finally:
        loader.dispose()
    for line, message, hint in loader.problems:
        errors.append(ContentError(shown, line, message, hint))
    return data


_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?"[^"]*$')


def _syntax_error(e: yaml.MarkedYAMLError, text: str, shown: str, first_line: int) -> ContentError:
    mark = e.problem_mark or e.context_mark
    index = mark.line if mark else 0
    lines = text.split("\n")
    problem = (e.problem or e.context or "cannot be read").strip()
    for number, line in enumerate(lines[: index + 1]):
        if _OPEN_QUOTE.match(line):  # an unclosed quote swallows the lines after it: point at the quote
            return ContentError(shown, number + first_line, "a quote starts here but never ends",
                                "add the closing quote at the end of the value")
    if problem == ALIASES_REFUSED:
        return ContentError(shown, index + first_line, problem, "write the value out in full where it is used")
    if problem.startswith(UNREADABLE_TAG):
        return ContentError(shown, index + first_line, problem, "remove the !! tag and write the value plainly")
    tag = re.search(r"tag '(?:tag:yaml.org,2002:)?([^']+)'", problem)
    if isinstance(e, yaml.constructor.ConstructorError) and tag:
        return ContentError(shown, index + first_line, f'the YAML tag "!!{tag[1]}" is not allowed',
                            "remove the tag: only plain text, numbers, dates, lists and blocks are allowed")
    source_line = lines[index] if index < len(lines) else ""
    if "mapping values are not allowed" in problem:
        problem = 'this line holds ": " inside a text, which YAML reads as the start of a new field'
        return ContentError(shown, index + first_line, problem, _yaml_hint("mapping values are not allowed", source_line))
    return ContentError(shown, index + first_line, f"YAML syntax error: {problem}",
                        _yaml_hint(problem, source_line))


def _yaml_hint(problem: str, source_line: str) -> str:
    if "\t" in source_line or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:  # a colon and a space inside a text
        name, _, value = source_line.strip().lstrip("- ").partition(": ")
        value = value.replace('"', "'")
        return f'put the text in quotes: {name}: "{value}"' if value else "put the text in quotes"

    if "quote" in problem or "scalar" in problem:
        return "close the quote, or remove it"
    return "check the indentation and the `name: value` layout on this line and the one above"


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


def read_source(path: Path, root: Path, shown: str, errors: list[ContentError], cache=None,
                entry: os.DirEntry | None = None) -> Source | None:
    """One content file as a Source. With a cache, a file whose bytes were parsed before is not
    parsed again (only files that parsed without a problem are kept there), and a dev server's
    cache remembers each file by its size and time, so an unchanged file is not even read."""
    # The walk never follows a link to a folder, so only a link can lead outside content/.
    if (entry.is_symlink() if entry else path.is_symlink()) and not _inside(path, root):
        errors.append(ContentError(shown, 1, "this file points outside the content folder",
                                   "copy the file into the content folder instead of linking to it"))
        return None
    seen = cache.seen(path) if cache and not entry else None
    if seen is not None:
        return seen
    raw = read_bytes(path, shown, errors, entry.stat().st_size if entry else None)
    if raw is None:
        return None
    key = digest(".md" if shown.endswith(".md") else ".yaml", raw)
    cached = cache.get("parsed", key) if cache else None
    if cached is not None:
        source = Source(shown, path.stem, decode(cached["data"]), cached["body"], cached["body_line"], key)
        cache.remember(path, source)
        return source
    found = len(errors)
    source = _parse_source(path, raw, shown, errors)
    if source is not None:
        source.digest = key
        if cache is not None and len(errors) == found:
            cache.put("parsed", key, {"data": encode(source.data), "body": source.body, "body_line": source.body_line})
            cache.remember(path, source)
    return source


def encode(value):
    """A parsed value as plain JSON, keeping each key's and item's line."""
    if isinstance(value, LineDict):
        return {"m": [[k, encode(v), value.lines.get(k, value.line)] for k, v in value.items()], "l": value.line}
    if isinstance(value, LineList):
        return {"s": [[encode(v), value.line_of(i)] for i, v in enumerate(value)], "l": value.line}
    return value


def decode(value):
    if isinstance(value, dict) and "m" in value:
        data = LineDict(value["l"])
        for key, item, line in value["m"]:
            data[key] = decode(item)
            data.lines[key] = line
        return data
    if isinstance(value, dict) and "s" in value:
        items = LineList(value["l"])
        for item, line in value["s"]:
            items.append(decode(item))
            items.lines.append(line)
        return items
    return value


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


# Files an editor or the system leaves beside content: skipped by rule, listed by --verbose.
# (.#x.md is Emacs's lock file, often a dangling link; x.md~ and .x.md.swp are backups.)
IGNORED = re.compile(r"^(\..*|.*~|#.*#|.*\.(swp|swo|swx|tmp|bak|orig|rej)|Thumbs\.db|desktop\.ini|__pycache__)$",
                     re.IGNORECASE)
SALT_FILE = ".sheet-salt"
OTHER_ENDINGS = {".yml": ".yaml", ".markdown": ".md", ".txt": ".md", ".json": ".yaml"}


def load(content_dir: str | Path, cache=None) -> RawContent:
    """Read site.yaml and every condition, exercise, program and patient, in sorted order.

    Nothing under content/ is skipped silently: editor and system files are ignored by rule (and
    listed), anything else hepkit cannot use is an error that says what to do with it."""
    shown_root = Path(content_dir)
    root = shown_root.resolve()
    raw = RawContent(root)
    if not root.is_dir():
        raw.errors.append(ContentError(str(shown_root), 1, "the content folder does not exist",
                                       "run from the folder that holds content/, or pass --content DIR"))
        return raw
    raw.salt = _read_salt(root, shown_root, raw.errors)
    for entry in _entries(root, shown_root, raw):
        shown = str(shown_root / entry.name)
        if entry.name == "site.yaml" and _is_file(entry, shown, raw.errors):
            raw.site = read_source(Path(entry.path), root, shown, raw.errors, cache)
        elif entry.name in KINDS and entry.is_dir(follow_symlinks=False):
            _load_kind(Path(entry.path), entry.name, root, shown_root, raw, cache)
        elif entry.name == "theme" and entry.is_dir(follow_symlinks=False):
            _check_theme_folder(Path(entry.path), shown_root / "theme", raw)
        elif entry.name != "site.yaml":
            what = "folder" if entry.is_dir() else "file"
            raw.errors.append(ContentError(shown, 1, f"hepkit does not know what this {what} is for",
                                           f"content/ holds site.yaml, the folders {', '.join(KINDS)} and a theme/: move "
                                           "it out of content/, or start its name with a dot to keep it here"))
    if raw.site is None and not any(e.path.endswith("site.yaml") for e in raw.errors):
        raw.errors.append(ContentError(str(shown_root / "site.yaml"), 1, "site.yaml is missing",
                                       "create it with the clinic's name and contact (see docs/content.md)"))
    return raw


def _entries(folder: Path, shown_folder: Path, raw: RawContent) -> list[os.DirEntry]:
    """A folder's entries, sorted, without the ignored ones (noted in raw.ignored)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        raw.errors.append(ContentError(str(shown_folder), 1, f"this folder cannot be read: {_reason(error)}",
                                       "check the folder's permissions"))
        return []
    kept = []
    for entry in entries:
        if IGNORED.match(entry.name) and entry.name != SALT_FILE:
            raw.ignored.append(str(shown_folder / entry.name))
        elif entry.name != SALT_FILE:
            kept.append(entry)
    return kept


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _is_file(entry: os.DirEntry, shown: str, errors: list[ContentError]) -> bool:
    """A regular file (or a link to one). Dangling links, link loops, folders and pipes are errors."""
    try:
        if entry.is_symlink() and not os.path.exists(entry.path):
            errors.append(ContentError(shown, 1, "this is a link to a file that does not exist",
                                       "delete the link, or copy the file it should point to in its place"))
            return False
        if entry.is_dir():
            errors.append(ContentError(shown, 1, "this is a folder, but its name ends like a file's",
                                       "rename the folder, or move what is in it up one level"))
            return False
        if not entry.is_file():
            errors.append(ContentError(shown, 1, "this is not a regular file (a pipe, socket or device)",
                                       "remove it from content/"))
            return False
    except OSError as error:  # a link loop, for one
        errors.append(ContentError(shown, 1, f"this cannot be opened: {_reason(error)}",
                                   "delete it, or replace it with the real file"))
        return False
    return True


def _load_kind(folder: Path, kind: str, root: Path, shown_root: Path, raw: RawContent, cache=None) -> None:
    suffix = KINDS[kind]
    shown_folder = shown_root / folder.relative_to(root)
    for entry in _entries(folder, shown_folder, raw):
        known = cache.seen_entry(entry) if cache else None
        if known is not None:  # a dev server's cache: the same size and time as last time
            raw.files[kind].append(known)
            continue
        path = Path(entry.path)
        shown = f"{shown_folder}/{entry.name}"
        if entry.is_dir(follow_symlinks=False) and not entry.name.endswith(suffix):
            _load_kind(path, kind, root, shown_root, raw, cache)  # sub-folders such as exercises/knee/
            continue
        stem, dot, ending = entry.name.rpartition(".")
        ending = f".{ending.lower()}" if dot and stem else ""
        stem = stem if dot and stem else entry.name
        if ending != suffix:
            if entry.is_symlink() and os.path.isdir(entry.path):
                hint = "hepkit does not follow links to folders: copy the folder in instead"
            elif ending in OTHER_ENDINGS:
                hint = f"rename it to {stem}{suffix}"
            else:
                hint = f"{kind} are {suffix} files: move this one out of content/, or start its name with a dot"
            raw.errors.append(ContentError(shown, 1, f'{kind} files end in "{suffix}", not "{ending or "nothing"}"',
                                           hint))
            continue
        if not _is_file(entry, shown, raw.errors):
            raw.unreadable[kind].add(stem)
            continue
        source = read_source(path, root, shown, raw.errors, cache, entry)
        if source is not None:
            raw.files[kind].append(source)
        else:  # already reported; references to it should not be reported again
            raw.unreadable[kind].add(stem)


def _check_theme_folder(folder: Path, shown: Path, raw: RawContent) -> None:
    """content/theme/ holds a clinic's templates/ and static/ files (render.py reads them); nothing else."""
    for entry in _entries(folder, shown, raw):
        if entry.name not in ("templates", "static") or not entry.is_dir(follow_symlinks=False):
            raw.errors.append(ContentError(str(shown / entry.name), 1, "a theme holds only the folders templates "
                                           "and static", "move this into theme/templates/ or theme/static/, or out"))


def _read_salt(root: Path, shown_root: Path, errors: list[ContentError]) -> str:
    """The private sheet salt: HEPKIT_SHEET_SALT, or content/.sheet-salt (kept out of git)."""
    if os.environ.get("HEPKIT_SHEET_SALT", "").strip():
        return os.environ["HEPKIT_SHEET_SALT"].strip()
    path = root / SALT_FILE
    if not path.is_file():
        return ""
    text = read_text(path, str(shown_root / SALT_FILE), errors) or ""
    return "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))
