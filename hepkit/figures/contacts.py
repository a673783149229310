"""What touches what: the body's points that can rest on a surface, how far each contact is from
holding, and the frame set down so that its contacts hold (or its lowest point is on the floor)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from ..content.model import Pose
from . import anatomy as A
from .anatomy import JOINT_LIMITS
from .bases import BASES
from .props import SURFACES, Scene, arrange, board_height
from .skeleton import Skeleton, build, leg, pelvis_turn
from .vectors import Vec, apply, columns, dot

CONTACT_PARTS = (
    "head", "pelvis", "back", "upper back", "lower back", "hands", "forearms", "knees", "shins", "feet", "heels", "toes"
)
SINGULAR = {"hands": "hand", "forearms": "forearm", "knees": "knee", "shins": "shin", "feet": "foot", "heels": "heel",
            "toes": "toe"}
PLURAL = {v: k for k, v in SINGULAR.items()}
TOLERANCE = 0.015  # metres: a contact this close to its surface holds
# Each contact part as groups of (tube, stations) that must all touch: a flat foot touches with
# its heel and with its ball; a back on a wall with the buttocks and with the shoulder blades.
GROUPS = {
    "pelvis": [[("torso", (0, 1))]],  # the buttocks; face down, FACE_DOWN_PELVIS
    "back": [[("torso", (1, 2))], [("torso", (5, 6))]],
    "upper back": [[("torso", (5, 6))]],  # the shoulder blades alone: over a foam roller
    "lower back": [[("torso", (1, 2))]],
    "hands": [[("hand", (1, 2, 3))]],
    "forearms": [[("forearm", (0,))], [("forearm", (2,)), ("hand", (0,))]],
    "knees": [[("thigh", (4,)), ("shank", (0, 1))]],
    "shins": [[("shank", (2,))], [("shank", (4, 5))]],  # the whole shin down, as sitting back on the heels
    "feet": [[("foot", (0, 1))], [("foot", (4, 5, 6))]],
    "heels": [[("foot", (0, 1))]],
    "toes": [[("foot", (4, 5, 6))]],
}


# Face down the pelvis rests on its front and the belly above it, which reaches lower than the
# front of the hips: a press-up on the front of the hips alone put the belly 4 cm into the floor.
FACE_DOWN_PELVIS = [[("torso", (0, 1, 2, 3))]]


@dataclass(frozen=True)
class Contact:
    part: str  # as written: "left hand", "feet"
    surface: str

    @cached_property
    def sides(self) -> tuple[int, ...]:
        first = self.part.split()[0]
        return (0,) if first == "left" else (1,) if first == "right" else (0, 1)

    @cached_property
    def name(self) -> str:
        """The part's name: as written when it is one ("upper back"), else the plural of its last word."""
        if self.part in CONTACT_PARTS:
            return self.part
        return PLURAL.get(self.part.split()[-1], self.part.split()[-1])


def contacts_of(pose: Pose) -> list[Contact]:
    return _contacts(pose.contacts)


@lru_cache(maxsize=256)
def _contacts(contacts: tuple[tuple[str, str], ...]) -> list[Contact]:
    return [Contact(part, surface) for part, surface in contacts]


def part_groups(skeleton: Skeleton, contact: Contact) -> list[tuple[str, list[Vec]]]:
    """The body's surface points of a contact part, in groups that must each touch, with words for
    each group ("the left heel"). Kept with the skeleton: settling a frame asks for each several times."""
    known = skeleton.known.get(("groups", contact))
    if known is None:
        known = skeleton.known[("groups", contact)] = _part_groups(skeleton, contact)
    return known


def _part_groups(skeleton: Skeleton, contact: Contact) -> list[tuple[str, list[Vec]]]:
    if contact.name == "head":
        return [("the head", skeleton.head_surface())]
    found = []
    groups = GROUPS[contact.name]
    if contact.name == "pelvis" and columns(skeleton.turns["pelvis"])[0][1] < -0.5:  # its front faces the floor
        groups = FACE_DOWN_PELVIS
    for side in contact.sides if contact.name in SINGULAR else (None,):
        for group in groups:
            points = []
            for kind, stations in group:
                for tube in skeleton.tubes:
                    if tube.kind == kind and (side is None or tube.side == side):
                        for i in stations:
                            points += tube.stations[i].surface()
            found.append((_words(contact, side, group), points))
    return found


