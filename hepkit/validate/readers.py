"""One reader per kind of content file: site.yaml, a condition, an exercise, a program with its
phases. Each turns a loaded file into model objects and reports its problems at their lines."""
from __future__ import annotations

import re

from ..content.dose import parse_dose
from ..content.fields import Fields, kind_of
from ..content.load import FOLDER_OF
from ..content.model import Condition, Dose, Exercise, PainGuidance, Phase, Prescription, Program, Site, keys_of
from ..content.source import Source
from ..content.yaml_lines import LineDict, LineList
from ..errors import ContentError, did_you_mean, one_of
from ..i18n.catalogs import known_locale
from ..i18n.words import kind_words
from .poses import KnownPoses

EXERCISE_KINDS = tuple(kind_words())
PAPER = {"A4", "Letter", "any"}  # "any": no size is set, so pages print on the paper the printer has
LIMBS = {"leg", "arm", "side"}


def read_site(source: Source, errors) -> Site:
    f = Fields(source.data, source.path, errors, keys_of(Site), "site.yaml")
    paper = f.text("paper") or "A4"
    if paper not in PAPER:
        f.error("paper", f'paper size "{paper}" is not known{did_you_mean(paper, PAPER)}',
                f"use one of {one_of(PAPER)}")
    language = f.text("language") or "en"
    if known_locale(language) is None:
        f.error("language", f'language "{language}" is not a language code',
                "write a code such as en, es or en_US (see docs/content.md, Languages)")
        language = "en"
    base_url = f.text("base_url")
    if base_url and not re.match(r"^https?://", base_url):
        f.error("base_url", f'base_url "{base_url}" is not a web address',
                "start it with https:// or leave it out")
        base_url = ""
    return Site(
        clinic=f.text("clinic", True, "add the clinic's name: `clinic: Example Physio`"),
        phone=f.text("phone"), email=f.text("email"), address=f.text("address"),
        website=f.text("website"), clinician=f.text("clinician"), paper=paper,
        language=language, base_url=base_url,
        sheet_salt=f.text("sheet_salt"),
    )


LONGEST_LINE, MOST_BRACKETS, DEEPEST = 2000, 300, 10
_SUSPECT = re.compile(rf"^.{{{LONGEST_LINE + 1}}}|^[ \t>]{{{4 * DEEPEST}}}|"
                      rf"^(?:[ \t]*(?:[-*+>]|[0-9]+[.)])[ \t]*){{{DEEPEST}}}",
                      re.MULTILINE)
_NESTING = re.compile(r"^((?:[ \t]*(?:[-*+]|[0-9]+[.)])(?=[ \t]))+|[ \t]+)")


def _check_body(source: Source, errors) -> bool:
    """Bound the work Markdown does: it is quadratic in `[` and recursive in nesting, so a pasted blob
    could freeze a build (8,000 `[` take 11 s). Real handouts are far inside these limits."""
    if not _SUSPECT.search(source.body) and source.body.count("[") <= MOST_BRACKETS:
        return True  # the common case, found in one pass; the line by line look is for the rest
    ok = True
    for number, line in enumerate(source.body.split("\n"), start=source.body_line):
        if len(line) > LONGEST_LINE:
            errors.append(ContentError(source.path, number, f"this line is {len(line):,} characters long, more than "
                                       f"the {LONGEST_LINE:,} a line of text may be",
                                       "break it into shorter paragraphs with blank lines between them"))
            return False
        lead = _NESTING.match(line)
        depth = 0 if lead is None else (lead[0].expandtabs(4).count("    ") +
                                        len(re.findall(r"(?:[-*+]|[0-9]+[.)])(?=[ \t])", line[:lead.end() + 1])))
        depth += re.match(r"[ \t>]*", line)[0].count(">")  # >>> quotes nest without spaces too
        if depth > DEEPEST:
            errors.append(ContentError(source.path, number, f"this list or quote is nested {depth} levels deep, more "
                                       f"than the {DEEPEST} a text may use", "use fewer levels of indentation"))
            ok = False
            break
    if source.body.count("[") > MOST_BRACKETS:
        errors.append(ContentError(source.path, source.body_line, f"this text has {source.body.count('['):,} "
                                   f"[ characters, more than the {MOST_BRACKETS} it may have",
                                   "check that nothing was pasted into it by mistake"))
        ok = False
    return ok


def read_condition(source: Source, errors) -> Condition:
    f = Fields(source.data, source.path, errors, ["title", "summary", "references"],
               "this condition's front matter")
    body = source.body if _check_body(source, errors) else ""
    return Condition(source.id, f.where(), f.text("title", True), f.text("summary"), f.texts("references"), body)


