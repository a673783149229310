"""Where the body is, in 3D: forward kinematics of a pose from the pelvis out, and the body's
surface as tubes of cross-sections (anatomy.GIRTHS) that the outline and the contacts both use.

World axes, in metres: x runs along the picture in the side view (the front of someone standing),
y is up, z runs from the patient's left to their right. Each body part has its own frame whose x
is its front, y runs from its lower end to its upper end and z to the patient's right, as in the
ISB joint convention; a joint angle turns a part's frame on its parent's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..content.model import Pose
from . import anatomy as A
from .bases import BASES
from .vectors import (
    Turn,
    Vec,
    about,
    about_x,
    about_y,
    about_z,
    add,
    along,
    apply,
    columns,
    cross,
    dot,
    scale,
    sub,
    then,
)

SIDES = (0, 1)  # 0 left, 1 right
LATERAL = {0: -1.0, 1: 1.0}  # which way is outwards along z for each side


@dataclass(slots=True)
class Station:
    """One cross-section of a tube: its centre, its across and front directions, and its sizes."""

    centre: Vec
    across: Vec
    front: Vec
    half_width: float
    depth_front: float
    depth_back: float
    points: list[Vec] | None = field(default=None, repr=False, compare=False)  # surface(), once worked out

    def reach(self) -> float:
        """How far the cross-section's edge reaches from its centre, at the most."""
        front, back = self.depth_front, self.depth_back
        return abs(front - back) / 2 + max(self.half_width, (front + back) / 2)

    def surface(self) -> list[Vec]:
        """Eight points round the cross-section (worked out once: the checks ask often)."""
        points = self.points
        if points is None:
            offset, depth = (self.depth_front - self.depth_back) / 2, (self.depth_front + self.depth_back) / 2
            (mx, my, mz), (ax, ay, az), (fx, fy, fz) = along(self.centre, self.front, offset), self.across, self.front
            w = self.half_width
            points = [
                (mx + ax * w * c + fx * depth * s, my + ay * w * c + fy * depth * s, mz + az * w * c + fz * depth * s)
                for c, s in _ROUND
            ]
            self.points = points
        return points


_ROUND = [(math.cos(2 * math.pi * i / 8), math.sin(2 * math.pi * i / 8)) for i in range(8)]


class Tube:
    """A body part's cross-sections, from `start` along its frame's -y (a limb), or as given (the
    torso). A limb's are worked out when first asked for: the solver builds a body thousands of
    times a figure and looks at only the few parts near the floor, a prop or a contact."""

    __slots__ = ("kind", "side", "caps", "start", "turn", "length", "_stations")

    def __init__(self, kind: str, side: int | None, stations: list[Station] | None = None,
                 caps: tuple[float, float] = (1.0, 1.0), start: Vec | None = None, turn: Turn | None = None,
                 length: float = 0.0):
        self.kind = kind  # thigh, shank, foot, upper_arm, forearm, hand, torso, neck
        self.side = side  # 0 left, 1 right, None for the torso and neck
        self.caps = caps  # how round each end is (0: cut square)
        self.start, self.turn, self.length = start, turn, length
        self._stations = stations

    @property
    def stations(self) -> list[Station]:
        if self._stations is None:
            front, up, across = columns(self.turn)
            start, length = self.start, self.length
            self._stations = [Station(along(start, up, -t * length), across, front, w, f, b)
                              for t, w, f, b in A.GIRTHS[self.kind]]
            if self.kind == "neck":  # hung from the skull, listed from the shoulders up
                self._stations.reverse()
        return self._stations

    def sphere(self) -> tuple[Vec, float]:
        """A sphere holding every cross-section's own sphere (its centre and its reach)."""
        if self._stations is None:  # a limb's cross-sections lie on its axis: worked out without them
            t_mid, reach = _REACH[self.kind]
            return along(self.start, columns(self.turn)[1], -t_mid * self.length), reach(self.length)
        first, last = self._stations[0].centre, self._stations[-1].centre
        middle = ((first[0] + last[0]) / 2, (first[1] + last[1]) / 2, (first[2] + last[2]) / 2)
        return middle, max(math.dist(middle, s.centre) + s.reach() for s in self._stations)

    def moved(self, shift: Vec) -> Tube:
        x, y, z = shift
        if self._stations is None:
            return Tube(self.kind, self.side, None, self.caps, (self.start[0] + x, self.start[1] + y,
                                                                self.start[2] + z), self.turn, self.length)
        stations = [Station((s.centre[0] + x, s.centre[1] + y, s.centre[2] + z), s.across, s.front, s.half_width,
                            s.depth_front, s.depth_back) for s in self._stations]
        return Tube(self.kind, self.side, stations, self.caps)


