"""Map a fact's location (file, value path, offset inside the value) to a line and column.

The source map gives the line and column where a value's key starts. For a
word inside a text, the word is looked up in the source from there on - the
k-th occurrence when the value has it k times - so quoted, folded and block
scalars report the column of what the author typed. When the source spells
the value differently (escapes), the value's own position is reported.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from creator_kit.inputs.sourcemap import PathKey, SourceDocument


@dataclass(frozen=True)
class SourceSpan:
    """Where a value (or a word inside it) stands in its source file: 1-based lines and columns, the end just
    after it when known."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


def value_at(data: Any, path: PathKey) -> Any:
    """The value at `path` inside loaded data, or None when the path leads nowhere."""
    value = data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _line_starts(lines: tuple[str, ...]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line) + 1
    return starts


def _to_line_column(starts: list[int], index: int) -> tuple[int, int]:
    line = bisect_right(starts, index) - 1
    return line + 1, index - starts[line] + 1


def _search_end(document: SourceDocument, path: PathKey, start: tuple[int, int]) -> tuple[int, int] | None:
    """Where the next value that is not part of `path` starts: the search stops there."""
    later = [position for key, position in document.positions.items() if position > start and key[: len(path)] != path]
    return min(later, default=None)


def locate(document: SourceDocument, path: PathKey, offset: int | None = None, length: int | None = None) -> SourceSpan:
    """Line and column of the value at `path` (of its text when it is one), or of the text
    [offset, offset + length) inside it."""
    path = tuple(path)
    start = document.position_of(path) or (1, 1)
    value = value_at(document.data, path)
    if not isinstance(value, str) or not document.source_lines:
        return SourceSpan(*start)
    if offset is None:  # the whole text: where its first line starts
        offset = len(value) - len(value.lstrip())
        length = len(value.strip())
    needle = value[offset : offset + (length or 0)].split("\n")[0]
    if not needle:
        return SourceSpan(*start)
    starts = _line_starts(document.source_lines)
    source = "\n".join(document.source_lines)
    begin = starts[start[0] - 1] + start[1] - 1
    if path and isinstance(path[-1], str):
        begin += len(path[-1])  # past the key, which may itself contain the word
    stop = _search_end(document, path, start)
    end = starts[stop[0] - 1] + stop[1] - 1 if stop else len(source)
    found = begin - 1
    for _ in range(value.count(needle, 0, offset) + 1):
        found = source.find(needle, found + 1, end)
        if found < 0:
            return SourceSpan(*start)
    line, column = _to_line_column(starts, found)
    end_line, end_column = _to_line_column(starts, found + len(needle) - 1)
    return SourceSpan(line, column, end_line, end_column + 1)
