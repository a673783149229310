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

    def covers(self, page, ids) -> bool:
        """Whether the files a page was made from last time hold all the site map declares now."""
        return set(self.ids(page.sources)) <= set(ids)

    def unchanged(self, page, entry) -> bool:
        """Whether a page the output's record holds (entry: [key, content hash, source ids]) would be
        made again the same: its files still hash as they did, and nothing new is declared for it."""
        return self.covers(page, entry[2]) and self.of(page, entry[2]) == entry[0]

    @staticmethod
    def ids(paths) -> list[str]:
        return sorted({source_id(path) for path in paths if path})


class KeysSince(Keys):
    """A dev server's page keys: a page whose template, language, declared sources and recorded
    files are those it had when it was last looked at, none of whose files changed since, gets the
    same answer without its files being hashed again (at 10,000 sheets, 0.4 s a save). `last` is
    what the previous build left (keep()); only what this build looked at is kept for the next."""

    def __init__(self, digests: dict[str, str], settings: str, last: dict):
        super().__init__(digests, settings)
        self.now: dict[str, tuple] = {}
        before = last.get("digests", {})
        self.changed = {i for i in self.digests.keys() | before.keys() if self.digests.get(i) != before.get(i)}
        self.known = last.get("pages", {}) if last.get("settings") == settings else {}

    def unchanged(self, page, entry) -> bool:
        ids, known = entry[2], self.known.get(page.path)
        if not (known and known[0] == page.template and known[1] == page.language and known[2] == page.sources
                and known[3] == ids and self.changed.isdisjoint(known[4])):
            known = (page.template, page.language, page.sources, list(ids), frozenset(ids), self.of(page, ids),
                     self.covers(page, ids))
        self.now[page.path] = known
        return known[6] and known[5] == entry[0]

    def keep(self) -> dict:
        return {"settings": self.settings, "digests": self.digests, "pages": self.now}
