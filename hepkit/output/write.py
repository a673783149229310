"""Stage 4: put the rendered site in place, all of it or none of it.

Everything is written into a staging folder beside output/, which then takes output/'s place in
one atomic step (Linux: renameat2 with RENAME_EXCHANGE). Elsewhere it is two renames, and a build
cut off between them (a power cut) is put right by the next build, which also removes staging
folders that a killed build left behind. A lock on the folder holding output/ makes a second
build wait its turn.
A marker file says the folder belongs to hepkit; a non-empty folder without it is never replaced.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..errors import ContentError, ContentErrors
from ..files import create_file
from .record import MARKER, pages_in, write_record

MARKER_TEXT = b"This folder is made by hepkit (python build.py). It is replaced on every build.\n"


class StoppedAfterSwap(KeyboardInterrupt):
    """Ctrl+C or SIGTERM arrived while the new site was being put in place: it is in place."""


def _problem(path: Path, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(str(path), 1, message, hint)])


HINTS = {errno.EACCES: "check that you may write to this folder, or pass another --output",
         errno.EPERM: "check that you may write to this folder, or pass another --output",
         errno.EROFS: "this disk is read-only: pass an --output folder on another disk",
         errno.ENOSPC: "the disk is full: free some space and build again",
         errno.EDQUOT: "your disk quota is used up: free some space and build again"}


def _fault(error: OSError, output: Path) -> ContentErrors:
    """A file-system error as the physio's message; the previous site is untouched."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return _problem(output, "cannot write the site here: a part of this path is a file, not a folder",
                        "pass another --output")
    reason = error.strerror or str(error)
    return _problem(output, f"cannot write the site here: {reason.lower()}",
                    HINTS.get(error.errno, "check the folder and the disk, then build again"))


def _target(output: Path) -> Path:
    """Where the site really goes: a symlinked output/ is followed, so what it points to is replaced."""
    if output.is_symlink():
        output = Path(os.path.realpath(output))
    if output.exists() and not output.is_dir():
        raise _problem(output, "the output path is a file, not a folder",
                       "pass another --output folder, or move the file away")
    if output.is_dir() and os.path.ismount(output):
        raise _problem(output, "the output folder is a mount point, so it cannot be swapped whole",
                       f"pass --output {output / 'site'} (a folder inside it)")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise _problem(output, "this folder holds files that hepkit did not make",
                       "pass an empty or new folder with --output; hepkit will not delete them")
    return output


def _writable(output: Path) -> None:
    """Before anything is written: an old site that cannot be removed is said now, not left behind."""
    if output.is_dir() and not os.access(output, os.W_OK | os.X_OK):
        raise _problem(output, "the output folder is read-only, so its old pages could not be removed",
                       f"make it writable (chmod -R u+w {output}) or pass another --output")


def refuse_overlap(content_dir: str | Path, output_dir: str | Path) -> None:
    """hepkit replaces the output folder whole: one that holds the content (or sits inside it)
    would delete the clinic's files, or be read as content. Checked before anything is touched."""
    content, output = Path(os.path.realpath(content_dir)), Path(os.path.realpath(output_dir))
    if content == output or output in content.parents:
        raise _problem(Path(output_dir), f"the output folder holds the content folder {content_dir}: every build "
                       "replaces the output folder whole, so the content would be deleted",
                       "pass an --output folder outside the content, for example one beside it")
    if content in output.parents and not (output.parent == content and output.name == "output"):
        raise _problem(Path(output_dir), f"the output folder is inside the content folder {content_dir}",
                       "pass an --output folder outside the content, for example one beside it (a clinic's "
                       "folder made by `hepkit new site` may use its own output/)")


@contextlib.contextmanager
def site_lock(output_dir: str | Path):
    """The output folder, locked for one build's turn: what a build reads of the old site (its
    record, the pages it keeps) and what it writes are one turn, so a second build, even of other
    content, waits and then sees the site as the first left it. Puts right what a killed build left
    (recover). Yields where the site really goes (a symlinked output/ followed)."""
    output = _target(Path(output_dir))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        folder = os.open(output.parent, os.O_RDONLY)
    except OSError as error:
        raise _fault(error, output) from error
    try:
        _lock(folder, output)
        try:
            recover(output)
        except OSError as error:
            raise _fault(error, output) from error
        yield output
    finally:
        os.close(folder)  # closing the folder releases the lock


