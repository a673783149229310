"""The things an exercise uses, one table: what each prop is called, what surfaces it offers for a
contact and how high, and where it stands, worked out from the body (a step under the feet that
stand on it, a chair seat under the pelvis, a wall where the back or the hands touch it)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .skeleton import Skeleton
from .vectors import Vec

BALL_R = 0.30  # a 60 cm gym ball
ROLLER_R, TOWEL_R = 0.075, 0.05  # a 15 cm foam roller; a rolled towel
ROLLER_HALF, TOWEL_HALF = 0.45, 0.12  # half their lengths: a 90 cm roller across the body, a towel under one knee
BOARD_SLOPE, BOARD_LENGTH = 25.0, 0.5  # a decline board: 25°, heels high, toes low


@dataclass(frozen=True)
class Prop:
    name: str
    words: str  # as the patient reads it
    surfaces: tuple[tuple[str, float | None], ...] = ()  # contact surfaces and their heights (None: not level)
    held: bool = False  # carried by the body (a weight), not standing on the floor


PROPS = {
    p.name: p
    for p in (
        Prop("mat", "a mat"),
        Prop("ball", "an exercise ball", (("ball", 2 * BALL_R),)),
        Prop("bench", "a bench", (("bench", 0.45),)),
        Prop("step", "a step", (("step", 0.18), ("step edge", 0.18))),
        Prop("chair", "a chair", (("chair", 0.42), ("chair back", 0.87))),
        Prop("slant board", "a slant board", (("slant board", None),)),
        Prop("foam roller", "a foam roller", (("foam roller", 2 * ROLLER_R),)),
        Prop("towel", "a rolled towel", (("towel", 2 * TOWEL_R),)),
        Prop("wall", "a wall", (("wall", None),)),
        Prop("door", "a door"),
        Prop("band", "an exercise band", held=True),
        Prop("strap", "a strap", held=True),
        Prop("weight", "a dumbbell", held=True),
        Prop("dumbbell", "a dumbbell", held=True),
        Prop("ankle weight", "an ankle weight", held=True),
    )
}
SURFACES = {"floor": ("floor", 0.0)} | {
    surface: (p.name, height) for p in PROPS.values() for surface, height in p.surfaces
}
CHAIR_BACK, CHAIR_FRONT = 0.26, 0.20  # how far the seat reaches behind and before the hip joints


@dataclass(frozen=True)
class Box:
    """A prop's block: x from `back` to `front`, y from `bottom` to `top`, z from `near` to `far`."""

    back: float
    front: float
    bottom: float
    top: float
    near: float = -0.25
    far: float = 0.25



def _held_chair(hands: list[Vec]) -> tuple[Box, Box]:
    """A chair (its seat, its backrest) whose backrest's top is under the hands that hold it. Held
    with both hands it stands in front of the body, facing away; with one, beside the body on that
    hand's side, its back to the body, so that a leg lifted forwards passes it and does not look as
    if it stood on its seat."""
    x = sum(v[0] for v in hands) / len(hands)
    zs = [v[2] for v in hands]
    z = sum(zs) / len(zs)
    if max(zs) - min(zs) > 0.2:
        back = x - 0.015  # the backrest is 3 cm thick
        seat = Box(back, back + CHAIR_BACK + CHAIR_FRONT, 0.38, 0.42, z - 0.23, z + 0.23)
        return seat, Box(back, back + 0.03, 0.42, 0.87, seat.near, seat.far)
    half = (CHAIR_BACK + CHAIR_FRONT) / 2
    inner, outer = (z - 0.015, z - 0.015 + 0.46) if z >= 0 else (z + 0.015 - 0.46, z + 0.015)
    seat = Box(x - half, x + half, 0.38, 0.42, inner, outer)
    rest = (inner, inner + 0.03) if z >= 0 else (outer - 0.03, outer)
    return seat, Box(seat.back, seat.front, 0.42, 0.87, *rest)


