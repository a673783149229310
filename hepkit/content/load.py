"""Stage 1: read every file under content/ into plain Python data that remembers its line numbers.

Nothing here knows what an exercise or a dose is; that is validate's job. Load only makes sure
each file is readable UTF-8, stays inside content/, and parses as (safe) YAML.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError
from ..i18n.catalogs import known_locale
from ..salt import SALT_FILE, read_salt
from .source import Source, read_source, read_text

if TYPE_CHECKING:  # passed in by the pipeline; loading never imports the output stage
    from ..output.cache import BuildCache

KINDS = {"conditions": ".md", "exercises": ".md", "programs": ".yaml", "patients": ".yaml"}  # folder: ending
FOLDER_OF = {folder.removesuffix("s"): folder for folder in KINDS}  # "exercise": "exercises"


@dataclass
class RawContent:
    root: Path
    site: Source | None = None
    files: dict[str, list[Source]] = field(default_factory=lambda: {k: [] for k in KINDS})
    translations: dict[str, list[Source]] = field(default_factory=lambda: {k: [] for k in KINDS})
    unreadable: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    errors: list[ContentError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # editor and system files, skipped by rule
    salt: str = ""  # the private sheet salt, when it is kept outside site.yaml
    logs: list[Source] = field(default_factory=list)  # patients/<id>.log.yaml: what a phone handed over


# Files an editor or the system leaves beside content: skipped by rule, listed by --verbose.
# (.#x.md is Emacs's lock file, often a dangling link; x.md~ and .x.md.swp are backups.)
IGNORED = re.compile(r"^(\..*|.*~|#.*#|.*\.(swp|swo|swx|tmp|bak|orig|rej)|Thumbs\.db|desktop\.ini|__pycache__)$",
                     re.IGNORECASE)
# What a clinic's own folder (hepkit new site) holds beside the content: skipped by rule too.
SITE_FOLDER_OWN = {"README.md", "README.txt", "README", "LICENSE", "LICENSE.md", "output", "reports"}
OTHER_ENDINGS = {".yml": ".yaml", ".markdown": ".md", ".txt": ".md", ".json": ".yaml"}


def load(content_dir: str | Path, cache: BuildCache) -> RawContent:
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
    raw.salt = read_salt(root, shown_root, raw.errors, read_text)
    cache.keep_private(raw.salt)
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
                                           f"content/ holds site.yaml, the folders {', '.join(KINDS)} and a "
                                           "theme/: move it out of content/, or start its name with a dot to keep "
                                           "it here"))
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
        if folder == raw.root and entry.name in SITE_FOLDER_OWN:  # a clinic's folder: its README, output/
            raw.ignored.append(str(shown_folder / entry.name))
        elif IGNORED.match(entry.name) and entry.name != SALT_FILE:
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


def _load_kind(folder: Path, kind: str, root: Path, shown_root: Path, raw: RawContent, cache: BuildCache) -> None:
    suffix = KINDS[kind]
    shown_folder = shown_root / folder.relative_to(root)
    for entry in _entries(folder, shown_folder, raw):
        known = cache.seen_entry(entry)
        if known is not None:  # a dev server's cache: the same size and time as last time
            if kind == "patients" and entry.name.endswith(LOG + suffix):
                raw.logs.append(known)
            else:
                (raw.translations if known.language else raw.files)[kind].append(known)
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
        source = read_source(path, root, shown, raw.errors, cache, entry, private=kind == "patients")
        original, language = translation_of(stem) if kind in TRANSLATED else (stem, "")
        if source is not None and kind == "patients" and stem.endswith(LOG):
            source.id = stem.removesuffix(LOG)
            raw.logs.append(source)
        elif source is not None and language:
            source.id, source.language = original, language
            raw.translations[kind].append(source)
        elif source is not None:
            raw.files[kind].append(source)
        elif not language:  # already reported; references to it should not be reported again
            raw.unreadable[kind].add(stem)


LOG = ".log"  # patients/sam.log.yaml is the log of patients/sam.yaml (hepkit log add)
TRANSLATED = ("conditions", "exercises", "programs")  # a patient's language is a field in the file
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_[0-9]{3})?")


def translation_of(stem: str) -> tuple[str, str]:
    """'single-leg-bridge.es' → ('single-leg-bridge', 'es'): a translation sits beside its original and
    ends in a language code CLDR knows. Anything else is an ordinary id: ('hip.v2', '')."""
    original, dot, code = stem.rpartition(".")
    if dot and original and _LANGUAGE_CODE.fullmatch(code) and known_locale(code) is not None:
        return original, code
    return stem, ""


def _check_theme_folder(folder: Path, shown: Path, raw: RawContent) -> None:
    """content/theme/ holds a clinic's templates/ and static/ files (render.py reads them); nothing else."""
    for entry in _entries(folder, shown, raw):
        if entry.name not in ("templates", "static") or not entry.is_dir(follow_symlinks=False):
            raw.errors.append(ContentError(str(shown / entry.name), 1, "a theme holds only the folders templates "
                                           "and static", "move this into theme/templates/ or theme/static/, or out"))
