"""A video (the creator's clip, a scene's media) as canvas frames: decoded by ffmpeg, fitted, at the canvas
rate, yuv420p.

ffmpeg does the work a video needs before text goes over it: the rotation a
phone recorded is applied, the picture is scaled to cover the canvas and
cropped to it (or, for `fit: contain`, shown whole over a blurred fill), a
variable frame rate becomes the canvas's constant one, and the colours are
converted to BT.709 limited range like every other frame.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

from creator_kit.encoder import ffmpeg_executable
from creator_kit.errors import RenderError
from creator_kit.processes import death_signal_setter

STILL_TIMEOUT_SECONDS = 60


def fit_filter(size: tuple[int, int], fit: str = "cover") -> str:
    """ffmpeg filters that fit a picture to `size`: cover-cropped, or contained over a blurred, darkened
    fill of itself (the colour conversion to BT.709 limited range included)."""
    width, height = size
    cover = (
        f"scale={width}:{height}:force_original_aspect_ratio=increase:out_color_matrix=bt709:out_range=tv,"
        f"crop={width}:{height}"
    )
    if fit == "cover":
        return cover
    blur = max(2, width // 40)
    return (
        f"split=2[fill][picture];[fill]{cover},gblur=sigma={blur},eq=brightness=-0.12:saturation=0.8[under];"
        f"[picture]scale={width}:{height}:force_original_aspect_ratio=decrease:out_color_matrix=bt709:"
        f"out_range=tv[over];[under][over]overlay=(W-w)/2:(H-h)/2"
    )


def decode_command(
    path: Path,
    size: tuple[int, int],
    fps: int,
    frame_count: int,
    fit: str = "cover",
    loop: bool = False,
    start: float = 0.0,
    pixel_format: str = "yuv420p",
) -> list[str]:
    """ffmpeg decoding `frame_count` canvas frames from `start` seconds (looping the clip when asked)."""
    scale = f"{fit_filter(size, fit)},setsar=1,fps={fps},format={pixel_format}"
    seek = ["-ss", f"{start:.3f}"] if start > 0 else []
    return [
        ffmpeg_executable(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *(["-stream_loop", "-1"] if loop else []),
        *seek,
        "-i",
        str(path),
        "-an",
        "-vf",
        scale,
        "-frames:v",
        str(frame_count),
        "-f",
        "rawvideo",
        "-pix_fmt",
        pixel_format,
        "pipe:1",
    ]


class ClipFrames:
    """Frames of the clip one after another, read into one buffer; past its last frame, the last again."""

    def __init__(
        self, path: Path, size: tuple[int, int], fps: int, frame_count: int, fit: str = "cover", loop: bool = False
    ):
        self.buffer = bytearray(size[0] * size[1] * 3 // 2)
        self.decoded = 0
        self.process = subprocess.Popen(
            decode_command(path, size, fps, frame_count, fit, loop),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            preexec_fn=death_signal_setter(),
        )

    def next(self) -> np.ndarray:
        """The next frame's yuv420p bytes; valid until the next call (copy it to change it)."""
        view, filled = memoryview(self.buffer), 0
        while filled < len(self.buffer):
            count = self.process.stdout.readinto(view[filled:])
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
        self.process.stdout.close()


def decode_still(path: Path, size: tuple[int, int], fps: int, seconds: float, fit: str = "cover") -> Image.Image:
    """One RGB frame of a video at `seconds`, fitted to `size` like the video's `fps` frames (for storyboards;
    a rate below the clip's would find no frame near its end)."""
    command = decode_command(path, size, fps, 1, fit, start=seconds, pixel_format="rgb24")
    done = subprocess.run(
        command,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=STILL_TIMEOUT_SECONDS,
        preexec_fn=death_signal_setter(),
    )
    if len(done.stdout) < size[0] * size[1] * 3:
        raise RenderError(f"no picture decoded from {path.name} at {seconds:.2f} s")
    return Image.frombytes("RGB", size, done.stdout[: size[0] * size[1] * 3])
