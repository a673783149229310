"""The private sheet salt: where it is read from and how the first build makes it.

It is HEPKIT_SHEET_SALT, or content/.sheet-salt (0600, git-ignored); readers.choose_salt weighs
it against an old `sheet_salt:` in site.yaml. The salt keeps sheet file names from saying whose
they are, so the file is made only by hepkit, never through a link, and a link that leads out of
content/ is refused.
"""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from .errors import ContentError
from .files import create_file

SALT_FILE = ".sheet-salt"
ENVIRONMENT = "HEPKIT_SHEET_SALT"
NOTE = b"""# hepkit's private sheet salt: it keeps sheet file names from showing whose they are.
# Keep this file out of git and out of shared folders. A second computer that builds the same
# sheets needs the same line (copy this file, or set HEPKIT_SHEET_SALT to it).
"""


def read_salt(root: Path, shown_root: Path, errors: list[ContentError], read_text) -> str:
    """The salt, or "" when there is none yet. `read_text` is load's reader (it reports problems)."""
    if os.environ.get(ENVIRONMENT, "").strip():
        return os.environ[ENVIRONMENT].strip()
    path, shown = root / SALT_FILE, str(shown_root / SALT_FILE)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root.resolve()):
            errors.append(ContentError(shown, 1, "the sheet salt is a link to a file outside the content folder",
                                       f"replace the link with the file itself (cp --remove-destination "
                                       f"\"$(readlink -f {shown})\" {shown}), or delete it to get a new salt"))
            return ""
    if not path.is_file():
        return ""
    text = read_text(path, shown, errors) or ""
    return "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))


def make_salt(content_dir: str | Path) -> str:
    """Write content/.sheet-salt with a random salt, readable by its owner only; returns the salt."""
    salt = secrets.token_hex(16)
    path = Path(content_dir) / SALT_FILE
    create_file(path, NOTE + salt.encode() + b"\n", mode=0o600)
    print(f"Made a private sheet salt in {path}: keep it out of git; copy it to any other computer "
          "that builds the same sheets.", file=sys.stderr)
    return salt
