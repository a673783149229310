"""The build as one story: load everything, validate it all, render every page, then write.

Nothing touches output/ until every page has rendered, so any problem leaves it as it was.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .load import load
from .model import Library
from .render import render
from .validate import validate
from .write import make_salt, update_changed, write_all

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
STATIC = PROJECT / "static"


@dataclass
class BuildResult:
    library: Library
    files: dict[str, bytes]
    changed: list[str]
    seconds: float


def check(content_dir) -> Library:
    """Load and validate; raises ContentErrors with every problem found."""
    return validate(load(content_dir))


def with_salt(library: Library, content_dir) -> Library:
    """Sheet names need a private salt: the first build without one makes content/.sheet-salt."""
    if not library.site.sheet_salt:
        library.site.sheet_salt = make_salt(content_dir)
    return library


def build(content_dir, output_dir, incremental: bool = False) -> BuildResult:
    """Build the whole site. `incremental` (for serve) rewrites only the files that changed."""
    started = time.perf_counter()
    library = with_salt(check(content_dir), content_dir)
    files = render(library, TEMPLATES, STATIC)
    if incremental:
        changed = update_changed(files, output_dir)
    else:
        write_all(files, output_dir)
        changed = sorted(files)
    return BuildResult(library, files, changed, time.perf_counter() - started)
