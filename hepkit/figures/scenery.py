"""The props as they look, seen by the figure's camera: a step with its edge, a slant board, a
ball with a shading line, a chair, a bench, a wall, a door, a foam roller, a rolled towel, a
dumbbell, an ankle weight, and a band or strap from its anchor to where it pulls. Each is a list
of Shapes in picture metres; picture.py puts them behind or in front of the body."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .props import BALL_R, BOARD_SLOPE, Box, Scene, cylinders, solid_parts
from .skeleton import Skeleton
from .vectors import Vec, add, columns, dot, hull, scale, sub, unit
from .views import Camera

Point = tuple[float, float]


@dataclass
class Shape:
    points: list[Point]
    style: str  # a key of drawing.STYLES
    closed: bool = True
    smooth: bool = False  # drawn as a curve through the points (the body), or with straight sides


def _box_faces(corners: dict, faces, camera: Camera, style: str) -> list[Shape]:
    shapes = []
    for names, normal in faces:
        if dot(normal, camera.toward) > 1e-6:
            shapes.append(Shape([camera.flat(corners[n]) for n in names], style))
    return shapes


def box_shapes(box: Box, camera: Camera, style: str = "prop") -> list[Shape]:
    c = {
        (i, j, k): (x, y, z)
        for i, x in enumerate((box.back, box.front))
        for j, y in enumerate((box.bottom, box.top))
        for k, z in enumerate((box.near, box.far))
    }
    faces = [
        ([(1, 0, 0), (1, 1, 0), (1, 1, 1), (1, 0, 1)], (1, 0, 0)),
        ([(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0)], (-1, 0, 0)),
        ([(0, 1, 0), (0, 1, 1), (1, 1, 1), (1, 1, 0)], (0, 1, 0)),
        ([(0, 0, 0), (1, 0, 0), (1, 0, 1), (0, 0, 1)], (0, -1, 0)),
        ([(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)], (0, 0, 1)),
        ([(0, 0, 0), (0, 1, 0), (1, 1, 0), (1, 0, 0)], (0, 0, -1)),
    ]
    return _box_faces(c, faces, camera, style)


def _circle(centre: Vec, radius: float, camera: Camera, steps: int = 24) -> list[Point]:
    x, y = camera.flat(centre)
    return [
        (x + radius * math.cos(2 * math.pi * i / steps), y + radius * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    ]


def _cylinder(centre: Vec, radius: float, half_length: float, camera: Camera, style: str) -> list[Shape]:
    """A cylinder lying across the body (along z): its outline and its visible end."""
    ends = [add(centre, (0.0, 0.0, dz)) for dz in (-half_length, half_length)]
    rims = [
        [add(end, (radius * math.cos(a), radius * math.sin(a), 0.0)) for a in (2 * math.pi * i / 20 for i in range(20))]
        for end in ends
    ]
    flat = [camera.flat(p) for rim in rims for p in rim]
    shapes = [Shape(fixed(hull(flat), 40), style)]
    seen = ends[0] if dot((0.0, 0.0, -1.0), camera.toward) > 0 else ends[1]
    facing = abs(dot((0.0, 0.0, 1.0), camera.toward))
    if facing > 0.05:
        shapes.append(Shape([camera.flat(p) for p in rims[0 if seen == ends[0] else 1]], style, smooth=True))
    return shapes


def behind_shapes(scene: Scene, props: tuple[str, ...], camera: Camera, skeleton: Skeleton) -> list[Shape]:
    """What stands on the floor, drawn before the body."""
    shapes = []
    xs = [p[0] for p in skeleton.points.values()]
    if "mat" in props:
        shapes += box_shapes(Box(min(xs) - 0.12, max(xs) + 0.12, 0.0, 0.012, -0.32, 0.32), camera, "mat")
    for name in ("wall", "door", "step", "bench"):
        if name in scene.boxes:
            box = scene.boxes[name]
            if name == "bench":  # a padded top on four posts, the top drawn last
                *legs, box = solid_parts(name, box)
                for leg in legs:
                    shapes += box_shapes(leg, camera, "prop")
            shapes += box_shapes(box, camera, "wall" if name == "wall" else "prop")
            if name == "step":  # its edge, where the foot's ball goes
                edge = [(box.back, box.top, box.near), (box.back, box.top, box.far)]
                if dot((-1.0, 0.0, 0.0), camera.toward) <= 0:
                    edge = [(box.front, box.top, box.near), (box.front, box.top, box.far)]
                shapes.append(Shape([camera.flat(p) for p in edge], "edge", closed=False))
            if name == "door":
                shapes.append(Shape(_circle((box.back, 1.0, box.near + 0.1), 0.02, camera, 8), "prop"))
    if "chair" in scene.boxes:
        seat = scene.boxes["chair"]
        for x in (seat.back + 0.02, seat.front - 0.04):
            for z in (seat.near + 0.02, seat.far - 0.04):
                shapes += box_shapes(Box(x, x + 0.025, 0.0, seat.bottom, z, z + 0.025), camera, "prop")
        backrest = scene.boxes.get("chair back") or Box(seat.back, seat.back + 0.03, seat.top, seat.top + 0.45,
                                                         seat.near, seat.far)  # held, it may stand sideways
        shapes += box_shapes(backrest, camera, "prop")
        shapes += box_shapes(seat, camera, "prop")
    if scene.board:
        back, front = scene.board
        high = (front - back) * math.tan(math.radians(BOARD_SLOPE)) + 0.01
        c = {
            "bb": (back, 0.0, -0.22),
            "bt": (back, high, -0.22),
            "fb": (front, 0.0, -0.22),
            "ft": (front, 0.01, -0.22),
            "BB": (back, 0.0, 0.22),
            "BT": (back, high, 0.22),
            "FB": (front, 0.0, 0.22),
            "FT": (front, 0.01, 0.22),
        }
        slope = unit((math.sin(math.radians(BOARD_SLOPE)), math.cos(math.radians(BOARD_SLOPE)), 0.0))
        faces = [
            (["bb", "bt", "ft", "fb"], (0, 0, -1)),
            (["BB", "FB", "FT", "BT"], (0, 0, 1)),
            (["bt", "BT", "FT", "ft"], slope),
            (["bb", "BB", "BT", "bt"], (-1, 0, 0)),
            (["fb", "ft", "FT", "FB"], (1, 0, 0)),
        ]
        shapes += _box_faces(c, faces, camera, "prop")
    if scene.ball:
        shapes.append(Shape(_circle(scene.ball, BALL_R, camera), "prop", smooth=True))  # round, not 24 sides
        cx, cy = camera.flat(scene.ball)
        shapes.append(
            Shape(
                [
                    (cx + 0.7 * BALL_R * math.cos(a), cy + 0.7 * BALL_R * math.sin(a))
                    for a in (math.radians(d) for d in range(200, 290, 15))
                ],
                "shade",
                closed=False,
            )
        )
    return shapes


def across_shapes(scene: Scene, camera: Camera) -> list[Shape]:
    """A foam roller or a rolled towel, lying across under the body: drawn after the far side
    (which rests beside or beyond it) and before the rest, which rests on it."""
    return [
        shape
        for prop, centre, radius, half in cylinders(scene)
        for shape in _cylinder(centre, radius, half, camera, "towel" if prop == "towel" else "prop")
    ]


def held_shapes(skeleton: Skeleton, props: tuple[str, ...], camera: Camera, sides: dict) -> dict[str, list[Shape]]:
    """What the body holds or wears, by the limb that holds it ("arm.0", "leg.1"): a dumbbell in a
    hand, a weight round an ankle. Each outline has a fixed number of points, so it can move."""
    held: dict[str, list[Shape]] = {}
    p = skeleton.points
    for side in sides.get("arms", (0,)) if "weight" in props or "dumbbell" in props else ():
        hand = skeleton.turns[f"hand.{side}"]
        across = columns(hand)[2]  # through the fist
        centre = p[f"hand.{side}"]
        shapes = held.setdefault(f"arm.{side}", [])
        for end in (-1, 1):
            plate = add(centre, scale(across, end * 0.09))
            shapes.append(Shape(fixed(_disc_outline(plate, across, 0.045, camera), 24), "iron"))
        ends = [camera.flat(add(centre, scale(across, d))) for d in (-0.09, 0.09)]
        shapes.append(Shape(ends, "handle", closed=False))
    if "ankle weight" in props:
        side = sides.get("leg", 0)
        shank = skeleton.turns[f"shank.{side}"]
        front, up, across = columns(shank)
        centre = add(p[f"ankle.{side}"], scale(up, 0.09))
        ring = [
            add(centre, add(scale(across, 0.05 * math.cos(a)), scale(front, 0.05 * math.sin(a))))
            for a in (2 * math.pi * i / 12 for i in range(12))
        ]
        band = [add(q, scale(up, dy)) for dy in (-0.035, 0.035) for q in ring]
        held[f"leg.{side}"] = [Shape(fixed(hull([camera.flat(q) for q in band]), 24), "iron")]
    return held


def fixed(points: list, count: int) -> list:
    """A polygon with exactly `count` points (its last repeated), so frames can morph into each other."""
    if not points:
        return [(0.0, 0.0)] * count
    return (points + [points[-1]] * count)[:count]


def _disc_outline(centre: Vec, axis: Vec, radius: float, camera: Camera) -> list[Point]:
    a = unit(sub((0.0, 1.0, 0.0), scale(axis, dot(axis, (0.0, 1.0, 0.0))))) if abs(axis[1]) < 0.95 else (1.0, 0.0, 0.0)
    b = unit((axis[1] * a[2] - axis[2] * a[1], axis[2] * a[0] - axis[0] * a[2], axis[0] * a[1] - axis[1] * a[0]))
    rim = [
        add(centre, add(scale(a, radius * math.cos(t)), scale(b, radius * math.sin(t))))
        for t in (2 * math.pi * i / 12 for i in range(12))
    ]
    thick = [add(q, scale(axis, d)) for d in (-0.015, 0.015) for q in rim]
    return hull([camera.flat(q) for q in thick])
