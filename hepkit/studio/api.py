"""The studio's requests, as tornado handlers that serve.py routes under /_studio/. Every request
must name this server (127.0.0.1, localhost or [::1] at its port); every request that changes a
file must also come from one of its pages (the Origin header), and may change only the
`illustration:` block of a file in content/exercises/."""

from __future__ import annotations

import json
from pathlib import Path

from tornado import web

from ..content.yaml_lines import parse_yaml
from ..errors import ContentError
from ..figures.anatomy import JOINTS, ONE_PER_BODY
from ..figures.bases import BASES
from ..figures.drawing import draw
from ..figures.poses import BAND_ENDS, parse_illustration
from ..figures.props import PROPS, SURFACES
from ..figures.views import VIEWS
from .blocks import exercise_files, read_block, to_yaml, write_block

HERE = Path(__file__).parent
ASSETS = {"studio.js": "text/javascript; charset=utf-8", "studio.css": "text/css; charset=utf-8"}
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
LARGEST = 64 * 1024  # bytes a request may carry


class StudioHandler(web.RequestHandler):
    """Shared checks: this server's host; for a change, this server's Origin."""

    def initialize(self, content: str, hosts: set[str]):
        self.content, self.hosts = Path(content), hosts

    def prepare(self):
        if self.request.host not in self.hosts:
            raise web.HTTPError(403)
        if self.request.method != "GET":
            if self.request.headers.get("Origin") != f"http://{self.request.host}":
                raise web.HTTPError(403)
            if len(self.request.body) > LARGEST:
                raise web.HTTPError(413)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Security-Policy", POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")

    def answer(self, data) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data))

    def exercise(self, exercise_id) -> Path:
        path = exercise_files(self.content).get(str(exercise_id))
        if path is None:
            raise web.HTTPError(404)
        return path

    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400) from None
        if not isinstance(data, dict):
            raise web.HTTPError(400)
        return data


class StudioPage(StudioHandler):
    def get(self, name: str = ""):
        if name and name not in ASSETS:
            raise web.HTTPError(404)
        self.set_header("Content-Type", ASSETS.get(name, "text/html; charset=utf-8"))
        self.finish((HERE / (name or "studio.html")).read_bytes())


class StudioApi(StudioHandler):
    """GET exercises: the list and what a studio can offer; GET block?id=: one block as data.
    POST draw / save / undo with {"id": ..., "illustration": {...}}."""

    undo: dict[str, list[str]] = {}  # exercise id -> earlier blocks, newest last

    def get(self, action: str):
        if action == "exercises":
            files = exercise_files(self.content)
            return self.answer(
                {
                    "exercises": list(files),
                    "joints": {k: [*v[0], v[1]] for k, v in JOINTS.items()},
                    "one_per_body": ONE_PER_BODY,
                    "bases": list(BASES),
                    "views": list(VIEWS),
                    "props": sorted(PROPS),
                    "surfaces": sorted(SURFACES),
                    "band_ends": list(BAND_ENDS),
                }
            )
        if action == "block":
            path = self.exercise(self.get_query_argument("id", ""))
            block, _ = read_block(path)
            return self.answer({"illustration": block, "undo": len(self.undo.get(path.stem, []))})
        raise web.HTTPError(404)

    def post(self, action: str):
        data = self.body()
        path = self.exercise(data.get("id"))
        if action == "undo":
            earlier = self.undo.get(path.stem) or []
            if not earlier:
                return self.answer({"ok": False, "errors": ["nothing to undo"]})
            write_block(path, earlier.pop())
            return self.answer({"ok": True, "illustration": read_block(path)[0], "undo": len(earlier)})
        try:
            block_yaml = to_yaml(data.get("illustration"))
        except (ValueError, TypeError) as problem:
            return self.answer({"ok": False, "errors": [str(problem)], "frames": []})
        frames, errors, angles = self.drawn(path, block_yaml)
        if action == "draw":
            return self.answer(
                {"ok": not errors, "errors": errors, "frames": frames, "angles": angles, "yaml": block_yaml}
            )
        if action == "save":
            if errors:
                return self.answer({"ok": False, "errors": errors, "frames": frames})
            self.undo.setdefault(path.stem, []).append(write_block(path, block_yaml))
            return self.answer({"ok": True, "errors": [], "frames": frames, "undo": len(self.undo[path.stem])})
        raise web.HTTPError(404)

    def drawn(self, path: Path, block_yaml: str) -> tuple[list[str], list[str], list[dict]]:
        """The frames as the build draws them, and each frame's angles as drawn (with those hepkit
        found); or check's messages, with the file's own line numbers."""
        _, line = read_block(path)
        where = str(path.relative_to(self.content.parent)) if self.content.parent in path.parents else str(path)
        errors: list[ContentError] = []
        data = parse_yaml(block_yaml, where, errors, first_line=line)
        illustration = parse_illustration(data.get("illustration"), where, line, errors) if not errors else None
        if errors or illustration is None:
            return [], [str(e) for e in errors] or [f"{where}:{line}: this illustration cannot be drawn"], []
        angles = [{joint: list(pair) for joint, pair in pose.angles} for pose in illustration.frames]
        return [svg for svg, _ in draw(illustration, "st")], [], angles
