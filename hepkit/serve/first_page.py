"""The dev server's first answer to a saved exercise: its own page, written before the whole build.

A whole build under serve validates every patient and keys every page, which at thousands of
patients takes a second or more; the physio looking at the exercise they just saved should not
wait for that. So, when every file a save touched is an exercise (not a translation) the last
good build knows, each is read and checked on its own, its page is rendered by the last build's
renderer with it in place, and written. The whole build follows at once and writes the same bytes
(so that page is not reloaded twice) and everything else the exercise is in. Should the whole
build find a problem the file alone did not show, the server puts the pages back as they were
(put_back), since it serves the last good site.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..content.source import read_source
from ..files import create_file
from ..output.cache import BuildCache
from ..output.write import site_lock
from ..pipeline import BuildResult
from ..site.pages import exercise_page
from ..validate import exercise_alone


def edited_exercises(last: BuildResult, touched) -> list | None:
    """The exercises of the last build whose files are exactly the `touched` ones, or None when a
    save touched anything else (a program, a translation, a new file: the whole build only)."""
    found = []
    for path in touched:
        exercise = last.library.exercises.get(Path(path).stem)
        if exercise is None or not os.path.isfile(path) or (
                os.path.realpath(exercise.where.path) != os.path.realpath(path)):
            return None
        found.append(exercise)
    return found or None


def write_first_pages(last: BuildResult, content_dir, output_dir, touched, cache: BuildCache) -> dict[str, bytes]:
    """Write the page of each exercise saved in `touched` that reads without a problem; returns
    {page path: its bytes before}, for put_back()."""
    if last is None or last.renderer is None or last.library is None:
        return {}
    edited = edited_exercises(last, touched)
    if edited is None:
        return {}
    root = Path(content_dir).resolve()
    renderer, pages = last.renderer, []
    for before in edited:
        errors: list = []
        source = read_source(Path(before.where.path), root, before.where.path, errors, cache)
        exercise = exercise_alone(source, cache) if source is not None and not errors else None
        if exercise is None:  # the whole build reports it, at its line
            return {}
        renderer = renderer.with_exercise(exercise)
        pages.append(exercise_page(renderer.library, exercise))
    rendered = [(page.path, renderer.render(page)) for page in pages]
    earlier = {}
    with site_lock(output_dir) as output:
        for path, data in rendered:
            target = output / path
            old = target.read_bytes() if target.is_file() and not target.is_symlink() else None
            if old != data:
                create_file(target, data)
                earlier[path] = old
    return earlier


def put_back(output_dir, earlier: dict[str, bytes]) -> None:
    """The pages write_first_pages() wrote, as they were before it (a page that was not there goes)."""
    with site_lock(output_dir) as output:
        for path, data in earlier.items():
            if data is None:
                (output / path).unlink(missing_ok=True)
            else:
                create_file(output / path, data)