def read_exercise(source: Source, errors, poses: KnownPoses) -> Exercise:
    f = Fields(source.data, source.path, errors,
               ["title", "kind", "position", "equipment", "targets", "dose", "cues", "cautions", "illustration",
                "limb"], "this exercise's front matter")
    kind = f.text("kind", True, f"add `kind:` with one of {one_of(EXERCISE_KINDS)}")
    if kind and kind not in EXERCISE_KINDS:
        f.error("kind", f'kind "{kind}" is not known{did_you_mean(kind, EXERCISE_KINDS)}',
                f"use one of {one_of(EXERCISE_KINDS)}")
    dose = Dose()
    if "dose" in source.data:
        dose = parse_dose(source.data["dose"], source.path, f.line("dose"), errors)
    illustration = None
    if "illustration" in source.data:
        illustration = poses.read(source.data["illustration"], source.path, f.line("illustration"), errors)
    limb = f.text("limb") or "side"
    if limb not in LIMBS:
        f.error("limb", f'limb "{limb}" is not known{did_you_mean(limb, LIMBS)}',
                f"use one of {one_of(LIMBS)}: it makes `sides: each` read \"each leg\" or \"each arm\"")
        limb = "side"
    body = source.body if _check_body(source, errors) else ""
    return Exercise(source.id, f.where(), f.text("title", True), kind, f.text("position"),
                    f.texts("equipment"), f.texts("targets"), dose, f.texts("cues"),
                    f.texts("cautions"), body, illustration, limb)


def lookup(table: dict, key, path: str, line: int, what: str, errors) -> object | None:
    """table[key], or None after reporting an unknown id. None in the table marks an unreadable file."""
    if key in table:
        return table[key]
    errors.append(ContentError(path, line, f'there is no {what} "{key}"{did_you_mean(key, table)}',
                               f"use the name of a file in content/{FOLDER_OF[what]}/ without its ending"))
    return None


def prescription(item, index: int, items: LineList, path: str, exercises: dict, base: Dose,
                  errors, allowed=("exercise", "dose", "note")) -> Prescription | None:
    """One entry of an exercise list: `- exercise-id` or `- {exercise: id, dose: {...}, note: ...}`."""
    line = items.line_of(index)
    if isinstance(item, str):
        item = LineDict(line)
        item["exercise"] = items[index]
        item.lines["exercise"] = line
    if not isinstance(item, LineDict):
        errors.append(ContentError(path, line, f"an exercise entry should be a name or a block, not {kind_of(item)}",
                                   "write `- exercise: exercise-name` and its `dose:` under it"))
        return None
    f = Fields(item, path, errors, list(allowed), "this exercise entry")
    name = f.text("exercise", True, "add `exercise: name-of-the-exercise-file`")
    exercise = lookup(exercises, name, path, f.line("exercise"), "exercise", errors) if name else None
    dose = parse_dose(item["dose"], path, f.line("dose"), errors) if "dose" in item else Dose()
    if exercise is None:
        return None
    return Prescription(exercise, dose.over(base.over(exercise.dose)), f.where("exercise"), f.text("note"))


def read_program(source: Source, exercises: dict, conditions: dict, errors) -> Program:
    path = source.path
    f = Fields(source.data, path, errors,
               ["title", "condition", "summary", "general", "call_if", "pain", "phases"], "this program")
    condition = None
    if "condition" in source.data:
        name = f.text("condition")
        condition = lookup(conditions, name, path, f.line("condition"), "condition", errors)
    pain = None
    pain_data = f.mapping("pain")
    if pain_data is not None:
        p = Fields(pain_data, path, errors, keys_of(PainGuidance), "the pain guidance")
        limit = pain_data.get("acceptable_up_to")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 10:
            p.error("acceptable_up_to" if "acceptable_up_to" in pain_data else None,
                    "acceptable_up_to should be a whole number from 0 to 10",
                    "write the highest acceptable pain during exercise, e.g. `acceptable_up_to: 5`")
            limit = 0
        pain = PainGuidance(limit, p.texts("points"), p.text("reference"))
        check_pain_words(source.data, limit, path, errors)
    phases = []
    items = f.items("phases")
    if "phases" not in source.data or not items:
        f.error("phases" if "phases" in source.data else None, "this program has no phases",
                "add `phases:` with at least one `- name: ...` and its exercises")
    seen_ids: dict[str, int] = {}
    for index, data in enumerate(items):
        line = items.line_of(index)
        if not isinstance(data, LineDict):
            errors.append(ContentError(path, line, f"a phase should be a block of fields, not {kind_of(data)}",
                                       "start the phase with `- name: ...`"))
            continue
        phases.append(_phase(data, len(phases) + 1, path, exercises, seen_ids, errors))
    for phase, data in zip(phases, [d for d in items if isinstance(d, LineDict)], strict=False):
        if "keep_avoiding" in data:
            phase.keep_avoiding = _earlier_phase(data, phase, phases, path, errors)
    return Program(source.id, f.where(), f.text("title", True), condition, f.text("summary"),
                   phases, pain, f.texts("general"), f.texts("call_if"))


