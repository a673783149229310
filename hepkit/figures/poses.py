"""Poses: what an illustration block may say (view, props, a band, and for each frame a base
position, joint angles and contacts), read and checked. A frame that gives contacts and only the
angles that define the exercise has its other joints found (solver.py); a frame that cannot be
right is a path:line problem that says which part, how far, which way and what to change."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..content.fields import Fields, kind_of
from ..content.model import Illustration, Pose
from ..content.yaml_lines import LineDict
from ..errors import ContentError, did_you_mean, one_of
from .anatomy import JOINT_LIMITS, ONE_PER_BODY
from .balance import balance_problem, carried
from .bases import BASES
from .chairs import keep_chair_place
from .checks import contact_problem, floating_problem, inside_problem, with_angle
from .contacts import CONTACT_PARTS, SINGULAR, Contact, contacts_of, flat_feet, settle
from .props import PROPS, SURFACES
from .skeleton import found_inversion, rests_flat
from .solver import ARM_PARTS, LEG_PARTS, TrunkAtLimit, is_symmetric, solve_again, solve_free, solve_trunk
from .stance import keep_stance
from .views import VIEWS, camera, default_view
from .walls import keep_wall_distance

MOST_FRAMES = 6  # more would not be read at a glance (the moving figure and paper show three: key_frames)
BAND_ENDS = (
    "door",
    "behind",
    "in front",
    "left",
    "right",
    "under left foot",
    "under right foot",
    "left hand",
    "right hand",
    "hands",
    "left ankle",
    "right ankle",
    "ankles",
    "left knee",
    "right knee",
    "knees",
    "left foot",
    "right foot",
    "feet",
)
FREE_JOINTS = ("hip", "knee", "ankle")  # what the solver may move when a frame does not give it


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _words(joint: str) -> str:
    return joint.replace("_", " ")


def parse_illustration(data, path: str, line: int, errors: list[ContentError]) -> Illustration | None:
    if not isinstance(data, LineDict):
        errors.append(
            ContentError(
                path,
                line,
                f"an illustration should be a block of fields, not {kind_of(data)}",
                "write `illustration:` with `frames:` under it (see docs/content.md)",
            )
        )
        return None
    f = Fields(data, path, errors, ["props", "frames", "view", "band"], "the illustration")
    props = f.texts("props")
    for prop in props:
        if prop not in PROPS:
            f.error("props", f'prop "{prop}" is not known{did_you_mean(prop, PROPS)}', f"use any of {one_of(PROPS)}")
    view = f.text("view")
    if view and view not in VIEWS:
        f.error("view", f'view "{view}" is not known{did_you_mean(view, VIEWS)}', f"use one of {one_of(VIEWS)}")
        return None
    band = _band(f, set(props)) if "band" in data else ()
    frames = f.items("frames")
    if len(frames) < 2:
        f.error(
            "frames" if "frames" in data else None,
            "an illustration needs at least two frames (start and end)",
            "add a `- base: ...` entry under `frames:` for each position",
        )
    if len(frames) > MOST_FRAMES:
        f.error("frames", f"an illustration has at most {MOST_FRAMES} frames, not {len(frames)}",
                "keep the positions a patient needs to see (start, end, and a step between)")
        return None
    known = tuple(p for p in props if p in PROPS)
    poses = [_pose(item, frames.line_of(i), path, errors, known) for i, item in enumerate(frames)]
    if len(frames) < 2 or None in poses or band is None:
        return None
    left = [_left_to_find(item, pose) for item, pose in zip(frames, poses, strict=True)]
    if "wall" in known:  # the feet as far from the wall in every frame that leans on it
        poses = keep_wall_distance(poses, known, left)
    poses = keep_stance(poses, known, [{0, 1} - _given_sides(item.get("hip")) for item in frames],
                        [ankles for _, ankles, _ in left])  # the feet where they stand in every frame
    if "chair" in known:  # a chair held by its back where it stands in every frame
        poses = keep_chair_place(poses, known, [  # (a trunk not written is found: standing, it is free)
            (item.get("trunk", "auto") == "auto", ankles, "elbow" not in item and shoulders)
            for item, (_, ankles, shoulders) in zip(frames, left, strict=True)])
    for index, pose in enumerate(poses):
        if camera(view or default_view(poses[0].base), pose.base) is None:
            errors.append(
                ContentError(
                    path,
                    frames.line_of(index),
                    f'the {view} view of "{pose.base}" would look from under the floor',
                    "use `view: back` (from above) or `view: side`",
                )
            )
            return None
    return Illustration(tuple(_inversion_told(pose) for pose in poses), known, view, band)


def _inversion_told(pose: Pose) -> Pose:
    """The pose with the ankle_inversion its resting feet are drawn with, as found angles are told
    (the figures page, the studio); the skeleton works it out again from the contacts."""
    for side, degrees in found_inversion(pose).items():
        pose = with_angle(pose, "ankle_inversion", side, degrees)
    return pose


def _band(f: Fields, props: set[str]) -> tuple[str, str] | None:
    ends = [e.lower() for e in f.texts("band")]
    if len(ends) != 2 or any(e not in BAND_ENDS for e in ends):
        wrong = next((e for e in ends if e not in BAND_ENDS), "")
        f.error(
            "band",
            f'the band\'s end "{wrong}" is not known{did_you_mean(wrong, BAND_ENDS)}'
            if wrong
            else "a band runs between two ends",
            f"write `band: [door, left hand]`, each end one of {one_of(BAND_ENDS)}",
        )
        return None
    if not props & {"band", "strap"}:
        f.error(
            "band",
            "`band:` says where a band runs, but the props have no band",
            "add it to the props: `props: [band]` (or `strap`)",
        )
        return None
    if "door" in ends and "door" not in props:
        f.error(
            "band",
            "the band is tied to a door, which this illustration does not have",
            "add it to the props: `props: [band, door]`",
        )
        return None
    return tuple(ends)


def _pose(data, line: int, path: str, errors, props: tuple[str, ...] = ()) -> Pose | None:
    if not isinstance(data, LineDict):
        errors.append(
            ContentError(
                path,
                line,
                f"a frame should be a block of fields, not {kind_of(data)}",
                "start each frame with `- base: lying-position`",
            )
        )
        return None
    f = Fields(data, path, errors, ["base", "caption", "describe", "contacts", *JOINT_LIMITS], "this frame")
    base = f.text("base", True, f"add `base:` with one of {one_of(BASES)}")
    if base and base not in BASES:
        f.error(
            "base",
            f'base "{base}" is not known{did_you_mean(base, BASES)}',
            f"use one of {one_of(BASES)}",
        )
        return None
    if not base:
        return None
    contacts = _contacts(f, set(props)) if "contacts" in data else BASES[base].contacts
    if not contacts and "contacts" not in data and base == "sitting" and "ball" in props:
        contacts = (("pelvis", "ball"), ("feet", "floor"))  # on a gym ball (the ball went under the heels)
    if contacts is None:
        return None
    contacts = _trunk_resting(base, contacts, props)
    solve_trunk_too = _trunk_found(data, base)
    if "hip_open" in data and base != "side":
        f.error(
            "hip_open",
            "hip_open is only for lying on the side (base: side)",
            "remove it, or use `base: side` for a clam",
        )
        return None
    angles, given, ok = {}, set(), True
    for joint, (low, high) in JOINT_LIMITS.items():
        default = BASES[base].defaults.get(joint, 0)
        default_sides = (default[0], default[1]) if isinstance(default, dict) else (default, default)
        value = data.get(joint)
        if joint == "trunk" and solve_trunk_too:
            value = None
        sides = default_sides if value is None else (value, value)
        given |= {(joint, side) for side in _given_sides(value)}
        if isinstance(value, LineDict):
            if joint in ONE_PER_BODY:
                f.error(
                    joint,
                    f"{_words(joint)} is one angle for the whole body, not a left and a right",
                    f"write `{joint}: 20`",
                )
                ok = False
                continue
            Fields(value, path, errors, ["left", "right"], f"the {_words(joint)} angles")
            sides = (value.get("left", default_sides[0]), value.get("right", default_sides[1]))
        for side in dict.fromkeys(sides):  # one message when both sides are the same
            if (
                not isinstance(side, (int, float))
                or isinstance(side, bool)
                or (isinstance(side, float) and not math.isfinite(side))
            ):
                f.error(
                    joint,
                    f"the {_words(joint)} angle should be a number of degrees, not {kind_of(side)}",
                    f"write `{joint}: 45`"
                    + ("" if joint in ONE_PER_BODY else f", or `{joint}: {{left: 45, right: 0}}`"),
                )
                ok = False
            elif not low <= side <= high:
                shown = f"of {side:g}°" if abs(side) < 1e6 else f"with {len(str(int(abs(side))))} digits"
                beyond = "more than" if side > high else "below what"
                name = _words(joint)
                f.error(
                    joint,
                    f"{_article(name)} {name} angle {shown} is {beyond} {_article(name)} {name} can do",
                    f"use {low}° to {high}°",
                )
                ok = False
        angles[joint] = tuple(float(v) if isinstance(v, (int, float)) and abs(v) < 1e6 else 0.0 for v in sides)
    caption = f.text("caption")
    describe = f.text("describe")
    if not ok:
        return None
    resting = [side for side in _given_sides(data.get("ankle_inversion"))
               if rests_flat(Pose(base, "", "", (), tuple(contacts)), side)]
    if resting:
        f.error("ankle_inversion", f"the {('left', 'right')[resting[0]]} foot rests flat on a surface, so hepkit "
                "turns its ankle in or out to lay the sole level itself",
                "remove `ankle_inversion` for it, or take that foot out of the contacts")
        return None
    # found and checked without its words (they do not move the body, and every settled frame would
    # copy the pose to drop them), which are put back at the end
    pose = written = Pose(base, "", "", tuple(sorted(angles.items())), tuple(contacts))
    where = "contacts" if "contacts" in data else "base"
    legs = [(j, s) for j in FREE_JOINTS for s in (0, 1) if (j, s) not in given]
    leaning_on = {s for c in contacts_of(pose) if c.name in ARM_PARTS for s in c.sides}  # and an arm that leans
    limbs = legs + [(j, s) for j in ("shoulder", "elbow") for s in sorted(leaning_on) if (j, s) not in given]
    against = (  # the trunk too, standing up
        [("trunk", 0)]
        if "trunk" not in data and (base in ("standing", "kneeling") or any(s == "wall" for _, s in contacts))
        else []
    )
    # a hand on a chair's back: first the arm reaches for it (with the trunk free as well, the body
    # leaned back 10° to lift the hand, the cheapest change by the numbers)
    reach = [(j, s) for j, s in limbs if j in ("shoulder", "elbow")] if BASES[base].upright and any(
        c.name in ARM_PARTS and c.surface != "wall" for c in contacts_of(pose)) else []

    def solved(start: Pose) -> Pose:
        """The trunk (`trunk: auto`), then the free limbs, so that the contacts hold."""
        if solve_trunk_too and contacts:
            start = solve_trunk(start, props)
        if contacts:
            if reach:
                start = _reached(start, props, tuple(reach))
            start = solve_free(start, props, tuple(limbs + against))
        return start

    # again from the free legs found at the trunk given: lying, when the first way leaves the contacts
    # missing (from a right hip at 0, a single-leg bridge's foot was 19 cm in the floor, and turning the
    # hip back with the trunk stopped at the hip's limit); standing, always, the trunk left to hepkit or
    # `auto`, and the one that moved less from the pose as written kept (a split squat's bent knees, hips
    # left to hepkit, leaned back 29° from hips at 0; a knee bent 30° for a band leaned the body 20°)
    again = (solve_trunk_too or bool(against)) and bool(contacts and legs)
    given_ankles = {side for joint, side in given if joint == "ankle"}
    try:
        found = solved(pose)
    except TrunkAtLimit as limit:
        found, failed = None, limit
    if again and (solve_trunk_too or found is None or abs(found.angle("trunk", 0)) >= 5) and (
            BASES[base].upright or found is None or contact_problem(found, props)[0]):  # (a trunk left to
        # hepkit that stayed within 5° of upright is not searched again: the second search doubles the cost)
        try:
            # not the ankle of a foot in the air: set to keep it out of the floor at the trunk given, it
            # stayed there (a single-leg deadlift's free foot hooked up at -30° once the body leaned)
            footed = {s for c in contacts_of(pose) if c.name in ("feet", "heels", "toes", "shins") for s in c.sides}
            second = solved(solve_free(pose, props, tuple(k for k in legs if k[0] != "ankle" or k[1] in footed)))
            # the ankles of feet resting flat are left out: the shin alone sets them
            keys = {*limbs, *against, ("trunk", 0)} - {("ankle", s) for s in _flat_ankles(contacts, given_ankles)}
            if found is None or not BASES[base].upright or (
                    not contact_problem(second, props)[0] and _moved(second, pose, keys) < _moved(found, pose, keys)):
                found = second
        except TrunkAtLimit as limit:
            found, failed = (found, limit) if found is not None else (None, limit)
    if found is None:
        f.error("trunk" if "trunk" in data else where, str(failed), failed.hint)
        return None
    flat = tuple(_flat_ankles(contacts, given_ankles))
    slope = 25.0 if any(s == "slant board" for _, s in contacts) else 0.0
    pose = solve_again(found, props, tuple(limbs + against), flat, slope) if contacts else found
    if BASES[base].upright and not contact_problem(pose, props)[0]:  # then lean over the feet, keeping them
        # the whole body tilts at the ankles too (trunk: auto found how far it leans from the hips),
        # unless a wall or a strap holds it up
        auto = data.get("trunk") == "auto" and not carried(pose, props)
        lean = [("trunk", 0)] if "trunk" not in data or auto else []
        if not is_symmetric(pose):  # the hips shift a body that stands unevenly over its feet; a symmetric one
            # they would only splay, to bring its feet under it (a squat drawn as a sumo squat from the front)
            lean += [("hip_abduction", s) for s in (0, 1) if ("hip_abduction", s) not in given]
        balanced = solve_free(pose, props, tuple(lean + (limbs if contacts else [])), balance=True)
        # leaning over the feet keeps the contacts: a balance that breaks them is not one, and the
        # fall is what to tell (a Nordic curl with nothing holding its ankles was told its shins missed)
        pose = balanced if not contacts or not contact_problem(balanced, props)[0] else pose
    if contacts:
        what, how = contact_problem(pose, props, flat)
        if what and any(pose.angle(j, side) in JOINT_LIMITS[j] and pose.angle(j, side) != written.angle(j, side)
                        for j, side in limbs + against):
            # the solver ran a free joint to its limit and still missed: it went astray, and its advice
            # with it (a step-down with too little knee: "straighten the left knee", the hip at -30°);
            # told of the frame as written, the free joints where they started (and `trunk: auto` where
            # it was found: at 0 the advice would be to tilt it)
            as_written = with_angle(written, "trunk", 0, pose.angle("trunk", 0)) if solve_trunk_too else written
            if "trunk" in data and not solve_trunk_too:  # a lean written: the free joints off their limits
                # stay where they were found (a hamstring stretch's standing hip, found at 30° to stand
                # under `trunk: 30`, told from 0 said its foot was 29 cm above the floor)
                for joint, side in limbs:
                    if pose.angle(joint, side) not in JOINT_LIMITS[joint]:
                        as_written = with_angle(as_written, joint, side, pose.angle(joint, side))
            told = contact_problem(flat_feet(as_written, list(flat), slope), props, flat)
            what, how = told if told[0] else (what, _as_written(how, pose, written, given))
        else:
            how = _as_written(how, pose, written, given)
        if what:
            how = how or "change the angles of the parts between them" + ("" if solve_trunk_too else
                                                                          ", or write `trunk: auto`")
            both = [c for c in contacts_of(pose) if base == "side" and c.sides == (0, 1) and c.name in SINGULAR]
            if both:  # lying on the side, "forearms on floor": the upper one lies on the lower, in the air
                how = (f"lying on the side, the upper {SINGULAR[both[0].name]} lies on the lower one: name the "
                       f"lower one alone (`right {SINGULAR[both[0].name]} on {both[0].surface}`), or {how}")
            f.error(where, f"this frame's contacts cannot all hold: {what}", how)
            return None
    skeleton, scene, _ = settle(pose, props)
    problems = (inside_problem(skeleton, scene, pose, props), balance_problem(pose, props),
                floating_problem(skeleton, pose, props))
    for problem in problems:
        what, how = problem
        if what:
            how = _as_written(how, pose, written, given) or "change the angles near that part"
            f.error(where, f"this frame cannot be drawn as it is: {what}", how)
            return None
    return replace(pose, caption=caption, describe=describe)


WRITTEN_ANGLE = re.compile(r"`(?P<joint>[a-z_]+): (?:\{(?P<side>left|right): (?P<one>-?[\d.]+)\}|(?P<both>-?[\d.]+))`")


def _as_written(how: str, found: Pose, written: Pose, given: set) -> str:
    """The advice's angles as the frame would write them: where hepkit turned a joint the frame
    gives (a limb keeping its direction as `trunk: auto` leaned), the line to write is shifted back
    by as much (a bird dog's arm written at 60° and found at 46°: "lower the left arm about 15°"
    asked for `shoulder: {left: 31}`, which is 29° from what the frame says)."""
    def shifted(m: re.Match) -> str:
        side = 1 if m["side"] == "right" else 0
        if (m["joint"], side) not in given:
            return m[0]
        value = float(m["one"] or m["both"]) + written.angle(m["joint"], side) - found.angle(m["joint"], side)
        low, high = JOINT_LIMITS[m["joint"]]
        number = f"{round(min(high, max(low, value))):g}"  # never a line that check would refuse
        return f"`{m['joint']}: {{{m['side']}: {number}}}`" if m["side"] else f"`{m['joint']}: {number}`"
    return WRITTEN_ANGLE.sub(shifted, how)


def _reached(start: Pose, props: tuple[str, ...], reach: tuple[tuple[str, int], ...]) -> Pose:
    """The arms (`reach`: their free shoulders and elbows) found to hold what the hands rest on; for
    a chair held by both hands, which stands in front, from the arms held out level when the first
    search reached back for it (a squat holding a chair drew its hands behind it)."""
    reached = solve_free(start, props, reach)
    if not _held_behind(reached, props):
        return reached
    forward = start
    for joint, side in reach:
        if joint == "shoulder":
            forward = with_angle(forward, joint, side, max(0.0, 90 - start.angle("trunk", 0)))
    again = solve_free(forward, props, reach)
    return reached if _held_behind(again, props) else again


def _held_behind(pose: Pose, props: tuple[str, ...]) -> bool:
    """Do both hands hold a chair's back (so that it stands in front, facing away) from behind the
    pelvis? The chair is placed under the hands, so reaching back for it holds as well as forwards."""
    held = {s for c in contacts_of(pose) if c.name == "hands" and c.surface == "chair back" for s in c.sides}
    if held != {0, 1}:
        return False
    points = settle(pose, props)[0].points
    return all(points[f"hand.{s}"][0] < points["pelvis"][0] for s in (0, 1))


def _moved(found: Pose, written: Pose, keys) -> float:
    """How far the joints `keys` moved from the frame as written, the trunk counted four times: it
    moves the whole body, a hip or an ankle one leg."""
    return sum((4 if joint == "trunk" else 1) * (found.angle(joint, side) - written.angle(joint, side)) ** 2
               for joint, side in keys)


def _trunk_resting(base: str, contacts: tuple, props: tuple[str, ...]) -> tuple:
    """Lying on the back or front, a frame whose contacts name only parts of the legs rests its
    trunk too: the back (face down, the hips) on the floor, or on the bench, unless the shins or feet
    are on it, raised (a bridge's heels on a bench leave the back on the floor; a knee on it is
    lying on it). Named alone, the heels of a heel slide held the body up on a shin standing on
    the floor."""
    if base not in ("supine", "prone") or not contacts:
        return contacts
    if any(Contact(part, surface).name not in LEG_PARTS for part, surface in contacts):
        return contacts  # the trunk, a hand or a forearm is named: it says what holds the body up
    raised = {"shins", "feet", "heels", "toes"}
    on_bench = "bench" in props and not any(
        surface == "bench" and Contact(part, surface).name in raised for part, surface in contacts)
    return (*contacts, ("back" if base == "supine" else "pelvis", "bench" if on_bench else "floor"))


def _trunk_found(data, base: str) -> bool:
    """Does a frame leave its trunk to be found (`trunk: auto`, or a base with contacts and no trunk)?"""
    return data.get("trunk") == "auto" or ("trunk" not in data and bool(BASES[base].contacts))


def _left_to_find(data, pose: Pose) -> tuple[bool, list[int], bool]:
    """Does a frame leave its trunk to be found, which ankles (of feet on a surface) to lay flat, and
    does it leave its shoulders to be found?"""
    return (_trunk_found(data, pose.base), _flat_ankles(pose.contacts, _given_sides(data.get("ankle"))),
            "shoulder" not in data)


def _given_sides(value) -> set[int]:
    """The sides a joint's written value gives: both for a number, those it names for {left:, right:}."""
    if isinstance(value, LineDict):
        return {i for i, key in enumerate(("left", "right")) if key in value}
    return set() if value is None else {0, 1}


