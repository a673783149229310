"""Where a still frame's movement arrow goes: beside the moving part, clear of the limb it
follows (or, for the trunk's own movement, beyond the trunk's outline)."""

from __future__ import annotations

import math

TRUNK_ARROW = 0.2  # metres: the shortest arrow for the trunk's own movement
SAMPLES = [(i / 8, 1 - i / 8) for i in range(9)]  # where along its curve (t, 1 - t) an arrow is tested
BESIDE = 12  # tries, 2 cm apart from 7 cm out: further than about 30 cm an arrow no longer shows its part
ABOVE_FLOOR = 0.04  # metres: the least room between an arrow and the floor line (its head reaches below its end)


def _turning_height(y0: float, y1: float, y2: float) -> float:
    """The height where a quadratic curve with these heights (start, control, end) turns, or its
    start's if it never does."""
    bend = y0 - 2 * y1 + y2
    t = (y0 - y1) / bend if bend else -1.0
    return (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t**2 * y2 if 0 < t < 1 else y0


def arrow(a, b, centre, body: list[list], floor: float | None = None, others: list[list] = ()) -> tuple:
    """A curved arrow beside a movement from a to b, held clear of the moving limb's outline (`body`:
    its polygons) all along, and of the rest of the body (`others`) where it can be (a sit to
    stand's arrow crossed the forearms): on the side away from the body's middle,
    unless the other side needs less room (behind a heel rather than over the foot), and above
    the floor line (`floor`, None seen from above): drawn under it, it points into the ground.
    (start, control point, end) of a quadratic curve, in metres."""
    length = math.dist(a, b)
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
        nx, ny = -nx, -ny
    bow = 0.3 * length

    def curve(sign: int, clear: float, ahead: float = 0.0) -> tuple:
        ox, oy = sign * nx, sign * ny
        ux, uy = ny * ahead, -nx * ahead  # along the movement (n is u turned a quarter), `ahead` metres
        if sign < 0:
            ux, uy = -ux, -uy
        start, bend, end = (
            (a[0] + ox * clear + ux, a[1] + oy * clear + uy),
            (mx + ox * (clear + bow) + ux, my + oy * (clear + bow) + uy),
            (b[0] + ox * clear + ux, b[1] + oy * clear + uy),
        )
        if floor is None:
            return start, bend, end
        # the curve's lowest point (its ends, or where it turns) at least ABOVE_FLOOR over the floor
        low = min(start[1], end[1], _turning_height(start[1], bend[1], end[1]))
        lift = max(0.0, floor + ABOVE_FLOOR - low)
        return tuple((x, y + lift) for x, y in (start, bend, end))

    def clear_of(drawn: tuple, shapes: list[tuple]) -> float | None:
        """How close the arrow comes to the limb, or None if any point along it is on one of the
        outlines (`shapes`: each with its bounding box)."""
        (x0, y0), (x1, y1), (x2, y2) = drawn
        along = [(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2)
                 for t, u in SAMPLES]
        for (left, bottom, right, top), shape in shapes:
            if any(left <= x <= right and bottom <= y <= top and within((x, y), shape) for x, y in along):
                return None
        return min((math.dist(q, p) for q in along[::4] for shape in body for p in shape), default=1.0)

    def room(sign: int, shapes: list[tuple]) -> tuple[float, float] | None:
        """How far out the arrow must go on this side to clear the outlines, and then how close it
        still comes to the limb's (more is better); None if it never clears them."""
        for step in range(BESIDE):
            gap = clear_of(curve(sign, 0.07 + 0.02 * step), shapes)
            if gap is not None:
                return 0.07 + 0.02 * step, gap
        return None

    boxed = {id(shape): (_box(shape), shape) for shape in body + list(others)}  # tested against for each try
    everything, limb = list(boxed.values()), [boxed[id(shape)] for shape in body]
    for shapes in (everything, limb):  # clear of the whole body if it can be, else of its limb
        away, other = room(1, shapes), room(-1, shapes)
        if away is None and other is None:
            continue
        if other is None or (away is not None and (away[0] < other[0] - 0.02 or (
                abs(away[0] - other[0]) <= 0.02 and away[1] >= other[1] - 0.02))):
            return curve(1, away[0])
        return curve(-1, other[0])
    for shapes in (everything, limb):  # hemmed in on both sides (a knee going forward between
        for step in range(28):  # the thigh and the floor): the arrow goes on ahead of the limb
            for sign in (1, -1):
                if clear_of(drawn := curve(sign, 0.0, 0.06 + 0.02 * step), shapes) is not None:
                    return drawn
    return curve(1, 0.07)


def _box(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def within(point, polygon) -> bool:
    """Is a point inside a polygon (even-odd crossings)?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def beyond_trunk(torso: list, a, b) -> tuple:
    """The trunk's own movement (the hips lifting in a side plank) from just outside the trunk's
    outline (`torso`: its points), on the side it moves to, at least TRUNK_ARROW long: drawn from
    the pelvis itself, it was a short stroke hidden inside the body."""
    length = math.dist(a, b)
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    reach = max((p[0] - a[0]) * ux + (p[1] - a[1]) * uy for p in torso)
    start = (a[0] + ux * (reach + 0.03), a[1] + uy * (reach + 0.03))
    size = max(length, TRUNK_ARROW)
    return start, (start[0] + ux * size, start[1] + uy * size)
