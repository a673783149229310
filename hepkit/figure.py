"""Line-art figures drawn from poses: forward kinematics in a side view, then plain SVG.

The body is seen from its left side: left limbs are near (black, drawn last), right limbs far
(grey, drawn first). Units are metres of an average adult; 1 unit = 100 SVG units. Every
exercise uses the same scale and strokes, and the same pose always gives the same bytes.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

from .model import Illustration, Pose

# Segment lengths in metres (an adult about 1.75 m tall).
TRUNK, NECK, HEAD_R = 0.50, 0.14, 0.105
UPPER_ARM, FOREARM = 0.30, 0.27  # forearm: elbow to the middle of the palm
THIGH, SHANK, ANKLE_HEIGHT, HEEL, TOE = 0.44, 0.43, 0.06, 0.05, 0.17
SCALE = 100
PAD = 0.12
NEAR, FAR = "#000", "#7a7a7a"  # far side still 4.3:1 on white

# Which way the trunk points (pelvis to neck), in degrees from +x with y up, before any tilt,
# and which way a positive `trunk` tilt turns it.
BASE_TRUNK = {"supine": (180, 1), "side": (180, 1), "prone": (0, 1), "plank": (0, 1), "hands-knees": (0, 1),
              "kneeling": (90, -1), "sitting": (90, -1), "standing": (90, -1)}
BASE_WORDS = {"supine": "lying on your back", "prone": "lying face down", "side": "lying on your side",
              "plank": "in a plank on forearms and toes", "kneeling": "kneeling", "sitting": "sitting",
              "standing": "standing", "hands-knees": "on your hands and knees"}


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

        def seen(length, bend, origin):  # a leg part bent `bend` towards the viewer, then opened
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


def _prop_boxes(body: Body, props: tuple[str, ...], pose: Pose | None = None) -> dict[str, tuple]:
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


# Half-thickness of each body part in metres, at its near and far end, seen from the side.
WIDTHS = {"trunk": (0.115, 0.115), "neck": (0.045, 0.045), "upper_arm": (0.045, 0.037),
          "forearm": (0.036, 0.028), "thigh": (0.078, 0.052), "shank": (0.052, 0.034), "foot": (0.034, 0.02)}
HAND_R = 0.036
INK = {0: ("#000", "#fff", 3.2), 1: (FAR, "#ececec", 2.4)}  # near: black on white; far: grey on light grey


def _line(a, b, width, colour):
    return (f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>')


def _capsule(a, b, ra, rb, side):
    """A body part from a to b (SVG units), ra and rb its half-thickness at each end: a tapered
    shape with round ends, outlined, filled white (near side) or light grey (far side)."""
    stroke, fill, width = INK[side]
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1e-6
    nx, ny = -dy / length, dx / length
    p1, p2 = (a[0] + nx * ra, a[1] + ny * ra), (b[0] + nx * rb, b[1] + ny * rb)
    p3, p4 = (b[0] - nx * rb, b[1] - ny * rb), (a[0] - nx * ra, a[1] - ny * ra)
    d = (f"M{p1[0]:.1f} {p1[1]:.1f}L{p2[0]:.1f} {p2[1]:.1f}A{rb:.1f} {rb:.1f} 0 0 0 {p3[0]:.1f} {p3[1]:.1f}"
         f"L{p4[0]:.1f} {p4[1]:.1f}A{ra:.1f} {ra:.1f} 0 0 0 {p1[0]:.1f} {p1[1]:.1f}Z")
    return f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round"/>'


def _circle(c, r, side):
    stroke, fill, width = INK[side]
    return f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{r:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'


# The body as a tree of parts: (name, from joint, to joint, width key, parent part). Each part
# turns about its first joint; drawing order puts the far side behind the trunk, the near in front.
def _parts(side: int):
    s = str(side)
    return {"arm": [(f"upper_arm.{s}", f"shoulder.{s}", f"elbow.{s}", "upper_arm", "trunk"),
                    (f"forearm.{s}", f"elbow.{s}", f"hand.{s}", "forearm", f"upper_arm.{s}")],
            "leg": [(f"thigh.{s}", f"hip.{s}", f"knee.{s}", "thigh", None),
                    (f"shank.{s}", f"knee.{s}", f"ankle.{s}", "shank", f"thigh.{s}"),
                    (f"foot.{s}", f"heel.{s}", f"toe.{s}", "foot", f"shank.{s}")]}


def _shape(part, p, scale):
    name, a, b, width, _ = part
    ra, rb = (w * scale for w in WIDTHS[width])
    side = int(name[-1])
    shape = _capsule(p[a], p[b], ra, rb, side)
    if name.startswith("forearm"):
        shape += _circle(p[b], HAND_R * scale, side)
    return shape


def _trunk(p, base: str, scale):
    """The trunk from pelvis to neck: as deep as a body from the side, as wide as one from the front."""
    width = SHOULDERS if base == "side" else WIDTHS["trunk"][0]
    return _capsule(p["pelvis"], p["neck"], width * scale, width * scale, 0)


def _body_shapes(p, scale, base: str = ""):
    """The whole figure at one pose, as shapes in drawing order (far leg, far arm, trunk, head,
    near arm, near leg)."""
    far, near = _parts(1), _parts(0)
    shapes = [_shape(part, p, scale) for part in far["leg"] + far["arm"]]
    shapes.append(_trunk(p, base, scale))
    shapes.append(_capsule(p["neck"], p["head"], *(w * scale for w in WIDTHS["neck"]), 0))
    shapes.append(_circle(p["head"], HEAD_R * scale, 0))
    shapes += [_shape(part, p, scale) for part in near["arm"] + near["leg"]]
    return shapes


def describe(pose: Pose) -> str:
    words = pose.describe or BASE_WORDS[pose.base]
    return f"{pose.caption}: {words}" if pose.caption else words[0].upper() + words[1:]


class _Frame:
    """One keyframe laid out in the figure's shared SVG coordinates."""

    def __init__(self, pose, body, ball, boxes, to_svg):
        self.pose, self.boxes = pose, boxes
        self.p = {k: to_svg(v) for k, v in body.points.items()}
        self.ball = to_svg(ball) if ball else None


