"""Layers as pixel arrays, for composing the encoder's frames: blends, the logo alone, text scaled for `pop`.

Kept apart from video.py (which paints with Pillow only) so that a storyboard never imports numpy.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from creator_kit.inputs.template import Template
from creator_kit.paint.pictures import place_logo

SLIDE_DISTANCE_FRACTION = 0.05
POP_START_SCALE = 0.85
"""`pop`: the arriving text starts at this fraction of its size."""


def logo_layer(template: Template) -> np.ndarray | None:
    """The logo alone on a transparent canvas (RGBA), to go over footage; None without a logo."""
    if template.logo is None:
        return None
    layer = Image.new("RGBA", (template.canvas.width, template.canvas.height))
    place_logo(layer, template.logo)
    return np.asarray(layer)


def blend(under: np.ndarray, layer: np.ndarray, opacity: float) -> np.ndarray:
    """`layer` (RGBA) over `under` (RGB) at `opacity`."""
    alpha = layer[..., 3:4].astype(np.float32) * (opacity / 255.0)
    mixed: np.ndarray = under.astype(np.float32) * (1 - alpha) + layer[..., :3].astype(np.float32) * alpha
    rounded: np.ndarray = mixed.round()
    return rounded.astype(np.uint8)


def pop_scale(progress: float) -> float:
    """The arriving text's scale `progress` (0..1) into a `pop`: eased out, from POP_START_SCALE to 1."""
    return POP_START_SCALE + (1 - POP_START_SCALE) * (1 - (1 - progress) ** 2)


def scaled_about_centre(layer: Image.Image, scale: float, rows: tuple[int, int]) -> np.ndarray:
    """Rows `rows` of the RGBA `layer` with its ink scaled by `scale` (at most 1) about the ink's centre.

    Only the ink's bounding box is resampled (Pillow premultiplies alpha for it); at scale 1 the rows
    are the layer's own."""
    top, bottom = rows
    ink = layer.getchannel("A").getbbox()
    if ink is None or scale >= 1:
        return np.asarray(layer)[top:bottom]
    left, upper, right, lower = ink
    width, height = max(1, round((right - left) * scale)), max(1, round((lower - upper) * scale))
    grown = layer.crop(ink).resize((width, height), Image.Resampling.BILINEAR)
    canvas = Image.new("RGBA", (layer.width, bottom - top))
    x = round((left + right - width) / 2)
    y = round((upper + lower - height) / 2) - top
    canvas.paste(grown, (x, y))
    return np.asarray(canvas)
