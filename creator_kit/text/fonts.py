"""Shipped font files: which characters each covers, and Pillow fonts at a size."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
from fontTools.ttLib import TTFont
from PIL import ImageFont

# Noto Color Emoji is a CBDT bitmap font with one strike: Pillow can load it
# only at this size, so emoji are drawn at 109 px and scaled (Pillow #6166).
BITMAP_EMOJI_SIZE = 109

_EMOJI_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")


@lru_cache(maxsize=None)
def _coverage(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=None)
def _is_bitmap_color(path: Path) -> bool:
    font = TTFont(str(path), lazy=True)
    try:
        return "CBDT" in font
    finally:
        font.close()


@lru_cache(maxsize=256)
def _pillow_font(path: Path, size: int, layout_engine: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=layout_engine)


@dataclass(frozen=True)
class FontSet:
    """Fonts in fallback order: a character is drawn with the first that has it."""

    paths: tuple[Path, ...]

    def font_for(self, cluster: str) -> Path | None:
        """First font that has the cluster's base character (emoji prefer a colour font)."""
        base = ord(cluster[0])
        wants_emoji = "\ufe0f" in cluster or _EMOJI_PRESENTATION.match(cluster) is not None
        if wants_emoji:
            for path in self.paths:
                if self.is_color(path) and base in _coverage(path):
                    return path
        for path in self.paths:
            if base in _coverage(path):
                return path
        return None

    def covers(self, path: Path, char: str) -> bool:
        return ord(char) in _coverage(path)

    @staticmethod
    def is_color(path: Path) -> bool:
        return _is_bitmap_color(path)

    def pillow_font(self, path: Path, size: int, layout_engine: int) -> ImageFont.FreeTypeFont:
        """The Pillow font to draw `path` at `size` (bitmap emoji come at their fixed size)."""
        if self.is_color(path):
            return _pillow_font(path, BITMAP_EMOJI_SIZE, layout_engine)
        return _pillow_font(path, size, layout_engine)

    def scale_for(self, path: Path, size: int) -> float:
        """Factor from the drawn font to the wanted size (1 except for bitmap emoji)."""
        return size / BITMAP_EMOJI_SIZE if self.is_color(path) else 1.0

    def metrics(self, size: int, layout_engine: int) -> tuple[int, int]:
        """Largest ascent and descent over the outline fonts, so no mark is clipped."""
        ascent = descent = 0
        for path in self.paths:
            if self.is_color(path):
                continue
            a, d = self.pillow_font(path, size, layout_engine).getmetrics()
            ascent, descent = max(ascent, a), max(descent, d)
        return ascent or size, descent or size // 4
