"""Where the body is: forward kinematics of a pose in a side view, its contacts with the floor
and the props, and where it is placed among them. figure.py draws what this works out.

The body is seen from its left side: left limbs are near, right limbs far. Units are metres of an
average adult.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..content.model import Pose

# Segment lengths in metres (an adult about 1.75 m tall).
TRUNK, NECK, HEAD_R = 0.50, 0.14, 0.105
HAND_R = 0.036
# Half-thickness of each body part in metres, at its near and far end, seen from the side.
WIDTHS = {"trunk": (0.115, 0.115), "neck": (0.045, 0.045), "upper_arm": (0.045, 0.037),
          "forearm": (0.036, 0.028), "thigh": (0.078, 0.052), "shank": (0.052, 0.034), "foot": (0.034, 0.02)}
UPPER_ARM, FOREARM = 0.30, 0.27  # forearm: elbow to the middle of the palm
THIGH, SHANK, ANKLE_HEIGHT, HEEL, TOE = 0.44, 0.43, 0.06, 0.05, 0.17

# Which way the trunk points (pelvis to neck), in degrees from +x with y up, before any tilt,
# and which way a positive `trunk` tilt turns it.
BASE_TRUNK = {"supine": (180, 1), "side": (180, 1), "prone": (0, 1), "plank": (0, 1), "hands-knees": (0, 1),
              "kneeling": (90, -1), "sitting": (90, -1), "standing": (90, -1)}


def _turn(vector, degrees):
    a = math.radians(degrees)
    x, y = vector
    return (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a))


def _step(point, vector, length):
    return (point[0] + vector[0] * length, point[1] + vector[1] * length)


@dataclass
class Body:
    """Joint positions of one pose (y up), keyed like 'knee.0' (0 = left/near, 1 = right/far)."""

    points: dict[str, tuple[float, float]]

    def shifted(self, dx: float, dy: float) -> Body:
        return Body({k: (x + dx, y + dy) for k, (x, y) in self.points.items()})

    def lowest(self) -> float:
        return min(min(y for _, y in self.points.values()), self.points["head"][1] - HEAD_R)


def pose_body(pose: Pose) -> Body:
    """Forward kinematics from the pelvis at (0, 0). Flexion turns a limb towards the front."""
    if pose.base == "side":
        return _side_body(pose)
    start, sign = BASE_TRUNK[pose.base]
    up = _turn((1.0, 0.0), start + sign * pose.angle("trunk", 0))  # pelvis -> neck
    down = (-up[0], -up[1])
    points = {"pelvis": (0.0, 0.0)}
    neck = _step(points["pelvis"], up, TRUNK)
    points["neck"] = neck
    points["head"] = _step(neck, _turn(up, -pose.angle("neck", 0)), NECK)  # flexion: chin to chest
    shoulder = _step(neck, down, 0.04)
    points["shoulder"] = shoulder
    for side in (0, 1):  # seen from the side, both hips are at the pelvis and both shoulders together
        points[f"hip.{side}"], points[f"shoulder.{side}"] = (0.0, 0.0), shoulder
        thigh = _turn(down, pose.angle("hip", side))
        knee = _step((0.0, 0.0), thigh, THIGH)
        shank = _turn(thigh, -pose.angle("knee", side))
        ankle = _step(knee, shank, SHANK)
        sole = _step(ankle, shank, ANKLE_HEIGHT)
        foot = _turn(shank, 90 - pose.angle("ankle", side))
        arm = _turn(down, pose.angle("shoulder", side))
        elbow = _step(shoulder, arm, UPPER_ARM)
        forearm = _turn(arm, pose.angle("elbow", side))
        points.update({
            f"knee.{side}": knee, f"ankle.{side}": ankle,
            f"heel.{side}": _step(sole, foot, -HEEL), f"toe.{side}": _step(sole, foot, TOE),
            f"elbow.{side}": elbow, f"hand.{side}": _step(elbow, forearm, FOREARM),
        })
    return Body(points)


HIPS, SHOULDERS = 0.17, 0.19  # half the width across the hips and across the shoulders
OBLIQUE = 0.45  # lying on the side is seen a little from above, so that bent knees show


def _side_body(pose: Pose) -> Body:
    """Lying on the right side, seen from the front: head to the left, the left (near) side on top.

    Hip and knee bend towards the viewer, so the legs are drawn foreshortened (an orthographic
    view of a simple 3-D leg); hip_open lifts the top knee as in a clam, turning the leg about the
    body's long axis, which keeps the feet together when the knees are bent. Arms move in the
    picture's plane: shoulder 0 lies along the side, 180 reaches past the head (a pillow arm)."""
    up = _turn((-1.0, 0.0), -pose.angle("trunk", 0))  # pelvis -> neck, lifted by a side bend
    down = (-up[0], -up[1])
    across = _turn(up, -90)  # from the bottom side to the top side
    neck = _step((0.0, 0.0), up, TRUNK)
    points = {"pelvis": (0.0, 0.0), "neck": neck, "shoulder": _step(neck, down, 0.04),
              "head": _step(neck, _turn(up, -pose.angle("neck", 0)), NECK),
              "under": _step((0.0, 0.0), across, -HIPS)}  # the bottom of the hips, on the floor
    for side in (0, 1):
        top = 1 if side == 0 else -1
        hip = _step((0.0, 0.0), across, top * HIPS * 0.6)
        shoulder = _step(points["shoulder"], across, top * SHOULDERS * 0.6)
        phi, kappa = math.radians(pose.angle("hip", side)), math.radians(pose.angle("knee", side))
        opening = math.radians(pose.angle("hip_open", side))

        def seen(length, bend, origin, opening=opening):  # a leg part bent `bend` towards the viewer, then opened
            along = math.cos(bend) * length
            lift = math.sin(opening) * math.sin(bend) * length  # up, in the picture
            near = math.cos(opening) * math.sin(bend) * length  # towards the viewer: drawn lower
            return (origin[0] + down[0] * along + across[0] * (lift - OBLIQUE * near),
                    origin[1] + down[1] * along + across[1] * (lift - OBLIQUE * near))
        knee = seen(THIGH, phi, hip)
        ankle = seen(SHANK, phi - kappa, knee)
        foot_bend = phi - kappa + math.radians(90 - pose.angle("ankle", side))
        sole = seen(ANKLE_HEIGHT, phi - kappa, ankle)
        arm = _turn(down, pose.angle("shoulder", side))
        elbow = _step(shoulder, arm, UPPER_ARM)
        points.update({
            f"hip.{side}": hip, f"shoulder.{side}": shoulder, f"knee.{side}": knee, f"ankle.{side}": ankle,
            f"heel.{side}": seen(-HEEL, foot_bend, sole), f"toe.{side}": seen(TOE, foot_bend, sole),
            f"elbow.{side}": elbow, f"hand.{side}": _step(elbow, _turn(arm, pose.angle("elbow", side)), FOREARM),
        })
    return Body(points)


