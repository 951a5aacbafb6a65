"""Loudness of the sound track: EBU R128 measurement (ffmpeg's `ebur128` meter) and normalisation.

Platforms play every clip at about -14 LUFS integrated; a track mixed quieter sounds weak beside the
clips around it, a louder one is turned down and its peaks may clip. A first pass measures the mixed
track (audio only, a fraction of the encode's time); the encode then applies one gain that moves the
integrated loudness onto the target, so music ducking under a voice keeps its shape, followed by a
limiter that holds the peaks under the ceiling. The limiter runs on the track oversampled four times,
where sample peaks are true peaks (as the meter measures them), and limits one decibel under the
ceiling because the AAC encode that follows adds a little overshoot.

ffmpeg's `loudnorm` was tried first: where one gain would push the peaks over the ceiling (a voice-over
of -21 LUFS with peaks at -6 dBTP needs +7 dB) it switches to its dynamic mode, which on clips of a
few seconds lands a full LU or more under the target.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from creator_kit.errors import RenderError
from creator_kit.paths import ffmpeg_executable
from creator_kit.processes import death_signal_setter

LIMITER_MARGIN_DB = 1.0
OVERSAMPLED_RATE = 176400
SILENCE_LUFS = -70.0
"""EBU R128's absolute gate: a track that never rises above it has no integrated loudness."""
_MEASUREMENT_TIMEOUT_SECONDS = 600
MEASURING_FILTER = "ebur128=peak=true"


@dataclass(frozen=True)
class LoudnessTarget:
    """Where the track should land: integrated loudness (LUFS) and the true-peak ceiling (dBTP)."""

    integrated: float = -14.0
    true_peak: float = -1.0


@dataclass(frozen=True)
class Measurement:
    """What the EBU R128 meter measured of a whole track."""

    integrated: float
    true_peak: float

    @property
    def silent(self) -> bool:
        """True when nothing in the track rises above the meter's absolute gate."""
        return self.integrated <= SILENCE_LUFS


def normalising_filter(target: LoudnessTarget, measured: Measurement, sample_rate: int) -> str:
    """One gain onto the target, then a true-peak limiter under the ceiling, back at `sample_rate`."""
    gain = target.integrated - measured.integrated
    limit = 10 ** ((target.true_peak - LIMITER_MARGIN_DB) / 20)
    return (
        f"volume={gain:.2f}dB,aresample={OVERSAMPLED_RATE},"
        f"alimiter=limit={limit:.4f}:attack=5:release=50:level=0,aresample={sample_rate}"
    )


_SUMMARY_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_SUMMARY_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-inf) dBFS")


def parse_measurement(stderr: str) -> Measurement:
    """The integrated loudness and true peak of the ebur128 summary in ffmpeg's stderr."""
    start = stderr.rfind("Summary:")
    integrated = _SUMMARY_INTEGRATED.search(stderr, start) if start >= 0 else None
    peak = _SUMMARY_PEAK.search(stderr, start) if start >= 0 else None
    if integrated is None or peak is None:
        raise RenderError("the loudness measurement printed no figures")
    return Measurement(float(integrated.group(1)), float(peak.group(1)))


def run_measurement(arguments: list[str]) -> Measurement:
    """Run ffmpeg with `arguments` (inputs and a filter ending in MEASURING_FILTER, output to null)."""
    command = [ffmpeg_executable(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *arguments]
    try:
        finished = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_MEASUREMENT_TIMEOUT_SECONDS,
            preexec_fn=death_signal_setter(),
        )
    except subprocess.TimeoutExpired:
        raise RenderError("the loudness measurement did not finish") from None
    stderr = finished.stderr.decode("utf-8", "replace")
    if finished.returncode != 0:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {finished.returncode}"
        raise RenderError(f"the loudness measurement failed: {last}")
    return parse_measurement(stderr)


def measure_file(path: Path) -> Measurement:
    """The loudness of a finished file's sound track."""
    return run_measurement(["-i", str(path), "-vn", "-af", MEASURING_FILTER, "-f", "null", "-"])
