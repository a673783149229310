"""The command line, as `hepkit` (installed) or `python build.py` (a clone): build, check, serve,
sheets, clean, new patient, new site."""
from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

from .errors import ContentErrors
from .output.cache import clean as clean_cache
from .output.write import MARKER, StoppedAfterSwap, refuse_overlap
from .pipeline import build, check, report_of
from .site.paths import INDEX
from .starter import new_site
from .usage import Parser, build_parser, command_name

# Only what a build with nothing changed needs is imported up here: the stages that parse, check
# and render (YAML, Jinja, Markdown, Babel) are imported by the commands that use them.

LIST_SHEETS_UP_TO = 10


def _where(args) -> tuple[str, str]:
    """The content and output folders: as given; else ./content (this repository's layout); else
    the nearest folder with site.yaml, here or above (a clinic's own folder), with its output/."""
    content, output = getattr(args, "content", None), getattr(args, "output", None)
    if content is None:
        content = "content"
        if not Path("content", "site.yaml").is_file():
            found = find_site(Path.cwd())
            if found is not None:
                content = os.path.relpath(found)
                output = output or ("output" if content == "." else os.path.join(content, "output"))
    return content, output or "output"


def find_site(folder: Path) -> Path | None:
    """The folder holding site.yaml: `folder` or the nearest one above it, as git finds its repository."""
    for candidate in (folder, *folder.parents):
        if (candidate / "site.yaml").is_file():
            return candidate
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _report(errors: ContentErrors, output: str | None) -> int:
    for error in errors.errors:
        print(error, file=sys.stderr)
    count = len(errors.errors)
    tail = f"; {output}/ was not changed" if output else ""
    print(f"{_plural(count, 'problem')} found{tail}.", file=sys.stderr)
    return 1


