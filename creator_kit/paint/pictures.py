"""Template + laid-out text -> pictures: the backdrop, each event's picture, storyboards.

Each event is painted once (one Pillow render per scene); frames.py turns the
pictures into the encoder's frames, composing only transitions (moviepy's
CompositeVideoClip composites every frame and is several times slower: see
docs/research.md).

numpy is imported where an event's pixel arrays are first made, not with the
module: a storyboard needs none, and importing it would be a quarter of
`preview`'s start-up (layers.py holds what the encoder's frames compute on arrays).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from creator_kit.inputs.template import Background, Logo, Template
from creator_kit.text.draw import Highlight, draw_highlighted, draw_text
from creator_kit.text.layout import TextLayout
from creator_kit.text.style import TextStyle

if TYPE_CHECKING:
    import numpy as np


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
        import numpy as np

        return np.asarray(self.image.convert("RGB"))

    @cached_property
    def text_layer(self) -> np.ndarray:
        """H x W x 4 uint8."""
        import numpy as np

        return np.asarray(self.layer)


def paint_background(background: Background, size: tuple[int, int]) -> Image.Image:
    width, height = size
    if background.kind == "image" and background.image is not None:
        picture = Image.open(background.image).convert("RGB")
        scale = max(width / picture.width, height / picture.height)
        picture = picture.resize(
            (max(width, round(picture.width * scale)), max(height, round(picture.height * scale))),
            Image.Resampling.LANCZOS,
        )
        left, top = (picture.width - width) // 2, (picture.height - height) // 2
        return picture.crop((left, top, left + width, top + height)).convert("RGBA")
    if background.kind == "gradient":
        return _vertical_gradient([color[:3] for color in background.colors], size)
    return Image.new("RGBA", size, background.colors[0][:3] + (255,))


def _vertical_gradient(stops: list[tuple[int, int, int]], size: tuple[int, int]) -> Image.Image:
    """Colours evenly spaced from the top row to the bottom one, mixed linearly in between."""
    width, height = size
    rows = []
    for row in range(height):
        position = row / (height - 1) * (len(stops) - 1) if height > 1 and len(stops) > 1 else 0.0
        first = min(int(position), len(stops) - 2) if len(stops) > 1 else 0
        mix = position - first
        upper, lower = stops[first], stops[min(first + 1, len(stops) - 1)]
        rows.append(tuple(round(a + (b - a) * mix) for a, b in zip(upper, lower)))
    column = Image.new("RGB", (1, height))
    column.putdata(rows)
    return column.resize(size, Image.Resampling.NEAREST).convert("RGBA")


def place_logo(canvas: Image.Image, logo: Logo, scale: float = 1.0) -> None:
    """The logo where the template puts it, on a canvas drawn at `scale` times the template's size."""
    full_size = (round(canvas.width / scale), round(canvas.height / scale))
    x, y, width, height = (round(length * scale) for length in logo.rectangle(full_size))
    width, height = max(1, width), max(1, height)
    picture = Image.open(logo.image).convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
    if logo.opacity < 1:
        picture.putalpha(picture.getchannel("A").point(lambda a: round(a * logo.opacity)))
    canvas.alpha_composite(picture, (x, y))


def paint_backdrop(template: Template, scale: float = 1.0) -> Image.Image:
    """Background with the logo, shared by every event; at `scale` times the canvas for storyboards."""
    size = (round(template.canvas.width * scale), round(template.canvas.height * scale))
    canvas = paint_background(template.background, size)
    if template.logo:
        place_logo(canvas, template.logo, scale)
    return canvas


def paint_event(
    backdrop: Image.Image,
    layout: TextLayout,
    style: TextStyle,
    extra: Image.Image | None = None,
    highlight: Highlight | None = None,
) -> EventPicture:
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


def contact_sheet(
    pictures: list[EventPicture], labels: list[str], columns: int = 4, thumb_width: int = 270
) -> Image.Image:
    """A storyboard: every event's picture scaled down, in order, with a label under it."""
    width, height = pictures[0].image.size
    thumb_height = round(height * thumb_width / width)
    rows = (len(pictures) + columns - 1) // columns
    gap, label_height = 16, 34
    sheet = Image.new(
        "RGB", (columns * (thumb_width + gap) + gap, rows * (thumb_height + label_height + gap) + gap), (245, 245, 242)
    )
    draw = ImageDraw.Draw(sheet)
    for number, (picture, label) in enumerate(zip(pictures, labels)):
        row, column = divmod(number, columns)
        x = gap + column * (thumb_width + gap)
        y = gap + row * (thumb_height + label_height + gap)
        thumbnail = picture.image.convert("RGB")
        if thumbnail.size != (thumb_width, thumb_height):
            thumbnail = thumbnail.resize((thumb_width, thumb_height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        sheet.paste(thumbnail, (x, y))
        draw.text((x, y + thumb_height + 6), label, fill=(40, 40, 40))
    return sheet
