"""Every content mistake gives `path:line: what is wrong — how to fix it`, all of them in one run."""
import os
import shutil

import pytest

from tests.conftest import ROOT, snapshot

EXERCISE_FIELDS = '"cautions", "cues", "dose", "equipment", "illustration", "kind", "limb", "position", "targets", "title"'
DOSE_FIELDS = '"days", "hold", "load", "order", "per_day", "per_week", "progress_to", "reps", "rest", "sets", "sides"'


def edit(tree, relative, old, new):
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(cli):
    code, out, err = cli("check")
    assert code == 1, out
    lines = err.strip().splitlines()
    assert lines[-1].endswith("found.")
    assert "Traceback" not in err
    return lines[:-1]


PAIN_RULE = ("but the pain rule (acceptable_up_to) is 5 — leave the number out here: every sheet and handout "
             "states the pain rule from `pain:`")

CASES = {
    "sets and reps in one field": (
        "programs/knee.yaml", "dose: {sets: 3, reps: 8, sides: each}", "dose: {reps: 3x10, sides: each}",
        'content/programs/knee.yaml:16: reps "3x10" holds both sets and reps — write them apart: `sets: 3, reps: 10`'),
    "an order that is not known": (
        "programs/knee.yaml", "dose: {sets: 3, reps: 8, sides: each}", "dose: {sets: 3, reps: 8, sides: each, order: alternat}",
        'content/programs/knee.yaml:16: order "alternat" is not known (did you mean "alternate"?) — use one of '
        '"alternate", "one side then the other"'),
    "an order for one side": (
        "programs/knee.yaml", "dose: {sets: 3, reps: 8, sides: each}", "dose: {sets: 3, reps: 8, sides: left, order: alternate}",
        "content/programs/knee.yaml:16: order says how both sides take turns, but this dose is for sides: left — "
        "remove `order`, or write `sides: each`"),
    "a pain number in a move-on line": (
        "programs/knee.yaml", "  - name: Calm\n", "  - name: Calm\n    move_on_when: [pain stays under 6 out of 10]\n",
        f"content/programs/knee.yaml:9: this says 6 out of 10, {PAIN_RULE}"),
    "a pain number in a phase goal": (
        "programs/knee.yaml", "    name: Build\n", "    name: Build\n    goal: Load the knee, up to 4/10 pain\n",
        f"content/programs/knee.yaml:14: this says 4 out of 10, {PAIN_RULE}"),
    "a pain number in a prescription note": (
        "programs/knee.yaml", "        dose: {sets: 3", "        note: Stop above 7/10\n        dose: {sets: 3",
        f"content/programs/knee.yaml:16: this says 7 out of 10, {PAIN_RULE}"),
    "a pain number in a patient's notes": (
        "patients/pat.yaml", "notes: Go gently.", "notes: Go gently, it is fine above 6 out of 10.",
        f"content/patients/pat.yaml:8: this says 6 out of 10, {PAIN_RULE}"),
    "a pain number in an exercise's text": (
        "exercises/wall-sit.md", "2. Hold.", "2. Hold. Some pain is fine, up to 7/10.",
        "content/exercises/wall-sit.md:10: this says 7 out of 10, but content/programs/knee.yaml, which uses this "
        "exercise, has the pain rule acceptable_up_to: 5 — leave the number out here: every sheet and handout "
        "states the pain rule from `pain:`"),
    "a pain number in an exercise's front matter": (
        "exercises/wall-sit.md", "cues: [Keep your back on the wall.]", "cues: [Keep your back on the wall., Stop at 8 out of 10.]",
        "content/exercises/wall-sit.md:5: this says 8 out of 10, but content/programs/knee.yaml, which uses this "
        "exercise, has the pain rule acceptable_up_to: 5 — leave the number out here: every sheet and handout "
        "states the pain rule from `pain:`"),
    "unclosed quote": (
        "programs/knee.yaml", "title: Knee program", 'title: "Knee program',
        'content/programs/knee.yaml:1: a quote starts here but never ends — add the closing quote at the end of the value'),
    "tab indentation": (
        "programs/knee.yaml", "  - name: Calm", "\t- name: Calm",
        "content/programs/knee.yaml:8: YAML syntax error: found character that cannot start any token — indent with spaces, not tabs"),
    "list where a block belongs": (
        "programs/knee.yaml", "pain:\n  acceptable_up_to: 5\n  points: [Pain up to 5 is OK.]\n  reference: \"Silbernagel 2007.\"\n",
        "pain:\n  - 5\n",
        'content/programs/knee.yaml:3: "pain" should be a block of `name: value` fields, not a list — put each field on its own line, indented under `pain:`'),
    "no front matter": (
        "exercises/wall-sit.md", "---\ntitle", "title",
        "content/exercises/wall-sit.md:1: the file must start with a `---` line (front matter) — put `---`, the title and other fields, then `---` again above the text"),
    "front matter not closed": (
        "exercises/wall-sit.md", "---\n## Movement", "## Movement",
        "content/exercises/wall-sit.md:1: the front matter is never closed — add a line with only `---` after the last field"),
    "unknown key": (
        "exercises/wall-sit.md", "title:", "titel:",
        f'content/exercises/wall-sit.md:2: unknown field "titel" in this exercise\'s front matter (did you mean "title"?) — use one of {EXERCISE_FIELDS}'),
    "missing required field": (
        "exercises/step-up.md", "title: Step up\n", "",
        'content/exercises/step-up.md:2: this exercise\'s front matter has no "title" — add a line `title: ...`'),
    "wrong type": (
        "exercises/wall-sit.md", "cues: [Keep your back on the wall.]", "cues: 5",
        'content/exercises/wall-sit.md:5: "cues" should be a list of texts, not the number 5 — write each item on its own line starting with `- `'),
    "text expected": (
        "site.yaml", "clinic: Test Clinic", "clinic: [Test, Clinic]",
        'content/site.yaml:1: "clinic" should be text, not a list — write it on one line as `clinic: some words`'),
    "duplicate key": (
        "exercises/wall-sit.md", "kind: isometric", "kind: isometric\nkind: isotonic",
        'content/exercises/wall-sit.md:4: "kind" appears twice in the same block (first on line 3) — keep one of them and delete the other'),
    "unknown exercise kind": (
        "exercises/wall-sit.md", "kind: isometric", "kind: isometrik",
        'content/exercises/wall-sit.md:3: kind "isometrik" is not known (did you mean "isometric"?) — use one of "balance", "cardio", "isometric", "isotonic", "mobility", "plyometric", "stretch"'),
    "unknown exercise in a program": (
        "programs/knee.yaml", "    exercises:\n      - wall-sit", "    exercises:\n      - wall-sitt",
        'content/programs/knee.yaml:11: there is no exercise "wall-sitt" (did you mean "wall-sit"?) — use the name of a file in content/exercises/ without its ending'),
    "exercise listed twice in a phase": (
        "programs/knee.yaml", "      - wall-sit\n  - id", "      - wall-sit\n      - wall-sit\n  - id",
        'content/programs/knee.yaml:12: "wall-sit" is listed twice in phase 1 — list each exercise once per phase'),
    "unknown condition": (
        "programs/knee.yaml", "condition: knee", "condition: knees",
        'content/programs/knee.yaml:2: there is no condition "knees" (did you mean "knee"?) — use the name of a file in content/conditions/ without its ending'),
    "unknown program in a patient": (
        "patients/pat.yaml", "program: knee", "program: kne",
        'content/patients/pat.yaml:2: there is no program "kne" (did you mean "knee"?) — use the name of a file in content/programs/ without its ending'),
    "unknown phase id": (
        "patients/pat.yaml", "phase: 2", "phase: biuld",
        'content/patients/pat.yaml:3: program "knee" has no phase "biuld" (did you mean "build"?) — use a number from 1 to 2, or one of "build", "phase-1"'),
    "phase number out of range": (
        "patients/pat.yaml", "phase: 2", "phase: 3",
        'content/patients/pat.yaml:3: program "knee" has no phase "3" — use a number from 1 to 2, or one of "build", "phase-1"'),
    "zero reps": (
        "patients/pat.yaml", "reps: 10", "reps: 0",
        "content/patients/pat.yaml:7: reps must be at least 1, not 0 — give a number of 1 or more for reps"),
    "negative sets": (
        "patients/pat.yaml", "reps: 10", "reps: 10, sets: -2",
        "content/patients/pat.yaml:7: sets must be at least 1, not -2 — give a number of 1 or more for sets"),
    "hold longer than 10 minutes": (
        "exercises/wall-sit.md", "hold: 30s", "hold: 11 min",
        "content/exercises/wall-sit.md:4: hold of 11 minutes is more than the most allowed, 10 minutes — check the number and its unit (s or min)"),
    "range running backwards": (
        "exercises/wall-sit.md", "reps: 3-4", "reps: 4-3",
        "content/exercises/wall-sit.md:4: the range 4-3 for reps runs backwards — write the smaller number first: 3-4"),
    "not a time": (
        "exercises/wall-sit.md", "hold: 30s", "hold: half a minute",
        'content/exercises/wall-sit.md:4: hold "half a minute" is not a time — write it like `hold: 30s`, `hold: 1 min` or `hold: 1:30`'),
    "misspelt dose field": (
        "programs/knee.yaml", "sides: each", "side: each",
        f'content/programs/knee.yaml:16: unknown field "side" in the dose (did you mean "sides"?) — use one of {DOSE_FIELDS}'),
    "unknown sides": (
        "programs/knee.yaml", "sides: each", "sides: eech",
        'content/programs/knee.yaml:16: sides "eech" is not known (did you mean "each"?) — use one of "both", "each", "left", "right"'),
    "per_day and per_week together": (
        "programs/knee.yaml", "dose: {per_day: 2-3,", "dose: {per_day: 2-3, per_week: 3,",
        "content/programs/knee.yaml:9: a dose can say per_day or per_week, not both — keep the one you mean and delete the other"),
    "review before start": (
        "patients/pat.yaml", "review: 2026-01-19", "review: 2025-12-01",
        "content/patients/pat.yaml:5: the review date 2025-12-01 is before the start date 2026-01-05 — check both dates; the review comes after the start"),
    "not a date": (
        "patients/pat.yaml", "start: 2026-01-05", "start: 5th January",
        'content/patients/pat.yaml:4: "start" should be a date, not "5th January" — write it as year-month-day, for example 2026-01-31'),
    "override for an exercise not on the sheet": (
        "patients/pat.yaml", "  step-up: {reps: 10}", "  stepup: {reps: 10}",
        'content/patients/pat.yaml:7: "stepup" is not on this sheet, so its dose cannot be changed (did you mean "step-up"?) — use one of "step-up", "wall-sit"'),
    "leaving out an exercise not in the phase": (
        "patients/pat.yaml", "notes:", "leave_out: [wall-sitt]\nnotes:",
        'content/patients/pat.yaml:8: "wall-sitt" is not in phase 2 of knee, so it cannot be left out (did you mean "wall-sit"?) — use one of "step-up", "wall-sit"'),
    "leaving every exercise out": (
        "patients/pat.yaml", "doses:\n  step-up: {reps: 10}\n", "leave_out: [wall-sit, step-up]\n",
        "content/patients/pat.yaml:6: this sheet has no exercises left on it — leave fewer exercises out, or add some under `add:`"),
    "adding an exercise already in the phase": (
        "patients/pat.yaml", "notes:", "add: [wall-sit]\nnotes:",
        'content/patients/pat.yaml:8: "wall-sit" is already in phase 2 — change its dose under `doses:` instead of adding it again'),
    "python tag": (
        "patients/pat.yaml", "notes: Go gently.", 'notes: !!python/object/apply:os.system ["ls"]',
        'content/patients/pat.yaml:8: the YAML tag "!!python/object/apply:os.system" is not allowed — remove the tag: only plain text, numbers, dates, lists and blocks are allowed'),
    "paper size": (
        "site.yaml", "clinician: Pat Tester", "clinician: Pat Tester\npaper: A5",
        'content/site.yaml:4: paper size "A5" is not known — use one of "A4", "Letter", "any"'),
    "pain limit out of range": (
        "programs/knee.yaml", "acceptable_up_to: 5", "acceptable_up_to: 11",
        "content/programs/knee.yaml:4: acceptable_up_to should be a whole number from 0 to 10 — write the highest acceptable pain during exercise, e.g. `acceptable_up_to: 5`"),
}


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_gets_its_message(tree, cli, name):
    relative, old, new, expected = CASES[name]
    edit(tree, relative, old, new)
    assert problems(cli) == [expected]