@dataclass
class Scene:
    """Where the props stand for one frame."""

    boxes: dict[str, Box]
    ball: Vec | None = None  # centre
    roller: Vec | None = None  # centre of the round end nearest the viewer's left
    towel: Vec | None = None
    board: tuple[float, float] | None = None  # x of the high back edge, x of the low front edge
    wall: tuple[float, int] | None = None  # x of its face, and which way the body is from it (+1: in front)

    def moved(self, dx: float, dz: float) -> Scene:
        """The same props, shifted along the floor (with the body they were placed from)."""

        def point(v: Vec | None) -> Vec | None:
            return None if v is None else (v[0] + dx, v[1], v[2] + dz)

        return Scene(
            {name: replace(b, back=b.back + dx, front=b.front + dx, near=b.near + dz, far=b.far + dz)
             for name, b in self.boxes.items()},
            point(self.ball),
            point(self.roller),
            point(self.towel),
            None if self.board is None else (self.board[0] + dx, self.board[1] + dx),
            None if self.wall is None else (self.wall[0] + dx, self.wall[1]),
        )


POST = 0.05  # metres: the side of a bench's square post


def solid_parts(name: str, box: Box) -> list[Box]:
    """What of a prop's box is solid: a bench is a padded top on four posts, one at each corner (a
    leg can hang under it, as the lower one does in a Copenhagen plank, and seen end-on it still
    reads as a bench: panel legs at its ends drew a pedestal); the others are solid all through."""
    if name != "bench":
        return [box]
    top = Box(box.back, box.front, box.top - 0.06, box.top, box.near, box.far)
    posts = [Box(x, x + POST, 0.0, box.top - 0.06, z, z + POST)
             for x in (box.back + 0.02, box.front - 0.02 - POST) for z in (box.near + 0.02, box.far - 0.02 - POST)]
    return [*posts, top]


def cylinders(scene: Scene) -> list[tuple[str, Vec, float, float]]:
    """The props that lie across the body as cylinders along z: (prop, centre, radius, half length)."""
    found = []
    if scene.roller:
        found.append(("foam roller", scene.roller, ROLLER_R, ROLLER_HALF))
    if scene.towel:
        found.append(("towel", scene.towel, TOWEL_R, TOWEL_HALF))
    return found


def board_height(x: float, board: tuple[float, float]) -> float:
    """The top of the slant board at x: high at the back, at the floor at the front."""
    back, front = board
    return max(0.0, min(front - back, front - x)) * math.tan(math.radians(BOARD_SLOPE)) + 0.01


TRUNK_PARTS = ("head", "pelvis", "back")  # the last word of a contact part that is the trunk ("upper back")


def _across(on_it: list[Vec], back: float, front: float) -> Box:
    """A bench standing across the body under the points on it, `back` and `front` beyond them
    along the body (a bench is a metre long)."""
    xs, zs = [v[0] for v in on_it], [v[2] for v in on_it]
    return Box(min(xs) - back, max(xs) + front, 0.0, 0.45, min(zs) - 0.5, max(zs) + 0.5)


