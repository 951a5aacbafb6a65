"""How well `creator-kit align` times captions: word and cue start errors, speed and memory, on recordings
made here with the truth known (benchmarks/speech_recordings.py), none in the aligner's own voice.

    .venv/bin/python benchmarks/align_accuracy.py [--quick]

Arabic (MSA and Gulf, unvowelled, with digits, a percentage and a hashtag) and French are read by other
espeak-ng voice variants, pitches and speeds; English by Festival and by another espeak-ng variant. Tempo
x0.85-1.2, noise at 15-25 dB SNR, a quiet music bed, leading silence, a long music break, and one 60 s
recording. Each alignment runs as `creator-kit align` in its own process: its time is wall time with the
interpreter's start, its memory the process's peak RSS. Targets: word start error median <= 60 ms and
95th percentile <= 180 ms, every cue start within 150 ms, time <= 0.5x the audio, <= 300 MB for 60 s.
Then the mismatch table (texts that were not said must fail) and what reading the reference word by word
buys over placing word starts by their share of the characters.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from speech_recordings import Conditions, Truth, Voice, make_recording

ARABIC = [
    "لست وحدك في هذا الطريق.",
    "الحديث عن مشاعرك قوة وليس ضعفا.",
    "تحدث مع شخص تثق به اليوم.",
    "طلب المساعدة خطوة شجاعة.",
    "والله كنت احس اني لحالي.",
    "لما تكلمت خف الحمل عن صدري.",
    "واحد من كل 4 اشخاص يمر بهذا.",
    "نحو 25% من الشباب يحتاجون الدعم.",
    "شاركنا قصتك مع #كلنا_معاك",
    "النوم الجيد يساعد على صفاء الذهن.",
    "خذ استراحة قصيرة من الشاشة.",
    "اشرب الماء وتنفس بعمق.",
]
ENGLISH = [
    "You are not alone on this road.",
    "Talking about your feelings is strength, not weakness.",
    "Reach out to someone you trust today.",
    "Asking for help is a brave step.",
    "One in 4 people will go through this.",
    "Share your story with us.",
]
FRENCH = [
    "Tu n'es pas seul sur ce chemin.",
    "Parler de ses émotions est une force.",
    "Appelle quelqu'un en qui tu as confiance.",
    "Demander de l'aide est un acte de courage.",
]
OTHER = {
    "ar": ["كل يوم فرصة جديدة للبدء.", "المشي في الصباح يريح النفس.", "اقرأ كتابا قبل النوم."],
    "en": ["Good sleep helps you think clearly.", "Take a short break from the screen.", "Drink some water."],
}


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    texts: list[str]
    voice: Voice
    conditions: Conditions


CASES = [
    Case("ar f2 plain", "ar", ARABIC[:4], Voice("ar+f2", 65, 160), Conditions(seed=1)),
    Case("ar m3 x1.2 20dB", "ar", ARABIC[4:8], Voice("ar+m3", 35, 190), Conditions(tempo=1.2, snr_db=20, seed=2)),
    Case(
        "ar f4 x0.85 music lead 2s",
        "ar",
        ARABIC[6:10],
        Voice("ar+f4", 55, 140),
        Conditions(tempo=0.85, music_db=-20, lead_seconds=2.0, seed=3),
    ),
    Case(
        "ar m1 15dB music break 5s",
        "ar",
        ARABIC[8:12],
        Voice("ar+m1", 45, 170),
        Conditions(snr_db=15, music_db=-22, pauses=(0.6, 5.0, 0.8), seed=4),
    ),
    Case("en festival plain", "en", ENGLISH[:4], Voice(festival=True), Conditions(seed=5)),
    Case(
        "en festival x1.15 25dB music",
        "en",
        ENGLISH[2:6],
        Voice(festival=True),
        Conditions(tempo=1.15, snr_db=25, music_db=-20, lead_seconds=1.5, seed=6),
    ),
    Case("en f3 x0.9 20dB", "en", ENGLISH[:4], Voice("en+f3", 70, 150), Conditions(tempo=0.9, snr_db=20, seed=7)),
    Case("fr m3 plain", "fr", FRENCH, Voice("fr+m3", 40, 165), Conditions(seed=8)),
    Case(
        "fr f2 x1.1 20dB music",
        "fr",
        FRENCH,
        Voice("fr+f2", 60, 150),
        Conditions(tempo=1.1, snr_db=20, music_db=-20, seed=9),
    ),
]
LONG = Case(
    "ar m2 60 s 20dB music",
    "ar",
    ARABIC + ARABIC[:2],
    Voice("ar+m2", 50, 150),
    Conditions(snr_db=20, music_db=-24, lead_seconds=1.0, seed=10),
)


@dataclass
class Measured:
    case: Case
    truth: Truth
    word_errors: list[float]
    cue_errors: list[float]
    seconds: float
    peak_mb: float
    refused: str = ""
    """The error line when the aligner refused the right text (counted, not hidden)."""


_MEASURED_RUN = (
    "import atexit, resource, sys\n"
    "peak = sys.argv[1]\n"
    "atexit.register(lambda: open(peak, 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
    "sys.argv = ['creator-kit'] + sys.argv[2:]\n"
    "from creator_kit.cli import main\n"
    "main()\n"
)
"""`creator-kit` in a process that writes its own peak RSS (kB) on leaving: the aligner's memory alone, not
that of the synthesizers that made the recordings (they are this benchmark's children too)."""


def _align(recording: Path, lines: list[str], language: str, folder: Path) -> tuple[dict | None, float, float, str]:
    """`creator-kit align` in its own process: (json or None, wall seconds, peak MB, stderr)."""
    text, out, peak = folder / "talk.txt", folder / "talk.json", folder / "peak"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_RUN, str(peak), "align", str(recording), str(text), "-o", str(out)]
        + ["-l", language],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    aligned = json.loads(out.read_text("utf-8")) if result.returncode == 0 else None
    return aligned, elapsed, int(peak.read_text()) / 1024, result.stderr.strip()