def test_duplicate_ids(tree, cli):
    (tree / "exercises" / "more").mkdir()
    (tree / "exercises" / "more" / "wall-sit.md").write_bytes((tree / "exercises" / "wall-sit.md").read_bytes())
    assert problems(cli) == [
        'content/exercises/wall-sit.md:1: there are two exercises called "wall-sit" (the other is '
        "content/exercises/more/wall-sit.md) — rename one of the files: the file name is the id"]


def test_not_utf8(tree, cli):
    (tree / "patients" / "pat.yaml").write_bytes("name: Pat\nnotes: caf\xe9\n".encode("latin-1"))
    assert problems(cli) == ["content/patients/pat.yaml:2: this file is not UTF-8 text — "
                             "open it in your editor and save it with the UTF-8 encoding"]


def test_empty_file(tree, cli):
    (tree / "patients" / "pat.yaml").write_text("")
    assert problems(cli) == ["content/patients/pat.yaml:1: there are no fields in this file — "
                             "add the fields described in docs/content.md"]


def test_missing_site_yaml(tree, cli):
    (tree / "site.yaml").unlink()
    assert problems(cli) == ["content/site.yaml:1: site.yaml is missing — create it with the clinic's "
                             "name and contact (see docs/content.md)"]


def test_broken_file_is_reported_once_not_again_where_it_is_used(tree, cli):
    (tree / "exercises" / "wall-sit.md").write_text("title: no front matter\n")
    assert len(problems(cli)) == 1


