"""Stage 2: turn loaded data into the content model, collecting every problem on the way.

The readers (readers.py, with fields.py, dose.py and poses.py) read each file; this module links
the ids once and composes each patient's sheet. Each problem says where (path:line), what is
wrong, and how to fix it; nothing is raised until the whole library is read, so one run shows
the physio every problem at once.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TYPE_CHECKING

from ..content.dose import parse_dose
from ..content.fields import Fields, kind_of
from ..content.load import RawContent
from ..content.model import Dose, Library, Patient, Phase, Prescription, Program, Site, Where
from ..content.source import Source
from ..content.yaml_lines import LineDict
from ..errors import ContentError, ContentErrors, did_you_mean, one_of
from ..i18n.catalogs import catalog_languages, interface_language, known_locale, language_name
from ..salt import choose_salt
from .languages import Languages, sheet_language
from .patient_log import read_log
from .poses import KnownPoses
from .readers import (
    check_exercise_pain_words,
    check_pain_words,
    lookup,
    prescription,
    read_condition,
    read_exercise,
    read_program,
    read_site,
)
from .remembered import PatientSources, once

if TYPE_CHECKING:  # passed in by the pipeline; validation never imports the output stage
    from ..output.cache import BuildCache


def _patient(source: Source, site: Site | None, view, errors) -> Patient | None:
    """One patient's sheet. `view(language)` gives the programs and exercises in a language."""
    path = source.path
    f = Fields(source.data, path, errors,
               ["name", "program", "phase", "start", "review", "clinician", "doses", "add",
                "leave_out", "notes", "language"], "this patient file")
    language = sheet_language(f, site.language if site else "en", errors)
    programs, exercises = view(language)
    name = f.text("name", True, 'add the patient\'s name: `name: "Jane Example"`')
    program_id = f.text("program", True, "add `program:` with the name of a file in content/programs/")
    start = f.date("start", True)
    review = f.date("review")
    if start and review and review < start:
        f.error("review", f"the review date {review} is before the start date {start}",
                "check both dates; the review comes after the start")
    clinician = f.text("clinician") or (site.clinician if site else "")
    notes = f.text("notes")
    program = lookup(programs, program_id, path, f.line("program"), "program", errors) if program_id else None
    if program is None or not program.phases:
        return None
    if program.pain:  # a note for this patient says the program's pain rule, or no number at all
        check_pain_words(source.data, program.pain.acceptable_up_to, path, errors)
    phase = _pick_phase(f, program, errors)
    if phase is None:
        return None
    chosen = {p.exercise.id: p for p in phase.exercises}
    leave_out = f.items("leave_out")
    for index, exercise_id in enumerate(leave_out):
        if not isinstance(exercise_id, str):
            errors.append(ContentError(path, leave_out.line_of(index), "each item of \"leave_out\" should be "
                                       f"an exercise name, not {kind_of(exercise_id)}", "write `- exercise-name`"))
        elif exercise_id not in chosen and not (phase.incomplete and exercise_id in exercises):
            errors.append(ContentError(path, leave_out.line_of(index),
                                       f'"{exercise_id}" is not in phase {phase.number} of {program.id}, '
                                       f"so it cannot be left out{did_you_mean(exercise_id, chosen)}",
                                       f"use one of {one_of(chosen)}"))
        else:
            chosen.pop(exercise_id, None)
    added = f.items("add")
    places = []
    for index, item in enumerate(added):
        p = prescription(item, index, added, path, exercises, Dose(), errors, ("exercise", "dose", "note", "place"))
        if p is None:
            continue
        if p.exercise.id in chosen:
            errors.append(ContentError(path, p.where.line, f'"{p.exercise.id}" is already in phase {phase.number}',
                                       "change its dose under `doses:` instead of adding it again"))
            continue
        chosen[p.exercise.id] = p
        if isinstance(item, LineDict) and "place" in item:
            places.append((p.exercise.id, item["place"], item.line_of("place")))
    for exercise_id, place, line in places:
        _place(chosen, exercise_id, place, path, line, errors)
    doses = f.mapping("doses") or LineDict()
    for exercise_id, dose_data in doses.items():
        line = doses.line_of(exercise_id)
        if exercise_id in exercises and exercises[exercise_id] is None:
            continue  # its file could not be read, which is reported already
        if exercise_id not in chosen and exercise_id in exercises and phase.incomplete:
            continue  # the program's list names it wrongly, which is reported there
        if exercise_id not in chosen:
            errors.append(ContentError(path, line, f'"{exercise_id}" is not on this sheet, so its dose cannot be '
                                       f"changed{did_you_mean(exercise_id, chosen)}",
                                       f"use one of {one_of(chosen)}"))
            continue
        override = parse_dose(dose_data, path, line, errors)
        base = chosen[exercise_id]
        chosen[exercise_id] = Prescription(base.exercise, override.over(base.dose), Where(path, line), base.note)
    if not chosen and not phase.incomplete:
        f.error("leave_out" if "leave_out" in source.data else None, "this sheet has no exercises left on it",
                "leave fewer exercises out, or add some under `add:`")
    return Patient(source.id, f.where(), name, program, phase, start, review, clinician,
                   list(chosen.values()), notes, language)


