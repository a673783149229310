"""Line-art figures drawn from poses (body.py works out where the body is), as plain SVG.

The body is seen from its left side: left limbs are near (black, drawn last), right limbs far
(grey, drawn first). 1 metre is SCALE SVG units. Every exercise uses the same scale and strokes,
and the same pose always gives the same bytes. motion.py animates the same shapes.
"""
from __future__ import annotations

import html
import math

from ..content.model import Illustration, Pose
from .body import BALL_R, HAND_R, HEAD_R, SEAT, SHOULDERS, WIDTHS, placed, prop_boxes

SCALE = 100
PAD = 0.12
NEAR, FAR = "#000", "#7a7a7a"  # far side still 4.3:1 on white
BASE_WORDS = {"supine": "lying on your back", "prone": "lying face down", "side": "lying on your side",
              "plank": "in a plank on forearms and toes", "kneeling": "kneeling", "sitting": "sitting",
              "standing": "standing", "hands-knees": "on your hands and knees"}
INK = {0: ("#000", "#fff", 3.2), 1: (FAR, "#ececec", 2.4)}  # near: black on white; far: grey on light grey


def _line(a, b, width, colour):
    return (f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>')


def capsule(a, b, ra, rb, side):
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


def disc(c, r, side):
    stroke, fill, width = INK[side]
    return (f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{r:.1f}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>')


# The body as a tree of parts: (name, from joint, to joint, width key, parent part). Each part
# turns about its first joint; drawing order puts the far side behind the trunk, the near in front.
def body_parts(side: int):
    s = str(side)
    return {"arm": [(f"upper_arm.{s}", f"shoulder.{s}", f"elbow.{s}", "upper_arm", "trunk"),
                    (f"forearm.{s}", f"elbow.{s}", f"hand.{s}", "forearm", f"upper_arm.{s}")],
            "leg": [(f"thigh.{s}", f"hip.{s}", f"knee.{s}", "thigh", None),
                    (f"shank.{s}", f"knee.{s}", f"ankle.{s}", "shank", f"thigh.{s}"),
                    (f"foot.{s}", f"heel.{s}", f"toe.{s}", "foot", f"shank.{s}")]}


def part_shape(part, p, scale):
    name, a, b, width, _ = part
    ra, rb = (w * scale for w in WIDTHS[width])
    side = int(name[-1])
    shape = capsule(p[a], p[b], ra, rb, side)
    if name.startswith("forearm"):
        shape += disc(p[b], HAND_R * scale, side)
    return shape


def trunk_shape(p, base: str, scale):
    """The trunk from pelvis to neck: as deep as a body from the side, as wide as one from the front."""
    width = SHOULDERS if base == "side" else WIDTHS["trunk"][0]
    return capsule(p["pelvis"], p["neck"], width * scale, width * scale, 0)


def _body_shapes(p, scale, base: str = ""):
    """The whole figure at one pose, as shapes in drawing order (far leg, far arm, trunk, head,
    near arm, near leg)."""
    far, near = body_parts(1), body_parts(0)
    shapes = [part_shape(part, p, scale) for part in far["leg"] + far["arm"]]
    shapes.append(trunk_shape(p, base, scale))
    shapes.append(capsule(p["neck"], p["head"], *(w * scale for w in WIDTHS["neck"]), 0))
    shapes.append(disc(p["head"], HEAD_R * scale, 0))
    shapes += [part_shape(part, p, scale) for part in near["arm"] + near["leg"]]
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


def layout(illustration: Illustration):
    props = illustration.props
    bodies = [placed(pose, props) for pose in illustration.frames]
    balls = [(b.points["heel.0"][0], BALL_R) if "ball" in props else None for b in bodies]
    boxes = [prop_boxes(b, props, pose) for b, pose in zip(bodies, illustration.frames, strict=True)]
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


def scenery_shapes(illustration: Illustration, frame: _Frame, width: float, to_svg, with_ball=True):
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
        parts.append(ball_shape(frame.ball))
    return parts


def ball_shape(centre):
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
    frames, width, height, to_svg = layout(illustration)
    anchor = _anchor(frames, to_svg)
    panels = []
    for frame in frames:
        parts = scenery_shapes(illustration, frame, width, to_svg) + _body_shapes(frame.p, SCALE, frame.pose.base)
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
