"""Paint a TextLayout into an RGBA image: panel, shadow, stroke, fill, colour emoji."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from creator_kit.text.highlight import WordSpan, layout_word_spans
from creator_kit.text.layout import PlacedRun, TextLayout, inner_size, inset
from creator_kit.text.marks import PlacedMark, place_marks
from creator_kit.text.shaping import FALLBACK, drawable, layout_engine, run_engine
from creator_kit.text.style import RGBA, Stroke, TextStyle


def _block_origin(layout: TextLayout, style: TextStyle) -> tuple[float, float, float]:
    """Top-left of the text block inside the box, and the width lines align within."""
    padding = inset(style)
    inner_width, inner_height = inner_size(style)
    if style.vertical_align == "top":
        top = 0.0
    elif style.vertical_align == "bottom":
        top = inner_height - layout.height
    else:
        top = (inner_height - layout.height) / 2
    left: float = style.box.x + padding
    if style.panel:
        # A panel hugs the text, so the block is centred in the box and lines align inside it.
        left += (inner_width - layout.width) / 2
        inner_width = layout.width
    return left, style.box.y + padding + top, inner_width


def text_bounds(layout: TextLayout, style: TextStyle) -> tuple[int, int, int, int]:
    """Canvas rectangle (left, top, right, bottom) the lines occupy, without panel padding."""
    left, top, inner_width = _block_origin(layout, style)
    xs = [left + layout.line_x(line, inner_width) for line in layout.lines] or [left]
    rights = [x + line.width for x, line in zip(xs, layout.lines)] or [left]
    return (math.floor(min(xs)), math.floor(top), math.ceil(max(rights)), math.ceil(top + layout.height))


def _draw_run(
    canvas: Image.Image,
    draw: ImageDraw.ImageDraw,
    layout: TextLayout,
    placed: PlacedRun,
    origin: tuple[float, float],
    size: int,
    color: RGBA,
    stroke: Stroke | None,
) -> None:
    run = placed.run
    if run.font is None:
        return
    fonts = layout.fonts
    font = fonts.pillow_font(run.font, size, layout_engine(run_engine(run, layout.engine)))
    text, options = drawable(run, layout.engine, layout.language)
    x, baseline = origin[0] + placed.x, origin[1]
    if fonts.is_color(run.font):
        scale = fonts.scale_for(run.font, size)
        ascent, descent = font.getmetrics()
        width = max(1, math.ceil(font.getlength(text, **options)))
        glyphs = Image.new("RGBA", (width, ascent + descent))
        ImageDraw.Draw(glyphs).text((0, ascent), text, font=font, anchor="ls", embedded_color=True, **options)
        glyphs = glyphs.resize(
            (max(1, round(width * scale)), max(1, round((ascent + descent) * scale))), Image.Resampling.LANCZOS
        )
        canvas.alpha_composite(glyphs, (round(x), round(baseline - ascent * scale)))
        return
    stroke_width, stroke_fill = (stroke.width, stroke.color) if stroke else (0, None)
    marks: tuple[PlacedMark, ...] = ()
    if run.rtl and run_engine(run, layout.engine) == FALLBACK:
        text, marks = place_marks(text, run.font, size)
    draw.text(
        (x, baseline),
        text,
        font=font,
        fill=color,
        anchor="ls",
        stroke_width=stroke_width,
        stroke_fill=stroke_fill,
        **options,
    )
    for mark, mark_x, rise in marks:
        draw.text(
            (x + mark_x, baseline - rise),
            mark,
            font=font,
            fill=color,
            anchor="ls",
            stroke_width=stroke_width,
            stroke_fill=stroke_fill,
        )


def _paint_lines(canvas: Image.Image, layout: TextLayout, style: TextStyle, color: RGBA, stroke: Stroke | None) -> None:
    draw = ImageDraw.Draw(canvas)
    left, top, inner_width = _block_origin(layout, style)
    for line in layout.lines:
        baseline = top + line.baseline
        x = left + layout.line_x(line, inner_width)
        for placed in line.runs:
            _draw_run(canvas, draw, layout, placed, (x, baseline), line.size, color, stroke)


def _line_alpha_mask(size: tuple[int, int], layout: TextLayout, style: TextStyle) -> Image.Image:
    mask = Image.new("RGBA", size)
    _paint_lines(mask, layout, style, (0, 0, 0, 255), style.stroke)
    return mask.getchannel("A")


def _opaque_ink(style: TextStyle) -> bool:
    """Whether the text's own alpha is its coverage (fill and stroke opaque), so it can shape the shadow."""
    return style.fill[3] == 255 and (style.stroke is None or style.stroke.color[3] == 255)


