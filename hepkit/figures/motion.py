"""The moving figure: the still frames' shapes morph into each other (SVG animation of each path's
outline, which works in every browser and needs no script), staying on each frame for a moment and
going back to the first. Drawn at the first frame, so it is still a correct picture where nothing
moves."""

from __future__ import annotations

import html

from ..content.model import Illustration
from .drawing import Canvas, _n, layer_svg
from .picture import key_frames, lay_out

SECONDS = 2.4  # from one frame to the next; a strong ease lingers on each frame before it moves on
EASE = "0.85 0 0.15 1"


def animate(illustration: Illustration, name: str, label: str) -> str:
    picture = lay_out(illustration)
    canvas = Canvas(picture, digits=0)
    frames = [picture.frames[i] for i in key_frames(len(picture.frames))]
    count = len(frames)
    # 0 1 0; with three frames 0 1 2 and straight back to 0 (going back through the middle again
    # would write every path once more: a standing figure of three frames would outgrow 20 KB)
    order = [0, 1, 0] if count == 2 else [*range(count), 0]
    steps = len(order) - 1
    key_times = ";".join(f"{i / steps:.4g}" for i in range(steps + 1))
    timing = (
        f'dur="{_n(steps * SECONDS)}s" repeatCount="indefinite" keyTimes="{key_times}" calcMode="spline" '
        f'keySplines="{";".join([EASE] * steps)}"'
    )
    first = frames[0]
    keyed = [{layer.key: layer for layer in frame.layers} for frame in frames]
    parts = []
    for index, layer in enumerate(first.layers):
        paths, inner = [], []
        for k, shape in enumerate(layer.shapes):
            shapes = [keyed[f][layer.key].shapes[k].points for f in range(count)]
            ds = [canvas.path(points, shape.closed, shape.smooth) for points in shapes]
            paths.append(ds[0])
            inner.append(
                ""
                if len(set(ds)) == 1 or _still(canvas, shapes)
                else f'<animate attributeName="d" values="{";".join(ds[i] for i in order)}" {timing}/>'
            )
        parts.append(layer_svg(layer, paths, [f"{name}-{index}-{k}" for k in range(len(paths))], inner))
    label = html.escape(label, quote=True)
    return (
        f'<svg viewBox="0 0 {_n(canvas.width)} {_n(canvas.height)}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{canvas.floor(picture)}{''.join(parts)}</svg>"
    )


def _still(canvas: Canvas, shapes: list) -> bool:
    """Does a shape move by no more than one unit in any frame (a prop or a planted foot whose
    place rounds differently)? It is drawn still: the jitter is not movement, and costs bytes."""
    first = canvas.grid(shapes[0])
    return all(
        len(grid) == len(first)
        and all(abs(a - c) <= 1 and abs(b - d) <= 1 for (a, b), (c, d) in zip(first, grid, strict=True))
        for grid in map(canvas.grid, shapes[1:])
    )
