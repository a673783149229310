"""The moving figure: the still frames' shapes morph into each other (SVG animation of each path's
outline, which works in every browser and needs no script), staying on each frame for a moment and
going back again. Drawn at the first frame, so it is still a correct picture where nothing moves."""

from __future__ import annotations

import html

from ..content.model import Illustration
from .drawing import Canvas, _n, layer_svg
from .picture import lay_out

SECONDS = 2.4  # from one frame to the next; a strong ease lingers on each frame before it moves on
EASE = "0.85 0 0.15 1"


def animate(illustration: Illustration, name: str, label: str) -> str:
    picture = lay_out(illustration)
    canvas = Canvas(picture, digits=0)
    frames = picture.frames
    count = len(frames)
    order = list(range(count)) + list(range(count - 2, -1, -1))  # 0 1 .. n-1 .. 1 0
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
            ds = [canvas.path(keyed[f][layer.key].shapes[k].points, shape.closed, shape.smooth) for f in range(count)]
            paths.append(ds[0])
            inner.append(
                ""
                if len(set(ds)) == 1
                else f'<animate attributeName="d" values="{";".join(ds[i] for i in order)}" {timing}/>'
            )
        parts.append(layer_svg(layer, paths, [f"{name}-{index}-{k}" for k in range(len(paths))], inner))
    label = html.escape(label, quote=True)
    return (
        f'<svg viewBox="0 0 {_n(canvas.width)} {_n(canvas.height)}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{canvas.floor(picture)}{''.join(parts)}</svg>"
    )
