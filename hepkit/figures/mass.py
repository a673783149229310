"""Where a body's weight is: its centre of mass, from Winter's segment masses."""

from __future__ import annotations

from . import anatomy as A
from .skeleton import SIDES, Skeleton
from .vectors import Vec, add, scale, sub


def centre_of_mass(skeleton: Skeleton) -> Vec:
    """Winter's segment masses at their centres."""
    p = skeleton.points
    total, weighted = 0.0, (0.0, 0.0, 0.0)

    def mass(share: float, point: Vec):
        nonlocal total, weighted
        total += share
        weighted = add(weighted, scale(point, share))

    def between(a: Vec, b: Vec, t: float) -> Vec:
        return add(a, scale(sub(b, a), t))

    shoulders = between(p["shoulder.0"], p["shoulder.1"], 0.5)
    mass(A.MASSES["trunk"][0], between(p["pelvis"], shoulders, A.MASSES["trunk"][1]))
    mass(A.MASSES["head"][0], p["head"])
    for s in SIDES:
        for kind, a, b in (
            ("thigh", "hip", "knee"),
            ("shank", "knee", "ankle"),
            ("foot", "heel", "toe"),
            ("upper_arm", "shoulder", "elbow"),
            ("forearm", "elbow", "wrist"),
            ("hand", "wrist", "fingers"),
        ):
            share, at = A.MASSES[kind]
            mass(share, between(p[f"{a}.{s}"], p[f"{b}.{s}"], at))
    return scale(weighted, 1 / total)
