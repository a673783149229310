"""Finding the angles a frame does not give: the trunk (`trunk: auto`) and the free joints, so that
the frame's contacts hold and an upright body stands over its feet. Each search stays within the
joints' limits and, among the poses that work, keeps the one nearest to the base position."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..content.model import Pose
from .anatomy import JOINT_LIMITS, ONE_PER_BODY
from .balance import BALANCE, off_balance
from .bases import BASES
from .checks import ADVISED, INSIDE, changes, inside_depth, with_angle
from .contacts import TOLERANCE, contacts_of, flat_feet, settle, spread

LEG_PARTS, ARM_PARTS = {"knees", "shins", "feet", "heels", "toes"}, {"hands", "forearms"}
FOLDING = ("hands-knees", "kneeling")  # bases whose trunk: auto also tries the limbs as written (solve_trunk)
EQUALLY = 0.005  # metres: trunk angles whose contacts and balance miss by this much more than the best's do as well


class TrunkAtLimit(Exception):
    """`trunk: auto` found its best angle at the end of what a trunk can do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def _sides(pose: Pose, parts: set[str]) -> set[int]:
    return {side for c in contacts_of(pose) if c.name in parts for side in c.sides}


def _both(sides: set[int]) -> set[int]:
    """Both sides when one carries: a limb in the air keeps its direction as the trunk turns too, so
    its angle stays what it was written against, the limb that carries (a plank's leg lifted 10°
    above the other: turning with the trunk, it was lifted 1°)."""
    return {0, 1} if sides else set()


@lru_cache(maxsize=512)
def solve_trunk(pose: Pose, props: tuple[str, ...]) -> Pose:
    """The trunk angle that makes the contacts hold best and an upright body stand over its feet
    (every 5°, then every degree round the best, then half a degree either side of that; of those
    that do as well, the nearest to the angle given). Limbs that carry weight (a knee or foot, a hand
    on a surface) keep their direction to the floor while the trunk turns, as they do in life: only
    the trunk tilts; so does the other leg or arm of a pair that carries."""
    low, high = JOINT_LIMITS["trunk"]
    sign = BASES[pose.base].tilt
    carrying = {"hip": _both(_sides(pose, LEG_PARTS)), "shoulder": _both(_sides(pose, ARM_PARTS))}
    turns = {"hip": (sign, sign), "shoulder": (sign, sign)}  # how each carrying joint undoes the tilt, per side
    if pose.base == "side":  # lying on the side the trunk tilts in the plane the arms abduct in; the legs
        carrying = {"shoulder_abduction": _sides(pose, ARM_PARTS)}  # stay in line with it (a side plank)
        turns = {"shoulder_abduction": (-1, 1)}
    given = dict(pose.angles)
    start = given.get("trunk", (0.0, 0.0))[0]
    found: dict[float, tuple[float, Pose]] = {}  # trunk angle: (how badly it does, the pose)
    keep = [True]  # do the carrying limbs keep their direction (see below)?

    def tried(trunk: float):
        angles = {"trunk": (trunk, trunk)}
        for joint, sides in carrying.items():
            pair = given.get(joint, (0.0, 0.0))
            angles[joint] = tuple(
                pair[side] - turns[joint][side] * (trunk - start) if side in sides and keep[0] else pair[side]
                for side in (0, 1)
            )
        candidate = replace(pose, angles=tuple(sorted({**given, **angles}.items())))
        if any(not JOINT_LIMITS[j][0] <= v <= JOINT_LIMITS[j][1] for j, pair in angles.items() for v in pair):
            return
        # the contacts' miss, and for an upright body how far it would fall (standing is enough)
        falls = max(0.0, off_balance(candidate, props) - BALANCE / 2)
        found[trunk] = (spread(settle(candidate, props)[2]) + falls, candidate)

    def best(scores: dict | None = None) -> float:
        scores = found if scores is None else scores
        return min(scores, key=lambda trunk: (scores[trunk][0], trunk))

    search(low, high, tried, found, best)
    if (pose.base in FOLDING and (not found or spread(settle(found[best()][1], props)[2]) > TOLERANCE)) or (
            BASES[pose.base].upright and (not found or found[best()][0] > TOLERANCE)):
        # on hands and knees, or kneeling, when the contacts cannot hold so, and upright when the body
        # cannot stand over its feet so: the angles as given, the limbs turning with the trunk (a
        # child's pose, whose shins reach the floor only when the trunk leans with the hips bent as
        # written; a single-leg deadlift, whose stance hip reached its limit at a 56° lean with the
        # body far in front of its foot). Only there: it costs a second search, and lying on the
        # back over a foam roller it made reading a figure ten times slower for nothing
        kept, keep[0] = dict(found), False
        found.clear()
        search(low, high, tried, found, best)
        if kept and (not found or kept[best(kept)][0] <= found[best()][0]):
            found.clear()
            found.update(kept)
    if found:
        chosen = least = best()
        if BASES[pose.base].upright:  # of the angles within EQUALLY of the best, the nearest to the one
            # given: with only the feet down, every angle holds them, and the first tried (the limit) won
            chosen = min((t for t, (score, _) in found.items() if score <= found[least][0] + EQUALLY),
                         key=lambda t: (abs(t - start), t))
    if not found or chosen in (low, high):
        at = f"{chosen:g}°" if found else "any angle"
        raise TrunkAtLimit(
            f"`trunk: auto` finds the contacts hold best only at {at}, the end of what a trunk "
            "can do, so the picture would be wrong",
            "give the trunk angle yourself, or change the hips and knees so the contacts can hold",
        )
    return found[chosen][1]


