"""Recordings made here, with the truth known: what benchmarks/align_accuracy.py and tests/test_align.py
align.

No recording uses the aligner's reference voice (espeak-ng's default voice at its default pitch and
speed). Arabic and French are read by espeak-ng with another voice variant (+f2, +m3, ...), pitch and
speed, one word at a time with a short, random gap, so every word's start is known to the sample.
English is read by Festival (Debian's festival with the kal diphone voice) a sentence at a time,
naturally, its word times told by Festival itself. Then the tempo changes (ffmpeg's atempo), noise at a
given SNR and a quiet music bed are mixed in, and silence leads.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from creator_kit.paths import ffmpeg_executable

RATE = 16_000


@dataclass(frozen=True)
class Voice:
    """Who reads: an espeak-ng voice with variant, pitch and speed, or Festival (`festival=True`)."""

    name: str = "ar+f2"
    pitch: int = 50
    speed: int = 175
    festival: bool = False

    def label(self) -> str:
        return "festival kal" if self.festival else f"espeak-ng {self.name} -p {self.pitch} -s {self.speed}"


@dataclass(frozen=True)
class Conditions:
    tempo: float = 1.0
    snr_db: float | None = None
    music_db: float | None = None
    """The music bed's level against the speech, in dB (e.g. -20)."""
    lead_seconds: float = 0.5
    pauses: tuple[float, ...] = ()
    """The pause after each cue but the last (default: 0.5-0.9 s, random)."""
    seed: int = 1


@dataclass
class Truth:
    cue_starts: list[float] = field(default_factory=list)
    cue_ends: list[float] = field(default_factory=list)
    word_starts: list[list[float]] = field(default_factory=list)
    duration: float = 0.0


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as reader:
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), np.int16).astype(np.float32) / 32768
        if reader.getnchannels() > 1:
            samples = samples.reshape(-1, reader.getnchannels()).mean(axis=1)
    return samples, rate


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def _resampled(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return samples
    times = np.arange(round(samples.size * RATE / rate)) / RATE
    return np.interp(times, np.arange(samples.size) / rate, samples).astype(np.float32)


def _trimmed(samples: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) > 10 ** (-45 / 20))
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


def _espeak_word(word: str, voice: Voice, folder: Path) -> np.ndarray:
    wav = folder / "word.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice.name, "-p", str(voice.pitch), "-s", str(voice.speed), "-w", str(wav), "--stdin"],
        input=word.encode("utf-8"),
        check=True,
        capture_output=True,
    )
    samples, rate = _read_wav(wav)
    return _trimmed(_resampled(samples, rate))


def _espeak_cue(text: str, voice: Voice, folder: Path, rng: np.random.Generator) -> tuple[np.ndarray, list[float]]:
    pieces, starts, position = [], [], 0
    for number, word in enumerate(text.split()):
        gap = 0 if number == 0 else int(rng.uniform(0.0, 0.08) * RATE)
        pieces.append(np.zeros(gap, np.float32))
        position += gap
        starts.append(position / RATE)
        sound = _espeak_word(word, voice, folder)
        pieces.append(sound)
        position += sound.size
    return np.concatenate(pieces), starts


def _festival_cues(texts: list[str], folder: Path) -> list[tuple[np.ndarray, list[float]]]:
    """Each text read by Festival in one run; word starts from its Word relation."""
    lines = []
    for number, text in enumerate(texts):
        quoted = text.replace("\\", " ").replace('"', " ")
        lines += [
            f'(set! utt (utt.synth (Utterance Text "{quoted}")))',
            f'(utt.save.wave utt "{folder}/cue{number}.wav" \'riff)',
            '(format t "cue\\n")',
            '(mapcar (lambda (w) (format t "%f\\n" '
            '(item.feat w "R:SylStructure.daughter1.daughter1.segment_start"))) (utt.relation.items utt \'Word))',
        ]
    script = folder / "read.scm"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = subprocess.run(["festival", "--batch", str(script)], check=True, capture_output=True, text=True).stdout
    groups = [group.split() for group in output.split("cue")[1:]]
    cues = []
    for number, group in enumerate(groups):
        samples, rate = _read_wav(folder / f"cue{number}.wav")
        samples = _resampled(samples, rate)
        times = [float(value) for value in group]
        first = np.flatnonzero(np.abs(samples) > 10 ** (-45 / 20))[0] / RATE
        begin = min(first, times[0])
        cut = _trimmed(samples[int(begin * RATE) :])
        cues.append((cut, [max(0.0, time - begin) for time in times]))
    return cues


