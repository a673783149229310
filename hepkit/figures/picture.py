"""One illustration laid out: every frame set down among its props, seen by one camera, as layers
of shapes in picture metres with the far side behind and the near side in front. drawing.py writes
the layers as still SVG frames, motion.py as one moving SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..content.model import Illustration, Pose
from . import anatomy as A
from .arrows import arrow, beyond_trunk
from .band import band_ends, band_shapes
from .contacts import settle
from .outline import facing, hair, head_shapes, tube_outline
from .planting import planted, steady
from .scenery import Shape, across_shapes, behind_shapes, fixed, held_shapes
from .skeleton import Skeleton
from .vectors import columns, dot
from .views import Camera, camera, default_view

ANCHORS = ("door", "behind", "in front", "left", "right")  # band ends that do not move
LIMB = {
    "thigh": "leg",
    "shank": "leg",
    "foot": "leg",
    "upper_arm": "arm",
    "forearm": "arm",
    "hand": "arm",
    "torso": "torso",
    "neck": "torso",
}
ORDER = {"leg": 0, "torso": 1, "head": 2, "arm": 3}  # at the same depth: legs behind the trunk, arms in front
FAR = 0.06  # metres behind the trunk's middle that make a limb "the far side"
MOVES = 0.06  # metres a limb's end must travel between frames to count as the working part
BODY = ("leg.", "arm.", "torso", "head", "behind", "across")  # the body and its props: what an arrow keeps off
TALL_FRAME = 60 / 50  # a tall picture's width to its height at the least: 60 mm wide, 50 mm high on paper
ACROSS_FRAME = 60 / 38  # the same with three frames or more, which print three to a row across the card
MOST_SHOWN = 3  # positions the moving figure goes through and paper prints (see key_frames)


def key_frames(count: int) -> list[int]:
    """The frames the moving figure goes through and paper prints: every one of up to three; of more,
    the first, the middle one and the last (screens that ask for less motion show them all). Each
    frame more made the moving figure 3 KB larger, and a printed card taller than half a page."""
    return list(range(count)) if count <= MOST_SHOWN else [0, count // 2, count - 1]


@dataclass
class Layer:
    key: str  # "leg.0", "torso", "behind", "held", ...
    shapes: list[Shape]
    tone: str = "near"  # near, far, work, far work (the working part on the far side): how a body layer is inked
    union: bool = False  # outlined as one shape (the parts of one limb flow into each other)


@dataclass
class Frame:
    pose: Pose
    skeleton: Skeleton
    layers: list[Layer] = field(default_factory=list)
    arrow: tuple | None = None  # a curve (start, control, end) in picture metres: where the working part goes next


def _group(tube) -> str:
    kind = LIMB[tube.kind]
    return kind if tube.side is None else f"{kind}.{tube.side}"


def _body_layers(skeleton: Skeleton, cam: Camera, working: set[str], features: dict, kept: dict) -> list[Layer]:
    """The body's parts in painter's order: by depth in steps of 3 cm, then by kind. `kept` holds
    each part's step in the frame before: a part keeps it unless it has moved a whole step from it,
    so two parts about as deep do not swap from frame to frame (a thigh's top that showed in front
    of the pelvis in one frame and behind it in the next, with the trunk 1° further forwards)."""
    groups: dict[str, list[Shape]] = {}
    depths: dict[str, list[float]] = {}
    for tube in skeleton.tubes:
        key = _group(tube)
        groups.setdefault(key, []).append(Shape(tube_outline(tube, cam), "body", smooth=True))
        if tube.kind != "foot":  # a foot reaches towards a viewer in front, and only the leg meets the trunk
            depths.setdefault(key, []).extend(cam.depth(s.centre) for s in tube.stations)
    groups["head"] = [Shape(points, "body", smooth=True) for points in head_shapes(skeleton, cam)]
    depths["head"] = [cam.depth(skeleton.points["head"])]
    middle = sum(depths["torso"]) / len(depths["torso"])
    mean = {key: sum(found) / len(found) for key, found in depths.items()}
    # seen from in front, behind or above, the working part is inked in full even when behind the
    # trunk: it is what the patient must follow (a monster walk's stepping leg, bent back, was grey)
    across = abs(dot(columns(skeleton.turns["pelvis"])[2], cam.toward)) > 0.5  # a side or three-quarter view
    layers = []
    for key, shapes in groups.items():
        depth = mean[key]
        other = mean.get(key[:-1] + str(1 - int(key[-1])), depth) if key[-1] in "01" else depth
        # the far side: grey, its working part still tinted. Behind the trunk and behind its other
        # side: arms lying on the floor seen from above are below the trunk, but neither is behind
        if depth < middle - FAR and depth < other - FAR and (across or key not in working):
            tone = "far work" if key in working else "far"
        else:
            tone = "work" if key in working else "near"
        if key == "head":  # the head sits on the trunk: drawn just after it unless it is nearer
            depth = max(depth, middle)
        steps = (depth - middle) / 0.03
        step = kept[key] if key in kept and abs(steps - kept[key]) < 1.0 else round(steps)
        kept[key] = step
        layers.append((step, ORDER[key.split(".")[0]], key, Layer(key, shapes, tone, union=True)))
    layers.sort(key=lambda item: item[:3])
    found = [layer for *_, layer in layers]
    face = _face(skeleton, cam, features)
    head = next(layer for layer in found if layer.key == "head")
    found.insert(found.index(head) + 1, Layer("face", face))
    return found


def _face(skeleton: Skeleton, cam: Camera, features: dict) -> list[Shape]:
    """Hair, eyes, an ear and a mouth, where the head turns them towards the viewer. Which ones show
    is decided once for the illustration (`features`), so every frame has the same shapes."""
    shapes = [Shape(fixed(hair(skeleton, cam), 28), "hair", smooth=True)]
    for side, sign in ((0, -1), (1, 1)):
        eye = (A.EYE[0], A.EYE[1], sign * A.EYE[2])
        if features.setdefault(f"eye.{side}", facing(skeleton, (0.7, 0.0, sign * 0.7), cam) > 0.05):
            x, y = cam.flat(skeleton.in_head(eye))
            shapes.append(Shape([(x, y), (x + 0.001, y)], "eye", closed=False))
        ear = (A.EAR[0], A.EAR[1], sign * A.EAR[2])
        if features.setdefault(f"ear.{side}", facing(skeleton, (0.0, 0.0, sign), cam) > 0.35):
            cx, cy = cam.flat(skeleton.in_head(ear))
            ahead = cam.flat(skeleton.in_head((ear[0] + 0.05, ear[1], ear[2])))
            way = 1 if ahead[0] >= cx else -1  # the ear's open side faces the face
            shapes.append(
                Shape(
                    [
                        (cx - way * 0.014 * math.sin(a), cy + 0.022 * math.cos(a))
                        for a in (math.radians(d) for d in range(20, 200, 30))
                    ],
                    "line",
                    closed=False,
                )
            )
    if features.setdefault("mouth", facing(skeleton, (1.0, 0.0, 0.0), cam) > 0.5):
        shapes.append(
            Shape(
                [cam.flat(skeleton.in_head((A.MOUTH[0], A.MOUTH[1], dz))) for dz in (-0.022, 0.0, 0.022)],
                "line",
                closed=False,
            )
        )
    return shapes


def _working(poses: list[Pose]) -> tuple[set[str], dict[str, int]]:
    """The limbs whose joints turn most between frames (the trunk counts double: it moves the
    whole body): they are tinted, and an arrow shows where they go. Also which arm and which leg
    move more, for what they hold."""
    limbs = {"torso": [("trunk", 0, 2), ("lower_back", 0, 2), ("side_bend", 0, 2), ("trunk_rotation", 0, 2)]}
    for side in (0, 1):
        limbs[f"leg.{side}"] = [
            (j, side, 1) for j in ("hip", "hip_abduction", "hip_rotation", "hip_open", "knee", "ankle")
        ]
        limbs[f"arm.{side}"] = [(j, side, 1) for j in ("shoulder", "shoulder_abduction", "shoulder_rotation", "elbow")]
    turned = {
        key: max(
            (
                sum(w * abs(a.angle(j, s) - b.angle(j, s)) for j, s, w in joints)
                for a, b in zip(poses, poses[1:], strict=False)
            ),
            default=0.0,
        )
        for key, joints in limbs.items()
    }
    most = max(turned.values(), default=0.0)
    working = {key for key, degrees in turned.items() if degrees >= 8 and degrees >= 0.6 * most}
    sides = {kind: 1 if turned[f"{kind}.1"] > turned[f"{kind}.0"] else 0 for kind in ("arm", "leg")}
    both = turned["arm.0"] > 0 and abs(turned["arm.0"] - turned["arm.1"]) < 1  # both arms alike: a weight in each
    sides["arms"] = (0, 1) if both else (sides["arm"],)
    return working, sides


def _floor_line(cam: Camera, settled: list) -> float:
    """Where the floor's near edge is in the picture: the lowest corner of the floor under the
    body, its mat and its props, as the camera sees it. Level with the floor in a side view;
    lower than the feet when the camera looks a little from above (lying on the side, seen from
    the front), where the floor line was drawn across the mat."""
    return min(y for _, y in _floor_corners(cam, settled))


def _ground(cam: Camera, settled: list) -> list[tuple[float, float]] | None:
    """The floor under the body as the camera sees it from a little above (standing in a
    three-quarter view, lying on the side from the front), to be drawn as a patch: with the floor
    line alone below them, the feet seemed to float 12 cm above it. None when the camera is level."""
    if not 0.05 < cam.toward[1] <= 0.9:
        return None
    a, b, c, d = _floor_corners(cam, settled, 0.3)
    return [a, b, d, c]  # round the rectangle


def _floor_corners(cam: Camera, settled: list, margin: float = 0.12) -> list[tuple[float, float]]:
    """The corners of the floor under the body and its props, `margin` beyond them along the body."""
    xs, zs = [], []
    for skeleton, scene, _ in settled:
        xs += [p[0] for p in skeleton.points.values()]
        zs += [p[2] for p in skeleton.points.values()]
        for box in scene.boxes.values():
            xs += [box.back, box.front]
            zs += [box.near, box.far]
    corners = [(x, 0.0, z) for x in (min(xs) - margin, max(xs) + margin)
               for z in (min(-0.32, min(zs)), max(0.32, max(zs)))]
    return [cam.flat(corner) for corner in corners]


@dataclass
class Picture:
    camera: Camera
    frames: list[Frame]
    bounds: tuple[float, float, float, float]  # left, bottom, right, top in picture metres
    floor: float | None  # the floor line's height in the picture, None seen from above
    tall: bool = False  # standing, sitting: printed side by side beside the steps, not across the card
    ground: list[tuple[float, float]] | None = None  # the floor seen from a little above, as a patch


def lay_out(illustration: Illustration) -> Picture:
    """The illustration laid out, remembered by its geometry only (drawn still, drawn moving and
    measured for paper, in every language it is translated into: laid out once). Its frames'
    words are the caller's to take from `illustration`."""
    bare = tuple(replace(pose, caption="", describe="") for pose in illustration.frames)
    return _lay_out(replace(illustration, frames=bare))


