"""The moving pictures behind scenes with `media:`, as the encoder's yuv420p frames.

An image is prepared once: fitted (cover, or contain over a blurred, darkened
fill) at the canvas size times the Ken Burns zoom, and converted to Y'CbCr
once. Each frame is then a sub-pixel crop-and-resize of those planes
(resampling is linear, so resizing the converted planes equals converting the
resized picture), which costs a few milliseconds instead of a conversion per
frame. A video is decoded by ffmpeg (ClipFrames), fitted the same way,
trimmed to the scene or looped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from creator_kit.decode import ClipFrames
from creator_kit.frames import yuv420p_planes
from creator_kit.scene_media import SceneMedia
from creator_kit.template import MediaMotion

FILL_DARKENING = 0.6
"""How bright the blurred fill behind a contained picture is, relative to the picture."""
FILL_BLUR_FRACTION = 1 / 40
"""The fill's blur radius, as a fraction of the canvas width."""
PAN_FRACTION = 0.4
"""How far the window drifts into the room the zoom makes: 0.5 keeps it centred, 0 or 1 hugs an edge."""


def fitted_image(path: Path, size: tuple[int, int], fit: str) -> Image.Image:
    """The image at `size` (RGB): cover-cropped, or all of it over a blurred, darkened fill of itself."""
    with Image.open(path) as opened:
        opened.draft("RGB", size)
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    cover = ImageOps.fit(picture, size, Image.LANCZOS)
    if fit == "cover":
        return cover
    fill = cover.filter(ImageFilter.GaussianBlur(max(2, round(size[0] * FILL_BLUR_FRACTION))))
    fill = fill.point(lambda value: round(value * FILL_DARKENING))
    inside = ImageOps.contain(picture, size, Image.LANCZOS)
    fill.paste(inside, ((size[0] - inside.width) // 2, (size[1] - inside.height) // 2))
    return fill


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def _eased(t: float) -> float:
    """Smoothstep: the motion starts and ends gently."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def ken_burns_box(stage: tuple[int, int], zoom: float, t: float, direction: int) -> tuple[float, float, float, float]:
    """The part of the stage (the picture prepared at canvas x zoom) shown at `t` (0..1 through the scene):
    the whole stage at the start, 1/zoom of it at the end, drifting towards one side (`direction` +1 or -1)."""
    now = 1 + (zoom - 1) * _eased(t)
    width, height = stage[0] / now, stage[1] / now
    left = (stage[0] - width) * (0.5 + (PAN_FRACTION - 0.5) * direction)
    top = (stage[1] - height) * PAN_FRACTION
    return left, top, left + width, top + height


def pan_direction(scene: int) -> int:
    """Scenes drift to alternate sides, so consecutive images do not all slide the same way."""
    return 1 if scene % 2 == 0 else -1


def _stage(media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion) -> tuple[float, tuple[int, int]]:
    """The zoom an image scene reaches (1: it holds still) and the size its picture is prepared at."""
    zoom = motion.zoom if media.motion and motion.ken_burns and frames > 1 else 1.0
    return zoom, (_even(size[0] * zoom), _even(size[1] * zoom))


def image_still(media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion, scene: int) -> Image.Image:
    """An image scene's picture halfway through its motion (RGB), for storyboards."""
    zoom, stage = _stage(media, size, frames, motion)
    box = ken_burns_box(stage, zoom, 0.5, pan_direction(scene))
    return fitted_image(media.file, stage, media.fit).resize(size, Image.BILINEAR, box)


class KenBurns:
    """An image scene's frames: the image's converted planes cropped and resized along the motion."""

    def __init__(self, media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion, scene: int):
        self.zoom, self.stage = _stage(media, size, frames, motion)
        picture = fitted_image(media.file, self.stage, media.fit)
        self.planes = [Image.fromarray(plane) for plane in yuv420p_planes(np.asarray(picture))]
        self.size, self.frames, self.direction = size, frames, pan_direction(scene)
        self.still = self._at(0.0) if self.zoom == 1.0 else None

    def _at(self, t: float) -> np.ndarray:
        left, top, right, bottom = ken_burns_box(self.stage, self.zoom, t, self.direction)
        luma, blue, red = self.planes
        half = (self.size[0] // 2, self.size[1] // 2)
        half_box = (left / 2, top / 2, right / 2, bottom / 2)
        return np.concatenate(
            [
                np.asarray(luma.resize(self.size, Image.BILINEAR, (left, top, right, bottom))).ravel(),
                np.asarray(blue.resize(half, Image.BILINEAR, half_box)).ravel(),
                np.asarray(red.resize(half, Image.BILINEAR, half_box)).ravel(),
            ]
        )

    def frame(self, into: int) -> np.ndarray:
        """Frame `into` of the scene (a new array: text may be blended into it)."""
        if self.still is not None:
            return self.still.copy()
        return self._at(into / (self.frames - 1))

    def close(self) -> None:
        """Nothing to release: the planes go with the object."""


class VideoMedia:
    """A video scene's frames: decoded and fitted by ffmpeg, looped when the clip is shorter than the scene."""

    def __init__(self, media: SceneMedia, size: tuple[int, int], fps: int, frames: int):
        self.clip = ClipFrames(media.file, size, fps, frames, media.fit, loop=True)

    def frame(self, into: int) -> np.ndarray:
        return self.clip.next().copy()

    def close(self) -> None:
        self.clip.close()


class ScenePictures:
    """The frames behind every scene with media, by event index; one scene's source open at a time
    (events come in order), the one before closed when the next opens."""

    def __init__(
        self, scenes: dict[int, tuple[SceneMedia, int, int]], size: tuple[int, int], fps: int, motion: MediaMotion
    ):
        """`scenes`: event index -> (its media, its frame count, its scene index)."""
        self.scenes, self.size, self.fps, self.motion = scenes, size, fps, motion
        self.current: tuple[int, KenBurns | VideoMedia] | None = None

    def frame(self, event: int, into: int) -> np.ndarray | None:
        """Frame `into` of event `event`'s picture, as yuv420p bytes the caller may change; None when the
        event has no media."""
        if event not in self.scenes:
            return None
        if self.current is None or self.current[0] != event:
            self.close()
            media, frames, scene = self.scenes[event]
            source = (
                VideoMedia(media, self.size, self.fps, frames)
                if media.is_video
                else KenBurns(media, self.size, frames, self.motion, scene)
            )
            self.current = (event, source)
        return self.current[1].frame(into)

    def close(self) -> None:
        if self.current is not None:
            self.current[1].close()
            self.current = None
