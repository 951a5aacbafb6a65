"""Paint a TextLayout into an RGBA image: panel, shadow, stroke, fill, colour emoji."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFilter

from creator_kit.text.layout import PlacedRun, TextLayout, inner_size, inset
from creator_kit.text.shaping import drawable, layout_engine
from creator_kit.text.style import TextStyle


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
    left = style.box.x + padding
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


def _draw_run(canvas: Image.Image, draw: ImageDraw.ImageDraw, layout: TextLayout, placed: PlacedRun,
              origin: tuple[float, float], size: int, color, stroke) -> None:
    run = placed.run
    if run.font is None:
        return
    fonts = layout.fonts
    font = fonts.pillow_font(run.font, size, layout_engine(layout.engine))
    text, options = drawable(run, layout.engine)
    x, baseline = origin[0] + placed.x, origin[1]
    if fonts.is_color(run.font):
        scale = fonts.scale_for(run.font, size)
        ascent, descent = font.getmetrics()
        width = max(1, math.ceil(font.getlength(text, **options)))
        glyphs = Image.new("RGBA", (width, ascent + descent))
        ImageDraw.Draw(glyphs).text((0, ascent), text, font=font, anchor="ls", embedded_color=True, **options)
        glyphs = glyphs.resize((max(1, round(width * scale)), max(1, round((ascent + descent) * scale))),
                               Image.LANCZOS)
        canvas.alpha_composite(glyphs, (round(x), round(baseline - ascent * scale)))
        return
    stroke_options = {"stroke_width": stroke.width, "stroke_fill": stroke.color} if stroke else {}
    draw.text((x, baseline), text, font=font, fill=color, anchor="ls", **stroke_options, **options)


def _paint_lines(canvas: Image.Image, layout: TextLayout, style: TextStyle, color, stroke) -> None:
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


def draw_text(layout: TextLayout, style: TextStyle, size: tuple[int, int]) -> Image.Image:
    """A transparent image of `size` with the laid-out text painted in the style's box."""
    canvas = Image.new("RGBA", size)
    if style.panel:
        left, top, right, bottom = text_bounds(layout, style)
        pad = style.panel.padding
        panel = Image.new("RGBA", size)
        ImageDraw.Draw(panel).rounded_rectangle(
            (left - pad, top - pad, right + pad, bottom + pad), radius=style.panel.radius, fill=style.panel.color)
        canvas.alpha_composite(panel)
    if style.shadow:
        _paint_shadow(canvas, layout, style)
    _paint_lines(canvas, layout, style, style.fill, style.stroke)
    return canvas


def _paint_shadow(canvas: Image.Image, layout: TextLayout, style: TextStyle) -> None:
    """The lines' shadow, blurred only around where the text is (blurring the whole canvas costs ~10x)."""
    shadow = style.shadow
    alpha = _line_alpha_mask(canvas.size, layout, style)
    ink = alpha.getbbox()
    if ink is None:
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