def test_every_problem_in_one_run_sorted_by_file(tree, cli):
    edit(tree, "exercises/wall-sit.md", "kind: isometric", "kind: isometrik")
    edit(tree, "patients/pat.yaml", "start: 2026-01-05", "start: soon")
    edit(tree, "programs/knee.yaml", "condition: knee", "condition: knees")
    found = problems(cli)
    assert [line.split(":")[0] for line in found] == [
        "content/exercises/wall-sit.md", "content/patients/pat.yaml", "content/programs/knee.yaml"]
    code, out, err = cli("check")
    assert err.strip().splitlines()[-1] == "3 problems found."


def test_a_bad_build_leaves_output_untouched(tree, cli):
    assert cli("build")[0] == 0
    before = snapshot(tree.parent / "output")
    edit(tree, "patients/pat.yaml", "reps: 10", "reps: 0")
    code, out, err = cli("build")
    assert code == 1
    assert err.strip().splitlines()[-1] == "1 problem found; output/ was not changed."
    assert snapshot(tree.parent / "output") == before


def test_a_renamed_field_says_what_to_write_instead(tree, cli, monkeypatch):
    from hepkit.content import fields
    monkeypatch.setitem(fields.RENAMED, "remarks", ("notes", "9.9"))
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text().replace("notes: Go gently.", "remarks: Go gently."))
    code, out, err = cli("check")
    assert code == 1 and err.splitlines()[0] == (
        'content/patients/pat.yaml:8: "remarks" is called "notes" since hepkit 9.9 — rename it to `notes:`')


