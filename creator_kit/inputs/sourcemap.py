"""Load YAML or JSON documents and remember the line of every value.

PyYAML's composer already knows where each node starts; walking the node
tree beside the loaded data gives a map from a value's path (as jsonschema
reports it, e.g. ("scenes", 2, "duration")) to its 1-based line and column.

Documents come from users and from files passed by mistake, so loading is
bounded before anything walks the data: file size, nesting depth, alias uses
and the number of values aliases expand to (a "billion laughs" document is a
few hundred bytes that expand to 10^9 values). Only what JSON can hold is
accepted: string keys, each once per mapping, finite numbers, no YAML
timestamps (dates stay strings; whoever needs a date validates it).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from creator_kit.errors import InputError, Problem

PathKey = tuple[str | int, ...]

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 50
MAX_ALIASES = 200
MAX_VALUES = 100_000
MAX_NUMBER_DIGITS = 40

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class SourceDocument:
    """A loaded document together with where each of its values was written."""

    path: Path
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    source_lines: tuple[str, ...] = ()
    value_ends: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, key: PathKey) -> int | None:
        """Line of the value at `key`, or of its nearest parent that has one."""
        position = self.position_of(key)
        return position[0] if position else None

    def trailing_comment(self, key: PathKey) -> str | None:
        """A `# ...` YAML comment written right after the scalar at `key`, if any.

        Unquoted text such as `Talk to us #كلنا_معاك` loses its hashtag to
        YAML's comment syntax; this lets loaders say so instead of dropping it.
        """
        end = self.value_ends.get(tuple(key))
        if end is None or end[0] > len(self.source_lines):
            return None
        rest = self.source_lines[end[0] - 1][end[1] - 1 :]
        stripped = rest.lstrip()
        looks_like_hashtag = len(stripped) > 1 and stripped[0] == "#" and not stripped[1].isspace()
        return stripped if looks_like_hashtag and rest != stripped else None

    def hashtags_lost_to_comments(self) -> list[tuple[PathKey, str]]:
        """Plain scalars followed by `#word`, which YAML silently dropped as a comment."""
        found = [(key, self.trailing_comment(key)) for key in self.value_ends]
        return [(key, comment) for key, comment in found if comment]

    def position_of(self, key: PathKey) -> tuple[int, int] | None:
        key = tuple(key)
        while True:
            if key in self.positions:
                return self.positions[key]
            if not key:
                return None
            key = key[:-1]


def format_path(key: PathKey) -> str:
    """("scenes", 2, "duration") -> "scenes[2].duration"."""
    text = ""
    for part in key:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def path_inside(folder: Path, name: str) -> Path | None:
    """`folder/name` if it stays inside `folder` once symlinks are followed; None for absolute
    paths, `..` leading out, or a link pointing elsewhere."""
    if not name or Path(name).is_absolute() or "\0" in name:
        return None
    candidate = folder / name
    try:
        inside = candidate.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    return candidate if inside else None


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with `…`."""
    return text if len(text) <= limit else text[:limit] + "…"


def excerpt(value: Any, limit: int = 40) -> str:
    """repr() of a value cut to `limit` characters, so messages never echo a whole document."""
    return shorten(repr(value), limit)


