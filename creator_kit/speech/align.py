"""Align a transcript to a recording: when each cue and each of its words is said.

The reference reading (reference.py) and the recording become features; DTW (dtw.py) maps every reference
frame to recording frames. A cue starts where its first reference frame lands and ends where its last
one does; each boundary then snaps to the pause next to it in the recording, when there is one within
SNAP_SECONDS. Words start where their reference starts land.

Never confident garbage: a cue whose reading matches its stretch of the recording no better than an
unrelated sentence in the same voice does, or that is squeezed or stretched far past any speaking rate,
was not said there; a long stretch between cues that sounds like speech is a line the text misses. The
first such cue is named in one error line (calibrated on the recordings of
benchmarks/speech_recordings.py; docs/alignment.md gives the figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creator_kit.errors import InputError
from creator_kit.speech.audio import RATE, Recording
from creator_kit.speech.dtw import warp
from creator_kit.speech.features import HOP_SECONDS, features
from creator_kit.speech.reference import Reference, build_reference, reading
from creator_kit.speech.transcript import Line, is_spoken

SNAP_SECONDS = 0.12
MAX_CUE_RATIO = 1.1
"""A cue matching its stretch of the recording worse than this times unrelated speech was not said there."""
MAX_MEDIAN_RATIO = 1.0
"""A transcript whose cues match, in the median, no better than unrelated speech is another clip's text;
its first cue above 1 is named."""
MAX_ABOVE_MEDIAN = 0.17
"""Nor may a cue match this much worse than the transcript's median cue (a line of another text)."""
RATE_RANGE = (0.4, 2.2)
"""A cue said at under 0.4x or over 2.2x the reference's pace was not said there."""
SPEECH_GAP_SECONDS = 1.0
SPEECH_GAP_RATIO = 1.1
SPEECH_GAP_CHANGE = 0.8
"""A stretch between cues longer than SPEECH_GAP_SECONDS that unrelated speech matches within this factor
of how it matches the cues is speech no line of the transcript says (a line missing)."""


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
    """Its match over unrelated speech's (see MAX_CUE_RATIO); kept for calibration."""


@dataclass(frozen=True)
class Alignment:
    cues: tuple[TimedCue, ...]
    duration: float
    audio_tracks: int


def _pauses(loudness: np.ndarray) -> np.ndarray:
    """Frames of the recording quieter than a third of the way from its floor to its speech level."""
    floor, speech = np.percentile(loudness, [5, 95])
    quiet: np.ndarray = loudness < floor + (speech - floor) / 3
    return quiet


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


IMPOSTORS = {
    "ar": "كان الجو باردا في الصباح فشربنا القهوة ثم خرجنا إلى السوق لنشتري الخبز والفاكهة.",
    "en": "The old train stopped near the river, and we walked quickly to the market to buy bread and fruit.",
    "fr": "Le vieux train s'est arrêté près de la rivière, et nous avons marché vite jusqu'au marché.",
}
"""Speech that no transcript says: what a cue's match is measured against (another text, the same voice)."""
_IMPOSTOR_WINDOWS = 4
_SPAN_MARGIN_FRAMES = 10


def _mean_cost(reference: np.ndarray, recording: np.ndarray) -> float:
    path = warp(reference, recording)
    return float(np.sqrt(((reference[path[:, 0]] - recording[path[:, 1]]) ** 2).sum(axis=1)).mean())


def _impostor_cost(impostor: np.ndarray, length: int, span: np.ndarray) -> float:
    """The best any stretch of `length` frames of the impostor matches `span`."""
    length = min(length, impostor.shape[0])
    offsets = np.linspace(0, impostor.shape[0] - length, _IMPOSTOR_WINDOWS).astype(int)
    return min(_mean_cost(impostor[offset : offset + length], span) for offset in offsets)


def _match_ratio(cue: np.ndarray, span: np.ndarray, impostor: np.ndarray) -> float:
    """How much better the cue's reading matches its span of the recording than unrelated speech does:
    well under 1 when the cue was said there, near 1 when it was not."""
    return _mean_cost(cue, span) / _impostor_cost(impostor, cue.shape[0], span)


