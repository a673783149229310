"""Poses: what a frame of an illustration may say (base positions, joint angles, props) and how it
is read. figure.py draws what this module has checked."""
from __future__ import annotations

import math
from dataclasses import replace

from ..content.fields import Fields, kind_of
from ..content.model import Illustration, Pose
from ..content.yaml_lines import LineDict
from ..errors import ContentError, did_you_mean, one_of
from .body import BASE_TRUNK, CONTACT_PARTS, SURFACES, contact_points, contact_shift, pose_body

# What a joint can do, in degrees (flexion positive; for the trunk, tilt away from the base).
JOINT_LIMITS = {"trunk": (-30, 90), "neck": (-30, 60), "hip": (-30, 140), "knee": (0, 160),
                "ankle": (-30, 90), "shoulder": (-60, 180), "elbow": (0, 150), "hip_open": (0, 80)}
# Each base position with the angles it starts from, so a simple pose needs only a few numbers.
POSE_DEFAULTS = {
    "supine": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "prone": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 85, "shoulder": 0, "elbow": 0},
    "side": {"trunk": 0, "neck": 0, "hip": 45, "knee": 90, "ankle": 0, "shoulder": {0: 10, 1: 180},
             "elbow": {0: 0, 1: 40}},
    "plank": {"trunk": 12, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 80, "elbow": 90},
    "kneeling": {"trunk": 0, "neck": 0, "hip": 0, "knee": 90, "ankle": 80, "shoulder": 0, "elbow": 0},
    "sitting": {"trunk": 0, "neck": 0, "hip": 90, "knee": 90, "ankle": 0, "shoulder": 20, "elbow": 60},
    "standing": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "hands-knees": {"trunk": 0, "neck": -10, "hip": 90, "knee": 90, "ankle": 90, "shoulder": 90, "elbow": 0},
}
# What a base rests on when a frame says nothing (its trunk is then solved to make them hold).
DEFAULT_CONTACTS: dict[str, tuple] = {"hands-knees": (("hands", "floor"), ("knees", "floor"))}
LEG_PARTS, ARM_PARTS = {"knees", "feet", "heels", "toes"}, {"hands", "forearms"}
PROPS = {"mat", "ball", "bench", "step", "chair", "band", "wall", "door", "weight"}



def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"

def parse_illustration(data, path: str, line: int, errors: list[ContentError]) -> Illustration | None:
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"an illustration should be a block of fields, not {kind_of(data)}",
                                   "write `illustration:` with `frames:` under it (see docs/content.md)"))
        return None
    f = Fields(data, path, errors, ["props", "frames"], "the illustration")
    props = f.texts("props")
    for prop in props:
        if prop not in PROPS:
            f.error("props", f'prop "{prop}" is not known{did_you_mean(prop, PROPS)}', f"use any of {one_of(PROPS)}")
    frames = f.items("frames")
    if len(frames) < 2:
        f.error("frames" if "frames" in data else None, "an illustration needs at least two frames (start and end)",
                "add a `- base: ...` entry under `frames:` for each position")
    known_props = {p for p in props if p in PROPS}
    poses = [_pose(item, frames.line_of(i), path, errors, known_props) for i, item in enumerate(frames)]
    if len(frames) < 2 or None in poses:
        return None
    return Illustration(tuple(poses), tuple(p for p in props if p in PROPS))


def _pose(data, line: int, path: str, errors, props: set[str] = frozenset()) -> Pose | None:
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"a frame should be a block of fields, not {kind_of(data)}",
                                   "start each frame with `- base: lying-position`"))
        return None
    f = Fields(data, path, errors, ["base", "caption", "describe", "contacts", *JOINT_LIMITS], "this frame")
    base = f.text("base", True, f"add `base:` with one of {one_of(POSE_DEFAULTS)}")
    if base and base not in POSE_DEFAULTS:
        f.error("base", f'base "{base}" is not known{did_you_mean(base, POSE_DEFAULTS)}',
                f"use one of {one_of(POSE_DEFAULTS)}")
        return None
    if not base:
        return None
    contacts = _contacts(f, props) if "contacts" in data else DEFAULT_CONTACTS.get(base, ())
    if contacts is None:
        return None
    solve_trunk = data.get("trunk") == "auto" or ("trunk" not in data and base in DEFAULT_CONTACTS)
    angles, ok = {}, True
    if "hip_open" in data and base != "side":
        f.error("hip_open", "hip_open is only for lying on the side (base: side)",
                "remove it, or use `base: side` for a clam")
        return None
    for joint, (low, high) in JOINT_LIMITS.items():
        default = POSE_DEFAULTS[base].get(joint, 0)
        value = data.get(joint, default if not isinstance(default, dict) else None)
        if joint == "trunk" and solve_trunk:
            value = default
        sides = (value, value)
        if isinstance(default, dict):  # a base whose sides start apart (lying on the side)
            default_sides = (default[0], default[1])
            sides = default_sides if value is None else sides
        else:
            default_sides = (default, default)
        if isinstance(value, LineDict):
            Fields(value, path, errors, ["left", "right"], f"the {joint} angles")
            sides = (value.get("left", default_sides[0]), value.get("right", default_sides[1]))
        for side in dict.fromkeys(sides):  # one message when both sides are the same
            if not isinstance(side, (int, float)) or isinstance(side, bool) or \
                    (isinstance(side, float) and not math.isfinite(side)):
                f.error(joint, f'the {joint} angle should be a number of degrees, not {kind_of(side)}',
                        f"write `{joint}: 45`, or `{joint}: {{left: 45, right: 0}}`")
                ok = False
            elif not low <= side <= high:
                shown = f"of {side:g}°" if abs(side) < 1e6 else f"with {len(str(int(abs(side))))} digits"
                beyond = "more than" if side > high else "below what"
                f.error(joint, f"{_article(joint)} {joint} angle {shown} is {beyond} {_article(joint)} {joint} can do",
                        f"use {low}° to {high}°")
                ok = False
        angles[joint] = tuple(float(v) if isinstance(v, (int, float)) and abs(v) < 1e6 else 0.0 for v in sides)
    caption = f.text("caption")
    describe = f.text("describe")
    if not ok:
        return None
    pose = Pose(base, caption, describe, tuple(sorted(angles.items())), tuple(contacts))
    if solve_trunk and contacts:
        pose = _solve_trunk(pose)
    if contacts:
        _, problem = contact_shift(pose)
        if problem:
            f.error("contacts" if "contacts" in data else "base", f"this frame's contacts cannot all hold: {problem}",
                    "change the angles of the parts between them" + ("" if solve_trunk else ", or write `trunk: auto`"))
            return None
    return pose


