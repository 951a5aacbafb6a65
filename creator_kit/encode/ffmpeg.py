"""Frames -> MP4 through one ffmpeg process (the binary imageio-ffmpeg ships).

Frames go to ffmpeg's stdin as raw bytes (yuv420p from frames.py, so ffmpeg
converts nothing); the sound track (music looped or cut and faded, the clip's
own sound, or silence) is mixed by ffmpeg's own filters in the same process,
so no temporary audio file exists. ffmpeg is bound to this process: on Linux it is
killed when we die (even by SIGKILL), and on any error or interruption here it
is killed before the exception goes on, so a half-written file is never
finished behind our back.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from creator_kit.encode.loudness import (
    MEASURING_FILTER,
    LoudnessTarget,
    Measurement,
    corrected_gain,
    normalising_filter,
    run_measurement,
)
from creator_kit.errors import RenderError
from creator_kit.paths import ffmpeg_executable
from creator_kit.processes import death_signal_setter

AUDIO_SAMPLE_RATE = 44100
MUSIC_FADE_IN_SECONDS = 0.3
MUSIC_FADE_OUT_MAX_SECONDS = 2.0
_STDERR_TAIL_CHARACTERS = 300


@dataclass(frozen=True)
class EncodeSettings:
    preset: str = "fast"
    crf: int = 20
    threads: int = 0
    """x264 threads; 0 lets x264 use every core. They decide the bitstream: the same frames encoded with
    another thread count give other (equally good) pictures."""
    helper_threads: int = 0
    """Threads of everything else ffmpeg runs for a render: footage and media decoders, scaling and audio
    filters; 0: ffmpeg's choice (every core). They do not change a pixel."""


Quality = Literal["draft", "standard", "high"]

QUALITIES: dict[Quality, EncodeSettings] = {
    "draft": EncodeSettings(preset="ultrafast", crf=26),
    "standard": EncodeSettings(preset="fast", crf=20),
    "high": EncodeSettings(preset="slow", crf=17),
}
"""x264 settings by intent. Platforms re-encode every upload, so `standard` spends bits where that
re-encode would lose detail (CRF 20, well above their own output) at a preset that keeps renders quick;
`draft` is for checking timing and layout; `high` for an archive master."""


@dataclass(frozen=True)
class Sound:
    """One sound of the track: music loops to the end and fades; a clip's own sound plays once, from
    where the clip starts in the video (a scene's video: looped for the scene's length); a voice-over plays from its scene's start, and the other
    sounds are lowered (ducked) while it speaks."""

    file: Path
    volume: float = 1.0
    start: float = 0.0
    loop: bool = False
    fade: bool = False
    voice: bool = False
    length: float | None = None
    """Seconds it plays at most (a scene's video sound stops with its scene)."""


DUCKING = "sidechaincompress=threshold=0.02:ratio=12:attack=20:release=400"
"""Music and the clip's sound under a voice: about 15 dB lower while it speaks, back within half a second."""


def _shaping(sound: Sound, duration: float) -> str:
    steps = ([f"atrim=end={sound.length:.3f}"] if sound.length else []) + [f"volume={sound.volume:g}"]
    if sound.start > 0:
        steps.append(f"adelay={round(sound.start * 1000)}:all=1")
    if sound.fade:
        fade = min(MUSIC_FADE_OUT_MAX_SECONDS, duration / 3)
        steps += [
            f"afade=t=in:d={MUSIC_FADE_IN_SECONDS:g}",
            f"afade=t=out:st={max(0.0, duration - fade):.3f}:d={fade:.3f}",
        ]
    return ",".join(steps + ["apad"])


def _mixed(labels: list[str], name: str) -> str:
    """A filter that mixes `labels` (at their own levels) into `[name]`."""
    if len(labels) == 1:
        return f"{labels[0]}anull[{name}]"
    return f"{''.join(labels)}amix=inputs={len(labels)}:normalize=0:duration=longest[{name}]"


def _audio_arguments(
    sounds: list[Sound], duration: float, first_input: int = 1, last_filter: str | None = None
) -> tuple[list[str], list[str]]:
    """ffmpeg input arguments for the sounds and what maps the mixed track (silence without sounds).

    The sounds are inputs `first_input`, `first_input + 1`, ...; the mix is cut to `duration` and goes
    through `last_filter` (loudness measurement or normalisation) when one is given.
    """
    if not sounds:
        return ["-f", "lavfi", "-i", f"anullsrc=channel_layout=stereo:sample_rate={AUDIO_SAMPLE_RATE}"], [
            "-map",
            f"{first_input}:a:0",
        ]
    inputs: list[str] = []
    chains: list[str] = []
    beds: list[str] = []
    voices: list[str] = []
    for number, sound in enumerate(sounds, start=first_input):
        inputs += (["-stream_loop", "-1"] if sound.loop else []) + ["-i", str(sound.file)]
        chains.append(f"[{number}:a]{_shaping(sound, duration)}[s{number}]")
        (voices if sound.voice else beds).append(f"[s{number}]")
    if beds and voices:
        chains += [
            _mixed(beds, "bed"),
            _mixed(voices, "voices"),
            "[voices]asplit=2[spoken][key]",
            f"[bed][key]{DUCKING}[ducked]",
            _mixed(["[ducked]", "[spoken]"], "mix"),
        ]
    else:
        chains.append(_mixed(beds or voices, "mix"))
    finish = [f"atrim=end={duration:.6f}"] + ([last_filter] if last_filter else [])
    chains.append(f"[mix]{','.join(finish)}[a]")
    return inputs, ["-filter_complex", ";".join(chains), "-map", "[a]"]


