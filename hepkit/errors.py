"""Content errors: the one place where a problem in the physio's files becomes words."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)


def printable(text: str) -> str:
    """Control characters from a file (an escape sequence, a bell) shown as \\x1b, never sent raw to a terminal."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


class ContentErrors(Exception):
    """Raised when a stage finished collecting and found problems; holds them all."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def typos_apart(a: str, b: str) -> int:
    """How many typing slips turn a into b: a letter added, dropped, changed, or two swapped."""
    previous, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if previous is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous[j - 2] + 1)
            current.append(cost)
        previous, row = row, current
    return row[-1]


def did_you_mean(word: str, choices) -> str:
    """' (did you mean "x"?)' for a choice one or two slips away (one for short words), or '': a far
    guess can be clinically wrong ("strength" is not "stretch", a deleted exercise is not another)."""
    word = str(word)
    most = 0 if len(word) <= 2 else 1 if len(word) <= 4 else 2  # "A5" is not a slip for "A4"
    close = sorted((typos_apart(word.lower(), str(c).lower()), str(c)) for c in choices)
    return f' (did you mean "{close[0][1]}"?)' if close and close[0][0] <= most and close[0][1] != word else ""


def one_of(choices) -> str:
    return ", ".join(f'"{c}"' for c in sorted(choices))
