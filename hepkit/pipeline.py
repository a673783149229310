"""The build as one story: load everything, validate it all, render the pages whose sources
changed, then write.

Pages are written into a staging folder as they render and swapped in when all are done, so any
problem leaves output/ as it was, and memory stays flat however many pages there are.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentErrors
from .output import last_build
from .output.cache import NO_CACHE, BuildCache, folder_for
from .output.last_build import Report
from .output.record import content_hash, file_hash, holds_exactly, is_page, page_id, read_record
from .output.write import pause_for_tests, refuse_overlap, site_lock, update_changed, write_all
from .parallel import WORKERS, worker_signals

if TYPE_CHECKING:  # the stages that parse and render are imported only when a build needs them
    from .content.model import Library
    from .site.render import Renderer

HERE = Path(__file__).resolve().parent


def _built_in(name: str) -> Path:
    """hepkit's own templates/ or static/: inside the package once installed, at the top of a clone."""
    return HERE / name if (HERE / name).is_dir() else HERE.parent / name


@dataclass(frozen=True)
class Builtins:
    """hepkit's own templates and static files, which a clinic's content/theme/ overrides. A value
    passed to build(), not a global: serve watches exactly what a build reads, and a test builds
    with other templates by passing them."""
    templates: Path = _built_in("templates")
    static: Path = _built_in("static")

    def folders(self) -> list[Path]:
        return [self.templates, self.static]


@dataclass
class BuildResult:
    library: Library | None  # None when nothing changed: the content was not even read
    pages: int  # how many pages the site has
    changed: list[str]  # the pages this build wrote (none when nothing changed; a sheet's .ics goes with it)
    seconds: float
    report: Report  # the warnings, the files skipped by rule, which sheet is whose
    renderer: Renderer | None = None  # what rendered it (None when nothing changed): serve renders with it


def check(content_dir, cache: BuildCache = NO_CACHE, builtins: Builtins = Builtins()) -> Library:
    """Load and validate, and check the clinic's theme templates; raises ContentErrors with every
    problem found."""
    from .content.load import load
    from .site.render import check_theme
    from .validate import validate
    library = validate(load(content_dir, cache), cache)
    problems = check_theme(Path(content_dir) / "theme", Path(content_dir), builtins.static)
    if problems:
        raise ContentErrors(problems)
    return library


PARALLEL_FROM = 400  # pages to render: below this a second process costs more than it saves


def made_of(keys, page, data: bytes, reads: set) -> tuple:
    """A rendered page's entry in the output's record: its key, from what it was declared to be made
    of and what it was seen to read; its content hash; and those files."""
    ids = keys.ids([*page.sources, *reads])
    return keys.of(page, ids), content_hash(data), ids


def render_in_parallel(renderer: Renderer, pages: list, staging: Path, workers: int, keys, progress=None) -> dict:
    """Render and write `pages` into `staging` in `workers` forked processes, alternate pages each.
    Rendering is deterministic, so the files are the same bytes as from one process. Returns
    {path: (key, content hash, source ids)} for the output's record."""
    import multiprocessing
    global _JOB
    _JOB = (renderer, pages, staging, workers, keys, progress)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=worker_signals) as pool:
            parts = pool.map(_render_share, range(workers))
    finally:
        _JOB = None
    return {path: value for part in parts for path, value in part.items()}


_JOB = None  # what the forked workers render: set just before the fork, read by _render_share


def _render_share(share: int) -> dict:
    renderer, pages, staging, workers, keys, progress = _JOB
    hashes = {}
    for done, page in enumerate(pages[share::workers]):
        if progress and share == 0:  # the first worker speaks for all: they take turns, page by page
            progress(min(len(pages), done * workers), len(pages))
        data = renderer.render(page)
        target = staging / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        hashes[page.path] = made_of(keys, page, data, renderer.last_reads)
    return hashes


