"""Check media files before anything is drawn or encoded: is it really audio, really an image?

A file's suffix says nothing about its content: a text file named calm.mp3 or logo.png must
be refused with a clear message before encoding starts, and never quoted.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, UnidentifiedImageError

from creator_kit.paths import ffmpeg_executable

IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
STILL_CODECS = ("png", "mjpeg", "bmp", "gif", "webp")
"""Codecs ffmpeg lists as a video stream that hold a picture, not motion (cover art, an image)."""
MAX_IMAGE_PIXELS = 40_000_000
PROBE_TIMEOUT_SECONDS = 20
DECODE_SECONDS_PER_SECOND = 4
"""Time allowed to decode a file completely, per second it lasts, on top of PROBE_TIMEOUT_SECONDS."""
LONGEST_DECODED_SECONDS = 600.0
"""Media longer than the longest video a platform takes (TikTok's 10 minutes) are judged by their header
alone: too long to publish whatever their data holds (check's video-too-long), and never decoded whole."""
AUDIO_END_TOLERANCE_SECONDS = 0.1
"""How far before its declared end audio may stop (a few packets of padding, rounded durations)."""


class NotMedia(ValueError):
    """The file is not the kind of media expected; the message says so without quoting it."""


@dataclass(frozen=True)
class Probe:
    """What `ffmpeg -i` tells of a media file."""

    duration: float
    has_audio: bool
    has_video: bool
    frame_rate: float | None = None
    """The first moving picture's frames a second, as its header says; None without one."""
    audio_tracks: int = 0


def probe(path: Path, timeout: float = PROBE_TIMEOUT_SECONDS) -> Probe | None:
    """The streams and duration of `path` as `ffmpeg -i` (imageio-ffmpeg's binary) reports them; None
    when ffmpeg cannot read it as media.

    imageio-ffmpeg ships ffmpeg without ffprobe, so the stream list ffmpeg prints on stderr
    is parsed; ffmpeg exits 1 there (no output file given), which is expected.
    """
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-i", str(Path(path).resolve())]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None
    report = result.stderr.decode("utf-8", errors="replace")
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", report)
    if not duration:
        return None
    hours, minutes, seconds = duration.groups()
    streams = re.findall(r"Stream #\S+.*?: (Audio|Video): (\w+)", report)
    has_video = any(kind == "Video" and codec not in STILL_CODECS for kind, codec in streams)
    rate = re.search(r"Stream #\S+.*?: Video: .*?(\d+(?:\.\d+)?) fps", report)
    return Probe(
        int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        any(kind == "Audio" for kind, _ in streams),
        has_video,
        float(rate.group(1)) if rate and float(rate.group(1)) > 0 else None,
        sum(1 for kind, _ in streams if kind == "Audio"),
    )


def decodes(path: Path, stream: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """Whether ffmpeg decodes the first frame of `path`'s first `stream` ("v" or "a"): a codec it does not
    know, or data cut before the first frame, is listed by `ffmpeg -i` all the same."""
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(Path(path).resolve())]
    command += ["-map", f"0:{stream}:0", "-frames:v" if stream == "v" else "-frames:a", "1", "-f", "null", "-"]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def _decoded_end(path: Path, maps: list[str], timeout: float) -> tuple[float | None, bool]:
    """Decode the `maps` streams of `path` to the end: the time the last decoded data reaches (None when
    none), and whether ffmpeg decoded everything without an error (a partial file, a broken packet)."""
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(Path(path).resolve())]
    for stream in maps:
        command += ["-map", stream]
    command += ["-f", "null", "-progress", "pipe:1", "-nostats", "-"]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise NotMedia(f"media that does not decode within {timeout:.0f} s") from None
    ends = re.findall(rb"^out_time_us=(\d+)$", result.stdout, re.MULTILINE)
    end = int(ends[-1]) / 1_000_000 if ends else None
    return end, result.returncode == 0 and not result.stderr.strip()


def verify_complete(path: Path, found: Probe, kind: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> None:
    """NotMedia unless `path` decodes to its end without an error, reaching the duration its header declares
    within two frames (audio: AUDIO_END_TOLERANCE_SECONDS): a truncated or damaged file is refused wherever
    its damage lies, its index first (faststart, as phones write it) or last. Media longer than
    LONGEST_DECODED_SECONDS are left to their header (see there)."""
    if found.duration > LONGEST_DECODED_SECONDS:
        return
    maps = ["0:v:0", "0:a:0?"] if kind == "video" else ["0:a:0"]
    end, clean = _decoded_end(path, maps, timeout + DECODE_SECONDS_PER_SECOND * found.duration)
    if not clean:
        raise NotMedia(f"{kind} with damaged data (ffmpeg reports decoding errors; truncated or corrupt)")
    tolerance = AUDIO_END_TOLERANCE_SECONDS + (2 / found.frame_rate if kind == "video" and found.frame_rate else 0)
    if end is None or end < found.duration - tolerance:
        reached = 0.0 if end is None else end
        raise NotMedia(
            f"{kind} that decodes to {reached:.2f} s of the {found.duration:.2f} s its header declares "
            "(truncated or corrupt)"
        )


def probe_audio(path: Path, timeout: float = PROBE_TIMEOUT_SECONDS) -> float:
    """Duration in seconds of the audio in `path`; NotMedia when it has none."""
    found = probe(path, timeout)
    if found is None or not found.has_audio:
        raise NotMedia("not an audio file")
    if found.duration <= 0:
        raise NotMedia("audio file of no duration")
    if not decodes(path, "a", timeout):
        raise NotMedia("audio that ffmpeg cannot decode (an unknown codec, or damaged data)")
    verify_complete(path, found, "audio", timeout)
    return found.duration


def probe_video(path: Path, timeout: float = PROBE_TIMEOUT_SECONDS) -> Probe:
    """Duration and streams of a video clip; NotMedia when it has no moving picture."""
    found = probe(path, timeout)
    if found is None or not found.has_video:
        raise NotMedia("not a video file")
    if found.duration <= 0:
        raise NotMedia("video of no duration")
    if not decodes(path, "v", timeout):
        raise NotMedia("video that ffmpeg cannot decode (an unknown codec, or damaged data)")
    verify_complete(path, found, "video", timeout)
    return found


def verify_image(path: Path, max_pixels: int = MAX_IMAGE_PIXELS) -> tuple[int, int]:
    """(width, height) of a PNG, JPEG or WebP image that decodes completely.

    The size is checked from the header before decoding; `verify()` checks the structure and
    a full `load()` catches truncated data (Pillow's global LOAD_TRUNCATED_IMAGES is left alone).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            size = _checked_size(path, max_pixels)
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                image.load()
    except NotMedia:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise NotMedia(f"image larger than {max_pixels // 1_000_000} megapixels") from None
    except UnidentifiedImageError:
        raise NotMedia("not a PNG/JPEG/WebP image") from None
    except Exception:  # Pillow's decoders raise many types on corrupt data (OSError, SyntaxError, ...)
        raise NotMedia("not a readable PNG/JPEG/WebP image (truncated or corrupt)") from None
    return size


def _checked_size(path: Path, max_pixels: int) -> tuple[int, int]:
    with Image.open(path, formats=IMAGE_FORMATS) as image:
        width, height = image.size
        if width * height > max_pixels:
            raise NotMedia(f"image of {width}x{height} pixels is larger than {max_pixels // 1_000_000} megapixels")
        image.verify()
    return width, height


def verify_font(path: Path) -> None:
    """Parse a font file's tables that drawing needs (cmap, head, hmtx) with fontTools."""
    try:  # the file opened here, not by TTFont: TTFont leaves the file it opened open when the data is no font
        with path.open("rb") as data, TTFont(data, lazy=True) as font:
            font.getBestCmap()
            font["head"]
            font["hmtx"]
    except Exception:  # fontTools raises many types on non-font data (TTLibError, struct.error, ...)
        raise NotMedia("not a TrueType/OpenType font") from None
