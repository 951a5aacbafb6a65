"""Alignment in scripts: a footage's plain-text captions timed to its own speech (rendered, read back by
OCR, each word lit at its aligned time and not before), a voiced scene's words timed to its voice, an
explicit `word_times` still winning, and a transcript that does not match the clip as one error line."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, ROOT, extract_frame, run_cli
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image
from test_ocr import SCENE_MINIMUM, _scene_boxes

from creator_kit.planning.plan import PlanOptions, prepare

sys.path.insert(0, str(ROOT / "benchmarks"))

from speech_recordings import Conditions, Voice, make_recording  # noqa: E402

ALIGNED = EXAMPLES / "footage-aligned.yaml"
MEDIA = EXAMPLES / "media"


def _lit(frame: Path, box: tuple[int, int, int, int], colour: tuple[int, ...]) -> np.ndarray:
    pixels = np.asarray(Image.open(frame).convert("RGB").crop(box)).astype(np.int16)
    return np.abs(pixels - np.array(colour[:3])).max(axis=2) <= 40


@pytest.mark.render
@pytest.mark.ocr
def test_footage_captions_from_plain_text_are_timed_read_and_lit_as_she_speaks(tmp_path):
    assert shutil.which("tesseract"), "tesseract is missing: run scripts/run-tests, which installs it"
    aligned = tmp_path / "aligned.json"
    result = run_cli("align", MEDIA / "aligned-talk.mp4", MEDIA / "aligned-talk.txt", "-o", aligned)
    assert result.returncode == 0, result.stderr
    cues = json.loads(aligned.read_text("utf-8"))["cues"]
    result = run_cli("render", ALIGNED, "-o", tmp_path / "out", "--json", "--preset", "ultrafast")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    assert manifest["aligned_to"] == {"file": str(MEDIA / "aligned-talk.mp4"), "audio_tracks": 1, "track": 1}
    prepared = prepare(ALIGNED, PlanOptions())
    clip_start = prepared.timeline.footage[0] / prepared.timeline.fps
    frame_seconds = 1 / prepared.timeline.fps
    srt = Path(manifest["files"]["srt"]).read_text("utf-8")
    for scene, cue in zip(manifest["scenes"], cues, strict=True):
        assert scene["text"] == cue["text"] and scene["text"] in srt
        assert abs(scene["start"] - (clip_start + cue["start"])) <= frame_seconds
        for word, timed in zip(scene["words"], cue["words"], strict=True):
            assert abs(word["start"] - (clip_start + timed["start"])) <= 1.5 * frame_seconds

    video, highlight = Path(manifest["video"]), prepared.template.transition.highlight
    boxes = _scene_boxes(ALIGNED, "raqm")
    for number, scene in enumerate(manifest["scenes"]):
        word = scene["words"][2]  # past the scene's fade-in, when the lit colour is whole
        before = extract_frame(video, word["start"] - 2 * frame_seconds, tmp_path / f"{number}-before.png")
        after = extract_frame(video, word["start"] + 2 * frame_seconds, tmp_path / f"{number}-after.png")
        lit_before, lit_after = _lit(before, boxes[number], highlight), _lit(after, boxes[number], highlight)
        assert lit_before.sum() > 100 and lit_after.sum() > 100, "a word is lit on both sides of the boundary"
        assert (lit_before & lit_after).sum() < 0.2 * lit_after.sum(), "the third word lights at its time, not before"
        found, read = best_reading(
            prepare_for_ocr(Image.open(after), boxes[number], (highlight,)), scene["text"], tmp_path, "ocr"
        )
        assert found.ratio >= SCENE_MINIMUM, f"{scene['text']!r} read as {read!r}"


def test_a_voiced_scene_has_its_words_timed_to_its_voice_and_given_times_win(tmp_path):
    texts = ["لست وحدك في هذا الطريق.", "تحدث مع شخص تثق به اليوم."]
    truths = [
        make_recording([text], Voice("ar+m3", pitch=40, speed=150), Conditions(lead_seconds=0.3, seed=n), path)
        for n, (text, path) in enumerate(zip(texts, (tmp_path / "one.wav", tmp_path / "two.wav")))
    ]
    script = tmp_path / "voice.yaml"
    script.write_text(
        "id: voice\ntitle: لست وحدك\nlanguage: ar\ntemplate: kulna-maak-words\nscenes:\n"
        f"  - {{text: {texts[0]}, voice: one.wav}}\n"
        f"  - {{text: {texts[1]}, voice: two.wav, word_times: [0, 0.5, 1, 1.5, 2, 2.5]}}\n",
        encoding="utf-8",
    )
    prepared = prepare(script, PlanOptions())
    aligned, given = prepared.script.scenes
    errors = [abs(time - truth) for time, truth in zip(aligned.word_times, truths[0].word_starts[0])]
    assert len(errors) == 5 and max(errors) <= 0.1, errors
    assert given.word_times == (0, 0.5, 1, 1.5, 2, 2.5)
    plain = tmp_path / "plain.yaml"
    plain.write_text(script.read_text("utf-8").replace("kulna-maak-words", "kulna-maak"), encoding="utf-8")
    assert prepare(plain, PlanOptions()).script.scenes[0].word_times is None, "no words transition, no alignment"


def test_a_transcript_that_is_not_the_clip_is_one_line_and_exit_2(tmp_path):
    for name in ("aligned-talk.mp4", "aligned-talk.txt"):
        shutil.copy(MEDIA / name, tmp_path / name)
    (tmp_path / "aligned-talk.txt").write_text(
        "النوم الجيد يساعد على صفاء الذهن.\nخذ استراحة قصيرة من الشاشة.\nاشرب الماء وتنفس بعمق.\n", encoding="utf-8"
    )
    script = tmp_path / "talk.yaml"
    script.write_text(ALIGNED.read_text("utf-8").replace("media/aligned-talk", "aligned-talk"), encoding="utf-8")
    result = run_cli("preview", script, "-o", tmp_path / "sheet.png")
    assert result.returncode == 2 and not (tmp_path / "sheet.png").exists()
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'aligned-talk.txt'}:1: cue 1 could not be placed")