def _layout(illustration: Illustration):
    props = illustration.props
    bodies = [placed(pose, props) for pose in illustration.frames]
    balls = [(b.points["heel.0"][0], BALL_R) if "ball" in props else None for b in bodies]
    boxes = [_prop_boxes(b, props, pose) for b, pose in zip(bodies, illustration.frames, strict=True)]
    if "door" in props:  # one door for every frame, beyond the furthest reach of any
        door = max(frame["door"] for frame in boxes)
        for frame in boxes:
            frame["door"] = door
    xs = [x for b in bodies for x, _ in b.points.values()] + [b.points["head"][0] + d for b in bodies
                                                               for d in (-HEAD_R, HEAD_R)]
    xs += [ball[0] + d for ball in balls if ball for d in (-BALL_R, BALL_R)]
    xs += [x for frame in boxes for box in frame.values() for x in box[:2]]
    top = max(max(y for _, y in b.points.values()) for b in bodies)
    top = max(top, max(b.points["head"][1] + HEAD_R for b in bodies))
    left, right = min(xs) - PAD, max(xs) + PAD
    width, height = right - left, top + PAD + 0.06

    def to_svg(point):  # metres, y up -> SVG units, y down, floor 0.06 above the bottom
        return ((point[0] - left) * SCALE, (top + PAD - point[1]) * SCALE)

    frames = [_Frame(pose, body, ball, frame_boxes, to_svg)
              for pose, body, ball, frame_boxes in zip(illustration.frames, bodies, balls, boxes, strict=True)]
    return frames, width * SCALE, height * SCALE, to_svg


