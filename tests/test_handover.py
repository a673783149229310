"""What comes back from the patient, without a browser: the summary's format, `log add` (merging,
conflicts, foreign and damaged summaries), the log file's checks, the reminders file and `report`.
The phone's side (the sheet writing the summary, its QR codes, the download) is in
test_handover_browser.py."""
import datetime
import hashlib
import re
import stat

import icalendar
import pytest

from hepkit.content.summary import Day, Group, SummaryError, exercise_tag, find_lines, parse_line, write_line
from hepkit.pipeline import check
from hepkit.salt import with_salt
from hepkit.site.paths import sheet_code
from tests.conftest import ROOT, sheet_files, text_of

MONDAY = datetime.date(2026, 1, 5)  # Pat's start (tests/fixtures/minimal)


def day(done, due, during=None, morning=None):
    return Day((done,), (due,), during, morning)


def pat_code():
    return sheet_code(with_salt(check("content"), "content").site.sheet_salt, "pat")


def pat_summary(days, first=MONDAY, code=None, number=1, parts=1):
    """The line Pat's phone writes: one group (step-up and wall-sit, done together)."""
    group = Group((exercise_tag("step-up"), exercise_tag("wall-sit")))
    return write_line(code or pat_code(), number, parts, (group,), days, first)


# --- the format ---------------------------------------------------------------------------------

def test_a_summary_line_reads_back_exactly_and_uses_only_qr_alphanumeric_characters():
    groups = (Group(("1A2B", "3C4D")), Group(("5E6F",), per_week=3))
    days = [Day((2, 1), (2, 0), 3, None), Day((0, 0), (2, 0), None, 10), Day((9, 1), (2, 0), 0, 0)]
    line = write_line("0123456789abcdef", 2, 3, groups, days, datetime.date(2026, 11, 30))
    assert line.startswith("HEP1:0123456789ABCDEF:2/3:20261130:1A2B.3C4D+5E6FW3:22103-") and re.fullmatch(r"[0-9A-Z$%*+\-./: ]+", line)
    part = parse_line(line)
    assert (part.code, part.number, part.parts, part.groups) == ("0123456789abcdef", 2, 3, groups)
    assert part.days == {datetime.date(2026, 11, 30): days[0], datetime.date(2026, 12, 1): days[1],
                         datetime.date(2026, 12, 2): days[2]}


@pytest.mark.parametrize("damage, reason", [
    (lambda line: line[:-12] + line[-9:], "checksum does not match"),  # a day dropped on the way
    (lambda line: line.replace(":1/1:", ":1/1:0", 1), "checksum does not match"),
    (lambda line: line[:-3], "cut short"),
    (lambda line: "HEP2" + line[4:], "newer format (HEP2)"),
    (lambda line: "HELLO", "not a hepkit summary"),
])
def test_a_damaged_summary_is_refused_with_the_reason(damage, reason):
    line = write_line("0123456789abcdef", 1, 1, (Group(("1A2B",)),), [day(1, 2, 3, 4)] * 3, MONDAY)
    with pytest.raises(SummaryError, match=re.escape(reason)):
        parse_line(damage(line))


def test_summary_lines_are_found_in_a_pasted_message():
    line = write_line("0123456789abcdef", 1, 1, (Group(("1A2B",)),), [day(1, 2)], MONDAY)
    message = f"Hi! Here is my log.\n\nMy exercise log for Test Clinic\nFor hepkit (do not change the line below):\n{line}\nSam"
    assert find_lines(message) == [line]
    assert find_lines(message.replace(line, line.lower())) == [line]  # a mail program that lower-cased it


# --- log add ------------------------------------------------------------------------------------

