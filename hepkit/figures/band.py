"""Where a band or strap runs: from a body part (a hand, an ankle, the backs of both knees) to
where it is tied (a door, a post behind or in front, a chair leg, under a foot) or to another
body part, pulling in its true direction. scenery.py draws the props it is tied to."""

from __future__ import annotations

from .props import Scene
from .scenery import Shape
from .skeleton import Skeleton
from .vectors import Vec, add, columns, scale
from .views import Camera


def band_ends(skeleton: Skeleton, scene: Scene, band: tuple[str, str], first: Skeleton) -> list[list[Vec]]:
    """The band's path in 3D: from one end to the other, round both knees, ankles, feet or hands when
    an end names both. Fixed anchors are at the height of the other end in the first frame."""
    p = skeleton.points
    xs = [v[0] for v in first.points.values()]

    def body_end(word: str) -> list[Vec]:
        if word == "feet":  # round both soles, as in a seated row
            return [_sole(skeleton, 0), _sole(skeleton, 1)]
        if word in ("hands", "ankles", "knees"):
            name = {"hands": "hand", "ankles": "ankle", "knees": "knee"}[word]
            return [_behind(skeleton, name, 0), _behind(skeleton, name, 1)]
        side = 0 if word.startswith("left") else 1
        name = word.split()[-1]
        if name == "foot":
            return [_sole(skeleton, side)]
        return [_behind(skeleton, name, side)]

    def anchor(word: str, other: list[Vec], other_first: list[Vec]) -> Vec:
        height = sum(v[1] for v in other_first) / len(other_first)
        z = sum(v[2] for v in other) / len(other)
        if word.startswith("under"):
            return _sole(skeleton, 0 if "left" in word else 1)
        if word == "door" and "door" in scene.boxes:
            return (scene.boxes["door"].back, height, 0.0)
        if word == "behind" and "chair" in scene.boxes:  # round the chair's front leg
            return (scene.boxes["chair"].front - 0.03, height, z)
        return {
            "behind": (min(xs) - 0.45, height, z),
            "in front": (max(xs) + 0.45, height, z),
            "door": (max(xs) + 0.45, height, 0.0),
            "left": (p["pelvis"][0], height, -0.9),
            "right": (p["pelvis"][0], height, 0.9),
        }[word]

    fixed = ("door", "behind", "in front", "left", "right", "under left foot", "under right foot")
    a, b = band
    if a in fixed and b in fixed:
        return []
    if a in fixed:
        a, b = b, a
    start = body_end(a)
    if b in fixed:
        first_end = body_end_of(first, a)
        return [start, [anchor(b, start, first_end)]]
    return [start, body_end(b)]


def body_end_of(skeleton: Skeleton, word: str) -> list[Vec]:
    if word == "feet":
        return [_sole(skeleton, 0), _sole(skeleton, 1)]
    if word in ("hands", "ankles", "knees"):
        name = {"hands": "hand", "ankles": "ankle", "knees": "knee"}[word]
        return [skeleton.points[f"{name}.0"], skeleton.points[f"{name}.1"]]
    side = 0 if word.startswith("left") else 1
    name = {"foot": "ankle"}.get(word.split()[-1], word.split()[-1])
    return [skeleton.points[f"{name}.{side}"]]


def _behind(skeleton: Skeleton, name: str, side: int) -> Vec:
    """Where a band holds a part: the hand's fist, the back of a knee, the front of an ankle."""
    p = skeleton.points
    if name == "hand":
        return p[f"hand.{side}"]
    turn = skeleton.turns[f"shank.{side}"]
    front = columns(turn)[0]
    if name == "knee":
        return add(p[f"knee.{side}"], scale(front, -0.05))
    return add(p[f"ankle.{side}"], scale(columns(turn)[1], 0.05))


def _sole(skeleton: Skeleton, side: int) -> Vec:
    p = skeleton.points
    return scale(add(p[f"heel.{side}"], p[f"ball.{side}"]), 0.5)


def band_shapes(path: list[list[Vec]], camera: Camera, style: str, fixed: bool) -> list[Shape]:
    """The band as lines, round both parts where an end names both; a small post where it is tied
    (`fixed`: the second end is an anchor, not the body)."""
    if not path:
        return []
    start, end = path
    shapes = []
    if fixed:
        x, y = camera.flat(end[0])
        shapes.append(
            Shape([(x - 0.02, y - 0.03), (x + 0.02, y - 0.03), (x + 0.02, y + 0.03), (x - 0.02, y + 0.03)], "anchor")
        )
    if len(start) == 2:  # round both: across between them, then to the other end from the middle
        shapes.append(Shape([camera.flat(q) for q in start], style, closed=False))
        start = [scale(add(*start), 0.5)]
    if len(end) == 2:
        shapes.append(Shape([camera.flat(q) for q in end], style, closed=False))
        end = [scale(add(*end), 0.5)]
    shapes.append(Shape([camera.flat(start[0]), camera.flat(end[0])], style, closed=False))
    return shapes