def _words(contact: Contact, side: int | None, group) -> str:
    if side is None:
        if group is FACE_DOWN_PELVIS[0]:
            return "the hips"
        return {"pelvis": "the buttocks", "back": "the lower back" if group[0][1][0] < 3 else "the upper back"}.get(
            contact.name, f"the {contact.name}"
        )
    side_word = "left" if side == 0 else "right"
    kind = group[0][0]
    name = SINGULAR[contact.name]
    if contact.name == "feet":
        name = "heel" if group[0][1][0] == 0 else "ball of the foot"
    elif contact.name == "forearms":
        name = "elbow" if kind == "forearm" and group[0][1] == (0,) else "wrist"
    elif contact.name == "shins":
        name = "shin" if group[0][1] == (2,) else "ankle"
    elif contact.name == "toes":  # "the left toes are", not "the left toe is"
        name = "toes"
    return f"the {side_word} {name}"


@dataclass
class Need:
    """One group of a contact: how far up (or towards a wall) the body must move for it to hold."""

    words: str
    surface: str
    gap: float  # metres the group must move along the surface's normal (positive: towards it)
    contact: str = ""  # the contact it is part of, as written ("right foot on floor")
    points: tuple | list = field(default=(), repr=False)  # the group's surface points

    @property
    def at(self) -> tuple[float, float]:
        """Where the group is, seen from above (x, z)."""
        n = len(self.points) or 1
        return sum(p[0] for p in self.points) / n, sum(p[2] for p in self.points) / n


def needs(skeleton: Skeleton, pose: Pose, scene: Scene) -> list[Need]:
    found = []
    for contact in contacts_of(pose):
        written = f"{contact.part} on {contact.surface}"
        for words, points in part_groups(skeleton, contact):
            if contact.surface == "wall":
                face, facing = scene.wall
                gap = (min(p[0] for p in points) - face) if facing > 0 else (face - max(p[0] for p in points))
                found.append(Need(words, "wall", -gap, written, points))
                continue
            if contact.surface == "slant board":  # the point nearest the sloping top, not the lowest one
                height = max(board_height(p[0], scene.board) - p[1] for p in points)
                found.append(Need(words, contact.surface, height, written, points))
                continue
            low = min(points, key=lambda p: p[1])
            found.append(Need(words, contact.surface, SURFACES[contact.surface][1] - low[1], written, points))
    return found


def wall_ahead(skeleton: Skeleton, pose: Pose) -> bool:
    """Is the wall in front of the body? Behind when the back, buttocks or head rest on it; else
    where the parts that touch it are (hands reaching forwards to it)."""
    parts = [c for c in contacts_of(pose) if c.surface == "wall"]
    if not parts or any(c.name in ("back", "upper back", "lower back", "pelvis", "head") for c in parts):
        return False
    xs = [p[0] for c in parts for _, points in part_groups(skeleton, c) for p in points]
    return sum(xs) / len(xs) > skeleton.points["pelvis"][0]


def touching(skeleton: Skeleton, pose: Pose) -> dict[str, list[Vec]]:
    """For each surface the frame's contacts name, the body's points on it."""
    found: dict[str, list[Vec]] = {}
    for contact in contacts_of(pose):
        for _, points in part_groups(skeleton, contact):
            if contact.surface == "wall":  # the point nearest the wall: ahead of the body or behind it
                ahead = wall_ahead(skeleton, pose)
                found.setdefault("wall", []).append(max(points, key=lambda p: p[0] * (1 if ahead else -1)))
            else:
                found.setdefault(contact.surface, []).append(min(points, key=lambda p: p[1]))
    return found


def settle(pose: Pose, props: tuple[str, ...]) -> tuple[Skeleton, Scene, list[Need]]:
    """_settle, remembered by the frame's geometry only: the checks, the solver and the drawing
    all ask for the same frames, and a translation's frames differ from the original's in words only."""
    return _settle(replace(pose, caption="", describe="") if pose.caption or pose.describe else pose, props)