def search(low: int, high: int, tried, found: dict, best) -> None:
    """One angle searched from `low` to `high`: tried(angle) every 5°, then every degree within 4°
    of best(), then half a degree either side of that. tried() records what it finds in `found`
    (keyed by angle), or nothing for an angle that cannot be."""
    for coarse in range(low, high + 1, 5):
        tried(float(coarse))
    for steps in (range(-4, 5), (-0.5, 0.5)):
        if found:
            middle = best()
            for step in steps:
                if low <= middle + step <= high and step and middle + step not in found:
                    tried(middle + step)


def _residuals(pose: Pose, props, start: dict, balance: bool) -> list[float]:
    """What the solver drives to zero, in metres: each contact's miss (level ones from their mean,
    since the body may rise or sink), how far an upright body would fall, and (weakly) how far
    each free joint has moved from where it started."""
    skeleton, scene, found = settle(pose, props)
    level = [n.gap for n in found if n.surface != "wall"]
    walls = [n.gap for n in found if n.surface == "wall"]
    out = []
    for gaps in (level, walls):
        if gaps:
            mean = sum(gaps) / len(gaps)
            out += [g - mean for g in gaps]
    if balance:
        out.append(max(0.0, off_balance(pose, props) - BALANCE / 2))
    out.append(max(0.0, inside_depth(skeleton, scene, pose)[0] - INSIDE / 2))
    out += [3e-4 * (pose.angle(j, s) - start[(j, s)]) for j, s in start]
    return out


def _wrong(pose: Pose, props, balance: bool) -> bool:
    """Do the contacts miss, does an upright body fall (with `balance`), or is a part in the floor or
    a prop (lying on the back with only the heels named, the back sank into the floor)?"""
    skeleton, scene, found = settle(pose, props)
    return (spread(found) > TOLERANCE or (balance and off_balance(pose, props) > BALANCE)
            or inside_depth(skeleton, scene, pose)[0] > INSIDE)


def is_symmetric(pose: Pose) -> bool:
    """Both sides at the same angles, every contact made with both."""
    return all(a == b for _, (a, b) in pose.angles) and all(c.sides == (0, 1) for c in contacts_of(pose))


