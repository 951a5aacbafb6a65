"""Loudness of the sound track: EBU R128 measurement (ffmpeg's `ebur128` meter) and normalisation.

Platforms play every clip at about -14 LUFS integrated; a track mixed quieter sounds weak beside the
clips around it, a louder one is turned down and its peaks may clip. A first pass measures the mixed
track (audio only, a fraction of the encode's time); the encode then applies one gain that moves the
integrated loudness onto the target, so music ducking under a voice keeps its shape, followed by a
limiter that holds the peaks under the ceiling. The limiter runs on the track oversampled four times,
where sample peaks are true peaks (as the meter measures them), and limits one decibel under the
ceiling because the AAC encode that follows adds a little overshoot.

The limiter lowers the loudness where it acts (a voice-over with a crest of 18 dB loses almost 2 LU to it),
so the gain is corrected: the normalised track is measured again in the same audio-only way and the gain
moved by what it missed, until it lands within GAIN_TOLERANCE_LU (at most GAIN_PASSES times). The
finished file is measured once more; a track that still misses its target by more than LANDING_LU, or
whose true peak is over the ceiling, is said in a warning line and in the manifest.

ffmpeg's `loudnorm` was tried first: where one gain would push the peaks over the ceiling (a voice-over
of -21 LUFS with peaks at -6 dBTP needs +7 dB) it switches to its dynamic mode, which on clips of a
few seconds lands a full LU or more under the target.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
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
GAIN_PASSES = 4
"""Measurements of the normalised track at most, to correct the gain the limiter's work made miss."""
MINIMUM_SLOPE = 0.2
"""The least a decibel of gain is taken to move the loudness (a limiter working hard), so a step stays bounded."""
MOST_CORRECTION_DB = 10.0
"""How far the corrected gain may go from the first: past it, the limiter would flatten the track."""
GAIN_TOLERANCE_LU = 0.3
"""How near the target the corrected gain aims (the AAC encode then moves it by a tenth or two)."""
LANDING_LU = 1.0
"""How far from its target a finished track may land (the README's promise)."""
TRUE_PEAK_TOLERANCE_DB = 0.05
"""Rounding allowed over the true-peak ceiling."""


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


def normalising_filter(target: LoudnessTarget, gain: float, sample_rate: int) -> str:
    """One gain (dB) onto the target, then a true-peak limiter under the ceiling, back at `sample_rate`."""
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


def corrected_gain(target: LoudnessTarget, mixed: Measurement, measure: Callable[[float], Measurement]) -> float:
    """The gain (dB) that lands the track on `target`: first the difference to what the mix measures, then,
    while `measure` (the track normalised with a gain) finds it missing by more than GAIN_TOLERANCE_LU
    (GAIN_PASSES times at most), moved by the miss over how much the last change of gain moved the
    loudness (under a limiter, a decibel of gain adds less than a LU), never more than MOST_CORRECTION_DB
    from the first. A track that cannot land gets the measured gain that came nearest."""
    first = target.integrated - mixed.integrated
    gain, slope = first, 1.0
    previous: tuple[float, float] | None = None
    nearest: tuple[float, float] | None = None
    for _ in range(GAIN_PASSES):
        landed = measure(gain).integrated
        miss = target.integrated - landed
        if nearest is None or abs(miss) < nearest[0]:
            nearest = (abs(miss), gain)
        if abs(miss) <= GAIN_TOLERANCE_LU:
            return gain
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(MINIMUM_SLOPE, (landed - previous[1]) / (gain - previous[0])))
        previous = (gain, landed)
        gain = min(first + MOST_CORRECTION_DB, max(first - MOST_CORRECTION_DB, gain + miss / slope))
    assert nearest is not None  # GAIN_PASSES >= 1
    return nearest[1]


def missed_target(target: LoudnessTarget, measured: Measurement) -> str | None:
    """Why a finished track is off its target (more than LANDING_LU away, or peaks over the ceiling); None
    when it landed."""
    reasons = []
    if abs(measured.integrated - target.integrated) > LANDING_LU:
        reasons.append(
            f"measures {measured.integrated:.1f} LUFS, {abs(measured.integrated - target.integrated):.1f} LU from "
            f"its target {target.integrated:g} (±{LANDING_LU:g})"
        )
    if measured.true_peak > target.true_peak + TRUE_PEAK_TOLERANCE_DB:
        reasons.append(f"peaks at {measured.true_peak:.1f} dBTP, over the {target.true_peak:g} dBTP ceiling")
    return "the sound track " + " and ".join(reasons) if reasons else None