def _scenery(illustration: Illustration, frame: _Frame, width: float, to_svg, with_ball=True):
    props = illustration.props
    floor_y = to_svg((0, 0))[1]
    parts = []
    for box_left, box_right, box_top, box_bottom in frame.boxes.values():
        x0, y0 = to_svg((box_left, box_top))
        x1, y1 = to_svg((box_right, box_bottom))
        parts.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
                     f'fill="#fff" stroke="{FAR}" stroke-width="3"/>')
    if "chair" in props:  # legs and a backrest behind the seat
        seat_left, seat_right = frame.boxes["chair"][:2]
        for x in (seat_left + 0.03, seat_right - 0.03):
            parts.append(_line(to_svg((x, SEAT - 0.04)), to_svg((x, 0)), 3, FAR))
        parts.append(_line(to_svg((seat_left + 0.02, SEAT)), to_svg((seat_left + 0.02, SEAT + 0.45)), 3, FAR))
    if "mat" in props:
        depth = 0.22 * SCALE if frame.pose.base == "side" else 4  # seen from above: the mat shows its width
        parts.append(f'<rect x="{SCALE * 0.05:.1f}" y="{floor_y - depth:.1f}" width="{width - 0.1 * SCALE:.1f}" '
                     f'height="{depth:.1f}" fill="{"#e6e6e6" if depth > 4 else "#bdbdbd"}"/>')
    parts.append(_line((0, floor_y), (width, floor_y), 2, FAR))
    if with_ball and frame.ball:
        parts.append(_ball(frame.ball))
    return parts


def _ball(centre):
    return (f'<circle cx="{centre[0]:.1f}" cy="{centre[1]:.1f}" r="{BALL_R * SCALE:.1f}" fill="#fff" '
            f'stroke="{NEAR}" stroke-width="3"/>')


def _band(frame: _Frame, anchor=None) -> str:
    """An exercise band from the near hand to where it is tied: under the near foot, or a door."""
    p = frame.p
    end = anchor or ((p["heel.0"][0] + p["toe.0"][0]) / 2, (p["heel.0"][1] + p["toe.0"][1]) / 2)
    return _line(end, p["hand.0"], 3, NEAR).replace("/>", ' stroke-dasharray="8 5"/>')


def _weight(frame: _Frame) -> str:
    """A small dumbbell in the near hand."""
    x, y = frame.p["hand.0"]
    return (f'<rect x="{x - 9:.1f}" y="{y - 3:.1f}" width="18" height="6" fill="{NEAR}"/>'
            f'<rect x="{x - 13:.1f}" y="{y - 8:.1f}" width="6" height="16" rx="2" fill="{NEAR}"/>'
            f'<rect x="{x + 7:.1f}" y="{y - 8:.1f}" width="6" height="16" rx="2" fill="{NEAR}"/>')


def _anchor(frames: list, to_svg):
    """Where a band is tied to a door: on the door, at the near hand's height in the first frame."""
    first = frames[0]
    if "door" not in first.boxes:
        return None
    return to_svg((first.boxes["door"][0], 0))[0], first.p["hand.0"][1]


def draw(illustration: Illustration) -> list[tuple[str, str]]:
    """One still SVG per keyframe, all with the same viewBox: [(svg, caption), ...]. These are what
    paper and screens that ask for less motion show, side by side."""
    frames, width, height, to_svg = _layout(illustration)
    anchor = _anchor(frames, to_svg)
    panels = []
    for frame in frames:
        parts = _scenery(illustration, frame, width, to_svg) + _body_shapes(frame.p, SCALE, frame.pose.base)
        if "band" in illustration.props:
            parts.append(_band(frame, anchor))
        if "weight" in illustration.props:
            parts.append(_weight(frame))
        label = html.escape(describe(frame.pose), quote=True)
        panels.append((
            f'<svg viewBox="0 0 {width:.1f} {height:.1f}" '
            f'role="img" aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>',
            frame.pose.caption))
    return panels
