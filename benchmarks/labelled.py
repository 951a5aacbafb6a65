"""Labelled drafts for the check benchmarks: which lines plant a problem, which must stay clean.

A draft says its language on a line `# lang: ar-gulf` and labels lines with comments: `# plant: CATEGORY`
on a line that holds a planted problem, `# near-miss` on a line that must stay clean although it looks
like a problem; every other scene text, title and post caption line is clean.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

_LANG = re.compile(r"#\s*lang:\s*(\S+)")
_PLANT = re.compile(r"#\s*plant:\s*([\w-]+)")
_NEAR_MISS = re.compile(r"#\s*near-miss")
_TEXT_LINE = re.compile(r"^\s*-\s*text:|^\s*(?:title|post_caption):")


@dataclass(frozen=True)
class Line:
    number: int
    kind: str
    """A category name for a planted problem, else 'near-miss' or 'clean'."""


@dataclass(frozen=True)
class Labelled:
    path: Path
    language: str
    lines: tuple[Line, ...]

    def must_stop(self, stopping: Collection[str]) -> bool:
        """Whether `check` must exit 1: the draft plants a category of `stopping` (error level)."""
        return any(line.kind in stopping for line in self.lines)

    @property
    def plants(self) -> dict[int, str]:
        return {line.number: line.kind for line in self.lines if line.kind not in ("near-miss", "clean")}


def read_labels(path: Path) -> Labelled:
    text = path.read_text("utf-8")
    language = (_LANG.search(text) or [None, "?"])[1]
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        plant = _PLANT.search(line)
        if plant:
            lines.append(Line(number, plant[1]))
        elif _NEAR_MISS.search(line):
            lines.append(Line(number, "near-miss"))
        elif _TEXT_LINE.search(line):
            lines.append(Line(number, "clean"))
    return Labelled(path, language, tuple(lines))
