"""Still frames as plain SVG line art: white fill and a black outline that runs round each limb as
one shape, the far side in grey behind, the working limb tinted, an arrow to where it goes next.
1 metre is SCALE SVG units; every exercise uses the same scale and strokes, and the same pose
always gives the same bytes. motion.py moves the same shapes."""

from __future__ import annotations

import html
import math
from functools import lru_cache

from ..content.model import Illustration, Pose
from .bases import BASES
from .picture import Frame, Layer, Picture, lay_out

SCALE = 100
ACCENT = "#1f6fb2"
# Body inks: (outline, fill, outline width). The far side is still 3:1 on white.
INKS = {
    "near": ("#111", "#fff", 1.7),
    "work": ("#111", "#dcebf8", 1.7),
    "far": ("#8a8a8a", "#ececec", 1.3),
    "far work": ("#8a8a8a", "#d3e2f0", 1.3),  # the working part behind: grey outline, the working tint
}
STYLES = {  # everything else: SVG attributes
    "hair": 'fill="#5a5a5a"',
    "eye": 'stroke="#111" stroke-width="2.6" stroke-linecap="round"',
    "line": 'fill="none" stroke="#111" stroke-width="1.1"',
    "prop": 'fill="#f3f3f3" stroke="#6f6f6f" stroke-width="1.6"',
    "anchor": 'fill="#8a8a8a" stroke="#555" stroke-width="1"',
    "wall": 'fill="#e4e4e4" stroke="#8f8f8f" stroke-width="1.6"',
    "mat": 'fill="#d4d4d4" stroke="#b5b5b5" stroke-width="1"',
    "edge": 'stroke="#222" stroke-width="2.6" stroke-linecap="round"',
    "shade": 'fill="none" stroke="#9a9a9a" stroke-width="1.6"',
    "towel": 'fill="#f1ece1" stroke="#6f6f6f" stroke-width="1.4"',
    "iron": 'fill="#3a3a3a" stroke="#111" stroke-width="1"',
    "handle": 'stroke="#3a3a3a" stroke-width="3"',
    "band": 'fill="none" stroke="#c0392b" stroke-width="3.2" stroke-linecap="round"',
    "strap": 'fill="none" stroke="#5b4636" stroke-width="4.2" stroke-linecap="round"',
}


def describe(pose: Pose) -> str:
    words = pose.describe or BASES[pose.base].words
    return f"{pose.caption}: {words}" if pose.caption else words[0].upper() + words[1:]


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=8192)
def _tenths(v: int) -> str:
    """A number of tenths as SVG writes it shortest: 12.3, -.5, 40."""
    whole, tenth = divmod(abs(v), 10)
    sign = "-" if v < 0 else ""
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