def _contacts(f: Fields, props: set[str]) -> tuple | None:
    """`contacts: [hands on floor, heels on ball]`: each a body part on a surface."""
    found = []
    for text in f.texts("contacts"):
        part, on, surface = text.lower().partition(" on ")
        part, surface = part.strip(), surface.strip()
        name = part.split()[-1] if part else ""
        singular = {"hand": "hands", "knee": "knees", "foot": "feet", "heel": "heels", "toe": "toes",
                    "forearm": "forearms"}.get(name, name)
        sided = len(part.split()) != 2 or part.split()[0] in ("left", "right")
        if not on or singular not in CONTACT_PARTS or not sided:
            f.error("contacts", f'contact "{text}" is not understood',
                    f"write it as `part on surface`, the part one of {one_of(CONTACT_PARTS)} (or `left hand`, "
                    "`right knee`), for example `hands on floor`")
            return None
        if surface not in SURFACES:
            f.error("contacts", f'"{surface}" in "{text}" is not a surface{did_you_mean(surface, SURFACES)}',
                    f"use one of {one_of(SURFACES)}")
            return None
        prop = surface.split()[0]
        if prop != "floor" and prop not in props:
            f.error("contacts", f'"{text}" needs the {prop}, which this illustration does not have',
                    f"add it to the props: `props: [{prop}]`")
            return None
        found.append((part, surface))
    return tuple(found)


def _solve_trunk(pose: Pose) -> Pose:
    """The trunk angle that makes the contacts hold best (a one-number search, every half degree).
    Limbs that carry weight (a knee or foot, a hand on a surface) keep their direction to the floor
    while the trunk turns, as they do in life: only the trunk tilts."""
    low, high = JOINT_LIMITS["trunk"]
    sign = BASE_TRUNK[pose.base][1]
    carrying = {"hip": _sides(pose, LEG_PARTS), "shoulder": _sides(pose, ARM_PARTS)}
    given = dict(pose.angles)
    best = None
    for step in range(int((high - low) * 2) + 1):
        trunk = low + step / 2
        angles = {"trunk": (trunk, trunk)}
        for joint, sides in carrying.items():
            angles[joint] = tuple(given[joint][side] - sign * (trunk - given["trunk"][side]) if side in sides
                                  else given[joint][side] for side in (0, 1))
        candidate = replace(pose, angles=tuple(sorted({**given, **angles}.items())))
        spread = _spread(candidate)
        if best is None or spread < best[0] - 1e-9:
            best = (spread, candidate)
    return best[1]


def _sides(pose: Pose, parts: set[str]) -> set[int]:
    """Which sides (0 left, 1 right) have a part of `parts` in the pose's contacts."""
    sides = set()
    for part, _ in pose.contacts:
        words = part.split()
        name = {"hand": "hands", "knee": "knees", "foot": "feet", "heel": "heels", "toe": "toes",
                "forearm": "forearms"}.get(words[-1], words[-1])
        if name in parts:
            sides |= {0} if words[0] == "left" else {1} if words[0] == "right" else {0, 1}
    return sides


def _spread(pose: Pose) -> float:
    body = pose_body(pose)
    heights = [SURFACES[s] - y for part, s in pose.contacts if SURFACES[s] is not None
               for _, y in contact_points(body, pose, part)]
    behind = [x for part, s in pose.contacts if s == "wall" for x, _ in contact_points(body, pose, part)]
    return ((max(heights) - min(heights) if heights else 0.0)
            + (max(behind) - min(behind) if behind else 0.0))