@lru_cache(maxsize=64)
def _lay_out(illustration: Illustration) -> Picture:
    props = illustration.props
    first_base = illustration.frames[0].base
    cam = camera(illustration.view or default_view(first_base), first_base)
    poses = list(illustration.frames)
    settled = steady(poses, planted(poses, [settle(pose, props) for pose in poses]))
    skeletons = [s for s, _, _ in settled]
    working, sides = _working(list(illustration.frames))
    band = illustration.band or (
        ("door" if "door" in props else "under left foot", "left hand") if "band" in props or "strap" in props else ()
    )
    features: dict = {}
    kept: dict = {}  # each body part's depth step in the frame before
    frames = []
    for pose, (skeleton, scene, _) in zip(illustration.frames, settled, strict=True):
        frame = Frame(pose, skeleton)
        frame.layers.append(Layer("behind", behind_shapes(scene, props, cam, skeleton)))
        body = _body_layers(skeleton, cam, working, features, kept)
        far = sum(1 for layer in body if layer.tone in ("far", "far work"))  # sorted by depth: the far side first
        across = across_shapes(scene, cam)
        frame.layers += body[:far] + ([Layer("across", across)] if across else []) + body[far:]
        for limb, shapes in held_shapes(skeleton, props, cam, sides).items():
            # just after the limb that holds it, so whatever hides the limb hides it too
            at = next(i for i, layer in enumerate(frame.layers) if layer.key == limb)
            frame.layers.insert(at + 1, Layer(f"held.{limb}", shapes))
        if band:
            fixed = any(end in ANCHORS for end in band)
            frame.layers.append(
                Layer(
                    "band",
                    band_shapes(
                        band_ends(skeleton, scene, band, skeletons[0]),
                        cam,
                        "strap" if "strap" in props else "band",
                        fixed,
                    ),
                )
            )
        frames.append(frame)
    floor = None if abs(cam.toward[1]) > 0.9 else _floor_line(cam, settled)
    ground = None if floor is None else _ground(cam, settled)
    ends = {  # the points of each limb an arrow may follow, its end first
        **{f"leg.{side}": (f"toe.{side}", f"heel.{side}", f"knee.{side}") for side in (0, 1)},
        **{f"arm.{side}": (f"fingers.{side}", f"elbow.{side}") for side in (0, 1)},
        "torso": ("pelvis",),
    }
    for here, there in zip(frames, frames[1:], strict=False):

        def travel(point: str, here=here, there=there) -> float:
            return math.dist(here.skeleton.points[point], there.skeleton.points[point])

        def followed(limb: str) -> str:
            """The limb's end, unless another of its points travels twice as far (a heel raise's
            heel, a clam's knee: their toes hardly move)."""
            end, *others = ends[limb]
            furthest = max(others, key=travel, default=end)
            return furthest if travel(furthest) >= 2 * travel(end) else end

        def seen(point: str, here=here, there=there) -> float:  # its travel as the picture shows it
            return math.dist(cam.flat(here.skeleton.points[point]), cam.flat(there.skeleton.points[point]))

        moving = [followed(k) for k in sorted(working)]  # sorted: with both arms alike, always the same one
        if moving:
            name = max(moving, key=travel)
            if seen("pelvis") >= seen(name):  # the body itself moves most (standing up from a chair, a bridge,
                name = "pelvis"  # sitting back into a strap): its arrow, not the knee's
            a, b = cam.flat(here.skeleton.points[name]), cam.flat(there.skeleton.points[name])
            if math.dist(a, b) >= MOVES:
                if name == "pelvis":
                    torso = [p for layer in here.layers if layer.key == "torso" for s in layer.shapes for p in s.points]
                    a, b = beyond_trunk(torso, a, b)
                limb = next(k for k, points in ends.items() if name in points)  # the arrow stays off it
                own = [shape.points for layer in here.layers if layer.key == limb for shape in layer.shapes]
                middle = cam.flat(here.skeleton.points["lumbar"])
                rest = [shape.points for layer in here.layers if layer.key != limb and layer.key.startswith(BODY)
                        for shape in layer.shapes if len(shape.points) > 2]
                here.arrow = arrow(a, b, middle, [s for s in own if len(s) > 2], floor, rest)
    points = [p for f in frames for layer in f.layers for s in layer.shapes for p in s.points]
    points += [p for f in frames if f.arrow for p in f.arrow]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if floor is not None:
        ys.append(floor)
    if ground:  # seen at an angle, the floor's nearest corner is lower than the line's
        ys.append(min(y for _, y in ground))
    pad = 0.05
    left, bottom, right, top = min(xs) - pad, min(ys) - 0.04, max(xs) + pad, max(ys) + pad
    tall = top - bottom > 0.9 * (right - left)
    if tall:  # a frame at least TALL_FRAME (or ACROSS_FRAME) times as wide as it is high, the figure in its middle
        least = TALL_FRAME if len(frames) == 2 else ACROSS_FRAME
        widen = max(0.0, least * (top - bottom) - (right - left)) / 2
        left, right = left - widen, right + widen
    return Picture(cam, frames, (left, bottom, right, top), floor, tall, ground)
