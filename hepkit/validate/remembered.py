"""What a dev server remembers of validation between saves, and by what key: each object made
from a file is kept by the file's bytes (once), and each patient's composed sheet by everything
composing it reads (PatientSources). A one-shot build keeps nothing (the cache's memo just makes)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.load import RawContent
from ..content.source import Source
from ..errors import ContentError
from ..hashes import digest

if TYPE_CHECKING:  # passed in by the pipeline; validation never imports the output stage
    from ..output.cache import BuildCache


def once(cache: BuildCache, key: tuple, make, errors: list):
    """make(errors), or the object made before from the same file bytes (a dev server's memory). An
    object whose file had problems is made again each time, so its problems are always reported."""
    found: list[ContentError] = []
    value = cache.memo(key, lambda: make(found), keep=lambda _: not found)
    errors.extend(found)
    return value


class PatientSources:
    """What composing a patient's sheet reads, as a key for a dev server's memory: the patient file,
    site.yaml, the program it names with that program's exercises and condition, the exercises it
    adds, and every translation file. So saving one exercise composes again only the sheets of the
    programs that use it (and of the patients given it), not every patient of the library."""

    def __init__(self, raw: RawContent, programs: dict):
        self.site = raw.site.digest if raw.site else ""
        self.files = {kind: {s.id: s.digest for s in raw.files[kind]} for kind in ("exercises", "conditions")}
        self.translations = digest(*sorted(s.digest for kind in raw.translations.values() for s in kind))
        self.programs = {}
        for source in raw.files["programs"]:
            program = programs.get(source.id)
            if program is not None:
                used = {rx.exercise.id for phase in program.phases for rx in phase.exercises}
                condition = program.condition.id if program.condition else ""
                self.programs[source.id] = digest(source.digest, self.files["conditions"].get(condition, ""),
                                                  *(f"{i}={self.files['exercises'].get(i, '')}" for i in sorted(used)))

    def key(self, source: Source) -> tuple:
        data = source.data
        named = data.get("program")
        added = data.get("add") if isinstance(data.get("add"), list) else []
        given = sorted({str(item.get("exercise") if isinstance(item, dict) else item) for item in added})
        return ("patient", source.path, source.digest, self.site, self.translations,
                self.programs.get(named, "") if isinstance(named, str) else "",
                *(f"{i}={self.files['exercises'].get(i, '')}" for i in given))
