"""A laid-out text and its style at another scale, for pictures smaller than the canvas (storyboards).

The lines, their breaks and their runs' positions are the full-size layout's,
multiplied: a thumbnail shows exactly the wrapping the video has, painted
with fonts at the scaled size (a few hundredths of a pixel off per glyph, which
a thumbnail cannot show), at a small fraction of the full-size cost.
"""

from __future__ import annotations

import dataclasses

from creator_kit.text.layout import Line, PlacedRun, TextLayout
from creator_kit.text.style import Box, TextStyle


def _scaled_line(line: Line, factor: float) -> Line:
    runs = tuple(PlacedRun(placed.run, placed.x * factor, placed.width * factor) for placed in line.runs)
    return dataclasses.replace(
        line,
        runs=runs,
        width=line.width * factor,
        size=max(1, round(line.size * factor)),
        ascent=round(line.ascent * factor),
        descent=round(line.descent * factor),
        line_height=line.line_height * factor,
        baseline=line.baseline * factor,
    )


def scale_layout(layout: TextLayout, factor: float) -> TextLayout:
    """`layout` with every length multiplied by `factor` (lines and runs unchanged)."""
    return dataclasses.replace(
        layout,
        lines=tuple(_scaled_line(line, factor) for line in layout.lines),
        size=max(1, round(layout.size * factor)),
        ascent=round(layout.ascent * factor),
        descent=round(layout.descent * factor),
        line_height=layout.line_height * factor,
    )


def _length(value: int, factor: float) -> int:
    """A length scaled; one that was there stays at least one pixel."""
    return max(1, round(value * factor)) if value else 0


def scale_style(style: TextStyle, factor: float) -> TextStyle:
    """`style` with its box, sizes, stroke, shadow and panel multiplied by `factor`."""
    box = style.box
    return dataclasses.replace(
        style,
        box=Box(round(box.x * factor), round(box.y * factor), round(box.width * factor), round(box.height * factor)),
        size=_length(style.size, factor),
        min_size=_length(style.min_size, factor),
        stroke=style.stroke and dataclasses.replace(style.stroke, width=_length(style.stroke.width, factor)),
        shadow=style.shadow
        and dataclasses.replace(
            style.shadow,
            offset=(round(style.shadow.offset[0] * factor), round(style.shadow.offset[1] * factor)),
            blur=style.shadow.blur * factor,
        ),
        panel=style.panel
        and dataclasses.replace(
            style.panel, padding=_length(style.panel.padding, factor), radius=_length(style.panel.radius, factor)
        ),
    )
