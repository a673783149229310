"""Is a frame right? Its contacts hold and no part of either side is inside the floor or a prop
(balance.py: an upright body stands over its base). Each problem is told in words that name the
part once, say how far and which way, and which joint to change by how much."""

from __future__ import annotations

import math
from dataclasses import replace

from ..content.model import Pose
from .anatomy import JOINT_LIMITS, ONE_PER_BODY
from .bases import BASES
from .contacts import (
    GROUPS,
    SINGULAR,
    Need,
    contacts_of,
    flat_feet,
    settle,
    spread,
)
from .mass import centre_of_mass
from .misses import missing
from .props import BALL_R, Scene, board_height, cylinders, solid_parts
from .skeleton import Skeleton

PART_WORDS = {
    "thigh": "thigh",
    "shank": "lower leg",
    "foot": "foot",
    "upper_arm": "upper arm",
    "forearm": "forearm",
    "hand": "hand",
    "torso": "trunk",
    "neck": "neck",
}
INSIDE = 0.025  # metres a part may press into a soft surface (a mat, a cushion, the outline's thickness)


def gap_words(need: Need) -> str:
    cm = max(1, round(100 * abs(need.gap)))
    plural = need.words in ("the buttocks", "the hips") or need.words.startswith(("both ", "the balls", "the toes")) \
        or need.words.endswith(" toes")
    is_ = "are" if plural else "is"
    surface = {"floor": "the floor", "wall": "the wall"}.get(need.surface, f"the {need.surface}")
    if need.surface == "wall":
        return f"{need.words} {is_} {cm} cm {'away from' if need.gap < 0 else 'into'} {surface}"
    return f"{need.words} {is_} {cm} cm {'above' if need.gap < 0 else 'below'} {surface}"


def contact_problem(pose: Pose, props: tuple[str, ...], flat: tuple[int, ...] = ()) -> tuple[str, str]:
    """("", "") when every contact holds, or what misses (each part once) and a way to fix it.
    `flat`: the sides whose ankle the frame leaves to lay the foot flat, kept so while trying fixes."""
    skeleton, _, found = settle(pose, props)
    told = missing(found, centre_of_mass(skeleton))
    if not told:
        return "", ""
    slope = 25.0 if any(s == "slant board" for _, s in pose.contacts) else 0.0
    joints = [(j, s) for j, s in _joints_between(pose) if not (j == "ankle" and s in flat)]
    fix = advice(pose, lambda candidate: spread(settle(flat_feet(candidate, list(flat), slope), props)[2]), joints)
    return "; ".join(gap_words(n) for n in told[:3]), _on_toes(pose, skeleton, fix)


def _on_toes(pose: Pose, skeleton, fix: str) -> str:
    """The advice, with standing on the toes offered for a flat foot whose heel is well above its
    toes (a lunge's back foot, written `feet on floor`: its knee and hip were all the advice said)."""
    p = skeleton.points
    raised = [s for c in contacts_of(pose) if c.name == "feet" and c.surface == "floor" for s in c.sides
              if p[f"heel.{s}"][1] - p[f"toe.{s}"][1] > 0.06]
    if not raised:
        return fix
    side = ("left", "right")[raised[0]]
    written = []
    for c in contacts_of(pose):
        if c.name == "feet" and c.surface == "floor" and raised[0] in c.sides:
            written += [f"{('left', 'right')[s]} {'toes' if s == raised[0] else 'foot'} on floor" for s in c.sides]
        else:
            written.append(f"{c.part} on {c.surface}")
    toes = f"or rest the {side} foot on its toes (`contacts: [{', '.join(written)}]`)"
    return f"{fix}, {toes}" if fix else toes[3:]


def _joints_between(pose: Pose) -> list[tuple[str, int]]:
    """The joints whose change may make a frame's contacts hold (the trunk only when lying: tilting
    someone who stands or sits tilts their legs as well, which is rarely what is meant)."""
    joints = [] if BASES[pose.base].upright else [("trunk", 0), ("lower_back", 0)]
    for side in (0, 1):
        joints += [("hip", side), ("knee", side), ("ankle", side)]
    if any(pose.angle("hip_abduction", side) for side in (0, 1)):  # legs apart: a lateral lunge's feet
        joints += [("hip_abduction", side) for side in (0, 1)]  # reach the floor wider or narrower
    if any(c.name in ("hands", "forearms") for c in contacts_of(pose)):
        joints += [(j, s) for s in (0, 1) for j in ("shoulder", "elbow")]
    return joints