def _place(chosen: dict, exercise_id: str, place, path: str, line: int, errors) -> None:
    """Move an added exercise: `place: first`, `last`, `before <id>` or `after <id>`."""
    words = str(place).split() if isinstance(place, str) else []
    others = [k for k in chosen if k != exercise_id]
    hint = 'write `place: first`, `place: last`, `place: before exercise-name` or `place: after exercise-name`'
    if words in (["first"], ["last"]):
        anchor, index = None, 0 if words == ["first"] else len(others)
    elif len(words) == 2 and words[0] in ("before", "after"):
        anchor = words[1]
        if anchor not in others:
            errors.append(ContentError(path, line, f'"{anchor}" is not on this sheet, so nothing can go {words[0]} '
                                       f"it{did_you_mean(anchor, others)}", f"use one of {one_of(others)}"))
            return
        index = others.index(anchor) + (words[0] == "after")
    else:
        errors.append(ContentError(path, line, f'place "{place}" is not understood', hint))
        return
    order = others[:index] + [exercise_id] + others[index:]
    moved = {k: chosen[k] for k in order}
    chosen.clear()
    chosen.update(moved)


def _pick_phase(f: Fields, program: Program, errors) -> Phase | None:
    value = f.data.get("phase", 1)
    for phase in program.phases:
        if (value == phase.number and not isinstance(value, bool)) or value == phase.id:
            return phase
    choices = [p.id for p in program.phases]
    f.error("phase" if "phase" in f.data else None,
            f'program "{program.id}" has no phase "{value}"{did_you_mean(value, choices)}',
            f"use a number from 1 to {len(program.phases)}, or one of {one_of(choices)}")
    return None


def _unique(sources: list[Source], what: str, errors, table: dict) -> list[Source]:
    """One file per id. Ids that differ only by case or by how an accent is stored are one file on
    macOS and Windows, so they are refused too. A refused id maps to None in `table`, so that
    references to it are not reported a second time."""
    seen: dict[str, Source] = {}
    for source in sources:
        key = unicodedata.normalize("NFC", source.id).casefold()
        if key in seen:
            other = seen[key]
            same = "called" if other.id == source.id else "whose names differ only in capitals or accents:"
            errors.append(ContentError(source.path, 1, f'there are two {what} {same} "{source.id}" '
                                       f"(the other is {other.path})",
                                       "rename one of the files: the file name is the id"))
            table.setdefault(source.id, None)
            continue
        seen[key] = source
    return list(seen.values())


# Words that tell the patient to work both sides, in the languages hepkit ships.
_BOTH_SIDES = re.compile(r"\b(?:swap|switch|change) (?:legs|sides|arms)\b|\b(?:repeat|do the same) (?:with|on) the "
                         r"other (?:leg|side|arm)\b|\bthen (?:do )?the other (?:leg|side|arm)\b"
                         r"|\bcambi[ea] de (?:pierna|lado|brazo)\b|\bcon la otra pierna\b"
                         r"|\bcon una pierna y (?:después|luego) cambie\b", re.IGNORECASE)


def _one_side_warnings(prescriptions: list[Prescription]) -> list[ContentError]:
    """A dose for one side (`sides: left`) of an exercise whose steps say to swap legs: the card
    would tell the patient to work the side the physio left out. Once per place the dose is set."""
    found = {}
    for rx in prescriptions:
        if rx.dose.sides not in ("left", "right"):
            continue
        said = _BOTH_SIDES.search("\n".join([rx.exercise.body, *rx.exercise.cues]))
        if said:
            warning = ContentError(rx.where.path, rx.where.line,
                                   f'warning: this dose is for the {rx.dose.sides} side only, but the steps of '
                                   f'"{rx.exercise.id}" say "{said[0]}"',
                                   "write that exercise's steps so they hold for one side (or make a one-side copy "
                                   "of it), or use `sides: each`")
            found[(warning.path, warning.line, warning.message)] = warning
    return list(found.values())


def _exercise_pain_words(programs: dict, patients: dict, sources: list[Source], errors, cache) -> None:
    """Each exercise's words (and its translations') against the pain limit of every program that
    uses it, or that a patient on the program was given it in; once per exercise and limit, and
    under a dev server only for files that changed."""
    by_id: dict[str, list[Source]] = {}
    for source in sources:
        by_id.setdefault(source.id, []).append(source)
    checked: set = set()

    def check(program, exercise_id: str) -> None:
        limit, where = program.pain.acceptable_up_to, program.where.path
        for source in by_id.get(exercise_id, []):
            if (source.path, limit) not in checked:
                checked.add((source.path, limit))
                once(cache, ("pain words", source.path, source.digest, limit, where),
                      lambda e, s=source: check_exercise_pain_words(s, limit, where, e), errors)

    listed: dict[str, set[str]] = {}
    for program in programs.values():
        if program and program.pain:
            listed[program.id] = {rx.exercise.id for phase in program.phases for rx in phase.exercises}
            for exercise_id in listed[program.id]:
                check(program, exercise_id)
    for patient in patients.values():  # only what a patient was given beyond the program's lists
        for rx in patient.exercises:
            if patient.program.pain and rx.exercise.id not in listed.get(patient.program.id, ()):
                check(patient.program, rx.exercise.id)


