"""Does an upright frame stand? Its centre of mass (Winter's segment masses) over its base of
support (what its contacts, or its lowest points, rest on), unless a wall or a strap carries it;
and if not, which way it would fall and what to change."""

from __future__ import annotations

import math

from ..content.model import Pose
from .bases import BASES
from .checks import advice
from .contacts import contacts_of, part_groups, settle, surface_points
from .mass import centre_of_mass
from .props import Scene
from .skeleton import Skeleton
from .vectors import hull

BALANCE = 0.02  # metres the centre of mass may be beyond the edge of the base of support


def carried(pose: Pose, props: tuple[str, ...]) -> bool:
    """Held up by something besides the feet: a wall it leans on, or a strap it sits back into."""
    return any(s == "wall" for _, s in pose.contacts) or "strap" in props


def balance_problem(pose: Pose, props: tuple[str, ...]) -> tuple[str, str]:
    """("", "") or which way an upright frame would fall and how far its centre of mass is off its base."""
    if not BASES[pose.base].upright or carried(pose, props):
        return "", ""
    off = _off_base(pose, props)
    if off is None or off[0] <= BALANCE:
        return "", ""
    distance, direction = off
    fix = advice(
        pose,
        lambda candidate: (_off_base(candidate, props) or (0.0, ""))[0],
        [("trunk", 0), ("side_bend", 0)] + [(j, s) for s in (0, 1) for j in ("hip", "knee", "ankle", "hip_abduction")],
    )
    if pose.base == "kneeling" and direction == "forwards":  # a Nordic curl is held by its ankles
        fix = (fix + ", or " if fix else "") + "hold the ankles down with a strap (`props: [strap]`, " \
            "`band: [ankles, behind]`)"
    return (
        f"it would fall {direction}: its centre of mass is {max(1, round(100 * distance))} cm beyond what it "
        f"{'sits' if pose.base == 'sitting' else 'stands'} on"
    ), fix or "lean the body over what it stands on"


def off_balance(pose: Pose, props: tuple[str, ...]) -> float:
    """Metres an upright frame's centre of mass is beyond its base (0 for lying, or held by a wall)."""
    if not BASES[pose.base].upright or carried(pose, props):
        return 0.0
    off = _off_base(pose, props)
    return off[0] if off else 0.0


def _off_base(pose: Pose, props: tuple[str, ...]):
    skeleton, scene, _ = settle(pose, props)
    support = _support(skeleton, pose, scene)
    if len(support) < 1:
        return None
    com = centre_of_mass(skeleton)
    point = (com[0], com[2])
    distance, nearest = _outside(point, hull(support))
    if distance <= 0:
        return (0.0, "")
    dx, dz = point[0] - nearest[0], point[1] - nearest[1]
    if abs(dx) >= abs(dz):
        direction = "forwards" if dx > 0 else "backwards"
    else:
        direction = "to the right" if dz > 0 else "to the left"
    return distance, direction


def _support(skeleton: Skeleton, pose: Pose, scene: Scene) -> list[tuple[float, float]]:
    """Where the body rests, seen from above: the points of its contacts, or the points that are on
    the floor or on top of a prop."""
    if pose.contacts:
        points = []
        for c in contacts_of(pose):
            for _, group in part_groups(skeleton, c):
                low = min(q[1] for q in group) + 0.01
                points += [p for p in group if p[1] <= low]
    else:  # within 1.5 cm of the lowest sampled point (the exact lowest lies between the samples)
        everything = surface_points(skeleton)
        floor = max(0.0, min(p[1] for p in everything)) + 0.015
        points = [
            p
            for p in everything
            if p[1] <= floor
            or any(
                box.back <= p[0] <= box.front and box.near <= p[2] <= box.far and abs(p[1] - box.top) <= 0.015
                for box in scene.boxes.values()
            )
        ]
    return [(p[0], p[2]) for p in points]


def _outside(point, hull) -> tuple[float, tuple[float, float]]:
    """How far a point is outside a convex polygon (0 inside), and the nearest point of it."""
    if len(hull) >= 3 and all(
        ((b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0])) >= 0
        for a, b in zip(hull, hull[1:] + hull[:1], strict=True)
    ):
        return 0.0, point
    best = (math.inf, point)
    edges = list(zip(hull, hull[1:] + hull[:1], strict=True)) if len(hull) > 1 else [(hull[0], hull[0])]
    for a, b in edges:
        ex, ez = b[0] - a[0], b[1] - a[1]
        length = ex * ex + ez * ez
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((point[0] - a[0]) * ex + (point[1] - a[1]) * ez) / length))
        near = (a[0] + t * ex, a[1] + t * ez)
        d = math.dist(point, near)
        if d < best[0]:
            best = (d, near)
    return best