def test_log_add_writes_a_readable_private_log_and_adding_it_again_changes_nothing(tree, cli, tmp_path):
    summary = tmp_path / "from-pat.txt"
    summary.write_text("My exercise log\n" + pat_summary([day(1, 1, 2, None), day(0, 1), day(1, 1, 6, 3)]) + "\n")
    code, out, err = cli("log", "add", "content/patients/pat.yaml", summary)
    assert (code, err) == (0, "")
    assert out == ("content/patients/pat.log.yaml: 3 new days.\nThe log now runs from Mon 5 Jan to Wed 7 Jan: 2 of 3 "
                   "sessions done (67 %), pain during above 5 on 1 day. `report` shows it day by day.\n")
    log = tree / "patients" / "pat.log.yaml"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert f"sheet: {pat_code()}\n" in text
    assert "  2026-01-07:\n    sessions:\n      step-up + wall-sit: 1 of 1\n    pain_during: 6\n    pain_morning: 3\n" in text
    assert "  2026-01-06:\n    sessions:\n      step-up + wall-sit: 0 of 1\n  2026-01-07" in text  # a missed day is logged
    assert cli("check")[0] == 0  # the log is content, and valid
    before = log.read_bytes()
    code, out, err = cli("log", "add", "content/patients/pat.yaml", summary)
    assert (code, out.splitlines()[0]) == (0, "content/patients/pat.log.yaml: nothing new, 3 days already in the log.")
    assert log.read_bytes() == before


def test_a_later_summary_brings_a_day_up_to_date_and_a_disagreeing_day_is_kept_and_shown(tree, cli, tmp_path):
    first, later = tmp_path / "first.txt", tmp_path / "later.txt"
    first.write_text(pat_summary([day(1, 1, 2, None), day(1, 1, 4, 2)]))
    assert cli("log", "add", "pat", first)[0] == 0
    # The next hand-over: Monday's morning rating was given after the first one; Tuesday says 7, not 4.
    later.write_text(pat_summary([day(1, 1, 2, 1), day(1, 1, 7, 2), day(1, 1, 3, 3)]))
    code, out, err = cli("log", "add", "pat", later)
    assert code == 0
    assert out.splitlines()[0] == "content/patients/pat.log.yaml: 1 new day, 1 brought up to date."
    assert err == ("content/patients/pat.log.yaml:14: 2026-01-06 differs: the log says 1 of 1 (step-up + wall-sit), pain "
                   "during 4, on waking 2; the phone says 1 of 1 (step-up + wall-sit), pain during 7, on waking 2 — the "
                   "log's was kept; to take the phone's, edit that day\n")
    text = (tree / "patients" / "pat.log.yaml").read_text()
    assert "  2026-01-05:\n    sessions:\n      step-up + wall-sit: 1 of 1\n    pain_during: 2\n    pain_morning: 1\n" in text
    assert "  2026-01-06:\n    sessions:\n      step-up + wall-sit: 1 of 1\n    pain_during: 4\n" in text
    assert text.splitlines()[13] == "  2026-01-06:"  # the line the message names


def test_a_summary_from_another_sheet_or_damaged_changes_nothing(tree, cli, tmp_path):
    (tree / "patients" / "kim.yaml").write_text((tree / "patients" / "pat.yaml").read_text().replace("Pat", "Kim"))
    kim = sheet_code(with_salt(check("content"), "content").site.sheet_salt, "kim")
    foreign = tmp_path / "kim.txt"
    foreign.write_text(pat_summary([day(1, 1)], code=kim))
    code, out, err = cli("log", "add", "content/patients/pat.yaml", foreign)
    assert code == 1 and out == ""
    assert err == (f"{foreign}:1: this summary is from another sheet (code {kim}), not from the sheet of "
                   f"content/patients/pat.yaml (code {pat_code()}) — check that you chose the right patient file; "
                   "nothing was added\nNothing was added to the log.\n")
    cut = tmp_path / "cut.txt"
    cut.write_text("Hello\n" + pat_summary([day(1, 1)] * 5)[:-20])
    code, out, err = cli("log", "add", "pat", cut)
    assert code == 1 and err.startswith(f"{cut}:2: the end of this summary is missing (it was cut short)")
    code, out, err = cli("log", "add", "pat", tmp_path / "none.txt")
    assert code == 1 and "there is no such file" in err
    code, out, err = cli("log", "add", "pta", cut)
    assert code == 1 and err.startswith('pta: there is no such patient file (did you mean "pat"?)')
    assert not (tree / "patients" / "pat.log.yaml").exists()


def test_a_picture_without_a_qr_code_says_so(tree, cli, tmp_path):
    from PIL import Image
    photo = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(photo)
    code, out, err = cli("log", "add", "pat", photo)
    assert code == 1
    assert err == (f"{photo}:1: no QR code can be read in this picture — ask for a sharper photo taken straight on, "
                   "or for the summary as text (Copy as text)\n")


