"""The private sheet salt, all of it: where it is read from, which one wins, when to warn, and how
the first build makes it.

It is HEPKIT_SHEET_SALT, or content/.sheet-salt (0600, git-ignored); choose_salt weighs it
against an old `sheet_salt:` in site.yaml and warns when the salt keeps nothing private. The
salt keeps sheet file names from saying whose they are, so the file is made only by hepkit, never
through a link, and a link that leads out of content/ is refused.
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


EXAMPLE_SALT = "riverbend-example-salt-4e1c"  # the shipped example's, public on purpose
SHORTEST_SALT = 16
SALT_HELP = f"delete the line: hepkit then keeps a random private salt in content/{SALT_FILE} (see docs/content.md)"


def choose_salt(written: str, private: str, path: str, line: int, warnings: list[ContentError]) -> str:
    """The sheet salt to use: the private one (HEPKIT_SHEET_SALT or content/.sheet-salt) over the
    one `written` in site.yaml (at path:line), with a warning when it does not keep sheet names
    private: public, short, or in a file usually shared."""
    if written and private:
        warnings.append(ContentError(path, line, "warning: sheet_salt here is not used, since a private salt is set",
                                     "delete the line, so that nobody takes it for the real one"))
    if private or not written:
        return private or written
    if written == EXAMPLE_SALT:
        message = "sheet_salt is the example's, which is public: anyone can work out whose sheet a file is"
    elif len(written) < SHORTEST_SALT:
        message = (f"sheet_salt is {len(written)} characters, short enough to guess: "
                   "anyone who does can work out whose sheet a file is")
    else:
        message = "sheet_salt is in site.yaml, a file usually shared or kept in git: anyone who reads it can " \
                  "work out whose sheet a file is"
    warnings.append(ContentError(path, line, f"warning: {message}", SALT_HELP))
    return written


def with_salt(library, content_dir):
    """Sheet names need a private salt: the first build without one makes content/.sheet-salt."""
    if not library.site.sheet_salt:
        library.site.sheet_salt = make_salt(content_dir)
    return library