def with_angle(pose: Pose, joint: str, side: int, value: float) -> Pose:
    angles = dict(pose.angles)
    pair = list(angles.get(joint, (0.0, 0.0)))
    value = float(value)  # a limit is an int: the pose's repr (a cache key) must not depend on which
    if joint in ("trunk", "lower_back", "side_bend", "trunk_rotation", "neck", "neck_rotation"):
        pair = [value, value]
    else:
        pair[side] = value
    angles[joint] = tuple(pair)
    return replace(pose, angles=tuple(sorted(angles.items())))


def advice(pose: Pose, measure, joints: list[tuple[str, int]]) -> str:
    """The two joint changes that help most, in words: "bend both knees about 50° more, or
    straighten the left hip about 5°" (see changes())."""
    said = []
    for *_, joint, sides, degrees in changes(pose, measure, joints):
        if len(said) < 2 and all(joint != j for j, _, _ in said):
            said.append((joint, sides, degrees))
    return ", or ".join(
        change_words(j, s[0][1] if len(s) == 1 else None, d, pose.angle(j, s[0][1])).replace(
            f"(`{j}:`)", f"(`{_written(pose, j, s, d)}`)")
        for j, s, d in said
    )


ADVISED = (5, 10, 15, 20, 30, 45, 60)  # degrees of change check suggests: more reads as a different exercise


def changes(pose: Pose, measure, joints: list[tuple[str, int]], amounts: tuple[int, ...] = ADVISED) -> list[tuple]:
    """The joint changes that leave `measure` clearly less wrong, the best first: (what is left,
    degrees, joint, [(joint, side), ...], signed degrees). Each joint (both sides together where
    they are the same) is tried by each of `amounts` either way; of each way, the amount that leaves
    the least."""
    now = measure(pose)
    candidates = [[(j, s)] for j, s in joints]
    for joint in dict.fromkeys(j for j, _ in joints):
        if (
            joint not in ONE_PER_BODY
            and (joint, 0) in joints
            and (joint, 1) in joints
            and pose.angle(joint, 0) == pose.angle(joint, 1)
        ):
            candidates.append([(joint, 0), (joint, 1)])
    found = []
    for sides in candidates:
        joint = sides[0][0]
        low, high = JOINT_LIMITS[joint]
        for sign in (1, -1):
            best = None
            for amount in amounts:
                candidate = pose
                for _, side in sides:
                    value = pose.angle(joint, side) + sign * amount
                    if not low <= value <= high:
                        break
                    candidate = with_angle(candidate, joint, side, value)
                else:
                    left = measure(candidate)
                    if best is None or left < best[0] - 1e-4:
                        best = (left, amount)
                    continue
                break
            if best and best[0] < now - 0.005:
                found.append((best[0], best[1], joint, sides, sign * best[1]))
    found.sort(key=lambda item: item[:2])
    return found


def _written(pose: Pose, joint: str, sides, degrees: float) -> str:
    """The change as the frame would say it: `knee: 45`, `hip: {left: 30}` (a joint the frame does
    not give has an angle its author cannot see, so "about 10° more" alone would not do)."""
    value = f"{round(pose.angle(joint, sides[0][1]) + degrees):g}"
    if joint in ONE_PER_BODY or len(sides) == 2:
        return f"{joint}: {value}"
    return f"{joint}: {{{'left' if sides[0][1] == 0 else 'right'}: {value}}}"


