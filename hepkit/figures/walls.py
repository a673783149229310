"""A wall stays where it stands from frame to frame. Each frame is solved on its own and its wall
is placed where its hands reach, so a wall push-up stood upright in every frame and, planted by
the wall, slid its feet towards it instead of leaning. A later frame that leans on the same wall
from the same feet, and leaves its trunk to hepkit, is tilted so that its feet stand as far from
the wall as the first frame's do; one that also leaves its shoulders to hepkit keeps its hands as
high on the wall as the first frame's (with the shoulder at 0, bending the elbows put the hands at
the belly and the body upright against the wall)."""

from __future__ import annotations

from ..content.model import Pose
from .anatomy import JOINT_LIMITS
from .checks import contact_problem, inside_problem, with_angle
from .contacts import contacts_of, flat_feet, settle, spread
from .solver import newton, search

KEPT = 0.01  # metres: feet this much nearer the wall or further from it than in the first frame are left


def keep_wall_distance(poses: list[Pose], props: tuple[str, ...], found: list[tuple[bool, list[int], bool]]
                       ) -> list[Pose]:
    """The frames, each later one that leans on the first frame's wall with its feet on the floor
    tilted at the ankles to stand as far from the wall (and its free shoulders raised to keep the
    hands as high). `found`, for each frame: was its trunk found (not given), the sides whose ankle
    it leaves to lay the foot flat, and are its shoulders left to be found."""
    first = _distance(poses[0], props)
    if first is None:
        return poses
    height = _hands_height(poses[0], props)
    kept = [poses[0]]
    for pose, (trunk_found, ankles, shoulders_found) in zip(poses[1:], found[1:], strict=True):
        now = _distance(pose, props)
        reach = (height, poses[0].angle("shoulder", 0)) if shoulders_found and height is not None else None
        if trunk_found and now is not None and (abs(now - first) > KEPT or reach is not None and abs(
                (_hands_height(pose, props) or 0.0) - height) > KEPT):
            pose = _tilted(pose, props, first, ankles, reach)
        kept.append(pose)
    return kept


def _hands_height(pose: Pose, props: tuple[str, ...]) -> float | None:
    """How high the hands (both, or the one) on the wall are; None when no hand is on it (forearms)."""
    sides = sorted({s for c in contacts_of(pose) if c.surface == "wall" and c.name == "hands" for s in c.sides})
    if not sides:
        return None
    skeleton = settle(pose, props)[0]
    return sum(skeleton.points[f"hand.{s}"][1] for s in sides) / len(sides)


def _standing_side(pose: Pose) -> int | None:
    """The side of a foot on the floor (the left when both are), if the hands or forearms lean on a wall."""
    contacts = contacts_of(pose)
    if not any(c.surface == "wall" and c.name in ("hands", "forearms") for c in contacts):
        return None
    sides = sorted({s for c in contacts if c.surface == "floor" and c.name in ("feet", "heels") for s in c.sides})
    return sides[0] if sides else None


def _distance(pose: Pose, props: tuple[str, ...]) -> float | None:
    """How far the wall's face is ahead of the standing heel."""
    side = _standing_side(pose)
    if side is None:
        return None
    skeleton, scene, _ = settle(pose, props)
    return None if scene.wall is None else scene.wall[0] - skeleton.points[f"heel.{side}"][0]


def _tilted(pose: Pose, props: tuple[str, ...], wanted: float, ankles: list[int],
            reach: tuple[float, float] | None) -> Pose:
    """The trunk angle, to half a degree, whose feet stand `wanted` from the wall with every contact
    holding and nothing in the floor (the whole body tilts; free ankles lay the feet flat), and with
    `reach` (the hands' height, the first frame's shoulder angle), the shoulders' angle that puts
    the hands that high; the pose as it was when none does."""
    if reach is None:
        candidate = _lean(pose, props, wanted, ankles)
        height = 0.0
    else:
        candidate = _lean_and_reach(pose, props, wanted, ankles, *reach)
        height = abs((_hands_height(candidate, props) or 0.0) - reach[0])
    distance = _distance(candidate, props)
    score = (abs(distance - wanted) if distance is not None else 1.0) + height + spread(settle(candidate, props)[2])
    if score > 2 * KEPT or contact_problem(candidate, props)[0] or inside_problem(*settle(candidate, props)[:2],
                                                                                    candidate, props)[0]:
        return pose
    return candidate


def _lean(pose: Pose, props: tuple[str, ...], wanted: float, ankles: list[int]) -> Pose:
    """The trunk searched alone: every 5°, then by degrees and half degrees."""
    low, high = JOINT_LIMITS["trunk"]
    scored: dict[float, tuple[float, Pose]] = {}

    def tried(trunk: float) -> None:
        candidate = flat_feet(with_angle(pose, "trunk", 0, trunk), ankles, 0.0)
        distance = _distance(candidate, props)
        miss = abs(distance - wanted) if distance is not None else 1.0
        scored[trunk] = (miss + spread(settle(candidate, props)[2]), candidate)

    def best() -> float:
        return min(scored, key=lambda t: (scored[t][0], abs(t - pose.angle("trunk", 0))))

    search(low, high, tried, scored, best)
    return scored[best()][1]


def _lean_and_reach(pose: Pose, props: tuple[str, ...], wanted: float, ankles: list[int], height: float,
                    shoulder: float) -> Pose:
    """The trunk and both shoulders found together so that the feet stand `wanted` from the wall
    and the hands are `height` high, from the trunk given and the first frame's shoulders."""

    def made(trunk: float, raised: float) -> Pose:
        turned = flat_feet(with_angle(pose, "trunk", 0, trunk), ankles, 0.0)
        return with_angle(with_angle(turned, "shoulder", 0, raised), "shoulder", 1, raised)

    def misses(trunk: float, raised: float) -> tuple[float, float]:
        candidate = made(trunk, raised)
        distance = _distance(candidate, props)
        return (distance - wanted if distance is not None else 1.0), (_hands_height(candidate, props) or 0.0) - height

    limits = (JOINT_LIMITS["trunk"], JOINT_LIMITS["shoulder"])
    return made(*newton(misses, (pose.angle("trunk", 0), shoulder), limits))