BALL_R = 0.30  # a 60 cm gym ball
BENCH, SEAT, STEP = 0.45, 0.42, 0.18  # heights (a 42 cm seat: a sitting shin reaches the floor)
SITTING_DEPTH = 0.07  # from the hip joint down to what it sits or lies on
SEAT_BACK, SEAT_FRONT = 0.24, 0.20  # how far the chair seat reaches behind and before the hip


# --- contacts: what touches what ---------------------------------------------------------------

SURFACES = {"floor": 0.0, "step": STEP, "step edge": STEP, "ball": 2 * BALL_R, "chair": SEAT, "bench": BENCH,
            "wall": None}
CONTACT_PARTS = ("head", "pelvis", "back", "hands", "forearms", "knees", "feet", "heels", "toes")
TOLERANCE = 0.015  # metres: contacts closer than this to their surfaces hold


def _facing(pose: Pose):
    """Unit vectors: the trunk's direction (pelvis to neck) and the way the back faces."""
    start, sign = BASE_TRUNK[pose.base]
    up = _turn((1.0, 0.0), start + sign * pose.angle("trunk", 0))
    return up, _turn(up, 90)  # the front is the trunk turned a quarter clockwise; the back the other way


def contact_points(body: Body, pose: Pose, part: str) -> list[tuple[float, float]]:
    """The points of a body part that touch a surface below (or, for the back, behind) it. A part
    may name one side: "left hand", "right knee"."""
    p = body.points
    words = part.split()
    sides = (0,) if words[0] == "left" else (1,) if words[0] == "right" else (0, 1)
    name = words[-1]
    name = {"hand": "hands", "knee": "knees", "foot": "feet", "heel": "heels", "toe": "toes",
            "forearm": "forearms"}.get(name, name)
    if name == "head":
        return [(p["head"][0], p["head"][1] - HEAD_R)]
    if name == "pelvis":
        return [(p["pelvis"][0], p["pelvis"][1] - SITTING_DEPTH)]
    if name == "back":
        _, back = _facing(pose)
        return [_step(p["pelvis"], back, WIDTHS["trunk"][0]), _step(p["shoulder"], back, WIDTHS["trunk"][1])]
    points = []
    for side in sides:
        s = str(side)
        points += {"hands": [(p[f"hand.{s}"][0], p[f"hand.{s}"][1] - HAND_R)],
                   "forearms": [(p[f"elbow.{s}"][0], p[f"elbow.{s}"][1] - WIDTHS["forearm"][0]),
                                (p[f"hand.{s}"][0], p[f"hand.{s}"][1] - HAND_R)],
                   "knees": [(p[f"knee.{s}"][0], p[f"knee.{s}"][1] - WIDTHS["shank"][0])],
                   "feet": [p[f"heel.{s}"], p[f"toe.{s}"]], "heels": [p[f"heel.{s}"]],
                   "toes": [p[f"toe.{s}"]]}[name]
    return points