def _flat_ankles(contacts, given: set[int]) -> list[int]:
    """The sides whose foot rests on a surface (not a wall) and whose ankle is left to lay it flat."""
    return sorted({side for part, surface in contacts if part.split()[-1] in ("feet", "foot") and surface != "wall"
                   for side in _sides_of(part)} - given)


def _sides_of(part: str) -> tuple[int, ...]:
    first = part.split()[0]
    return (0,) if first == "left" else (1,) if first == "right" else (0, 1)


def _contacts(f: Fields, props: set[str]) -> tuple | None:
    """`contacts: [hands on floor, heels on ball]`: each a body part on a surface."""
    found = []
    for text in f.texts("contacts"):
        part, on, surface = text.lower().partition(" on ")
        part, surface = part.strip(), surface.strip()
        name = part.split()[-1] if part else ""
        plural = part if part in CONTACT_PARTS else {v: k for k, v in SINGULAR.items()}.get(name, name)
        sided = part in CONTACT_PARTS or len(part.split()) != 2 or part.split()[0] in ("left", "right")
        if not on or plural not in CONTACT_PARTS or not sided:
            f.error(
                "contacts",
                f'contact "{text}" is not understood',
                f"write it as `part on surface`, the part one of {one_of(CONTACT_PARTS)} (or `left hand`, "
                "`right knee`), for example `hands on floor`",
            )
            return None
        if surface not in SURFACES:
            f.error(
                "contacts",
                f'"{surface}" in "{text}" is not a surface{did_you_mean(surface, SURFACES)}',
                f"use one of {one_of(SURFACES)}",
            )
            return None
        prop = SURFACES[surface][0]
        if prop != "floor" and prop not in props:
            f.error(
                "contacts",
                f'"{text}" needs the {prop}, which this illustration does not have',
                f"add it to the props: `props: [{prop}]`",
            )
            return None
        twice = next((c for c in found if Contact(*c).name == Contact(part, surface).name
                      and set(Contact(*c).sides) & set(Contact(part, surface).sides)), None)
        if twice:  # "left foot on step" and "left foot on floor": it cannot rest on both
            f.error(
                "contacts",
                f'"{twice[0]} on {twice[1]}" and "{text}" both name the {_side_words(part, twice[0])}',
                "name each part once, on the surface it rests on",
            )
            return None
        found.append((part, surface))
    return tuple(found)


def _side_words(part: str, other: str) -> str:
    """The part two contacts share, in words: "left foot" for `left foot` and `feet`."""
    if part.split()[0] in ("left", "right"):
        return part
    return other if other.split()[0] in ("left", "right") else part