def _tempo(samples: np.ndarray, tempo: float, folder: Path) -> np.ndarray:
    source, changed = write_wav(folder / "plain.wav", samples), folder / "tempo.wav"
    subprocess.run(
        [ffmpeg_executable(), "-v", "error", "-y", "-i", str(source), "-filter:a", f"atempo={tempo}", str(changed)],
        check=True,
    )
    return _read_wav(changed)[0]


def _music(count: int, rng: np.random.Generator) -> np.ndarray:
    """Soft chords that change every 2 s, with a slow pulse: a music bed."""
    times = np.arange(count) / RATE
    bed = np.zeros(count, np.float32)
    for start in range(0, count, 2 * RATE):
        root = rng.choice([110.0, 130.8, 146.8, 164.8])
        span = slice(start, min(count, start + 2 * RATE))
        for ratio in (1.0, 1.25, 1.5, 2.0):
            bed[span] += np.sin(2 * np.pi * root * ratio * times[span]) * (
                0.6 + 0.4 * np.sin(2 * np.pi * 2 * times[span])
            )
    return bed


def make_recording(texts: list[str], voice: Voice, conditions: Conditions, path: Path) -> Truth:
    """`texts` read by `voice` under `conditions`, written to `path` (a .wav, or anything ffmpeg writes
    from one); the truth: every cue's and word's start, in seconds on the file."""
    rng = np.random.default_rng(conditions.seed)
    with tempfile.TemporaryDirectory(prefix="creator-kit-recording-") as name:
        folder = Path(name)
        read = (
            _festival_cues(texts, folder)
            if voice.festival
            else [_espeak_cue(text, voice, folder, rng) for text in texts]
        )
        pieces, truth, position = [], Truth(), 0
        for number, (sound, starts) in enumerate(read):
            if number:
                pause = conditions.pauses[number - 1] if conditions.pauses else rng.uniform(0.5, 0.9)
                pieces.append(np.zeros(int(pause * RATE), np.float32))
                position += int(pause * RATE)
            truth.word_starts.append([position / RATE + start for start in starts])
            truth.cue_starts.append(position / RATE + starts[0])
            truth.cue_ends.append((position + sound.size) / RATE)
            pieces.append(sound)
            position += sound.size
        speech = np.concatenate(pieces + [np.zeros(int(0.4 * RATE), np.float32)])
        if conditions.tempo != 1.0:
            speech = _tempo(speech, conditions.tempo, folder)
            truth.word_starts = [[time / conditions.tempo for time in cue] for cue in truth.word_starts]
            truth.cue_starts = [time / conditions.tempo for time in truth.cue_starts]
            truth.cue_ends = [time / conditions.tempo for time in truth.cue_ends]
        speech = speech / (np.abs(speech).max() + 1e-9) * 0.5
        level = np.sqrt(np.mean(speech[np.abs(speech) > 0.01] ** 2))
        mix = speech.copy()
        if conditions.snr_db is not None:
            mix += (rng.standard_normal(mix.size) * level / 10 ** (conditions.snr_db / 20)).astype(np.float32)
        if conditions.music_db is not None:
            bed = _music(mix.size, rng)
            mix += bed / np.sqrt(np.mean(bed**2)) * level * 10 ** (conditions.music_db / 20)
        lead = np.zeros(int(conditions.lead_seconds * RATE), np.float32)
        if conditions.snr_db is not None:
            lead += (rng.standard_normal(lead.size) * level / 10 ** (conditions.snr_db / 20)).astype(np.float32)
        mix = np.concatenate([lead, mix])
        shift = lead.size / RATE
        truth.word_starts = [[time + shift for time in cue] for cue in truth.word_starts]
        truth.cue_starts = [time + shift for time in truth.cue_starts]
        truth.cue_ends = [time + shift for time in truth.cue_ends]
        truth.duration = mix.size / RATE
        if path.suffix == ".wav":
            write_wav(path, mix)
        else:
            source = write_wav(folder / "mix.wav", mix)
            subprocess.run([ffmpeg_executable(), "-v", "error", "-y", "-i", str(source), str(path)], check=True)
    return truth


def tools_missing() -> list[str]:
    """The programs these recordings need that are not installed."""
    return [tool for tool in ("espeak-ng", "festival") if shutil.which(tool) is None]
