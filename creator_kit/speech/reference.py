"""The reference: the transcript read by espeak-ng, cue after cue with a pause between, and where each
cue and each word starts in it.

espeak-ng's command line tells no word times. Each cue is therefore read twice: as one sentence (the
reference proper) and word by word with a long pause after each word, where the words' starts are the
ends of those pauses. A DTW between the two readings (the same voice, so it is close to exact) carries
the word starts into the sentence.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from creator_kit.speech.dtw import warp
from creator_kit.speech.features import HOP_SECONDS, Features, features
from creator_kit.speech.synthesis import WORD_BREAK_MS, Speech, synthesize, synthesize_words
from creator_kit.speech.transcript import Line, is_spoken

CUE_GAP_SECONDS = 0.3
"""Silence put before, between and after the cues of the reference."""
SILENT_DB = -50.0
"""A synthetic frame quieter than this is a pause."""
_DITHER = 1e-4
SYNTHESIS_WORKERS = 4


@dataclass(frozen=True)
class CueFrames:
    """Where a cue is in the reference, in frames: its speech, and the start of each spoken word."""

    first: int
    past: int
    word_starts: tuple[int, ...]
    """One per spoken word of the cue (is_spoken), in order."""


@dataclass(frozen=True)
class Reference:
    features: Features
    cues: tuple[CueFrames, ...]


def _trimmed(speech: Speech) -> np.ndarray:
    """The samples from the first sound to the last."""
    loud = np.flatnonzero(np.abs(speech.samples) > 10 ** (SILENT_DB / 20))
    if loud.size == 0:
        return speech.samples[:0]
    return speech.samples[loud[0] : loud[-1] + 1]


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, past) of each run of True."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def word_starts_by_pauses(loudness: np.ndarray, words: int) -> list[int] | None:
    """The frames where `words` words read one by one start: after the words - 1 longest pauses between
    sounds; None when the reading has fewer pauses than that."""
    quiet = loudness < SILENT_DB
    sounding = np.flatnonzero(~quiet)
    if sounding.size == 0:
        return None
    pauses = [(start, past) for start, past in _runs(quiet) if start > sounding[0] and past <= sounding[-1]]
    longest = sorted(pauses, key=lambda run: run[0] - run[1])[: words - 1]
    if len(longest) < words - 1 or any(past - start < WORD_BREAK_MS / 2000 / HOP_SECONDS for start, past in longest):
        return None
    return [int(sounding[0])] + sorted(past for _, past in longest)


def _word_starts(spoken: list[str], apart: Speech | None, sentence: np.ndarray, rate: int) -> list[int]:
    """Each spoken word's start frame in the trimmed sentence `sentence`, from `apart`, the words read one
    by one (None for a single word)."""
    if apart is None:
        return [0]
    apart_features = features(apart.samples + _dither(apart.samples.size), apart.rate)
    starts = word_starts_by_pauses(apart_features.loudness, len(spoken))
    sentence_features = features(sentence + _dither(sentence.size), rate)
    if starts is None:
        return _shares(spoken, sentence_features.frames)
    path = warp(apart_features.vectors, sentence_features.vectors)
    first_column = np.full(apart_features.frames, sentence_features.frames - 1, np.int64)
    np.minimum.at(first_column, path[:, 0], path[:, 1])
    mapped = [int(first_column[start]) for start in starts]
    mapped[0] = 0
    return list(np.maximum.accumulate(mapped))


def _shares(words: list[str], frames: int) -> list[int]:
    """Word starts by their share of the characters, when the word-by-word reading cannot be split."""
    sizes = np.cumsum([0] + [len(word) for word in words[:-1]])
    return [int(frames * size / (sizes[-1] + len(words[-1]))) for size in sizes]


def _dither(count: int) -> np.ndarray:
    """A faint, fixed noise: digital silence would give every pause the same degenerate spectrum."""
    return (np.random.default_rng(count).standard_normal(count) * _DITHER).astype(np.float32)


def reading(text: str, voice: str) -> Features:
    """The features of `text` read by `voice`."""
    speech = synthesize(text, voice)
    sentence = _trimmed(speech)
    return features(sentence + _dither(sentence.size), speech.rate)


def _readings(line: Line, voice: str) -> tuple[Speech, Speech | None]:
    """A cue read as one sentence, and its spoken words read one by one (None for a single word)."""
    spoken = [word for word in line.words if is_spoken(word)]
    return synthesize(line.text, voice), synthesize_words(spoken, voice) if len(spoken) > 1 else None


def build_reference(lines: tuple[Line, ...], voice: str) -> Reference:
    """Every cue read by `voice`, with CUE_GAP_SECONDS of silence around each, and the frames of its
        cues and words. The cues are read a few at a time (espeak-ng processes, waited on from threads); the
    features are computed here, one after another."""
    with ThreadPoolExecutor(max_workers=SYNTHESIS_WORKERS) as pool:
        readings = list(pool.map(lambda line: _readings(line, voice), lines))
    rate = readings[0][0].rate
    gap = np.zeros(round(CUE_GAP_SECONDS * rate), np.float32)
    pieces: list[np.ndarray] = []
    cues, offset = [], 0
    for line, (speech, apart) in zip(lines, readings):
        sentence = _trimmed(speech)
        starts = _word_starts([word for word in line.words if is_spoken(word)], apart, sentence, rate)
        offset += gap.size
        first = round(offset / rate / HOP_SECONDS)
        past = first + max(1, round(sentence.size / rate / HOP_SECONDS))
        cues.append(CueFrames(first, past, tuple(first + start for start in starts)))
        pieces += [gap, sentence]
        offset += sentence.size
    samples = np.concatenate(pieces + [gap])
    return Reference(features(samples + _dither(samples.size), rate), tuple(cues))