def test_a_second_part_is_asked_for(tree, cli, tmp_path):
    part = tmp_path / "part1.txt"
    part.write_text(pat_summary([day(1, 1)] * 28, number=1, parts=2))
    code, out, err = cli("log", "add", "pat", part)
    assert code == 0 and out.splitlines()[0] == "content/patients/pat.log.yaml: 28 new days."
    assert err == "This was part 1 of 2: add part 2 too, in the same way.\n"


@pytest.mark.parametrize("written, message", [
    ("sheet: abc\ndays: {}\n", "content/patients/pat.log.yaml:1: `sheet:` should be the 16-letter code of the patient's sheet"),
    ("sheet: 0123456789abcdef\ndays:\n  2026-01-05:\n    sessions: {step-up: 2 out of 3}\n",
     "content/patients/pat.log.yaml:4: '2 out of 3' is not a count of sessions — write \"2 of 3\""),
    ("sheet: 0123456789abcdef\ndays:\n  2026-01-05:\n    pain_during: 11\n",
     "content/patients/pat.log.yaml:4: `pain_during: 11` is not a rating from 0 to 10"),
    ("sheet: 0123456789abcdef\ndays:\n  5 Jan:\n    pain_during: 1\n",
     "content/patients/pat.log.yaml:3: '5 Jan' is not a date — write each day as YYYY-MM-DD"),
])
def test_a_log_edited_by_hand_is_checked_at_its_line(tree, cli, written, message):
    (tree / "patients" / "pat.log.yaml").write_text(written)
    code, out, err = cli("check")
    assert code == 1 and err.startswith(message), err


def test_a_log_without_its_patient_file_is_kept_and_warned(tree, cli):
    (tree / "patients" / "gone.log.yaml").write_text("sheet: 0123456789abcdef\ndays: {}\n")
    code, out, err = cli("check")
    assert code == 0
    assert "content/patients/gone.log.yaml:1: warning: there is no patient file gone.yaml for this log" in err


# --- the next sheet and the report --------------------------------------------------------------

def logged_fortnight(tree, cli, tmp_path):
    """Two weeks of Pat's: every day due, 10 of 14 done, pain during 6 (above the limit 5) twice."""
    days = [day(0 if n in (2, 5, 9, 12) else 1, 1, 6 if n in (3, 11) else 2, 2 if n != 12 else 4) for n in range(14)]
    (tmp_path / "s.txt").write_text(pat_summary(days))
    assert cli("log", "add", "pat", tmp_path / "s.txt")[0] == 0


def test_the_next_sheet_shows_the_patient_their_progress(tree, cli, tmp_path):
    logged_fortnight(tree, cli, tmp_path)
    assert cli("build")[0] == 0
    (sheet,) = sheet_files(tree.parent / "output")
    text = text_of(sheet.read_text())
    assert ("Your progress so far From Monday, 5 January to Sunday, 18 January you did 10 of the 14 sessions that "
            "were due. Your pain went above 5 on 2 days.") in text
    assert text.count("Week 1 5/7") == 1 and "Week 2 5/7" in text
    assert "Pat Example" not in (tree / "patients" / "pat.log.yaml").read_text()


def test_report_flags_who_needs_a_call_in_a_private_folder_outside_output(tree, cli, tmp_path):
    logged_fortnight(tree, cli, tmp_path)
    (tree / "patients" / "kim.yaml").write_text((tree / "patients" / "pat.yaml").read_text().replace("Pat", "Kim"))
    assert cli("build")[0] == 0
    code, out, err = cli("report")
    assert code == 0
    assert out == ("Wrote 1 report and an overview: open reports/index.html (1 patient flagged for a call). The folder "
                   "is private: do not send it.\n")
    folder = tree.parent / "reports"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == sorted(["index.html", f"{pat_code()}.html"])  # no names
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    overview = text_of((folder / "index.html").read_text())
    assert overview.index("Pat Example") < overview.index("Kim Example")  # flagged first
    assert "Pat Example 10 of 14 (71 %) Sun 18 Jan pain during the exercises above 5 on 2 days in the last 14 days" in overview
    assert "Kim Example no log yet" in overview
    report = text_of((folder / f"{pat_code()}.html").read_text())
    assert "Sessions done 10 of 14 due (71 %)" in report and "Pain during above 5 2 days: Thu 8 Jan, Fri 16 Jan" in report
    assert "Mornings not settled 1: Sat 17 Jan" in report
    output = tree.parent / "output"
    assert not any("reports" in p.read_text() or "Kim" in p.name for p in output.rglob("*.html"))
    code, out, err = cli("report", "--reports", "output/private")
    assert code == 1 and err.startswith("output/private:1: reports may not go inside the output folder")


