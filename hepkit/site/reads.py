"""What a page's rendering reads, recorded as it reads it (as Lektor records a template's
dependencies): each content object a template looks into names its file, and its translation's.

A page's key is then made from the files it was declared to be made from (pages.py) and the files
its templates were seen to read, so a source the site map forgot is still in the key after the
first build, and an edit to it makes the page again.
"""
from __future__ import annotations

import functools

from ..content.model import Condition, Exercise, Patient, Prescription, Program
from ..hashes import digest

SOURCED = (Condition, Exercise, Patient, Prescription, Program)  # objects that come from a file: they have .where


@functools.lru_cache(maxsize=65536)  # a thousand sheets name the same few hundred files
def source_id(path: str) -> str:
    """A content file as the output's record names it: by a hash, so the record lists no patient file."""
    return digest("source", path)[:24]


class RecordingReads:
    """Mixed into a Jinja environment: while `reads` is a set, every attribute a template reads of
    a content object adds that object's file (and its translation file) to it."""

    reads: set | None = None

    def getattr(self, obj, attribute):
        reads = self.reads
        if reads is not None and type(obj) in SOURCED:
            reads.add(obj.where.path)
            translation = getattr(obj, "translation", "")
            if translation:
                reads.add(translation)
        return super().getattr(obj, attribute)


class Keys:
    """Page keys from content files: those declared and those recorded."""

    def __init__(self, digests: dict[str, str], settings: str):
        self.digests = {source_id(path): value for path, value in digests.items()}
        self.settings = settings

    def of(self, page, ids) -> str:
        return digest(self.settings, page.template, page.language,
                      *sorted(f"{i}={self.digests.get(i, '')}" for i in ids))

    @staticmethod
    def ids(paths) -> list[str]:
        return sorted({source_id(path) for path in paths if path})