def test_a_one_side_dose_of_an_exercise_that_says_swap_legs_is_warned(tmp_path, cli):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    os.chdir(tmp_path)
    jordan = tmp_path / "content" / "patients" / "jordan-example.yaml"
    jordan.write_text(jordan.read_text().replace("single-leg-bridge: {sets: 3, reps: 8, sides: each",
                                                 "single-leg-bridge: {sets: 3, reps: 8, sides: left"))
    ana = tmp_path / "content" / "patients" / "ana-example.yaml"  # in Spanish: its steps say to change legs
    ana.write_text(ana.read_text().replace("prone-hamstring-curl: {sets: 3, reps: 10, sides: each",
                                           "prone-hamstring-curl: {sets: 3, reps: 10, sides: right"))
    code, _, err = cli("check")
    hint = ("write that exercise's steps so they hold for one side (or make a one-side copy of it), or use "
            "`sides: each`")
    assert code == 0 and [line for line in err.splitlines() if "side only" in line] == [
        'content/patients/ana-example.yaml:11: warning: this dose is for the right side only, but the steps of '
        f'"prone-hamstring-curl" say "con una pierna y después cambie" — {hint}',
        'content/patients/jordan-example.yaml:9: warning: this dose is for the left side only, but the steps of '
        f'"single-leg-bridge" say "swap legs" — {hint}']
    jordan.write_text(jordan.read_text().replace("sides: left", "sides: each"))
    ana.write_text(ana.read_text().replace("sides: right", "sides: each"))
    assert "side only" not in cli("check")[2]


def test_a_typo_in_a_programs_list_is_said_once_not_again_in_each_patient_file(tree, cli):
    """Pat's file changes the dose of step-up and leaves it out of nothing; the program names it wrongly.
    The program's line is the one to fix: the patient file is right and says nothing."""
    program = tree / "programs" / "knee.yaml"
    program.write_text(program.read_text().replace("      - exercise: step-up", "      - exercise: stepup"))
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text() + "leave_out: [wall-sit]\n")
    code, out, err = cli("check")
    assert code == 1
    assert err == ('content/programs/knee.yaml:15: there is no exercise "stepup" (did you mean "step-up"?) — use the '
                   "name of a file in content/exercises/ without its ending\n1 problem found.\n")
