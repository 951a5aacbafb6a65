"""A recording as the aligner hears it: the first audio track, mono, 16 kHz, float samples.

One ffmpeg process decodes it (the binary imageio-ffmpeg ships); the stream list it prints on stderr
tells how many audio tracks the file has, so a video with several says which one was used.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creator_kit.errors import InputError
from creator_kit.paths import ffmpeg_executable
from creator_kit.processes import death_signal_setter

RATE = 16_000
MAX_SECONDS = 30 * 60
"""Half an hour: longer than any clip captions are aligned for (and 115 MB of samples)."""
SILENCE_PEAK = 10 ** (-50 / 20)
"""A recording whose loudest sample stays under -50 dBFS holds no speech to align."""
_AUDIO_STREAM = re.compile(r"^\s*Stream #\d+:\d+.*?: Audio: ", re.MULTILINE)


@dataclass(frozen=True)
class Recording:
    samples: np.ndarray
    """Mono float32 samples at RATE."""
    audio_tracks: int
    """How many audio tracks the file has (the first is the one decoded)."""

    @property
    def duration(self) -> float:
        return self.samples.size / RATE


def decode_command(path: Path) -> list[str]:
    return [
        ffmpeg_executable(),
        "-nostdin",
        "-hide_banner",
        "-i",
        str(path),
        "-map",
        "0:a:0",
        "-t",
        str(MAX_SECONDS),
        "-vn",
        "-ac",
        "1",
        "-ar",
        str(RATE),
        "-f",
        "f32le",
        "-",
    ]


def read_recording(path: Path) -> Recording:
    """The first audio track of `path`; InputError (one line, nothing quoted from the file) when there is
    no sound to align."""
    if not path.is_file():
        raise InputError.single(path, "file not found" if not path.exists() else "is not a file")
    result = subprocess.run(
        decode_command(path),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=death_signal_setter(),
    )
    log = result.stderr.decode("utf-8", "replace")
    tracks = len(_AUDIO_STREAM.findall(log.split("Stream mapping:")[0].split("Output #0")[0]))
    if "Stream #0" not in log:
        raise InputError.single(path, "not an audio or video file")
    if tracks == 0:
        raise InputError.single(path, "has no sound track: nothing to align the captions to")
    samples = np.frombuffer(result.stdout[: len(result.stdout) // 4 * 4], np.float32)
    if result.returncode != 0 and samples.size == 0:
        raise InputError.single(path, "a sound track ffmpeg cannot decode (an unknown codec, or damaged data)")
    if samples.size < RATE // 2:
        raise InputError.single(path, "less than half a second of sound: nothing to align")
    if float(np.abs(samples).max()) < SILENCE_PEAK:
        raise InputError.single(path, "its sound is silent: nothing to align the captions to")
    return Recording(samples, tracks)
