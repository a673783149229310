"""Stage 4: put the rendered site in place, all of it or none of it.

Everything is written into a temporary folder beside output/, which is then swapped in, so a
failed or interrupted build leaves the previous output/ whole. A marker file says the folder
belongs to hepkit; a non-empty folder without it is never replaced (it may hold someone's files).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import ContentError, ContentErrors

MARKER = ".hepkit-output"
MARKER_TEXT = b"This folder is made by hepkit (python build.py). It is replaced on every build.\n"


def _check_owner(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise ContentErrors([ContentError(str(output), 1, "the output path is a file, not a folder",
                                          "pass another --output folder, or move the file away")])
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise ContentErrors([ContentError(str(output), 1, "this folder holds files that hepkit did not make",
                                          "pass an empty or new folder with --output; hepkit will not delete them")])


def write_all(files: dict[str, bytes], output_dir: str | Path) -> None:
    """Replace output_dir with exactly `files` (plus the marker)."""
    output = Path(output_dir)
    _check_owner(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.replace(output, retired / "site")
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(retired / "site", output)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def update_changed(files: dict[str, bytes], output_dir: str | Path) -> list[str]:
    """For the dev server: write only the files whose bytes changed, each atomically; drop stale ones.

    Returns the changed paths. A browser never reads a half-written page, since each file is
    renamed into place whole.
    """
    output = Path(output_dir)
    if not (output / MARKER).is_file():
        write_all(files, output)
        return sorted(files)
    changed = []
    for relative, data in sorted(files.items()):
        target = output / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        changed.append(relative)
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative not in files:
            path.unlink()
            changed.append(relative)
    return changed
