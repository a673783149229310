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
UPPER_ARM, FOREARM = 0.30, 0.32
THIGH, SHANK, ANKLE_HEIGHT, HEEL, TOE = 0.44, 0.43, 0.06, 0.05, 0.17
SCALE = 100
PAD = 0.12
NEAR, FAR = "#000", "#7a7a7a"  # far side still 4.3:1 on white

# Which way the trunk points (pelvis to neck), in degrees from +x with y up, before any tilt,
# and which way a positive `trunk` tilt turns it.
BASE_TRUNK = {"supine": (180, 1), "side": (180, 1), "prone": (0, 1), "plank": (0, 1),
              "kneeling": (90, -1), "sitting": (90, -1), "standing": (90, -1)}
BASE_WORDS = {"supine": "lying on your back", "prone": "lying face down", "side": "lying on your side",
              "plank": "in a plank on forearms and toes", "kneeling": "kneeling", "sitting": "sitting",
              "standing": "standing"}


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
    start, sign = BASE_TRUNK[pose.base]
    up = _turn((1.0, 0.0), start + sign * pose.angle("trunk", 0))  # pelvis -> neck
    down = (-up[0], -up[1])
    points = {"pelvis": (0.0, 0.0)}
    neck = _step(points["pelvis"], up, TRUNK)
    points["neck"] = neck
    points["head"] = _step(neck, _turn(up, -pose.angle("neck", 0)), NECK)  # flexion: chin to chest
    shoulder = _step(neck, down, 0.04)
    points["shoulder"] = shoulder
    for side in (0, 1):
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


BALL_R = 0.30  # a 60 cm gym ball
BENCH, SEAT, STEP = 0.45, 0.45, 0.18  # heights
SITTING_DEPTH = 0.07  # from the hip joint down to what it sits or lies on
SEAT_BACK, SEAT_FRONT = 0.24, 0.20  # how far the chair seat reaches behind and before the hip


def placed(pose: Pose, props: tuple[str, ...]) -> Body:
    """The body set down on the floor (y = 0), or on its props: the near heel on top of a
    ball, the pelvis on a bench or chair seat, the near foot on a step."""
    body = pose_body(pose)
    p = body.points
    dy = -body.lowest()
    if "ball" in props:
        dy = max(2 * BALL_R - p["heel.0"][1], dy)
    if "bench" in props or "chair" in props:
        dy = max((BENCH if "bench" in props else SEAT) + SITTING_DEPTH - p["pelvis"][1], dy)
    if "step" in props:
        dy = max(STEP - min(p["heel.0"][1], p["toe.0"][1]), dy)
    return body.shifted(0.0, dy)


def _prop_boxes(body: Body, props: tuple[str, ...]) -> dict[str, tuple[float, float, float, float]]:
    """Boxes standing on the floor, in metres: name -> (left, right, top, bottom)."""
    p, boxes = body.points, {}
    if "bench" in props:
        ends = sorted((p["pelvis"][0], p["neck"][0]))
        boxes["bench"] = (ends[0] - 0.1, ends[1] + 0.1, BENCH, 0.0)
    if "chair" in props:
        x = p["pelvis"][0]
        boxes["chair"] = (x - SEAT_BACK, x + SEAT_FRONT, SEAT, SEAT - 0.04)
    if "step" in props:
        xs = sorted((p["heel.0"][0], p["toe.0"][0]))
        boxes["step"] = (xs[0] - 0.08, xs[1] + 0.08, STEP, 0.0)
    return boxes


def _line(a, b, width, colour):
    return (f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>')


def _path(points, width, colour):
    d = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points)
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def _limbs(p, side, colour, width):
    s = str(side)
    return [_path([p["pelvis"], p["knee." + s], p["ankle." + s]], width, colour),
            _path([p["heel." + s], p["toe." + s]], width, colour),
            _path([p["shoulder"], p["elbow." + s], p["hand." + s]], width, colour)]


def describe(pose: Pose) -> str:
    words = pose.describe or BASE_WORDS[pose.base]
    return f"{pose.caption}: {words}" if pose.caption else words[0].upper() + words[1:]


def draw(illustration: Illustration) -> list[tuple[str, str]]:
    """One SVG per keyframe, all with the same viewBox: [(svg, caption), ...]."""
    props = illustration.props
    bodies = [placed(pose, props) for pose in illustration.frames]
    balls = [(b.points["heel.0"][0], BALL_R) if "ball" in props else None for b in bodies]
    boxes = [_prop_boxes(b, props) for b in bodies]
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

    panels = []
    for pose, body, ball, frame_boxes in zip(illustration.frames, bodies, balls, boxes, strict=True):
        p = {k: to_svg(v) for k, v in body.points.items()}
        floor_y = to_svg((0, 0))[1]
        parts = []
        for box_left, box_right, box_top, box_bottom in frame_boxes.values():
            x0, y0 = to_svg((box_left, box_top))
            x1, y1 = to_svg((box_right, box_bottom))
            parts.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
                         f'fill="#fff" stroke="{FAR}" stroke-width="4"/>')
        if "chair" in props:  # legs and a backrest behind the seat
            seat_left, seat_right = frame_boxes["chair"][:2]
            for x in (seat_left + 0.03, seat_right - 0.03):
                parts.append(_line(to_svg((x, SEAT - 0.04)), to_svg((x, 0)), 4, FAR))
            parts.append(_line(to_svg((seat_left + 0.02, SEAT)), to_svg((seat_left + 0.02, SEAT + 0.45)), 4, FAR))
        if "mat" in props:
            parts.append(f'<rect x="{SCALE * 0.05:.1f}" y="{floor_y - 4:.1f}" width="{(width - 0.1) * SCALE:.1f}" '
                         f'height="4" fill="#bdbdbd"/>')
        parts.append(_line((0, floor_y), (width * SCALE, floor_y), 2, FAR))
        if ball:
            cx, cy = to_svg(ball)
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{BALL_R * SCALE:.1f}" fill="#fff" '
                         f'stroke="{NEAR}" stroke-width="4"/>')
        parts += _limbs(p, 1, FAR, 6)
        parts.append(_line(p["pelvis"], p["neck"], 14, NEAR))
        hx, hy = p["head"]
        parts.append(f'<circle cx="{hx:.1f}" cy="{hy:.1f}" r="{HEAD_R * SCALE:.1f}" fill="#fff" '
                     f'stroke="{NEAR}" stroke-width="5"/>')
        parts += _limbs(p, 0, NEAR, 7)
        if "band" in props:  # from under the near foot to the near hand
            sole = ((p["heel.0"][0] + p["toe.0"][0]) / 2, (p["heel.0"][1] + p["toe.0"][1]) / 2)
            parts.append(_line(sole, p["hand.0"], 3, NEAR).replace("/>", ' stroke-dasharray="8 5"/>'))
        label = html.escape(describe(pose), quote=True)
        panels.append((
            f'<svg viewBox="0 0 {width * SCALE:.1f} {height * SCALE:.1f}" '
            f'role="img" aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>',
            pose.caption))
    return panels
