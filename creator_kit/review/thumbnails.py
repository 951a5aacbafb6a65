"""Pictures for the page: frames cut from a rendered MP4, and any picture as a small embedded JPEG."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image

from creator_kit.errors import InputError

THUMBNAIL_WIDTH = 270
"""A quarter of 1080: sharp enough to read the text on a phone, ~20 kB as JPEG."""
JPEG_QUALITY = 80
_FFMPEG_SECONDS = 60


def data_uri(picture: Image.Image | np.ndarray, width: int = THUMBNAIL_WIDTH) -> str:
    """`picture` scaled down to `width` pixels wide, as a `data:image/jpeg;base64,...` URI."""
    image = picture if isinstance(picture, Image.Image) else Image.fromarray(picture)
    height = max(1, round(image.height * width / image.width))
    buffer = io.BytesIO()
    image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS).save(
        buffer, format="JPEG", quality=JPEG_QUALITY
    )
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def video_frame(video: Path, seconds: float) -> Image.Image:
    """The frame of `video` shown at `seconds`, decoded by the ffmpeg imageio-ffmpeg ships."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-nostdin",
        "-ss",
        f"{seconds:.3f}",
        "-i",
        str(video),
        "-frames:v",
        "1",
        "-f",
        "image2pipe",
        "-vcodec",
        "png",
        "-",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=_FFMPEG_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise InputError.single(video, f"ffmpeg took longer than {_FFMPEG_SECONDS} s to read a frame") from None
    if done.returncode != 0 or not done.stdout:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:200] or "no frame decoded"
        raise InputError.single(video, f"cannot read the frame at {seconds:.2f} s: {reason}")
    with Image.open(io.BytesIO(done.stdout)) as frame:
        picture: Image.Image = frame.convert("RGB")
    return picture
