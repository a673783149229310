"""Which pages exist, where each is written, and what each is made from: one page per program,
exercise and patient, the library and the figures page. Each Page knows its sources, so a build
renders again only the pages whose sources changed (a sheet's contents are sheet.py's, the
rendering render.py's)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..content.model import Exercise, Fallback, Library
from ..figures.poses import JOINT_LIMITS
from ..i18n.sheet_words import pain_rule
from .paths import FIGURES, INDEX, SHEETS_INDEX, exercise_path, handout_path, public_address, sheet_code, sheet_name
from .sheet import reminders_context, sheet_context

CORE_ROWS = ("trunk", "neck", "hip", "knee", "ankle", "shoulder", "elbow")  # always listed on the figures page


@dataclass
class Page:
    path: str  # relative to output/
    template: str
    context: dict | Callable[[], dict]  # a function when it is costly: made only if the page is rendered
    sources: tuple[str, ...] = ()  # the content files it is declared to be made from (reads.py adds what it reads)
    language: str = "en"  # of its words: the site's, or a sheet's patient's
    address: str = ""  # where it is published (site.yaml's base_url); never set for a sheet


def _handout(program, path: str, language: str, library: Library) -> Page:
    """A program's handout: the program at a glance, the pain rule, then each phase's cards."""
    references = list(program.condition.references) if program.condition else []
    if program.pain and program.pain.reference:
        references.append(program.pain.reference)
    first_card = {}  # exercise id -> the phase whose card shows it; later phases link to it
    for phase in program.phases:
        for rx in phase.exercises:
            first_card.setdefault(rx.exercise.id, (phase.number, rx.exercise))
    sources = (program.where.path, *_translation_files(program.id, library.translated),
               *([program.condition.where.path, program.condition.translation] if program.condition else []),
               *(path for _, e in first_card.values() for path in (e.where.path, e.translation)))
    return Page(path, "handout.html",
                {"link_home": True, "program": program, "references": references,
                 "first_card": {i: n for i, (n, _) in first_card.items()},
                 "rule": program.pain and pain_rule(program.pain, language),
                 "also_in": _also_in(program.id, library.translated, handout_path, library.site.language)},
                tuple(p for p in sources if p), language=language)


def _also_in(item_id: str, translated: dict, path_of, site_language: str) -> list[tuple[str, str]]:
    """(language, path) of each page of a program or exercise, the site's language first."""
    return [(site_language, path_of(item_id))] + [(lang, path_of(item_id, lang))
                                                   for lang, table in translated.items() if item_id in table]


def _translation_files(item_id: str, translated: dict) -> list[str]:
    """The translation file of a program or exercise in each language: its pages are made from all
    of them, since each names the others under "Also in:"."""
    return [table[item_id].translation for table in translated.values() if item_id in table]


def _exercise_page(exercise: Exercise, uses: list, language: str, library: Library) -> Page:
    """An exercise's own page: the dose each program and phase gives it (`uses`: the originals'
    (program, phase, prescription)), with links to those phases. In another language a program
    translated too is named and linked in it; one that is not is named as written, marked lang=."""
    site_language = library.site.language
    translated = library.translated.get(language, {}) if language != site_language else {}
    used_in, doses = [], []
    sources = [exercise.where.path, *_translation_files(exercise.id, library.translated_exercises)]
    for program, phase, rx in uses:
        shown = translated.get(program.id)
        if shown is not None:
            title, name = shown.title, {p.number: p for p in shown.phases}[phase.number].name
            path = handout_path(program.id, language)
            sources += [program.where.path, shown.translation]
        else:
            title, name, path = program.title, phase.name, handout_path(program.id)
            if language != site_language:
                title, name = Fallback(title, site_language), Fallback(name, site_language)
            sources.append(program.where.path)
        used_in.append((title, phase.number, name, path))
        doses.append((title, phase.number, rx.dose))
    return Page(exercise_path(exercise.id, "" if language == site_language else language), "exercise.html",
                {"link_home": True, "exercise": exercise, "used_in": used_in, "doses": doses,
                 "also_in": _also_in(exercise.id, library.translated_exercises, exercise_path, site_language)},
                tuple(dict.fromkeys(p for p in sources if p)), language=language)


def _uses(library: Library) -> dict[str, list]:
    """Exercise id -> (program, phase, prescription) of each place a program gives it."""
    used_in: dict[str, list] = {e: [] for e in library.exercises}
    for program in library.programs.values():
        for phase in program.phases:
            for rx in phase.exercises:
                used_in[rx.exercise.id].append((program, phase, rx))
    return used_in


def exercise_page(library: Library, exercise: Exercise) -> Page:
    """An exercise's own page in the site's language, as plan() makes it (serve writes an edited
    exercise's page with this before the whole build runs)."""
    page = _exercise_page(exercise, _uses(library)[exercise.id], library.site.language, library)
    page.address = public_address(library.site, page.path)
    return page


def plan(library: Library) -> list[Page]:
    """Every page the site has, each with what its template needs and the content files it is made
    from. Patients appear only on their sheet."""
    site_language = library.site.language
    every_program = tuple(p.where.path for p in library.programs.values())
    translations = tuple(t.translation for tables in (library.translated, library.translated_exercises)
                         for table in tables.values() for t in table.values())
    pages = [Page(INDEX, "index.html", {"link_home": False}, every_program + translations +
                  tuple(e.where.path for e in library.exercises.values()), language=site_language)]
    used_in = _uses(library)
    for program in library.programs.values():
        pages.append(_handout(program, handout_path(program.id), site_language, library))
    for language, programs in library.translated.items():
        for program in programs.values():
            pages.append(_handout(program, handout_path(program.id, language), language, library))
    pages.append(Page(FIGURES, "figures.html", {"link_home": False, "angle_rows": list(JOINT_LIMITS),
                                                       "core_rows": CORE_ROWS},
                      tuple(e.where.path for e in library.exercises.values()), language=site_language))
    for exercise in library.exercises.values():
        pages.append(_exercise_page(exercise, used_in[exercise.id], site_language, library))
    for language, exercises in library.translated_exercises.items():
        for exercise in exercises.values():
            pages.append(_exercise_page(exercise, used_in[exercise.id], language, library))
    for page in pages:  # the library; the sheets, added next, are never published
        page.address = public_address(library.site, page.path)
    if library.patients:  # a web server that lists folders finds this page, not the sheets
        pages.append(Page(SHEETS_INDEX, "sheets_index.html", {"link_home": False}, (), language=site_language))
    for patient in library.patients.values():
        name = sheet_name(library.site, patient.id)
        sources = (patient.where.path, patient.log and patient.log.path, patient.program.where.path,
                   patient.program.translation,
                   *(path for rx in patient.exercises for path in (rx.exercise.where.path, rx.exercise.translation)))
        code = sheet_code(library.site.sheet_salt, patient.id)
        sources = tuple(dict.fromkeys(p for p in sources if p))
        pages.append(Page(name, "sheet.html", functools.partial(sheet_context, patient, code, patient.language,
                                                              library.site.clinic), sources, language=patient.language))
        pages.append(Page(name.removesuffix(".html") + ".ics", "reminders.ics",
                          functools.partial(reminders_context, patient, code, patient.language, library.site.clinic),
                          sources, language=patient.language))
    return sorted(pages, key=lambda p: p.path)
