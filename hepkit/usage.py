"""The command line's words: its commands and options (each command lists only its own), and what
it says when they are mistyped: one plain line with what to type instead, and exit status 2."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import __version__
from .errors import did_you_mean


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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
    site.add_argument("--paper", default="A4", choices=["A4", "Letter", "any"],
                      help="paper size, or any: the paper each printer has (default: A4)")
    does = "add a patient's summary (text, a file, or a photo of its QR code) to their log"
    log = commands.add_parser("log", help="the patients' logs: `log add PATIENT_FILE [SUMMARY]`",
                              description="The logs patients' phones hand over (docs/patient-log.md).")
    actions = log.add_subparsers(dest="what", metavar="WHAT", required=True)
    add = actions.add_parser("add", parents=[_options("--content")], help=does,
                             description=f"{does[0].upper()}{does[1:]}: patients/<id>.log.yaml.")
    add.add_argument("patient_file", metavar="PATIENT_FILE", help="the patient's file, such as "
                                                                    "content/patients/sam-example.yaml")
    add.add_argument("summary", metavar="SUMMARY", nargs="?", help="the file the patient sent: the copied text, or "
                                                                    "a photo or screenshot of the QR codes (default: "
                                                                    "paste it)")
    does = "write a private report per patient with a log, and an overview of who needs a call"
    report = commands.add_parser("report", parents=[_options("--content", "--output")], help=does,
                                 description=f"{does[0].upper()}{does[1:]}. Never inside the output folder.")
    report.add_argument("--reports", metavar="DIR", default=None,
                        help="folder for the reports, kept private (default: reports/ beside the content folder)")
    return parser


def command_name() -> str:
    """How the physio runs hepkit, for messages: `hepkit` when installed, `python build.py` in a clone."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "hepkit"


class Parser(argparse.ArgumentParser):
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
    parser, words, chain = build_parser(), [], []
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
