"""Every promise of "What hepkit guarantees" under real faults, typos and attacks: one case or more
for each class, with the exact words a physio gets."""
import errno
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hepkit.site.markdown_text import markdown_to_html
from tests.conftest import FIXTURES, ROOT, sheet_files, snapshot, text_of


def edit(tree, relative, old, new):
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(cli, command="check"):
    code, out, err = cli(command)
    assert code == 1 and "Traceback" not in err, (out, err)
    assert err.strip().splitlines()[-1].endswith("found.") or "was not changed" in err
    return [line for line in err.strip().splitlines() if re.match(r"^\S.*:\d+: ", line)]


# --- never a traceback: typos -----------------------------------------------------------------------

TYPOS = {
    "30 February": ("patients/pat.yaml", "start: 2026-01-05", "start: 2026-02-30",
                    "content/patients/pat.yaml:4: there is no 30 February 2026 — check the day: write the date as "
                    "year-month-day, for example 2026-01-31"),
    "31 November": ("patients/pat.yaml", "review: 2026-01-19", "review: 2026-11-31",
                    "content/patients/pat.yaml:5: there is no 31 November 2026 — check the day: write the date as "
                    "year-month-day, for example 2026-01-31"),
    "month 13": ("patients/pat.yaml", "start: 2026-01-05", "start: 2026-13-02",
                 'content/patients/pat.yaml:4: "start" has the month 13, but there are only 12 — write it as '
                 "year-month-day, for example 2026-01-31"),
    "a time past midnight": ("patients/pat.yaml", "reps: 10", "reps: 10, hold: 25:00",
                             "content/patients/pat.yaml:7: hold of 25 minutes is more than the most allowed, "
                             "10 minutes — check the number and its unit (s or min)"),
    "a tag with a bad value": ("patients/pat.yaml", "reps: 10", "reps: !!float abc",
                               'content/patients/pat.yaml:7: the value "abc" cannot be read as !!float — remove the '
                               "!! tag and write the value plainly"),
    "on is a word, not yes": ("patients/pat.yaml", "reps: 10", "reps: on",
                              'content/patients/pat.yaml:7: reps "on" is not a whole number or a range — write a '
                              "number like `reps: 3` or a range like `reps: 3-4`"),
    "a superscript digit": ("patients/pat.yaml", "reps: 10", "reps: ²",
                            'content/patients/pat.yaml:7: reps "²" is not a whole number or a range — write a number '
                            "like `reps: 3` or a range like `reps: 3-4`"),
    "a circled digit": ("patients/pat.yaml", "reps: 10", "reps: 3-①",
                        'content/patients/pat.yaml:7: reps "3-①" is not a whole number or a range — write a number '
                        "like `reps: 3` or a range like `reps: 3-4`"),
    "four hundred nines": ("patients/pat.yaml", "reps: 10", "reps: 10, hold: " + "9" * 400,
                           "content/patients/pat.yaml:7: hold of a very large number is more than the most allowed, "
                           "10 minutes — check the number and its unit (s or min)"),
    "an infinite angle": ("exercises/wall-sit.md", "cues:", "illustration:\n  frames:\n    - {base: standing, hip: 1.0e+400}\n"
                          "    - {base: standing}\ncues:",
                          "content/exercises/wall-sit.md:7: the hip angle should be a number of degrees, not the "
                          "number inf — write `hip: 45`, or `hip: {left: 45, right: 0}`"),
    "a colon in free text": ("patients/pat.yaml", "notes: Go gently.", "notes: Go gently: it is early days.",
                             'content/patients/pat.yaml:8: this line holds ": " inside a text, which YAML reads as the '
                             'start of a new field — put the text in quotes: notes: "Go gently: it is early days."'),
    "nine hundred nested lists": ("patients/pat.yaml", "notes: Go gently.", "notes: " + "[" * 900 + "]" * 900,
                                  "content/patients/pat.yaml:1: the lists or blocks in this file are nested too "
                                  "deeply — a content file needs only a few levels; look for a long run of [ or { or -"),
    "a 30,000-character line": ("exercises/step-up.md", "1. Step up.", "1. Step up. " + "[" * 30000,
                                "content/exercises/step-up.md:8: this line is 30,012 characters long, more than the "
                                "2,000 a line of text may be — break it into shorter paragraphs with blank lines "
                                "between them"),
    "a 300-deep Markdown list": ("exercises/step-up.md", "1. Step up.", "- " * 300 + "deep",
                                 "content/exercises/step-up.md:8: this list or quote is nested 300 levels deep, more "
                                 "than the 10 a text may use — use fewer levels of indentation"),
    "a strength that is not a stretch": ("exercises/step-up.md", "kind: isotonic", "kind: strength",
                                         'content/exercises/step-up.md:3: kind "strength" is not known — use one of '
                                         '"balance", "cardio", "isometric", "isotonic", "mobility", "plyometric", "stretch"'),
    "a deleted exercise is not another one": ("programs/knee.yaml", "      - wall-sit\n  - id", "      - bridge-old\n  - id",
                                              'content/programs/knee.yaml:11: there is no exercise "bridge-old" — use the '
                                              "name of a file in content/exercises/ without its ending"),
}