@lru_cache(maxsize=512)  # the studio redraws one frame at a time; the others are found here
def solve_free(pose: Pose, props: tuple[str, ...], free: tuple[tuple[str, int], ...], balance: bool = False) -> Pose:
    """The free joints found so that the contacts hold (and with `balance`, an upright body stands
    over its base): a free ankle whose foot rests flat is set to lay the foot flat, the others by
    damped least squares (Levenberg-Marquardt on a numerical Jacobian kept up to date by Broyden's
    updates) within the joints' limits.
    The pose as given when it is already right; a symmetric pose stays symmetric."""
    if not free or not _wrong(pose, props, balance):
        return pose
    flat = sorted(
        {
            side
            for c in contacts_of(pose)
            if c.name == "feet" and c.surface != "wall"
            for side in c.sides
            if ("ankle", side) in free
        }
    )
    slope = 25.0 if any(c.surface == "slant board" for c in contacts_of(pose)) else 0.0
    symmetric = is_symmetric(pose)
    free = [key for key in free if not (key[0] == "ankle" and key[1] in flat)]
    if symmetric:  # one unknown per joint, both sides together
        free = [key for key in free if key[1] == 0 or key[0] in ONE_PER_BODY]
    start = {key: pose.angle(*key) for key in free}

    def put(base: Pose, values: list[float]) -> Pose:
        for (joint, side), value in zip(free, values, strict=True):
            low, high = JOINT_LIMITS[joint]
            value = min(high, max(low, value))
            base = with_angle(base, joint, side, value)
            if symmetric and joint not in ONE_PER_BODY:
                base = with_angle(base, joint, 1, value)
        return flat_feet(base, flat if not symmetric else sorted(set(flat) | ({1} if 0 in flat else set())), slope)

    values = [start[key] for key in free]
    best = put(pose, values)
    now = _residuals(best, props, start, balance)
    damping, columns, fresh = 1e-3, None, False
    for _ in range(30):
        if not free or max((abs(r) for r in now[: len(now) - len(start)]), default=0.0) < 0.003:
            break  # every contact within 3 mm and the body over its base: good enough to draw
        if columns is None:  # a numerical Jacobian, one residual a joint; after that Broyden's updates
            columns, fresh = _jacobian(pose, put, props, start, balance, values, now), True
        # normal equations (J^T J + damping I) step = -J^T r, solved by Gaussian elimination
        n = len(free)
        jtj = [[sum(columns[a][k] * columns[b][k] for k in range(len(now))) for b in range(n)] for a in range(n)]
        jtr = [sum(columns[a][k] * now[k] for k in range(len(now))) for a in range(n)]
        for a in range(n):  # Marquardt's scaling: damping relative to each joint's own effect
            jtj[a][a] = jtj[a][a] * (1 + damping) + 1e-12
        step = _solve(jtj, [-x for x in jtr])
        if step is None:
            break
        trial = [v + d for v, d in zip(values, step, strict=True)]
        candidate = put(pose, trial)
        after = _residuals(candidate, props, start, balance)
        _broyden(columns, step, now, after)
        if sum(x * x for x in after) < sum(x * x for x in now):
            values, best, now, damping = trial, candidate, after, damping / 3
            if max(abs(d) for d in step) < 0.05 and damping < 1e-3:
                break
        else:
            damping *= 8
            if not fresh:  # the updated Jacobian led astray: work it out again before damping further
                columns = None
            fresh = False
            if damping > 1e6:
                break
    values = [min(JOINT_LIMITS[j][1], max(JOINT_LIMITS[j][0], v)) for (j, _), v in zip(free, values, strict=True)]
    best = put(pose, [round(v * 2) / 2 for v in values])  # to half a degree, as a physio would write it
    before = _residuals(pose, props, start, balance)
    return best if sum(x * x for x in _residuals(best, props, start, balance)) < sum(x * x for x in before) else pose