_PAIN_NUMBER = re.compile(r"\b(\d+)\s*(?:out of|/)\s*10\b")


RULE = "the pain rule (acceptable_up_to) is {limit}"


def check_pain_words(data, limit: int, path: str, errors, line: int = 0, rule: str = RULE) -> None:
    """Pain limits said in words must agree with `acceptable_up_to`, the one pain rule of the
    program: every text of the file is read (summary, phases' goals, move-on lines, notes, a
    patient's notes, a translation's words, an exercise's front matter), at any depth."""
    if isinstance(data, LineDict):
        for key, value in data.items():
            check_pain_words(value, limit, path, errors, data.line_of(key), rule)
    elif isinstance(data, LineList):
        for index, value in enumerate(data):
            check_pain_words(value, limit, path, errors, data.line_of(index), rule)
    elif isinstance(data, str):
        for number in _PAIN_NUMBER.findall(data):
            if int(number) not in (0, 10, limit):
                errors.append(ContentError(
                    path, line, f"this says {number} out of 10, but {rule.format(limit=limit)}",
                    "leave the number out here: every sheet and handout states the pain rule from `pain:`"))


def check_exercise_pain_words(source, limit: int, program_path: str, errors) -> None:
    """An exercise's words (front matter and Markdown) against the limit of a program that uses it:
    its card sits under that program's stop line, so "up to 5/10" there contradicts a rule of 3."""
    rule = f"{program_path}, which uses this exercise, has the pain rule acceptable_up_to: {{limit}}"
    check_pain_words(source.data, limit, source.path, errors, rule=rule)
    for offset, text in enumerate(source.body.split("\n")):
        check_pain_words(text, limit, source.path, errors, source.body_line + offset, rule)


def _earlier_phase(data: LineDict, phase: Phase, phases: list[Phase], path: str, errors) -> Phase | None:
    """`keep_avoiding: settle` (or 1): an earlier phase whose avoid list still holds in this one."""
    value = data["keep_avoiding"]
    earlier = phases[: phase.number - 1]
    for other in earlier:
        if (value == other.number and not isinstance(value, bool)) or value == other.id:
            return other
    choices = [p.id for p in earlier]
    errors.append(ContentError(path, data.line_of("keep_avoiding"),
                               f'phase {phase.number} cannot keep avoiding "{value}": it is not an earlier phase'
                               f"{did_you_mean(value, choices)}",
                               f"use one of {one_of(choices)}" if choices
                               else "remove `keep_avoiding` from the first phase"))
    return None


def _phase(data: LineDict, number: int, path: str, exercises: dict, seen_ids: dict, errors) -> Phase:
    f = Fields(data, path, errors, ["id", "name", "goal", "dose", "dose_note", "exercises",
                                    "move_on_when", "avoid", "keep_avoiding"], f"phase {number}")
    phase_id = f.text("id") or f"phase-{number}"
    if phase_id in seen_ids:
        f.error("id", f'two phases have the id "{phase_id}" (the other is on line {seen_ids[phase_id]})',
                "give each phase its own id")
    seen_ids[phase_id] = f.line("id")
    base = parse_dose(data["dose"], path, f.line("dose"), errors) if "dose" in data else Dose()
    items = f.items("exercises")
    prescriptions, listed, broken = [], set(), False
    for index, item in enumerate(items):
        p = prescription(item, index, items, path, exercises, base, errors)
        if p is None:
            broken = True
            continue
        if p.exercise.id in listed:
            errors.append(ContentError(path, p.where.line, f'"{p.exercise.id}" is listed twice in phase {number}',
                                       "list each exercise once per phase"))
            continue
        listed.add(p.exercise.id)
        prescriptions.append(p)
    return Phase(number, phase_id, f.text("name", True), f.where(), f.text("goal"), f.text("dose_note"),
                 prescriptions, f.texts("move_on_when"), f.texts("avoid"), incomplete=broken)
