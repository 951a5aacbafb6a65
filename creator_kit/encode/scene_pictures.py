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

import numpy as np
from PIL import Image

from creator_kit.encode.decode import ClipFrames
from creator_kit.encode.frames import yuv420p_planes
from creator_kit.inputs.scene_media import SceneMedia
from creator_kit.inputs.template import MediaMotion
from creator_kit.paint.stills import fitted_image, ken_burns_box, media_stage, pan_direction


class KenBurns:
    """An image scene's frames: the image's converted planes cropped and resized along the motion."""

    def __init__(self, media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion, scene: int):
        self.zoom, self.stage = media_stage(media, size, frames, motion)
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
                np.asarray(luma.resize(self.size, Image.Resampling.BILINEAR, (left, top, right, bottom))).ravel(),
                np.asarray(blue.resize(half, Image.Resampling.BILINEAR, half_box)).ravel(),
                np.asarray(red.resize(half, Image.Resampling.BILINEAR, half_box)).ravel(),
            ]
        )

    def frame(self, into: int) -> np.ndarray:
        """Frame `into` of the scene (a new array: text may be blended into it)."""
        if self.still is not None:
            still: np.ndarray = self.still.copy()
            return still
        return self._at(into / (self.frames - 1))

    def close(self) -> None:
        """Nothing to release: the planes go with the object."""


class VideoMedia:
    """A video scene's frames: decoded and fitted by ffmpeg, looped when the clip is shorter than the scene."""

    def __init__(self, media: SceneMedia, size: tuple[int, int], fps: int, frames: int, threads: int = 0):
        self.clip = ClipFrames(media.file, size, fps, frames, media.fit, loop=True, threads=threads)

    def frame(self, into: int) -> np.ndarray:
        frame: np.ndarray = self.clip.next().copy()
        return frame

    def close(self) -> None:
        self.clip.close()


class ScenePictures:
    """The frames behind every scene with media, by event index; one scene's source open at a time
    (events come in order), the one before closed when the next opens."""

    def __init__(
        self,
        scenes: dict[int, tuple[SceneMedia, int, int]],
        size: tuple[int, int],
        fps: int,
        motion: MediaMotion,
        threads: int = 0,
    ):
        """`scenes`: event index -> (its media, its frame count, its scene index); `threads`: the decoder's."""
        self.scenes, self.size, self.fps, self.motion, self.threads = scenes, size, fps, motion, threads
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
                VideoMedia(media, self.size, self.fps, frames, self.threads)
                if media.is_video
                else KenBurns(media, self.size, frames, self.motion, scene)
            )
            self.current = (event, source)
        return self.current[1].frame(into)

    def close(self) -> None:
        if self.current is not None:
            self.current[1].close()
            self.current = None
