"""Wrapping in logical order, auto-fit and alignment.

Lines are broken on the logical text with the real widths of the chosen
shaping engine; only then is each line itemized into visual runs. Applying
bidi before wrapping would put the lines of an RTL paragraph in reverse order
(python-bidi #13).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from creator_kit.errors import TextDoesNotFit, UndrawableText
from creator_kit.text.fonts import FontSet
from creator_kit.text.shaping import (Run, check_overrides, drawable, itemize, layout_engine, localize_digits,
                                      paragraph_is_rtl)
from creator_kit.text.style import TextStyle

_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class PlacedRun:
    run: Run
    x: float
    width: float


@dataclass(frozen=True)
class Line:
    text: str
    runs: tuple[PlacedRun, ...]
    width: float


@dataclass(frozen=True)
class TextLayout:
    """Lines in reading order (top to bottom), each with its runs in drawing order."""

    lines: tuple[Line, ...]
    size: int
    ascent: int
    descent: int
    line_height: float
    rtl: bool
    align: str
    engine: str
    fonts: FontSet
    splits_words: bool = False

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> float:
        return self.ascent + self.descent + self.line_height * (len(self.lines) - 1)

    def line_x(self, line: Line, box_width: float) -> float:
        """Left edge of `line` inside a box of `box_width`."""
        if self.align == "center":
            return (box_width - line.width) / 2
        if self.align == "right":
            return box_width - line.width
        return 0.0


@dataclass(frozen=True)
class Measurer:
    """Widths of runs at one font size with one engine."""

    fonts: FontSet
    size: int
    engine: str

    def run_width(self, run: Run) -> float:
        return _run_width(self.fonts, run, self.size, self.engine)

    def line_runs(self, text: str, rtl: bool) -> tuple[PlacedRun, ...]:
        placed, x = [], 0.0
        for run in itemize(text, rtl, self.fonts):
            width = self.run_width(run)
            placed.append(PlacedRun(run, x, width))
            x += width
        return tuple(placed)

    def width(self, text: str, rtl: bool) -> float:
        return sum(run.width for run in self.line_runs(text, rtl))


@lru_cache(maxsize=20000)
def _run_width(fonts: FontSet, run: Run, size: int, engine: str) -> float:
    if run.font is None:
        return 0.0
    font = fonts.pillow_font(run.font, size, layout_engine(engine))
    text, options = drawable(run, engine)
    return font.getlength(text, **options) * fonts.scale_for(run.font, size)


def _break_word(word: str, max_width: float, measure) -> list[str]:
    """Split a word wider than the box between grapheme clusters (CSS overflow-wrap)."""
    pieces, current = [], ""
    for cluster in _GRAPHEME.findall(word):
        if current and measure(current + cluster) > max_width:
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, max_width: float, measure) -> list[str]:
    """Greedy line breaking on logical text; `measure(str) -> width`.

    Hard newlines are kept; lines break at spaces; a single word wider than
    the line is split between characters rather than overflow (fit_text
    shrinks the type first, so this happens only at the minimum size).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if measure(word) <= max_width:
                current = word
            else:
                *whole, current = _break_word(word, max_width, measure)
                lines.extend(whole)
        lines.append(current)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def balanced_wrap(text: str, max_width: float, measure) -> list[str]:
    """Each paragraph in the fewest lines greedy wrapping gives, at the narrowest width keeping that count.

    Evens out line lengths so a caption does not end on a lone word.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        greedy = wrap(paragraph, max_width, measure)
        if len(greedy) < 2:
            lines.extend(greedy or [""])
            continue
        low, high = max_width / 2, max_width
        for _ in range(7):
            middle = (low + high) / 2
            if len(wrap(paragraph, middle, measure)) == len(greedy):
                high = middle
            else:
                low = middle
        lines.extend(wrap(paragraph, high, measure))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _splits_a_word(text: str, lines: list[str]) -> bool:
    return sum(len(line.split()) for line in lines) != len(text.split())


class MissingGlyphs(UndrawableText):
    """A character no font of the style can draw: reported, never dropped from the picture."""


def check_glyphs(text: str, fonts: FontSet) -> None:
    """Raise MissingGlyphs naming the first grapheme cluster of `text` that no font has.

    Whitespace and default-ignorable characters (joiners, variation
    selectors, bidi controls, flag tags) are never missing.
    """
    position = 0
    for cluster in _GRAPHEME.findall(text):
        if not cluster.isspace() and fonts.missing(cluster):
            codes = " ".join(f"U+{ord(char):04X}" for char in cluster)
            shown = f"{cluster!r} ({codes})" if cluster.isprintable() else f"({codes})"
            raise MissingGlyphs(f"no shipped font can draw {shown} at position {position + 1}: "
                                "remove it or write it another way")
        position += len(cluster)


def layout_at_size(text: str, style: TextStyle, size: int, engine: str) -> TextLayout:
    """Wrap `text` to the style's box at one font size (it may still be too tall or split a word).

    Raises MissingGlyphs or ReversingOverride (both UndrawableText) for text
    the picture cannot show as the captions have it.
    """
    fonts = FontSet(style.fonts)
    shown = localize_digits(text, style.digits)
    check_glyphs(shown, fonts)
    check_overrides(shown)
    rtl = paragraph_is_rtl(shown)
    measurer = Measurer(fonts, size, engine)
    inner_width = inner_size(style)[0]
    logical_lines = balanced_wrap(shown, inner_width, lambda candidate: measurer.width(candidate, rtl))
    lines = tuple(Line(t, runs, sum(r.width for r in runs))
                  for t in logical_lines for runs in [measurer.line_runs(t, rtl)])
    ascent, descent = fonts.metrics(size, layout_engine(engine))
    align = style.align if style.align != "auto" else ("right" if rtl else "left")
    return TextLayout(lines, size, ascent, descent, size * style.line_spacing, rtl, align, engine,
                      fonts, _splits_a_word(shown, logical_lines))


def inset(style: TextStyle) -> int:
    """Distance kept between the box edge and the text: panel padding plus stroke."""
    return (style.panel.padding if style.panel else 0) + (style.stroke.width if style.stroke else 0)


def inner_size(style: TextStyle) -> tuple[float, float]:
    """Width and height the lines may take inside the box."""
    return style.box.width - 2 * inset(style), style.box.height - 2 * inset(style)


def fits(layout: TextLayout, style: TextStyle) -> bool:
    width, height = inner_size(style)
    return layout.width <= width + 0.5 and layout.height <= height + 0.5


def fit_text(text: str, style: TextStyle, engine: str) -> TextLayout:
    """Largest size from style.size down to style.min_size at which the wrapped text fits.

    A word is split across lines only at the minimum size. Raises
    TextDoesNotFit when the text does not fit even then.
    """
    size = style.size
    while True:
        layout = layout_at_size(text, style, size, engine)
        if fits(layout, style) and (not layout.splits_words or size <= style.min_size):
            return layout
        if size <= style.min_size:
            raise TextDoesNotFit(
                f"text does not fit its {style.box.width}x{style.box.height} box even at the "
                f"minimum size {style.min_size}px ({len(layout.lines)} lines): shorten it or split the scene"
            )
        size = max(style.min_size, int(size * 0.92))
