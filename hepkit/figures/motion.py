"""The moving figure: every body part a group that turns about its joint, nested as the body is,
with CSS keyframes that stay on each frame for a moment. figure.py lays out and draws the frames."""
from __future__ import annotations

import html
import math

from ..content.model import Illustration
from .body import HEAD_R, WIDTHS
from .drawing import SCALE, ball_shape, body_parts, capsule, disc, layout, part_shape, scenery_shapes, trunk_shape

MOVE, STAY = 1.2, 1.0  # seconds to move between frames, and to stay in each


def _angle(a, b) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _turn_between(a: float, b: float) -> float:
    return (b - a + 180) % 360 - 180


def animate(illustration: Illustration, name: str, label: str) -> str:
    """The figure moving through its frames and back: every body part is a group that turns about
    its joint, nested as the body is, with CSS keyframes that stay on each frame for a moment.
    Drawn at the first frame, so it is still a correct picture where nothing moves."""
    frames, width, height, to_svg = layout(illustration)
    first = frames[0]
    count = len(frames)
    cycle = 2 * (count - 1) * MOVE + 2 * (count - 1) * STAY if count > 1 else STAY
    # Times at which each frame is reached and left: 0 -> 1 -> ... -> n -> ... -> 0.
    route = list(range(count)) + list(range(count - 2, 0, -1))
    stops, t = [], 0.0
    for index in route:
        stops.append((index, t, t + STAY))
        t += STAY + MOVE

    def keyframes(values: list[str], prop: str) -> str:
        steps = []
        for index, arrive, leave in stops:
            steps.append(f"{100 * arrive / cycle:.2f}%,{100 * leave / cycle:.2f}%{{transform:{values[index]}}}")
        steps.append(f"100%{{transform:{values[0]}}}")
        return "".join(steps)

    css, counter = [], [0]

    def group(turns: list[float] | None, origin, content: str, moves=None) -> str:
        counter[0] += 1
        key = f"{name}-{counter[0]}"
        if turns is not None and any(abs(t) > 0.05 for t in turns):
            values = [f"rotate({t:.1f}deg)" for t in turns]
        elif moves is not None and any(abs(dx) > 0.05 or abs(dy) > 0.05 for dx, dy in moves):
            values = [f"translate({dx:.1f}px,{dy:.1f}px)" for dx, dy in moves]
        else:
            return content
        css.append(f"@keyframes {key}{{{keyframes(values, 'transform')}}}"
                   f".{key}{{transform-box:view-box;transform-origin:{origin[0]:.1f}px {origin[1]:.1f}px;"
                   f"animation:{key} {cycle:.1f}s ease-in-out infinite}}")
        return f'<g class="{key}">{content}</g>'

    def turns_of(a: str, b: str, parent_turns: list[float]) -> list[float]:
        base = _angle(first.p[a], first.p[b])
        own = [_turn_between(base, _angle(f.p[a], f.p[b])) for f in frames]
        return [o - q for o, q in zip(own, parent_turns, strict=True)]

    zero = [0.0] * count
    trunk_turns = turns_of("pelvis", "neck", zero)
    trunk_total = [t for t in trunk_turns]

    def chain(parts: list[tuple], parent_total: list[float]) -> str:
        """Nested groups for one limb; each part turns relative to the one it hangs from."""
        if not parts:
            return ""
        part, rest = parts[0], parts[1:]
        _, a, b, _, _ = part
        own_total = [_turn_between(_angle(first.p[a], first.p[b]), _angle(f.p[a], f.p[b])) for f in frames]
        relative = [o - q for o, q in zip(own_total, parent_total, strict=True)]
        return group(relative, first.p[a], part_shape(part, first.p, SCALE) + chain(rest, own_total))

    far, near = body_parts(1), body_parts(0)
    upper = (chain(far["arm"], trunk_total)
             + trunk_shape(first.p, first.pose.base, SCALE)
             + group(turns_of("neck", "head", trunk_total), first.p["neck"],
                     capsule(first.p["neck"], first.p["head"], *(w * SCALE for w in WIDTHS["neck"]), 0)
                     + disc(first.p["head"], HEAD_R * SCALE, 0))
             + chain(near["arm"], trunk_total))
    body = chain(far["leg"], zero) + group(trunk_turns, first.p["pelvis"], upper) + chain(near["leg"], zero)
    moves = [(f.p["pelvis"][0] - first.p["pelvis"][0], f.p["pelvis"][1] - first.p["pelvis"][1]) for f in frames]
    body = group(None, first.p["pelvis"], body, moves)
    scenery = "".join(scenery_shapes(illustration, first, width, to_svg, with_ball=False))
    if first.ball:
        ball_moves = [(f.ball[0] - first.ball[0], f.ball[1] - first.ball[1]) for f in frames]
        scenery += group(None, first.ball, ball_shape(first.ball), ball_moves)
    label = html.escape(label, quote=True)
    return (f'<svg viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{label}"><title>{label}</title>'
            f'<style>{"".join(css)}</style>{scenery}{body}</svg>')
