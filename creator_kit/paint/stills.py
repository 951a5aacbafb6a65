"""The picture behind a scene, as a still for storyboards, and the geometry its moving frames follow.

A video is fitted to the canvas by ffmpeg's own filters (decode_command: the rotation a phone recorded
applied, cover-cropped or contained over a blurred fill, the canvas's rate, BT.709 limited range); the
encoder's frames (encode/decode.py) and a storyboard's still decode it with the same command. An image
is fitted by Pillow, and a Ken Burns window moves over it (ken_burns_box). No numpy here: a storyboard
stays light.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

from creator_kit.errors import RenderError
from creator_kit.inputs.scene_media import Fit, SceneMedia
from creator_kit.inputs.template import MediaMotion
from creator_kit.paths import ffmpeg_executable
from creator_kit.processes import death_signal_setter

STILL_TIMEOUT_SECONDS = 60


def fit_filter(size: tuple[int, int], fit: Fit = "cover") -> str:
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
    fps: float,
    frame_count: int,
    fit: Fit = "cover",
    loop: bool = False,
    start: float = 0.0,
    pixel_format: str = "yuv420p",
    sampling: bool = False,
    threads: int = 0,
) -> list[str]:
    """ffmpeg decoding `frame_count` frames at `fps` from `start` seconds (looping the clip when asked).

    `sampling` takes the frames before fitting them and skips the decoder's loop filter: a few frames a
    second for measuring areas, not for showing. `threads` (0: ffmpeg's choice, every core) caps the
    decoder's and the filters' threads, so that jobs running side by side share the cores."""
    capped = ["-threads", str(threads)] if threads > 0 else []
    fitted = f"{fit_filter(size, fit)},setsar=1"
    scale = f"fps={fps:g},{fitted},format={pixel_format}" if sampling else f"{fitted},fps={fps},format={pixel_format}"
    seek = ["-ss", f"{start:.3f}"] if start > 0 else []
    return [
        ffmpeg_executable(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *(["-filter_threads", str(threads)] if threads > 0 else []),
        *(["-stream_loop", "-1"] if loop else []),
        *seek,
        *(["-skip_loop_filter", "all"] if sampling else []),
        *capped,
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


FILL_DARKENING = 0.6
"""How bright the blurred fill behind a contained picture is, relative to the picture."""
FILL_BLUR_FRACTION = 1 / 40
"""The fill's blur radius, as a fraction of the canvas width."""
PAN_FRACTION = 0.4
"""How far the window drifts into the room the zoom makes: 0.5 keeps it centred, 0 or 1 hugs an edge."""


def fitted_image(path: Path, size: tuple[int, int], fit: Fit) -> Image.Image:
    """The image at `size` (RGB): cover-cropped, or all of it over a blurred, darkened fill of itself."""
    with Image.open(path) as opened:
        opened.draft("RGB", size)
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    cover = ImageOps.fit(picture, size, Image.Resampling.LANCZOS)
    if fit == "cover":
        return cover
    fill = cover.filter(ImageFilter.GaussianBlur(max(2, round(size[0] * FILL_BLUR_FRACTION))))
    fill = fill.point(lambda value: round(value * FILL_DARKENING))
    inside = ImageOps.contain(picture, size, Image.Resampling.LANCZOS)
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


def media_stage(
    media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion
) -> tuple[float, tuple[int, int]]:
    """The zoom an image scene reaches (1: it holds still) and the size its picture is prepared at."""
    zoom = motion.zoom if media.motion and motion.ken_burns and frames > 1 else 1.0
    return zoom, (_even(size[0] * zoom), _even(size[1] * zoom))


def image_still(
    media: SceneMedia, size: tuple[int, int], frames: int, motion: MediaMotion, scene: int, t: float = 0.5
) -> Image.Image:
    """An image scene's picture at `t` (0..1) of its motion (RGB), for storyboards and readability."""
    zoom, stage = media_stage(media, size, frames, motion)
    box = ken_burns_box(stage, zoom, t, pan_direction(scene))
    return fitted_image(media.file, stage, media.fit).resize(size, Image.Resampling.BILINEAR, box)


def decode_samples(
    path: Path, size: tuple[int, int], rate: float, seconds: float, fit: Fit = "cover", loop: bool = False
) -> list[Image.Image]:
    """RGB frames of a video at `rate` per second over its first `seconds` (the k-th at k / rate s),
    fitted to `size` like the video's own frames, from one ffmpeg process (for measuring, not showing)."""
    count = max(1, math.floor(seconds * rate))
    command = decode_command(path, size, rate, count, fit, loop, pixel_format="rgb24", sampling=True)
    done = subprocess.run(
        command,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=STILL_TIMEOUT_SECONDS * 10,
        preexec_fn=death_signal_setter(),
    )
    frame_bytes = size[0] * size[1] * 3
    return [
        Image.frombytes("RGB", size, done.stdout[start : start + frame_bytes])
        for start in range(0, len(done.stdout) - frame_bytes + 1, frame_bytes)
    ]


def decode_still(path: Path, size: tuple[int, int], fps: int, seconds: float, fit: Fit = "cover") -> Image.Image:
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
