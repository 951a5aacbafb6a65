"""Harakat placed by the font's anchors for the fallback engine.

Pillow's BASIC layout draws a zero-width mark where the font's designer put it for no particular
letter, so a fatha lands on the dots of ة, ت, ن or ق. The font's GPOS mark-to-base attachment
(its `mark` feature, read with fontTools) says where each mark sits on each letter: the mark's
anchor meets the letter's anchor of its class. `place_marks` takes such marks out of a visual
string and returns where to draw each, so draw.py draws them as raqm would place them. A mark the
font has no attachment for (on a lam-alef ligature, say) stays in the string where it was.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from PIL import ImageFont

from creator_kit.text.joining import SHADDA_LIGATURES

_MARK_TO_BASE = 4
_EXTENSION = 9
Anchor = tuple[int, int]


PlacedMark = tuple[str, float, float]
"""A mark, to draw its x pixels right of the run's start and rise pixels above its baseline."""


@dataclass(frozen=True)
class _Attachments:
    """Per mark-to-base subtable: each mark glyph's class and anchor, each base glyph's anchors by class."""

    tables: tuple[tuple[dict[str, tuple[int, Anchor]], dict[str, dict[int, Anchor]]], ...]
    cmap: dict[int, str]
    units_per_em: int

    def offset(self, base: str, mark: str) -> Anchor | None:
        """Font units from the base glyph's origin to the mark glyph's origin, or None."""
        base_glyph, mark_glyph = self.cmap.get(ord(base)), self.cmap.get(ord(mark))
        for marks, bases in self.tables:
            if mark_glyph in marks and base_glyph in bases:
                mark_class, (mark_x, mark_y) = marks[mark_glyph]
                anchor = bases[base_glyph].get(mark_class)
                if anchor is not None:
                    return anchor[0] - mark_x, anchor[1] - mark_y
        return None


def _point(anchor: Any) -> Anchor:  # fontTools' otTables.Anchor: its classes are built at import, unseen by mypy
    return int(anchor.XCoordinate), int(anchor.YCoordinate)


@cache
def _attachments(path: Path) -> _Attachments:
    font = TTFont(str(path), lazy=True)
    try:
        tables = []
        if "GPOS" in font:
            for lookup in font["GPOS"].table.LookupList.Lookup:
                for subtable in lookup.SubTable:
                    kind = lookup.LookupType
                    if kind == _EXTENSION:
                        kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
                    if kind != _MARK_TO_BASE:
                        continue
                    marks = {
                        glyph: (record.Class, _point(record.MarkAnchor))
                        for glyph, record in zip(subtable.MarkCoverage.glyphs, subtable.MarkArray.MarkRecord)
                    }
                    bases = {
                        glyph: {number: _point(anchor) for number, anchor in enumerate(record.BaseAnchor) if anchor}
                        for glyph, record in zip(subtable.BaseCoverage.glyphs, subtable.BaseArray.BaseRecord)
                    }
                    tables.append((marks, bases))
        return _Attachments(tuple(tables), dict(font.getBestCmap() or {}), int(font["head"].unitsPerEm))
    finally:
        font.close()


_LIGATURE_MARKS = frozenset(SHADDA_LIGATURES.values())


def _is_mark(char: str) -> bool:
    """A nonspacing mark, or a shadda ligature (category Lo, but a zero-width mark in the fonts)."""
    return unicodedata.category(char) == "Mn" or char in _LIGATURE_MARKS


@lru_cache(maxsize=4096)
def place_marks(visual: str, path: Path, size: int) -> tuple[str, tuple[PlacedMark, ...]]:
    """`visual` (a fallback run as drawn left to right, each mark just before its letter) without
    the marks the font attaches to their letter, and where to draw those at `size`."""
    attachments = _attachments(path)
    font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    scale = size / attachments.units_per_em
    kept: list[str] = []
    waiting: list[str] = []
    placed: list[PlacedMark] = []
    for char in visual:
        if _is_mark(char):
            waiting.append(char)
            continue
        origin = font.getlength("".join(kept))
        for mark in waiting:
            offset = attachments.offset(char, mark)
            if offset is None:
                kept.append(mark)
            else:
                placed.append((mark, origin + offset[0] * scale, offset[1] * scale))
        waiting = []
        kept.append(char)
    return "".join(kept + waiting), tuple(placed)