@pytest.mark.parametrize("name", TYPOS)
def test_typos_get_a_message_not_a_traceback(tree, cli, name):
    relative, old, new, expected = TYPOS[name]
    edit(tree, relative, old, new)
    assert problems(cli) == [expected]


def test_yaml_is_read_as_the_physio_means_it(tree, cli):
    edit(tree, "patients/pat.yaml", "reps: 10", "reps: 010, hold: 1:30")
    edit(tree, "site.yaml", "phone: 0100 000 000", "phone: 0100000000")
    assert cli("build")[0] == 0
    sheet = text_of(sheet_files(tree.parent / "output")[0].read_text())
    assert "3 sets of 10 holds of 1 minute 30 seconds, each side" in sheet  # not 8 (octal), not 90 reps
    assert "0100000000" in sheet  # a phone number keeps its leading 0


def test_ids_that_are_one_file_on_a_mac_are_refused(tree, cli):
    (tree / "exercises" / "Wall-Sit.md").write_text((tree / "exercises" / "wall-sit.md").read_text())
    cafe = unicodedata.normalize("NFC", "café")
    (tree / "exercises" / f"{cafe}.md").write_text((tree / "exercises" / "step-up.md").read_text())
    (tree / "exercises" / f"{unicodedata.normalize('NFD', cafe)}.md").write_text(
        (tree / "exercises" / "step-up.md").read_text())
    found = problems(cli)
    assert ("content/exercises/wall-sit.md:1: there are two exercises whose names differ only in capitals or accents: "
            '"wall-sit" (the other is content/exercises/Wall-Sit.md) — rename one of the files: the file name is the id'
            ) in found
    assert len(found) == 2 and "differ only in capitals or accents" in found[0]


# --- never a traceback: odd files under content/ ----------------------------------------------------

def test_editor_and_system_files_are_skipped_and_listed(tree, cli):
    (tree / "exercises" / ".#wall-sit.md").symlink_to("root@host.1234:1700000000")  # Emacs's lock: dangling
    (tree / "exercises" / "wall-sit.md~").write_text("old")
    (tree / ".DS_Store").write_bytes(b"\0\1")
    code, out, err = cli("check", "--verbose")
    assert code == 0, err
    assert err.splitlines() == [
        "content/.DS_Store: skipped (an editor's or the system's file)",
        "content/exercises/.#wall-sit.md: skipped (an editor's or the system's file)",
        "content/exercises/wall-sit.md~: skipped (an editor's or the system's file)"]
    assert cli("check")[2] == ""


ODD_FILES = {
    "a patient saved as .yml": (lambda t: (t / "patients" / "pat.yaml").rename(t / "patients" / "pat.yml"),
                                'content/patients/pat.yml:1: patients files end in ".yaml", not ".yml" — rename it to '
                                "pat.yaml"),
    "a folder named like a file": (lambda t: (t / "exercises" / "lunge.md").mkdir(),
                                   "content/exercises/lunge.md:1: this is a folder, but its name ends like a file's — "
                                   "rename the folder, or move what is in it up one level"),
    "a dangling link": (lambda t: (t / "exercises" / "lunge.md").symlink_to("/nowhere/lunge.md"),
                        "content/exercises/lunge.md:1: this is a link to a file that does not exist — delete the link, "
                        "or copy the file it should point to in its place"),
    "a link loop": (lambda t: ((t / "exercises" / "a.md").symlink_to(t / "exercises" / "b.md"),
                               (t / "exercises" / "b.md").symlink_to(t / "exercises" / "a.md")),
                    "content/exercises/a.md:1: this is a link to a file that does not exist — delete the link, or "
                    "copy the file it should point to in its place"),
    "a pipe": (lambda t: os.mkfifo(t / "exercises" / "pipe.md"),
               "content/exercises/pipe.md:1: this is not a regular file (a pipe, socket or device) — remove it from "
               "content/"),
    "an unknown folder": (lambda t: (t / "photos").mkdir(),
                          "content/photos:1: hepkit does not know what this folder is for — content/ holds site.yaml, "
                          "the folders conditions, exercises, programs, patients and a theme/: move it out of content/, "
                          "or start its name with a dot to keep it here"),
    "a stray folder in the theme": (lambda t: (t / "theme" / "fonts").mkdir(parents=True),
                                    "content/theme/fonts:1: a theme holds only the folders templates and static — move "
                                    "this into theme/templates/ or theme/static/, or out"),
    "a stray file": (lambda t: (t / "exercises" / "photo.jpg").write_bytes(b"\xff\xd8"),
                     'content/exercises/photo.jpg:1: exercises files end in ".md", not ".jpg" — exercises are .md '
                     "files: move this one out of content/, or start its name with a dot"),
}


