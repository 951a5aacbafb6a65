"""A video (the creator's clip, a scene's media) as canvas frames: decoded by ffmpeg, fitted, at the canvas
rate, yuv420p.

ffmpeg does the work a video needs before text goes over it: the rotation a
phone recorded is applied, the picture is scaled to cover the canvas and
cropped to it (or, for `fit: contain`, shown whole over a blurred fill), a
variable frame rate becomes the canvas's constant one, and the colours are
converted to BT.709 limited range like every other frame.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np

from creator_kit.errors import RenderError
from creator_kit.inputs.scene_media import Fit
from creator_kit.paint.stills import decode_command
from creator_kit.processes import death_signal_setter


class ClipFrames:
    """Frames of the clip one after another, read into one buffer; past its last frame, the last again."""

    def __init__(
        self,
        path: Path,
        size: tuple[int, int],
        fps: int,
        frame_count: int,
        fit: Fit = "cover",
        loop: bool = False,
        threads: int = 0,
    ):
        self.buffer = bytearray(size[0] * size[1] * 3 // 2)
        self.decoded = 0
        self.process = subprocess.Popen(
            decode_command(path, size, fps, frame_count, fit, loop, threads=threads),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            preexec_fn=death_signal_setter(),
        )
        assert self.process.stdout is not None  # started with stdout=PIPE
        self.pictures: io.BufferedReader = self.process.stdout  # type: ignore[assignment]

    def next(self) -> np.ndarray:
        """The next frame's yuv420p bytes; valid until the next call (copy it to change it)."""
        view, filled = memoryview(self.buffer), 0
        while filled < len(self.buffer):
            count = self.pictures.readinto(view[filled:])
            if not count:
                break
            filled += count
        if filled == len(self.buffer):
            self.decoded += 1
        elif not self.decoded:
            raise RenderError("the footage gave no picture to decode")
        return np.frombuffer(self.buffer, np.uint8)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.pictures.close()
