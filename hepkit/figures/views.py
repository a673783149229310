"""Where the picture is seen from: an orthographic camera for each `view:`, and the default view for
each base position. Views are named from the patient: `front` looks at their front, `side` at their
left side, `top` straight down from above."""

from __future__ import annotations

from dataclasses import dataclass

from .bases import BASES
from .vectors import Vec, add, columns, cross, dot, scale, unit

VIEWS = ("side", "front", "back", "top", "three-quarter")
UP = (0.0, 1.0, 0.0)


@dataclass(frozen=True)
class Camera:
    right: Vec  # the picture's x axis, in the world
    up: Vec  # the picture's y axis
    toward: Vec  # from the body towards the viewer: larger is nearer

    def flat(self, point: Vec) -> tuple[float, float]:
        return (dot(point, self.right), dot(point, self.up))

    def depth(self, point: Vec) -> float:
        return dot(point, self.toward)

    def lift(self, x: float, y: float) -> Vec:
        """A direction in the picture as a direction in the world."""
        return add(scale(self.right, x), scale(self.up, y))


def default_view(base: str) -> str:
    return BASES[base].view


def camera(view: str, base: str) -> Camera | None:
    """The camera for a view of a base position, or None when it would look from under the floor."""
    front, _, right = columns(BASES[base].turn)
    left = scale(right, -1)
    facing = front if dot(front, UP) > -0.3 else scale(front, -1)  # face down: the back is what is seen
    between = unit(add(left, facing))
    if abs(dot(front, UP)) < 0.3:  # upright: a little from above as well
        between = add(between, (0.0, 0.35, 0.0))
    toward = {"side": left, "front": front, "back": scale(front, -1), "top": UP, "three-quarter": between}[view]
    if base == "side" and view in ("front", "back"):  # lying on the side: seen a little from above
        toward = add(_level(toward), (0.0, 0.3, 0.0))
    if dot(unit(toward), UP) < -0.3:
        return None
    toward = unit(toward)
    if abs(dot(toward, UP)) > 0.9:  # from above: the body's length runs across the picture
        right_axis = unit(add((1.0, 0.0, 0.0), scale(toward, -toward[0])))
    elif view == "side":  # drawn facing right, as clinical side views are (a mirror of the view from the left)
        right_axis = unit(cross(toward, UP))
        return Camera(right_axis, cross(right_axis, toward), toward)
    else:  # every other view as it is seen: from the front, the patient's left is on the picture's right
        right_axis = unit(cross(UP, toward))
    return Camera(right_axis, cross(toward, right_axis), toward)


def _level(v: Vec) -> Vec:
    flat = (v[0], 0.0, v[2])
    return unit(flat) if dot(flat, flat) > 1e-9 else flat