@pytest.mark.parametrize("name", ODD_FILES)
def test_odd_files_are_never_skipped_silently(tree, cli, name):
    make, expected = ODD_FILES[name]
    make(tree)
    assert expected in problems(cli)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so an unreadable file cannot be made")
def test_an_unreadable_file_is_reported(tree, cli):
    (tree / "exercises" / "wall-sit.md").chmod(0)
    assert problems(cli)[0].startswith("content/exercises/wall-sit.md:1: this file cannot be read: permission denied")


# --- never lose work: the output folder --------------------------------------------------------------

def test_output_parent_that_is_a_file(tree, cli):
    (tree.parent / "taken").write_text("a file")
    code, out, err = cli("build", "--output", "taken/site")
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[0] == ("taken/site:1: cannot write the site here: a part of this path is a file, not a "
                                   "folder — pass another --output")


def test_disk_full_leaves_the_old_site_and_no_leftovers(tree, cli, monkeypatch):
    assert cli("build")[0] == 0
    before = snapshot(tree.parent / "output")
    written = []
    real = Path.write_bytes

    def fill_up(path, data):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        return real(path, data)
    monkeypatch.setattr(Path, "write_bytes", fill_up)
    edit(tree, "site.yaml", "Test Clinic", "New Clinic")
    code, out, err = cli("build")
    assert code == 1 and err.splitlines() == [
        "output:1: cannot write the site here: no space left on device — the disk is full: free some space and build "
        "again", "1 problem found; output/ was not changed."]
    assert snapshot(tree.parent / "output") == before
    assert sorted(p.name for p in tree.parent.iterdir()) == [".hepkit-cache", "content", "output"]


def test_a_symlinked_output_is_followed_and_replaced(tree, cli):
    real = tree.parent / "published"
    (tree.parent / "output").symlink_to(real)
    assert cli("build")[0] == 0 and cli("build")[0] == 0
    assert (tree.parent / "output").is_symlink() and (real / "index.html").is_file()
    assert sorted(p.name for p in tree.parent.iterdir()) == [".hepkit-cache", "content", "output", "published"]


def test_a_mount_point_is_refused_with_a_way_out(tree, cli, monkeypatch):
    (tree.parent / "output").mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path).name == "output")
    code, out, err = cli("build")
    assert code == 1 and err.splitlines()[0] == (
        "output:1: the output folder is a mount point, so it cannot be swapped whole — pass --output output/site "
        "(a folder inside it)")


def test_output_follows_the_umask(tree, cli):
    old = os.umask(0o022)
    try:
        assert cli("build")[0] == 0
    finally:
        os.umask(old)
    output = tree.parent / "output"
    assert output.stat().st_mode & 0o777 == 0o755
    assert (output / "index.html").stat().st_mode & 0o777 == 0o644


# --- never lose work: builds stopped at every step, and two at once ----------------------------------

def start_build(tmp_path, pause, extra_env=None):
    go = tmp_path / "go"
    env = {**os.environ, "HEPKIT_TEST_PAUSE": f"{pause}:{go}", **(extra_env or {})}
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py")], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not process.stderr.readline().startswith(f"hepkit: paused at {pause}"):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
    return process, go