def draw_text(layout: TextLayout, style: TextStyle, size: tuple[int, int]) -> Image.Image:
    """A transparent image of `size` with the laid-out text painted in the style's box: the panel, the
    shadow, then the lines over them.

    The lines are drawn once, on their own layer; with an opaque fill its alpha is the shadow's shape
    (drawing them a second time for it was most of a storyboard's painting). The layer is pasted with
    its alpha as the mask, which mixes exactly as drawing the text onto the shadow does."""
    ink = Image.new("RGBA", size)
    _paint_lines(ink, layout, style, style.fill, style.stroke)
    if not style.panel and not style.shadow:
        return ink
    canvas = Image.new("RGBA", size)
    if style.panel:
        left, top, right, bottom = text_bounds(layout, style)
        pad = style.panel.padding
        ImageDraw.Draw(canvas).rounded_rectangle(
            (left - pad, top - pad, right + pad, bottom + pad), radius=style.panel.radius, fill=style.panel.color
        )
    if style.shadow:
        coverage = ink.getchannel("A") if _opaque_ink(style) else _line_alpha_mask(size, layout, style)
        _paint_shadow(canvas, coverage, style)
    opaque = ink.copy()
    opaque.putalpha(255)
    canvas.paste(opaque, mask=ink.getchannel("A"))
    return canvas


def _paint_shadow(canvas: Image.Image, alpha: Image.Image, style: TextStyle) -> None:
    """The shadow of text whose coverage is `alpha`, blurred only around where the text is (blurring the
    whole canvas costs ~10x)."""
    shadow = style.shadow
    ink = alpha.getbbox()
    if ink is None or shadow is None:
        return
    margin = 4 * math.ceil(shadow.blur) + 2
    left, top = max(0, ink[0] - margin), max(0, ink[1] - margin)
    region = (left, top, min(canvas.width, ink[2] + margin), min(canvas.height, ink[3] + margin))
    shade = Image.new("RGBA", (region[2] - left, region[3] - top), shadow.color[:3] + (0,))
    shade.putalpha(alpha.crop(region).point(lambda a: a * shadow.color[3] // 255))
    if shadow.blur:
        shade = shade.filter(ImageFilter.GaussianBlur(shadow.blur))
    x, y = left + shadow.offset[0], top + shadow.offset[1]
    canvas.alpha_composite(shade, dest=(max(0, x), max(0, y)), source=(max(0, -x), max(0, -y)))


def span_rectangles(
    layout: TextLayout, style: TextStyle, spans: tuple[WordSpan, ...], size: tuple[int, int]
) -> list[tuple[int, int, int, int]]:
    """Canvas rectangles (left, top, right, bottom) a word's spans cover, on a canvas of `size`.

    Across, a span grows by the stroke and a little overhang, at most to half the gap to the
    next span on its line; down, its line reaches halfway to the lines around it (harakat
    included), and the first and last lines to the canvas edges."""
    left, top, inner_width = _block_origin(layout, style)
    stroke = style.stroke.width if style.stroke else 0
    every = [other for word in layout_word_spans(layout) for other in word]
    rectangles = []
    for span in spans:
        line = layout.lines[span.line]
        overhang = stroke + max(1, round(line.size * 0.06))
        x = left + layout.line_x(line, inner_width)
        baseline = top + line.baseline
        gap = (line.line_height - line.ascent - line.descent) / 2
        upper = 0 if span.line == 0 else baseline - line.ascent - gap
        lower = size[1] if span.line == len(layout.lines) - 1 else baseline + line.descent + gap
        neighbours = [(other.left, other.right) for other in every if other.line == span.line and other != span]
        grow_left = min([overhang] + [(span.left - right) / 2 for _, right in neighbours if right <= span.left])
        grow_right = min([overhang] + [(other - span.right) / 2 for other, _ in neighbours if other >= span.right])
        rectangles.append(
            (
                max(0, math.floor(x + span.left - grow_left)),
                max(0, math.floor(upper)),
                min(size[0], math.ceil(x + span.right + grow_right)),
                min(size[1], math.ceil(lower)),
            )
        )
    return rectangles


@dataclass(frozen=True)
class Highlight:
    """One word shown in another colour: its spans (text/highlight.py) and the colour."""

    spans: tuple[WordSpan, ...]
    color: RGBA


def draw_highlighted(layout: TextLayout, style: TextStyle, size: tuple[int, int], highlight: Highlight) -> Image.Image:
    """`draw_text` with one word's glyphs in the highlight colour: the same image painted with that
    colour as the fill, kept only inside the word's rectangles. The glyphs are the line's, so the word
    keeps the forms it joins with, and the alpha is exactly the plain image's (the fill's alpha is kept)."""
    plain = draw_text(layout, style, size)
    if not highlight.spans:
        return plain
    lit = draw_text(layout, dataclasses.replace(style, fill=highlight.color[:3] + (style.fill[3],)), size)
    mask = Image.new("L", size)
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in span_rectangles(layout, style, highlight.spans, size):
        if right > left and bottom > top:
            draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
    plain.paste(lit, (0, 0), mask)
    return plain