def _attach_logs(logs: list[Source], patients: dict, errors, warnings) -> None:
    """Each patient's log (patients/<id>.log.yaml) on its patient; a log without one is only warned:
    it is kept for the physio, and a patient file that is back later finds it again."""
    for source in logs:
        log = read_log(source, errors)
        if log is None:
            continue
        if source.id not in patients:
            warnings.append(ContentError(source.path, 1, f"warning: there is no patient file {source.id}.yaml for "
                                         "this log, so no sheet or report shows it",
                                         "rename the log to <patient file name>.log.yaml, or leave it to keep it"))
            continue
        patients[source.id] = dataclasses.replace(patients[source.id], log=log)  # a remembered one stays log-less


def _exercise_key(source: Source) -> tuple:
    return ("exercise", source.path, source.digest)


def _exercise(source: Source, cache: BuildCache, poses: KnownPoses, errors: list):
    return once(cache, _exercise_key(source), lambda e: read_exercise(source, e, poses), errors)


def exercise_alone(source: Source, cache: BuildCache):
    """One exercise file read on its own, as validate() reads it (and remembered for it): the dev
    server's first page after a save. None when the file has a problem; the whole build says it."""
    errors: list[ContentError] = []
    exercise = _exercise(source, cache, KnownPoses(cache), errors)
    return None if errors else exercise


def validate(raw: RawContent, cache: BuildCache) -> Library:
    """Build the Library from loaded content, or raise ContentErrors listing every problem."""
    errors = list(raw.errors)
    warnings: list[ContentError] = []
    site = read_site(raw.site, errors) if raw.site else None
    if site:
        site.sheet_salt = choose_salt(site.sheet_salt, raw.salt, raw.site.path, raw.site.data.line_of("sheet_salt"),
                                      warnings)
        if interface_language(site.language) is None:
            warnings.append(ContentError(raw.site.path, raw.site.data.line_of("language"), f"warning: hepkit has no "
                                         f"catalog of its words in {language_name(site.language)}, so headings and "
                                         f"buttons are in English", f"use one of {one_of(catalog_languages())}, or "
                                         f"add hepkit/locale/{known_locale(site.language).language}.po"))
    # A file that could not be read is already reported; its id maps to None so that references
    # to it are not reported a second time.
    conditions = dict.fromkeys(raw.unreadable["conditions"])
    conditions.update({s.id: once(cache, ("condition", s.path, s.digest), lambda e, s=s: read_condition(s, e), errors)
                       for s in _unique(raw.files["conditions"], "conditions", errors, conditions)})
    exercises = dict.fromkeys(raw.unreadable["exercises"])
    sources = _unique(raw.files["exercises"], "exercises", errors, exercises)
    poses = KnownPoses(cache)
    poses.find_all([s for s in sources if not cache.remembers(_exercise_key(s))])
    exercises.update({s.id: _exercise(s, cache, poses, errors) for s in sources})
    programs = dict.fromkeys(raw.unreadable["programs"])
    programs.update({s.id: read_program(s, exercises, conditions, errors)
                     for s in _unique(raw.files["programs"], "programs", errors, programs)})
    default = site.language if site else "en"
    views = Languages(raw, default, conditions, exercises, programs, errors)
    patients = {}
    composed_from = PatientSources(raw, programs) if cache.in_memory else None
    for source in _unique(raw.files["patients"], "patients", errors, {}):
        compose = lambda e, s=source: _patient(s, site, views.tables, e)  # noqa: E731
        patient = once(cache, composed_from.key(source), compose, errors) if composed_from else compose(errors)
        if patient is not None:
            patients[source.id] = patient
    _exercise_pain_words(programs, patients, raw.files["exercises"] + raw.translations["exercises"], errors, cache)
    _attach_logs(raw.logs, patients, errors, warnings)
    translated, translated_exercises = views.report(patients.values(), warnings)
    warnings += _one_side_warnings([rx for program in programs.values() if program for phase in program.phases
                                    for rx in phase.exercises] + [rx for p in patients.values() for rx in p.exercises])
    if errors:
        raise ContentErrors(errors)
    digests = {source.path: source.digest for files in (raw.files, raw.translations, {"logs": raw.logs})
               for kind in files.values() for source in kind}
    if raw.site:
        digests[raw.site.path] = raw.site.digest
    return Library(site, conditions, exercises, programs, patients,  # no None left: errors were raised
                   warnings=sorted(warnings), ignored=raw.ignored, digests=digests,
                   site_path=raw.site.path if raw.site else "site.yaml", translated=translated,
                   translated_exercises=translated_exercises,
                   coverage=views.coverage())