class Canvas:
    """Picture metres (y up) to SVG units (y down), and shapes as path data."""

    def __init__(self, picture: Picture, digits: int = 1):
        self.digits = digits  # decimals in path data: the moving figure uses whole units to stay small
        self.made: dict[tuple, str] = {}  # path data by its points: what does not move is the same in every frame
        self.left, self.bottom, right, self.top = picture.bounds
        self.width, self.height = (right - self.left) * SCALE, (self.top - self.bottom) * SCALE

    def xy(self, point) -> tuple[float, float]:
        return (point[0] - self.left) * SCALE, (self.top - point[1]) * SCALE

    def path(self, points, closed=True, smooth=True) -> str:
        """Path data through the points, in relative steps (shorter): smooth when closed (a
        quadratic curve through the midpoints of each side, the points as its control points),
        straight when open. Rounded before the steps are taken, so no error adds up."""
        key = (tuple(points), closed, smooth)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self._path(points, closed, smooth)
        return made

    def grid(self, points) -> list[tuple[int, int]]:
        """The points in SVG units (or tenths of one) as the path data writes them."""
        left, top, s = self.left, self.top, SCALE * 10**self.digits
        return [(round((x - left) * s), round((top - y) * s)) for x, y in points]

    def _path(self, points, closed: bool, smooth: bool) -> str:
        xy = self.grid(points)
        n = str if not self.digits else _tenths  # this runs for every shape of every frame: written out
        if not smooth or len(xy) < 3:
            steps = " ".join(
                f"{n(bx - ax)}{'' if by < ay else ' '}{n(by - ay)}"
                for (ax, ay), (bx, by) in zip(xy, xy[1:], strict=False)
            )
            return f"M{n(xy[0][0])} {n(xy[0][1])}l{steps}{'z' if closed else ''}"
        mids = [((a[0] + b[0]) // 2, (a[1] + b[1]) // 2) for a, b in zip(xy, xy[1:] + xy[:1], strict=True)]
        (hx, hy), d = mids[-1], []
        for (px, py), (mx, my) in zip(xy, mids, strict=True):
            d.append(f"{n(px - hx)}{'' if py < hy else ' '}{n(py - hy)} "
                     f"{n(mx - hx)}{'' if my < hy else ' '}{n(my - hy)}")
            hx, hy = mx, my
        return f"M{n(mids[-1][0])} {n(mids[-1][1])}q{' '.join(d)}z"

    def floor(self, picture: Picture) -> str:
        if picture.floor is None:
            return ""
        y = self.xy((0, picture.floor))[1]
        line = f'<path d="M0 {_n(y)}H{_n(self.width)}" stroke="#8a8a8a" stroke-width="2"/>'
        if not picture.ground:
            return line
        ground = f'<path fill="#efefef" d="{self.path(picture.ground, smooth=False)}"/>'
        near = sorted(y for _, y in picture.ground)[:2]  # seen at an angle (three-quarter), the floor has
        return ground + (line if near[1] - near[0] < 0.01 else "")  # no level near edge to draw as a line


def _path(attributes: str, d: str, inner: str) -> str:
    return f'<path {attributes} d="{d}">{inner}</path>' if inner else f'<path {attributes} d="{d}"/>'


def layer_svg(layer: Layer, paths: list[str], ids: list[str], inner: list[str] | None = None) -> str:
    """One layer. A body layer is drawn twice from the same paths: first thick in its outline colour,
    then filled on top, so the outline runs round the whole limb and not across its joints. `inner`
    holds what goes inside each path (motion.py's animation)."""
    inner = inner or [""] * len(paths)
    if layer.union:
        stroke, fill, width = INKS[layer.tone]
        outlined = "".join(_path(f'id="{i}"', d, extra) for i, d, extra in zip(ids, paths, inner, strict=True))
        filled = "".join(f'<use href="#{i}"/>' for i in ids)
        return (
            f'<g fill="{stroke}" stroke="{stroke}" stroke-width="{_n(2 * width)}" stroke-linejoin="round">'
            f'{outlined}</g><g fill="{fill}">{filled}</g>'
        )
    return "".join(
        _path(STYLES[shape.style], d, extra) for shape, d, extra in zip(layer.shapes, paths, inner, strict=True)
    )


def arrow_svg(canvas: Canvas, arrow) -> str:
    """The arrow picture.py worked out, ending in a head."""
    a, control, b = (canvas.xy(p) for p in arrow)
    tx, ty = b[0] - control[0], b[1] - control[1]
    size = math.hypot(tx, ty) or 1
    tx, ty = tx / size, ty / size
    head = [
        (b[0] + tx * 7, b[1] + ty * 7),
        (b[0] - tx * 5 - ty * 6, b[1] - ty * 5 + tx * 6),
        (b[0] - tx * 5 + ty * 6, b[1] - ty * 5 - tx * 6),
    ]
    return (
        f'<path d="M{_n(a[0])} {_n(a[1])}Q{_n(control[0])} {_n(control[1])} {_n(b[0])} {_n(b[1])}" fill="none" '
        f'stroke="{ACCENT}" stroke-width="2.6" stroke-linecap="round"/>'
        f'<path d="M{" ".join(f"{_n(x)} {_n(y)}" for x, y in head)}Z" fill="{ACCENT}"/>'
    )


def frame_svg(canvas: Canvas, frame: Frame, prefix: str) -> str:
    parts = []
    for index, layer in enumerate(frame.layers):
        paths = [canvas.path(s.points, s.closed, s.smooth) for s in layer.shapes]
        parts.append(layer_svg(layer, paths, [f"{prefix}{index}-{k}" for k in range(len(paths))]))
    return "".join(parts)


def is_tall(illustration: Illustration) -> bool:
    """Is the picture taller than it is wide (standing, sitting)? Such a figure's frames print side
    by side beside the steps rather than one above the other."""
    return lay_out(illustration).tall


def prints_across(illustration: Illustration) -> bool:
    """A tall picture of three frames or more: on paper three to a row across the card, the steps
    under them (two frames stand beside the steps)."""
    return is_tall(illustration) and len(illustration.frames) > 2


def shows_far_side(illustration: Illustration) -> bool:
    """Is some part of the body drawn grey, as the far side? Seen from the front or from above often
    none is, and the legend that explains grey would only puzzle."""
    return any(layer.tone in ("far", "far work") for frame in lay_out(illustration).frames for layer in frame.layers)


def draw(illustration: Illustration, name: str = "f") -> list[tuple[str, str]]:
    """One still SVG per keyframe, all with the same viewBox: [(svg, caption), ...]. These are what
    paper and screens that ask for less motion show, side by side. `name` keeps the SVG ids of
    different figures on one page apart."""
    picture = lay_out(illustration)
    canvas = Canvas(picture)
    panels = []
    for number, frame in enumerate(picture.frames):
        body = frame_svg(canvas, frame, f"{name}-{number}-")
        arrow = arrow_svg(canvas, frame.arrow) if frame.arrow else ""
        words = illustration.frames[number]  # the layout is shared by every language: the words are not
        label = html.escape(describe(words), quote=True)
        panels.append(
            (
                f'<svg viewBox="0 0 {_n(canvas.width)} {_n(canvas.height)}" role="img" aria-label="{label}">'
                f"<title>{label}</title>{canvas.floor(picture)}{body}{arrow}</svg>",
                words.caption,
            )
        )
    return panels