def measure(case: Case, folder: Path) -> Measured:
    recording = folder / f"{case.name.replace(' ', '-')}.wav"
    truth = make_recording(case.texts, case.voice, case.conditions, recording)
    aligned, seconds, peak, error = _align(recording, case.texts, case.language, folder)
    if aligned is None:
        return Measured(case, truth, [], [], seconds, peak, refused=error)
    words, cues = [], []
    for cue, start, starts in zip(aligned["cues"], truth.cue_starts, truth.word_starts):
        cues.append(abs(cue["start"] - start))
        words += [abs(word["start"] - truth_start) for word, truth_start in zip(cue["words"], starts)]
    return Measured(case, truth, words, cues, seconds, peak)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def accuracy_table(measured: list[Measured]) -> None:
    print(f"{'recording':34} {'voice':28} {'audio s':>7} {'words':>5} {'med ms':>6} {'p95 ms':>6} "
          f"{'cue max ms':>10} {'time x':>6} {'peak MB':>7}")  # fmt: skip
    for row in measured:
        if row.refused:
            print(f"{row.case.name:34} {row.case.voice.label():28} {row.truth.duration:7.1f} REFUSED: {row.refused}")
            continue
        print(
            f"{row.case.name:34} {row.case.voice.label():28} {row.truth.duration:7.1f} {len(row.word_errors):5d} "
            f"{_ms(float(np.median(row.word_errors))):>6} {_ms(float(np.percentile(row.word_errors, 95))):>6} "
            f"{_ms(max(row.cue_errors)):>10} {row.seconds / row.truth.duration:6.2f} {row.peak_mb:7.0f}"
        )


