"""Sample the pixels behind each event's text and give the plan the styles that read over them.

An event over the template's backdrop is measured on the backdrop (background and logo); an event over
footage or its scene's media on frames of that picture at a few points of the event's time, decoded
small (SAMPLE_WIDTH wide: contrast is a matter of areas, not of single pixels). The decision itself is
planning/readability.py's.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from PIL import Image

from creator_kit.errors import RenderError
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.tiles import has_picture_behind, picture_behind
from creator_kit.planning.plan import Prepared
from creator_kit.planning.readability import MINIMUM_CONTRAST, Readability, readable_style
from creator_kit.text.draw import text_bounds
from creator_kit.text.scaling import scale_layout, scale_style
from creator_kit.text.style import TextStyle

SAMPLE_WIDTH = 180
"""Pictures are sampled at this width (a sixth of 1080): one sampled pixel covers 6x6 canvas pixels."""

SAMPLE_FRACTIONS = (0.1, 0.5, 0.9)
"""Where in an event's time its picture is sampled."""


def _sample_size(prepared: Prepared) -> tuple[int, int]:
    canvas = prepared.template.canvas
    width = min(canvas.width, SAMPLE_WIDTH)
    return width, max(1, round(canvas.height * width / canvas.width))


def _region(picture: Image.Image, bounds: tuple[int, int, int, int]) -> np.ndarray | None:
    left, top = max(0, bounds[0]), max(0, bounds[1])
    right, bottom = min(picture.width, max(bounds[2], left + 1)), min(picture.height, max(bounds[3], top + 1))
    if right <= left or bottom <= top:
        return None
    return np.asarray(picture.crop((left, top, right, bottom)).convert("RGB"), dtype=np.float64).reshape(-1, 3)


def _pictures(prepared: Prepared, index: int, size: tuple[int, int]) -> list[Image.Image]:
    """Frames of the picture behind event `index`; a frame that cannot be decoded (past a clip's last
    frame, say) is left out."""
    pictures = []
    for fraction in SAMPLE_FRACTIONS:
        try:
            picture = picture_behind(prepared, index, size, fraction)
        except RenderError:
            continue
        if picture is not None:
            pictures.append(picture)
    return pictures


def _event_readability(
    prepared: Prepared, index: int, backdrop: Image.Image, scale: float
) -> tuple[Readability | None, TextStyle]:
    """The readable style of event `index` and its measurement; (None, template style) without text."""
    event, layout = prepared.timeline.events[index], prepared.layouts[index]
    style = prepared.template.style_for(event.kind)
    if not layout.lines or event.kind not in MINIMUM_CONTRAST:
        return None, style
    bounds = text_bounds(scale_layout(layout, scale), scale_style(style, scale))
    over_picture = has_picture_behind(prepared, index)
    pictures = _pictures(prepared, index, backdrop.size) if over_picture else []
    regions = [region for picture in pictures or [backdrop] if (region := _region(picture, bounds)) is not None]
    if not regions:
        return None, style
    measured_on = "pictures" if pictures else "backdrop"
    treated, readability = readable_style(style, np.concatenate(regions), MINIMUM_CONTRAST[event.kind], measured_on)
    return readability, treated


def make_readable(prepared: Prepared) -> Prepared:
    """The plan with each event's style made readable over what plays behind its text."""
    if prepared.styles:
        return prepared
    size = _sample_size(prepared)
    scale = size[0] / prepared.template.canvas.width
    backdrop = paint_backdrop(prepared.template, scale).convert("RGB")
    styles: list[TextStyle] = []
    measurements: list[Readability | None] = []
    for index in range(len(prepared.timeline.events)):
        readability, style = _event_readability(prepared, index, backdrop, scale)
        styles.append(style)
        measurements.append(readability)
    return dataclasses.replace(prepared, styles=tuple(styles), readability=tuple(measurements))
