"""`creator-kit align`: captions timed to recordings made here, where the truth is known (benchmarks/
speech_recordings.py: voices other than the aligner's reference, tempo, noise, music, leading silence);
a text that was not said is one error naming its cue; bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import media
import numpy as np
import pytest
from conftest import ROOT, run_cli

from creator_kit.speech.dtw import warp

sys.path.insert(0, str(ROOT / "benchmarks"))

from speech_recordings import Conditions, Voice, make_recording, tools_missing, write_wav  # noqa: E402

ARABIC = ["لست وحدك في هذا الطريق.", "الحديث عن مشاعرك قوة وليس ضعفا.", "تحدث مع شخص تثق به اليوم."]
OTHER_ARABIC = ["النوم الجيد يساعد على صفاء الذهن.", "خذ استراحة قصيرة من الشاشة.", "اشرب الماء وتنفس بعمق."]
ENGLISH = ["You are not alone on this road.", "Talking about your feelings is strength, not weakness."]


def test_the_tools_the_recordings_need_are_installed():
    assert tools_missing() == [], "scripts/run-tests installs espeak-ng and festival"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    """Arabic read by another espeak-ng voice, pitch and speed, 10% faster, 20 dB SNR, 1.2 s of lead."""
    folder = tmp_path_factory.mktemp("arabic")
    text = folder / "talk.txt"
    text.write_text("\n".join(ARABIC) + "\n", encoding="utf-8")
    recording = folder / "talk.wav"
    truth = make_recording(
        ARABIC, Voice("ar+f2", pitch=65, speed=160), Conditions(tempo=1.1, snr_db=20, lead_seconds=1.2), recording
    )
    return recording, text, truth


def _aligned(result: subprocess.CompletedProcess, out: Path) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text("utf-8"))


def test_arabic_cues_and_words_start_where_they_are_said(arabic, tmp_path):
    recording, text, truth = arabic
    out = tmp_path / "talk.json"
    aligned = _aligned(run_cli("align", recording, text, "-o", out, "--language", "ar"), out)
    assert [cue["text"] for cue in aligned["cues"]] == ARABIC
    assert set(aligned) == {"cues"} and set(aligned["cues"][0]) == {"text", "start", "end", "words"}
    errors = []
    for cue, cue_start, cue_end, word_starts in zip(
        aligned["cues"], truth.cue_starts, truth.cue_ends, truth.word_starts
    ):
        assert abs(cue["start"] - cue_start) <= 0.15
        assert abs(cue["end"] - cue_end) <= 0.25
        assert [word["text"] for word in cue["words"]] == cue["text"].split()
        errors += [abs(word["start"] - start) for word, start in zip(cue["words"], word_starts)]
    assert np.median(errors) <= 0.06 and np.percentile(errors, 95) <= 0.18


def test_english_read_by_festival_over_music_with_a_long_break(tmp_path):
    """Festival's voice, 10% slower, a music bed at -20 dB, 15 dB SNR, and 4 s of music alone between lines."""
    text = tmp_path / "talk.txt"
    text.write_text("\n".join(ENGLISH), encoding="utf-8")
    recording = tmp_path / "talk.m4a"
    conditions = Conditions(tempo=0.9, snr_db=15, music_db=-20, pauses=(4.0,))
    truth = make_recording(ENGLISH, Voice(festival=True), conditions, recording)
    out = tmp_path / "talk.vtt"
    result = run_cli("align", recording, text, "-o", out)
    assert result.returncode == 0, result.stderr
    vtt = out.read_text("utf-8")
    assert vtt.startswith("WEBVTT\n")
    cues = [block.splitlines() for block in vtt.split("\n\n")[1:] if block.strip()]
    assert len(cues) == 2
    for (timing, words), start in zip(cues, truth.cue_starts):
        first = timing.split(" --> ")[0]
        seconds = int(first[:2]) * 3600 + int(first[3:5]) * 60 + float(first[6:])
        assert abs(seconds - start) <= 0.15
        assert words.count("<00:") == len(words.split()) - 1