def change_words(joint: str, side: int | None, degrees: float, now: float = 0.0) -> str:
    """side None: both sides. `now`: the joint's angle, for a back that is arched (negative) now,
    which is arched more or less rather than bent or straightened."""
    amount = f"about {abs(degrees):g}°"
    who = "left" if side == 0 else "right" if side == 1 else "both"
    more = degrees > 0
    back = (f"arch the lower back {amount} {'less' if more else 'more'}" if now < 0 else
            f"arch the lower back {amount}" if now == 0 and not more else  # from straight
            f"{'bend' if more else 'straighten'} the lower back {amount}{' more' if more else ''}")
    words = {
        "trunk": f"tilt the trunk {amount} {'more' if more else 'less'} (`trunk:`)",
        "lower_back": f"{back} (`lower_back:`)",
        "hip": f"{'bend' if more else 'straighten'} the {who} hip {amount}{' more' if more else ''} (`hip:`)",
        "knee": f"{'bend' if more else 'straighten'} the {who} knee {amount}{' more' if more else ''} (`knee:`)",
        "ankle": f"{'point' if more else 'pull up'} the {who} foot {amount}{' more' if more else ''} (`ankle:`)",
        "shoulder": f"{'raise' if more else 'lower'} the {who} arm {amount}{' more' if more else ''} (`shoulder:`)",
        "elbow": f"{'bend' if more else 'straighten'} the {who} elbow {amount}{' more' if more else ''} (`elbow:`)",
        "shoulder_abduction": f"{'raise' if more else 'lower'} the {who} arm out to the side {amount}"
                              f"{' more' if more else ''} (`shoulder_abduction:`)",
        "hip_abduction": f"{'take' if more else 'bring'} the {who} leg {amount} {'further out' if more else 'in'}"
                         " (`hip_abduction:`)",
        "side_bend": f"bend the trunk {amount} {'to the left' if more else 'to the right'} (`side_bend:`)",
        "neck": f"{'bring the chin' if more else 'lift the chin'} {amount} {'more to the chest' if more else 'more'}"
                " (`neck:`)",
    }
    said = words.get(joint, f"change `{joint}` by {degrees:g}°")
    if side is None:  # "bend the both knees" -> "bend both knees"
        said = (
            said.replace("the both ", "both ")
            .replace(" hip ", " hips ")
            .replace(" knee ", " knees ")
            .replace(" foot ", " feet ")
            .replace(" arm ", " arms ")
            .replace(" leg ", " legs ")
            .replace(" elbow ", " elbows ")
        )
    return said


def inside_depth(skeleton: Skeleton, scene: Scene, pose: Pose) -> tuple[float, str]:
    """How far the part (of either side) furthest inside the floor or a prop is in, and its words.
    The cross-sections a contact rests on are left out: they are on their surface by construction."""
    resting = {
        (kind, side, i)
        for c in contacts_of(pose)
        for group in GROUPS.get(c.name, ())
        for kind, stations in group
        for side in (c.sides if c.name in SINGULAR else (None,))
        for i in stations
    }
    worst = (0.0, "")
    boxes = [(f"the {prop}", b.back, b.front, b.bottom, b.top, b.near, b.far)
             for prop, whole in scene.boxes.items() for b in solid_parts(prop, whole)]

    ball, board, across = scene.ball, scene.board, cylinders(scene)
    board_top = board_height(board[0], board) if board else 0.0  # its back, the highest

    def clear_sphere(centre, r, low: float | None = None) -> bool:
        """A sphere far from the floor and every prop: nothing inside it can be inside them. `low`:
        how low what it holds reaches, when that is known exactly."""
        x, y, z = centre
        if (y - r if low is None else low) <= 0 or (ball and math.dist(centre, ball) - r < BALL_R):
            return False
        if board and not (x + r < board[0] or x - r > board[1] or y - r > board_top):
            return False
        for _, c, radius, half in across:
            if math.hypot(x - c[0], y - c[1]) - r < radius and abs(z - c[2]) - r < half:
                return False
        return all(
            x + r <= b[1] or x - r >= b[2] or y + r <= b[3] or y - r >= b[4] or z + r <= b[5] or z - r >= b[6]
            for b in boxes
        )

    def clear(s) -> bool:  # the cross-section's ellipse: its lowest point exactly, a sphere round it for the props
        offset, depth = (s.depth_front - s.depth_back) / 2, (s.depth_front + s.depth_back) / 2
        low = s.centre[1] + s.front[1] * offset - math.hypot(s.half_width * s.across[1], depth * s.front[1])
        return clear_sphere(s.centre, s.reach(), low)

    parts = [
        (
            PART_WORDS[t.kind],
            t.side,
            [
                p
                for i, s in enumerate(t.stations)
                if (t.kind, t.side, i) not in resting and not clear(s)
                for p in s.surface()
            ],
        )
        for t in skeleton.tubes
        if not clear_sphere(*t.sphere())  # each cross-section's sphere lies within the tube's
    ]
    if not any(c.name == "head" for c in contacts_of(pose)) and not clear_sphere(*skeleton.head_sphere()):
        parts.append(("head", None, skeleton.head_surface()))
    for name, side, points in parts:
        for p in points:
            x, y, z = p
            depth, into = -y, "the floor"
            for words, back, front, bottom, top, near, far in boxes:  # Box.holds, written out: this runs often
                if back < x < front and bottom < y < top and near < z < far:
                    inside = min(x - back, front - x, y - bottom, top - y, z - near, far - z)
                    if inside > depth:
                        depth, into = inside, words
            if ball and BALL_R - math.dist(p, ball) > depth:
                depth, into = BALL_R - math.dist(p, ball), "the ball"
            if board and board[0] <= p[0] <= board[1] and board_height(p[0], board) - p[1] > depth:
                depth, into = board_height(p[0], board) - p[1], "the slant board"
            for prop, c, radius, half in across:  # a roller or a towel: round in x and y, long in z
                inside = radius - math.hypot(x - c[0], y - c[1])
                if abs(z - c[2]) < half and inside > depth:
                    depth, into = inside, f"the {prop}"
            if depth > worst[0]:
                who = f"the {'left ' if side == 0 else 'right ' if side == 1 else ''}{name}"
                worst = (depth, f"{who} would be {round(100 * depth)} cm inside {into}")
    return worst


