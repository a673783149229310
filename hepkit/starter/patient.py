"""`hepkit new patient NAME --program ID`: a patient's file from a program and phase, ready to edit:
the dates from today, the clinician from site.yaml, and commented examples of what can change."""
from __future__ import annotations

import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

from ..errors import did_you_mean, one_of
from ..files import create_file
from ..i18n.catalogs import catalog_languages, interface_language
from ..pipeline import check
from ..salt import with_salt
from ..site.paths import sheet_name


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "patient"


def new_patient(content: str, output: str, name: str, program_id: str, phase: str, language: str | None,
                command: str = "hepkit") -> int:
    if not name.strip() or any(0xD800 <= ord(c) <= 0xDFFF or not c.isprintable() for c in name):
        print("The name has characters that are not text (or is empty) — type the name again, in quotes",
              file=sys.stderr)
        return 1
    library = with_salt(check(content), content)
    program = library.programs.get(program_id)
    if program is None:
        print(f'There is no program "{program_id}"{did_you_mean(program_id, library.programs)} — '
              f"use one of {one_of(library.programs)}", file=sys.stderr)
        return 1
    chosen = next((p for p in program.phases if phase in (str(p.number), p.id)), None)
    if chosen is None:
        print(f'Program "{program_id}" has no phase "{phase}" — use a number from 1 to {len(program.phases)}',
              file=sys.stderr)
        return 1
    if language and interface_language(language) is None:
        print(f'hepkit cannot write a sheet in "{language}" — use one of {one_of(catalog_languages())}',
              file=sys.stderr)
        return 1
    path = Path(content) / "patients" / f"{_slug(name)}.yaml"
    if path.exists():
        print(f"{path} already exists — pick another name or edit that file", file=sys.stderr)
        return 1
    today = datetime.date.today()
    exercises = "\n".join(f"#   {p.exercise.id}: {{reps: 5, hold: 45s}}" for p in chosen.exercises[:1])
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        f"# Exercise sheet for one patient. Edit it, then run: {command}\n"
        f"name: {json.dumps(name, ensure_ascii=False)}\n"
        f"program: {program.id}\n"
        f"phase: {chosen.number}  # {chosen.name}\n"
        f"start: {today.isoformat()}\n"
        f"review: {(today + datetime.timedelta(days=14)).isoformat()}\n"
        f"clinician: {json.dumps(library.site.clinician, ensure_ascii=False)}\n"
        + (f"language: {language}\n" if language else "") +
        f"# Change a dose for this patient only:\n# doses:\n{exercises}\n"
        f"# Leave exercises of the phase out, or add others:\n# leave_out: [exercise-name]\n"
        f"# add:\n#   - exercise: exercise-name\n#     dose: {{reps: 8, sets: 3}}\n"
        f'notes: ""\n')
    try:  # written whole under a fresh name, then linked into place: never a half file, never through a link
        create_file(path, text.encode("utf-8"), replace=False)
    except FileExistsError:
        print(f"{path} already exists — pick another name or edit that file", file=sys.stderr)
        return 1
    print(f"Wrote {path}; after `{command}` its sheet is "
          f"{Path(output) / sheet_name(library.site, path.stem)}")
    return 0
