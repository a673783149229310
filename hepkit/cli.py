"""The command line, as `hepkit` (installed) or `python build.py` (a clone): build, check, serve,
sheets, clean, new patient, new site."""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
from pathlib import Path

from . import __version__
from .errors import ContentErrors, did_you_mean
from .output.cache import clean as clean_cache
from .output.write import MARKER, StoppedAfterSwap, refuse_overlap
from .pipeline import build, check, report_of
from .site.paths import INDEX
from .starter import new_site

# Only what a build with nothing changed needs is imported up here: the stages that parse, check
# and render (YAML, Jinja, Markdown, Babel) are imported by the commands that use them.

LIST_SHEETS_UP_TO = 10


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a number from 1 to 65535, such as 8000")
    return int(text)


def _options(*names: str) -> argparse.ArgumentParser:
    """A parent parser with the shared options a command takes (and only those)."""
    options = argparse.ArgumentParser(add_help=False)
    helps = {
        "--content": dict(metavar="DIR", help="folder with site.yaml, exercises/, programs/, ... (default: content)"),
        "--output": dict(metavar="DIR", help="folder the site is written to; hepkit owns it and replaces it "
                                             "(default: output)"),
        "--verbose": dict(action="store_true", help="also list the editor and system files that were skipped"),
        "--no-cache": dict(action="store_true", help="render every page afresh, without reading or writing "
                                                     ".hepkit-cache/"),
    }
    for name in names:
        options.add_argument(name, default=argparse.SUPPRESS, **helps[name])
    return options


COMMANDS = {  # command: (what it does, the shared options it takes)
    "build": ("build everything into the output folder", ("--content", "--output", "--verbose", "--no-cache")),
    "check": ("check the content for mistakes; write nothing", ("--content", "--verbose")),
    "serve": ("build, serve on 127.0.0.1 and rebuild + reload the browser on every change",
              ("--content", "--output", "--verbose")),
    "sheets": ("list which sheet file belongs to which patient file", ("--content", "--output")),
    "clean": ("remove the output folder and the build cache", ("--content", "--output")),
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=command_name(), parents=[_options(*COMMANDS["build"][1])],
        description="Build printable, offline exercise handouts and patient sheets from a clinic's content.",
        epilog=f"With no command, builds the site (same as `{command_name()} build`). Without --content, the "
               "content is ./content (this repository) or the folder with site.yaml here or above. Exit status: "
               "0 all is well, 1 the content has problems, 2 the command line is mistyped, 130 stopped.")
    parser.add_argument("--version", action="version", version=f"hepkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    made = {}
    for name, (does, options) in COMMANDS.items():
        made[name] = commands.add_parser(name, parents=[_options(*options)], help=does,
                                         description=does[0].upper() + does[1:] + ".")
    made["check"].add_argument("--translations", action="store_true",
                               help="also say, for each language, how much is translated and what is not")
    made["serve"].add_argument("--port", type=_port, default=8000, help="port to serve on (default: 8000)")
    new = commands.add_parser("new", help="start something: `new patient NAME` or `new site DIR`",
                              description="Start something: a patient's file (`new patient NAME --program ID`) "
                                          "or a clinic's own folder (`new site DIR`).")
    kinds = new.add_subparsers(dest="what", metavar="WHAT", required=True)
    does = "a patient's file, from a program and phase"
    patient = kinds.add_parser("patient", parents=[_options("--content", "--output")], help=does,
                               description=f"Write {does} into content/patients/.")
    patient.add_argument("name", help='the patient\'s name, in quotes: "Jane Example"')
    patient.add_argument("--program", required=True, help="program id (a file name in programs/)")
    patient.add_argument("--phase", default="1", help="phase number or id to start in (default: 1)")
    patient.add_argument("--language", help="the sheet's language, such as es (default: site.yaml's)")
    does = "a clinic's own folder, ready to build, with one example of each file"
    site = kinds.add_parser("site", help=does, description=f"Make {does}.")
    site.add_argument("folder", metavar="DIR", help="the folder to make (new, or empty)")
    site.add_argument("--clinic", default="My Clinic", help='the clinic\'s name, in quotes (default: "My Clinic")')
    site.add_argument("--language", default="en", help="the language of the site and its examples: en or es")
    site.add_argument("--paper", default="A4", choices=["A4", "Letter"], help="paper size (default: A4)")
    return parser


def command_name() -> str:
    """How the physio runs hepkit, for messages: `hepkit` when installed, `python build.py` in a clone."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "hepkit"


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
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one plain line that says what to type instead, and exit 2.
    Abbreviated options are not guessed: `--out` is told what it could be, not taken as `--output`."""

    argv: list[str] = []  # the words being parsed, set by _main: a message looks at all of them

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        print(f"{command_name()}: {_usage_problem(message, self.argv)}", file=sys.stderr)
        print(f"Run `{command_name()} --help` for the commands, `{command_name()} COMMAND --help` for a "
              "command's options.", file=sys.stderr)
        sys.exit(2)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((dict(a.choices) for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})


def _long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")}


def _usage_problem(message: str, argv: list[str]) -> str:
    """argparse's message as a plain one. An unknown option is named first (it is what makes the
    value after it look like a command: `--prot 9000 serve`), with the option it was probably
    meant to be and the command that has it."""
    import re
    parser, words, chain = _parser(), [], []
    owners: dict[str, str] = {}  # every long option: the command it belongs to ("" for the top)

    def collect(p, name):
        for option in _long_options(p):
            owners.setdefault(option, name)
        for sub_name, sub in _subcommands(p).items():
            collect(sub, f"{name} {sub_name}".strip())
    collect(parser, "")
    allowed = _long_options(parser)
    for word in argv:  # the options allowed where each word stands: the top's, then its command's
        option = word.split("=", 1)[0]
        if word in _subcommands(parser):
            parser = _subcommands(parser)[word]
            chain.append(word)
            allowed = _long_options(parser)
        elif option.startswith("--") and option not in allowed:
            words.append((option, " ".join(chain)))
    for option, at in words:
        if option in owners:
            owner = owners[option] or "build"
            return (f"{option} is not an option of `{at or command_name()}` — it belongs to `{owner}`: write "
                    f"`{command_name()} {owner} {option} ...`")
        starting = [known for known in owners if known.startswith(option)]
        guess = did_you_mean(option, owners)
        if len(starting) == 1 or guess:
            meant = starting[0] if len(starting) == 1 else guess[len(' (did you mean "'):-len('"?)')]
            owner = owners[meant] or "build"
            return (f"there is no option {option} — did you mean {meant}? (`{command_name()} {owner} {meant} ...`)")
        if starting:
            return f"there is no option {option} — did you mean {' or '.join(sorted(starting))}?"
        return f"there is no option {option} — the options of each command are in `{command_name()} COMMAND --help`"
    if "unrecognized arguments" in message and chain[:2] == ["new", "patient"]:
        return (f"{message[message.index('unrecognized'):]} — put the name in quotes: "
                f'new patient "Jane Example" --program ...')
    choice = re.search(r"invalid choice: '([^']*)'", message)
    if choice:
        names = list(_subcommands(parser))
        return f'there is no command "{choice[1]}"{did_you_mean(choice[1], names)} — use one of {", ".join(names)}'
    return message


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
    _Parser.argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    command = args.command or "build"
    if command == "new" and args.what == "site":
        return new_site(args.folder, args.clinic, args.language, args.paper, command_name())
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
        return _report(errors, None if command in ("check", "sheets", "new", "clean") else output)
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
