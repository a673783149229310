"""Where each frame of a figure stands on the floor: every frame is set down on its own (its
pelvis above the same spot), so the later ones are shifted to keep what stays put in its place."""

from __future__ import annotations

from dataclasses import replace

from ..content.model import Pose
from .props import SURFACES
from .skeleton import Skeleton

PLANTED = ("heel.0", "heel.1", "toe.0", "toe.1", "head", "pelvis", "knee.0", "knee.1", "hand.0", "hand.1")
FEET_ON = ("floor", "step", "step edge", "slant board")
STANDING_PROPS = ("wall", "door", "chair", "step", "bench")  # what stands in the room and stays put


def planted(poses: list[Pose], settled: list) -> list:
    """Every frame shifted along the floor so that what stays put stays put: each frame is set down
    on its own (its pelvis above the same spot), so in a squat the feet slid forwards under a still
    pelvis, and the moving figure skated. What stays: a wall both frames lean on; else a foot both
    stand on; else the first of PLANTED that rests on the floor in both frames (a heel, the head)."""
    first_skeleton, first_scene, _ = settled[0]
    placed = [settled[0]]
    for pose, (skeleton, scene, needs) in zip(poses[1:], settled[1:], strict=True):
        anchor = _anchor(poses[0], first_skeleton, first_scene, pose, skeleton, scene)
        if anchor is None:
            placed.append((skeleton, scene, needs))
            continue
        dx, dz = anchor
        placed.append((skeleton.moved((dx, 0.0, dz)), scene.moved(dx, dz), needs))
    return placed


def _anchor(first: Pose, a: Skeleton, a_scene, pose: Pose, b: Skeleton, b_scene) -> tuple[float, float] | None:
    walls = {part for part, surface in first.contacts if surface == "wall"} & {
        part for part, surface in pose.contacts if surface == "wall"
    }
    if walls and a_scene.wall and b_scene.wall:
        return a_scene.wall[0] - b_scene.wall[0], 0.0
    for side, name in ((0, "left"), (1, "right")):
        stands = [{p for p, s in f.contacts if s in FEET_ON and p.split()[-1] in ("foot", "feet", "heel", "heels",
                                                                                  "toe", "toes")
                   and p.split()[0] in (name, p.split()[-1])} for f in (first, pose)]
        if stands[0] and stands[1]:
            point = f"heel.{side}" if any("toe" not in p for p in stands[0] | stands[1]) else f"toe.{side}"
            return a.points[point][0] - b.points[point][0], a.points[point][2] - b.points[point][2]
    low_a, low_b = min(v[1] for v in a.points.values()), min(v[1] for v in b.points.values())
    for point in PLANTED:
        if a.points[point][1] < low_a + 0.05 and b.points[point][1] < low_b + 0.05:
            return a.points[point][0] - b.points[point][0], a.points[point][2] - b.points[point][2]
    return None


def steady(poses: list[Pose], placed: list) -> list:
    """The frames with the props that stand in the room kept where they stand: a frame that does not
    touch a wall, a door, a chair, a step or a bench has it where the first frame that touches it
    has it (else where the first frame has it). Each frame places its props from its own body: the
    door ahead of the hands came nearer as a band was pulled back, and the chair someone had stood
    up from slid 6 cm behind their legs."""
    touched = [{SURFACES[surface][0] for _, surface in pose.contacts} for pose in poses]
    steadied = list(placed)
    for name in STANDING_PROPS:
        having = [i for i, (_, scene, _) in enumerate(placed) if name in scene.boxes]
        if not having:
            continue
        source = placed[next((i for i in having if name in touched[i]), having[0])][1]
        for i in having:
            if name not in touched[i]:
                skeleton, scene, needs = steadied[i]
                wall = source.wall if name == "wall" else scene.wall
                kept = {key: box for key, box in source.boxes.items() if key.split()[0] == name}  # a chair's back too
                steadied[i] = (skeleton, replace(scene, boxes={**scene.boxes, **kept}, wall=wall), needs)
    return steadied
