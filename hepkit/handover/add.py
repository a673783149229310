"""`hepkit log add PATIENT_FILE [SUMMARY]`: a patient's summary (pasted text, a text file, or a photo
or screenshot of its QR code) checked and merged into patients/<id>.log.yaml. Anything wrong with
it (cut short, changed, from another patient's sheet) is said plainly and nothing is written."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from ..content.model import PatientLog
from ..content.summary import SummaryError, find_lines, parse_line
from ..errors import ContentError, did_you_mean
from ..i18n.words import short_date
from ..pipeline import check
from ..salt import with_salt
from ..site.paths import sheet_code
from ..site.progress import progress
from .log_file import exercise_names, log_text, logged_days, merge, write_log
from .photo import PHOTO_ENDINGS, looks_like_photo, read_photo

AGAIN = "ask the patient for the summary again (Show my physio on their sheet)"


def _read_summary(summary: str | None) -> tuple[str, str | list[ContentError]]:
    """(how to name it in messages, its text) — or the problems that stop it being read."""
    if summary in (None, "-"):
        if sys.stdin.isatty():
            print("Paste the patient's summary, then press Ctrl-D (Ctrl-Z and Enter on Windows):", file=sys.stderr)
        return "the pasted summary", sys.stdin.read()
    path = Path(summary)
    if not path.is_file():
        return summary, [ContentError(summary, 1, "there is no such file",
                                      "give the file the patient sent (text, or a photo of the QR code), or leave "
                                      "it out and paste the summary")]
    if looks_like_photo(path):
        return summary, read_photo(path)
    try:
        return summary, path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        return summary, [ContentError(summary, 1, f"this file cannot be read as text ({e.__class__.__name__})",
                                      f"give the message as text, or a photo ({', '.join(PHOTO_ENDINGS)})")]


def _line_of(text: str, line: str) -> int:
    for number, row in enumerate(text.splitlines(), start=1):
        if line in row.upper():
            return number
    return 1


def _patient(library, patient_file: str):
    wanted = Path(patient_file).name.removesuffix(".yaml")
    if wanted in library.patients:
        return library.patients[wanted]
    print(f"{patient_file}: there is no such patient file{did_you_mean(wanted, library.patients)} — give a file in "
          "content/patients/, such as content/patients/sam-example.yaml", file=sys.stderr)
    return None


def log_add(content: str, patient_file: str, summary: str | None) -> int:
    library = with_salt(check(content), content)
    patient = _patient(library, patient_file)
    if patient is None:
        return 1
    shown, text = _read_summary(summary)
    if isinstance(text, list):
        for problem in text:
            print(problem, file=sys.stderr)
        return 1
    code = sheet_code(library.site.sheet_salt, patient.id)
    lines = find_lines(text)
    if not lines:
        print(ContentError(shown, 1, "there is no summary here (a summary has a line that starts with HEP1:)", AGAIN),
              file=sys.stderr)
        return 1
    parts, problems = [], []
    for line in lines:
        where = _line_of(text, line) if isinstance(text, str) and "\n" in text else 1
        try:
            part = parse_line(line)
        except SummaryError as e:
            problems.append(ContentError(shown, where, str(e), AGAIN))
            continue
        if part.code != code:
            problems.append(ContentError(shown, where, f"this summary is from another sheet (code {part.code}), not "
                                         f"from the sheet of {patient.where.path} (code {code})",
                                         "check that you chose the right patient file; nothing was added"))
        parts.append(part)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("Nothing was added to the log.", file=sys.stderr)
        return 1
    names = exercise_names(patient, library.exercises)
    incoming = {}
    for part in sorted(parts, key=lambda p: p.number):
        incoming.update(logged_days(part, names))
    log_path = Path(patient.where.path).with_name(f"{patient.id}.log.yaml")
    old = patient.log.days if patient.log else {}
    result = merge(old, incoming)
    written = log_path.read_text(encoding="utf-8") if log_path.is_file() else ""
    if result.added or result.updated:
        written = log_text(f"patients/{Path(patient.where.path).name}", code, result.days)
        write_log(log_path, written)
    kept = len(incoming) - len(result.added) - len(result.updated) - len(result.conflicts)
    said = [f"{len(result.added)} new day{'s' * (len(result.added) != 1)}"] if result.added else []
    if result.updated:
        said.append(f"{len(result.updated)} brought up to date")
    if kept:
        said.append(f"{kept} day{'s' * (kept != 1)} already in the log" if said else
                    f"nothing new, {kept} day{'s' * (kept != 1)} already in the log")
    print(f"{log_path}: {', '.join(said) or 'nothing new'}.")
    print(_in_short(dataclasses.replace(patient, log=PatientLog(str(log_path), code, result.days))))
    for date, logged, phone in result.conflicts:
        line = next((n for n, row in enumerate(written.splitlines(), start=1) if row.strip() == f"{date}:"), 1)
        print(f"{log_path}:{line}: {date} differs: the log says {_day_words(logged)}; the phone says "
              f"{_day_words(phone)} — the log's was kept; to take the phone's, edit that day", file=sys.stderr)
    numbers = {p.number for p in parts}
    missing = [n for n in range(1, parts[0].parts + 1) if n not in numbers]
    if missing:
        print(f"This was part {', '.join(map(str, sorted(numbers)))} of {parts[0].parts}: add part "
              f"{', '.join(map(str, missing))} too, in the same way.", file=sys.stderr)
    return 0


def _in_short(patient) -> str:
    """The log as it now stands, in one line: what `report` shows at length."""
    p = progress(patient)
    said = f"The log now runs from {short_date(p.first)} to {short_date(p.last)}: {p.done} of {p.due} sessions done"
    said += f" ({p.adherence} %)" if p.adherence is not None else ""
    if p.limit is not None:
        said += f", pain during above {p.limit} on {len(p.over)} day{'s' * (len(p.over) != 1)}"
    return said + ". `report` shows it day by day."


def _day_words(day) -> str:
    """'1 of 2 (bridge + plank), pain during 4, on waking 2': a logged day, for a conflict message."""
    sessions = [f"{done} ({per_week} a week)" if per_week else f"{done} of {due}"
                for done, due, per_week in day.sessions.values()]
    said = [f"{count} ({names})" for count, names in zip(sessions, day.sessions, strict=True)]
    said += [f"pain during {day.during}"] if day.during is not None else []
    said += [f"on waking {day.morning}"] if day.morning is not None else []
    return ", ".join(said)
