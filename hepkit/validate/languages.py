"""Which languages the library is read in, and what is not translated in each.

Each language a translation file or a patient asks for gets one translation.Translation, made once.
A sheet in the content's own language, or in a variant of it (en_US for en), needs none.
"""
from __future__ import annotations

from ..content.fields import Fields
from ..content.load import RawContent
from ..content.model import Exercise, Program
from ..content.source import Source
from ..errors import ContentError, one_of
from ..i18n.catalogs import catalog_languages, interface_language, known_locale, language_name
from .translation import Translation


def language_error(code, path: str, line: int) -> ContentError | None:
    """A `language:` hepkit cannot write in, or None. Babel's CLDR data knows every real code."""
    if known_locale(code) is None:
        return ContentError(path, line, f'language "{code}" is not a language code',
                            "write a code such as en, es or en_US (see docs/content.md, Languages)")
    return None


def sheet_language(f: Fields, default: str, errors) -> str:
    """A patient's `language`, or the site's (`default`). A sheet is only written in a language
    whose interface words hepkit has (hepkit/locale/)."""
    if not isinstance(f.data.get("language", ""), str):
        f.text("language")  # says what is wrong with it
        return default
    if "language" not in f.data:
        return default
    code = f.text("language")
    if code and "-" in code and known_locale(code) is not None:
        code = str(known_locale(code))  # es-MX is es_MX, the spelling translation files use
    problem = language_error(code, f.path, f.line("language")) if code else None
    if problem or not code:
        errors.append(problem or ContentError(f.path, f.line("language"), '"language" is empty',
                                              "write a code such as en or es, or leave the line out"))
        return default
    if interface_language(code) is None:
        f.error("language", f"hepkit cannot write a sheet in {language_name(code)} ({code}) yet: it has no "
                f"catalog of its words in that language", f"use one of {one_of(catalog_languages())}, or add "
                f"hepkit/locale/{known_locale(code).language}.po (see docs/content.md, Languages)")
        return default
    return code


class Languages:
    """The library in each language a translation file or a patient asks for, each made once."""

    def __init__(self, raw: RawContent, default: str, conditions: dict, exercises: dict, programs: dict, errors):
        self.default, self.errors, self.views = default, errors, {}
        self.as_written = (programs, exercises)  # None marks a file already reported as unreadable
        self.originals = {k: {i: v for i, v in table.items() if v is not None}
                          for k, table in (("conditions", conditions), ("exercises", exercises),
                                           ("programs", programs))}
        self.files: dict[str, dict[str, dict[str, Source]]] = {}  # language -> kind -> id -> translation
        for kind, sources in raw.translations.items():
            for source in sources:
                if source.id in raw.unreadable[kind]:
                    continue  # its original could not be read, which is reported already
                if source.language == default:
                    errors.append(ContentError(source.path, 1, f"this is a translation into {language_name(default)}"
                                               f", the site's own language ({default})",
                                               f"edit {source.id} itself, or delete this file"))
                    continue
                same = self.files.setdefault(source.language, {k: {} for k in self.originals}).get(kind)
                if source.id in same:
                    errors.append(ContentError(source.path, 1, f"there are two {language_name(source.language)} "
                                               f'translations of "{source.id}" (the other is {same[source.id].path})',
                                               "delete one of them"))
                    continue
                same[source.id] = source
        for language in sorted(self.files):
            self.view(language)

    def view(self, language: str) -> Translation | None:
        """es_MX is read from its own translations, then from es's. A sheet in the content's own
        language, or a variant of it without translations of its own (en_US for en), needs none."""
        if language == self.default:
            return None
        locale, default = known_locale(language), known_locale(self.default)
        if locale and default and locale.language == default.language and language not in self.files:
            return None
        if language not in self.views:
            sources = {k: {} for k in self.originals}
            for code in dict.fromkeys((locale.language if locale else language, language)):
                for kind, table in self.files.get(code, {}).items():
                    sources[kind].update(table)
            self.views[language] = Translation(language, self.default, *self.originals.values(), sources, self.errors)
        return self.views[language]

    def tables(self, language: str) -> tuple[dict, dict]:
        """(programs, exercises) as a patient of this language reads them."""
        view = self.view(language)
        if view is None:
            return self.as_written
        programs, exercises = self.as_written  # keep their None marks: an unreadable file is reported once
        return ({**{k: v for k, v in programs.items() if v is None}, **view.programs},
                {**{k: v for k, v in exercises.items() if v is None}, **view.exercises})

    def report(self, patients, warnings: list) -> tuple[dict[str, dict[str, Program]], dict[str, dict[str, Exercise]]]:
        """Warn about what is shown untranslated: on each sheet in another language, and on each
        translated handout and exercise page. Returns the programs and the exercises with a
        translation file, by language, for those pages."""
        found = set()
        for patient in patients:
            view = self.view(patient.language)
            if view is not None:
                found.update(self._gaps(view, patient.program, [rx.exercise for rx in patient.exercises], False))
        handouts, exercise_pages = {}, {}
        for language in sorted(self.files):  # the library's languages: its translations', never a patient's
            view = self.view(language)
            if view is None:
                continue
            chosen = {i: p for i, p in view.programs.items() if p.translation}
            for program in chosen.values():
                found.update(self._gaps(view, program, [rx.exercise for ph in program.phases for rx in ph.exercises]))
            if chosen:
                handouts[language] = chosen
            exercises = {i: e for i, e in view.exercises.items() if e.translation}
            for exercise in exercises.values():
                found.update(view.gaps.get(("exercise", exercise.id), []))
            if exercises:
                exercise_pages[language] = exercises
        warnings.extend(found)
        return handouts, exercise_pages

    @staticmethod
    def _gaps(view: Translation, program: Program, exercises, with_condition: bool = True) -> list:
        """What is untranslated among a program and its exercises (a sheet does not show the condition)."""
        keys = [("program", program.id), *(("exercise", e.id) for e in exercises)]
        if program.condition and with_condition:
            keys.append(("condition", program.condition.id))
        return [gap for key in keys for gap in view.gaps.get(key, [])]

    def coverage(self) -> dict:
        """language -> kind -> (ids with a translation, ids with a complete one, all ids)."""
        table = {}
        for language, view in sorted(self.views.items()):
            table[language] = {}
            for kind, singular, objects in (("exercises", "exercise", view.exercises),
                                            ("conditions", "condition", view.conditions),
                                            ("programs", "program", view.programs)):
                have = sorted(i for i, o in objects.items() if o.translation)
                table[language][kind] = (have, [i for i in have if not view.gaps.get((singular, i))], sorted(objects))
        return table
