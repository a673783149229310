"""Safe YAML that remembers where each key and item was written, read as a physio means it.

Only safe tags; anchors and aliases are refused (a "billion laughs" file cannot grow); only
true/false are yes/no values, 010 stays "010" and 1:30 stays "1:30", so the readers can take them
as meant; syntax errors become `path:line: what is wrong — how to fix it`.
"""
from __future__ import annotations

import datetime
import re

import yaml

from ..errors import ContentError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser: ~8x faster, equally safe
ALIASES_REFUSED = "YAML anchors and aliases (& and *) are not allowed"
UNREADABLE_TAG = "the value"


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers the line of each item (1-based)."""

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _Loader(_BaseLoader):
    def __init__(self, stream, first_line: int = 1):
        super().__init__(stream)
        self.offset = first_line  # file line of the YAML's first line: front matter starts on line 2
        self.problems: list[tuple[int, str, str]] = []

    def line(self, node) -> int:
        return node.start_mark.line + self.offset

    def construct_object(self, node, deep=False):
        # A node met twice is an alias (*name). Refusing them keeps a "billion laughs" file from
        # growing into billions of values; a physio's files never need them.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, ALIASES_REFUSED, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as error:  # `!!float abc`, `!!int 1e9999`, ...
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f'{UNREADABLE_TAG} "{node.value}" cannot be read as {tag}', node.start_mark) from error


# YAML as a physio means it (YAML 1.2 style): only true/false are yes/no values ("on", "no" stay
# words); 010 stays "010" (not octal 8), 1:30 stays "1:30" (not 90) and dates stay text, so that
# validate reads them as meant or says what is wrong ("there is no 30 February").
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


def _construct_map(loader: _Loader, node):
    data = LineDict(loader.line(node))
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = loader.line(key_node)
        if not isinstance(key, (str, int, float, bool, datetime.date)) or key is None:
            loader.problems.append((line, "a key must be a plain word", "write it as `name: value`"))
            continue
        if key in data:
            loader.problems.append(
                (line, f'"{key}" appears twice in the same block (first on line {data.lines[key]})',
                 "keep one of them and delete the other"))
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines.setdefault(key, line)


def _construct_seq(loader: _Loader, node):
    data = LineList(loader.line(node))
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(loader.line(item))


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what no page can show: NUL, escape, bell, ...
CONTROL_HINT = "delete it: it is invisible, and often comes with text pasted from another program"


def control_message(character: str) -> str:
    shown = character.encode("unicode_escape").decode()
    return f"this text holds a control character ({shown}) that a page cannot show"


def _construct_str(loader: _Loader, node):
    """A text; one holding a control character (only a YAML escape such as \\0 can put one in) is
    a problem, and the character is left out."""
    value = loader.construct_scalar(node)
    found = CONTROL.search(value)
    if found:
        loader.problems.append((loader.line(node), control_message(found[0]), CONTROL_HINT))
        value = CONTROL.sub("", value)
    return value


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str, shown: str, errors: list[ContentError], first_line: int = 1):
    """Parse YAML safely; report syntax errors and duplicate keys at their file line."""
    loader = _Loader(text, first_line)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        errors.append(_syntax_error(e, text, shown, first_line))
        return None
    except RecursionError:
        errors.append(ContentError(shown, first_line, "the lists or blocks in this file are nested too deeply",
                                   "a content file needs only a few levels; look for a long run of [ or { or -"))
        return None
    except yaml.reader.ReaderError as e:  # a raw control character, such as NUL, in the file
        line = first_line + text[:e.position].count("\n")
        errors.append(ContentError(shown, line, control_message(chr(e.character)) if isinstance(e.character, int)
                                   else "this file holds a character a page cannot show", CONTROL_HINT))
        return None
    except yaml.YAMLError as e:
        errors.append(ContentError(shown, first_line, f"YAML syntax error: {e}", "check the file's layout"))
        return None
    finally:
        loader.dispose()
    for line, message, hint in loader.problems:
        errors.append(ContentError(shown, line, message, hint))
    return data


_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?"[^"]*$')


def _syntax_error(e: yaml.MarkedYAMLError, text: str, shown: str, first_line: int) -> ContentError:
    mark = e.problem_mark or e.context_mark
    index = mark.line if mark else 0
    lines = text.split("\n")
    problem = (e.problem or e.context or "cannot be read").strip()
    for number, line in enumerate(lines[: index + 1]):
        if _OPEN_QUOTE.match(line):  # an unclosed quote swallows the lines after it: point at the quote
            return ContentError(shown, number + first_line, "a quote starts here but never ends",
                                "add the closing quote at the end of the value")
    character = re.search(r"unacceptable character (#x[0-9a-fA-F]+)", problem)
    if character:
        return ContentError(shown, index + first_line, f"this file holds a control character ({character[1]}) that "
                            "a page cannot show", CONTROL_HINT)
    if problem == ALIASES_REFUSED:
        return ContentError(shown, index + first_line, problem, "write the value out in full where it is used")
    if problem.startswith(UNREADABLE_TAG):
        return ContentError(shown, index + first_line, problem, "remove the !! tag and write the value plainly")
    tag = re.search(r"tag '([^']+)'", problem)
    if isinstance(e, yaml.constructor.ConstructorError) and tag:
        named = tag[1].replace("tag:yaml.org,2002:", "!!")  # `!!python/object` as written; `!foo` stays `!foo`
        return ContentError(shown, index + first_line, f'the YAML tag "{named}" is not allowed',
                            "remove the tag: only plain text, numbers, dates, lists and blocks are allowed")
    source_line = lines[index] if index < len(lines) else ""
    if "mapping values are not allowed" in problem:
        problem = 'this line holds ": " inside a text, which YAML reads as the start of a new field'
        return ContentError(shown, index + first_line, problem,
                            _yaml_hint("mapping values are not allowed", source_line))
    return ContentError(shown, index + first_line, f"YAML syntax error: {problem}",
                        _yaml_hint(problem, source_line))


def _yaml_hint(problem: str, source_line: str) -> str:
    if "\t" in source_line or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:  # a colon and a space inside a text
        name, _, value = source_line.strip().lstrip("- ").partition(": ")
        value = value.replace('"', "'")
        return f'put the text in quotes: {name}: "{value}"' if value else "put the text in quotes"

    if "quote" in problem or "scalar" in problem:
        return "close the quote, or remove it"
    return "check the indentation and the `name: value` layout on this line and the one above"


def encode(value):
    """A parsed value as plain JSON, keeping each key's and item's line."""
    if isinstance(value, LineDict):
        return {"m": [[k, encode(v), value.lines.get(k, value.line)] for k, v in value.items()], "l": value.line}
    if isinstance(value, LineList):
        return {"s": [[encode(v), value.line_of(i)] for i, v in enumerate(value)], "l": value.line}
    return value


def decode(value):
    if isinstance(value, dict) and "m" in value:
        data = LineDict(value["l"])
        for key, item, line in value["m"]:
            data[key] = decode(item)
            data.lines[key] = line
        return data
    if isinstance(value, dict) and "s" in value:
        items = LineList(value["l"])
        for item, line in value["s"]:
            items.append(decode(item))
            items.lines.append(line)
        return items
    return value
