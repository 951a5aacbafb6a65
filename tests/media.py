"""Generated media for the tests: clips and tones made by the ffmpeg the package uses from its lavfi sources
(test pictures, sine tones, noise), small and short, in one place."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from creator_kit.paths import ffmpeg_executable

MAKE_SECONDS = 60
X264 = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
"""H.264 as fast as it encodes, in the pixel format every player reads."""


def ffmpeg(*args: str) -> None:
    subprocess.run(
        [ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y", *args],
        check=True,
        timeout=MAKE_SECONDS,
        stdin=subprocess.DEVNULL,
    )


def generate(path: Path, *sources: str | Path, options: tuple[str, ...] = ()) -> Path:
    """`path` made from `sources`, in order: a string is a lavfi source (`testsrc2=size=64x64`, `sine=...`),
    a Path a file; `options` are the output's."""
    inputs = [arg for source in sources for arg in _input(source)]
    ffmpeg(*inputs, *options, str(path))
    return path


def _input(source: str | Path) -> tuple[str, ...]:
    return ("-i", str(source)) if isinstance(source, Path) else ("-f", "lavfi", "-i", source)


def clip(
    path: Path,
    size: str = "64x64",
    seconds: float = 1.0,
    *,
    rate: int = 25,
    tone: int | None = None,
) -> Path:
    """A moving test picture (testsrc2: every frame differs from the one before) in H.264, with a sine tone of
    `tone` Hz in AAC when asked."""
    picture = f"testsrc2=size={size}:rate={rate}:duration={seconds}"
    if tone is None:
        return generate(path, picture, options=X264)
    sound = f"sine=frequency={tone}:duration={seconds}"
    return generate(path, picture, sound, options=(*X264, "-c:a", "aac", "-shortest"))


def tone(path: Path, frequency: int = 440, seconds: float = 1.0, volume: float | None = None) -> Path:
    """A sine tone, in the format the file name says (.wav, .m4a), at `volume` (a factor) when given."""
    source = f"sine=frequency={frequency}:duration={seconds}"
    return generate(path, source if volume is None else f"{source},volume={volume}")


def sound(path: Path, source: str, seconds: float) -> Path:
    """`seconds` of a lavfi sound source (noise, a shaped tone), in the format the file name says."""
    return generate(path, source, options=("-t", str(seconds)))


def sound_track(video: Path, rate: int = 8000) -> np.ndarray:
    """A file's sound decoded to mono at `rate` samples a second (16-bit values, as floats)."""
    raw = subprocess.run(
        [ffmpeg_executable(), "-v", "error", "-i", str(video), "-vn", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
        timeout=MAKE_SECONDS,
    ).stdout
    return np.frombuffer(raw, np.int16).astype(np.float64)


def window(samples: np.ndarray, start: float, end: float, rate: int = 8000) -> np.ndarray:
    """The samples from `start` to `end` seconds."""
    return samples[int(start * rate) : int(end * rate)]


def rms(samples: np.ndarray) -> float:
    """Root mean square level; 0 for no samples."""
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0
