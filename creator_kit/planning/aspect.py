"""Other shapes than 9:16: a template's layout reflowed onto a canvas of another aspect ratio.

Every box keeps its place as a fraction of the canvas (x and widths follow the width, y and heights the
height), so a text box of 75% of the width stays 75% of the new width and the lines are broken again for
it (text is fitted after this, never cropped). Type, strokes, panels, the logo and the QR code scale by
the geometric mean of the two factors: on 16:9 the text keeps its size and gets longer lines, on 1:1 it
is a quarter smaller, and a box too small for it makes the fitting shrink it as on any canvas.
"""

from __future__ import annotations

import dataclasses
import math

from creator_kit.inputs.script import Aspect
from creator_kit.inputs.template import Canvas, EndCard, Logo, QrPlacement, Template
from creator_kit.text.scaling import scale_style
from creator_kit.text.style import Box, TextStyle

ASPECTS: dict[Aspect, tuple[int, int]] = {
    "9:16": (1080, 1920),
    "4:5": (1080, 1350),
    "1:1": (1080, 1080),
    "16:9": (1920, 1080),
}
"""The shapes a video can take, at the sizes the platforms recommend uploading: vertical short video,
the feed's portrait and square posts, and landscape."""

DEFAULT_ASPECT: Aspect = "9:16"


def _box(box: Box, across: float, down: float) -> Box:
    return Box(round(box.x * across), round(box.y * down), round(box.width * across), round(box.height * down))


def _style(style: TextStyle, across: float, down: float) -> TextStyle:
    scaled = scale_style(style, math.sqrt(across * down))
    return dataclasses.replace(scaled, box=_box(style.box, across, down))


def _logo(logo: Logo | None, across: float, down: float) -> Logo | None:
    if logo is None:
        return None
    return dataclasses.replace(
        logo, width=max(1, round(logo.width * math.sqrt(across * down))), margin=round(logo.margin * min(across, down))
    )


def _qr(qr: QrPlacement | None, across: float, down: float) -> QrPlacement | None:
    """The QR code's square around the same centre, its side scaled by the smaller factor (it stays square)."""
    if qr is None:
        return None
    size = round(qr.size * min(across, down))
    centre_x, centre_y = (qr.x + qr.size / 2) * across, (qr.y + qr.size / 2) * down
    return QrPlacement(round(centre_x - size / 2), round(centre_y - size / 2), size)


def reflowed(template: Template, size: tuple[int, int]) -> Template:
    """The template laid out on a canvas of `size` (the same template when it is already that size)."""
    canvas = template.canvas
    if (canvas.width, canvas.height) == size:
        return template
    across, down = size[0] / canvas.width, size[1] / canvas.height
    end_card = template.end_card
    return dataclasses.replace(
        template,
        canvas=Canvas(size[0], size[1], canvas.fps),
        text=_style(template.text, across, down),
        title=_style(template.title, across, down),
        logo=_logo(template.logo, across, down),
        end_card=EndCard(end_card.duration, _style(end_card.text, across, down), _qr(end_card.qr, across, down)),
    )
