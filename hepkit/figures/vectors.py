"""Three-number vectors and 3×3 turns, as plain tuples: all the figures need, no library."""

from __future__ import annotations

import math

Vec = tuple[float, float, float]
Turn = tuple[Vec, Vec, Vec]  # rows of a rotation matrix

IDENTITY: Turn = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def along(point: Vec, direction: Vec, length: float) -> Vec:
    return (point[0] + direction[0] * length, point[1] + direction[1] * length, point[2] + direction[2] * length)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vec) -> Vec:
    length = norm(a) or 1e-12
    return scale(a, 1 / length)


def apply(turn: Turn, v: Vec) -> Vec:
    (a, b, c), (d, e, f), (g, h, i) = turn
    x, y, z = v
    return (a * x + b * y + c * z, d * x + e * y + f * z, g * x + h * y + i * z)


def then(outer: Turn, inner: Turn) -> Turn:
    """outer · inner: turn by inner first (in the outer's frame), then by outer. Written out: the
    skeleton is built thousands of times a figure while the solver searches."""
    (a, b, c), (d, e, f), (g, h, i) = outer
    (p, q, r), (s, t, u), (v, w, x) = inner
    return (
        (a * p + b * s + c * v, a * q + b * t + c * w, a * r + b * u + c * x),
        (d * p + e * s + f * v, d * q + e * t + f * w, d * r + e * u + f * x),
        (g * p + h * s + i * v, g * q + h * t + i * w, g * r + h * u + i * x),
    )


def about_x(degrees: float) -> Turn:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def about_y(degrees: float) -> Turn:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def about_z(degrees: float) -> Turn:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def about(axis: Vec, degrees: float) -> Turn:
    """A turn about any axis through the origin (Rodrigues)."""
    x, y, z = unit(axis)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    t = 1 - c
    return (
        (t * x * x + c, t * x * y - s * z, t * x * z + s * y),
        (t * x * y + s * z, t * y * y + c, t * y * z - s * x),
        (t * x * z - s * y, t * y * z + s * x, t * z * z + c),
    )


def columns(turn: Turn) -> tuple[Vec, Vec, Vec]:
    """The turned x, y and z axes."""
    (a, b, c), (d, e, f), (g, h, i) = turn
    return ((a, d, g), (b, e, h), (c, f, i))


def hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of points in a plane, anticlockwise (Andrew's monotone chain)."""
    points = sorted(set((round(x, 4), round(y, 4)) for x, y in points))
    if len(points) < 3:
        return points

    def turn(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