class Progress:
    """A line on a terminal for a long build: "Writing pages: 1,200 of 10,900", redrawn in place on
    stderr, from about two seconds in, at most ten times a second, and wiped when the build ends.
    Nothing when stderr is not a terminal, so logs and CI stay clean."""

    AFTER = 2.0  # seconds: a build quicker than this shows no progress at all

    def __init__(self, stream=None, clock=None):
        import time
        self.stream = stream or sys.stderr
        self.clock = clock or time.monotonic
        self.on = self.stream.isatty()
        self.started, self.drawn_at, self.shown = self.clock(), 0.0, False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if not self.on or now - self.started < self.AFTER or now - self.drawn_at < 0.1:
            return
        self.drawn_at, self.shown = now, True
        self.stream.write(f"\rWriting pages: {done:,} of {total:,}")
        self.stream.flush()

    def clear(self) -> None:
        """Wipe the line: drawn here, or by a forked render worker (whose `shown` this copy never sees)."""
        if self.on and (self.shown or self.clock() - self.started >= self.AFTER):
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def _plain_terminal() -> None:
    """A terminal that cannot show a character gets a stand-in for it, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _plain_terminal()
    try:
        return _main(argv)
    except BrokenPipeError:  # `build.py | head -1`: the reader has gone, which is not a failure
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


def _main(argv: list[str] | None) -> int:
    Parser.argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    command = args.command or "build"
    if command == "new" and args.what == "site":
        # from a clone the new folder has no build.py of its own: name this one by its full path
        here = command_name().replace("build.py", str(Path(sys.argv[0]).resolve()))
        return new_site(args.folder, args.clinic, args.language, args.paper, here)
    content, output = _where(args)
    if command != "new" and not Path(content).is_dir() and getattr(args, "content", None) is None:
        print(f"There is no site here: no content/ folder, and no site.yaml in this folder or any above it — run "
              f"{command_name()} in your clinic's folder, start one with `{command_name()} new site DIR`, or "
              "pass --content DIR", file=sys.stderr)
        return 1
    built = False
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        if command == "check":
            library = check(content)
            _told(report_of(library), args)
            counts = ", ".join(_plural(len(things), word) for word, things in (
                ("exercise", library.exercises), ("program", library.programs), ("patient", library.patients)))
            print(f"{content}: no problems in {counts}.")
            if getattr(args, "translations", False):
                _translations(library)
            return 0
        if command == "sheets":
            from .salt import with_salt
            report = report_of(with_salt(check(content), content))
            code = _sheets(report, output)
            if report.warnings:  # the list is what was asked for; the warnings are check's to show
                print(f"({_plural(len(report.warnings), 'warning')}: `{command_name()} check` shows "
                      f"{'it' if len(report.warnings) == 1 else 'them'})", file=sys.stderr)
            return code
        if command == "new":
            from .starter.patient import new_patient
            return new_patient(content, output, args.name, args.program, args.phase, args.language, command_name())
        if command == "log":
            from .handover.add import log_add
            return log_add(content, args.patient_file, args.summary)
        if command == "report":
            from .handover.report import write_reports
            return write_reports(content, output, args.reports)
        if command == "serve":
            from .serve import serve  # livereload is only needed here
            return serve(content, output, args.port, verbose=getattr(args, "verbose", False))
        if command == "clean":
            return _clean(content, output)
        progress = Progress()
        try:
            result = build(content, output, use_cache=not getattr(args, "no_cache", False), progress=progress)
        finally:
            progress.clear()
        built = True
        _told(result.report, args)
        done = (f"Built {result.pages} pages in {result.seconds:.2f} s" if len(result.changed) == result.pages else
                f"Nothing changed: {result.pages} pages checked in {result.seconds:.2f} s" if not result.changed else
                f"Rebuilt {len(result.changed)} of {result.pages} pages in {result.seconds:.2f} s")
        print(f"{done}. Open {Path(output) / INDEX}")
        _print_sheets(result.report, output)
        return 0
    except ContentErrors as errors:
        return _report(errors, None if command in ("check", "sheets", "new", "clean", "log", "report") else output)
    except KeyboardInterrupt as stop:
        if isinstance(stop, StoppedAfterSwap) or built:
            print(f"Stopped; the new site was already in place in {output}/.", file=sys.stderr)
        else:
            print(f"Stopped; {output}/ was not changed.", file=sys.stderr)
        return 130


def _translations(library) -> None:
    """How far each language is translated: the interface words (hepkit's catalog) and the content
    (translation files beside their originals), with what is still missing."""
    from .i18n.catalogs import catalog_coverage, catalog_languages, language_name
    default = library.site.language
    print(f"Translations (the content is written in {language_name(default)}, {default}):")
    sheets: dict[str, int] = {}
    for patient in library.patients.values():
        sheets[patient.language] = sheets.get(patient.language, 0) + 1
    languages = sorted(set(library.coverage) | {c for c in catalog_languages() if c != default})
    for language in languages:
        used = f", {_plural(sheets[language], 'patient sheet')}" if sheets.get(language) else ""
        print(f"  {language_name(language)} ({language}){used}:")
        done, total = catalog_coverage(language)
        print(f"    interface words  {done} of {total}")
        missing = []
        for kind, (have, complete, every) in library.coverage.get(language, {}).items():
            print(f"    {kind:<16} {len(complete)} of {len(every)}" +
                  (f" ({len(have) - len(complete)} with words missing)" if len(have) > len(complete) else ""))
            missing += [f"{kind}/{i}" + ("" if i in have else " (no file)") for i in every if i not in complete]
        if missing:
            print("    not translated: " + ", ".join(missing))


def _clean(content: str, output: str) -> int:
    """Remove the output folder (only if hepkit made it, and never one holding the content) and the
    build cache beside it."""
    target = Path(output)
    refuse_overlap(content, target)
    removed = clean_cache(target)
    if target.is_dir() and not target.is_symlink():
        if not (target / MARKER).is_file() and any(target.iterdir()):
            print(f"{output}: this folder holds files that hepkit did not make — it was left alone", file=sys.stderr)
            return 1
        shutil.rmtree(target)
        removed.append(target)
    print("Removed " + ", ".join(f"{p}/" for p in removed) + "." if removed else "Nothing to remove.")
    return 0


def _told(report, args) -> None:
    """Print what does not stop a build: warnings, and with --verbose the files skipped by rule."""
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if getattr(args, "verbose", False):
        for path in report.ignored:
            print(f"{path}: skipped (an editor's or the system's file)", file=sys.stderr)


def _print_sheets(report, output) -> None:
    if len(report.sheets) > LIST_SHEETS_UP_TO:
        print(f"{len(report.sheets)} patient sheets; `{command_name()} sheets` says which is whose.")
    else:
        _sheets(report, output)


def _sheets(report, output) -> int:
    for patient_file, sheet in report.sheets:
        print(f"{patient_file} → {Path(output) / sheet}")
    return 0
