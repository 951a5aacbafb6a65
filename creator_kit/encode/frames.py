"""Frames as the encoder takes them: yuv420p bytes, each still converted once, only transitions composed.

x264 encodes yuv420p; handing it RGB makes ffmpeg convert every frame, held
still or not. Here the backdrop and each event's picture are converted once
(BT.709, limited range, the stream is tagged so), a frame that holds still is
the same bytes again, and a transition frame is composed only in the band of
rows where text is (outside it both pictures are the backdrop), converted,
and spliced into the backdrop's planes. Events are painted when the timeline
reaches them and forgotten after, so memory does not grow with the clip.

A `words` scene is one still per word state (no word yet, word 1, word 2, ...),
each painted and converted once when the timeline reaches it; it enters with a
fade. `pop` grows the arriving text about its centre in the text band while it
fades in; over footage it fades in without growing (scaling and converting the
overlay every frame would cost about what the clip's own decoding costs).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from creator_kit.encode.decode import ClipFrames
from creator_kit.inputs.template import Template
from creator_kit.paint.layers import SLIDE_DISTANCE_FRACTION, blend, pop_scale, scaled_about_centre
from creator_kit.paint.pictures import EventPicture
from creator_kit.planning.timeline import Timeline
from creator_kit.planning.word_timing import Window, word_at

_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_LUMA = np.array([_KR, _KG, _KB], dtype=np.float32) * (219.0 / 255.0)
_BLUE_DIFFERENCE = np.array([-_KR, -_KG, 1.0 - _KB], dtype=np.float32) / (2 * (1.0 - _KB)) * (224.0 / 255.0)
_RED_DIFFERENCE = np.array([1.0 - _KR, -_KG, -_KB], dtype=np.float32) / (2 * (1.0 - _KR)) * (224.0 / 255.0)
PIXEL_FORMAT = "yuv420p"
COLOR_ARGUMENTS = ("-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv")
"""How ffmpeg must tag the stream these bytes make."""
_CACHED_EVENTS = 3
"""Pictures kept: a transition's two, and a third when a `words` scene lights its first word while it fades in."""


def _quad_sums(channel: np.ndarray) -> np.ndarray:
    """Each 2x2 block's sum of one float channel."""
    total: np.ndarray = channel[0::2, 0::2] + channel[1::2, 0::2]
    total += channel[0::2, 1::2]
    total += channel[1::2, 1::2]
    return total


def _weighted(channels: tuple[np.ndarray, ...], weights: np.ndarray, offset: float) -> np.ndarray:
    """sum(weight x channel) + offset, rounded half up to uint8 (values stay within 0..255)."""
    total: np.ndarray = channels[0] * weights[0]
    total += channels[1] * weights[1]
    total += channels[2] * weights[2]
    total += offset + 0.5
    clipped: np.ndarray = np.clip(total, 0, 255)
    return clipped.astype(np.uint8)


