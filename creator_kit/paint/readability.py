"""Sample the pixels behind each event's text and give the plan the styles that read over them.

An event over the template's backdrop is measured on the backdrop (background and logo); an event over
footage or its scene's media on frames of that picture over the event's time, SAMPLE_RATE a second,
decoded small (SAMPLE_WIDTH wide: contrast is a matter of areas, not of single pixels). The footage is
decoded once for all its scenes, and each scene's video once: a seek per sample would decode from the
clip's previous keyframe every time. The decision itself is planning/readability.py's.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from PIL import Image

from creator_kit.inputs.probe import LONGEST_DECODED_SECONDS
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.stills import decode_samples, image_still
from creator_kit.planning.plan import Prepared
from creator_kit.planning.readability import MINIMUM_CONTRAST, MeasuredOn, Readability, readable_style
from creator_kit.text.draw import text_bounds
from creator_kit.text.scaling import scale_layout, scale_style
from creator_kit.text.style import TextStyle

SAMPLE_WIDTH = 180
"""Pictures are sampled at this width (a sixth of 1080): one sampled pixel covers 6x6 canvas pixels."""

SAMPLE_RATE = 2.0
"""Frames a second sampled from a video behind text."""

MOST_FOOTAGE_SAMPLES = 240
"""Frames sampled from the footage at most (a long clip at a lower rate), so what is held is bounded by
the work (some 40 MB at SAMPLE_WIDTH), not by the clip's length."""

IMAGE_FRACTIONS = (0.1, 0.5, 0.9)
"""Where in its motion (Ken Burns) an image behind a scene is sampled."""


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


@dataclasses.dataclass(frozen=True)
class FootageSamples:
    rate: float
    """Frames a second: SAMPLE_RATE, or fewer for a clip longer than MOST_FOOTAGE_SAMPLES allow."""
    frames: list[Image.Image]


def _footage_samples(prepared: Prepared, size: tuple[int, int]) -> FootageSamples:
    """Frames of the footage over the part of it the video plays, SAMPLE_RATE a second at most. None are
    taken from a clip longer than any platform publishes (LONGEST_DECODED_SECONDS, judged from its header):
    the check refuses it as video-too-long, at once."""
    footage, span = prepared.script.footage, prepared.timeline.footage
    if footage is None or span is None:
        return FootageSamples(SAMPLE_RATE, [])
    seconds = (span[1] - span[0]) / prepared.timeline.fps
    if seconds > LONGEST_DECODED_SECONDS:
        return FootageSamples(SAMPLE_RATE, [])
    rate = min(SAMPLE_RATE, MOST_FOOTAGE_SAMPLES / max(seconds, 1e-9))
    return FootageSamples(rate, decode_samples(footage.file, size, rate, seconds))


def _pictures(prepared: Prepared, index: int, size: tuple[int, int], samples: FootageSamples) -> list[Image.Image]:
    """Frames of the picture behind event `index` over its time; empty over the backdrop."""
    event, timeline, script = prepared.timeline.events[index], prepared.timeline, prepared.script
    footage = samples.frames
    if footage and timeline.footage is not None and event.kind == "scene":
        first = (event.start_frame - timeline.footage[0]) / timeline.fps * samples.rate
        last = (event.end_frame - timeline.footage[0]) / timeline.fps * samples.rate
        inside = footage[max(0, math.ceil(first)) : max(0, math.ceil(last))]
        return inside or [footage[min(len(footage) - 1, max(0, round(first)))]]
    media = script.scenes[event.index].media if event.kind == "scene" else None
    if media is None:
        return []
    if media.is_video:
        return decode_samples(media.file, size, SAMPLE_RATE, event.end - event.start, media.fit, loop=True)
    return [image_still(media, size, event.frames, prepared.template.media, event.index, t) for t in IMAGE_FRACTIONS]


def _event_readability(
    prepared: Prepared, index: int, backdrop: Image.Image, scale: float, footage: FootageSamples
) -> tuple[Readability | None, TextStyle]:
    """The readable style of event `index` and its measurement; (None, template style) without text."""
    event, layout = prepared.timeline.events[index], prepared.layouts[index]
    style = prepared.template.style_for(event.kind)
    if not layout.lines or event.kind not in MINIMUM_CONTRAST:
        return None, style
    bounds = text_bounds(scale_layout(layout, scale), scale_style(style, scale))
    pictures = _pictures(prepared, index, backdrop.size, footage)
    regions = [region for picture in pictures or [backdrop] if (region := _region(picture, bounds)) is not None]
    if not regions:
        return None, style
    measured_on: MeasuredOn = "pictures" if pictures else "backdrop"
    treated, readability = readable_style(style, np.concatenate(regions), MINIMUM_CONTRAST[event.kind], measured_on)
    return readability, treated


def make_readable(prepared: Prepared) -> Prepared:
    """The plan with each event's style made readable over what plays behind its text."""
    if prepared.styles:
        return prepared
    size = _sample_size(prepared)
    scale = size[0] / prepared.template.canvas.width
    backdrop = paint_backdrop(prepared.template, scale).convert("RGB")
    footage = _footage_samples(prepared, size)
    styles: list[TextStyle] = []
    measurements: list[Readability | None] = []
    for index in range(len(prepared.timeline.events)):
        readability, style = _event_readability(prepared, index, backdrop, scale, footage)
        styles.append(style)
        measurements.append(readability)
    return dataclasses.replace(prepared, styles=tuple(styles), readability=tuple(measurements))
