"""Each illustration block's poses found once. Reading a block checks every frame and, where a
frame leaves joints to be found, runs the solver (up to 0.2 s a frame), so a build that read every
block afresh would cost seconds whichever file changed. Blocks read before come from the build
cache by their text; new ones are read in the machine's forked workers when there are many."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.model import Illustration
from ..content.source import Source
from ..figures.poses import parse_illustration
from ..hashes import digest
from ..parallel import map_forked

if TYPE_CHECKING:
    from ..output.cache import BuildCache


def _key(block) -> str:
    return digest("illustration", repr(block))  # the block's text as parsed; its lines only shape messages


class KnownPoses:
    """read(block, path, line, errors): parse_illustration, or what it gave before for the same block."""

    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.found: dict[str, Illustration] = {}  # read by find_all (kept here too: NO_CACHE keeps nothing)

    def find_all(self, sources: list[Source]) -> None:
        """Read the blocks of these files that the cache does not hold, in forked workers: a block
        that reads without a problem is kept; one with problems is read again by read() to report them."""
        blocks = {}
        for source in sources:
            block = source.data.get("illustration")
            if block is not None:
                key = _key(block)
                if key not in blocks and self.cache.get("poses", key) is None:
                    blocks[key] = (block, source.path)
        for key, found in zip(blocks, map_forked(_read_quietly, list(blocks.values())), strict=True):
            if found is not None:
                self.found[key] = found
                self.cache.put("poses", key, found.record())

    def read(self, block, path: str, line: int, errors: list) -> Illustration | None:
        key = _key(block)
        if key in self.found:
            return self.found[key]
        kept = self.cache.get("poses", key)
        if kept is not None:
            try:
                return Illustration.from_record(kept)
            except (ValueError, TypeError, KeyError):
                pass  # a damaged entry: read the block again
        found: list = []
        illustration = parse_illustration(block, path, line, found)
        errors.extend(found)
        if illustration is not None and not found:
            self.cache.put("poses", key, illustration.record())
        return illustration


def _read_quietly(job) -> Illustration | None:
    block, path = job
    errors: list = []
    illustration = parse_illustration(block, path, getattr(block, "line", 0), errors)
    return None if errors else illustration
