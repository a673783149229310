"""Stage 2, in other languages: each exercise, condition and program as a reader of another language
sees it.

A translation sits beside its original (exercises/single-leg-bridge.es.md,
programs/proximal-hamstring-tendinopathy.es.yaml) and holds only words. Doses, poses, ids and
references always come from the original, so a translation cannot change what a patient does.
Whatever a translation lacks is shown in the default language, as a model.Fallback (marked with
lang= in the page), and noted as a warning for `check`.
"""
from __future__ import annotations

from dataclasses import replace

from ..content.fields import Fields, kind_of
from ..content.load import FOLDER_OF
from ..content.model import Condition, Exercise, Fallback, Illustration, Phase, Prescription, Program
from ..content.source import Source
from ..content.yaml_lines import LineDict, LineList
from ..errors import ContentError, did_you_mean, one_of
from ..i18n.catalogs import language_name
from .readers import _check_body, check_pain_words

EXERCISE_WORDS = ("title", "position", "equipment", "targets", "cues", "cautions")
CONDITION_WORDS = ("title", "summary")
PROGRAM_WORDS = ("title", "summary", "general", "call_if")
PHASE_WORDS = ("name", "goal", "dose_note", "avoid", "move_on_when")


class Translation:
    """The library in one language: every condition, exercise and program, each translated where a
    translation file says so and in the default language elsewhere. `gaps` holds, for each
    (kind, id), the warnings that say what is not translated; validate reports those of the things
    a page in this language shows."""

    def __init__(self, lang: str, default: str, conditions: dict, exercises: dict, programs: dict,
                 sources: dict[str, dict[str, Source]], errors: list[ContentError]):
        self.lang, self.default, self.errors = lang, default, errors
        self.default_name = language_name(default)
        self.gaps: dict[tuple[str, str], list[ContentError]] = {}
        self.sources = sources
        self.conditions = {i: self._condition(c, sources["conditions"].get(i)) for i, c in conditions.items()}
        self.exercises = {i: self._exercise(e, sources["exercises"].get(i)) for i, e in exercises.items()}
        self.programs = {i: self._program(p, sources["programs"].get(i)) for i, p in programs.items()}
        for kind, table in (("condition", conditions), ("exercise", exercises), ("program", programs)):
            for source in sources[FOLDER_OF[kind]].values():
                if source.id not in table:
                    errors.append(ContentError(source.path, 1, f'this translates "{source.id}", but there is no '
                                               f"{kind} of that name{did_you_mean(source.id, table)}",
                                               f"name it after its original: {source.id}.{self.lang} needs "
                                               f"{FOLDER_OF[kind]}/{source.id} beside it"))

    # --- one field at a time ---------------------------------------------------------------------

    def _kept(self, value):
        """An original's words shown as they are: marked as the default language."""
        if isinstance(value, list):
            return [Fallback(v, self.default) for v in value]
        return Fallback(value, self.default) if value else value

    def _words(self, kind: str, key: str, original, f: Fields | None, names, where: str) -> dict:
        """Each of `names` from the translation, or the original's marked as a fallback. Gaps are
        noted under (kind, key): the file a page lists among its sources."""
        words = {}
        for name in names:
            said = getattr(original, name)
            value = (f.texts(name) if isinstance(said, list) else f.text(name)) if f and name in f.data else None
            if not value and name == "title" and f is not None:
                f.missing("title", f"add `title:` in {language_name(self.lang)}: a page's title cannot mix languages")
            if value:
                if isinstance(said, list) and len(value) != len(said):
                    self._gap(kind, key, f.path, f.line(name),
                              f'"{name}" has {len(value)} items here but {len(said)} in the original',
                              "check that no item was left out or split in two")
                words[name] = value
            else:
                words[name] = self._kept(said)
                if said and f is not None:
                    self._gap(kind, key, f.path, f.data.line, f'"{name}"{where} is not translated, so it '
                              f"shows in {self.default_name}", f"add `{name}:` in {language_name(self.lang)}")
        return words

    def _gap(self, kind: str, key: str, path: str, line: int, message: str, hint: str) -> None:
        self.gaps.setdefault((kind, key), []).append(ContentError(path, line, f"warning: {message}", hint))

    def _missing_file(self, kind: str, original) -> None:
        ending = ".yaml" if kind == "program" else ".md"
        self._gap(kind, original.id, original.where.path, 1,
                  f"there is no {language_name(self.lang)} translation of this {kind}, so "
                  f"{language_name(self.lang)} pages show it in {self.default_name}",
                  f"add {FOLDER_OF[kind]}/{original.id}.{self.lang}{ending} beside it (see docs/content.md, Languages)")

    def _fields(self, source: Source, words, kept, what: str) -> Fields:
        """A translation's fields: words only. A field that comes from the original is refused by name."""
        for key in source.data:
            if key in kept:
                self.errors.append(ContentError(source.path, source.data.line_of(key),
                                                f'"{key}" is not translated: it comes from the original',
                                                "remove it here; a translation holds only words, so every "
                                                "language gets the same doses, pictures and sources"))
        return Fields(source.data, source.path, self.errors, [*words, *kept], what)

    # --- each kind of file -----------------------------------------------------------------------

    def _condition(self, original: Condition, source: Source | None) -> Condition:
        if source is None:
            self._missing_file("condition", original)
            return replace(original, lang=self.lang, fallback=frozenset({"body"}),
                           **{k: self._kept(getattr(original, k)) for k in CONDITION_WORDS})
        f = self._fields(source, CONDITION_WORDS, ("references",), "this translation")
        body = source.body if source.body.strip() and _check_body(source, self.errors) else ""
        if not body and original.body.strip():
            self._gap("condition", original.id, source.path, 1, "the text under the front matter is not "
                      f"translated, so it shows in {self.default_name}", "write it below the closing `---`")
        return replace(original, lang=self.lang, body=body or original.body, translation=source.path,
                       fallback=frozenset() if body else frozenset({"body"}),
                       **self._words("condition", original.id, original, f, CONDITION_WORDS, ""))

    def _exercise(self, original: Exercise, source: Source | None) -> Exercise:
        if source is None:
            self._missing_file("exercise", original)
            return replace(original, lang=self.lang, fallback=frozenset({"body", "illustration"}),
                           **{k: self._kept(getattr(original, k)) for k in EXERCISE_WORDS})
        f = self._fields(source, (*EXERCISE_WORDS, "illustration"), ("kind", "dose", "limb"), "this translation")
        fallback = set()
        body = source.body if source.body.strip() and _check_body(source, self.errors) else ""
        if not body and original.body.strip():
            fallback.add("body")
            self._gap("exercise", original.id, source.path, 1, "the steps under the front matter are not "
                      f"translated, so they show in {self.default_name}", "write them below the closing `---`")
        illustration = original.illustration
        if illustration is not None:
            illustration = self._illustration(original, source, f)
            if illustration is None:
                fallback.add("illustration")
                illustration = original.illustration
        return replace(original, lang=self.lang, body=body or original.body, illustration=illustration,
                       translation=source.path, fallback=frozenset(fallback),
                       **self._words("exercise", original.id, original, f, EXERCISE_WORDS, ""))

    def _illustration(self, original: Exercise, source: Source, f: Fields) -> Illustration | None:
        """The picture's captions and descriptions in this language (the poses are the original's),
        or None when they are not all translated."""
        block = f.mapping("illustration")
        frames = original.illustration.frames
        if block is None:
            if any(p.caption or p.describe for p in frames):
                self._gap("exercise", original.id, source.path, 1, "the picture's captions are not translated, "
                          f"so they show in {self.default_name}", "add `illustration: frames:` with a `caption:` and "
                          "`describe:` for each frame")
            return None
        items = Fields(block, source.path, self.errors, ["frames"], "a translated illustration").items("frames")
        if len(items) != len(frames):
            self.errors.append(ContentError(source.path, block.line_of("frames") if "frames" in block else block.line,
                                            f"the picture has {len(frames)} frames in the original, but "
                                            f"{len(items)} here", f"give a caption and description for each of the "
                                            f"{len(frames)} frames, in the same order"))
            return None
        poses = []
        for index, (pose, item) in enumerate(zip(frames, items, strict=False)):
            if not isinstance(item, LineDict):
                self.errors.append(ContentError(source.path, items.line_of(index), f"a frame should be a block of "
                                                f"fields, not {kind_of(item)}", "write `- caption: ...` and "
                                                "`describe: ...` under it"))
                return None
            frame = self._fields(Source(source.path, source.id, item), ("caption", "describe"),
                                 tuple(k for k in item if k not in ("caption", "describe")), f"frame {index + 1}")
            caption, describe = frame.text("caption"), frame.text("describe")
            if (pose.caption and not caption) or not describe:  # an untold describe would be English words
                self._gap("exercise", original.id, source.path, items.line_of(index), f"frame {index + 1} of the "
                          f"picture is not fully translated, so its words show in {self.default_name}",
                          "give it `describe:` (what a screen reader says)"
                          + (" and `caption:`" if pose.caption else ""))
                return None
            poses.append(replace(pose, caption=caption, describe=describe))
        return replace(original.illustration, frames=tuple(poses))

    def _program(self, original: Program, source: Source | None) -> Program:
        exercises, condition = self.exercises, original.condition and self.conditions[original.condition.id]
        f = None
        if source is None:
            self._missing_file("program", original)
        else:
            f = self._fields(source, (*PROGRAM_WORDS, "pain", "phases"), ("condition",), "this translation")
        pain = original.pain
        if pain is not None:
            points = self._pain_points(original, source, f)
            pain = replace(pain, points=points)
        blocks = self._phase_blocks(original, source, f) if f else {}
        phases: list[Phase] = []
        for phase in original.phases:
            block = blocks.get(phase.id)
            pf = None
            if block is not None:
                pf = self._fields(Source(source.path, source.id, block), (*PHASE_WORDS, "notes"),
                                  ("id", "dose", "exercises", "keep_avoiding"), f'phase "{phase.id}"')
            elif f is not None:
                self._gap("program", original.id, source.path, f.line("phases") if "phases" in f.data else 1,
                          f'phase "{phase.id}" is not translated, so it shows in {self.default_name}',
                          f"add `{phase.id}:` under `phases:` with its name and lists")
            notes = (pf.mapping("notes") if pf else None) or LineDict()
            prescriptions = [replace(rx, exercise=exercises[rx.exercise.id],
                                     note=self._note(rx, notes, original, source)) for rx in phase.exercises]
            for exercise_id in notes:
                if exercise_id not in {rx.exercise.id for rx in phase.exercises}:
                    self.errors.append(ContentError(source.path, notes.line_of(exercise_id), f'"{exercise_id}" is '
                                                    f'not in phase "{phase.id}", so it has no note to translate',
                                                    f"use one of {one_of(rx.exercise.id for rx in phase.exercises)}"))
            words = self._words("program", original.id, phase, pf, PHASE_WORDS, f' of phase "{phase.id}"') if pf else \
                {k: self._kept(getattr(phase, k)) for k in PHASE_WORDS}
            earlier = phase.keep_avoiding and phases[phase.keep_avoiding.number - 1]
            phases.append(replace(phase, exercises=prescriptions, keep_avoiding=earlier, **words))
        words = self._words("program", original.id, original, f, PROGRAM_WORDS, "") if f else \
            {k: self._kept(getattr(original, k)) for k in PROGRAM_WORDS}
        if f and original.pain:
            check_pain_words(f.data, original.pain.acceptable_up_to, source.path, self.errors)
        return replace(original, condition=condition, phases=phases, pain=pain, lang=self.lang,
                       translation=source.path if source else "", **words)

    def _pain_points(self, original: Program, source: Source | None, f: Fields | None) -> list[str]:
        block = f.mapping("pain") if f else None
        p = block is not None and self._fields(Source(source.path, source.id, block), ("points",),
                                               ("acceptable_up_to", "reference"), "the translated pain guidance")
        if block is None or "points" not in block:
            if f and original.pain.points:
                self._gap("program", original.id, source.path, f.line("pain") if "pain" in f.data else 1,
                          f"the pain points are not translated, so they show in {self.default_name}",
                          "add `pain: points:`")
            return self._kept(original.pain.points)
        return p.texts("points")

    def _phase_blocks(self, original: Program, source: Source, f: Fields) -> dict[str, LineDict]:
        """A translation's phases, by id: `phases: {settle: {name: ..., goal: ...}}`."""
        if "phases" not in f.data:
            return {}
        value = f.data["phases"]
        ids = [p.id for p in original.phases]
        if isinstance(value, LineList):
            f.error("phases", "a translation names each phase by its id, not as a list",
                    f"write `phases:`, then each of {one_of(ids)} followed by `:` and its words under it")
            return {}
        blocks = f.mapping("phases") or LineDict()
        kept = {}
        for key, block in blocks.items():
            if key not in ids:
                self.errors.append(ContentError(source.path, blocks.line_of(key), f'the program has no phase "{key}"'
                                                f"{did_you_mean(key, ids)}", f"use one of {one_of(ids)}"))
            elif not isinstance(block, LineDict):
                self.errors.append(ContentError(source.path, blocks.line_of(key), f'phase "{key}" should be a '
                                                f"block of fields, not {kind_of(block)}",
                                                "put `name:` and the lists under it"))
            else:
                kept[key] = block
        return kept

    def _note(self, rx: Prescription, notes: LineDict, original: Program, source: Source | None) -> str:
        note = notes.get(rx.exercise.id)
        if isinstance(note, str) and note.strip():
            return note.strip()
        if rx.note and source is not None:
            self._gap("program", original.id, source.path, 1, f'the note on "{rx.exercise.id}" is not translated, '
                      f"so it shows in {self.default_name}",
                      f"add it under the phase's `notes:` as `{rx.exercise.id}: ...`")
        return self._kept(rx.note)

