"""Align a transcript to a recording: when each cue and each of its words is said.

The reference reading (reference.py) and the recording become features; DTW (dtw.py) maps every reference
frame to recording frames. A cue starts where its first reference frame lands and ends where its last
one does; each boundary then snaps to the pause next to it in the recording, when there is one within
SNAP_SECONDS. Words start where their reference starts land.

Never confident garbage: a cue whose frames match the recording barely better than any stretch of it
does, or that is squeezed or stretched far past any speaking rate, was not said there. The first such
cue is named in one error line (calibrated on the recordings of benchmarks/speech_recordings.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creator_kit.errors import InputError
from creator_kit.speech.audio import RATE, Recording
from creator_kit.speech.dtw import warp
from creator_kit.speech.features import HOP_SECONDS, Features, features
from creator_kit.speech.reference import CueFrames, Reference, build_reference
from creator_kit.speech.transcript import Line, is_spoken

SNAP_SECONDS = 0.12
MAX_COST_RATIO = 0.86
"""A cue's mean DTW cost over the mean cost of its frames against the whole recording: said text stays
well under this, text that was not said comes near 1."""
RATE_RANGE = (0.35, 3.5)
"""A cue said at under 0.35x or over 3.5x the reference's pace was not said there."""
_BASELINE_FRAMES = 400


@dataclass(frozen=True)
class TimedWord:
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class TimedCue:
    text: str
    start: float
    end: float
    words: tuple[TimedWord, ...]
    line: int
    cost_ratio: float
    """How well the cue matched (see MAX_COST_RATIO); recorded for calibration."""


@dataclass(frozen=True)
class Alignment:
    cues: tuple[TimedCue, ...]
    duration: float
    audio_tracks: int


def _pauses(loudness: np.ndarray) -> np.ndarray:
    """Frames of the recording quieter than a third of the way from its floor to its speech level."""
    floor, speech = np.percentile(loudness, [5, 95])
    return loudness < floor + (speech - floor) / 3


def _snap_start(frame: int, pauses: np.ndarray, limit: int, reach: int) -> int:
    """Out of a pause forward (not past `limit`), or back to the start of the sound it cuts into."""
    if frame < pauses.size and pauses[frame]:
        ahead = frame
        while ahead < min(limit, frame + reach) and pauses[ahead]:
            ahead += 1
        return ahead if ahead < limit and not pauses[ahead] else frame
    back = frame
    while back > max(0, frame - reach) and not pauses[back - 1]:
        back -= 1
    return back if back > 0 and pauses[back - 1] else frame


def _snap_end(frame: int, pauses: np.ndarray, limit: int, reach: int) -> int:
    """Back out of a pause (not before `limit`), or on to the end of the sound it cuts."""
    if frame > 0 and pauses[frame - 1]:
        back = frame
        while back > max(limit, frame - reach) and pauses[back - 1]:
            back -= 1
        return back if back > limit and not pauses[back - 1] else frame
    ahead = frame
    while ahead < min(pauses.size, frame + reach) and not pauses[ahead]:
        ahead += 1
    return ahead if ahead < pauses.size and pauses[ahead] else frame


def _cost_ratios(
    reference: Features, recording: Features, path: np.ndarray, cues: tuple[CueFrames, ...]
) -> list[float]:
    local = np.sqrt(((reference.vectors[path[:, 0]] - recording.vectors[path[:, 1]]) ** 2).sum(axis=1))
    sample = recording.vectors[
        np.linspace(0, recording.frames - 1, min(_BASELINE_FRAMES, recording.frames)).astype(int)
    ]
    ratios = []
    for cue in cues:
        on_cue = (path[:, 0] >= cue.first) & (path[:, 0] < cue.past)
        frames = reference.vectors[cue.first : cue.past]
        baseline = np.sqrt(((frames[:, None, :] - sample[None, :, :]) ** 2).sum(axis=2)).mean()
        ratios.append(float(local[on_cue].mean() / baseline))
    return ratios


def _first_unplaced(cues: list[TimedCue], reference: Reference) -> TimedCue | None:
    for cue, frames in zip(cues, reference.cues):
        pace = (frames.past - frames.first) * HOP_SECONDS / max(cue.end - cue.start, HOP_SECONDS)
        if cue.cost_ratio > MAX_COST_RATIO or not RATE_RANGE[0] <= pace <= RATE_RANGE[1]:
            return cue
    return None


def _words(line: Line, starts: list[int], end: int) -> tuple[TimedWord, ...]:
    """Every token of the line timed: spoken ones at their starts, the others (emoji, dashes) at the
    end of the word before, taking no time."""
    spoken = iter(starts)
    times: list[int] = []
    for word in line.words:
        times.append(next(spoken) if is_spoken(word) else (times[-1] if times else starts[0]))
    timed = []
    for number, (word, start) in enumerate(zip(line.words, times)):
        following = [later for later in times[number + 1 :] if later > start]
        past = following[0] if following and is_spoken(word) else (start if not is_spoken(word) else end)
        timed.append(TimedWord(word, _seconds(start), _seconds(past)))
    return tuple(timed)


def _seconds(frame: int) -> float:
    return round(frame * HOP_SECONDS, 3)


def align(recording: Recording, lines: tuple[Line, ...], voice: str, transcript: Path) -> Alignment:
    """When each line of `transcript` is said in `recording`, read by espeak-ng's `voice` for reference;
    InputError naming the first line it could not place."""
    reference = build_reference(lines, voice)
    heard = features(recording.samples, RATE)
    path = warp(reference.features.vectors, heard.vectors)
    first_column = np.full(reference.features.frames, heard.frames, np.int64)
    last_column = np.zeros(reference.features.frames, np.int64)
    np.minimum.at(first_column, path[:, 0], path[:, 1])
    np.maximum.at(last_column, path[:, 0], path[:, 1])
    pauses = _pauses(heard.loudness)
    reach = round(SNAP_SECONDS / HOP_SECONDS)
    ratios = _cost_ratios(reference.features, heard, path, reference.cues)
    cues, previous_end = [], 0
    for line, frames, ratio in zip(lines, reference.cues, ratios):
        starts = [int(first_column[start]) for start in frames.word_starts]
        end = max(int(last_column[frames.past - 1]) + 1, starts[-1] + 1)
        start = max(previous_end, _snap_start(starts[0], pauses, starts[1] if len(starts) > 1 else end, reach))
        end = max(start + 1, _snap_end(end, pauses, starts[-1] + 1, reach))
        starts = [start] + [max(start, later) for later in starts[1:]]
        cues.append(TimedCue(line.text, _seconds(start), _seconds(end), _words(line, starts, end), line.number, ratio))
        previous_end = end
    unplaced = _first_unplaced(cues, reference)
    if unplaced is not None:
        raise InputError.single(
            transcript,
            "could not place this line in the recording: it does not match what is said there "
            "(a text of another clip, or a line missing or added?)",
            line=unplaced.line,
        )
    return Alignment(tuple(cues), round(recording.duration, 3), recording.audio_tracks)