def test_a_video_with_two_sound_tracks_uses_the_first_and_says_so(arabic, tmp_path):
    recording, text, truth = arabic
    video = tmp_path / "talk.mp4"
    media.generate(
        video, "color=size=64x64:rate=10:duration=12", recording, "sine=frequency=300:duration=12",
        options=("-map", "0:v", "-map", "1:a", "-map", "2:a", *media.X264, "-c:a", "aac", "-shortest"),
    )  # fmt: skip
    out = tmp_path / "talk.srt"
    result = run_cli("align", video, text, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "2 sound tracks; the first was aligned" in result.stderr
    blocks = out.read_text("utf-8").strip().split("\n\n")
    assert [block.splitlines()[2] for block in blocks] == ARABIC
    first = blocks[0].splitlines()[1].split(" --> ")[0]
    assert abs(float(first[6:].replace(",", ".")) - truth.cue_starts[0]) <= 0.15


@pytest.mark.parametrize(
    "lines, cue",
    [(OTHER_ARABIC, 1), (ARABIC[:1] + ARABIC[2:], 2), (ARABIC[:1] + OTHER_ARABIC[1:2] + ARABIC[2:], 2)],
    ids=["another clip's text", "a line missing", "a line replaced"],
)
def test_a_text_that_was_not_said_is_one_error_naming_its_cue(arabic, tmp_path, lines, cue):
    recording, _, _ = arabic
    text = tmp_path / "wrong.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "wrong.srt"
    result = run_cli("align", recording, text, "-o", out)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {text}:{cue}: cue {cue} could not")
    assert not out.exists() and list(tmp_path.iterdir()) == [text]


def _silent_wav(path: Path) -> Path:
    return write_wav(path, np.zeros(16000 * 2, np.float32))


@pytest.mark.parametrize(
    "medium, text, language, message",
    [
        ("silent.mp4", "لست وحدك", None, "has no sound track"),
        ("silent.wav", "لست وحدك", None, "its sound is silent"),
        ("speech.wav", "", None, "no text"),
        ("speech.wav", "كلمة\n" * 501, None, "501 lines; a transcript has at most 500"),
        ("speech.wav", b"PK\x03\x04\x00\x00SECRET", None, "a binary file"),
        ("speech.wav", "SECRET café".encode("latin-1"), None, "not UTF-8"),
        ("speech.wav", "hello", "xx-qq", "espeak-ng has no voice"),
        ("notes.wav", "hello", None, "not an audio or video file"),
    ],
    ids=["no sound track", "silence", "empty text", "501 lines", "binary", "not UTF-8", "language", "not media"],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(arabic, tmp_path, medium, text, language, message):
    recording, _, _ = arabic
    files = {
        "silent.mp4": lambda path: media.clip(path, "64x64", 1, rate=10),
        "silent.wav": _silent_wav,
        "speech.wav": lambda path: path.write_bytes(recording.read_bytes()),
        "notes.wav": lambda path: path.write_text("SECRET=1\n", encoding="utf-8"),
    }
    files[medium](tmp_path / medium)
    transcript = tmp_path / "talk.txt"
    transcript.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp_path / "out.srt"
    result = run_cli("align", tmp_path / medium, transcript, "-o", out, *(["--language", language] if language else []))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and message in result.stderr
    assert "SECRET" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_the_banded_warp_finds_the_cheapest_path():
    """Against the textbook O(N*M) recurrence, on random features small enough to compute it."""
    rng = np.random.default_rng(3)
    reference = rng.normal(size=(40, 4)).astype(np.float32)
    recording = np.repeat(reference, 2, axis=0)[:70] + rng.normal(scale=0.3, size=(70, 4)).astype(np.float32)
    cost = np.sqrt(((reference[:, None] - recording[None]) ** 2).sum(axis=2))
    total = np.full((41, 71), np.inf)
    total[0, 0] = 0
    for row in range(1, 41):
        for column in range(1, 71):
            total[row, column] = cost[row - 1, column - 1] + min(
                total[row - 1, column - 1], total[row - 1, column], total[row, column - 1]
            )
    path = warp(reference, recording)
    assert cost[path[:, 0], path[:, 1]].sum() == pytest.approx(total[40, 70], rel=1e-5)
    assert (np.diff(path, axis=0) >= 0).all() and tuple(path[0]) == (0, 0) and tuple(path[-1]) == (39, 69)