class _DocumentProblem(yaml.MarkedYAMLError):
    """Something the loader refuses that is not a YAML syntax error."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem=problem, problem_mark=mark)
        self.message = problem


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _MarkedEvent(Protocol):
    """A parser event as PyYAML's pure-Python parser makes it: always marked with where it starts."""

    start_mark: yaml.Mark


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver, bounded in depth, aliases and expanded size."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0
        self.expanded: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            return self._compose_alias(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _DocumentProblem(f"nested more than {MAX_DEPTH} levels deep", self._next_mark())
        node = super().compose_node(parent, index)
        assert node is not None  # PyYAML composes a node for every event here; types-PyYAML allows None
        self.depth -= 1
        size = 1 + sum(self.expanded[id(child)] for child in _children(node))
        if size > MAX_VALUES:
            raise _DocumentProblem(f"holds more than {MAX_VALUES} values (aliases included)", node.start_mark)
        self.expanded[id(node)] = size
        return node

    def _compose_alias(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        mark = self._next_mark()
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise _DocumentProblem(f"more than {MAX_ALIASES} aliases (*name)", mark)
        node = super().compose_node(parent, index)
        assert node is not None  # as in compose_node: an alias always resolves to a composed node
        if id(node) not in self.expanded:
            raise _DocumentProblem("alias refers to a value that contains it", mark)
        return node

    def _next_mark(self) -> yaml.Mark:
        """Where the next event starts."""
        # types-PyYAML leaves Parser.peek_event unannotated: named here with what it returns.
        peek: Callable[[], _MarkedEvent] = self.peek_event
        return peek().start_mark

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise _DocumentProblem("NaN and infinity are not allowed", node.start_mark)
        return value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_NUMBER_DIGITS:
            raise _DocumentProblem(f"number longer than {MAX_NUMBER_DIGITS} digits", node.start_mark)
        return super().construct_yaml_int(node)


_Loader.add_constructor(_TAG + "float", _Loader.construct_yaml_float)
_Loader.add_constructor(_TAG + "int", _Loader.construct_yaml_int)


@dataclass
class _Walk:
    """Positions of every value and what is wrong with the node tree, visiting each node once."""

    path: Path
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    ends: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, None, message))

    def visit(self, node: yaml.Node, key: PathKey) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        self.positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, f"unsupported YAML tag {excerpt(node.tag.replace(_TAG, '!!'))}")
        if isinstance(node, yaml.ScalarNode):
            self._scalar(node, key)
        elif isinstance(node, yaml.MappingNode):
            self._mapping(node, key)
        else:
            for index, item in enumerate(node.value):
                self.visit(item, key + (index,))

    def _scalar(self, node: yaml.ScalarNode, key: PathKey) -> None:
        if node.style is None:
            self.ends[key] = (node.end_mark.line + 1, node.end_mark.column + 1)

    def _mapping(self, node: yaml.MappingNode, key: PathKey) -> None:
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.visit(value_node, key + ("<<",))
                continue
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _TAG + "str"):
                self.problem(key_node, f"{_key_kind(key_node)}; keys must be text (quote it)")
                continue
            name, line = key_node.value, key_node.start_mark.line + 1
            if name in first_lines:
                self.problem(key_node, f"duplicate key {excerpt(name)} (first at line {first_lines[name]})")
                continue
            first_lines[name] = line
            child = key + (name,)
            self.visit(value_node, child)
            self.positions[child] = (line, key_node.start_mark.column + 1)


