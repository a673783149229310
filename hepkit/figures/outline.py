"""The body's outline in the picture: each tube of cross-sections (skeleton.Tube) and the head's
ellipsoids seen by an orthographic camera, as closed polygons in picture metres (y up)."""

from __future__ import annotations

import math

from . import anatomy as A
from .skeleton import Skeleton, Station, Tube
from .vectors import Vec, add, apply, columns, dot, scale, sub
from .views import Camera

Point = tuple[float, float]


def _reaches(station: Station, direction: Vec) -> tuple[float, float]:
    """How far the cross-section reaches from its centre in a direction across the tube, and in
    the opposite one (the same root: a cross-section is symmetric but for its front and back depths)."""
    across, front = dot(station.across, direction), dot(station.front, direction)
    offset, depth = (station.depth_front - station.depth_back) / 2, (station.depth_front + station.depth_back) / 2
    root = math.sqrt((station.half_width * across) ** 2 + (depth * front) ** 2)
    return offset * front + root, root - offset * front


def tube_outline(tube: Tube, camera: Camera) -> list[Point]:
    centres = [camera.flat(s.centre) for s in tube.stations]
    length = sum(math.dist(a, b) for a, b in zip(centres, centres[1:], strict=False))
    widest = max(max(s.half_width, s.depth_front, s.depth_back) for s in tube.stations)
    if length < 0.3 * widest:  # pointing at the viewer: the widest cross-section
        station = max(tube.stations, key=lambda s: s.half_width + s.depth_front)
        return section_outline(station, camera)
    left, right, normals = [], [], []
    for i, c in enumerate(centres):
        a, b = centres[max(i - 1, 0)], centres[min(i + 1, len(centres) - 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        size = math.hypot(tx, ty)
        if size < 1e-9:  # a station on top of its neighbours: keep the previous direction
            tx, ty = (normals[-1][1], -normals[-1][0]) if normals else (1.0, 0.0)
            size = 1.0
        n = (-ty / size, tx / size)
        normals.append(n)
        out, back = _reaches(tube.stations[i], camera.lift(*n))
        left.append((c[0] + n[0] * out, c[1] + n[1] * out, out))
        right.append((c[0] - n[0] * back, c[1] - n[1] * back, back))
    return (
        [p[:2] for p in left]
        + _cap(centres[-1], normals[-1], left[-1][2], right[-1][2], tube.caps[1], 1)
        + [p[:2] for p in reversed(right)]
        + _cap(centres[0], normals[0], left[0][2], right[0][2], tube.caps[0], -1)
    )


def _cap(c: Point, n: Point, out: float, back: float, roundness: float, forward: int) -> list[Point]:
    """The rounded end of a tube: at the far end from its left side round to its right, at the
    near end (forward = -1) from the right round to the left."""
    t = (n[1] * forward, -n[0] * forward)  # along the tube, outwards at this end
    reach = roundness * min(out, back)
    points = []
    for step in range(1, 4):
        k, s = forward * math.cos(math.pi * step / 4), math.sin(math.pi * step / 4)
        across = k * (out if k > 0 else back)
        points.append((c[0] + n[0] * across + t[0] * reach * s, c[1] + n[1] * across + t[1] * reach * s))
    return points


def section_outline(station: Station, camera: Camera, steps: int = 16) -> list[Point]:
    c = camera.flat(station.centre)
    points = []
    for i in range(steps):
        a = 2 * math.pi * i / steps
        n = (math.cos(a), math.sin(a))
        r = _reaches(station, camera.lift(*n))[0]
        points.append((c[0] + n[0] * r, c[1] + n[1] * r))
    return points


def ellipsoid_outline(skeleton: Skeleton, shape, camera: Camera, steps: int = 20) -> list[Point]:
    """The outline of an ellipsoid of the head: the point that reaches furthest in each direction."""
    (cx, cy, cz), (ax, ay, az) = shape
    turn = skeleton.turns["head"]
    centre = skeleton.in_head((cx, cy, cz))
    points, axes = [], columns(turn)
    for i in range(steps):
        a = 2 * math.pi * i / steps
        direction = camera.lift(math.cos(a), math.sin(a))
        local = [dot(axis, direction) for axis in axes]  # into the head's frame
        stretched = (ax * ax * local[0], ay * ay * local[1], az * az * local[2])
        size = math.sqrt(max(1e-12, dot(stretched, tuple(local))))
        points.append(camera.flat(add(centre, apply(turn, scale(stretched, 1 / size)))))
    return points


def head_shapes(skeleton: Skeleton, camera: Camera) -> list[list[Point]]:
    """Skull, jaw and nose: drawn as one outline."""
    nose = [camera.flat(skeleton.in_head(p)) for p in A.NOSE]
    return [ellipsoid_outline(skeleton, A.CRANIUM, camera), ellipsoid_outline(skeleton, A.JAW, camera), nose]


def facing(skeleton: Skeleton, local_normal: Vec, camera: Camera) -> float:
    """How much a direction of the head (in its own frame) looks at the viewer: 1 straight at it."""
    return dot(apply(skeleton.turns["head"], local_normal), camera.toward)


def hair(skeleton: Skeleton, camera: Camera) -> list[Point]:
    """The part of the skull's outline that is hair (the back and the top), closed across."""
    outline = ellipsoid_outline(skeleton, A.CRANIUM, camera, steps=28)
    axes = columns(skeleton.turns["head"])
    origin = skeleton.points["skull"]
    middle = scale(camera.toward, camera.depth(skeleton.points["head"]))

    def is_hair(point: Point) -> bool:
        # the outline point back in the head's frame, at the head's middle depth
        world = add(camera.lift(*point), middle)
        rel = sub(world, origin)
        x, y = dot(axes[0], rel), dot(axes[1], rel)
        return y > 0.15 or (x < -0.035 and y > 0.06)

    behind = facing(skeleton, (-1.0, 0.0, 0.0), camera)
    if behind > 0.6:  # the back of the head: hair, but for the nape
        return outline
    flags = [is_hair(p) for p in outline]
    if all(flags):
        return outline
    if not any(flags):
        return []
    start = flags.index(False)
    order = outline[start:] + outline[:start]
    flags = flags[start:] + flags[:start]
    run = [p for p, f in zip(order, flags, strict=True) if f]
    return run if len(run) >= 3 else []
