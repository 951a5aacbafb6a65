"""Wrapping in logical order, auto-fit and alignment.

Lines are broken on the logical text with the real widths of the chosen
shaping engine; only then is each line itemized into visual runs. Applying
bidi before wrapping would put the lines of an RTL paragraph in reverse order
(python-bidi #13).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

import regex

from creator_kit.errors import TextDoesNotFit, UndrawableText
from creator_kit.text.breaking import words
from creator_kit.text.clusters import check_clusters
from creator_kit.text.fonts import FontSet
from creator_kit.text.shaping import (
    Engine,
    Run,
    check_overrides,
    drawable,
    itemize,
    layout_engine,
    localize_digits,
    paragraph_is_rtl,
    run_engine,
)
from creator_kit.text.style import LineAlign, TextStyle
from creator_kit.text.units import LEFT_TO_RIGHT_ISOLATE, POP_DIRECTIONAL_ISOLATE, break_points

_GRAPHEME = regex.compile(r"\X")
Measure = Callable[[str], float]
"""The width a string takes on a line."""


@dataclass(frozen=True)
class PlacedRun:
    run: Run
    x: float
    width: float


@dataclass(frozen=True)
class Line:
    """One line at its own size: `baseline` is its distance from the top of the laid-out text."""

    text: str
    runs: tuple[PlacedRun, ...]
    width: float
    size: int
    ascent: int
    descent: int
    line_height: float
    baseline: float
    role: str = "body"


@dataclass(frozen=True)
class TextBlock:
    """A part of a text with its own size relative to the style's (`scale`) and what it is (`role`).

    Blocks with `shrinks_first` give up size before the others when the text does not fit (a
    title card's hashtags before its title); `space_before` is extra room above the block, in its
    own line heights.
    """

    text: str
    scale: float = 1.0
    role: str = "body"
    shrinks_first: bool = False
    space_before: float = 0.0


@dataclass(frozen=True)
class TextLayout:
    """Lines in reading order (top to bottom), each with its runs in drawing order.

    `size`, `ascent`, `descent` and `line_height` are the first block's; a text of one block has
    every line at that size.
    """

    lines: tuple[Line, ...]
    size: int
    ascent: int
    descent: int
    line_height: float
    rtl: bool
    align: LineAlign
    engine: Engine
    fonts: FontSet
    splits_words: bool = False
    language: str | None = None

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> float:
        return max((line.baseline + line.descent for line in self.lines), default=0.0)

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
    engine: Engine
    language: str | None = None

    def run_width(self, run: Run) -> float:
        return _run_width(self.fonts, run, self.size, self.engine, self.language)

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
def _run_width(fonts: FontSet, run: Run, size: int, engine: Engine, language: str | None = None) -> float:
    if run.font is None:
        return 0.0
    font = fonts.pillow_font(run.font, size, layout_engine(run_engine(run, engine)))
    text, options = drawable(run, engine, language)
    return font.getlength(text, **options) * fonts.scale_for(run.font, size)


def _break_word(word: str, max_width: float, measure: Measure) -> list[str]:
    """Split a word wider than the box: a URL after its own `/ . ? &` (units.break_points), each of its
    lines in a left-to-right isolate so it keeps its order inside right-to-left text; and any piece
    still too wide between grapheme clusters (CSS overflow-wrap)."""
    points = break_points(word)
    parts = [word[start:end] for start, end in zip((0, *points), (*points, len(word)))]
    pieces: list[str] = []
    for part in _packed(parts, max_width, measure):
        pieces += [part] if measure(part) <= max_width else _packed(_GRAPHEME.findall(part), max_width, measure)
    return [f"{LEFT_TO_RIGHT_ISOLATE}{piece}{POP_DIRECTIONAL_ISOLATE}" for piece in pieces] if points else pieces


def _packed(parts: list[str], max_width: float, measure: Measure) -> list[str]:
    """`parts` joined greedily into pieces no wider than `max_width` (a single wider part stays alone)."""
    pieces, current = [], ""
    for part in parts:
        if current and measure(current + part) > max_width:
            pieces.append(current)
            current = part
        else:
            current += part
    return [*pieces, current] if current else pieces


def wrap(text: str, max_width: float, measure: Measure) -> list[str]:
    """Greedy line breaking on logical text; `measure(str) -> width`.

    Hard newlines are kept; lines break only where text/breaking.py allows (spaces outside units, not
    before a combining mark); a single word wider than the line is split (a URL at its own break
    points first) rather than overflow (fit_text shrinks the type first, so this happens only at the
    minimum size).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces = words(paragraph)
        if not pieces:
            lines.append("")
            continue
        current = ""
        for word in pieces:
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


def balanced_wrap(text: str, max_width: float, measure: Measure) -> list[str]:
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


def _without_isolates(text: str) -> str:
    return text.replace(LEFT_TO_RIGHT_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")


def _splits_a_word(text: str, lines: list[str]) -> bool:
    """Whether `lines` break a word of `text` anywhere but at its own break points (a URL after `/ . ? &`
    may end a line at any size; any other break inside a word waits for the minimum size)."""
    expected = [word for paragraph in _without_isolates(text).split("\n") for word in words(paragraph)]
    pieces = iter(word for line in lines for word in words(_without_isolates(line)))
    for word in expected:
        allowed, taken = set(break_points(word)), ""
        while len(taken) < len(word):
            taken += next(pieces, word)
            if len(taken) < len(word) and len(taken) not in allowed:
                return True
        if taken != word:
            return True
    return next(pieces, None) is not None


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
            raise MissingGlyphs(
                f"no shipped font can draw {shown} at position {position + 1}: remove it or write it another way"
            )
        position += len(cluster)


def layout_at_size(text: str, style: TextStyle, size: int, engine: Engine) -> TextLayout:
    """Wrap `text` to the style's box at one font size (it may still be too tall or split a word).

    Raises MissingGlyphs or ReversingOverride (both UndrawableText) for text
    the picture cannot show as the captions have it.
    """
    return layout_blocks((TextBlock(text),), (size,), style, engine)


def _baselines(heights: list[float], ascents: list[int], gaps: list[float]) -> list[float]:
    """Each line's baseline below the top: consecutive baselines are the mean of their line heights
    apart (plus any gap before the second), so lines of one size keep their usual spacing."""
    baselines = [float(ascents[0])] if heights else []
    for number in range(1, len(heights)):
        pitch = (heights[number - 1] + heights[number]) / 2 + gaps[number]
        baselines.append(baselines[-1] + pitch)
    overhang = min((baseline - ascent for baseline, ascent in zip(baselines, ascents)), default=0.0)
    return [baseline - min(0.0, overhang) for baseline in baselines]


def layout_blocks(
    blocks: tuple[TextBlock, ...], sizes: tuple[int, ...], style: TextStyle, engine: Engine
) -> TextLayout:
    """Wrap each block to the style's box at its own size, one block after another.

    The paragraph direction is the whole text's (its first strong character), so a card's lines
    align together.
    """
    fonts = FontSet(style.fonts)
    shown_blocks = [localize_digits(block.text, style.digits, style.language) for block in blocks]
    shown = "\n".join(shown_blocks)
    check_glyphs(shown, fonts)
    check_clusters(shown, fonts, engine)
    check_overrides(shown)
    rtl = paragraph_is_rtl(shown)
    inner_width = inner_size(style)[0]
    lines: list[Line] = []
    gaps: list[float] = []
    splits = False
    for block, text, size in zip(blocks, shown_blocks, sizes):
        measurer = Measurer(fonts, size, engine, style.language)
        logical_lines = balanced_wrap(text, inner_width, partial(measurer.width, rtl=rtl))
        splits = splits or _splits_a_word(text, logical_lines)
        ascent, descent = fonts.metrics(size, layout_engine(engine))
        line_height = size * style.line_spacing
        for number, line_text in enumerate(logical_lines):
            runs = measurer.line_runs(line_text, rtl)
            gaps.append(block.space_before * line_height if number == 0 and lines else 0.0)
            lines.append(
                Line(
                    line_text, runs, sum(run.width for run in runs), size, ascent, descent, line_height, 0.0, block.role
                )
            )
    baselines = _baselines([line.line_height for line in lines], [line.ascent for line in lines], gaps)
    placed = tuple(dataclasses.replace(line, baseline=baseline) for line, baseline in zip(lines, baselines))
    lead_ascent, lead_descent = fonts.metrics(sizes[0], layout_engine(engine))
    align = style.align if style.align != "auto" else ("right" if rtl else "left")
    return TextLayout(
        placed,
        sizes[0],
        lead_ascent,
        lead_descent,
        sizes[0] * style.line_spacing,
        rtl,
        align,
        engine,
        fonts,
        splits,
        style.language,
    )


def inset(style: TextStyle) -> int:
    """Distance kept between the box edge and the text: panel padding plus stroke."""
    return (style.panel.padding if style.panel else 0) + (style.stroke.width if style.stroke else 0)


def inner_size(style: TextStyle) -> tuple[float, float]:
    """Width and height the lines may take inside the box."""
    return style.box.width - 2 * inset(style), style.box.height - 2 * inset(style)


def fits(layout: TextLayout, style: TextStyle) -> bool:
    width, height = inner_size(style)
    return layout.width <= width + 0.5 and layout.height <= height + 0.5


def fit_text(text: str, style: TextStyle, engine: Engine) -> TextLayout:
    """Largest size from style.size down to style.min_size at which the wrapped text fits.

    A word is split across lines only at the minimum size. Raises
    TextDoesNotFit when the text does not fit even then.
    """
    return fit_blocks((TextBlock(text),), style, engine)


def fit_blocks(
    blocks: tuple[TextBlock, ...], style: TextStyle, engine: Engine, lead_floor: int | None = None
) -> TextLayout:
    """The largest sizes at which the blocks fit together: each starts at style.size times its scale
    and shrinks by steps to style.min_size times its scale; blocks that shrink first do so alone
    until they reach their floor.

    `lead_floor` keeps the blocks of the largest scale (a card's title) at least that size (or
    their starting size, if smaller). A word is split across lines only when no block can shrink.
    Raises TextDoesNotFit when the blocks do not fit even at their floors.
    """
    lead_scale = max(block.scale for block in blocks)
    sizes = [max(1, round(style.size * block.scale)) for block in blocks]
    floors = [max(1, round(style.min_size * block.scale)) for block in blocks]
    if lead_floor is not None:
        floors = [
            max(floor, min(lead_floor, size)) if block.scale == lead_scale else floor
            for block, size, floor in zip(blocks, sizes, floors)
        ]
    while True:
        layout = layout_blocks(blocks, tuple(sizes), style, engine)
        shrinkable = [number for number, (size, floor) in enumerate(zip(sizes, floors)) if size > floor]
        if fits(layout, style) and (not layout.splits_words or not shrinkable):
            return layout
        if not shrinkable:
            raise TextDoesNotFit(
                f"text does not fit its {style.box.width}x{style.box.height} box even at the "
                f"minimum size {sizes[0]}px ({len(layout.lines)} lines): shorten it or split the scene"
            )
        first = [number for number in shrinkable if blocks[number].shrinks_first]
        for number in first or shrinkable:
            sizes[number] = max(floors[number], int(sizes[number] * 0.92))