def contact_shift(pose: Pose) -> tuple[float, str]:
    """How far up the body must go for every contact to hold, or ("", the words for why it cannot)."""
    body = pose_body(pose)
    needs = []
    for part, surface in pose.contacts:
        height = SURFACES[surface]
        if height is None:
            continue
        needs += [(height - y, f"{part} on {surface}") for _, y in contact_points(body, pose, part)]
    behind = [(x, f"{part} on wall") for part, surface in pose.contacts if surface == "wall"
              for x, _ in contact_points(body, pose, part)]
    if behind and max(behind)[0] - min(behind)[0] > TOLERANCE:
        return 0.0, (f'the parts said to be on the wall do not line up: they are '
                     f"{100 * (max(behind)[0] - min(behind)[0]):.0f} cm apart")
    if not needs:
        return -body.lowest(), ""
    low, high = min(needs), max(needs)
    if high[0] - low[0] > TOLERANCE:
        return 0.0, (f'"{high[1]}" and "{low[1]}" cannot both hold: they are '
                     f"{100 * (high[0] - low[0]):.0f} cm apart")
    dy = (high[0] + low[0]) / 2
    below = body.lowest() + dy
    if below < -TOLERANCE:
        return dy, f"with {low[1]}, part of the body would be {-100 * below:.0f} cm below the floor"
    return dy, ""


def placed(pose: Pose, props: tuple[str, ...]) -> Body:
    """The body set down: on its declared contacts when the frame has them; otherwise on the
    floor (y = 0) or its props: the near heel on top of a ball, the pelvis on a bench or chair
    seat, the near foot on a step."""
    body = pose_body(pose)
    if pose.contacts:
        return body.shifted(0.0, contact_shift(pose)[0])
    p = body.points
    dy = -body.lowest()
    if "ball" in props:
        dy = max(2 * BALL_R - p["heel.0"][1], dy)
    if "bench" in props or "chair" in props:
        dy = max((BENCH if "bench" in props else SEAT) + SITTING_DEPTH - p["pelvis"][1], dy)
    if "step" in props:
        dy = max(STEP - min(p["heel.0"][1], p["toe.0"][1]), dy)
    return body.shifted(0.0, dy)


def prop_boxes(body: Body, props: tuple[str, ...], pose: Pose | None = None) -> dict[str, tuple]:
    """Boxes standing on the floor, in metres: name -> (left, right, top, bottom)."""
    p, boxes = body.points, {}
    contacts = pose.contacts if pose else ()
    if "bench" in props:
        ends = sorted((p["pelvis"][0], p["neck"][0]))
        boxes["bench"] = (ends[0] - 0.1, ends[1] + 0.1, BENCH, 0.0)
    if "chair" in props:
        x = p["pelvis"][0]
        boxes["chair"] = (x - SEAT_BACK, x + SEAT_FRONT, SEAT, SEAT - 0.04)
    if "step" in props:
        xs = sorted((p["heel.0"][0], p["toe.0"][0]))
        boxes["step"] = (xs[0] - 0.08, xs[1] + 0.08, STEP, 0.0)
        if any(surface == "step edge" for _, surface in contacts):  # balls of the feet on the edge
            boxes["step"] = (p["toe.0"][0] - 0.05, p["toe.0"][0] + 0.3, STEP, 0.0)
    if "door" in props:  # in front of the body, where a band is tied
        x = max(x for x, _ in p.values()) + 0.45
        boxes["door"] = (x, x + 0.06, 2.0, 0.0)
    if "wall" in props:  # behind the body: as far back as the parts said to touch it
        behind = [x for part, surface in contacts if surface == "wall"
                  for x, _ in (contact_points(body, pose, part) if pose else [])]
        x = min(behind) if behind else min(x for x, _ in p.values()) - 0.15
        boxes["wall"] = (x - 0.08, x, 2.0, 0.0)
    return boxes