@pytest.mark.slow
@pytest.mark.parametrize("pause, env", [("staged", {}), ("between-renames", {"HEPKIT_NO_EXCHANGE": "1"})])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_killed_at_any_step_loses_nothing_and_leaves_nothing(tree, cli, pause, env, how):
    assert cli("build")[0] == 0
    before = snapshot(tree.parent / "output")
    edit(tree, "site.yaml", "Test Clinic", "New Clinic")
    process, go = start_build(tree.parent, pause, env)
    process.send_signal(how)
    if how == signal.SIGTERM:  # a handled signal: between the renames it waits for the swap to end
        go.touch()
    out, err = process.communicate(timeout=60)
    site = tree.parent / "output"
    if how == signal.SIGKILL and pause == "between-renames":
        assert not site.exists()  # a power cut between two renames...
        assert cli("check")[0] == 0 and cli("build")[0] == 0  # ...is put right by the next build
    elif pause == "staged":
        assert snapshot(site) == before
        if how == signal.SIGTERM:
            assert process.returncode == 130 and err.strip().endswith("Stopped; output/ was not changed.")
    else:
        assert "Stopped; the new site was already in place in output/." in err
        assert "New Clinic" in (site / "index.html").read_text()
    assert cli("build")[0] == 0
    assert "New Clinic" in (site / "index.html").read_text()
    assert sorted(p.name for p in tree.parent.iterdir() if p.name != "go") == [".hepkit-cache", "content", "output"]


@pytest.mark.slow
def test_two_builds_at_once_take_turns(tree, cli):
    assert cli("build")[0] == 0
    edit(tree, "site.yaml", "Test Clinic", "New Clinic")  # something to write, so the first build takes the lock
    first, go = start_build(tree.parent, "staged")
    second = subprocess.Popen([sys.executable, str(ROOT / "build.py")], cwd=tree.parent,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert second.stderr.readline() == "Another hepkit build is writing output; waiting for it to finish…\n"
    go.touch()
    assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
    assert (tree.parent / "output" / "index.html").is_file()
    assert sorted(p.name for p in tree.parent.iterdir() if p.name != "go") == [".hepkit-cache", "content", "output"]


def test_new_patient_with_an_undecodable_name_leaves_no_file(tree, cli):
    code, out, err = cli("new", "patient", "Jane \udcff Example", "--program", "knee")
    assert code == 1 and err.strip() == (
        "The name has characters that are not text (or is empty) — type the name again, in quotes")
    assert sorted(p.name for p in (tree / "patients").iterdir()) == ["pat.yaml"]
    assert cli("check")[0] == 0


# --- never a traceback: the terminal ------------------------------------------------------------------

def run(tmp_path, *args, **options):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=tmp_path, capture_output=True,
                          **options)