def measure_mix(
    sounds: list[Sound], duration: float, normalised: tuple[LoudnessTarget, float] | None = None
) -> Measurement:
    """The loudness of the track `sounds` make (audio only: no frames are painted or encoded), normalised
    to a target with a gain as the encode would when `normalised` is given."""
    measuring = MEASURING_FILTER
    if normalised is not None:
        measuring = f"{normalising_filter(*normalised, AUDIO_SAMPLE_RATE)},{MEASURING_FILTER}"
    inputs, mapping = _audio_arguments(sounds, duration, first_input=0, last_filter=measuring)
    return run_measurement([*inputs, *mapping, "-t", f"{duration:.6f}", "-f", "null", "-"])


@dataclass(frozen=True)
class RawVideo:
    """What the frames on ffmpeg's stdin are: their pixel format and colour properties (given on the input,
    so ffmpeg takes the frames as they are and the stream inherits the tags, instead of converting)."""

    pixel_format: str
    color_arguments: tuple[str, ...] = ()


def ffmpeg_command(
    size: tuple[int, int],
    fps: int,
    frame_count: int,
    out_path: Path,
    sounds: list[Sound],
    settings: EncodeSettings,
    raw: RawVideo,
    loudness: tuple[LoudnessTarget, float] | None = None,
) -> list[str]:
    """The encode: raw frames on stdin plus a sound track, H.264 High yuv420p + AAC stereo, moov first.

    8x8dct is forced so that even the ultrafast preset writes a High profile stream. With `loudness`
    (a target and the gain onto it), the track is normalised to the target in the same run.
    """
    duration = frame_count / fps
    last_filter = normalising_filter(*loudness, AUDIO_SAMPLE_RATE) if loudness else None
    audio_input, audio_mapping = _audio_arguments(sounds, duration, last_filter=last_filter)
    return [
        ffmpeg_executable(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *(["-filter_complex_threads", str(settings.helper_threads)] if settings.helper_threads > 0 else []),
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        raw.pixel_format,
        *raw.color_arguments,
        "-s",
        f"{size[0]}x{size[1]}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
        *audio_input,
        "-map",
        "0:v:0",
        *audio_mapping,
        "-c:v",
        "libx264",
        "-preset",
        settings.preset,
        "-crf",
        str(settings.crf),
        "-threads",
        str(settings.threads),
        "-profile:v",
        "high",
        "-x264-params",
        "8x8dct=1",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-ar",
        str(AUDIO_SAMPLE_RATE),
        "-ac",
        "2",
        "-frames:v",
        str(frame_count),
        "-t",
        f"{duration:.6f}",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(out_path),
    ]


def _start(command: list[str], stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=death_signal_setter()
    )


def _failure(process: subprocess.Popen[bytes], stderr: IO[bytes]) -> RenderError:
    stderr.seek(0)
    tail = stderr.read().decode("utf-8", "replace").strip()[-_STDERR_TAIL_CHARACTERS:]
    last = tail.splitlines()[-1] if tail else f"exit code {process.returncode}"
    return RenderError(f"the encoder failed: {last}")


def encode(
    frame_at: Callable[[int], bytes | memoryview],
    frame_count: int,
    size: tuple[int, int],
    fps: int,
    out_path: Path,
    sounds: list[Sound],
    settings: EncodeSettings,
    raw: RawVideo,
    progress: Callable[[int], None] | None = None,
    loudness: LoudnessTarget | None = None,
) -> None:
    """Encode frames 0..frame_count-1 (each one frame's bytes in `raw`'s format) to `out_path`;
    `sounds` (none: silence) are mixed into the AAC track, normalised to `loudness` when given
    (a track with nothing to measure is left as it is)."""
    normalising = None
    if loudness is not None and sounds:
        duration = frame_count / fps
        measured = measure_mix(sounds, duration)
        if not measured.silent:
            target = loudness
            gain = corrected_gain(target, measured, lambda tried: measure_mix(sounds, duration, (target, tried)))
            normalising = (target, gain)
    command = ffmpeg_command(size, fps, frame_count, out_path, sounds, settings, raw, normalising)
    with tempfile.TemporaryFile() as stderr:
        process = _start(command, stderr)
        frames_in = process.stdin
        assert frames_in is not None  # started with stdin=PIPE
        try:
            for number in range(frame_count):
                frames_in.write(frame_at(number))
                if progress is not None:
                    progress(number + 1)
            frames_in.close()
            process.wait()
        except BrokenPipeError:
            process.wait()
            raise _failure(process, stderr) from None
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.returncode != 0:
            raise _failure(process, stderr)
