"""Storyboard tiles (preview, review) and the cover image: an event painted like the video's frame at its
middle, a scene over the real picture behind it (its own media, or the footage) instead of the template's
backdrop.

Only events with a picture behind them cost more: one small frame decoded by ffmpeg per video event,
one fitted image per image scene; a script without media or footage paints exactly the backdrop tiles.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from creator_kit.inputs.scene_media import Fit
from creator_kit.paint.events import paint_event_at
from creator_kit.paint.pictures import EventPicture, place_logo
from creator_kit.paint.stills import decode_still, image_still
from creator_kit.planning.plan import Prepared

STILL_DECODE_WIDTH = 360
"""Video stills are decoded at most this wide and scaled to the tile (or the canvas) under the text."""


def _decode_size(size: tuple[int, int], widest: int) -> tuple[int, int]:
    width = min(size[0], widest)
    return width // 2 * 2, round(size[1] * width / size[0]) // 2 * 2


def _video_still(path: Path, size: tuple[int, int], fps: int, seconds: float, fit: Fit, widest: int) -> Image.Image:
    return decode_still(path, _decode_size(size, widest), fps, seconds, fit).resize(size, Image.Resampling.BILINEAR)


def picture_behind(
    prepared: Prepared, index: int, size: tuple[int, int], widest: int = STILL_DECODE_WIDTH
) -> Image.Image | None:
    """The picture behind event `index` at its middle (RGB, at `size`, a video decoded at most `widest`
    wide); None when it is the backdrop."""
    event, timeline, template = prepared.timeline.events[index], prepared.timeline, prepared.template
    footage = prepared.script.footage
    if footage is not None and timeline.footage is not None and event.kind in ("scene", "footage"):
        frame = (event.start_frame + event.end_frame) / 2 - timeline.footage[0]
        seconds = max(0.0, min(frame / timeline.fps, footage.duration - 1 / timeline.fps))
        return _video_still(footage.file, size, timeline.fps, seconds, "cover", widest)
    media = prepared.script.scenes[event.index].media if event.kind == "scene" else None
    if media is None:
        return None
    if media.is_video:
        seconds = (event.end - event.start) / 2 % media.duration
        return _video_still(media.file, size, timeline.fps, seconds, media.fit, widest)
    return image_still(media, size, event.frames, template.media, event.index)


def paint_tile(prepared: Prepared, index: int, backdrop: Image.Image, widest: int = STILL_DECODE_WIDTH) -> EventPicture:
    """Event `index` painted at the backdrop's size like the video's frame at its middle: over the
    picture behind it (with the logo), else the backdrop."""
    behind = picture_behind(prepared, index, backdrop.size, widest)
    if behind is not None:
        behind = behind.convert("RGBA")
        if prepared.template.logo is not None:
            place_logo(behind, prepared.template.logo, backdrop.width / prepared.template.canvas.width)
    return paint_event_at(prepared, behind or backdrop, index)


def paint_tiles(prepared: Prepared, backdrop: Image.Image) -> list[EventPicture]:
    """Every event painted for a storyboard at the backdrop's size."""
    return [paint_tile(prepared, index, backdrop) for index in range(len(prepared.timeline.events))]


def paint_cover(prepared: Prepared, backdrop: Image.Image) -> Image.Image:
    """The cover image (RGB, the backdrop's size, the canvas's for a video): the event the script's
    `cover` picks, painted as the video shows it at its middle, over a full-size frame of the picture
    behind it."""
    return paint_tile(prepared, prepared.cover_event, backdrop, backdrop.width).image.convert("RGB")
