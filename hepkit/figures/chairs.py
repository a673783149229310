"""A chair held by its back stays where it stands from frame to frame. Each frame is solved on its
own and its chair is placed under its hands, so in a squat holding a chair the chair moved 40 cm
away from the feet as the body leaned. The frames that hold it from the same foot and leave their
arms to hepkit reach for one place instead: halfway between the places they would hold it, and
clear of the knees of a frame that bends them. A frame reaches with its shoulders and elbows; one
that cannot so, its trunk left to hepkit, leans from the ankles with straight arms (standing tall,
straight arms hold a chair back 87 cm high only a hand's width in front of the thighs)."""

from __future__ import annotations

from ..content.model import Pose
from .anatomy import JOINT_LIMITS
from .balance import balance_problem
from .checks import contact_problem, inside_problem, with_angle
from .contacts import contacts_of, flat_feet, settle
from .solver import newton

KEPT = 0.01  # metres: hands this near the shared place are left as they are
KNEE_ROOM = 0.12  # metres from the knee joint to the middle of the backrest: the knee's girth and a gap


def keep_chair_place(poses: list[Pose], props: tuple[str, ...], found: list[tuple[bool, list[int], bool]]
                     ) -> list[Pose]:
    """The frames, those that hold the chair's back reaching for one shared place. `found`, for
    each frame: was its trunk found (not given), the sides whose ankle it leaves to lay the foot
    flat, and are its arms (shoulders and elbows) left to be found."""
    holding = [i for i, pose in enumerate(poses) if _held(pose)]
    feet = set.intersection(*(_standing(poses[i]) for i in holding)) if holding else set()
    if len(holding) < 2 or len({_held(poses[i]) for i in holding}) > 1 or not feet:
        return poses
    heel = min(feet)  # a foot every frame that holds the chair stands on, the left when both do
    written = {round(_ahead(poses[i], props, heel), 2) for i in holding if not found[i][2]}
    if len(written) > 1:
        return poses  # frames whose arms are written hold it in two places: theirs to say
    halfway = sum(_ahead(poses[i], props, heel) for i in holding) / len(holding)
    knees = max(_knees_ahead(poses[i], props, heel) for i in holding)
    wanted = written.pop() if written else max(halfway, knees)
    kept = list(poses)
    for i in holding:
        trunk_found, ankles, arms_found = found[i]
        if arms_found and abs(_ahead(poses[i], props, heel) - wanted) > KEPT:
            kept[i] = _reaching(poses[i], props, wanted, heel, ankles if trunk_found else None)
    return kept


def _held(pose: Pose) -> tuple[int, ...]:
    """The sides whose hand is on the chair's back."""
    return tuple(sorted({s for c in contacts_of(pose) if c.name == "hands" and c.surface == "chair back"
                         for s in c.sides}))


def _standing(pose: Pose) -> set[int]:
    """The sides of the feet on the floor."""
    return {s for c in contacts_of(pose) if c.surface == "floor" and c.name in ("feet", "heels") for s in c.sides}


def _ahead(pose: Pose, props: tuple[str, ...], heel: int) -> float:
    """How far ahead of the standing heel the hands on the chair's back are."""
    p = settle(pose, props)[0].points
    sides = _held(pose)
    return sum(p[f"hand.{s}"][0] for s in sides) / len(sides) - p[f"heel.{heel}"][0]


def _knees_ahead(pose: Pose, props: tuple[str, ...], heel: int) -> float:
    """How far ahead of the standing heel a chair held by both hands must stand to clear the knees
    (held by one it stands beside the body, and a knee passes it)."""
    if len(_held(pose)) < 2:
        return -1.0
    p = settle(pose, props)[0].points
    return max(p["knee.0"][0], p["knee.1"][0]) + KNEE_ROOM - p[f"heel.{heel}"][0]


def _misses(pose: Pose, props: tuple[str, ...], wanted: float, heel: int) -> tuple[float, float]:
    """How far the hands are from the shared place along the floor, and how far they are above the
    chair's back while the feet stand on the floor."""
    needs = settle(pose, props)[2]
    on_chair = [n.gap for n in needs if n.surface == "chair back"]
    on_floor = [n.gap for n in needs if n.surface == "floor"]
    height = (sum(on_floor) / len(on_floor) if on_floor else 0.0) - sum(on_chair) / len(on_chair)
    return _ahead(pose, props, heel) - wanted, height


def _arms(pose: Pose, sides: tuple[int, ...], shoulder: float, elbow: float) -> Pose:
    for side in sides:
        pose = with_angle(with_angle(pose, "shoulder", side, shoulder), "elbow", side, elbow)
    return pose


def _reaching(pose: Pose, props: tuple[str, ...], wanted: float, heel: int, ankles: list[int] | None) -> Pose:
    """The holding arms' shoulders and elbows found so that the hands rest on the chair's back
    `wanted` ahead of the `heel`; else, with `ankles` (the trunk is hepkit's to find), the trunk and
    the shoulders, the elbows straight and the free ankles laying the feet flat. The pose as it
    was when neither gets there, or when the body would then miss a contact, pass into the chair
    or fall."""
    sides = _held(pose)
    shoulder, elbow = pose.angle("shoulder", sides[0]), pose.angle("elbow", sides[0])

    def bent(raised: float, bend: float) -> Pose:
        return _arms(pose, sides, raised, bend)

    def leaned(trunk: float, raised: float) -> Pose:
        return _arms(flat_feet(with_angle(pose, "trunk", 0, trunk), ankles or [], 0.0), sides, raised, 0.0)

    tries = [(bent, (shoulder, elbow), (JOINT_LIMITS["shoulder"], JOINT_LIMITS["elbow"]))]
    if ankles is not None:
        tries.append((leaned, (pose.angle("trunk", 0), shoulder), (JOINT_LIMITS["trunk"], JOINT_LIMITS["shoulder"])))
    for made, start, limits in tries:
        candidate = made(*newton(lambda a, b, made=made: _misses(made(a, b), props, wanted, heel), start, limits))
        if max(map(abs, _misses(candidate, props, wanted, heel))) <= KEPT and not (
                contact_problem(candidate, props)[0] or balance_problem(candidate, props)[0]
                or inside_problem(*settle(candidate, props)[:2], candidate, props)[0]):
            return candidate
    return pose