ARM_KINDS = {"upper_arm", "forearm", "hand"}


def floating_problem(skeleton: Skeleton, pose: Pose, props: tuple[str, ...]) -> tuple[str, str]:
    """("", "") or how a lying frame with no contacts, or only its hands or forearms, would float:
    set down by its lowest point, it rests on its hands or arms alone (arms held down past the
    chest, or overhead and pointing into the floor; a prone press-up's first frame, `hands on
    floor` under the shoulders, held the whole body up at arm's length) and the rest hangs in the
    air. A plank rests on its forearms and toes, a lying body on its trunk: those are fine."""
    arms_only = all(c.name in ("hands", "forearms") for c in contacts_of(pose))
    if not arms_only or pose.base not in ("supine", "prone") or set(props) & {
        "ball", "bench", "chair", "step", "foam roller", "towel", "slant board"
    }:  # on the side the body does rest on its lower arm and hip; props hold it up in their own way
        return "", ""
    above = _on_arms_alone(skeleton)
    if not above:
        return "", ""
    fix = advice(pose, lambda candidate: _on_arms_alone(settle(candidate, props)[0]),
                 [(j, s) for s in (0, 1) for j in ("shoulder", "elbow")])
    rests = "say what it rests on (`contacts: [hands on floor, pelvis on floor]`)"
    return (f"it would rest on its arms alone, the rest of the body {above} cm above the floor",
            f"{rests}, or {fix}" if fix else f"{rests}, or bring the arms up beside the body")


def _on_arms_alone(skeleton: Skeleton) -> int:
    """How far (cm) the rest of a body set down on its lowest point is above the floor when only its
    arms touch it; 0 when something else rests on the floor too (within 5 cm)."""
    heights = {}
    for tube in skeleton.tubes:
        low = min(p[1] for s in tube.stations for p in s.surface())
        heights[tube.kind] = min(low, heights.get(tube.kind, low))
    floor = min(heights.values())
    resting = {kind for kind, low in heights.items() if low <= floor + 0.02}
    above = round(100 * (min(h for k, h in heights.items() if k not in ARM_KINDS) - floor))
    return above if resting <= ARM_KINDS and above >= 5 else 0


def inside_problem(skeleton: Skeleton, scene: Scene, pose: Pose, props: tuple[str, ...] = ()) -> tuple[str, str]:
    """("", "") or the part furthest inside the floor or a prop, and what to change."""
    depth, words = inside_depth(skeleton, scene, pose)
    if depth <= INSIDE:
        return "", ""

    def measure(candidate: Pose) -> float:
        return inside_depth(*settle(candidate, props)[:2], candidate)[0]

    joints = [(j, s) for s in (0, 1) for j in ("hip", "knee", "ankle", "shoulder", "elbow")]
    if pose.base == "side":  # lying on the side, the lower arm props the body up out to the side, and a
        # leg in the floor or a prop moves out of it the same way
        leg = any(f" {part} " in words for part in ("thigh", "lower leg", "foot"))
        joints += [(j, s) for s in (0, 1) for j in ("shoulder_abduction", *(("hip_abduction",) if leg else ()))]
    if words.startswith("the head"):  # a bridge lifted high: the head bends forward on the neck, off the floor
        joints.append(("neck", 0))
    return words, advice(pose, measure, joints + ([] if BASES[pose.base].upright else [("trunk", 0)]))
