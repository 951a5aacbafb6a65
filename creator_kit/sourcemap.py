"""Load YAML or JSON documents and remember the line of every value.

PyYAML's composer already knows where each node starts; walking the node
tree beside the loaded data gives a map from a value's path (as jsonschema
reports it, e.g. ("scenes", 2, "duration")) to its 1-based line and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from creator_kit.errors import InputError

PathKey = tuple[str | int, ...]


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
        rest = self.source_lines[end[0] - 1][end[1] - 1:]
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


def _record_positions(node: yaml.Node, key: PathKey, positions: dict, ends: dict) -> None:
    positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        ends[key] = (node.end_mark.line + 1, node.end_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = key + (str(key_node.value),)
            _record_positions(value_node, child, positions, ends)
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, key + (index,), positions, ends)


def load_document(path: Path | str) -> SourceDocument:
    """Read a YAML or JSON file; raise InputError with the failing line on bad syntax."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(path, "file not found") from None
    except IsADirectoryError:
        raise InputError.single(path, "is a directory, expected a YAML or JSON file") from None
    except UnicodeDecodeError as error:
        raise InputError.single(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise InputError.single(path, f"cannot read: {error.strerror}") from None
    return parse_document(text, path)


def parse_document(text: str, path: Path) -> SourceDocument:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError.single(path, f"invalid JSON: {error.msg} (column {error.colno})",
                                    line=error.lineno) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            line = mark.line + 1 if mark else None
            column = f" (column {mark.column + 1})" if mark else ""
            raise InputError.single(path, f"invalid YAML: {problem}{column}", line=line) from None
    positions: dict[PathKey, tuple[int, int]] = {}
    ends: dict[PathKey, tuple[int, int]] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        node = None
    if node is not None:
        _record_positions(node, (), positions, ends)
    return SourceDocument(path=path, data=data, positions=positions,
                          source_lines=tuple(text.splitlines()), value_ends=ends)