def _key_kind(node: yaml.Node) -> str:
    """How YAML read a key that is not a string, e.g. `1:`, `null:`, `yes:` or `[a]:`."""
    if not isinstance(node, yaml.ScalarNode):
        return "a list or mapping used as a key"
    kinds = {"int": "a number", "float": "a number", "bool": "true/false", "null": "null"}
    kind = kinds.get(node.tag.removeprefix(_TAG), excerpt(node.tag))
    return f"key {excerpt(node.value)} is read as {kind}"


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _yaml_error(error: yaml.YAMLError, text: str, path: Path) -> InputError:
    """One line for a YAML error: the loader's own refusals as they are, syntax errors as `invalid YAML`."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(error, _DocumentProblem):
        return InputError.single(path, error.message, line=line)
    if isinstance(error, yaml.reader.ReaderError):
        return InputError.single(
            path,
            f"invalid YAML: character U+{error.character:04X} is not allowed"
            if isinstance(error.character, int)
            else "invalid YAML: not valid text",
            line=_line_at(text, error.position),
        )
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    column = f" (column {mark.column + 1})" if mark else ""
    return InputError.single(path, f"invalid YAML: {shorten(problem, 120)}{column}", line=line)


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _walk(node: yaml.Node | None, path: Path) -> _Walk:
    walk = _Walk(path)
    if node is not None:
        walk.visit(node, ())
    if walk.problems:
        raise InputError(walk.problems)
    return walk


def _parse_yaml(text: str, path: Path) -> tuple[Any, _Walk]:
    try:
        node = _compose(text)
        walk = _walk(node, path)
        data = _construct(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _yaml_error(error, text, path) from None
    return data, walk


class _JsonValueError(ValueError):
    """A JSON value refused while decoding: `token` finds its line, `key` is set for duplicate keys."""

    def __init__(self, message: str, token: str | None = None, key: str | None = None):
        super().__init__(message)
        self.token, self.key = token, key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in pairs:
        if name in data:
            raise _JsonValueError(f"duplicate key {excerpt(name)}", key=name)
        data[name] = value
    return data


def _finite_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _JsonValueError("number too large", token)
    return value


def _bounded_int(token: str) -> int:
    if len(token) > MAX_NUMBER_DIGITS:
        raise _JsonValueError(f"number longer than {MAX_NUMBER_DIGITS} digits", token)
    return int(token)


def _no_constant(token: str) -> float:
    raise _JsonValueError("NaN and infinity are not allowed", token)


def _token_line(text: str, token: str | None) -> int | None:
    """Line of a bare JSON token (outside strings), e.g. NaN or a number."""
    if token is None:
        return None
    outside_strings = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    found = re.search(r"(?<![\w.+-])" + re.escape(token) + r"(?![\w.])", outside_strings)
    return _line_at(outside_strings, found.start()) if found else None


def _json_walk(text: str, path: Path) -> _Walk:
    """Positions of a JSON document's values (and its duplicate keys, with both lines) through PyYAML.

    JSON forbids raw tabs inside strings, so tabs become spaces for PyYAML's sake without
    moving any line or column. The rare JSON PyYAML cannot read just has no positions.
    """
    try:
        node = _compose(text.replace("\t", " "))
    except _DocumentProblem as error:
        raise _yaml_error(error, text, path) from None
    except yaml.YAMLError:
        node = None
    return _walk(node, path)


def _parse_json(text: str, path: Path) -> tuple[Any, _Walk]:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_pairs,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as error:
        raise InputError.single(path, f"invalid JSON: {error.msg} (column {error.colno})", line=error.lineno) from None
    except _JsonValueError as error:
        if error.key is not None:
            _json_walk(text, path)
        raise InputError.single(path, str(error), line=_token_line(text, error.token)) from None
    except RecursionError:
        _json_walk(text, path)
        raise InputError.single(path, f"nested more than {MAX_DEPTH} levels deep") from None
    return data, _json_walk(text, path)


def _check_data(data: Any, walk: _Walk) -> None:
    """Depth and lone surrogates of the loaded data, whatever parsed it.

    Escapes such as "\\ud800" (JSON's and YAML's) decode to lone surrogates, which no file,
    path or terminal accepts.
    """
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        key, value = stack.pop()
        if len(key) > MAX_DEPTH:
            _raise_at(walk, key, f"nested more than {MAX_DEPTH} levels deep")
        surrogate = _surrogate_message(value) if isinstance(value, str) else None
        if surrogate:
            _raise_at(walk, key, surrogate)
        if isinstance(value, dict):
            for name, child in value.items():
                surrogate = _surrogate_message(name) if isinstance(name, str) else None
                if surrogate:
                    _raise_at(walk, key + (name,), "key: " + surrogate)
                stack.append((key + (name,), child))
        elif isinstance(value, list):
            stack.extend((key + (index,), child) for index, child in enumerate(value))


def _raise_at(walk: _Walk, key: PathKey, message: str) -> None:
    line = SourceDocument(walk.path, None, walk.positions).line_of(key)
    field = format_path(tuple(_printable(part) for part in key)) or None
    raise InputError([Problem(str(walk.path), line, field, message)])


def _printable(part: str | int) -> str | int:
    return _SURROGATE.sub("\ufffd", part) if isinstance(part, str) else part


def _surrogate_message(text: str) -> str | None:
    found = _SURROGATE.search(text)
    return f"U+{ord(found.group()):04X} is a lone surrogate, not a character" if found else None


def load_document(path: Path | str, max_bytes: int = MAX_DOCUMENT_BYTES, as_json: bool | None = None) -> SourceDocument:
    """Read a YAML or JSON file (JSON by its suffix, or when `as_json`) of at most `max_bytes`; raise
    InputError with the failing line on bad syntax."""
    path = Path(path)
    return parse_document(_read_text(path, max_bytes), path, as_json)


def _too_large(path: Path, max_bytes: int) -> InputError:
    return InputError.single(path, f"larger than {max_bytes // (1024 * 1024)} MB; not a document")


def _read_text(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The file's text, refusing what is not a regular UTF-8 file of reasonable size (by its size before
    reading it, and by what it holds); never quotes its bytes."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            what = "is a directory" if path.is_dir() else "is not a regular file"
            raise InputError.single(path, f"{what}, expected a YAML or JSON file")
        if status.st_size > max_bytes:
            raise _too_large(path, max_bytes)
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError.single(path, "file not found") from None
    except OSError as error:
        raise InputError.single(path, f"cannot read: {error.strerror}") from None
    if len(raw) > max_bytes:
        raise _too_large(path, max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError.single(path, f"not UTF-8 text ({error.reason} at byte {error.start})", line=line) from None


def parse_document(text: str, path: Path, as_json: bool | None = None) -> SourceDocument:
    """Parse YAML or JSON text (JSON by the `.json` suffix, or when `as_json`) into a SourceDocument;
    InputError when unusable."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise _too_large(path, MAX_DOCUMENT_BYTES)
    text = text.removeprefix("\ufeff")
    if as_json is None:
        as_json = path.suffix.lower() == ".json"
    parse = _parse_json if as_json else _parse_yaml
    data, walk = parse(text, path)
    _check_data(data, walk)
    return SourceDocument(
        path=path, data=data, positions=walk.positions, source_lines=tuple(text.splitlines()), value_ends=walk.ends
    )