def _first_unplaced(cues: list[TimedCue], reference: Reference) -> TimedCue | None:
    """The first cue that was not said where it was placed, or None."""
    median = float(np.median([cue.cost_ratio for cue in cues]))
    limit = MAX_MEDIAN_RATIO if median > MAX_MEDIAN_RATIO else min(MAX_CUE_RATIO, median + MAX_ABOVE_MEDIAN)
    for cue, frames in zip(cues, reference.cues):
        pace = (frames.past - frames.first) * HOP_SECONDS / max(cue.end - cue.start, HOP_SECONDS)
        if cue.cost_ratio > limit or not RATE_RANGE[0] <= pace <= RATE_RANGE[1]:
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


def _gaps(cues: list[tuple[int, int]], frames: int) -> list[tuple[int, int, int]]:
    """(start, past, index of the cue after it) of each stretch of the recording outside the cues."""
    edges = [(0, 0)] + cues + [(frames, frames)]
    return [(edges[k][1], edges[k + 1][0], k) for k in range(len(edges) - 1) if edges[k + 1][0] > edges[k][1]]


def _change(vectors: np.ndarray) -> float:
    """How fast the spectrum changes: the mean size of the deltas (speech changes every few frames, a
    held note or a room's hum does not)."""
    return float(np.abs(vectors[:, vectors.shape[1] // 2 :]).mean())


def _first_unsaid_gap(heard: np.ndarray, spans: list[tuple[int, int, list[int]]], impostor: np.ndarray) -> int | None:
    """The index of the cue after the first long stretch outside the cues that sounds like speech."""
    length = min(impostor.shape[0], round(SPEECH_GAP_SECONDS / HOP_SECONDS))
    said = float(np.median([_impostor_cost(impostor, length, heard[start:end]) for start, end, _ in spans]))
    changing = float(np.median([_change(heard[start:end]) for start, end, _ in spans]))
    window = round(SPEECH_GAP_SECONDS / HOP_SECONDS)
    for start, past, after in _gaps([(start, end) for start, end, _ in spans], heard.shape[0]):
        for first in range(start, past - window + 1, window // 2):
            stretch = heard[first : first + window]
            if _change(stretch) > SPEECH_GAP_CHANGE * changing and (
                _impostor_cost(impostor, length, stretch) < SPEECH_GAP_RATIO * said
            ):
                return after
    return None


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
    spans: list[tuple[int, int, list[int]]] = []
    previous_end = 0
    for frames in reference.cues:
        starts = [int(first_column[start]) for start in frames.word_starts]
        end = max(int(last_column[frames.past - 1]) + 1, starts[-1] + 1)
        start = max(previous_end, _snap_start(starts[0], pauses, starts[1] if len(starts) > 1 else end, reach))
        end = max(start + 1, _snap_end(end, pauses, starts[-1] + 1, reach))
        spans.append((start, end, [start] + [max(start, later) for later in starts[1:]]))
        previous_end = end
    impostor = reading(IMPOSTORS.get(voice.split("-")[0], IMPOSTORS["en"]), voice).vectors
    cues = []
    for line, frames, (start, end, starts) in zip(lines, reference.cues, spans):
        span = heard.vectors[max(0, start - _SPAN_MARGIN_FRAMES) : end + _SPAN_MARGIN_FRAMES]
        ratio = _match_ratio(reference.features.vectors[frames.first : frames.past], span, impostor)
        cues.append(TimedCue(line.text, _seconds(start), _seconds(end), _words(line, starts, end), line.number, ratio))
    unplaced = _first_unplaced(cues, reference)
    unsaid = _first_unsaid_gap(heard.vectors, spans, impostor) if unplaced is None else None
    if unsaid is not None:
        raise InputError.single(
            transcript,
            f"cue {unsaid + 1} could not be placed: before it the recording says something no line of the "
            "text says (a line missing?)"
            if unsaid < len(cues)
            else "the recording goes on speaking after the last line (a line missing?)",
            line=cues[min(unsaid, len(cues) - 1)].line,
        )
    if unplaced is not None:
        raise InputError.single(
            transcript,
            f"cue {cues.index(unplaced) + 1} could not be placed in the recording: it does not match what is "
            "said there (a text of another clip, or a line missing or added?)",
            line=unplaced.line,
        )
    return Alignment(tuple(cues), round(recording.duration, 3), recording.audio_tracks)
