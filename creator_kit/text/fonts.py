"""Shipped font files: which characters each covers, and Pillow fonts at a size."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex
from fontTools.ttLib import TTFont
from PIL import ImageFont

# Noto Color Emoji is a CBDT bitmap font with one strike: Pillow can load it
# only at this size, so emoji are drawn at 109 px and scaled (Pillow #6166).
BITMAP_EMOJI_SIZE = 109

_EMOJI_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
_REGIONAL_INDICATOR = regex.compile(r"\p{Regional_Indicator}")
# Variation selector 16 and the combining keycap ask for the emoji picture of their base.
_EMOJI_REQUEST = ("\ufe0f", "\u20e3")


def is_ignorable(char: str) -> bool:
    """Default-ignorable (joiners, variation selectors, bidi controls, tags): never drawn on its own,
    so never a missing glyph."""
    return _IGNORABLE.match(char) is not None


def _drawn(cluster: str) -> list[int]:
    return [ord(char) for char in cluster if not is_ignorable(char)]


@cache
def _coverage(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@cache
def _is_bitmap_color(path: Path) -> bool:
    font = TTFont(str(path), lazy=True)
    try:
        return "CBDT" in font
    finally:
        font.close()


@lru_cache(maxsize=256)
def _pillow_font(path: Path, size: int, layout_engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=layout_engine)


@dataclass(frozen=True)
class FontSet:
    """Fonts in fallback order: a character is drawn with the first that has it."""

    paths: tuple[Path, ...]

    def font_for(self, cluster: str) -> Path | None:
        """First font that has every drawn character of the grapheme cluster (emoji prefer a colour font).

        None when no font has them all, or when nothing in the cluster is drawn.
        """
        drawn = _drawn(cluster)
        if not drawn:
            return None
        wants_emoji = any(c in cluster for c in _EMOJI_REQUEST) or _EMOJI_PRESENTATION.match(cluster) is not None
        candidates = sorted(self.paths, key=lambda path: not self.is_color(path)) if wants_emoji else self.paths
        return next((path for path in candidates if _coverage(path).issuperset(drawn)), None)

    def missing(self, cluster: str) -> bool:
        """Whether the cluster has something to draw that no font of the set has."""
        return self.font_for(cluster) is None and bool(_drawn(cluster))

    @staticmethod
    def basic_emoji(cluster: str) -> str:
        """What Pillow's BASIC layout can draw of an emoji cluster: it cannot form sequences, so
        the base emoji (both letters of a flag) without joiners, modifiers or selectors."""
        drawn = "".join(map(chr, _drawn(cluster)))
        if len(drawn) > 1 and _REGIONAL_INDICATOR.fullmatch(drawn[:2]):
            return drawn[:2]
        return drawn[:1]

    def covers(self, path: Path, char: str) -> bool:
        return ord(char) in _coverage(path)

    @staticmethod
    def is_color(path: Path) -> bool:
        return _is_bitmap_color(path)

    def pillow_font(self, path: Path, size: int, layout_engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
        """The Pillow font to draw `path` at `size` (bitmap emoji come at their fixed size)."""
        if self.is_color(path):
            return _pillow_font(path, BITMAP_EMOJI_SIZE, layout_engine)
        return _pillow_font(path, size, layout_engine)

    def scale_for(self, path: Path, size: int) -> float:
        """Factor from the drawn font to the wanted size (1 except for bitmap emoji)."""
        return size / BITMAP_EMOJI_SIZE if self.is_color(path) else 1.0

    def metrics(self, size: int, layout_engine: ImageFont.Layout) -> tuple[int, int]:
        """Largest ascent and descent over the outline fonts, so no mark is clipped."""
        ascent = descent = 0
        for path in self.paths:
            if self.is_color(path):
                continue
            a, d = self.pillow_font(path, size, layout_engine).getmetrics()
            ascent, descent = max(ascent, a), max(descent, d)
        return ascent or size, descent or size // 4