@lru_cache(maxsize=1024)
def _settle(pose: Pose, props: tuple[str, ...]) -> tuple[Skeleton, Scene, list[Need]]:
    """The body set down and its props placed. With contacts, the body rises or sinks so that the
    contacts hold as well as they can (the needs say by how much each misses); without, its lowest
    point rests on the floor, the heels on a ball, the pelvis on a seat, the feet on a step."""
    skeleton = build(pose)
    if pose.contacts:
        scene = arrange(skeleton, props, touching(skeleton, pose), pose.contacts, wall_ahead(skeleton, pose))
        first = needs(skeleton, pose, scene)
        level = [n.gap for n in first if n.surface != "wall"]
        dy = (max(level) + min(level)) / 2 if level else -lowest(skeleton)
        skeleton = skeleton.moved((0.0, dy, 0.0))
        scene = arrange(skeleton, props, touching(skeleton, pose), pose.contacts, wall_ahead(skeleton, pose))
        return skeleton, scene, needs(skeleton, pose, scene)
    dy = -lowest(skeleton)
    p = skeleton.points
    if "ball" in props:
        dy = max(2 * 0.30 - min(p["heel.0"][1], p["heel.1"][1]) + 0.02, dy)
    if "bench" in props or "chair" in props:
        seat = SURFACES["bench" if "bench" in props else "chair"][1]
        dy = max(seat + 0.09 - p["pelvis"][1], dy)
        if "bench" in props:  # lying on it, the chest is lower than the pelvis: the trunk rests on its top
            trunk = next(t for t in skeleton.tubes if t.kind == "torso")
            dy = max(seat - min(q[1] for s in trunk.stations for q in s.surface()), dy)
    if "step" in props:
        dy = max(SURFACES["step"][1] - min(p["heel.0"][1], p["toe.0"][1]) + 0.01, dy)
    skeleton = skeleton.moved((0.0, dy, 0.0))
    return skeleton, arrange(skeleton, props, {}), []


def lowest(skeleton: Skeleton) -> float:
    """The height of the body's lowest point: of each cross-section's ellipse and each of the
    head's ellipsoids, worked out exactly rather than from sampled points."""
    low = math.inf
    for tube in skeleton.tubes:
        for s in tube.stations:
            offset, depth = (s.depth_front - s.depth_back) / 2, (s.depth_front + s.depth_back) / 2
            centre = s.centre[1] + s.front[1] * offset
            low = min(low, centre - math.hypot(s.half_width * s.across[1], depth * s.front[1]))
    turn = skeleton.turns["head"]
    for centre, axes in (A.CRANIUM, A.JAW):
        middle = skeleton.in_head(centre)[1]
        low = min(low, middle - math.sqrt(sum((turn[1][j] * axes[j]) ** 2 for j in range(3))))
    return low


def surface_points(skeleton: Skeleton) -> list[Vec]:
    return [p for tube in skeleton.tubes for s in tube.stations for p in s.surface()] + skeleton.head_surface()


def spread(found: list[Need]) -> float:
    level = [n.gap for n in found if n.surface != "wall"]
    walls = [n.gap for n in found if n.surface == "wall"]
    return sum(max(g) - min(g) for g in (level, walls) if g)


def flat_feet(pose: Pose, ankles: list[int], slope: float) -> Pose:
    """Each of these ankles set so that its foot lies flat, toes ahead (on a slant board: toes down
    the slope), or as near to it as the ankle goes. The toes point along shank·(cos a, -sin a, 0)
    for an ankle angle a, so the angle comes from one arccosine."""
    pelvis = pelvis_turn(pose)
    ahead = columns(BASES[pose.base].turn)[0]
    low, high = JOINT_LIMITS["ankle"]
    for side in ankles:
        shank = leg(pose, side, pelvis)[1][f"shank.{side}"]

        def toes(a: float, shank=shank) -> Vec:
            r = math.radians(a)
            return apply(shank, (math.cos(r), -math.sin(r), 0.0))

        def miss(a: float, toes=toes) -> float:
            t = toes(a)
            # toes that point back are wrong; lying on the back, "ahead" is the ceiling and flat toes are
            # square to it: a rounding error's sign must not count them as pointing back
            return abs(math.degrees(math.asin(max(-1.0, min(1.0, t[1])))) + slope) + (90 if dot(t, ahead) < -0.2 else 0)

        s10, s11 = shank[1][0], shank[1][1]  # toes' height: s10 cos a - s11 sin a = R cos(a + phi)
        size, phi = math.hypot(s10, s11), math.degrees(math.atan2(s11, s10))
        wanted = -math.sin(math.radians(slope))
        candidates = [low, high]
        if size > 1e-9 and abs(wanted / size) <= 1:
            turn = math.degrees(math.acos(wanted / size))
            candidates += [((x - phi + 180) % 360) - 180 for x in (turn, -turn)]
        inside = [min(high, max(low, a)) for a in candidates]
        best = min(inside, key=lambda a: (round(miss(a), 6), abs(a)))
        pose = _with_ankle(pose, side, round(best * 2) / 2)
    return pose


def _with_ankle(pose: Pose, side: int, value: float) -> Pose:
    angles = dict(pose.angles)
    pair = list(angles.get("ankle", (0.0, 0.0)))
    pair[side] = float(value)
    angles["ankle"] = tuple(pair)
    return replace(pose, angles=tuple(sorted(angles.items())))