def summary(measured: list[Measured], long: Measured | None) -> None:
    refused = [row for row in measured if row.refused]
    measured = [row for row in measured if not row.refused]
    words = [error for row in measured for error in row.word_errors]
    cues = [error for row in measured for error in row.cue_errors]
    ratio = max(row.seconds / row.truth.duration for row in measured)
    print()
    print(f"word start error: median {_ms(float(np.median(words)))} ms (target <= 60), "
          f"95th percentile {_ms(float(np.percentile(words, 95)))} ms (target <= 180), {len(words)} words")  # fmt: skip
    print(f"cue starts within 150 ms: {sum(error <= 0.150 for error in cues)} of {len(cues)} "
          f"(worst {_ms(max(cues))} ms)")  # fmt: skip
    print(f"right texts refused: {len(refused)} of {len(refused) + len(measured)} recordings")
    print(f"alignment time: at most {ratio:.2f}x the audio's duration (target <= 0.5x)")
    if long is not None:
        print(f"60 s recording ({long.truth.duration:.0f} s): peak memory {long.peak_mb:.0f} MB (target <= 300), "
              f"time {long.seconds / long.truth.duration:.2f}x")  # fmt: skip


def mismatch_table(folder: Path) -> None:
    """Texts that were not said: each must fail (exit 2, one line naming a cue); the right text must pass."""
    print("\nmismatch (must fail, except the right text):")
    for case in (CASES[0], CASES[3], CASES[4], CASES[5]):
        recording = folder / f"{case.name.replace(' ', '-')}.wav"
        texts, other = case.texts, OTHER[case.language]
        variants = {
            "right text": texts,
            "another clip's text": other,
            "a line missing": texts[:1] + texts[2:],
            "a line replaced": texts[:1] + other[:1] + texts[2:],
            "a line added": texts[:2] + other[:1] + texts[2:],
        }
        for name, lines in variants.items():
            aligned, _, _, error = _align(recording, lines, case.language, folder)
            verdict = "passed" if aligned is not None else error.split(": ", 2)[-1][:60]
            print(f"  {case.name:30} {name:22} {verdict}")


def word_by_word_gain(folder: Path) -> None:
    """Word start error with the reference's word starts from the word-by-word reading, and with them
    placed by character shares instead (in-process, the same recordings)."""
    from creator_kit.errors import InputError
    from creator_kit.speech import reference
    from creator_kit.speech.run import align_lines
    from creator_kit.speech.synthesis import voice_for
    from creator_kit.speech.transcript import parse_transcript

    def errors() -> list[float]:
        found = []
        for case in CASES:
            recording = folder / f"{case.name.replace(' ', '-')}.wav"
            truth = make_recording(case.texts, case.voice, case.conditions, recording)
            lines = parse_transcript("\n".join(case.texts).encode("utf-8"), recording.with_suffix(".txt"))
            try:
                alignment = align_lines(recording, lines, voice_for(case.language), recording.with_suffix(".txt"))
            except InputError:
                continue
            for cue, starts in zip(alignment.cues, truth.word_starts):
                found += [abs(word.start - start) for word, start in zip(cue.words, starts)]
        return found

    by_reading = errors()
    original = reference._word_starts
    reference._word_starts = lambda spoken, apart, sentence, rate: reference._shares(  # type: ignore[assignment]
        spoken, reference.features(sentence, rate).frames
    )
    try:
        by_shares = errors()
    finally:
        reference._word_starts = original
    print("\nword starts in the reference (the recordings above aligned, but the 60 s one):")
    for name, found in (("read word by word, DTW into the sentence", by_reading), ("by character shares", by_shares)):
        print(f"  {name:42} median {_ms(float(np.median(found)))} ms, 95th percentile "
              f"{_ms(float(np.percentile(found, 95)))} ms")  # fmt: skip


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory(prefix="align-accuracy-") as name:
        folder = Path(name)
        measured = [measure(case, folder) for case in CASES]
        long = None if quick else measure(LONG, folder)
        accuracy_table(measured + ([long] if long else []))
        summary(measured + ([long] if long else []), long)
        mismatch_table(folder)
        if not quick:
            word_by_word_gain(folder)


if __name__ == "__main__":
    main()
