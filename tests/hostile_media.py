"""Truncated and mislabelled media for the hostile-input tests, made with the ffmpeg the package uses,
tiny and short (a few KB each, a fraction of a second to make)."""

from __future__ import annotations

import random
from pathlib import Path

from media import ffmpeg, generate


def _clip(path: Path, *options: str, seconds: float = 1.0, size: str = "64x64") -> Path:
    return generate(path, f"testsrc=s={size}:r=10:d={seconds}", options=options)


def picture(path: Path, size: str = "64x64") -> Path:
    return generate(path, f"color=c=teal:s={size}", options=("-frames:v", "1"))


def two_second_clip(path: Path) -> Path:
    """An ordinary clip to time captions on."""
    return _clip(path, "-c:v", "libx264", seconds=2)


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def image_named_mp4(path: Path) -> Path:
    return picture(path.with_suffix(".png")).rename(path)


def audio_only(path: Path) -> Path:
    return generate(path, "sine=f=440:d=1", options=("-c:a", "aac"))


def video_only(path: Path) -> Path:
    """A silent clip, for a voice-over that is not one (named .m4a)."""
    return _clip(path, "-an", "-c:v", "libx264", "-f", "mp4")


def one_pixel(path: Path) -> Path:
    return picture(path, "1x1")


def huge_picture(path: Path) -> Path:
    """8000x8000: 64 megapixels, past the 40 the tool accepts (a few KB as a flat PNG)."""
    return picture(path, "8000x8000")


def many_frame_gif(path: Path) -> Path:
    """A GIF of 3,000 frames (16x16)."""
    return generate(path, "testsrc=s=16x16:r=50:d=60")


def truncated_clip(path: Path) -> Path:
    """A real MP4 cut to its first half: the index (moov) at the end is gone."""
    whole = _clip(path, "-c:v", "libx264", seconds=2)
    whole.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def claims_hours(path: Path) -> Path:
    """A tiny clip whose timestamps start three hours in, as a clip cut from a long recording does."""
    return _clip(path, "-c:v", "libx264", "-output_ts_offset", "10800")


def rotated(path: Path) -> Path:
    """A 64x32 clip with a phone's 90° rotation in its display matrix."""
    _clip(path.with_name("upright.mp4"), "-c:v", "libx264", size="64x32")
    ffmpeg("-display_rotation", "90", "-i", str(path.with_name("upright.mp4")), "-c", "copy", str(path))
    return path


def variable_frame_rate(path: Path) -> Path:
    return _clip(path, "-vf", "setpts='if(lt(N,5),N/10,N/4)/TB'", "-fps_mode", "vfr", "-c:v", "libx264")


def hevc_10_bit(path: Path) -> Path:
    return _clip(path, "-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error")


def unknown_codec(path: Path) -> Path:
    """A clip whose codec tag ffmpeg cannot decode: FFV1 data relabelled as an unknown FourCC."""
    _clip(path.with_name("ffv1.avi"), "-c:v", "ffv1")
    data = path.with_name("ffv1.avi").read_bytes().replace(b"FFV1", b"ZZZZ")
    path.write_bytes(data)
    return path


def faststart_clip(path: Path, seconds: float = 2.0) -> Path:
    """A clip with sound and its index (moov) first, as phones and most encoders write it."""
    return generate(
        path, f"testsrc=s=64x64:r=10:d={seconds}", f"sine=f=440:d={seconds}",
        options=("-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart"),
    )  # fmt: skip


def cut(path: Path, fraction: float) -> Path:
    """`path` cut to `fraction` of its bytes: with the index first, it still lists every frame."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def damaged(path: Path, fraction: float, length: int = 300) -> Path:
    """`length` bytes of `path`'s media data, from `fraction` of the way through it, replaced by noise."""
    data = bytearray(path.read_bytes())
    media_start = data.find(b"mdat") + 8
    start = media_start + int((len(data) - media_start) * fraction)
    noise = random.Random(start).randbytes(length)
    data[start : start + length] = noise
    path.write_bytes(bytes(data))
    return path


def faststart_voice(path: Path, seconds: float = 2.0) -> Path:
    """A voice-over (AAC in .m4a) with its index first."""
    return generate(path, f"sine=f=300:d={seconds}", options=("-c:a", "aac", "-movflags", "+faststart"))


def two_hour_clip(path: Path) -> Path:
    """Two hours of a flat 64x64 picture at 5 fps: about half a megabyte, 36,000 frames."""
    return generate(
        path, "color=c=gray:s=64x64:r=5:d=7200", options=("-c:v", "libx264", "-preset", "ultrafast", "-g", "600")
    )