def _lock(folder: int, output: Path) -> None:
    """Only one build writes output/ at a time; a second one says so and waits its turn. The lock
    is on the folder that holds output/, so it leaves no file behind."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds there are one at a time by hand
        return
    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"Another hepkit build is writing {output}; waiting for it to finish…", file=sys.stderr, flush=True)
        fcntl.flock(folder, fcntl.LOCK_EX)


def _ours(folder: Path) -> bool:
    return (folder / MARKER).is_file() or (folder / "site" / MARKER).is_file() or not any(folder.iterdir())


def recover(output: Path) -> None:
    """Put right what a killed build left: the old site back if output/ went missing between two
    renames, and every leftover staging folder removed. Call with the lock held."""
    leftovers = [*sorted(output.parent.glob(f".{output.name}.new-*")),
                 *sorted(output.parent.glob(f".{output.name}.old-*"))]
    for folder in leftovers:
        if not folder.is_dir() or folder.is_symlink() or not _ours(folder):
            continue
        old_site = folder / "site" if (folder / "site").is_dir() else folder
        if not output.exists() and ".old-" in folder.name and (old_site / MARKER).is_file():
            os.replace(old_site, output)
        _remove(folder)


_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_renameat2 = getattr(_libc, "renameat2", None)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system or file system cannot."""
    if _renameat2 is None or os.environ.get("HEPKIT_NO_EXCHANGE"):
        return False
    if _renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _signals_held():
    """Ctrl+C and SIGTERM wait until the swap is done, then stop the program (StoppedAfterSwap)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    held = {s: signal.signal(s, lambda number, frame: caught.append(number)) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)
        if caught:
            raise StoppedAfterSwap()


def pause_for_tests(step: str) -> None:
    """A test-only hook: HEPKIT_TEST_PAUSE=step:file waits at `step` until `file` exists, so a test can
    kill the build there."""
    wanted = os.environ.get("HEPKIT_TEST_PAUSE", "")
    if wanted.split(":", 1)[0] == step:
        print(f"hepkit: paused at {step}", file=sys.stderr, flush=True)
        go = Path(wanted.split(":", 1)[1])
        while not go.exists():
            time.sleep(0.02)


def _permissions() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def write_all(pages, output_dir: str | Path, keep=(), fill=None, record=None) -> Path:
    """Replace output_dir with the `pages` ((relative path, bytes), written as they come, so a big
    site is never held in memory) plus the pages named in `keep`, which are unchanged: they are
    linked from the old site, not copied. `fill(staging)`, when given, writes the pages itself
    (several processes at once). `record()`, called once every page is written, gives the
    output's record (record.py), which is swapped in with the pages. Call within site_lock(), with
    the folder it yields. Returns where the site went."""
    output = Path(output_dir)
    _writable(output)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        try:
            os.chmod(staging, _permissions())  # mkdtemp makes 0700; a web server may need to read it
            (staging / MARKER).write_bytes(MARKER_TEXT)  # first, so a killed build's leftover is known as ours
            for relative in keep:
                _link(output / relative, staging / relative)
            if fill is not None:
                fill(staging)
            for relative, data in pages:
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            if record is not None:
                write_record(staging, record())
            pause_for_tests("staged")
            _swap(staging, output)
        except BaseException:
            _remove(staging)
            raise
    except OSError as error:
        raise _fault(error, output) from error
    return output


def _link(old: Path, new: Path) -> None:
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, new)  # pages are replaced, never changed in place, so old and new may share it
    except OSError:
        shutil.copy2(old, new)


def _swap(staging: Path, output: Path) -> None:
    retired = staging.with_name(staging.name.replace(".new-", ".old-"))
    with _signals_held():
        if not output.exists():
            os.replace(staging, output)
            return
        if _exchange(staging, output):
            os.replace(staging, retired)  # staging now holds the old site
        else:
            os.replace(output, retired)
            pause_for_tests("between-renames")
            os.replace(staging, output)
        _remove(retired)


def _remove(folder: Path) -> None:
    """Remove a folder of hepkit's, even one made read-only since (its files can then be deleted once
    their folders are writable again)."""
    def writable_then_retry(function, path, _):
        try:
            os.chmod(os.path.dirname(path), 0o700)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, 0o700)
            function(path)
        except OSError:
            pass
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=writable_then_retry)
    else:
        shutil.rmtree(folder, onerror=writable_then_retry)


def update_changed(pages, output_dir: str | Path, keep=(), record=None, look_for_gone: bool = True) -> list[str]:
    """For the dev server: write the given pages in place, each atomically as soon as it comes, and
    drop pages that no longer exist (when `look_for_gone`). `keep` names the pages that stay as they
    are. Returns the changed paths. A browser never reads a half-written page, since each file is
    renamed into place whole. The record is written when all pages are (`record()`): if a template
    fails half way, the pages written so far no longer hash as the record says, so no later build
    counts them as good. Call within site_lock().
    """
    output = Path(output_dir)
    if not (output / MARKER).is_file():  # a first build: streamed into place like any other
        written = []

        def noting(pages):
            for path, data in pages:
                written.append(path)
                yield path, data
        write_all(noting(pages), output, record=record)
        return sorted(written)
    changed, written = [], set()
    for relative, data in pages:  # each page is written as soon as it is rendered
        written.add(relative)
        target = output / relative
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        create_file(target, data)
        changed.append(relative)
    for relative in sorted(pages_in(output) - set(keep) - written if look_for_gone else ()):
        try:
            (output / relative).unlink()
            changed.append(relative)
        except FileNotFoundError:
            pass
    if record is not None:
        write_record(output, record())
    return changed
