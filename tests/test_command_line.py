"""The command line helps a physio who mistypes: every usage error is one plain line saying what
to type instead, exit status 2, and each command's help lists only the options it takes."""
import io
import os

import pytest

from hepkit.cli import Progress

TYPOS = [
    (["biuld"], 'hepkit: there is no command "biuld" (did you mean "build"?) — use one of build, check, serve, '
                "sheets, clean, new, log, report"),
    (["--prot", "9000", "serve"], "hepkit: there is no option --prot — did you mean --port? (`hepkit serve --port ...`)"),
    (["serve", "--prot", "9000"], "hepkit: there is no option --prot — did you mean --port? (`hepkit serve --port ...`)"),
    (["--out", "x", "build"], "hepkit: there is no option --out — did you mean --output? (`hepkit build --output ...`)"),
    (["build", "--verbos"], "hepkit: there is no option --verbos — did you mean --verbose? (`hepkit build --verbose ...`)"),
    (["--ver"], "hepkit: there is no option --ver — did you mean --verbose or --version?"),
    (["check", "--output", "x"], "hepkit: --output is not an option of `check` — it belongs to `build`: write "
                                 "`hepkit build --output ...`"),
    (["sheets", "--no-cache"], "hepkit: --no-cache is not an option of `sheets` — it belongs to `build`: write "
                               "`hepkit build --no-cache ...`"),
    (["new", "pateint", "Jo"], 'hepkit: there is no command "pateint" (did you mean "patient"?) — use one of '
                               "patient, site"),
    (["serve", "--port", "abc"], "hepkit: argument --port: 'abc' is not a port: use a number from 1 to 65535, "
                                 "such as 8000"),
    (["--frobnicate"], "hepkit: there is no option --frobnicate — the options of each command are in "
                       "`hepkit COMMAND --help`"),
]


@pytest.mark.parametrize("words,said", TYPOS, ids=[" ".join(w) for w, _ in TYPOS])
def test_a_mistyped_command_line_says_what_to_type_instead(tree, cli, words, said):
    os.chdir(tree.parent)
    code, out, err = cli(*words)
    assert code == 2 and out == ""
    assert err.splitlines() == [said, "Run `hepkit --help` for the commands, `hepkit COMMAND --help` for a "
                                      "command's options."]
    assert not (tree.parent / "output").exists()


@pytest.mark.parametrize("command,options", [
    ("build", ["--content", "--output", "--verbose", "--no-cache"]),
    ("check", ["--content", "--verbose", "--translations"]),
    ("serve", ["--content", "--output", "--verbose", "--port"]),
    ("sheets", ["--content", "--output"]),
    ("clean", ["--content", "--output"]),
])
def test_each_command_has_a_description_and_only_its_own_options(cli, command, options):
    code, out, _ = cli(command, "--help")
    assert code == 0
    listed = [word.rstrip(",") for line in out.split("options:")[1].splitlines()
              for word in line.split()[:2] if word.startswith("--")]
    assert listed == ["--help", *options]
    description = out.split("\n\n")[1]
    assert description[0].isupper() and description.endswith(".") and len(description) > 20


def test_the_exit_statuses_are_in_the_help(cli):
    out = cli("--help")[1]
    assert "0 all is well, 1 the content has problems, 2 the command line is mistyped, 130 stopped" in " ".join(
        out.split())


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_from_two_seconds_in_and_is_wiped():
    clock, screen = Clock(), Terminal()
    progress = Progress(screen, clock)
    progress(10, 900)
    assert screen.getvalue() == ""  # a quick build shows nothing
    clock.now += 2.5
    progress(400, 900)
    clock.now += 0.05
    progress(410, 900)  # too soon to redraw
    clock.now += 0.2
    progress(1200, 10900)
    progress.clear()
    assert screen.getvalue() == "\rWriting pages: 400 of 900\rWriting pages: 1,200 of 10,900\r\x1b[K"


def test_no_progress_when_stderr_is_not_a_terminal(tree, cli):
    clock, log = Clock(), io.StringIO()
    progress = Progress(log, clock)
    clock.now += 10
    progress(5, 10)
    progress.clear()
    assert log.getvalue() == ""
    os.chdir(tree.parent)
    code, _, err = cli("build")
    assert code == 0 and "\r" not in err and "Writing pages" not in err


def test_the_readme_tour_shows_the_message_check_gives(tmp_path, cli):
    """Step 5 of the README's tour: the line it shows is what `check` says for that mistake."""
    import re
    import shutil

    from tests.conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\n +(content/programs/proximal-hamstring-tendinopathy\.yaml:\d+: the range 4-3 .*)\n",
                      readme)[1]
    shutil.copytree(ROOT / "content", tmp_path / "content")
    program = tmp_path / "content" / "programs" / "proximal-hamstring-tendinopathy.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace("reps: 3-4", "reps: 4-3", 1), encoding="utf-8")
    os.chdir(tmp_path)
    code, _, err = cli("check")
    assert code == 1 and err.splitlines() == [shown, "1 problem found."]


def test_a_progress_line_a_render_worker_drew_is_wiped_too():
    """In a build rendered by two forked workers the first one draws the line in its own copy of
    Progress; the parent's copy never sees `shown` and must still wipe the line at the end."""
    clock, screen = Clock(), Terminal()
    progress = Progress(screen, clock)
    clock.now += 3
    progress.clear()
    assert screen.getvalue() == "\r\x1b[K"
    quick = Progress(screen2 := Terminal(), clock)
    quick.clear()
    assert screen2.getvalue() == ""  # a build under two seconds drew nothing and wipes nothing
