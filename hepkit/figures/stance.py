"""The feet stay where they stand from frame to frame. Each frame is solved on its own, so a
terminal knee extension (the left knee bent, then straight) found the straight right leg reaching
forwards to the floor in the first frame and under the body in the second: planted by the left
heel, the right foot slid 17 cm in the moving figure. A later frame that stands on both feet, as
the first does, and leaves a hip to hepkit turns that hip so the feet stand as far apart along the
floor as in the first frame (both free, they share the turn); a foot that rises onto its toes
keeps the ball of the foot where it was."""

from __future__ import annotations

from ..content.model import Pose
from .anatomy import JOINT_LIMITS
from .balance import balance_problem
from .checks import contact_problem, inside_problem, with_angle
from .contacts import contacts_of, flat_feet, settle

KEPT = 0.02  # metres: feet this near their first frame's stance are left as they are


def keep_stance(poses: list[Pose], props: tuple[str, ...], free_hips: list[set[int]], ankles: list[list[int]]
                ) -> list[Pose]:
    """The frames, each later one on both feet turning a free hip (`free_hips`: the sides it does
    not write) to stand as the first; `ankles`: the sides whose ankle each frame leaves to lay its
    foot flat. Not against a wall: there the wall keeps the feet (walls.py)."""
    first = _on_floor(poses[0])
    if set(first) != {0, 1} or "toe" in first.values():
        return poses
    kept = [poses[0]]
    for pose, hips, flat in zip(poses[1:], free_hips[1:], ankles[1:], strict=True):
        on_floor = _on_floor(pose)
        if set(on_floor) == {0, 1} and hips:
            # a heel that rises pivots on the ball of the foot, which stays (a split squat's back foot)
            points = (on_floor[0], on_floor[1])
            wanted = _apart(poses[0], props, points)
            if abs(_apart(pose, props, points) - wanted) > KEPT:
                pose = _turned(pose, props, wanted, hips, flat, points)
        kept.append(pose)
    return kept


def _on_floor(pose: Pose) -> dict[int, str]:
    """For each side whose foot stands on the floor, the point that stays put: "heel" for a foot
    flat or on its heel, "toe" for one on its toes. None against a wall."""
    contacts = contacts_of(pose)
    if any(c.surface == "wall" for c in contacts):
        return {}
    return {s: "toe" if c.name == "toes" else "heel" for c in contacts
            if c.surface == "floor" and c.name in ("feet", "heels", "toes") for s in c.sides}


def _apart(pose: Pose, props: tuple[str, ...], points: tuple[str, str]) -> float:
    """How far the right foot's point that stays stands ahead of the left's."""
    p = settle(pose, props)[0].points
    return p[f"{points[1]}.1"][0] - p[f"{points[0]}.0"][0]


def _turned(pose: Pose, props: tuple[str, ...], wanted: float, sides: set[int], flat: list[int],
            points: tuple[str, str]) -> Pose:
    """The free hips turned by Newton's method, to half a degree, so that the heels stand `wanted`
    apart, the free ankles laying the feet flat: both free, each turns half the way, the right one
    forwards as the left goes back (so both legs still reach the floor: with the right hip alone
    bent, its heel stood 2 cm above it); the pose as it was when they cannot, or when the body would
    then miss a contact, pass into something or fall."""
    low, high = JOINT_LIMITS["hip"]
    start = {side: pose.angle("hip", side) for side in sides}

    def made(turn: float) -> Pose:
        turned = pose
        for side in sides:
            share = turn / len(sides) * (1 if side == 1 else -1)  # bending the right hip takes its heel ahead
            turned = with_angle(turned, "hip", side, min(high, max(low, round((start[side] + share) * 2) / 2)))
        return flat_feet(turned, flat, 0.0)

    turn = 0.0
    for _ in range(10):
        miss = _apart(made(turn), props, points) - wanted
        slope = _apart(made(turn + 2), props, points) - wanted - miss
        if abs(miss) < 0.002 or abs(slope) < 1e-6:
            break
        turn -= max(-30.0, min(30.0, 2 * miss / slope))
    candidate = made(turn)
    if abs(_apart(candidate, props, points) - wanted) > KEPT or contact_problem(candidate, props)[0] or balance_problem(
            candidate, props)[0] or inside_problem(*settle(candidate, props)[:2], candidate, props)[0]:
        return pose
    return candidate