def _reach(girths) -> tuple[float, object]:
    t_mid = (girths[0][0] + girths[-1][0]) / 2
    return t_mid, lambda length: max(abs(t - t_mid) * length + abs(f - b) / 2 + max(w, (f + b) / 2)
                                     for t, w, f, b in girths)


_REACH = {kind: _reach(girths) for kind, girths in A.GIRTHS.items()}


@dataclass
class Skeleton:
    """One pose worked out: joint positions, the turn of each part and its tubes."""

    points: dict[str, Vec]
    turns: dict[str, Turn]
    tubes: list[Tube] = field(default_factory=list)
    known: dict = field(default_factory=dict, repr=False, compare=False)  # what the contacts worked out from it

    def moved(self, shift: Vec) -> Skeleton:
        """The skeleton shifted. Its contact parts' points are shifted with it; a cross-section's other
        surface points are worked out again only if something asks for them."""
        x, y, z = shift
        tubes = [t.moved(shift) for t in self.tubes]
        known = {key: [(words, [(p[0] + x, p[1] + y, p[2] + z) for p in points]) for words, points in groups]
                 for key, groups in self.known.items() if key[0] == "groups"}
        return Skeleton({k: (v[0] + x, v[1] + y, v[2] + z) for k, v in self.points.items()}, self.turns, tubes, known)

    def head_surface(self, steps: int = 10) -> list[Vec]:
        """Points on the skull and jaw (ellipsoids in the head's frame)."""
        found = []
        for (cx, cy, cz), (ax, ay, az) in (A.CRANIUM, A.JAW):
            for i in range(steps):
                for j in range(1, steps // 2):
                    u, v = 2 * math.pi * i / steps, math.pi * j / (steps // 2)
                    local = (
                        cx + ax * math.sin(v) * math.cos(u),
                        cy + ay * math.cos(v),
                        cz + az * math.sin(v) * math.sin(u),
                    )
                    found.append(self.in_head(local))
        return found

    def head_sphere(self) -> tuple[Vec, float]:
        """A sphere holding the skull and jaw: the centre of the skull's ellipsoid and a radius
        that reaches the far end of either ellipsoid."""
        (cx, cy, cz), _ = A.CRANIUM
        reach = max(
            math.dist((cx, cy, cz), centre) + max(axes) for centre, axes in (A.CRANIUM, A.JAW)
        )
        return self.in_head((cx, cy, cz)), reach

    def in_head(self, local: Vec) -> Vec:
        return add(self.points["skull"], apply(self.turns["head"], local))


def _tube(kind, side, start: Vec, turn: Turn, length: float, caps=(1.0, 1.0)) -> Tube:
    """A limb part hanging from `start` along its frame's -y, with its girths."""
    return Tube(kind, side, None, caps, start, turn, length)


def build(pose: Pose) -> Skeleton:
    """Forward kinematics from the pelvis at the origin."""
    angle = pose.angle
    pelvis = pelvis_turn(pose)
    chest = then(
        pelvis,
        then(
            about_z(-angle("lower_back", 0)), then(about_x(-angle("side_bend", 0)), about_y(angle("trunk_rotation", 0)))
        ),
    )
    head = then(chest, then(about_z(-angle("neck", 0)), about_y(angle("neck_rotation", 0))))
    origin = (0.0, 0.0, 0.0)
    lumbar = apply(pelvis, (0.0, A.LUMBAR, 0.0))
    neck = add(lumbar, apply(chest, (0.0, A.TRUNK - A.LUMBAR + 0.02, 0.0)))
    skull = along(neck, columns(head)[1], A.NECK)
    points = {
        "pelvis": origin,
        "lumbar": lumbar,
        "neck": neck,
        "skull": skull,
        "head": add(skull, apply(head, A.CRANIUM[0])),
    }
    turns = {"pelvis": pelvis, "chest": chest, "head": head}
    torso = [Station(apply(pelvis, (0.0, h, 0.0)), *_across_front(pelvis), w, f, b) for h, w, f, b in A.PELVIS_GIRTHS]
    torso += [
        Station(add(lumbar, apply(chest, (0.0, h, 0.0))), *_across_front(chest), w, f, b)
        for h, w, f, b in A.CHEST_GIRTHS
    ]
    tubes = [Tube("torso", None, torso, (0.7, 0.6)), _tube("neck", None, skull, head, A.NECK)]
    for side in SIDES:
        out = LATERAL[side]
        _leg(pose, side, pelvis, points, turns, tubes)
        shoulder = add(lumbar, apply(chest, (0.0, A.TRUNK - A.LUMBAR, out * A.SHOULDER_APART)))
        arm = then(
            chest,
            then(
                about_z(angle("shoulder", side)),
                then(
                    about_x(-out * angle("shoulder_abduction", side)), about_y(-out * angle("shoulder_rotation", side))
                ),
            ),
        )
        elbow = along(shoulder, columns(arm)[1], -A.UPPER_ARM)
        forearm = then(arm, about_z(angle("elbow", side)))
        wrist = along(elbow, columns(forearm)[1], -A.FOREARM)
        points.update({f"shoulder.{side}": shoulder, f"elbow.{side}": elbow, f"wrist.{side}": wrist})
        turns.update({f"upper_arm.{side}": arm, f"forearm.{side}": forearm})
        hand = _flat_hand(pose, side) or forearm
        points.update(
            {
                f"hand.{side}": along(wrist, columns(hand)[1], -0.45 * A.HAND),
                f"fingers.{side}": along(wrist, columns(hand)[1], -A.HAND),
            }
        )
        turns[f"hand.{side}"] = hand
        tubes += [
            _tube("upper_arm", side, shoulder, arm, A.UPPER_ARM),
            _tube("forearm", side, elbow, forearm, A.FOREARM),
            _tube("hand", side, wrist, hand, A.HAND, (1.0, 0.6)),
        ]
    return Skeleton(points, turns, tubes)


def _flat_hand(pose: Pose, side: int) -> Turn | None:
    """A hand that rests on something lies flat on it (the wrist bends and turns as it does in
    life): on the floor or a seat palm down, the fingers pointing the way the body faces (towards
    the head when on all fours, towards the feet when lying on the back); on a wall, palm to it,
    fingers up. The frame's x is then across the palm, its z through it."""
    for part, surface in pose.contacts:
        words = part.split()
        if (
            words[-1] not in ("hand", "hands", "forearm", "forearms")
            or (words[0] == "left" and side)
            or (words[0] == "right" and not side)
        ):
            continue
        front, up, _ = columns(BASES[pose.base].turn)
        if surface == "wall":
            fingers, through = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)
        else:
            ahead = (
                front
                if pose.base in ("standing", "sitting", "kneeling", "side")
                else scale(up, -1)
                if pose.base == "supine"
                else up
            )
            fingers, through = (ahead[0], 0.0, ahead[2]), (0.0, 1.0, 0.0)
        length = math.hypot(fingers[0], fingers[2]) or 1.0
        fingers = (fingers[0] / length, 0.0, fingers[2] / length)
        across = cross(through, fingers)
        # columns: x across the palm, y up the hand (towards the wrist), z through the palm
        return tuple(tuple(col[i] for col in (across, scale(fingers, -1), through)) for i in range(3))
    return None


def _across_front(turn: Turn) -> tuple[Vec, Vec]:
    front, _, across = columns(turn)
    return across, front


def _leg(pose: Pose, side: int, pelvis: Turn, points: dict, turns: dict, tubes: list) -> None:
    found_points, found_turns = leg(pose, side, pelvis)
    points.update(found_points)
    turns.update(found_turns)
    tubes += [
        _tube("thigh", side, found_points[f"hip.{side}"], found_turns[f"thigh.{side}"], A.THIGH),
        _tube("shank", side, found_points[f"knee.{side}"], found_turns[f"shank.{side}"], A.SHANK),
        _tube("foot", side, found_points[f"heel.{side}"], found_turns[f"foot.{side}"], A.FOOT, (0.8, 0.5)),
    ]


def pelvis_turn(pose: Pose) -> Turn:
    return then(about_z(BASES[pose.base].tilt * pose.angle("trunk", 0)), BASES[pose.base].turn)


def leg(pose: Pose, side: int, pelvis: Turn) -> tuple[dict[str, Vec], dict[str, Turn]]:
    """One leg's joints and the turns of its parts, without its surface (the solver asks for a
    shank's turn far more often than for a whole body)."""
    angle, out = pose.angle, LATERAL[side]
    hip = apply(pelvis, (0.0, 0.0, out * A.HIP_APART))
    thigh = then(
        pelvis,
        then(
            about_z(angle("hip", side)),
            then(about_x(-out * angle("hip_abduction", side)), about_y(-out * angle("hip_rotation", side))),
        ),
    )
    knee = along(hip, columns(thigh)[1], -A.THIGH)
    shank = then(thigh, about_z(-angle("knee", side)))
    ankle = along(knee, columns(shank)[1], -A.SHANK)
    opening = angle("hip_open", side)
    if opening:  # a clam: the leg turns about the line from the hip to the ankle, the knee outwards
        axis = sub(ankle, hip)
        outwards = apply(pelvis, (0.0, 0.0, out))
        for degrees in (opening, -opening):
            turn = about(axis, degrees)
            if _lifts(turn, sub(knee, hip), outwards):
                break
        knee = add(hip, apply(turn, sub(knee, hip)))
        thigh, shank = then(turn, thigh), then(turn, shank)
    foot = then(shank, about_z(90 - angle("ankle", side)))
    roll = _sole_level(foot, side) if rests_flat(pose, side) else -out * angle("ankle_inversion", side)
    if roll:
        foot = then(foot, about_y(roll))
    front, up, across = columns(foot)
    sole = along(ankle, front, -A.ANKLE_HEIGHT)
    heel = along(sole, up, A.HEEL)  # the foot's long axis runs down its frame's y: heel up, toes down
    toe = along(sole, up, A.HEEL - A.FOOT)
    points = {
        f"hip.{side}": hip,
        f"knee.{side}": knee,
        f"ankle.{side}": ankle,
        f"heel.{side}": heel,
        f"ball.{side}": along(heel, up, -0.73 * A.FOOT),
        f"toe.{side}": toe,
    }
    return points, {f"thigh.{side}": thigh, f"shank.{side}": shank, f"foot.{side}": foot}


def found_inversion(pose: Pose) -> dict[int, float]:
    """For each foot that rests flat, the `ankle_inversion` that lays its sole level (what leg()
    turns it by), to half a degree: told on the figures page and in the studio as a found angle."""
    pelvis, found = pelvis_turn(pose), {}
    for side in SIDES:
        if rests_flat(pose, side):
            shank = leg(pose, side, pelvis)[1][f"shank.{side}"]
            roll = _sole_level(then(shank, about_z(90 - pose.angle("ankle", side))), side)
            found[side] = round(-LATERAL[side] * roll * 2) / 2
    return found


def rests_flat(pose: Pose, side: int) -> bool:
    """Does the frame rest this foot's sole on a surface (not on a wall, not on its heel or toes;
    lying on the side, a foot rests on its edge)?"""
    if pose.base == "side":
        return False
    for part, surface in pose.contacts:
        words = part.split()
        if words[-1] in ("foot", "feet") and surface != "wall" and words[0] in ("feet", ("left", "right")[side]):
            return True
    return False


def _sole_level(foot: Turn, side: int) -> float:
    """The turn about the foot's long axis that lays its sole level from side to side, as far as
    the ankle turns in or out: legs apart, the soles face outwards and a wide stance stood on the
    inner edges of its feet; the ankle turns them in. 0 below a quarter of a degree, so a foot
    already level is built exactly as before."""
    (_, fy, _), _, (_, ay, _) = columns(foot)
    if fy <= 1e-6:  # the top of the foot faces down: nothing to lay level
        return 0.0
    roll = math.degrees(math.atan(-ay / fy))
    if abs(roll) < 0.25:
        return 0.0
    low, high = A.JOINTS["ankle_inversion"][0]
    return -LATERAL[side] * min(high, max(low, -LATERAL[side] * roll))  # inversion turns the sole to the middle


def _lifts(turn: Turn, limb: Vec, outwards: Vec) -> bool:
    return dot(apply(turn, limb), outwards) >= dot(limb, outwards)
