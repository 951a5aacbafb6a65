"""Template + laid-out text -> pictures: the backdrop, each event's picture, storyboards.

Each event is painted once (one Pillow render per scene); frames.py turns the
pictures into the encoder's frames, composing only transitions (moviepy's
CompositeVideoClip composites every frame and is several times slower: see
docs/research.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from creator_kit.text.draw import Highlight, draw_highlighted, draw_text
from creator_kit.text.layout import TextLayout
from creator_kit.text.style import TextStyle
from creator_kit.template import Background, Logo, Template

SLIDE_DISTANCE_FRACTION = 0.05
POP_START_SCALE = 0.85
"""`pop`: the arriving text starts at this fraction of its size."""


@dataclass(frozen=True)
class EventPicture:
    """One event painted: the whole frame, and its text layer alone (for transitions and footage).

    Kept as Pillow images; the pixel arrays the encoder's frames need are made on first use
    (a storyboard never needs them)."""

    image: Image.Image  # RGBA, the backdrop with the text
    layer: Image.Image  # RGBA, the text alone

    @cached_property
    def frame(self) -> np.ndarray:
        """H x W x 3 uint8."""
        return np.asarray(self.image.convert("RGB"))

    @cached_property
    def text_layer(self) -> np.ndarray:
        """H x W x 4 uint8."""
        return np.asarray(self.layer)


def paint_background(background: Background, size: tuple[int, int]) -> Image.Image:
    width, height = size
    if background.kind == "image" and background.image is not None:
        picture = Image.open(background.image).convert("RGB")
        scale = max(width / picture.width, height / picture.height)
        picture = picture.resize((max(width, round(picture.width * scale)),
                                  max(height, round(picture.height * scale))), Image.LANCZOS)
        left, top = (picture.width - width) // 2, (picture.height - height) // 2
        return picture.crop((left, top, left + width, top + height)).convert("RGBA")
    if background.kind == "gradient":
        stops = np.array([c[:3] for c in background.colors], dtype=np.float32)
        positions = np.linspace(0.0, 1.0, len(stops))
        rows = np.linspace(0.0, 1.0, height)
        column = np.stack([np.interp(rows, positions, stops[:, k]) for k in range(3)], axis=1)
        pixels = np.repeat(column[:, None, :], width, axis=1).round().astype(np.uint8)
        return Image.fromarray(pixels).convert("RGBA")
    return Image.new("RGBA", size, background.colors[0][:3] + (255,))


def place_logo(canvas: Image.Image, logo: Logo) -> None:
    x, y, width, height = logo.rectangle(canvas.size)
    picture = Image.open(logo.image).convert("RGBA").resize((width, height), Image.LANCZOS)
    if logo.opacity < 1:
        picture.putalpha(picture.getchannel("A").point(lambda a: round(a * logo.opacity)))
    canvas.alpha_composite(picture, (x, y))


def logo_layer(template: Template) -> np.ndarray | None:
    """The logo alone on a transparent canvas (RGBA), to go over footage; None without a logo."""
    if template.logo is None:
        return None
    layer = Image.new("RGBA", (template.canvas.width, template.canvas.height))
    place_logo(layer, template.logo)
    return np.asarray(layer)


def paint_backdrop(template: Template) -> Image.Image:
    """Background with the logo, shared by every event."""
    size = (template.canvas.width, template.canvas.height)
    canvas = paint_background(template.background, size)
    if template.logo:
        place_logo(canvas, template.logo)
    return canvas


def paint_event(backdrop: Image.Image, layout: TextLayout, style: TextStyle,
                extra: Image.Image | None = None, highlight: Highlight | None = None) -> EventPicture:
    """The event's text over the backdrop (with `extra` over the text, and a word highlighted if asked)."""
    if highlight is None:
        text_layer = draw_text(layout, style, backdrop.size)
    else:
        text_layer = draw_highlighted(layout, style, backdrop.size, highlight)
    if extra is not None:
        text_layer.alpha_composite(extra)
    frame = backdrop.copy()
    frame.alpha_composite(text_layer)
    return EventPicture(frame, text_layer)


def blend(under: np.ndarray, layer: np.ndarray, opacity: float) -> np.ndarray:
    """`layer` (RGBA) over `under` (RGB) at `opacity`."""
    alpha = layer[..., 3:4].astype(np.float32) * (opacity / 255.0)
    mixed = under.astype(np.float32) * (1 - alpha) + layer[..., :3].astype(np.float32) * alpha
    return mixed.round().astype(np.uint8)


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
    grown = layer.crop(ink).resize((width, height), Image.BILINEAR)
    canvas = Image.new("RGBA", (layer.width, bottom - top))
    x = round((left + right - width) / 2)
    y = round((upper + lower - height) / 2) - top
    canvas.paste(grown, (x, y))
    return np.asarray(canvas)


def contact_sheet(pictures: list[EventPicture], labels: list[str], columns: int = 4,
                  thumb_width: int = 270) -> Image.Image:
    """A storyboard: every event's picture scaled down, in order, with a label under it."""
    width, height = pictures[0].image.size
    thumb_height = round(height * thumb_width / width)
    rows = (len(pictures) + columns - 1) // columns
    gap, label_height = 16, 34
    sheet = Image.new("RGB", (columns * (thumb_width + gap) + gap,
                              rows * (thumb_height + label_height + gap) + gap), (245, 245, 242))
    draw = ImageDraw.Draw(sheet)
    for number, (picture, label) in enumerate(zip(pictures, labels)):
        row, column = divmod(number, columns)
        x = gap + column * (thumb_width + gap)
        y = gap + row * (thumb_height + label_height + gap)
        thumbnail = picture.image.convert("RGB").resize((thumb_width, thumb_height), Image.LANCZOS,
                                                        reducing_gap=2.0)
        sheet.paste(thumbnail, (x, y))
        draw.text((x, y + thumb_height + 6), label, fill=(40, 40, 40))
    return sheet