def arrange(
    skeleton: Skeleton, props: tuple[str, ...], touching: dict[str, list[Vec]], contacts=(), wall_ahead: bool = False
) -> Scene:
    """Props placed from the body: `touching` holds, for each surface a contact names, the body's
    points on it (the frame's lowest points when it names none); `contacts` the frame's own, and
    `wall_ahead` whether the parts on a wall reach forwards to it."""
    p = skeleton.points
    scene = Scene({})
    xs = [v[0] for v in p.values()]

    def under(surface: str, fallback: list[str]) -> list[Vec]:
        return touching.get(surface) or [p[n] for n in fallback]

    limbs_only = touching.get("bench") and not any(
        surface == "bench" and part.split()[-1] in TRUNK_PARTS for part, surface in contacts)
    if "bench" in props and limbs_only:  # no trunk on it (a Copenhagen plank's knee, a bridge's feet): it
        # stands across under them, a leg under it passing between its legs
        scene.boxes["bench"] = _across(touching["bench"], 0.15, 0.15)
    elif "bench" in props and {part for part, surface in contacts if surface == "bench"} == {"upper back"}:
        # only the shoulder blades on it (a hip thrust): it stands across under them, running off
        # towards the head, the hips free to sink in front of it
        head_first = p["head"][0] < p["pelvis"][0]
        scene.boxes["bench"] = _across(touching["bench"], 0.35 if head_first else 0.03, 0.03 if head_first else 0.35)
    elif "bench" in props:  # under the trunk; lying on it, also under the head and legs that lie level on it
        ends = sorted((p["pelvis"][0], p["neck"][0]))
        back, front = ends[0] - 0.12, ends[1] + 0.12
        if abs(p["neck"][0] - p["pelvis"][0]) > abs(p["neck"][1] - p["pelvis"][1]):

            def level(*names: str) -> bool:
                return all(abs(p[name][1] - p["pelvis"][1]) < 0.1 for name in names)

            # a leg lies on it when its knee and toes are level with the hips (not hanging off its end)
            on_it = [p[n][0] for n in ("head", "toe.0", "toe.1") if level(n, n.replace("toe", "knee"))]
            back, front = min([back, *on_it]) - 0.03, max([front, *on_it]) + 0.03
        scene.boxes["bench"] = Box(back, front, 0.0, 0.45, -0.22, 0.22)
    held = touching.get("chair back")
    if "chair" in props and held and not touching.get("chair"):
        scene.boxes["chair"], scene.boxes["chair back"] = _held_chair(held)
    elif "chair" in props:
        x = under("chair", ["pelvis"])[0][0] if touching.get("chair") else p["pelvis"][0]
        if not touching.get("chair") and p["pelvis"][1] > 0.8:  # standing up from it: the chair stays behind the legs
            legs = [v[0] for name, v in p.items() if name.split(".")[0] in ("knee", "ankle", "heel")]
            x = min(legs) - 0.05 - CHAIR_FRONT
        scene.boxes["chair"] = Box(x - CHAIR_BACK, x + CHAIR_FRONT, 0.38, 0.42, -0.23, 0.23)
    if "step" in props:
        feet = under("step", ["heel.0", "toe.0"]) + touching.get("step edge", [])
        fx, fz = [v[0] for v in feet], [v[2] for v in feet]
        back, front = min(fx) - 0.06, max(fx) + 0.04
        if touching.get("step edge"):  # the balls of the feet on the back edge, the heels hanging off it
            back, front = min(v[0] for v in touching["step edge"]) - 0.02, max(fx) + 0.25
        scene.boxes["step"] = Box(back, front, 0.0, 0.18, min(fz) - 0.2, max(fz) + 0.2)  # a step 40 cm wide
    if "slant board" in props:  # centred under the ankles of the feet on it (joints move smoothly; contact points jump)
        on_it = [c for c in contacts if c[1] == "slant board"] if contacts else []
        sides = (
            {0 if part.startswith("left") else 1 for part, _ in on_it if not part.startswith(("feet", "foot"))}
            or {0, 1}
            if on_it
            else {0}
        )
        middle = sum(p[f"ankle.{s}"][0] for s in sides) / len(sides) + 0.03
        scene.board = (middle - BOARD_LENGTH / 2, middle + BOARD_LENGTH / 2)
    if "ball" in props:
        heels = under("ball", ["heel.0", "heel.1"])
        scene.ball = (sum(v[0] for v in heels) / len(heels), BALL_R, 0.0)
    if "foam roller" in props:
        lying = under("foam roller", ["pelvis"])
        scene.roller = (sum(v[0] for v in lying) / len(lying), ROLLER_R, sum(v[2] for v in lying) / len(lying))
    if "towel" in props:  # under what rests on it: one knee, or both
        lying = under("towel", ["knee.0"])
        scene.towel = (sum(v[0] for v in lying) / len(lying), TOWEL_R, sum(v[2] for v in lying) / len(lying))
    if "wall" in props:
        parts = touching.get("wall")
        if parts:
            front = wall_ahead
            face = max(v[0] for v in parts) if front else min(v[0] for v in parts)
            scene.wall = (face, -1 if front else 1)
        else:
            scene.wall = (min(xs) - 0.2, 1)
        face, facing = scene.wall
        scene.boxes["wall"] = Box(
            face if facing < 0 else face - 0.08, face + 0.08 if facing < 0 else face, 0.0, 2.1, -0.6, 0.6
        )
    if "door" in props:  # ahead of the body, where a band is tied
        x = max(xs) + 0.45
        scene.boxes["door"] = Box(x, x + 0.05, 0.0, 2.0, -0.45, 0.45)
    return scene