def yuv420p_planes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y (H x W), U and V (H/2 x W/2) of an RGB image with even sizes: BT.709 limited range, chroma the
    mean of each 2x2 block. Each pair of rows converts on its own, so a band converts like the whole.

    Channel by channel in float32 (about 3x faster than a matrix product over pixels)."""
    channels = tuple(rgb[..., k].astype(np.float32) for k in range(3))
    quads = tuple(_quad_sums(channel) for channel in channels)
    return (
        _weighted(channels, _LUMA, 16.0),
        _weighted(quads, _BLUE_DIFFERENCE / 4, 128.0),
        _weighted(quads, _RED_DIFFERENCE / 4, 128.0),
    )


def ink_rows(layer: np.ndarray) -> tuple[int, int]:
    """First and past-last row where an RGBA layer has any ink; (0, 0) when it has none."""
    rows = np.flatnonzero(layer[..., 3].any(axis=1))
    return (int(rows[0]), int(rows[-1]) + 1) if rows.size else (0, 0)


class _Planes:
    """A frame's yuv420p bytes (Y, then U, then V), into which a converted band of rows can be spliced."""

    def __init__(self, rgb: np.ndarray):
        self.buffer = np.concatenate([plane.ravel() for plane in yuv420p_planes(rgb)])
        self.height, self.width = rgb.shape[:2]

    def views(self, buffer: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Y, U and V of a frame's bytes laid out like these planes."""
        luma, chroma = self.height * self.width, self.height * self.width // 4
        return (
            buffer[:luma].reshape(self.height, self.width),
            buffer[luma : luma + chroma].reshape(self.height // 2, self.width // 2),
            buffer[luma + chroma :].reshape(self.height // 2, self.width // 2),
        )

    def with_band(self, top: int, band: np.ndarray) -> memoryview:
        """These planes with rows top..top+len(band) replaced by the RGB `band` (top and height even)."""
        buffer = self.buffer.copy()
        for plane, converted, start in zip(self.views(buffer), yuv420p_planes(band), (top, top // 2, top // 2)):
            plane[start : start + converted.shape[0]] = converted
        return memoryview(buffer)


@dataclass(frozen=True)
class TextOverlay:
    """A text layer ready to go over moving pictures: its band's premultiplied Y, U, V and coverage.

    Blending in Y'CbCr is the RGB blend carried through the (affine) conversion; chroma takes each
    2x2 block's mean coverage and premultiplied colour, as the planes it goes over are subsampled."""

    top: int
    luma: np.ndarray
    luma_alpha: np.ndarray
    blue: np.ndarray
    red: np.ndarray
    chroma_alpha: np.ndarray

    @classmethod
    def of(cls, layer: np.ndarray, top: int, bottom: int) -> TextOverlay:
        band = layer[top:bottom]
        alpha = band[..., 3].astype(np.float32) / 255.0
        channels = tuple(band[..., k].astype(np.float32) * alpha for k in range(3))
        quads = tuple(_quad_sums(channel) / 4 for channel in channels)
        chroma_alpha = _quad_sums(alpha) / 4
        luma = channels[0] * _LUMA[0] + channels[1] * _LUMA[1] + channels[2] * _LUMA[2] + 16.0 * alpha
        blue = sum(quad * weight for quad, weight in zip(quads, _BLUE_DIFFERENCE)) + 128.0 * chroma_alpha
        red = sum(quad * weight for quad, weight in zip(quads, _RED_DIFFERENCE)) + 128.0 * chroma_alpha
        return cls(top, luma, alpha, blue, red, chroma_alpha)

    def apply(self, planes: tuple[np.ndarray, np.ndarray, np.ndarray], strength: float) -> None:
        """Blend into a frame's Y, U, V planes (changed in place) at `strength` (0..1, for a fade)."""
        for plane, top, colour, alpha in (
            (planes[0], self.top, self.luma, self.luma_alpha),
            (planes[1], self.top // 2, self.blue, self.chroma_alpha),
            (planes[2], self.top // 2, self.red, self.chroma_alpha),
        ):
            region = plane[top : top + colour.shape[0]]
            mixed = region * (1.0 - alpha * strength) + colour * strength
            region[...] = np.clip(mixed + 0.5, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class WordMotion:
    """A `words` transition: per event, the frames (from its start) each word is highlighted in, and
    how to paint an event with one word highlighted."""

    windows: tuple[tuple[Window, ...], ...]
    paint: Callable[[int, int], EventPicture]


Remembered = TypeVar("Remembered")
EventKey = tuple[int, int | None]
"""An event and the word highlighted in it (None: no word)."""


def _remember(cache: OrderedDict[EventKey, Remembered], key: EventKey, make: Callable[[], Remembered]) -> Remembered:
    """`cache[key]`, made on first use; only the most recent few are kept (events come in order)."""
    if key not in cache:
        cache[key] = make()
        while len(cache) > _CACHED_EVENTS:
            cache.popitem(last=False)
    return cache[key]


class EncoderFrames:
    """Frame n of the video as yuv420p bytes, from the events `paint(i)` paints and the template's transition."""

    def __init__(
        self,
        timeline: Timeline,
        paint: Callable[[int], EventPicture],
        backdrop: np.ndarray,
        template: Template,
        clip: ClipFrames | None = None,
        brand: np.ndarray | None = None,
        behind: Callable[[int, int], np.ndarray | None] | None = None,
        words: WordMotion | None = None,
    ):
        """`behind(event, into)`: the yuv420p frame of a scene's own media behind its text (None: none);
        `words`: how a `words` template lights each scene's words."""
        self.timeline = timeline
        self.paint = paint
        self.backdrop = backdrop
        self.backdrop_planes = _Planes(backdrop)
        self.kind = template.transition.kind
        self.transition_frames = round(template.transition.duration * timeline.fps)
        self.slide = round(template.canvas.height * SLIDE_DISTANCE_FRACTION)
        self.clip = clip
        self.behind = behind
        brand_rows = self._band(ink_rows(brand)) if brand is not None else (0, 0)
        self.brand = TextOverlay.of(brand, *brand_rows) if brand is not None and brand_rows[1] > brand_rows[0] else None
        self.words = words
        self._overlays: OrderedDict[EventKey, TextOverlay | None] = OrderedDict()
        self._events: OrderedDict[EventKey, tuple[EventPicture, memoryview, tuple[int, int]]] = OrderedDict()

    def word_showing(self, index: int, number: int) -> int | None:
        """The word of event `index` highlighted at frame `number`, or None (no `words`, the lead-in)."""
        if self.words is None or not self.words.windows[index]:
            return None
        return word_at(self.words.windows[index], number - self.timeline.events[index].start_frame)

    def _picture(self, index: int, word: int | None) -> EventPicture:
        return self.paint(index) if word is None or self.words is None else self.words.paint(index, word)

    def _event(self, index: int, word: int | None = None) -> tuple[EventPicture, memoryview, tuple[int, int]]:
        """The event's picture (with `word` highlighted), its frame's bytes and the rows its text covers
        (the last few kept). Outside those rows the picture is the backdrop, so only they are converted."""

        def still() -> tuple[EventPicture, memoryview, tuple[int, int]]:
            picture = self._picture(index, word)
            rows = ink_rows(picture.text_layer)
            top, bottom = self._band(rows)
            return picture, self.backdrop_planes.with_band(top, picture.frame[top:bottom]), rows

        return _remember(self._events, (index, word), still)

    def _entering(self, index: int, number: int) -> float | None:
        """How far event `index` is into its entrance at frame `number` (0..1), None once it has entered."""
        event = self.timeline.events[index]
        into = number - event.start_frame
        length = min(self.transition_frames, event.frames // 2)
        if self.kind == "none" or into >= length:
            return None
        return (into + 1) / (length + 1)

    def _band(self, *row_ranges: tuple[int, int]) -> tuple[int, int]:
        """The even-aligned rows covering every range (chroma rows pair two picture rows)."""
        covered = [rows for rows in row_ranges if rows[1] > rows[0]]
        if not covered:
            return 0, 0
        top = min(rows[0] for rows in covered) // 2 * 2
        bottom = max(rows[1] for rows in covered)
        return top, min(self.backdrop.shape[0], bottom + bottom % 2)

    def _overlay(self, index: int, word: int | None) -> TextOverlay | None:
        """A scene's text (with `word` highlighted) ready to go over the clip (the last few kept);
        None when it draws nothing."""

        def overlay() -> TextOverlay | None:
            layer = self._picture(index, word).text_layer
            top, bottom = self._band(ink_rows(layer))
            return TextOverlay.of(layer, top, bottom) if bottom > top else None

        return _remember(self._overlays, (index, word), overlay)

    def _dressed(self, frame: np.ndarray, index: int, number: int) -> memoryview:
        """A moving picture's frame (event `index` showing) with the logo, and the scene's text (fading in
        as the template says)."""
        planes = self.backdrop_planes.views(frame)
        if self.brand is not None:
            self.brand.apply(planes, 1.0)
        scene = self.timeline.events[index].kind == "scene"
        overlay = self._overlay(index, self.word_showing(index, number)) if scene else None
        if overlay is not None:
            entering = self._entering(index, number)
            overlay.apply(planes, 1.0 if entering is None else entering)
        return memoryview(frame.data)

    def frame(self, number: int) -> memoryview:
        index = self.timeline.event_at(number)
        footage = self.timeline.footage
        if footage is not None and self.clip is not None and footage[0] <= number < footage[1]:
            return self._dressed(self.clip.next().copy(), index, number)
        if self.behind is not None:
            media = self.behind(index, number - self.timeline.events[index].start_frame)
            if media is not None:
                return self._dressed(media, index, number)
        progress = None if index == 0 else self._entering(index, number)
        picture, still, rows = self._event(index, self.word_showing(index, number))
        if progress is None:
            return still
        last_frame = self.timeline.events[index - 1].end_frame - 1
        previous, _, previous_rows = self._event(index - 1, self.word_showing(index - 1, last_frame))
        if self.kind == "pop":
            return self._pop(picture, rows, previous, previous_rows, progress) or still
        if self.kind in ("fade", "words"):
            top, bottom = self._band(rows, previous_rows)
            if bottom == top:
                return still
            mixed = (
                previous.frame[top:bottom].astype(np.float32) * (1 - progress)
                + picture.frame[top:bottom].astype(np.float32) * progress
            )
            return self.backdrop_planes.with_band(top, mixed.round().astype(np.uint8))
        shift = round(self.slide * (1 - progress) ** 2)
        top, bottom = self._band(previous_rows, (rows[0], rows[1] + shift))
        if bottom == top:
            return still
        band = slice(top, bottom)
        leaving = blend(self.backdrop[band], previous.text_layer[band], 1 - progress)
        arriving = np.zeros_like(picture.text_layer[band])
        source_top = top - shift
        source = picture.text_layer[max(0, source_top) : bottom - shift]
        arriving[max(0, -source_top) : max(0, -source_top) + source.shape[0]] = source
        return self.backdrop_planes.with_band(top, blend(leaving, arriving, progress))

    def _pop(
        self,
        picture: EventPicture,
        rows: tuple[int, int],
        previous: EventPicture,
        previous_rows: tuple[int, int],
        progress: float,
    ) -> memoryview | None:
        """The leaving text fading out, the arriving one fading in while it grows to full size
        (eased out) about the centre of its ink; only the band of rows either covers is composed
        (None when neither has ink)."""
        top, bottom = self._band(rows, previous_rows)
        if bottom == top:
            return None
        band = slice(top, bottom)
        leaving = blend(self.backdrop[band], previous.text_layer[band], 1 - progress)
        arriving = scaled_about_centre(picture.layer, pop_scale(progress), (top, bottom))
        return self.backdrop_planes.with_band(top, blend(leaving, arriving, progress))