@pytest.mark.slow
def test_a_closed_pipe_and_a_plain_ascii_terminal(tree):
    with subprocess.Popen([sys.executable, str(ROOT / "build.py")], cwd=tree.parent, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        process.stdout.readline()
        process.stdout.close()  # `build.py | head -1`
        assert process.wait(timeout=60) == 0 and b"Traceback" not in process.stderr.read()
    result = run(tree.parent, "sheets", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and b"content/patients/pat.yaml \\u2192 output/sheets/" in result.stdout


def test_control_characters_from_content_are_not_sent_to_the_terminal(tree, cli):
    edit(tree, "patients/pat.yaml", "program: knee", 'program: "kne\\e[2J\\a"')
    lines = problems(cli)
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    assert ("content/patients/pat.yaml:2: this text holds a control character (\\x1b) that a page cannot "
                        "show — delete it: it is invisible, and often comes with text pasted from another program") in lines


def test_an_unquoted_name_and_a_python_without_the_packages(tree):
    result = run(tree.parent, "new", "patient", "Pat", "Test", "--program", "knee", text=True)
    assert result.returncode == 2 and result.stderr.splitlines()[0] == (
        'python build.py: unrecognized arguments: Test — put the name in quotes: new patient "Jane Example" '
        "--program ...")
    bare = subprocess.run([sys.executable, "-S", "-I", str(ROOT / "build.py")], cwd=tree.parent, capture_output=True,
                          text=True)
    assert bare.returncode == 1 and bare.stderr.splitlines()[1] == (
        "Run it with the project's own Python: .venv/bin/python build.py")


def test_a_template_error_names_the_template_and_line(tree, tmp_path):
    import shutil
    app = tmp_path / "app"
    for part in ("hepkit", "templates", "static"):
        shutil.copytree(ROOT / part, app / part, ignore=shutil.ignore_patterns("__pycache__"))
    (app / "build.py").write_text((ROOT / "build.py").read_text())
    index = app / "templates" / "index.html"
    lines = index.read_text().splitlines()
    lines.insert(4, "{{ site.clinic.no_such_thing.either }}")
    index.write_text("\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, str(app / "build.py")], cwd=tree.parent, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{index}:5: template error: 'str object' has no attribute 'no_such_thing'")


# --- never leak ----------------------------------------------------------------------------------------

def test_links_with_an_encoded_colon_lose_their_link():
    for text in ["[a](javascript&#58;alert(1))", "[b](vbscript&colon;msgbox(1))", "[c][r]\n\n[r]: data&colon;text/html,x",
                 "[d](jav&#x09;ascript:alert(1))", "[e](&#106;avascript:alert(1))"]:
        assert "href" not in markdown_to_html(text), text
    for text in ["[ok](https://example.org/a:b)", "[ok](mailto:a@example.org)", "[ok](tel:0100)", "[ok](page.html#x)"]:
        assert "href" in markdown_to_html(text), text


def test_a_missing_salt_is_made_private_once_and_kept(tree, cli):
    (tree / ".sheet-salt").unlink()
    code, out, err = cli("build")
    assert code == 0 and err.splitlines() == [
        "Made a private sheet salt in content/.sheet-salt: keep it out of git; copy it to any other computer that "
        "builds the same sheets."]
    salt = tree / ".sheet-salt"
    assert salt.stat().st_mode & 0o777 == 0o600 and len(salt.read_text().splitlines()[-1]) == 32
    names = sorted(p.name for p in sheet_files(tree.parent / "output"))
    assert cli("build")[2] == "" and sorted(p.name for p in sheet_files(tree.parent / "output")) == names


def test_a_public_or_short_salt_is_warned_about_on_every_build(tree, cli, monkeypatch):
    (tree / ".sheet-salt").unlink()
    edit(tree, "site.yaml", "clinician:", "sheet_salt: riverbend-example-salt-4e1c\nclinician:")
    for _ in range(2):
        code, out, err = cli("build")
        assert code == 0 and err.splitlines() == [
            "content/site.yaml:3: warning: sheet_salt is the example's, which is public: anyone can work out whose "
            "sheet a file is — delete the line: hepkit then keeps a random private salt in content/.sheet-salt (see "
            "docs/content.md)"]
    edit(tree, "site.yaml", "riverbend-example-salt-4e1c", "short")
    assert "warning: sheet_salt is 5 characters, short enough to guess" in cli("build")[2]
    monkeypatch.setenv("HEPKIT_SHEET_SALT", "a-long-private-salt-from-the-environment")
    assert cli("build")[2].startswith("content/site.yaml:3: warning: sheet_salt here is not used, since a private "
                                      "salt is set")


# --- the property: any text in any field gives a message or a build, never a traceback -----------------

FIELDS = [("patients/pat.yaml", "name: Pat Example", "name: {}"), ("patients/pat.yaml", "start: 2026-01-05", "start: {}"),
          ("patients/pat.yaml", "phase: 2", "phase: {}"), ("patients/pat.yaml", "reps: 10", "reps: {}"),
          ("patients/pat.yaml", "notes: Go gently.", "notes: {}"), ("programs/knee.yaml", "name: Calm", "name: {}"),
          ("programs/knee.yaml", "acceptable_up_to: 5", "acceptable_up_to: {}"),
          ("exercises/wall-sit.md", "kind: isometric", "kind: {}"), ("exercises/wall-sit.md", "hold: 30s", "hold: {}"),
          ("site.yaml", "clinic: Test Clinic", "clinic: {}")]


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=60))
def test_random_text_in_any_field_never_gives_a_traceback(tmp_path_factory, field, value):
    import shutil

    from hepkit.cli import main
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURES / "minimal", folder / "content")
    relative, old, pattern = field
    path = folder / "content" / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, pattern.format(value), 1), encoding="utf-8")
    code = main(["check", "--content", str(folder / "content")])
    assert code in (0, 1)


@pytest.mark.slow
def test_the_next_step_new_site_prints_from_a_clone_works_as_written(tmp_path):
    made = run(tmp_path, "new", "site", "clinic", text=True)
    step = made.stdout.splitlines()[1].strip()
    assert step == f"cd clinic && python {ROOT / 'build.py'} build"  # the folder has no build.py of its own
    built = subprocess.run(step.replace("python ", f"{sys.executable} ", 1), shell=True, cwd=tmp_path,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "clinic" / "output" / "index.html").is_file()
