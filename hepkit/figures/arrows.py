"""Where a still frame's movement arrow goes: beside the moving part, clear of the limb it
follows (or, for the trunk's own movement, beyond the trunk's outline)."""

from __future__ import annotations

import math

TRUNK_ARROW = 0.2  # metres: the shortest arrow for the trunk's own movement


def arrow(a, b, centre, body: list[list]) -> tuple:
    """A curved arrow beside a movement from a to b, held clear of the moving limb's outline (`body`:
    its polygons) where it starts, bends and ends: on the side away from the body's middle,
    unless the other side needs less room (behind a heel rather than over the foot). (start,
    control point, end) of a quadratic curve, in metres."""
    length = math.dist(a, b)
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
        nx, ny = -nx, -ny
    bow = 0.3 * length

    def curve(sign: int, clear: float) -> tuple:
        ox, oy = sign * nx, sign * ny
        return (
            (a[0] + ox * clear, a[1] + oy * clear),
            (mx + ox * (clear + bow), my + oy * (clear + bow)),
            (b[0] + ox * clear, b[1] + oy * clear),
        )

    def room(sign: int) -> tuple[float, float]:
        """How far out the arrow must go on this side to clear the limb, and then how close it
        still comes to the outline (more is better)."""
        for step in range(28):
            start, bend, end = curve(sign, 0.07 + 0.02 * step)
            middle = ((start[0] + 2 * bend[0] + end[0]) / 4, (start[1] + 2 * bend[1] + end[1]) / 4)
            if not any(within(point, shape) for point in (start, middle, end) for shape in body):
                gap = min((math.dist(q, p) for q in (start, middle, end) for shape in body for p in shape), default=1.0)
                return 0.07 + 0.02 * step, gap
        return 0.07, 0.0

    (away, away_gap), (other, other_gap) = room(1), room(-1)
    if away < other - 0.02 or (abs(away - other) <= 0.02 and away_gap >= other_gap - 0.02):
        return curve(1, away)
    return curve(-1, other)


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
