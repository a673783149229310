"""An exercise file's `illustration:` block: found, read as plain data, written back from plain
data. Only the block's own lines change; the rest of the file (other front matter, comments, the
Markdown body) stays byte for byte as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..content.yaml_lines import LineDict, LineList, parse_yaml
from ..figures.anatomy import JOINTS
from ..files import create_file

FRAME_ORDER = ("caption", "base", "contacts", *JOINTS, "describe")
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'()/-]*")
WORDS_YAML_READS_AS_OTHER = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "auto"}


def exercise_files(content: Path) -> dict[str, Path]:
    """The exercises a studio may edit: content/exercises/<id>.md, not translations (<id>.es.md)."""
    folder = content / "exercises"
    return (
        {p.stem: p for p in sorted(folder.glob("*.md")) if "." not in p.stem and not p.is_symlink()}
        if folder.is_dir()
        else {}
    )


def locate(text: str) -> tuple[int, int, int]:
    """(first line, end line, closing line) of the block, 0-based, end exclusive; first == end at
    the closing `---` when the file has no block yet."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("the file has no front matter")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        raise ValueError("the front matter is not closed with ---")
    start = next((i for i in range(1, close) if re.match(r"illustration\s*:", lines[i])), None)
    if start is None:
        return close, close, close
    end = start + 1
    while end < close and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines after the block stay the file's
        end -= 1
    return start, end, close


def read_block(path: Path) -> tuple[dict | None, int]:
    """The block as plain data (None when there is none), and its first line number (1-based)."""
    text = path.read_bytes().decode("utf-8")
    start, end, _ = locate(text)
    if start == end:
        return None, start + 1
    errors: list = []
    data = parse_yaml("\n".join(text.split("\n")[start:end]).replace("\r", ""), str(path), errors, first_line=start + 1)
    block = data.get("illustration") if isinstance(data, LineDict) else None
    return _plain(block), start + 1


def _plain(value):
    if isinstance(value, (LineDict, dict)):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (LineList, list, tuple)):
        return [_plain(v) for v in value]
    return value


def scalar(value, in_flow: bool = False) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError("only numbers and words go into an illustration")
    if isinstance(value, (int, float)):
        return f"{value:g}"
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in WORDS_YAML_READS_AS_OTHER and not (in_flow and "," in text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a double-quoted YAML string


def flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v, True) for v in value) + "]"
    return scalar(value)


def to_yaml(block: dict) -> str:
    """The block as YAML, in the order docs/content.md writes it."""
    if not isinstance(block, dict) or not isinstance(block.get("frames"), list):
        raise ValueError("an illustration is a view, props, a band and frames")
    lines = ["illustration:"]
    for key in ("view", "props", "band"):
        if block.get(key) not in (None, "", []):
            lines.append(f"  {key}: {flow(block[key])}")
    lines.append("  frames:")
    for frame in block["frames"]:
        if not isinstance(frame, dict):
            raise ValueError("each frame is a set of fields")
        keys = [k for k in FRAME_ORDER if k in frame] + sorted(k for k in frame if k not in FRAME_ORDER)
        for index, key in enumerate(keys):
            lead = "    - " if index == 0 else "      "
            if not re.fullmatch(r"[a-z_]+", key):
                raise ValueError(f"a frame field cannot be called {key!r}")
            lines.append(f"{lead}{key}: {flow(frame[key])}")
    return "\n".join(lines)


def write_block(path: Path, block_yaml: str) -> str:
    """Put the block into the file in place of the old one, with the file's own line endings, and
    return the old block's text ('' if none). Written whole (files.create_file), never half."""
    text = path.read_bytes().decode("utf-8")  # bytes: a file's \r\n stays \r\n
    start, end, _ = locate(text)
    lines = text.split("\n")
    ending = "\r" if lines[0].endswith("\r") else ""
    old = "\n".join(lines[start:end])
    lines[start:end] = [line + ending for line in block_yaml.split("\n")] if block_yaml else []
    create_file(path, "\n".join(lines).encode("utf-8"), mode=path.stat().st_mode & 0o777)
    return old.replace("\r", "")