def solve_again(pose: Pose, props: tuple[str, ...], free: tuple[tuple[str, int], ...], flat: tuple[int, ...] = (),
                slope: float = 0.0) -> Pose:
    """When the free joints found by least squares from the base position still leave a contact
    missing or a part in the floor or a prop (stuck: a heel pressed into a ball's side, forearms
    that had to reach forwards), the changes check would advise of those same free joints are
    tried as starting points, the best three first; the first that solves is kept, so that check
    does not tell a physio to change a joint they left to hepkit."""
    def misses(candidate: Pose) -> tuple[float, float]:
        skeleton, scene, found = settle(flat_feet(candidate, list(flat), slope), props)
        return spread(found), inside_depth(skeleton, scene, candidate)[0]

    def right(candidate: Pose) -> bool:
        apart, inside = misses(candidate)
        return apart <= 2 * TOLERANCE and inside <= INSIDE

    if not free or right(pose):
        return pose
    inside = misses(pose)[1]  # the starting points from what is wrong: the solver then mends the rest
    tried = [c for c in changes(pose, lambda p: misses(p)[1] if inside > INSIDE else misses(p)[0], list(free),
                                (*ADVISED, 90)) if set(c[3]) <= set(free)]  # 90: a sitting base's knees to straight
    for *_, joint, sides, degrees in tried[:3]:
        start = pose
        for _, side in sides:
            start = with_angle(start, joint, side, pose.angle(joint, side) + degrees)
        candidate = solve_free(start, props, free)
        if right(candidate):
            return candidate
    return pose


def _jacobian(pose, put, props, start, balance, values, now) -> list[list[float]]:
    columns = []
    for i in range(len(values)):
        nudged = list(values)
        nudged[i] += 1.0
        r = _residuals(put(pose, nudged), props, start, balance)
        columns.append([(b - a) for a, b in zip(now, r, strict=True)])
    return columns


def _broyden(columns: list[list[float]], step: list[float], before: list[float], after: list[float]) -> None:
    """Broyden's update of the Jacobian (one column a joint) by what a step did to the residuals."""
    size = sum(d * d for d in step)
    if size < 1e-12:
        return
    miss = [after[k] - before[k] - sum(columns[i][k] * step[i] for i in range(len(step))) for k in range(len(before))]
    for i, d in enumerate(step):
        columns[i] = [c + m * d / size for c, m in zip(columns[i], miss, strict=True)]


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float] | None:
    n = len(rhs)
    rows = [row[:] + [value] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-15:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def newton(misses, start: tuple[float, float], limits: tuple[tuple[int, int], tuple[int, int]]
           ) -> tuple[float, float]:
    """Two angles found together so that misses(a, b), two distances in metres, are both within
    2 mm of nought: Newton's method, each step's slopes from a degree more of each, at most 15° a
    step, within `limits`, rounded to half a degree (a search of each angle in the other took
    1,400 bodies). Where it stops short, the caller measures what is left."""
    (a_low, a_high), (b_low, b_high) = limits
    a, b = start
    for _ in range(12):
        miss_1, miss_2 = misses(a, b)
        if max(abs(miss_1), abs(miss_2)) < 0.002:
            break
        a_more, b_more = misses(a + 1, b), misses(a, b + 1)
        j11, j12, j21, j22 = a_more[0] - miss_1, b_more[0] - miss_1, a_more[1] - miss_2, b_more[1] - miss_2
        det = j11 * j22 - j12 * j21
        if abs(det) < 1e-9:
            break
        da, db = (-miss_1 * j22 + miss_2 * j12) / det, (-miss_2 * j11 + miss_1 * j21) / det
        step = min(1.0, 15.0 / max(abs(da), abs(db), 1e-9))
        a = min(a_high, max(a_low, a + da * step))
        b = min(b_high, max(b_low, b + db * step))
    return round(a * 2) / 2, round(b * 2) / 2
