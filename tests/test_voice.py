"""Voice-overs: a scene lasts as long as its voice (plus a breath), and music is lowered under the voice."""

from __future__ import annotations

import json
from pathlib import Path

import media
import numpy as np
import pytest
from conftest import run_cli

from creator_kit.planning.timeline import VOICE_PAD_SECONDS

pytestmark = pytest.mark.render

RATE = 8000
MUSIC_HZ, VOICE_HZ = 200, 800


def _tone(path: Path, frequency: int, seconds: float, volume: float = 0.5) -> Path:
    return media.tone(path, frequency, seconds, volume)


def _level(samples: np.ndarray, start: float, end: float, frequency: int) -> float:
    """Amplitude of one tone in a window (a windowed FFT peak)."""
    window = samples[int(start * RATE) : int(end * RATE)]
    spectrum = np.abs(np.fft.rfft(window * np.hanning(window.size))) / window.size
    frequencies = np.fft.rfftfreq(window.size, 1 / RATE)
    return float(spectrum[np.abs(frequencies - frequency) < 6].max())


def test_scenes_last_as_long_as_their_voice_and_music_ducks_under_it(tmp_path):
    _tone(tmp_path / "one.wav", VOICE_HZ, 1.3)
    _tone(tmp_path / "two.wav", VOICE_HZ, 2.1)
    _tone(tmp_path / "music.wav", MUSIC_HZ, 20, volume=0.4)
    script = tmp_path / "voice.yaml"
    script.write_text(
        "id: voice\ntitle: لست وحدك\nlanguage: ar\ntemplate: minimal\nhashtags: ['#كلنا_معاك']\n"
        "music: {file: music.wav}\nscenes:\n  - {text: لست وحدك., voice: one.wav}\n"
        "  - {text: تحدّث مع من تثق به., voice: {file: two.wav, volume: 1.2}}\n"
        "  - {text: طلب المساعدة قوة., duration: 2}\n",
        encoding="utf-8",
    )
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    lengths = [scene["end"] - scene["start"] for scene in manifest["scenes"]]
    for length, voice in zip(lengths, (1.3, 2.1)):
        assert abs(length - (voice + VOICE_PAD_SECONDS)) <= 1 / 30 + 1e-6
    assert lengths[2] == pytest.approx(2.0, abs=1 / 30)

    samples = media.sound_track(Path(manifest["video"]), RATE)
    first = manifest["scenes"][0]
    speaking = (first["start"] + 0.3, first["start"] + 1.1)
    music_alone = (first["start"] - 1.0, first["start"] - 0.2)
    quiet = (manifest["scenes"][2]["start"] + 0.8, manifest["scenes"][2]["start"] + 1.6)
    assert _level(samples, *speaking, VOICE_HZ) > 2 * _level(samples, *speaking, MUSIC_HZ), "the voice is on top"
    assert _level(samples, *speaking, MUSIC_HZ) < 0.5 * _level(samples, *music_alone, MUSIC_HZ), "music is ducked"
    assert _level(samples, *quiet, MUSIC_HZ) > 0.7 * _level(samples, *music_alone, MUSIC_HZ), "and comes back"


def test_a_voice_that_is_not_audio_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "one.wav").write_text("SECRET=1\n", encoding="utf-8")
    script = tmp_path / "voice.yaml"
    script.write_text(
        "id: voice\ntitle: t\nlanguage: en\nscenes:\n  - {text: hello, voice: one.wav}\n", encoding="utf-8"
    )
    result = run_cli("check", script)
    assert result.returncode == 2
    assert f"error: {script}:5: scenes[0].voice: not an audio file" in result.stderr
    assert "SECRET" not in result.stderr
