"""Poses: what a frame of an illustration may say (base positions, joint angles, props) and how it
is read. figure.py draws what this module has checked."""
from __future__ import annotations

import math

from .errors import ContentError, did_you_mean, one_of
from .fields import Fields, kind_of
from .load import LineDict
from .model import Illustration, Pose

# What a joint can do, in degrees (flexion positive; for the trunk, tilt away from the base).
JOINT_LIMITS = {"trunk": (-30, 90), "neck": (-30, 60), "hip": (-30, 140), "knee": (0, 160),
                "ankle": (-30, 90), "shoulder": (-60, 180), "elbow": (0, 150)}
# Each base position with the angles it starts from, so a simple pose needs only a few numbers.
POSE_DEFAULTS = {
    "supine": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "prone": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 85, "shoulder": 0, "elbow": 0},
    "side": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "plank": {"trunk": 12, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 80, "elbow": 90},
    "kneeling": {"trunk": 0, "neck": 0, "hip": 0, "knee": 90, "ankle": 80, "shoulder": 0, "elbow": 0},
    "sitting": {"trunk": 0, "neck": 0, "hip": 90, "knee": 90, "ankle": 0, "shoulder": 20, "elbow": 60},
    "standing": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
}
PROPS = {"mat", "ball", "bench", "step", "chair", "band"}


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
    poses = [_pose(item, frames.line_of(i), path, errors) for i, item in enumerate(frames)]
    if len(frames) < 2 or None in poses:
        return None
    return Illustration(tuple(poses), tuple(p for p in props if p in PROPS))


def _pose(data, line: int, path: str, errors) -> Pose | None:
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"a frame should be a block of fields, not {kind_of(data)}",
                                   "start each frame with `- base: lying-position`"))
        return None
    f = Fields(data, path, errors, ["base", "caption", "describe", *JOINT_LIMITS], "this frame")
    base = f.text("base", True, f"add `base:` with one of {one_of(POSE_DEFAULTS)}")
    if base and base not in POSE_DEFAULTS:
        f.error("base", f'base "{base}" is not known{did_you_mean(base, POSE_DEFAULTS)}',
                f"use one of {one_of(POSE_DEFAULTS)}")
        return None
    if not base:
        return None
    angles, ok = {}, True
    for joint, (low, high) in JOINT_LIMITS.items():
        default = POSE_DEFAULTS[base][joint]
        value = data.get(joint, default)
        sides = (value, value)
        if isinstance(value, LineDict):
            Fields(value, path, errors, ["left", "right"], f"the {joint} angles")
            sides = (value.get("left", default), value.get("right", default))
        for side in dict.fromkeys(sides):  # one message when both sides are the same
            if not isinstance(side, (int, float)) or isinstance(side, bool) or not math.isfinite(side):
                f.error(joint, f'the {joint} angle should be a number of degrees, not {kind_of(side)}',
                        f"write `{joint}: 45`, or `{joint}: {{left: 45, right: 0}}`")
                ok = False
            elif not low <= side <= high:
                f.error(joint, f"a {joint} angle of {side:g}° is more than a {joint} can do",
                        f"use {low}° to {high}°")
                ok = False
        angles[joint] = tuple(float(v) if isinstance(v, (int, float)) else 0.0 for v in sides)
    caption = f.text("caption")
    describe = f.text("describe")
    return Pose(base, caption, describe, tuple(sorted(angles.items()))) if ok else None