def build(content_dir, output_dir, incremental: bool = False, use_cache: bool = True,
          cache: BuildCache | None = None, workers: int = WORKERS, builtins: Builtins = Builtins(),
          progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build the site. A build with nothing changed stops once its inputs hash as the last build's
    did (output/last_build.py). Otherwise the output's record (record.py) says which key, bytes and
    content files each page there has: a page whose key from those files is unchanged and whose
    bytes are still what was written is not rendered again, and output/ is left exactly as it is
    when no page changed. `incremental` (for serve) writes changed pages in
    place instead of swapping in a new folder. `cache` lets serve keep one cache across rebuilds.
    `builtins` are the templates and static files that content/theme/ overrides. `progress(done,
    total)` is told how many of the pages to render are done, as they are."""
    started = time.perf_counter()
    output = Path(output_dir)
    refuse_overlap(content_dir, output)
    remembered = use_cache and not incremental and cache is None  # a dev server's rebuilds are its own
    inputs = last_build.inputs_digest(content_dir, output, builtins.folders()) if remembered else ""
    same = last_build.unchanged(output, inputs) if remembered else None
    if same is not None:  # nothing read, parsed or rendered: the output is what these inputs make
        return BuildResult(None, same[0], [], time.perf_counter() - started, same[1])
    from .salt import with_salt
    from .site.pages import plan
    from .site.render import Renderer
    if cache is None:
        cache = BuildCache(folder_for(output) if use_cache else None)
    library = with_salt(check(content_dir, cache, builtins), content_dir)
    renderer = Renderer(library, builtins.templates, builtins.static, cache, auto_reload=incremental,
                        theme=Path(content_dir) / "theme")
    pages = plan(library)
    with site_lock(output) as target:  # from reading the old site's record to the swap: one turn
        changed, made = _write(renderer, pages, target, incremental, use_cache, workers, cache, progress)
    pause_for_tests("swapped")  # the site is in place, the cache not yet saved: a power cut here loses nothing
    cache.save()
    report = report_of(library)
    if remembered and last_build.inputs_digest(content_dir, output, builtins.folders()) == inputs:
        last_build.remember(output, inputs, {path: value[1] for path, value in made.items()}, report)
    return BuildResult(library, sum(is_page(p.path) for p in pages), [path for path in changed if is_page(path)],
                       time.perf_counter() - started, report, renderer)


def report_of(library: Library) -> Report:
    from .site.paths import sheet_name
    return Report([str(w) for w in library.warnings], list(library.ignored),
                  [(p.where.path, sheet_name(library.site, p.id)) for p in library.patients.values()])


def _write(renderer: Renderer, pages: list, output: Path, incremental: bool, use_cache: bool, workers: int,
           cache: BuildCache, progress=None) -> tuple[list, dict]:
    """Render what changed and write it; returns the pages written and {path: (key, content hash,
    source ids)} of every page. The output is locked."""
    from .site.reads import Keys, KeysSince
    last_keys = cache.memo(("page keys", str(output)), dict) if incremental else None  # a dev server's
    keys = (KeysSince(renderer.library.digests, renderer.settings, last_keys) if last_keys is not None
            else Keys(renderer.library.digests, renderer.settings))
    record = read_record(output) if use_cache else {}
    known = {page.path: record.get(page_id(page.path)) for page in pages}
    # A page is the same when the files it was made from last time (declared, and seen read while it
    # rendered) still hash as they did, and the site map declares nothing new for it.
    same = [p for p in pages if known[p.path] and keys.unchanged(p, known[p.path])]
    if last_keys is not None:
        last_keys.clear()
        last_keys.update(keys.keep())
    # Nothing changed: one walk of output/ checks that it holds exactly these pages, byte for byte.
    verified = (len(same) == len(pages) and not incremental
                and holds_exactly(output, {p.path: known[p.path][1] for p in pages}))
    if not verified:  # a page deleted or changed by hand is made again
        folder = str(output)
        hash_of = last_build.page_hashes(output) if use_cache and not incremental else None
        same = [p for p in same if known[p.path][1] == cache.output_hash(
            os.path.join(folder, p.path),
            (lambda _, page=p.path: hash_of(page, known[page][1])) if hash_of else file_hash)]
    same_paths = {p.path for p in same}
    to_render = [p for p in pages if p.path not in same_paths]
    made = {p.path: tuple(known[p.path]) for p in same}

    def rendered():
        for done, page in enumerate(to_render):
            if progress:
                progress(done, len(to_render))
            data = renderer.render(page)
            made[page.path] = made_of(keys, page, data, renderer.last_reads)
            written = made[page.path][1]
            yield page.path, data
            if incremental:  # written in place as soon as it is yielded: remember it as written
                cache.output_hash(os.path.join(str(output), page.path), lambda path, known=written: known)

    def entries():
        return {page_id(path): [key, sha, list(ids)] for path, (key, sha, ids) in made.items()}

    keep = [p.path for p in same]
    if incremental:  # the edited file's own page first: fewest sources first puts it ahead of those listing it
        to_render.sort(key=lambda page: (len(page.sources), page.path))
        gone = set(record) - {page_id(p.path) for p in pages}  # pages of the last build that are no more
        changed = update_changed(rendered(), output, keep, record=entries, look_for_gone=bool(gone) or not record)
    elif verified:
        changed = []
    elif workers > 1 and len(to_render) >= PARALLEL_FROM:
        write_all((), output, keep, fill=lambda staging: made.update(render_in_parallel(renderer, to_render,
                                                                                         staging, workers, keys,
                                                                                         progress)),
                  record=entries)
        changed = [p.path for p in to_render]
    else:
        write_all(rendered(), output, keep, record=entries)
        changed = [p.path for p in to_render]
    return changed, made