def test_move_on_criteria_with_a_number_are_checked_against_the_log(tree, cli, tmp_path):
    program = tree / "programs" / "knee.yaml"
    program.write_text(program.read_text().replace("  - id: build\n    name: Build\n",
                                                   "  - id: build\n    name: Build\n    move_on_when:\n"
                                                   "      - pain stays at 5 out of 10 or less for 2 weeks\n"
                                                   "      - your pain stays within the pain rules\n"
                                                   "      - you can do 3 sets with good form\n"))
    logged_fortnight(tree, cli, tmp_path)
    assert cli("report")[0] == 0
    report = text_of((tree.parent / "reports" / f"{pat_code()}.html").read_text())
    assert ("pain stays at 5 out of 10 or less for 2 weeks Not met: pain during the exercises above 5 on 2 of 14 days "
            "rated") in report
    assert "your pain stays within the pain rules Not met: pain above 5 on 2 days, mornings not settled on 1" in report
    assert "you can do 3 sets with good form Ask: the log cannot show this" in report


# --- reminders ----------------------------------------------------------------------------------

def test_reminders_are_a_valid_calendar_of_the_prescription_with_neutral_words(shipped):
    from tests.conftest import shipped_sheet
    sheet = shipped_sheet(shipped, "jordan-example")
    ics = sheet.with_suffix(".ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())
        assert "Jordan" not in event["SUMMARY"] and "hamstring" not in event["SUMMARY"].lower()
    rules = {str(e["SUMMARY"]): (e["DTSTART"].dt, e.get("RRULE")) for e in events}
    # Exercise 1 every day at 18:00, exercises 2-4 on Mon, Wed and Fri: one reminder at a time.
    assert rules["Exercises — Riverbend Physio (example clinic)"][0] == datetime.datetime(2026, 11, 2, 18, 0)
    assert rules["Exercises — Riverbend Physio (example clinic)"][1]["BYDAY"] == ["MO", "WE", "FR"]
    assert rules["Exercise 1 — Riverbend Physio (example clinic)"][0] == datetime.datetime(2026, 11, 3, 18, 0)
    assert rules["Exercise 1 — Riverbend Physio (example clinic)"][1]["BYDAY"] == ["TU", "TH", "SA", "SU"]
    assert all(rule["UNTIL"] == [datetime.datetime(2026, 11, 29, 23, 59, 59)] for _, rule in rules.values() if rule)
    review = [e for e in events if "Review" in e["SUMMARY"]]
    assert len(review) == 1 and review[0]["DTSTART"].dt == datetime.date(2026, 11, 30), rules
    assert all(e.walk("VALARM") for e in events)
    assert re.search(rb'href="data:text/calendar;charset=utf-8;base64,([^"]+)"', sheet.read_bytes())[1] == \
        __import__("base64").b64encode(ics)  # the sheet's download is the same file


def test_the_vendored_qr_encoder_is_the_one_its_note_names():
    folder = ROOT / "static" / "qrcode-generator"
    note = (folder / "VENDORED.md").read_text()
    digest = hashlib.sha256((folder / "qrcode.js").read_bytes()).hexdigest()
    assert f"sha256 of `qrcode.js`: `{digest}`" in note and "MIT License" in (folder / "LICENSE").read_text()


def test_a_new_log_rebuilds_only_that_patients_sheet_and_equals_a_fresh_build(tree, cli, tmp_path):
    from hepkit.pipeline import build
    from tests.conftest import snapshot
    assert cli("build")[0] == 0
    logged_fortnight(tree, cli, tmp_path)
    result = build("content", "output")
    assert result.changed == [sheet_files(tree.parent / "output")[0].relative_to(tree.parent / "output").as_posix()]
    log = tree / "patients" / "pat.log.yaml"
    log.write_text(log.read_text().replace("pain_during: 6", "pain_during: 7", 1))
    assert len(build("content", "output").changed) == 1
    build("content", tmp_path / "fresh", use_cache=False)
    assert snapshot(tree.parent / "output") == snapshot(tmp_path / "fresh")


def test_the_example_in_the_docs_is_a_summary_hepkit_reads():
    docs = (ROOT / "docs" / "patient-log.md").read_text()
    (line,) = [row.strip() for row in docs.splitlines() if row.strip().startswith("HEP1:D")]  # not the grammar
    part = parse_line(line)
    assert part.code == "dcdf250067e5167b" and len(part.days) == 14 and len(part.groups[0].tags) == 3


def test_four_weeks_of_six_exercises_in_three_groups_fit_one_phone_readable_code():
    """A version 10 QR code at level M holds 311 alphanumeric characters: four weeks of the largest
    documented prescription fit in it (so one code, at a size a phone camera reads from a photo)."""
    groups = (Group(("1A2B", "3C4D")), Group(("5E6F", "7A8B")), Group(("9C0D", "1E2F"), per_week=4))
    days = [Day((2, 1, 1), (3, 1, 0), 10, 4)] * 28
    line = write_line("0123456789abcdef", 1, 1, groups, days, MONDAY)
    assert len(line) <= 311, len(line)


def test_a_link_planted_in_reports_or_at_the_log_is_replaced_not_written_through(tree, cli, tmp_path):
    (tmp_path / "s.txt").write_text(pat_summary([day(1, 1, 2, 2)]))
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    (tree.parent / "reports").mkdir()
    (tree.parent / "reports" / "index.html").symlink_to(outside)
    (tree / "patients" / "pat.log.yaml").symlink_to(outside)
    assert cli("log", "add", "pat", tmp_path / "s.txt")[0] == 1  # the log is a link: check refuses it first
    (tree / "patients" / "pat.log.yaml").unlink()
    assert cli("log", "add", "pat", tmp_path / "s.txt")[0] == 0 and cli("report")[0] == 0
    assert outside.read_text() == "keep me"
    assert not (tree.parent / "reports" / "index.html").is_symlink()


def test_a_weekly_group_is_asked_its_share_of_a_week_the_log_covers_in_part():
    """4 days a week on no set days; the log starts on a Friday: that first week asks 2 (3 of 7 days)."""
    from hepkit.content.model import LoggedDay, PatientLog
    from hepkit.site.progress import progress
    library = check(ROOT / "content")
    patient = library.patients["sam-example"]
    friday = datetime.date(2026, 11, 6)
    days = {friday + datetime.timedelta(days=n): LoggedDay({"plank-leg-lifts": (1, 0, 4)}, 2, 2) for n in range(10)}
    patient.start, patient.log = friday, PatientLog("x.log.yaml", "0" * 16, days)
    weeks = progress(patient).weeks
    assert [(w.monday, w.done, w.due) for w in weeks] == [(datetime.date(2026, 11, 2), 2, 2),
                                                         (datetime.date(2026, 11, 9), 4, 4)]


def test_a_patient_file_named_like_a_log_is_told_to_be_renamed(tree, cli):
    (tree / "patients" / "kim.log.yaml").write_text((tree / "patients" / "pat.yaml").read_text())
    code, out, err = cli("check")
    assert code == 1
    assert err == ("content/patients/kim.log.yaml:1: this is a patient file, but a name ending in .log.yaml is a "
                   "patient's log (hepkit log add) — rename it to kim.yaml, or to another name that does not end in "
                   ".log.yaml\n1 problem found.\n")


def test_every_week_of_a_long_log_has_its_bar():
    """Nine weeks: the most recent ones are the ones the physio wants, so none may fall off the edge."""
    from hepkit.content.model import LoggedDay, PatientLog
    from hepkit.site.progress import progress, weeks_svg
    patient = check(ROOT / "content").patients["sam-example"]
    monday = datetime.date(2026, 11, 2)
    days = {monday + datetime.timedelta(days=n): LoggedDay({"bridge": (1, 2, 0)}, 2, 2) for n in range(63)}
    patient.start, patient.log = monday, PatientLog("x.log.yaml", "0" * 16, days)
    svg = str(weeks_svg(progress(patient), "Sessions each week", "Week"))
    assert svg.count('class="done"') == 9 and ">9</text>" in svg and ">7/14</text>" in svg
    xs = [float(x) for x in re.findall(r'class="done" x="([\d.]+)"', svg)]
    assert max(xs) < 300
