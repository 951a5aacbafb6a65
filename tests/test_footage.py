"""The creator's own clip as the base of the video: moving pictures behind the Arabic, its sound kept,
scenes timed on the clip by start/end or by an SRT, cards around it; bad footage is one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import media
import numpy as np
import pytest
from conftest import extract_frame, probe, run_cli
from PIL import Image

pytestmark = pytest.mark.render

SCENES = [("لست وحدك.", 0.2, 1.2), ("الحديث عن مشاعرك قوة.", 1.3, 2.2), ("تحدّث مع شخص تثق به.", 2.3, 3.0)]
INTRO, OUTRO, FPS = 1.5, 2.0, 30


def _clip(path: Path, size: str, seconds: float = 3.0) -> Path:
    """A moving test picture with a tone: every frame differs from the one before."""
    return media.clip(path, size, seconds, tone=440)


def _script(folder: Path, body: str) -> Path:
    script = folder / "talk.yaml"
    script.write_text(
        "id: talk\ntitle: لست وحدك\nlanguage: ar\ntemplate: footage-band\nplatform: tiktok\n"
        "hashtags: ['#كلنا_معاك']\n" + body,
        encoding="utf-8",
    )
    return script


def _timed_scenes() -> str:
    return "scenes:\n" + "".join(f"  - {{text: {text}, start: {start}, end: {end}}}\n" for text, start, end in SCENES)


def _srt_time(seconds: float) -> str:
    return f"00:00:{int(seconds):02d},{round(seconds % 1 * 1000):03d}"


def _rgb(frame: Path) -> np.ndarray:
    return np.asarray(Image.open(frame).convert("RGB")).astype(np.int16)


def _audio_levels(video: Path, windows: list[tuple[float, float]]) -> list[float]:
    """RMS of the decoded sound track in each (start, end) window, in seconds."""
    samples = media.sound_track(video)
    return [media.rms(media.window(samples, start, end)) for start, end in windows]


@pytest.mark.parametrize("size", ["1080x1920", "1280x720"])
def test_footage_moves_behind_the_text_and_keeps_its_sound(tmp_path, size):
    _clip(tmp_path / "talk.mp4", size)
    script = _script(tmp_path, "footage: talk.mp4\n" + _timed_scenes())
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    video = Path(manifest["video"])
    facts = probe(video)
    assert (facts.width, facts.height) == (1080, 1920)
    assert manifest["duration"] == pytest.approx(INTRO + 3.0 + OUTRO, abs=1 / FPS)
    for scene, (text, start, end) in zip(manifest["scenes"], SCENES):
        assert scene["text"] == text
        assert scene["start"] == pytest.approx(INTRO + start, abs=1 / FPS)
        assert scene["end"] == pytest.approx(INTRO + end, abs=1 / FPS)

    first = _rgb(extract_frame(video, INTRO + 1.4, tmp_path / "a.png"))
    second = _rgb(extract_frame(video, INTRO + 2.0, tmp_path / "b.png"))
    outside_text = (slice(0, 800), slice(0, 1080))
    moved = np.abs(first[outside_text] - second[outside_text]).max(axis=2) > 40
    assert moved.mean() > 0.0005, "the clip moves behind the text"
    card = _rgb(extract_frame(video, 0.7, tmp_path / "card.png"))
    assert np.abs(card[outside_text] - first[outside_text]).mean() > 10, "the intro card is not the clip"

    (
        intro,
        during,
    ) = _audio_levels(video, [(0.2, INTRO - 0.2), (INTRO + 0.5, INTRO + 2.5)])
    assert during > 10 * max(intro, 1.0), "the clip's own sound plays, from where the clip starts"


def test_captions_from_an_srt_time_the_scenes_within_one_frame(tmp_path):
    _clip(tmp_path / "talk.mp4", "720x1280")
    (tmp_path / "talk.srt").write_text(
        "".join(
            f"{number}\n{_srt_time(start)} --> {_srt_time(end)}\n{text}\n\n"
            for number, (text, start, end) in enumerate(SCENES, start=1)
        ),
        encoding="utf-8",
    )
    script = _script(tmp_path, "footage: {file: talk.mp4, volume: 0.5}\ncaptions: talk.srt\n")
    result = run_cli("render", script, "-o", tmp_path / "out", "--json", "--quality", "draft")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    assert [scene["text"] for scene in manifest["scenes"]] == [text for text, _, _ in SCENES]
    for scene, (_, start, end) in zip(manifest["scenes"], SCENES):
        assert abs(scene["start"] - (INTRO + start)) <= 1 / FPS and abs(scene["end"] - (INTRO + end)) <= 1 / FPS
    sidecar = (tmp_path / "out" / "talk.srt").read_text("utf-8")
    assert "00:00:01,700 --> 00:00:02,700\nلست وحدك." in sidecar


@pytest.mark.parametrize(
    ("body", "files", "expected"),
    [
        ("footage: talk.mp4\n" + _timed_scenes(), {"talk.mp4": b"not a video"}, ":7: footage: not a video file"),
        ("footage: ../talk.mp4\n" + _timed_scenes(), {}, ":7: footage: must be a path inside the script's folder"),
        (
            "footage: talk.mp4\nscenes:\n  - {text: hi, start: 1, end: 9}\n",
            None,
            ":9: scenes[0].end: 9 s is past the clip's end (3.00 s)",
        ),
        (
            "footage: talk.mp4\nscenes:\n  - {text: hi}\n",
            None,
            ":9: scenes[0]: over footage, a scene needs start and end",
        ),
        ("scenes:\n  - {text: hi, start: 0, end: 1}\n", None, ":8: scenes[0].start: times on a clip need the script's"),
        (
            "captions: talk.srt\n",
            {"talk.srt": "1\n00:00:00,000 --> 00:00:01,000\nhi\n"},
            ":7: captions: captions time scenes on a clip: give the script footage",
        ),
        (
            "footage: talk.mp4\ncaptions: talk.srt\n",
            {"talk.srt": "SECRET=1\nnot srt\n"},
            ":8: captions: not a readable SRT file",
        ),
    ],
)
def test_unusable_footage_or_timing_is_one_line_and_exit_2(tmp_path, body, files, expected):
    _clip(tmp_path / "talk.mp4", "320x240")
    for name, content in (files or {}).items():
        path = tmp_path / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    script = _script(tmp_path, body)
    result = run_cli("check", script)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert lines and lines[0].startswith(f"error: {script}{expected}"), result.stderr
    assert "SECRET" not in result.stderr and "Traceback" not in result.stderr
